"""Replaying Tutorial 1 as written: the perceptron may train past separating the points
(training.stop_when_separated, in the spec, the window and the CLI), and weights may start
N(0, 1) as tf.random_normal draws them (training.init normal, both engines)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from engine.data.datasets import load_dataset  # noqa: E402
from engine.experiment.spec import (  # noqa: E402
    DataSpec,
    Experiment,
    OptimizerSpec,
    SpecError,
    TrainingSpec,
)
from engine.models.numpy.initializers import init_bias, init_kernel  # noqa: E402
from engine.models.numpy.perceptron import build_perceptron  # noqa: E402
from engine.training.trainer import STOP_COMPLETED, Trainer  # noqa: E402
from tests.keras_backend import needs_keras  # noqa: E402


def _or_perceptron(stop: bool, rule: str = "rosenblatt") -> Experiment:
    return Experiment(
        model="perceptron",
        data=DataSpec(name="gate-or"),
        layers=[],
        loss="sse",
        optimizer=OptimizerSpec("sgd", lr=0.1),
        training=TrainingSpec(
            batch_size=1, epochs=30, perceptron_rule=rule, stop_when_separated=stop
        ),
    )


def _train(exp: Experiment) -> Trainer:
    trainer = Trainer(exp, load_dataset(exp.data))
    while not trainer.finished:
        trainer.step()
    return trainer


def test_the_perceptron_stops_when_separated_by_default_and_trains_on_when_asked_not_to():
    assert TrainingSpec().stop_when_separated is True
    early = _train(_or_perceptron(stop=True))
    assert early.stopped == STOP_COMPLETED and early.epochs_done < 30
    assert "classified every training point" in early.message
    full = _train(_or_perceptron(stop=False))
    assert full.stopped == STOP_COMPLETED and full.epochs_done == 30
    assert full.history[-1].accuracy == 1.0


@pytest.mark.parametrize("bad", [1, 0, "yes", None])
def test_stop_when_separated_must_be_a_real_boolean(bad):
    raw = _or_perceptron(stop=True).to_dict()
    raw["training"]["stop_when_separated"] = bad
    with pytest.raises(SpecError, match="training.stop_when_separated must be true or false"):
        Experiment.from_dict(raw).validate()


def test_the_setting_round_trips_through_json():
    exp = _or_perceptron(stop=False)
    assert Experiment.from_json(exp.to_json()).validate().training.stop_when_separated is False


def test_normal_init_draws_weights_and_biases_from_a_unit_normal():
    rng = np.random.default_rng(0)
    w = init_kernel(rng, "normal", 400, 300)
    b = init_bias("normal", 20_000, rng)
    for values in (w, b):
        assert abs(values.mean()) < 0.02 and values.std() == pytest.approx(1.0, abs=0.02)
    assert np.all(init_bias("glorot", 5) == 0.0) and np.all(init_bias("uniform", 5) == 0.1)
    with pytest.raises(ValueError, match="Generator"):
        init_bias("normal", 3)


def test_the_numpy_mlp_starts_from_normal_weights_and_biases():
    from engine.models.registry import build_model

    exp = Experiment(layers=Experiment().layers, training=TrainingSpec(init="normal"))
    exp.layers[0].units = 200
    model = build_model(exp.validate(), (2,), 2)
    (w0, b0), *_ = model.dense_weights()
    assert w0.std() == pytest.approx(1.0, abs=0.25) and np.count_nonzero(b0) == len(b0)


def test_the_perceptron_follows_normal_init_and_keeps_its_uniform_start_otherwise():
    spec = _or_perceptron(stop=False, rule="delta")
    start = np.random.default_rng(0).random(3, dtype=np.float32)
    model = build_perceptron(spec, 2, 2)  # init glorot: the lessons' uniform [0, 1) start
    assert model.b == pytest.approx(float(start[0])) and np.allclose(model.w, start[1:])
    spec.training.init = "normal"
    spec.seed = 175
    model = build_perceptron(spec, 2, 2)
    normal = np.random.default_rng(175).standard_normal(3)
    assert model.b == pytest.approx(normal[0]) and np.allclose(model.w, normal[1:])


def test_the_cli_flag_sets_the_spec():
    from engine.cli.main import build_parser, experiment_from_args

    parser = build_parser()
    base = ["train", "--model", "perceptron", "--dataset", "gate-or"]
    for flags, expected in (([], True), (["--no-stop-when-separated"], False)):
        exp = experiment_from_args(parser.parse_args([*base, *flags]))
        assert exp.training.stop_when_separated is expected
    exp = experiment_from_args(parser.parse_args([*base, "--init", "normal"]))
    assert exp.training.init == "normal"


@needs_keras
def test_keras_maps_normal_init_to_random_normal_for_kernels_and_biases():
    from engine.models.keras.model import KerasModel

    exp = Experiment(engine="keras", training=TrainingSpec(init="normal"))
    exp.layers[0].units = 300
    model = KerasModel(exp.validate(), (2,), 2).model
    kernel, bias = model.layers[0].get_weights()
    assert kernel.std() == pytest.approx(1.0, abs=0.2) and bias.std() == pytest.approx(1, abs=0.3)
    config = model.layers[0].get_config()
    assert config["kernel_initializer"]["class_name"] == "RandomNormal"
    assert config["kernel_initializer"]["config"]["stddev"] == 1.0


def test_the_designer_shows_the_checkbox_for_the_perceptron_and_edits_the_spec(qtbot):
    from gui.experiment.designer_panel import DesignerPanel
    from gui.experiment.spec_model import STRUCTURE, SpecModel

    spec_model = SpecModel(Experiment())
    panel = DesignerPanel(spec_model)
    qtbot.addWidget(panel)
    assert panel.stop_separated.objectName() == "stopWhenSeparated"
    assert not panel._form.isRowVisible(panel.stop_separated)  # an MLP has no such stop
    kinds: list[str] = []
    spec_model.changed.connect(kinds.append)
    panel.engine.setCurrentIndex(panel.engine.findData("numpy:perceptron"))
    assert panel._form.isRowVisible(panel.stop_separated) and panel.stop_separated.isChecked()
    panel.stop_separated.setChecked(False)
    assert spec_model.experiment.training.stop_when_separated is False
    assert kinds[-1] == STRUCTURE
    from engine.experiment.presets import preset

    spec_model.replace(preset("tutorial1-perceptron"))
    assert not panel.stop_separated.isChecked()
