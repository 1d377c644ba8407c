"""The seed lessons: every step builds and trains, and the cheap outcomes they promise happen."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QAction

from engine.data.datasets import Dataset, load_dataset
from engine.data.mnist import ENV_VAR
from engine.experiment.presets import seed0_mlp, seed1_cnn, seed2_cnn
from engine.experiment.spec import SpecError
from engine.teaching.lessons import LESSONS, RACE_OPTIMIZERS, lesson, race_experiment
from engine.teaching.neuron import neuron_steps
from engine.teaching.outcomes import generalisation_gap
from engine.training.trainer import Trainer, TrainingDiverged
from tests.keras_backend import needs_keras

STEPS = [(item, i) for item in LESSONS for i in range(len(item.steps))]
POINT_STEPS = [(item, i) for item, i in STEPS if not item.experiment(i).data.is_image]
CHECKED = [(item, i) for item, i in POINT_STEPS if item.steps[i].expect is not None]


def _label(param) -> str:
    return f"{param[0].number}.{param[1] + 1}" if isinstance(param, tuple) else str(param)


def train_to_end(exp) -> Trainer:
    trainer = Trainer(exp, load_dataset(exp.data))
    while not trainer.finished:
        try:
            trainer.step()
        except TrainingDiverged:
            break
    return trainer


def test_eleven_lessons_with_their_follow_up_steps():
    numbers = [item.number for item in LESSONS]
    assert numbers[:11] == list(range(1, 12)) and numbers == sorted(set(numbers))
    assert lesson(15).id == "batchnorm-order"
    with_steps = {item.number for item in LESSONS if len(item.steps) > 1}
    assert {2, 4, 5, 6, 7} <= with_steps
    assert lesson(7).race and [s.title for s in lesson(7).steps] == [
        "SGD",
        "Momentum",
        "Nesterov",
        "Adagrad",
        "RMSprop",
        "Adam",
    ]
    assert lesson("overfitting") is lesson(6) is lesson("6")
    with pytest.raises(SpecError, match="unknown lesson"):
        lesson(99)
    with pytest.raises(SpecError, match="steps 1-2"):
        lesson(2).experiment(2)


@pytest.mark.parametrize("step", STEPS, ids=_label)
def test_every_step_is_a_valid_experiment_with_a_note(step):
    item, i = step
    exp = item.experiment(i).validate()
    assert item.steps[i].note and exp.preset
    assert item.experiment(i) is not item.experiment(i)  # fresh each time: safe to edit


def test_mnist_lessons_replay_the_seed_presets():
    for number, make in ((8, seed0_mlp), (9, seed1_cnn), (10, seed2_cnn)):
        assert lesson(number).needs_mnist
        assert lesson(number).experiment(0).to_dict() == make().to_dict()
    assert not any(lesson(n).needs_mnist for n in range(1, 8))


@pytest.mark.parametrize(("number", "said"), [(8, "5,000"), (9, "20 %"), (10, "5,000")])
def test_the_mnist_lessons_state_the_validation_split_they_use(number, said):
    step = lesson(number).steps[0]
    held_out = step.make().data.validation_split
    assert f"{said} of the training set is held out" in step.note or (
        f"{said} training images are held out for validation" in step.note
    )
    assert {"5,000": 5_000 / 60_000, "20 %": 0.2}[said] == held_out


@pytest.mark.parametrize("step", POINT_STEPS, ids=_label)
def test_numpy_steps_train_a_few_batches(step):
    item, i = step
    exp = item.experiment(i)
    trainer = Trainer(exp, load_dataset(exp.data))
    for _ in range(3):
        if trainer.finished:
            break
        try:
            batch, _ = trainer.step()
        except TrainingDiverged:
            break
        assert np.isfinite(batch.loss) or item.number == 5


@pytest.mark.parametrize("step", CHECKED, ids=_label)
def test_each_step_shows_what_it_promises(step):
    """OR reaches 100 %, the perceptron never learns XOR, the high rate diverges, the deep
    sigmoid stalls while ReLU + He learns, the big net over-fits and each cure helps."""
    item, i = step
    trainer = train_to_end(item.experiment(i))
    assert item.steps[i].expect(trainer), f"{item.title}: {item.steps[i].expect_text}"


def test_the_headline_outcomes():
    or_run = train_to_end(lesson(1).experiment(0))
    assert or_run.history[-1].val_accuracy == 1.0 and or_run.stopped == "completed"
    xor_run = train_to_end(lesson(2).experiment(0))
    assert xor_run.history[-1].val_accuracy < 1.0 and xor_run.epochs_done == 100
    assert "hidden layer" in xor_run.message
    high = train_to_end(lesson(5).experiment(0))
    assert high.stopped == "diverged" and "lower learning rate" in high.message
    plain, l2 = train_to_end(lesson(6).experiment(0)), train_to_end(lesson(6).experiment(1))
    assert generalisation_gap(l2) < generalisation_gap(plain)


def test_the_numbers_the_notes_quote():
    """Each figure a lesson note states about its own run is what the run shows."""
    delta = train_to_end(lesson(1).experiment(1))  # "the loss falls from about 1.7"
    assert "about 1.7" in lesson(1).steps[1].note
    assert delta.history[0].loss == pytest.approx(1.7, abs=0.05)
    assert delta.stopped == "completed" and delta.epochs_done < 100  # stops once separated
    assert "all 0" not in lesson(3).steps[0].note and "bias b to 0" in lesson(3).steps[0].note
    sigmoid = train_to_end(lesson(4).experiment(0))  # "the loss sits near 0.69"
    assert all(0.66 < r.loss < 0.72 for r in sigmoid.history[5:])
    high = train_to_end(lesson(5).experiment(0))  # "within two epochs the loss is infinite"
    assert high.stopped == "diverged" and len(high.history) <= 2
    assert "last finite step are kept" in high.message  # "keeps the last finite weights"
    assert "never ran" in lesson(9).steps[0].note  # tutorial 2's augmentation was a string


def test_the_one_neuron_lesson_quotes_what_the_neuron_computes():
    """Lesson 11's note works Tutorial 4's neuron; its numbers are `neuron_steps`'s."""
    note = lesson("one-neuron").steps[0].note
    steps = neuron_steps([0, 1], 4, [2, 3], "sigmoid")
    assert steps.weighted_sum == 3 and steps.z == 7
    for figure in ("w = [0, 1]", "b = 4", "x = [2, 3]", "= 3,", "= 7", f"{steps.output:.4f}"):
        assert figure in note, figure
    assert "View › One neuron" in note
    assert lesson(11).experiment(0).layers == []  # one neuron: no hidden layer


def test_the_backprop_lesson_step_moves_the_weight_to_the_value_shown():
    """Lesson 12: the three gradients agree, and with XOR's four points as one batch a Step
    moves the weight to the value the Backprop view shows after one step."""
    from engine.teaching.backprop import weight_gradient
    from gui.window.docks import PLACEMENT

    item = lesson("backprop-one-weight")
    note = item.steps[0].note
    assert item.number == 12 and "View › Backprop" in note
    assert "∂L/∂w = ∂L/∂out × ∂out/∂net × ∂net/∂w" in note and "Tutorial 4" in note
    assert item.steps[0].opens in PLACEMENT
    trainer = Trainer(item.experiment(0), load_dataset(item.experiment(0).data))
    assert trainer.batch_size == len(trainer.y_train) == 4
    for layer, i, j in ((0, 1, 0), (1, 0, 0), (1, None, 0)):
        g = weight_gradient(trainer.model, trainer.x_train, trainer.y_train, layer, j, i)
        assert g.chain == pytest.approx(g.engine_gradient, rel=1e-6)
        assert g.numerical_gradient == pytest.approx(g.engine_gradient, rel=1e-5)
        trainer.step()
        w, b = trainer.model.dense_weights()[layer]
        now = float(b[j] if i is None else w[i, j])
        assert now == pytest.approx(g.w_after, rel=1e-5, abs=1e-6) and now != g.w_before


def test_the_race_is_won_by_an_adaptive_or_momentum_method():
    finals = {}
    for name in ("sgd", "adam"):
        finals[name] = train_to_end(race_experiment(name)).history[-1].loss
    assert finals["adam"] < finals["sgd"] / 2
    assert [race_experiment(n).optimizer.name for n in RACE_OPTIMIZERS] == list(RACE_OPTIMIZERS)


def _fake_images(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    y = rng.integers(0, 10, n)
    x = rng.random((n, 28, 28, 1), dtype=np.float32) * 0.1
    for k, label in enumerate(y):
        x[k, 2 + 2 * label : 4 + 2 * label, 4:24, 0] = 1.0
    return x, y.astype(np.int64)


@needs_keras
def test_mnist_lessons_build_on_tiny_images():
    """Built, not trained: tracing three Keras training steps would cost seconds each, and
    the presets' training is covered by the Keras engine's own tests."""
    rng = np.random.default_rng(0)
    (x, y), (xt, yt) = _fake_images(32, rng), _fake_images(16, rng)
    no_val = (np.zeros((0, 28, 28, 1), np.float32), np.zeros(0, np.int64))
    data = Dataset("mnist", x, y, *no_val, xt, yt, 10, list("0123456789"), "image")
    for number in (8, 9, 10):
        exp = lesson(number).experiment(0)
        exp.data.validation_split = 0.0
        exp.training.batch_size = 16
        trainer = Trainer(exp, data)
        probs = trainer.model.predict_proba(trainer.x_test[:4])
        assert probs.shape == (4, 10) and np.allclose(probs.sum(axis=1), 1, atol=1e-4)


# ----- the Lessons menu in the window ------------------------------------------------------
pytestmark_gui = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def window(qtbot):
    from gui.window.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.trainer is not None, timeout=5000)
    return win


def _menu_action(win, number: int) -> QAction:
    action = win.findChild(QAction, f"lesson-{number}")
    assert action is not None and action in win.menus["lessons"].actions()
    return action


@pytestmark_gui
def test_choosing_a_lesson_loads_it_and_shows_its_note(qtbot, window):
    _menu_action(window, 1).trigger()
    qtbot.waitUntil(
        lambda: window.trainer is not None and window.trainer.spec.model == "perceptron"
    )
    exp = window.spec_model.experiment
    assert (exp.model, exp.data.name) == ("perceptron", "gate-or")
    panel = window.lessons.panel
    assert window.docks["lessonPanelDock"].isVisibleTo(window)
    assert "Lesson 1" in panel.title.text() and "w ← w + η(t − y)x" in panel.note.text()
    assert "Look for: 100 %" in panel.outcome.text()
    window.findChild(QAction, "actionTrain").trigger()
    qtbot.waitUntil(lambda: panel.outcome.text().startswith("✓"), timeout=10_000)
    panel.next_button.click()  # the tutorial's ReLU unit
    assert window.spec_model.experiment.training.perceptron_rule == "delta"
    assert "step 2 of 3" in panel.title.text()
    panel.next_button.click()  # the tutorial as written: N(0, 1) start, all 100 epochs
    exp = window.spec_model.experiment
    assert (exp.training.init, exp.training.stop_when_separated) == ("normal", False)
    assert "step 3 of 3" in panel.title.text() and not panel.next_button.isEnabled()


@pytestmark_gui
def test_next_step_walks_a_lesson_and_mnist_lessons_ask_for_mnist(
    qtbot, window, monkeypatch, tmp_path
):
    _menu_action(window, 6).trigger()
    panel = window.lessons.panel
    for step in range(1, 4):
        panel.next_button.click()
        assert panel.index == step
    assert window.spec_model.experiment.training.early_stopping == 10
    rng = np.random.default_rng(1)
    (x, y), (xt, yt) = _fake_images(20, rng), _fake_images(10, rng)
    fake = tmp_path / "mnist.npz"  # so nothing is downloaded: the worker finds this file
    u8 = {"x_train": x[..., 0] * 255, "y_train": y, "x_test": xt[..., 0] * 255, "y_test": yt}
    np.savez(fake, **{k: v.astype(np.uint8) for k, v in u8.items()})
    monkeypatch.setenv(ENV_VAR, str(fake))
    asked = []
    monkeypatch.setattr(
        window.experiment.data_panel.source, "verify", lambda *where: asked.append(where)
    )
    _menu_action(window, 8).trigger()
    assert asked == [("mnist", None)] and window.spec_model.experiment.preset == "seed0-mlp"
    assert not panel.next_button.isVisible()


def test_lesson_15_compares_batchnorm_before_and_after_relu():
    """What lesson 15's notes say about its runs: both orders reach 90 %, within 7 points of
    each other, neither ahead for every seed; without BatchNorm the training loss ends below
    0.02 while both BatchNorm runs end above 0.09, and their loss with the running averages
    is lower than in training."""
    from engine.teaching.lessons import batchnorm_order

    item = lesson(15)
    assert "BatchNorm paper puts BN in front of each ReLU" in item.steps[0].note
    kinds = [la.type for la in item.experiment(0).layers[:3]]
    assert kinds == ["dense", "batchnorm", "activation"]
    assert item.experiment(0).layers[0].activation == "linear"
    assert [la.type for la in item.experiment(1).layers[:2]] == ["dense", "batchnorm"]
    ahead = set()
    for seed in range(2):
        before, after = (train_to_end(batchnorm_order(o, seed)) for o in ("before", "after"))
        acc_b, acc_a = before.history[-1].val_accuracy, after.history[-1].val_accuracy
        assert acc_b >= 0.9 and acc_a >= 0.9 and abs(acc_b - acc_a) <= 0.07 + 1e-9
        ahead.add("before" if acc_b > acc_a else "after" if acc_a > acc_b else "tie")
        for run in (before, after):
            assert run.history[-1].loss > 0.09
            assert run.model.evaluate(run.x_train, run.y_train)[0] < run.history[-1].loss
    assert {"before", "after"} <= ahead  # "neither is ahead for every seed"
    plain = train_to_end(lesson(15).experiment(2))
    assert plain.history[-1].loss < 0.02 and plain.history[-1].val_accuracy == 1.0
