"""Input scaling (data.scale, data.input_scale): standardised with the training rows' statistics
only, the same for every point the network sees, from the spec, the CLI and the Data panel."""

from __future__ import annotations

import json

import numpy as np
import pytest

from engine.cli.main import build_parser, experiment_from_args
from engine.cli.main import main as cli_main
from engine.data.datasets import load_dataset
from engine.experiment.spec import DataSpec, Experiment, LayerSpec, SpecError
from engine.teaching.lessons import lesson
from engine.training.trainer import Trainer, input_scaling, model_inputs


def _exp(scale: str = "standardize", input_scale: float = 1.0) -> Experiment:
    exp = Experiment(data=DataSpec(name="circle", points=200, scale=scale, input_scale=input_scale))
    exp.layers = [LayerSpec(units=4, activation="tanh")]
    exp.training.epochs = 2
    return exp.validate()


def test_the_defaults_keep_todays_inputs():
    exp = _exp(scale="none")
    assert Experiment().data.scale == "none" and Experiment().data.input_scale == 1.0
    dataset = load_dataset(exp.data)
    trainer = Trainer(exp, dataset)
    assert trainer.scaling is None
    np.testing.assert_array_equal(trainer.x_train, dataset.x_train.astype(np.float32))


def test_standardize_uses_the_training_rows_only():
    exp = _exp(input_scale=100.0)
    dataset = load_dataset(exp.data)
    trainer = Trainer(exp, dataset)
    raw_train = dataset.x_train.astype(np.float64) * 100
    mean, std = trainer.scaling
    np.testing.assert_allclose(mean, raw_train.mean(axis=0), rtol=1e-5, atol=1e-3)
    np.testing.assert_allclose(std, raw_train.std(axis=0), rtol=1e-5)
    np.testing.assert_allclose(trainer.x_train.mean(axis=0), 0, atol=1e-4)
    np.testing.assert_allclose(trainer.x_train.std(axis=0), 1, atol=1e-4)
    # the validation and test rows are scaled with the training rows' numbers, not their own
    for raw, seen in ((dataset.x_test, trainer.x_test), (dataset.x_val, trainer.x_val)):
        np.testing.assert_allclose(seen, (raw * 100 - mean) / std, rtol=1e-4, atol=1e-4)
        assert not np.allclose(seen.mean(axis=0), 0, atol=1e-4)
    # the test rows never move the statistics
    moved = dataset.x_test + 50.0
    other = Trainer(exp, type(dataset)(**{**dataset.__dict__, "x_test": moved}))
    np.testing.assert_array_equal(other.scaling[0], mean)
    # the decision grid and the inside views see points scaled the same way
    points = np.array([[0.5, -1.0]], np.float32)
    np.testing.assert_allclose(trainer.inputs(points), (points * 100 - mean) / std, rtol=1e-5)


def test_a_constant_column_is_left_unscaled_and_images_share_one_mean():
    exp = _exp()
    x = np.array([[1.0, 3.0], [3.0, 3.0]], np.float32)
    mean, std = input_scaling(exp, x)
    np.testing.assert_allclose(mean, [2, 3]) and np.testing.assert_allclose(std, [1, 1])
    np.testing.assert_allclose(model_inputs(exp, x, (mean, std)), [[-1, 0], [1, 0]])
    images = Experiment(data=DataSpec(name="mnist", scale="standardize"))
    pixels = np.arange(8, dtype=np.float32).reshape(2, 2, 2, 1) / 8
    mean, std = input_scaling(images, pixels)
    assert mean.shape == () and mean == pytest.approx(pixels.mean())
    assert model_inputs(images, pixels, (mean, std)).std() == pytest.approx(1, abs=1e-5)
    with pytest.raises(ValueError, match="training rows"):
        model_inputs(exp, x)  # standardising without the training statistics is refused


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("scale", "minmax", "data.scale must be one of none, standardize"),
        ("input_scale", 0.0, "data.input_scale must be in [0.001, 1000]"),
        ("input_scale", "big", "data.input_scale must be a number"),
    ],
)
def test_bad_scaling_values_are_named(field, value, fragment):
    raw = Experiment().to_dict()
    raw["data"][field] = value
    with pytest.raises(SpecError, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        Experiment.from_dict(raw).validate()


def test_the_cli_scale_flags(capsys):
    args = build_parser().parse_args(["train", "--scale", "standardize", "--input-scale", "100"])
    exp = experiment_from_args(args)
    assert exp.data.scale == "standardize" and exp.data.input_scale == 100
    assert experiment_from_args(build_parser().parse_args(["train"])).data.scale == "none"
    rc = cli_main(
        ["train", "--dataset", "xor", "--epochs", "2", "--scale", "standardize", "--json"]
    )
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert rc == 0 and summary["test_accuracy"] is not None
    assert cli_main(["train", "--scale", "minmax"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_the_scaling_lesson_steps_differ_only_in_scaling():
    steps = lesson(5).steps
    titles = [s.title for s in steps]
    bad = lesson(5).experiment(titles.index("Badly scaled inputs"))
    good = lesson(5).experiment(titles.index("Standardised inputs"))
    assert bad.data.input_scale == good.data.input_scale == 100
    assert (bad.data.scale, good.data.scale) == ("none", "standardize")
    bad.data.scale, bad.preset = good.data.scale, good.preset
    assert bad == good


def test_the_data_panel_switches_scaling_and_rebuilds(qtbot, make_window):
    exp = _exp(scale="none")
    exp.training.epochs = 20
    win = make_window(exp)
    combo = win.experiment.data_panel.scale
    assert combo.objectName() == "inputScaling" and combo.currentData() == "none"
    before = win.trainer
    combo.setCurrentIndex(combo.findData("standardize"))
    qtbot.waitUntil(lambda: win.trainer is not None and win.trainer is not before, timeout=10_000)
    assert win.spec_model.experiment.data.scale == "standardize"
    assert win.trainer.spec.data.scale == "standardize" and win.trainer.scaling is not None
    np.testing.assert_allclose(win.trainer.x_train.mean(axis=0), 0, atol=1e-4)
