"""Loading NumPy-engine models (MLP and perceptron) from .npz files, whatever their kind.

Each model writes itself (`MLPNetwork.save`, `Perceptron.save`, on the container in persist.py)
and rebuilds itself from its spec (`_from_file`); this module reads the container and hands it
to the kind named in its metadata, so predictions are identical and training can continue
exactly where it stopped.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from engine.experiment.spec import Experiment, SpecError
from engine.messages import Text
from engine.models.numpy.architecture import make_layers
from engine.models.numpy.network import MLPNetwork
from engine.models.numpy.perceptron import Perceptron
from engine.models.numpy.persist import ModelFileError, read_npz, whole_number

KINDS = {"mlp": MLPNetwork, "perceptron": Perceptron}


def load_model(path: str | Path) -> MLPNetwork | Perceptron:
    """Rebuild a model saved by MLPNetwork.save or Perceptron.save.

    Raises ModelFileError (a ValueError naming the file) for anything that is not a complete
    model file of this engine: random bytes, a truncated archive, another program's .npz...
    """
    arrays, meta = read_npz(path)
    kind = meta.get("kind")
    cls = KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ModelFileError(
            Text("{path} holds a model of unknown kind {kind}", path=path, kind=repr(kind))
        )
    _check_description(path, arrays, meta)
    try:
        return cls._from_file(path, arrays, meta)
    except ModelFileError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelFileError(
            Text(
                "{path} holds an unusable model description: {problem}",
                path=path,
                problem=_problem(exc),
            )
        ) from None


MAX_INPUTS = 1_000_000  # a 1000x1000 image, flattened
MAX_CLASSES = 10_000
MAX_PARAMETERS = 50_000_000  # 200 MB of float32, times about four with gradients and Adam


def _check_description(path: Any, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    """The metadata's types and ranges, and the architecture's size against the arrays in the
    file, before anything is allocated: a crafted file claiming 10 million inputs and
    4096-unit layers must fail here, not with a MemoryError."""
    n_inputs = whole_number(meta, "n_inputs", 1, MAX_INPUTS, path)
    try:
        spec = Experiment.from_dict(meta.get("spec")).validate()
    except SpecError as exc:
        raise ModelFileError(
            Text("{path} holds an invalid experiment: {problem}", path=path, problem=_problem(exc))
        ) from None
    fewest = 1 if spec.data.task == "regression" else 2  # a regression has one output value
    n_classes = whole_number(meta, "n_classes", fewest, MAX_CLASSES, path)
    if meta["kind"] != "mlp":
        return
    try:
        layers, _ = make_layers(spec, n_inputs, n_classes, np.float32, np.random.default_rng(0))
    except SpecError as exc:
        raise ModelFileError(
            Text("{path} holds an unusable network: {problem}", path=path, problem=_problem(exc))
        ) from None
    count = sum(math.prod(shape) for layer in layers for shape in layer.shapes)
    if count > MAX_PARAMETERS:
        raise ModelFileError(
            Text(
                "{path} describes a network of {count:,} parameters; at most {limit:,} are loaded",
                path=path,
                count=count,
                limit=MAX_PARAMETERS,
            )
        )
    params = arrays.get("params")
    if params is None or params.shape != (count,):
        if params is None:
            template = "{path}: its network needs {count:,} parameters, but the file holds none"
            raise ModelFileError(Text(template, path=path, count=count))
        template = (
            "{path}: its network needs {count:,} parameters, but the file holds shape {shape}"
        )
        raise ModelFileError(Text(template, path=path, count=count, shape=params.shape))


def _problem(exc: BaseException) -> object:
    """The message `exc` carries (a Text stays one, to be translated nested)."""
    message = exc.args[0] if len(exc.args) == 1 else None
    return message if isinstance(message, Text) else str(exc)
