"""Tutorial presets build the tutorials' exact models, and the Keras CLI path works end to end."""

from __future__ import annotations

import json

import numpy as np
import pytest

from engine.experiment.presets import PRESETS, preset
from engine.experiment.spec import SpecError

# Parameter counts worked out by hand from the tutorials' layer lists (Keras 'valid' padding).
EXPECTED_PARAMS = {
    "seed0-mlp": 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10,  # 269,322
    "seed2-cnn": (25 * 32 + 32)
    + (9 * 32 * 64 + 64)
    + (5 * 5 * 64 * 1024 + 1024)
    + (1024 * 10 + 10),  # 1,669,002
    "lenet5": 156 + 2416 + (400 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10),  # 61,706
    "seed1-cnn": (25 * 4 + 4)
    + (9 * 4 * 8 + 8)
    + (9 * 8 * 16 + 16)
    + (4 * 4 * 16 * 128 + 128)
    + (128 * 10 + 10),
}


def test_every_preset_is_a_valid_mnist_keras_experiment():
    for name in PRESETS:
        exp = preset(name).validate()
        assert exp.engine == "keras" and exp.data.name == "mnist" and exp.preset == name
    with pytest.raises(SpecError, match="unknown preset"):
        preset("resnet")


def test_seed_hyperparameters_are_the_tutorials():
    s0, s1, s2 = preset("seed0-mlp"), preset("seed1-cnn"), preset("seed2-cnn")
    assert (s0.optimizer.name, s0.optimizer.lr, s0.training.batch_size, s0.training.epochs) == (
        "adam",
        0.001,
        100,
        15,
    )
    assert (s1.optimizer.name, s1.optimizer.lr, s1.optimizer.momentum) == ("nesterov", 0.05, 0.9)
    assert s1.data.validation_split == 0.2 and s1.augment
    assert (s2.optimizer.name, s2.training.batch_size) == ("adam", 128)


@pytest.mark.parametrize("name", sorted(EXPECTED_PARAMS))
def test_presets_build_the_right_parameter_counts(name):
    pytest.importorskip("tensorflow")
    from engine.models.keras.model import KerasModel

    exp = preset(name)
    shape = (784,) if exp.model == "mlp" else (28, 28, 1)
    model = KerasModel(exp, shape, 10).model
    assert model.count_params() == EXPECTED_PARAMS[name]
    assert model.output_shape == (None, 10)


def _fake_mnist(path, n_train=300, n_test=60):
    rng = np.random.default_rng(0)
    y_train, y_test = rng.integers(0, 10, n_train), rng.integers(0, 10, n_test)

    def images(y):
        x = rng.integers(0, 40, (len(y), 28, 28)).astype(np.uint8)
        for i, label in enumerate(y):  # a bright bar whose row encodes the class
            x[i, 2 + 2 * label : 4 + 2 * label, 4:24] = 255
        return x

    np.savez(
        path,
        x_train=images(y_train),
        y_train=y_train.astype(np.uint8),
        x_test=images(y_test),
        y_test=y_test.astype(np.uint8),
    )


def test_keras_cli_trains_a_preset_saves_and_writes_history(tmp_path, capsys):
    pytest.importorskip("tensorflow")
    from engine.cli.main import main as cli_main
    from engine.models.keras import load_keras_model

    data = tmp_path / "mnist.npz"
    _fake_mnist(data)
    model, hist = tmp_path / "m.keras", tmp_path / "h.csv"
    rc = cli_main(
        [
            "train",
            "--preset",
            "lenet5",
            "--mnist",
            str(data),
            "--epochs",
            "3",
            "--lr",
            "0.005",
            "--json",
            "--save",
            str(model),
            "--history-csv",
            str(hist),
        ]
    )
    assert rc == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["epoch"] for x in lines[:-1]] == [1, 2, 3]
    assert lines[-1]["device"] == "cpu" and lines[-1]["model"] == str(model)
    assert lines[-1]["test_accuracy"] > 0.5  # the bars are easy to learn
    assert hist.read_text().splitlines()[0] == "epoch,loss,accuracy,val_loss,val_accuracy,seconds"
    loaded = load_keras_model(str(model))
    assert loaded.spec.preset == "lenet5"
