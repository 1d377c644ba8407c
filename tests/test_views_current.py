"""Everything the learner sees is readable, current and true (#10).

- Open model reads every file Save model writes (.npz and .keras) and trains the same weights.
- After a preset, an opened experiment, a reset, an engine switch or the end of a run, every
  view shows the network now on screen: status fields, plots, evaluation, inside views, the
  lesson banner and the window title.
- An enabled control changes the run; a disabled one is one the engine ignores.
- Losses are printed for people.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from engine.experiment.spec import OPTIMIZERS, Experiment, LayerSpec
from engine.introspection.activations import activations_of_test_digit
from gui.common.numbers import format_loss
from gui.common.relevance import IGNORED_NOTE
from gui.experiment.relevance import MOMENTUM_OPTIMIZERS, ignored_settings
from gui.files.controller import OPEN_MODEL_FILTER
from gui.window.main_window import MainWindow
from tests.fake_mnist import write_tiny_mnist
from tests.keras_backend import needs_keras  # noqa: E402

TF_TIMEOUT = 90_000  # ms: the first TensorFlow import and trace take seconds on busy cores
pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
    pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning"),  # Keras
]
FRESH = {"step": "Step 0", "rate": "–", "loss": "Loss –"}


def xor_experiment(engine: str = "numpy", epochs: int = 200) -> Experiment:
    exp = Experiment(engine=engine, model="mlp")
    exp.data.name, exp.data.points = "xor", 200
    exp.layers = [LayerSpec(units=6, activation="tanh")]
    exp.optimizer.name, exp.optimizer.lr = "adam", 0.03
    exp.training.batch_size, exp.training.epochs = 20, epochs
    return exp


def action(win: MainWindow, name: str) -> QAction:
    found = win.findChild(QAction, name)
    assert found is not None, name
    return found


def train_steps(qtbot, win: MainWindow, steps: int, timeout: int = 15_000) -> None:
    """Train until `steps` batches are done and the views have drawn them, then pause."""
    win.session.resume()
    qtbot.waitUntil(lambda: win.trainer.step_count >= steps, timeout=timeout)
    win.session.pause()
    qtbot.waitUntil(lambda: win.status.labels["step"].text() != "Step 0", timeout=timeout)
    qtbot.waitUntil(lambda: points(win.live.loss_plot.batch_curve) > 0)


def points(curve) -> int:
    x, _y = curve.getData()
    return 0 if x is None else len(x)


def new_trainer(qtbot, win: MainWindow, old, timeout: int = TF_TIMEOUT) -> None:
    qtbot.waitUntil(lambda: win.trainer is not None and win.trainer is not old, timeout=timeout)


def assert_views_fresh(win: MainWindow, exp: Experiment) -> None:
    """Nothing of the previous network is on show (checked right after the transition)."""
    labels = win.status.labels
    assert labels["epoch"].text() in ("Epoch 0", "Epoch 0.0")
    for key, text in FRESH.items():
        assert labels[key].text() == text, key
    for plot in (win.live.loss_plot, win.live.accuracy_plot):
        assert points(plot.batch_curve) == points(plot.train_curve) == 0
        assert plot.x_range()[1] <= 1.1, "the x axis starts again at epoch 0..1"
    assert win.evaluation.panel.evaluation() is None
    assert "Test accuracy –" in win.evaluation.panel.accuracy.text()
    assert win.inside.panel.weights.views() == []
    assert exp.data.name in win.windowTitle()


def make_trained(qtbot, make_window, exp: Experiment) -> MainWindow:
    win = make_window(exp)
    train_steps(qtbot, win, 30)
    win.session.evaluate()
    qtbot.waitUntil(lambda: win.evaluation.panel.evaluation() is not None, timeout=10_000)
    assert win.live.loss_plot.x_range()[1] >= 1.0
    return win


# ----- numbers ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "text"),
    [
        (9056465027885257540812487682661810176.0, "9.1e36"),
        (1e36, "1e36"),
        (float("nan"), "diverged"),
        (float("inf"), "diverged"),
        (float("-inf"), "diverged"),
        (0.0013, "0.0013"),
        (0.693147, "0.6931"),
        (2.5e-6, "2.5e-6"),
        (0.0, "0"),
        (None, "–"),
    ],
)
def test_losses_are_printed_for_people(value, text):
    assert format_loss(value) == text


def test_a_diverged_loss_does_not_fill_the_status_bar(qtbot, make_window):
    win = make_window(xor_experiment())
    win.status.show_progress({"epoch": 3.0, "step": 30, "steps_per_second": 2.0, "loss": 9.06e36})
    assert win.status.labels["loss"].text() == "Loss 9.1e36"
    win.status.show_progress({"epoch": 3.0, "step": 31, "steps_per_second": 2.0, "loss": math.inf})
    assert win.status.labels["loss"].text() == "Loss diverged"
    assert win.status.labels["rate"].text() == "–", "a paused run has no speed"


# ----- open what save writes --------------------------------------------------------------
def _predictions(win: MainWindow, x: np.ndarray) -> np.ndarray:
    return win.session.call(lambda t: t.model.predict_proba(x)).result(timeout=60)


def _save_train_reopen(qtbot, win: MainWindow, path: Path) -> tuple[np.ndarray, np.ndarray]:
    x = np.random.default_rng(0).uniform(-5, 5, (64, 2)).astype(np.float32)
    before = _predictions(win, x)
    assert win.files.save_model(path)
    assert path.exists()
    old = win.trainer
    action(win, "actionReset").trigger()  # fresh random weights: predictions differ
    new_trainer(qtbot, win, old)
    assert not np.allclose(_predictions(win, x), before, atol=1e-4)
    old = win.trainer
    assert win.files.open_model(path)
    new_trainer(qtbot, win, old)
    assert win.trainer.step_count == 0
    return before, _predictions(win, x)


def test_open_model_offers_every_format_save_writes():
    assert "*.npz" in OPEN_MODEL_FILTER and "*.keras" in OPEN_MODEL_FILTER


def test_a_saved_numpy_model_reopens_with_its_weights(qtbot, make_window, tmp_path):
    win = make_window(xor_experiment())
    train_steps(qtbot, win, 40)
    before, after = _save_train_reopen(qtbot, win, tmp_path / "model.npz")
    np.testing.assert_allclose(after, before, atol=1e-6)
    train_steps(qtbot, win, 5)  # and it trains on
    assert "model.npz" in win.files.recent_files()[0]


@needs_keras
def test_a_saved_keras_model_reopens_and_trains_in_the_window(qtbot, make_window, tmp_path):
    win = make_window(xor_experiment("keras"))
    train_steps(qtbot, win, 40, timeout=TF_TIMEOUT)
    path = tmp_path / "model.keras"
    before, after = _save_train_reopen(qtbot, win, path)
    np.testing.assert_allclose(after, before, atol=1e-5)
    assert win.trainer.spec.engine == "keras"
    train_steps(qtbot, win, 5, timeout=TF_TIMEOUT)  # and it trains on
    assert win.files.recent_files()[0] == str(path.resolve())
    old = win.trainer
    recent = QAction(str(path), win)  # File › Open recent › model.keras
    recent.setData(str(path))
    win.files.recent_menu.triggered.emit(recent)
    new_trainer(qtbot, win, old)
    assert win.trainer.step_count == 0 and win.trainer.spec.engine == "keras"


@needs_keras
def test_a_keras_file_without_its_description_is_refused_with_a_message(
    qtbot, make_window, tmp_path
):
    win = make_window(xor_experiment())
    bad = tmp_path / "other.keras"
    bad.write_bytes(b"not a zip")
    before = win.spec_model.experiment.to_dict()
    assert not win.files.open_model(bad)
    assert win.spec_model.experiment.to_dict() == before


# ----- every view follows the network -----------------------------------------------------
@pytest.fixture
def tiny_mnist(tmp_path) -> Path:
    return write_tiny_mnist(tmp_path / "tiny_mnist.npz", 300, 100)


@needs_keras
def test_a_preset_resets_every_view(qtbot, make_window, tiny_mnist):
    exp = Experiment(engine="numpy", model="mlp")
    exp.data.name, exp.data.path = "mnist", str(tiny_mnist)
    exp.layers = [LayerSpec(units=16, activation="relu")]
    exp.training.batch_size = 20
    win = make_trained(qtbot, make_window, exp)
    old = win.trainer
    action(win, "preset-seed0-mlp").trigger()
    assert_views_fresh(win, win.spec_model.experiment)
    new_trainer(qtbot, win, old)
    assert win.status.labels["loss"].text() == "Loss –"


def test_opening_an_experiment_resets_every_view_and_closes_the_lesson(
    qtbot, make_window, tmp_path
):
    win = make_trained(qtbot, make_window, xor_experiment())
    action(win, "lesson-1").trigger()  # a perceptron lesson on show
    assert win.lessons.dock.isVisibleTo(win)
    train_steps(qtbot, win, 3)
    other = xor_experiment()
    other.data.name = "circle"
    path = tmp_path / "circle.json"
    other.save(path)
    old = win.trainer
    assert win.files.open_experiment(path)
    assert_views_fresh(win, other)
    assert not win.lessons.dock.isVisibleTo(win), "the lesson's banner does not describe this"
    new_trainer(qtbot, win, old)


def test_a_lesson_step_keeps_its_banner(qtbot, make_window):
    win = make_window(xor_experiment())
    action(win, "lesson-1").trigger()
    assert win.lessons.dock.isVisibleTo(win)


def test_reset_clears_every_view(qtbot, make_window):
    win = make_trained(qtbot, make_window, xor_experiment())
    old = win.trainer
    action(win, "actionReset").trigger()
    assert_views_fresh(win, win.spec_model.experiment)
    new_trainer(qtbot, win, old)


@needs_keras
def test_switching_engine_and_back_clears_every_view(qtbot, make_window):
    win = make_trained(qtbot, make_window, xor_experiment())
    engine = win.experiment.designer.engine
    for key in ("keras:mlp", "numpy:mlp"):
        old = win.trainer
        engine.setCurrentIndex(engine.findData(key))
        assert_views_fresh(win, win.spec_model.experiment)
        name = {"keras": "Keras", "numpy": "NumPy"}[key.split(":")[0]]
        assert win.status.labels["engine"].text() == f"{name} MLP"
        new_trainer(qtbot, win, old)
        assert win.trainer.spec.engine == key.split(":")[0]
        train_steps(qtbot, win, 10, timeout=TF_TIMEOUT)


def test_the_end_of_a_run_shows_where_it_ended(qtbot, make_window, tiny_mnist):
    exp = Experiment(engine="numpy", model="mlp")
    exp.data.name, exp.data.path = "mnist", str(tiny_mnist)
    exp.layers = [LayerSpec(units=16, activation="relu")]
    exp.training.batch_size, exp.training.epochs = 20, 2
    win = make_window(exp)
    win.resize(1300, 900)
    win.show()
    win.docks["insideNetworkDock"].raise_()
    win.inside.panel.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: win.inside.panel.test_index.maximum() >= 3)  # trainerReady came
    win.inside.panel.test_index.setValue(3)
    win.inside.panel.show_test.click()
    qtbot.waitUntil(lambda: len(win.inside.panel.activations.views()) > 0, timeout=10_000)
    win.session.resume()
    qtbot.waitUntil(lambda: win.session.state == "finished", timeout=30_000)
    final, _ = activations_of_test_digit(3, win.trainer)

    def shows_final() -> bool:
        shown = win.inside.panel._activations
        return shown is not None and np.array_equal(
            shown[0]["probabilities"], final["probabilities"]
        )

    qtbot.waitUntil(shows_final, timeout=10_000)  # the digit went through the final network
    labels = win.status.labels
    qtbot.waitUntil(lambda: labels["epoch"].text() == "Epoch 2.0", timeout=5000)
    assert labels["rate"].text() == "–", "no speed once the run has ended"
    assert labels["loss"].text() != "Loss –" and "nan" not in labels["loss"].text()
    qtbot.waitUntil(lambda: win.evaluation.panel.evaluation() is not None, timeout=10_000)
    assert win.evaluation.panel.evaluation()["epoch"] == 2


# ----- controls that do something -----------------------------------------------------------
HYPER = (
    "optimizer",
    "lr",
    "lr_decay",
    "momentum",
    "batch",
    "epochs",
    "l1",
    "l2",
    "dropout",
    "patience",
    "loss",
    "init",
    "seed",
)
DATA = ("noise", "ratio", "validation", "points", "regenerate", "input_scale", "scale")


def _perceptron() -> Experiment:
    exp = Experiment(engine="numpy", model="perceptron")
    exp.data.name = "gate-or"
    exp.layers = []
    exp.training.batch_size = 4
    return exp


def _csv_experiment(tmp_path: Path) -> Experiment:
    path = tmp_path / "points.csv"
    rng = np.random.default_rng(1)
    rows = [f"{x:.3f},{y:.3f},{int(x * y > 0)}" for x, y in rng.uniform(-4, 4, (80, 2))]
    path.write_text("x,y,label\n" + "\n".join(rows) + "\n", encoding="utf-8")
    exp = xor_experiment()
    exp.data.name, exp.data.path = "csv", str(path)
    exp.training.batch_size = 10
    return exp


def _change(widget: QWidget) -> None:
    """Move a control to another value, as a user would."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QSpinBox

    from gui.common.controls import LabeledSlider

    if isinstance(widget, LabeledSlider):  # one stop along (back from the last one)
        index = widget.slider.value()
        widget.slider.setValue(index - 1 if index == widget.slider.maximum() else index + 1)
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex((widget.currentIndex() + 1) % widget.count())
    elif isinstance(widget, QSpinBox):
        widget.setValue(widget.value() + 1)
    elif isinstance(widget, QAbstractButton):
        widget.click()


def _dataset_fingerprint(win: MainWindow) -> bytes:
    trainer = win.trainer
    return trainer.dataset.x_train.tobytes() + trainer.dataset.x_test.tobytes()


@pytest.mark.parametrize("which", ["mlp", "perceptron", "csv"])
def test_every_enabled_control_changes_the_run(qtbot, make_window, tmp_path, which):
    exp = {"mlp": xor_experiment, "perceptron": _perceptron}.get(which)
    exp = exp() if exp else _csv_experiment(tmp_path)
    win = make_window(exp)
    hyper, data = win.experiment.hyper_panel, win.experiment.data_panel
    checked = 0
    for panel, names in ((hyper, HYPER), (data, DATA)):
        for name in names:
            widget = getattr(panel, name)
            if not widget.isEnabled():
                continue
            spec_before = win.spec_model.experiment.to_dict()
            run_before = win.experiment.running_spec.to_dict()
            data_before = _dataset_fingerprint(win)
            _change(widget)
            qtbot.wait(200)  # a throttled slider commits within 150 ms
            qtbot.waitUntil(lambda: win.trainer is not None, timeout=10_000)
            assert win.spec_model.experiment.to_dict() != spec_before, name
            changed_run = win.experiment.running_spec.to_dict() != run_before
            changed_data = _dataset_fingerprint(win) != data_before
            assert changed_run or changed_data, f"{name} is enabled but the run is the same"
            checked += 1
    assert checked >= 5


def test_the_lr_decay_control_decays_the_running_trainers_rate(qtbot, make_window):
    win = make_window(xor_experiment(epochs=50))
    trainer, slider = win.trainer, win.experiment.hyper_panel.lr_decay
    assert slider.value() == 1.0 and trainer.spec.training.lr_decay == 1.0
    slider.setValue(0.9)
    qtbot.waitUntil(lambda: trainer.spec.training.lr_decay == 0.9, timeout=5000)
    assert win.trainer is trainer, "the decay applies live, without a new network"
    assert win.spec_model.experiment.training.lr_decay == 0.9
    lr0 = trainer.spec.optimizer.lr
    win.session.resume()
    qtbot.waitUntil(lambda: trainer.epochs_done >= 3, timeout=15_000)
    win.session.pause()
    qtbot.waitUntil(lambda: win.session.state != "running", timeout=5000)
    epochs = trainer.epochs_done
    assert trainer.spec.optimizer.lr == pytest.approx(lr0 * 0.9**epochs)  # floor: 1e-7


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_momentum_is_on_exactly_for_the_optimizers_that_read_it(qtbot, make_window, optimizer):
    exp = xor_experiment()
    exp.optimizer.name = optimizer
    win = make_window(exp)
    momentum = win.experiment.hyper_panel.momentum
    assert momentum.isEnabled() == (optimizer in MOMENTUM_OPTIMIZERS)
    if not momentum.isEnabled():
        assert "momentum" in momentum.toolTip().lower()
        assert momentum.property(IGNORED_NOTE) in momentum.toolTip()


def test_the_perceptron_switches_off_what_it_ignores(qtbot, make_window):
    win = make_window(_perceptron())
    hyper, data = win.experiment.hyper_panel, win.experiment.data_panel
    for name in ("optimizer", "momentum", "l1", "l2", "dropout", "loss", "init"):
        assert not getattr(hyper, name).isEnabled(), name
    for name in ("lr", "batch", "epochs", "seed"):
        assert getattr(hyper, name).isEnabled(), name
    for name in ("noise", "points", "ratio", "regenerate"):  # a gate's four fixed points
        assert not getattr(data, name).isEnabled(), name
    # choosing an MLP gives them back (and drops the reasons from the tooltips)
    engine = win.experiment.designer.engine
    engine.setCurrentIndex(engine.findData("numpy:mlp"))
    for name in ("optimizer", "l1", "l2", "loss", "init"):
        widget = getattr(hyper, name)
        assert widget.isEnabled(), name
        assert "perceptron" not in widget.toolTip().lower()


def test_ignored_settings_follow_the_engines():
    exp = xor_experiment()
    exp.layers = []
    assert "dropout" in ignored_settings(exp)  # dropout follows hidden dense layers only
    exp.optimizer.name = "nesterov"
    assert "momentum" not in ignored_settings(exp)
    exp.data.name = "mnist"
    why = ignored_settings(exp)
    assert {"noise", "points", "ratio", "regenerate", "features"} <= set(why)
