"""Where models come from: built from an experiment spec, or loaded from a file by its type.

The Keras engine is imported only when a Keras model is built or a .keras file is loaded, so
the NumPy path never imports Keras or any of its backends. A Keras model is built on the
backend its spec names; a .keras file opens on whichever backend this process runs (the file
does not depend on one).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np

from engine.experiment.spec import Experiment
from engine.messages import Text
from engine.models.api import Model
from engine.models.numpy.persist import ModelFileError


def build_model(spec: Experiment, input_shape: tuple[int, ...], n_classes: int) -> Model:
    """A fresh model for `spec` taking inputs of `input_shape` (one example, no batch axis)."""
    if spec.engine == "keras":
        from engine.keras_import import import_keras

        import_keras(spec.backend)  # before the engine's own first `import keras`
        from engine.models.keras import build_keras_model  # lazy: imports the backend

        return build_keras_model(spec, input_shape, n_classes)
    from engine.models.numpy import build_model as build_numpy_model

    return build_numpy_model(spec, int(np.prod(input_shape)), n_classes)


def load_model(path: str | Path) -> Model:
    """The model saved in `path`: a Keras model for a .keras file, else a NumPy model (.npz).

    Errors are ValueErrors naming the file.
    """
    if Path(path).suffix.lower() == ".keras":
        if not Path(path).is_file():
            raise ModelFileError(Text("{path}: no such file", path=path))
        from engine.models.keras import load_keras_model  # lazy: imports the backend

        return load_keras_model(str(path))
    from engine.models.numpy.model_io import load_model as load_numpy_model

    return load_numpy_model(path)


def saved_experiment(path: str | Path) -> Experiment:
    """The experiment a model file was trained on, read without building the model: a NumPy
    file's metadata, or the JSON that Keras models are saved with (`<file>.keras.json`), so
    opening a .keras file needs no Keras until the model itself is loaded.

    Errors are ValueErrors naming the file.
    """
    if Path(path).suffix.lower() != ".keras":
        from engine.models.numpy.model_io import load_model as load_numpy_model

        return load_numpy_model(path).spec.copy()
    if not Path(path).is_file():
        raise ModelFileError(Text("{path}: no such file", path=path))
    try:
        with zipfile.ZipFile(path) as archive:
            if "config.json" not in archive.namelist():
                raise ModelFileError(
                    Text("{path} is not a Keras model file (no config.json in it)", path=path)
                )
    except (zipfile.BadZipFile, OSError) as exc:
        raise ModelFileError(
            Text("{path} is not a Keras model file: {problem}", path=path, problem=exc)
        ) from None
    sidecar = Path(f"{path}.json")
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        return Experiment.from_dict(meta["experiment"])
    except FileNotFoundError:
        raise ModelFileError(
            Text(
                "{path} has no experiment description: {sidecar} is missing (Neural "
                "Playground saves one next to every .keras model)",
                path=path,
                sidecar=sidecar.name,
            )
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelFileError(
            Text(
                "{path} is not a readable experiment description: {problem}",
                path=sidecar,
                problem=_problem(exc),
            )
        ) from None


def _problem(exc: BaseException) -> object:
    """The message `exc` carries (a Text stays one, to be translated nested)."""
    message = exc.args[0] if len(exc.args) == 1 else None
    return message if isinstance(message, Text) else str(exc)
