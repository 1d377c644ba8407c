"""Crafted and broken model files: every loader (CLI predict --model, Open model, the digit
panel's opener) refuses them on load with one sentence naming the file, before any image is
predicted; none raises MemoryError, ZeroDivisionError or TypeError, or predicts NaN."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

import main
from engine.digits.model import load_digit_cnn, open_digit_model
from engine.experiment.spec import Experiment, LayerSpec
from engine.models.numpy.persist import ModelFileError, read_npz, save_npz
from engine.models.registry import load_model
from tests.digit_drawings import seven
from tests.keras_backend import needs_keras  # noqa: E402


def _mlp_file(tmp_path, name="m.npz"):
    from engine.models.numpy import build_mlp

    exp = Experiment()
    exp.data.name = "mnist"
    exp.layers = [LayerSpec(units=8, activation="relu")]
    exp.loss = "categorical_crossentropy"
    net = build_mlp(exp, 784, 10)
    path = tmp_path / name
    net.save(str(path), {})
    return path


def _rewrite(src, dst, *, meta=None, arrays=None):
    old_arrays, old_meta = read_npz(src)
    old_meta.pop("format"), old_meta.pop("version")
    new_meta = {**old_meta, **(meta or {})}
    save_npz(dst, {**old_arrays, **(arrays or {})}, new_meta)
    return dst


def _crafted(tmp_path):
    good = _mlp_file(tmp_path)
    _, meta = read_npz(good)
    big_spec = dict(meta["spec"])
    big_spec["layers"] = [{"type": "dense", "units": 4096, "activation": "relu"}] * 3
    params = read_npz(good)[0]["params"]
    return {
        "float n_inputs": (
            _rewrite(good, tmp_path / "a.npz", meta={"n_inputs": 1e7}),
            "metadata n_inputs must be a whole number",
        ),
        "huge network": (
            _rewrite(good, tmp_path / "b.npz", meta={"n_inputs": 1_000_000, "spec": big_spec}),
            "describes a network of",
        ),
        "params of the wrong size": (
            _rewrite(good, tmp_path / "c.npz", arrays={"params": params[:-5]}),
            "needs 6,370 parameters, but the file holds shape (6365,)",
        ),
        "all NaN": (
            _rewrite(good, tmp_path / "d.npz", arrays={"params": np.full_like(params, np.nan)}),
            "holds NaN or infinite values",
        ),
        "list n_classes": (
            _rewrite(good, tmp_path / "e.npz", meta={"n_classes": [10]}),
            "metadata n_classes must be a whole number",
        ),
        "bad spec": (
            _rewrite(good, tmp_path / "f.npz", meta={"spec": {"data": {"features": 5}}}),
            "holds an invalid experiment: data.features must be a list",
        ),
    }


def _digit_cnn_file(tmp_path, name, edit):
    src = load_digit_cnn()
    layers = [dict(layer) for layer in src.layers]
    weights = dict(src.weights)
    edit(layers, weights)
    arrays = {}
    for i, (kernel, bias) in weights.items():
        arrays[f"kernel{i}"], arrays[f"bias{i}"] = kernel, bias
    path = tmp_path / name
    save_npz(path, arrays, {"kind": "cnn", "layers": layers, "metadata": {}})
    return path


def _pool_zero(layers, weights):
    next(la for la in layers if la["type"] == "maxpool")["size"] = 0


def _weird_layer(layers, weights):
    layers.insert(0, {"type": "weird"})
    for i in sorted(weights, reverse=True):
        weights[i + 1] = weights.pop(i)


def _wrong_kernel(layers, weights):
    i = max(weights)
    kernel, bias = weights[i]
    weights[i] = (kernel[:-3], bias)


DIGIT_CASES = {
    "pool of size 0": (_pool_zero, "pools by 0"),
    "unknown layer type": (_weird_layer, "layer 0 has unknown type 'weird'"),
    "kernel that does not chain": (_wrong_kernel, "its layers do not fit together"),
}


NUMPY_CASES = [
    "float n_inputs",
    "huge network",
    "params of the wrong size",
    "all NaN",
    "list n_classes",
    "bad spec",
]


@pytest.mark.parametrize("case", NUMPY_CASES)
def test_a_crafted_numpy_model_is_refused_on_load_naming_the_file(tmp_path, case):
    path, fragment = _crafted(tmp_path)[case]
    with pytest.raises(ModelFileError) as info:
        load_model(path)
    message = str(info.value)
    assert str(path) in message and fragment in message and "\n" not in message


@pytest.mark.parametrize("case", sorted(DIGIT_CASES))
def test_a_crafted_digit_cnn_is_refused_on_load_naming_the_file(tmp_path, case):
    edit, fragment = DIGIT_CASES[case]
    path = _digit_cnn_file(tmp_path, "cnn.npz", edit)
    with pytest.raises(ModelFileError) as info:
        open_digit_model(path)
    assert str(path) in str(info.value) and fragment in str(info.value)


def test_predict_with_a_crafted_model_exits_2_with_one_line(tmp_path, capsys):
    from PIL import Image

    image = tmp_path / "seven.png"
    Image.fromarray(np.rint(seven() * 255).astype(np.uint8)).save(image)
    paths = [p for p, _ in _crafted(tmp_path).values()]
    paths += [
        _digit_cnn_file(tmp_path, f"d{i}.npz", e) for i, (e, _) in enumerate(DIGIT_CASES.values())
    ]
    for path in paths:
        code = main.main(["predict", "--model", str(path), str(image)])
        out, err = capsys.readouterr()
        assert code == 2 and out == "", path
        assert str(path) in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@needs_keras
def test_a_truncated_keras_file_is_called_truncated_not_missing(tmp_path):
    path = tmp_path / "model.keras"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("config.json", "{}" * 1000)
    path.write_bytes(path.read_bytes()[:50])
    from engine.models.keras import load_keras_model

    with pytest.raises(ValueError, match=r"model\.keras is not a \.keras model .*truncated"):
        load_keras_model(str(path))


@needs_keras
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Skipping variable loading for optimizer")  # never trained
def test_a_keras_sidecar_with_wrong_types_is_refused_naming_the_sidecar(tmp_path):
    from engine.data.datasets import load_dataset
    from engine.training.trainer import Trainer

    exp = Experiment(engine="keras")
    exp.data.name, exp.data.points = "xor", 100
    exp.layers = [LayerSpec(units=4)]
    trainer = Trainer(exp, load_dataset(exp.data))
    path = tmp_path / "m.keras"
    trainer.model.save(str(path), {"experiment": exp.to_dict()})
    assert load_model(path).n_classes == 2  # the app's own file opens
    sidecar = tmp_path / "m.keras.json"
    meta = json.loads(sidecar.read_text())
    meta["n_classes"] = [10]
    sidecar.write_text(json.dumps(meta))
    with pytest.raises(ValueError, match=r"m\.keras\.json: n_classes must be a whole number"):
        load_model(path)
