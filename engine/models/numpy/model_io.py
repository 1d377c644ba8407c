"""Loading NumPy-engine models (MLP and perceptron) from .npz files, whatever their kind.

Each model writes itself (`MLPNetwork.save`, `Perceptron.save`, on the container in persist.py)
and rebuilds itself from its spec (`_from_file`); this module reads the container and hands it
to the kind named in its metadata, so predictions are identical and training can continue
exactly where it stopped.
"""

from __future__ import annotations

from pathlib import Path

from engine.models.numpy.network import MLPNetwork
from engine.models.numpy.perceptron import Perceptron
from engine.models.numpy.persist import ModelFileError, read_npz

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
        raise ModelFileError(f"{path} holds a model of unknown kind {kind!r}")
    try:
        return cls._from_file(path, arrays, meta)
    except ModelFileError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelFileError(f"{path} holds an unusable model description: {exc}") from None
