"""The Keras engine's backends: choosing one before Keras's first import, refusing a second one
with advice, device names, and a CLI run plus an inside-view gradient on every installed
backend (each in a fresh process, since a process can load only one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.experiment.spec import Experiment, SpecError
from engine.keras_import import (
    BACKEND_INSTALL,
    BACKENDS,
    BackendError,
    default_backend,
    import_keras,
    installed_backends,
)
from engine.models.keras.devices import Placement, describe_gpus, parallel_for, resolve_device
from tests.keras_backend import BACKEND, HAS_KERAS

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str, backend: str | None = None, timeout: int = 240) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("KERAS_BACKEND", None)
    if backend:
        env["KERAS_BACKEND"] = backend
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_the_default_backend_is_keras_backend_or_else_tensorflow(monkeypatch):
    monkeypatch.setenv("KERAS_BACKEND", "JAX")
    assert default_backend() == "jax"
    assert Experiment().backend == "jax"
    monkeypatch.setenv("KERAS_BACKEND", "theano")  # not one of ours: the default stands
    assert default_backend() == "tensorflow"
    monkeypatch.delenv("KERAS_BACKEND")
    assert default_backend() == "tensorflow"


def test_the_experiment_records_its_backend_and_refuses_an_unknown_one():
    exp = Experiment(engine="keras", backend="torch")
    assert Experiment.from_dict(exp.to_dict()).backend == "torch"
    with pytest.raises(SpecError, match="backend"):
        Experiment(backend="theano").validate()


def test_finding_the_installed_backends_imports_none_of_them():
    out = _run(
        "import sys\n"
        "from engine.keras_import import installed_backends\n"
        "found = installed_backends()\n"
        "print(found, sorted({'keras', 'tensorflow', 'jax', 'torch'} & set(sys.modules)))"
    )
    assert out.returncode == 0, out.stderr[-2000:]
    found, loaded = out.stdout.strip().rsplit("] [", 1)
    assert loaded == "]"  # nothing imported
    assert all(name in BACKENDS for name in installed_backends())


@pytest.mark.skipif(not HAS_KERAS, reason=f"the {BACKEND} backend is not installed")
def test_a_second_backend_in_one_process_is_refused_with_what_to_do():
    keras = import_keras(BACKEND)
    assert keras.backend.backend() == BACKEND
    other = next(b for b in BACKENDS if b != BACKEND)
    with pytest.raises(BackendError, match="Restart the program"):
        import_keras(other)
    with pytest.raises(BackendError, match="unknown Keras backend"):
        import_keras("theano")


def test_a_missing_backend_names_the_extra_that_installs_it():
    """In a fresh process with torch hidden: the CLI exits 2 with the pip extra to install."""
    code = (
        "import importlib.util as u\n"
        "real = u.find_spec\n"
        "u.find_spec = lambda name, *a: None if name == 'torch' else real(name, *a)\n"
        "from engine.cli.main import main\n"
        "raise SystemExit(main(['train', '--engine', 'keras', '--backend', 'torch',"
        " '--dataset', 'xor', '--epochs', '1']))"
    )
    out = _run(code)
    assert out.returncode == 2, out.stderr[-2000:]
    assert BACKEND_INSTALL["torch"] in out.stderr
    assert "Traceback" not in out.stderr


class _FakeBackend:
    name = "torch"
    parallel_note = "no multi-device training here"
    bakes_in_outside_variables = False

    def __init__(self, gpus: list[str]) -> None:
        self._gpus = gpus

    def gpu_names(self) -> list[str]:
        return self._gpus

    def device_name(self, kind: str, index: int = 0) -> str:
        return kind

    def data_parallel(self, device_names=None):
        return None

    def sync(self, model) -> None:
        pass

    def kernel_gradients(self, model, loss_fn, x, y, kernels):
        return []


def test_devices_are_named_the_same_way_on_every_backend():
    one = resolve_device("auto", _FakeBackend(["NVIDIA H200"]))
    assert (one.device_name, one.label, one.note, one.gpus) == ("gpu", "gpu (NVIDIA H200)", "", 1)
    assert describe_gpus(["NVIDIA H200"] * 2) == "gpu (2× NVIDIA H200)"
    assert resolve_device("cpu", _FakeBackend(["NVIDIA H200"])).label == "cpu"
    none = resolve_device("gpu", _FakeBackend([]))
    assert (
        none.label == "cpu"
        and none.note == "No GPU was found (PyTorch), so the model runs on the CPU."
    )
    assert resolve_device("auto", _FakeBackend([])).note == ""  # auto asked for no GPU


def test_several_gpus_without_data_parallelism_say_so():
    two = Placement("gpu", "gpu (2× A)", "", 2)
    assert parallel_for(two, _FakeBackend(["A", "A"])) == (None, "no multi-device training here")
    assert parallel_for(Placement("gpu", "gpu (A)", "", 1), _FakeBackend(["A"])) == (None, "")


_ON_ONE_BACKEND = """
import json
import numpy as np
from engine.cli.main import main
from engine.data.datasets import load_dataset
from engine.experiment.spec import DataSpec, Experiment, LayerSpec
from engine.models.registry import build_model

exp = Experiment(engine="keras", backend=BACKEND, loss="mse", seed=3)
exp.data = DataSpec(name="xor", points=64)
exp.layers = [LayerSpec(units=4, activation="tanh")]
model = build_model(exp, (2,), 2)
x = np.random.default_rng(0).uniform(-1, 1, (32, 2)).astype(np.float32)
y = (x[:, 0] * x[:, 1] > 0).astype(np.int64)
grad = model.inside_reader().gradients(x, y)[0]  # the first kernel, by the backend's autodiff
state = model.get_state()
eps, numeric = 1e-2, np.zeros_like(state[0])
for i in range(state[0].shape[0]):
    for j in range(state[0].shape[1]):
        losses = []
        for sign in (1, -1):
            w = [a.copy() for a in state]
            w[0][i, j] += sign * eps
            model.set_state(w)
            losses.append(model.evaluate(x, y)[0])
        numeric[i, j] = (losses[0] - losses[1]) / (2 * eps)
model.set_state(state)
print("GRAD" + json.dumps(float(np.max(np.abs(grad - numeric)) / np.max(np.abs(numeric)))))
raise SystemExit(main(["train", "--engine", "keras", "--backend", BACKEND, "--dataset", "xor",
                       "--hidden", "8", "--epochs", "3", "--json"]))
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_installed_backend_trains_through_the_cli_with_true_gradients(backend):
    """On each installed backend, in its own process: the inside views' gradient (GradientTape,
    jax.grad or torch autograd) matches a central difference, and the CLI trains and names the
    backend and device in its JSON."""
    if backend not in installed_backends():
        pytest.skip(f"the {backend} backend is not installed")
    out = _run(f"BACKEND = {backend!r}\n" + _ON_ONE_BACKEND, backend)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = out.stdout.strip().splitlines()
    error = json.loads(next(ln for ln in lines if ln.startswith("GRAD"))[4:])
    assert error < 0.02
    summary = json.loads(lines[-1])
    assert summary["backend"] == backend and summary["epochs"] == 3
    assert summary["device"] == "cpu" or summary["device"].startswith("gpu (")
