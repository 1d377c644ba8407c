"""TensorFlow Playground's regression problems (plane, multi-Gaussian): the data, the spec's
rules, both engines, the metrics (MSE, MAE, R²), the CLI and the lesson."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from engine.cli.main import main as cli_main
from engine.data.datasets import (
    GAUSSIAN_CONES,
    load_dataset,
    multi_gaussian,
    multi_gaussian_value,
    plane,
    plane_value,
)
from engine.experiment.spec import (
    DataSpec,
    Experiment,
    LayerSpec,
    OptimizerSpec,
    SpecError,
    TrainingSpec,
    switch_dataset,
    task_of,
)
from engine.training.control import TrainingControl
from engine.training.evaluation import evaluate_regression
from engine.training.loop import run_training
from engine.training.trainer import Trainer, r_squared
from tests.keras_backend import needs_keras  # noqa: E402


def _regression(name: str = "plane", layers=(), epochs: int = 20, **kw) -> Experiment:
    return Experiment(
        data=DataSpec(name=name, points=kw.pop("points", 500)),
        layers=[LayerSpec(units=u, activation="tanh") for u in layers],
        loss="mse",
        optimizer=OptimizerSpec("adam", lr=0.03),
        training=TrainingSpec(batch_size=10, epochs=epochs),
        **kw,
    )


def _train(exp: Experiment) -> Trainer:
    trainer = Trainer(exp, load_dataset(exp.data))
    run_training(trainer, TrainingControl())
    return trainer


# ----- the data sets ------------------------------------------------------------------------
def test_plane_is_x_plus_y_over_ten_on_playgrounds_square():
    x, y = plane(2000, 0.0, np.random.default_rng(1))
    assert x.dtype == np.float32 and y.dtype == np.float32
    assert x.min() >= -6 and x.max() <= 6 and x.min() < -5.9 and x.max() > 5.9
    np.testing.assert_allclose(y, (x[:, 0] + x[:, 1]) / 10, atol=1e-6)
    np.testing.assert_allclose(plane_value(np.array([[6.0, 4.0], [-5, -5]])), [1.0, -1.0])


def test_noise_moves_where_the_plane_is_read_not_the_points():
    x0, _ = plane(500, 0.0, np.random.default_rng(3))
    x1, y1 = plane(500, 0.5, np.random.default_rng(3))
    np.testing.assert_array_equal(x0, x1)  # the same points ...
    off = np.abs(y1 - (x1[:, 0] + x1[:, 1]) / 10)
    assert off.max() > 0.3 and off.max() <= 2 * 6 * 0.5 / 10 + 1e-6  # ... read up to 0.6 away


def test_multi_gaussian_has_six_signed_cones_of_radius_two():
    centres = np.array([[cx, cy] for cx, cy, _ in GAUSSIAN_CONES], dtype=float)
    signs = [s for _, _, s in GAUSSIAN_CONES]
    np.testing.assert_allclose(multi_gaussian_value(centres), signs)  # peaks of +-1
    assert signs == [1, -1, 1, -1, 1, -1]
    # halfway down the cone at (-4, 2.5), and nothing 2 or more away from every centre
    np.testing.assert_allclose(multi_gaussian_value(np.array([[-3.0, 2.5], [-6, 0]])), [0.5, 0])
    # the cone at (0, 2.5) is negative: -0.75 at 0.5 from it, -0.25 at 1.5
    np.testing.assert_allclose(
        multi_gaussian_value(np.array([[0.5, 2.5], [1.5, 2.5]])), [-0.75, -0.25]
    )
    x, y = multi_gaussian(1000, 0.0, np.random.default_rng(0))
    np.testing.assert_allclose(y, multi_gaussian_value(x), atol=1e-6)
    assert y.min() < -0.8 and y.max() > 0.8


def test_the_task_is_declared_by_the_data_set():
    assert task_of("plane") == task_of("multi-gaussian") == "regression"
    assert task_of("circle") == task_of("csv") == task_of("mnist") == "classification"
    data = load_dataset(DataSpec(name="multi-gaussian", points=100, seed=4))
    assert data.task == "regression" and data.n_classes == 1 and data.class_names == []
    assert data.y_train.dtype == np.float32
    assert len(data.y_train) + len(data.y_val) + len(data.y_test) == 100
    assert data.extent == (-6.0, 6.0, -6.0, 6.0)
    again = load_dataset(DataSpec(name="multi-gaussian", points=100, seed=4))
    np.testing.assert_array_equal(data.y_test, again.y_test)


# ----- the spec ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"loss": "categorical_crossentropy"}, "loss categorical_crossentropy needs classes"),
        ({"loss": "binary_crossentropy"}, "use loss mse"),
        ({"output_activation": "sigmoid"}, "output_activation sigmoid"),
        ({"model": "perceptron", "layers": []}, "model perceptron classifies"),
    ],
)
def test_the_spec_refuses_class_settings_on_regression_data(change, fragment):
    exp = _regression()
    for name, value in change.items():
        setattr(exp, name, value)
    with pytest.raises(SpecError, match=fragment):
        exp.validate()


def test_regression_takes_no_clicked_class_points():
    exp = _regression()
    exp.data.added_points = [[1.0, 1.0, 0]]
    with pytest.raises(SpecError, match="data.added_points"):
        exp.validate()


def test_switching_data_set_switches_the_loss_as_playground_does():
    exp = Experiment()  # circle, categorical cross-entropy
    switch_dataset(exp, "plane")
    assert (exp.loss, exp.output_activation) == ("mse", "auto")
    exp.validate()
    switch_dataset(exp, "multi-gaussian")  # regression to regression: kept
    assert exp.loss == "mse"
    switch_dataset(exp, "circle", classification_loss="binary_crossentropy")
    assert exp.loss == "binary_crossentropy"
    perceptron = Experiment(model="perceptron", data=DataSpec(name="gate-or"), layers=[])
    switch_dataset(perceptron, "plane")
    assert perceptron.model == "mlp" and perceptron.layers == []  # the linear model
    perceptron.validate()


def test_the_spec_round_trips_through_json():
    exp = _regression("multi-gaussian", layers=(8,)).validate()
    again = Experiment.from_json(exp.to_json()).validate()
    assert again == exp and again.data.task == "regression"


# ----- metrics ------------------------------------------------------------------------------
def test_r2_is_one_for_perfect_predictions_and_zero_for_the_mean():
    t = np.array([0.5, -1.0, 2.0, 0.25])
    perfect = evaluate_regression(t, t)
    assert (perfect.mse, perfect.mae, perfect.r2) == (0.0, 0.0, 1.0)
    mean = evaluate_regression(np.full(4, t.mean()), t)
    assert mean.r2 == pytest.approx(0.0) and mean.mse == pytest.approx(np.var(t))
    off = evaluate_regression(t + np.array([1.0, -1.0, 0.5, 0.0]), t)
    assert off.mse == pytest.approx((1 + 1 + 0.25) / 4) and off.mae == pytest.approx(2.5 / 4)
    assert off.r2 == pytest.approx(1 - off.mse / np.var(t))
    assert math.isnan(evaluate_regression(np.ones(3), np.ones(3)).r2)  # nothing to explain
    assert r_squared(0.5, 2.0) == 0.75 and math.isnan(r_squared(0.1, 0.0))


# ----- both engines -------------------------------------------------------------------------
def test_numpy_linear_model_fits_the_plane():
    trainer = _train(_regression("plane", epochs=20))
    last = trainer.history[-1]
    assert last.loss < 1e-3 and last.val_accuracy > 0.99  # the score is R²
    metrics = trainer.regression_metrics()
    assert set(metrics) == {"train", "validation", "test"}
    assert metrics["test"]["r2"] > 0.99 and metrics["test"]["mse"] < 1e-3
    # the curve's R² is 1 - loss / Var(validation targets), as the evaluation computes it
    assert last.val_accuracy == pytest.approx(metrics["validation"]["r2"], abs=1e-4)
    grid = trainer.value_grid(5)  # the heatmap: the predicted value, (x + y) / 10
    assert grid.shape == (5, 5)
    np.testing.assert_allclose(grid[0, 0], -1.2, atol=0.02)
    np.testing.assert_allclose(grid[-1, -1], 1.2, atol=0.02)


def test_multi_gaussian_needs_a_hidden_layer():
    linear = _train(_regression("multi-gaussian", epochs=60))
    hidden = _train(_regression("multi-gaussian", layers=(8, 8), epochs=60))
    assert linear.history[-1].val_accuracy < 0.1
    assert hidden.history[-1].val_accuracy > 0.3
    assert hidden.regression_metrics()["test"]["r2"] > 0.3


@needs_keras
def test_keras_linear_model_fits_the_plane():
    exp = _regression("plane", epochs=10, engine="keras", points=300)
    trainer = _train(exp)
    assert trainer.history[-1].loss < 1e-3
    assert trainer.regression_metrics()["test"]["r2"] > 0.99
    assert math.isfinite(trainer.history[-1].val_accuracy)


# ----- the CLI ------------------------------------------------------------------------------
def test_cli_trains_the_plane_and_prints_regression_metrics(capsys):
    rc = cli_main(["train", "--dataset", "plane", "--hidden", "", "--epochs", "10", "--json"])
    assert rc == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    epochs, summary = lines[:-1], lines[-1]
    assert len(epochs) == 10 and {"r2", "val_r2"} <= set(epochs[0])
    assert "accuracy" not in epochs[0] and "test_accuracy" not in summary
    assert summary["test_r2"] > 0.99 and summary["test_mse"] == summary["test_loss"]
    assert set(summary["metrics"]) == {"train", "validation", "test"}
    assert set(summary["metrics"]["train"]) == {"mse", "mae", "r2"}


def test_cli_readable_output_and_a_class_loss_refused(capsys, tmp_path):
    csv_path = tmp_path / "history.csv"
    argv = ["train", "--dataset", "plane", "--epochs", "2", "--history-csv", str(csv_path)]
    assert cli_main(argv) == 0
    out = capsys.readouterr().out
    assert "val_r2" in out and "Test R²" in out and "MAE" in out and "accuracy" not in out
    assert csv_path.read_text().splitlines()[0] == "epoch,loss,r2,val_loss,val_r2,seconds"
    assert cli_main(["train", "--dataset", "plane", "--loss", "ce", "--epochs", "1"]) == 2
    assert "plane is a regression problem" in capsys.readouterr().err


# ----- the lesson ----------------------------------------------------------------------------
def test_lesson_14_quotes_what_its_runs_show():
    from engine.teaching.lessons import lesson

    item = lesson(14)
    assert item.id == "regression" and len(item.steps) == 3
    flat = _train(item.experiment(1))
    hidden = _train(item.experiment(2))
    assert len(flat.y_train) == len(hidden.y_train) == 200  # "with 200 training points"
    assert np.abs(flat.value_grid(50)).max() < 0.25  # "within 0.25 of 0 over the whole square"
    assert flat.history[-1].val_accuracy < 0.1  # "R² stays near 0 or below"
    assert hidden.history[-1].val_accuracy > flat.history[-1].val_accuracy + 0.5
    for i, step in enumerate(item.steps):  # each outcome is checked (test_lessons runs them)
        assert step.expect is not None and item.experiment(i).data.task == "regression"


def test_a_saved_regression_network_reopens_with_the_same_predictions(tmp_path):
    from engine.models.registry import load_model, saved_experiment

    trainer = _train(_regression("multi-gaussian", layers=(4,), epochs=2))
    path = tmp_path / "cones.npz"
    trainer.model.save(str(path), {})
    loaded = load_model(path)
    np.testing.assert_array_equal(
        loaded.predict_values(trainer.x_test), trainer.model.predict_values(trainer.x_test)
    )
    assert saved_experiment(path).data.task == "regression" and loaded.n_classes == 1
