"""The shipped digit CNN: NumPy inference matches Keras, and it reads digits well."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.digits.model import SHIPPED_MODEL, load_digit_cnn, open_digit_model
from engine.digits.preprocess import to_mnist
from engine.models.numpy.persist import ModelFileError
from tests.digit_drawings import seven, stroke_canvas
from tests.keras_backend import needs_keras  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MNIST = ROOT.parent / "shared" / "data" / "mnist.npz"
REFERENCE = ROOT / "tests" / "data" / "digit_cnn_reference.npz"
needs_mnist = pytest.mark.skipif(not MNIST.is_file(), reason=f"real MNIST not found at {MNIST}")


@pytest.fixture(scope="module")
def cnn():
    return load_digit_cnn()


def test_the_shipped_model_is_small_and_describes_itself(cnn):
    assert SHIPPED_MODEL.stat().st_size <= 5 * 1024 * 1024
    assert cnn.metadata["test_accuracy"] >= 0.99
    assert cnn.description.startswith("Shipped model (99.")


@needs_keras
def test_numpy_inference_reproduces_the_stored_keras_outputs(cnn):
    ref = np.load(REFERENCE)
    probs = cnn.predict_proba(ref["x"])
    assert probs.shape == ref["probs"].shape
    assert np.abs(probs - ref["probs"]).max() < 1e-5
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)


@needs_keras
def test_numpy_inference_equals_keras_on_the_same_weights(cnn):
    from engine.digits.model import to_keras

    x = np.load(REFERENCE)["x"]
    keras_probs = np.asarray(to_keras(cnn).predict_on_batch(x))
    assert np.abs(cnn.predict_proba(x) - keras_probs).max() < 1e-5


def test_single_images_and_batches_agree(cnn):
    x = np.load(REFERENCE)["x"][:5, :, :, 0]
    batch = cnn.predict_proba(x)
    for i in range(5):
        assert np.allclose(cnn.predict_proba(x[i]), batch[i : i + 1], atol=1e-6)


@needs_mnist
def test_accuracy_on_500_real_mnist_test_digits_is_above_98_percent(cnn):
    with np.load(MNIST) as data:
        x, y = data["x_test"][:500], data["y_test"][:500]
    accuracy = (cnn.predict_proba(x.astype(np.float32) / 255.0).argmax(axis=1) == y).mean()
    assert accuracy > 0.98


@needs_mnist
def test_canvas_drawings_of_mnist_digits_are_recognised(cnn):
    from bench.canvas_set import canvas_set

    with np.load(MNIST) as data:
        canvases, labels, _ = canvas_set(data["x_test"], data["y_test"], n=100, seed=7)
    x = np.stack([to_mnist(c) for c in canvases])
    assert (cnn.predict_proba(x).argmax(axis=1) == labels).mean() >= 0.95


@pytest.mark.parametrize("width", [4, 16, 40])
def test_drawn_ones_and_sevens_are_read_with_any_pen(cnn, width):
    one = stroke_canvas([(30, 150, 250, 130)], width)
    assert cnn.predict_proba(to_mnist(one)).argmax() == 1
    assert cnn.predict_proba(to_mnist(seven(width=width))).argmax() == 7


def test_an_mlp_saved_by_the_numpy_engine_can_recognise_digits(tmp_path):
    from engine.experiment.spec import DataSpec, Experiment
    from engine.models.numpy import build_model

    spec = Experiment(data=DataSpec(name="mnist")).validate()
    net = build_model(spec, 784, 10)
    net.save(str(tmp_path / "mlp.npz"), {})
    predict, description = open_digit_model(tmp_path / "mlp.npz")
    probs = predict(np.zeros((3, 28, 28), np.float32))
    assert probs.shape == (3, 10) and "MLP" in description


def test_models_that_are_not_for_digits_are_refused_with_the_file_name(tmp_path):
    from engine.experiment.spec import Experiment
    from engine.models.numpy import build_model

    net = build_model(Experiment().validate(), 2, 2)
    net.save(str(tmp_path / "xor.npz"), {})
    with pytest.raises(ModelFileError, match="xor.npz"):
        open_digit_model(tmp_path / "xor.npz")
    (tmp_path / "junk.npz").write_bytes(b"junk")
    with pytest.raises(ModelFileError, match="junk.npz"):
        open_digit_model(tmp_path / "junk.npz")


def test_the_readme_and_the_model_card_give_the_shipped_models_mnist_accuracy(cnn):
    accuracy = f"{cnn.metadata['test_accuracy'] * 100:.2f} %"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    card = (ROOT / "resources" / "digit_model.md").read_text(encoding="utf-8")
    assert f"a shipped CNN ({accuracy} on MNIST" in readme
    assert f"**{accuracy}** on the 10,000 MNIST test images" in card


def test_the_readmes_canvas_and_other_writers_figures_are_the_benchmarked_ones(cnn):
    """README quotes BENCHMARKS.md's row for the shipped model (bench/bench_digits.py)."""
    import re

    benchmarks = (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    row = next(line for line in benchmarks.splitlines() if line.startswith("| **shipped**"))
    mnist, canvas, writers, _rough = re.findall(r"(\d+\.\d+) %", row)
    assert mnist == f"{cnn.metadata['test_accuracy'] * 100:.2f}"
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert (
        f"({mnist} % on MNIST, {canvas} % on canvas-style drawings, {writers} % on digits "
        "written stroke by stroke in other hands" in readme
    )
