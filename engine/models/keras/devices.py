"""Which device a Keras model runs on, named in plain words, on whichever backend Keras runs.

`--device auto|cpu|gpu` means the same on every backend: a GPU is CUDA on any backend, or
Apple's MPS on PyTorch. A GPU request on a machine without one falls back to the CPU with one
sentence saying so.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.keras_import import BACKEND_TITLES
from engine.messages import Text
from engine.models.keras.backends import BackendAdapter, Parallel


@dataclass(frozen=True)
class Placement:
    device_name: str  # for keras.device: "/GPU:0", "gpu:0", "cuda:0", "cpu:0"…
    label: str  # for the status bar and the CLI's JSON: "gpu (NVIDIA H200)", "cpu"
    note: str  # a sentence for the user when the request could not be met, else ""
    gpus: int  # how many GPUs the model may use (several: data parallel)


def describe_gpus(names: list[str]) -> str:
    """ "gpu (NVIDIA H200)", or "gpu (2× NVIDIA H200)" for several of one kind."""
    if len(set(names)) == 1 and len(names) > 1:
        return f"gpu ({len(names)}× {names[0]})"
    return f"gpu ({', '.join(names)})"


def resolve_device(requested: str, backend: BackendAdapter) -> Placement:
    """Where a model asked to run on `requested` ("auto", "cpu" or "gpu") runs."""
    cpu = Placement(backend.device_name("cpu"), "cpu", "", 0)
    if requested == "cpu":
        return cpu
    names = backend.gpu_names()
    if names:
        return Placement(backend.device_name("gpu"), describe_gpus(names), "", len(names))
    if requested == "gpu":
        title = BACKEND_TITLES.get(backend.name, backend.name)
        note = Text("No GPU was found ({backend}), so the model runs on the CPU.", backend=title)
        return Placement(cpu.device_name, "cpu", note, 0)
    return cpu


def parallel_for(placement: Placement, backend: BackendAdapter) -> tuple[Parallel | None, str]:
    """Data parallelism over every GPU when there are several (with a note where the backend
    cannot do it), else (None, ""): one device needs none."""
    if placement.gpus < 2:
        return None, ""
    parallel = backend.data_parallel()
    return parallel, "" if parallel is not None else backend.parallel_note
