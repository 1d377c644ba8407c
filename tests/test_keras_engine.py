"""The Keras engine behind the same trainer as the NumPy one (TensorFlow on the CPU)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.keras_backend import require_keras  # noqa: E402

keras = require_keras()
pytestmark = pytest.mark.keras

from engine.data.datasets import Dataset, load_dataset  # noqa: E402
from engine.experiment.spec import DataSpec, Experiment, LayerSpec  # noqa: E402
from engine.training.trainer import Trainer  # noqa: E402


def _train_epochs(trainer: Trainer, n: int = 1):
    """Train n more epochs one `trainer.step()` at a time; the last epoch's report."""
    start = trainer.epochs_done
    while trainer.epochs_done < start + n and not trainer.finished:
        trainer.step()
    return trainer.history[-1]


def _xor(**kw) -> tuple[Experiment, Dataset]:
    exp = Experiment(engine="keras", **kw)
    exp.data = DataSpec(name="xor", points=200)
    exp.layers = [LayerSpec(units=8, activation="tanh")]
    exp.optimizer.lr = 0.03
    return exp, load_dataset(exp.data)


def _tiny_images(n=64) -> Dataset:
    """Two classes of 28x28 images: a bright left half or a bright right half."""
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, n)
    x = rng.random((n, 28, 28, 1), dtype=np.float32) * 0.2
    for i, label in enumerate(y):
        x[i, :, (14 if label else 0) : (28 if label else 14)] += 0.8
    empty = np.zeros((0, 28, 28, 1), np.float32)
    return Dataset("mnist", x, y, empty, y[:0], x[:16], y[:16], 2, ["0", "1"], "image")


def test_keras_mlp_learns_and_a_gpu_request_falls_back_to_cpu():
    exp, data = _xor(device="gpu")
    trainer = Trainer(exp, data)
    first = _train_epochs(trainer)
    for _ in range(4):
        last = _train_epochs(trainer)
    assert last.loss < first.loss
    assert trainer.model.device == "cpu"
    assert "No GPU" in trainer.model.note or trainer.model.device.startswith("gpu")


def test_lr_change_reaches_the_optimizer_without_rebuilding():
    exp, data = _xor()
    trainer = Trainer(exp, data)
    trainer.step()
    keras_model = trainer.model.model
    trainer.set_hyper(lr=0.001, l2=0.01)
    trainer.step()
    assert trainer.model.model is keras_model
    assert float(keras.ops.convert_to_numpy(keras_model.optimizer.learning_rate)) == pytest.approx(
        0.001
    )
    assert float(keras.ops.convert_to_numpy(trainer.model.reg.l2)) == pytest.approx(0.01)


def test_keras_save_load_round_trip_gives_identical_predictions(tmp_path):
    from engine.models.keras import load_keras_model

    exp, data = _xor()
    trainer = Trainer(exp, data)
    _train_epochs(trainer)
    path = tmp_path / "m.keras"
    trainer.model.save(str(path), {})
    loaded = load_keras_model(str(path))
    x = trainer.x_test[:50]
    np.testing.assert_allclose(loaded.predict_proba(x), trainer.model.predict_proba(x), atol=1e-6)
    bad = tmp_path / "bad.keras"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="bad.keras"):
        load_keras_model(str(bad))


def test_small_cnn_on_images_trains():
    exp = Experiment(engine="keras", model="cnn")
    exp.data = DataSpec(name="mnist")
    exp.layers = [
        LayerSpec(type="conv2d", filters=4, kernel_size=3, activation="relu"),
        LayerSpec(type="maxpool", pool_size=2, stride=2),
        LayerSpec(type="dense", units=8, activation="relu"),
    ]
    exp.optimizer.lr = 0.01
    exp.training.batch_size = 16
    trainer = Trainer(exp, _tiny_images())
    for _ in range(6):
        _train_epochs(trainer)
    assert trainer.test_metrics()[1] >= 0.9
    assert trainer.model.model.count_params() == 4 * 9 + 4 + (13 * 13 * 4) * 8 + 8 + 8 * 2 + 2


@pytest.mark.parametrize("activation", ["leaky_relu", "tanh", "sigmoid", "relu", "linear"])
def test_keras_engine_matches_the_numpy_engine_for_the_same_spec(activation):
    """The same spec on both engines, with the same weights, gives the same probabilities."""
    from engine.models.keras.model import KerasModel
    from engine.models.numpy import build_model

    exp, data = _xor()
    exp.layers = [LayerSpec(units=5, activation=activation), LayerSpec(units=3, activation="tanh")]
    numpy_net = build_model(exp, 2, 2)
    keras_net = KerasModel(exp, (2,), 2)
    weights = [a for wb in numpy_net.dense_weights() for a in wb]
    keras_net.model.set_weights([np.asarray(a, np.float32) for a in weights])
    x = (np.random.default_rng(1).standard_normal((64, 2)) * 3).astype(np.float32)
    np.testing.assert_allclose(keras_net.predict_proba(x), numpy_net.predict_proba(x), atol=1e-5)


_PARALLEL_RUN = """
import json
from engine.models.keras import devices
from engine.models.keras.backends import adapter
from engine.keras_import import import_keras
keras = import_keras()
backend = adapter(keras.backend.backend())
# No machine here has two GPUs: pretend two were found, and let the backend's own data
# parallelism spread the model over the two logical CPUs set up above.
devices.resolve_device = lambda requested, b: devices.Placement("cpu:0", "gpu (2x)", "", 2)
real = type(backend).data_parallel
type(backend).data_parallel = lambda self, names=None: real(self, CPUS)
from engine.training.control import TrainingControl
from engine.training.loop import run_training
from engine.data.datasets import load_dataset
from engine.experiment.spec import DataSpec, Experiment, LayerSpec
exp = Experiment(engine="keras", backend=keras.backend.backend())
exp.data = DataSpec(name="xor", points=200)
exp.layers = [LayerSpec(units=8, activation="tanh")]
exp.training.epochs = 5
from engine.training.trainer import Trainer
trainer = Trainer(exp, load_dataset(exp.data))
run_training(trainer, TrainingControl())
print(json.dumps({"replicas": trainer.model.parallel.num_replicas,
                  "losses": [h.loss for h in trainer.history]}))
"""

_LOGICAL_CPUS = {
    "tensorflow": """
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
import tensorflow as tf
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
CPUS = ["/cpu:0", "/cpu:1"]
""",
    "jax": """
import os
os.environ["XLA_FLAGS"] = "--xla_force_host_platform_device_count=2"
CPUS = ["cpu:0", "cpu:1"]
""",
}


@pytest.mark.parametrize("backend", sorted(_LOGICAL_CPUS))
def test_several_devices_train_one_model_data_parallel(backend):
    """With several GPUs the model trains data parallel: MirroredStrategy on TensorFlow,
    keras.distribution.DataParallel on JAX. No machine here has two GPUs, so the same code
    path runs over two logical CPUs, in a fresh process (logical devices must be set before
    the backend starts)."""
    import importlib.util
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    if importlib.util.find_spec(backend) is None:
        pytest.skip(f"the {backend} backend is not installed")
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "KERAS_BACKEND": backend}
    out = subprocess.run(
        [sys.executable, "-c", _LOGICAL_CPUS[backend] + _PARALLEL_RUN],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["replicas"] == 2
    assert result["losses"][-1] < result["losses"][0]
