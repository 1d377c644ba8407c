"""Issue #12, "Teach it right": what the source tutorials teach is in the app, and true.

1. The coverage table: one row per concept of ../shared/REFERENCE.md's "What the source
   tutorials teach". Each row names the control or view that touches it (an objectName in the
   built window, and where it matters the option that control offers), the explanation
   (resources/explanations.json) whose text mentions it, and the lesson step whose experiment
   uses it or whose note teaches it. The tests check all three against the real code.
2. The claims list: every sentence of a lesson or an explanation that states a number or a
   measurable outcome, with the test that checks it (here or elsewhere in tests/). A lesson
   sentence with a figure in it that is not listed fails `test_every_figure_in_a_lesson_is_listed`.
   The MNIST accuracies of lessons 8 and 10 are not trained here: they must agree with the
   figures bench/bench_keras.py recorded in BENCHMARKS.md.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from engine.data.datasets import load_dataset
from engine.experiment.presets import lenet5, seed0_mlp, seed1_cnn, seed2_cnn
from engine.experiment.spec import DataSpec, Experiment, LayerSpec, OptimizerSpec, TrainingSpec
from engine.models.numpy.activations import get_activation
from engine.models.numpy.initializers import init_kernel
from engine.models.numpy.layers import BatchNorm, Dropout
from engine.models.numpy.losses import CategoricalCrossentropyHead
from engine.models.numpy.optimizers import make_optimizer
from engine.teaching.lessons import LESSONS, Step, _overfit, lesson
from engine.teaching.surfaces import surface
from engine.training.trainer import Trainer, TrainingDiverged
from gui.help.explanations import explanations
from tests.keras_backend import needs_keras

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def train_to_end(exp: Experiment) -> Trainer:
    trainer = Trainer(exp, load_dataset(exp.data))
    while not trainer.finished:
        try:
            trainer.step()
        except TrainingDiverged:
            break
    return trainer


# ----- 1. the coverage table ----------------------------------------------------------------
def _exp(check: Callable[[Experiment], bool]) -> Callable[[Step], bool]:
    return lambda step: check(step.make())


def _dense(activation: str) -> Callable[[Step], bool]:
    return _exp(
        lambda e: any(la.type == "dense" and la.activation == activation for la in e.layers)
    )


def _has(layer_type: str) -> Callable[[Step], bool]:
    return _exp(lambda e: any(la.type == layer_type for la in e.layers))


def _optimizer(name: str) -> Callable[[Step], bool]:
    return _exp(lambda e: e.optimizer.name == name)


def _conv_filters(e: Experiment) -> list[int]:
    return [la.filters for la in e.layers if la.type == "conv2d"]


@dataclass(frozen=True)
class Concept:
    name: str
    control: str  # objectName of the control or view in the built window
    key: str  # its explanation in resources/explanations.json
    says: tuple[str, ...]  # what that explanation's text mentions
    at: tuple[int, int]  # (lesson, step from 1) that shows it
    uses: Callable[[Step], bool] | None = None  # the step's experiment uses it ...
    teaches: tuple[str, ...] = ()  # ... and/or its title, note or outcome says these
    offers: str = ""  # the option the control (a combo box) offers, by data or text


CONCEPTS = (
    Concept(
        "the perceptron on an OR gate",
        "modelChoice",
        "perceptronRule",
        ("Rosenblatt", "Tutorial 1"),
        (1, 1),
        _exp(lambda e: e.model == "perceptron" and e.data.name == "gate-or"),
        offers="numpy:perceptron",
    ),
    Concept(
        "the perceptron as a logit plus a step, and its decision boundary",
        "boundaryPlot",
        "modelChoice",
        ("z = w·x + b", "threshold", "straight line", "hyperplane"),
        (1, 1),
        _exp(lambda e: e.training.perceptron_rule == "rosenblatt"),
        ("step output", "decision line"),
    ),
    Concept(
        "XOR needs a hidden layer",
        "hiddenLayerCount",
        "datasetPicker",
        ("XOR cannot",),
        (2, 2),
        _exp(lambda e: e.data.name == "gate-xor" and len(e.layers) == 1),
        ("hidden layer",),
    ),
    Concept(
        "a 2-layer network from scratch: sigmoid, SSE, backprop, gradient descent",
        "backpropSteps",
        "backpropSteps",
        ("chain rule", "w − lr × ∂L/∂w"),
        (3, 1),
        _exp(
            lambda e: (
                [la.activation for la in e.layers] == ["sigmoid"]
                and (e.loss, e.optimizer.name, e.training.epochs) == ("sse", "sgd", 1500)
            )
        ),
    ),
    Concept(
        "MLP 784-256-256-10 on MNIST",
        "preset-seed0-mlp",
        "modelChoice",
        ("multi-layer perceptron (MLP)",),
        (8, 1),
        _exp(lambda e: e.data.name == "mnist" and [la.units for la in e.layers] == [256, 256]),
    ),
    Concept(
        "the Keras CNN of tutorial 001",
        "preset-tutorial2-cnn-as-written",
        "modelChoice",
        ("convolutional network (CNN)",),
        (9, 1),
        _exp(lambda e: _conv_filters(e) == [4, 8, 16] and e.optimizer.name == "nesterov"),
    ),
    Concept(
        "a LeNet-style CNN",
        "preset-seed2-cnn",
        "addLayer_avgpool",
        ("LeNet",),
        (10, 1),
        _exp(lambda e: _conv_filters(e) == [32, 64] and 1024 in [la.units for la in e.layers]),
    ),
    Concept(
        "N(0, 1) initialisation of weights and biases",
        "weightInit",
        "weightInit",
        ("N(0, 1)",),
        (1, 3),
        _exp(lambda e: e.training.init == "normal"),
        ("N(0, 1)",),
        offers="normal",
    ),
    Concept(
        "one neuron by hand",
        "neuronPanel",
        "neuronPanel",
        ("σ(7) = 0.9991",),
        (11, 1),
        lambda step: step.opens == "neuronPanelDock",
        ("σ(7) = 0.9991",),
    ),
    Concept(
        "the linear activation",
        "activationChoice",
        "neuronActivation",
        ("linear passes z through",),
        (5, 1),
        _exp(lambda e: e.output_activation == "linear"),
        offers="linear",
    ),
    Concept(
        "the step activation",
        "activationChoice",
        "neuronActivation",
        ("step gives 1 when z ≥ 0",),
        (1, 1),
        _exp(lambda e: e.model == "perceptron"),
        ("step output",),
        offers="step",
    ),
    Concept(
        "the sigmoid activation",
        "activationChoice",
        "layerActivation",
        ("σ(z) = 1/(1 + e⁻ᶻ)",),
        (3, 1),
        _dense("sigmoid"),
        offers="sigmoid",
    ),
    Concept(
        "the tanh activation",
        "activationChoice",
        "layerActivation",
        ("tanh′(z) = 1 − tanh²(z)",),
        (2, 2),
        _dense("tanh"),
        offers="tanh",
    ),
    Concept(
        "the ReLU activation",
        "activationChoice",
        "layerActivation",
        ("ReLU(z) = max(0, z)",),
        (4, 2),
        _dense("relu"),
        offers="relu",
    ),
    Concept(
        "the softmax activation",
        "activationChoice",
        "probabilityBars",
        ("softmax",),
        (8, 1),
        _exp(lambda e: e.loss == "categorical_crossentropy"),
        ("softmax",),
        offers="softmax",
    ),
    Concept(
        "saturation and vanishing gradients",
        "gradientNorms",
        "layerActivation",
        ("saturate", "gradients vanish"),
        (4, 1),
        _exp(lambda e: [la.activation for la in e.layers] == ["sigmoid"] * 6),
        ("σ'(z) is at most 0.25",),
    ),
    Concept(
        "ReLU gives sparse activations",
        "insideActivations",
        "layerActivation",
        ("sparse activations",),
        (4, 2),
        _dense("relu"),
        ("sparse",),
    ),
    Concept(
        "He initialisation goes with ReLU",
        "weightInit",
        "weightInit",
        ("He initialisation suits ReLU",),
        (4, 2),
        _exp(lambda e: e.training.init == "he" and e.layers[0].activation == "relu"),
        ("He initialisation",),
        offers="he",
    ),
    Concept(
        "scale the inputs",
        "inputScaling",
        "inputScaling",
        ("Standardize", "x′ = (x − μ_train) / σ_train"),
        (5, 5),
        _exp(lambda e: e.data.scale == "standardize"),
        ("Input scaling",),
        offers="standardize",
    ),
    Concept(
        "L1 keeps weights small",
        "l1Rate",
        "l1Rate",
        ("λΣ|w|",),
        (6, 2),
        None,
        ("L1", "λΣ|w|"),
    ),
    Concept(
        "L2 keeps weights small",
        "l2Rate",
        "l2Rate",
        ("λΣw²",),
        (6, 2),
        _exp(lambda e: e.training.l2 > 0),
        ("λΣw²",),
    ),
    Concept(
        "the MSE loss",
        "lossFunction",
        "lossFunction",
        ("MSE = SSE / n", "Squared error"),
        (5, 1),
        _exp(lambda e: e.loss == "mse"),
        ("squared error",),
        offers="mse",
    ),
    Concept(
        "the cross-entropy loss",
        "lossFunction",
        "lossFunction",
        ("Cross-entropy", "CE = −Σ tᵢ log pᵢ"),
        (8, 1),
        _exp(lambda e: e.loss == "categorical_crossentropy"),
        ("cross-entropy",),
        offers="categorical_crossentropy",
    ),
    *(
        Concept(
            f"the {title} optimizer",
            "optimizerChoice",
            "optimizerChoice",
            (title,),
            (7, i + 1),
            _optimizer(name),
            (title,),
            offers=name,
        )
        for i, (name, title) in enumerate(
            (
                ("sgd", "SGD"),
                ("momentum", "Momentum"),
                ("nesterov", "Nesterov"),
                ("adagrad", "Adagrad"),
                ("rmsprop", "RMSprop"),
                ("adam", "Adam"),
            )
        )
    ),
    Concept(
        "the Nadam optimizer",
        "surfaceOptimizer_nadam",
        "optimizerChoice",
        ("Nadam is Adam with Nesterov's look-ahead",),
        (13, 2),
        lambda step: step.surface is not None and "nadam" in step.surface.settings.optimizers,
        ("Nadam",),
    ),
    Concept(
        "BatchNorm",
        "addLayer_batchnorm",
        "addLayer_batchnorm",
        ("mean 0 and variance 1 over the batch",),
        (15, 1),
        _has("batchnorm"),
        ("BatchNorm",),
    ),
    Concept(
        "early stopping",
        "earlyStopping",
        "earlyStopping",
        ("validation loss", "never the test set"),
        (6, 4),
        _exp(lambda e: e.training.early_stopping > 0),
        ("validation loss",),
    ),
    Concept(
        "weight decay, λ chosen on validation data",
        "l2Rate",
        "l2Rate",
        ("Choose λ by watching the validation loss",),
        (6, 2),
        _exp(lambda e: e.training.l2 > 0),
        ("λ is chosen on validation data",),
    ),
    Concept(
        "dropout",
        "dropout",
        "dropout",
        ("inverted dropout",),
        (6, 3),
        _exp(lambda e: e.training.dropout > 0),
        ("switches off 30 %",),
    ),
    Concept(
        "convolution: the number of kernels",
        "layerFilters",
        "layerFilters",
        ("filter",),
        (10, 1),
        _has("conv2d"),
        ("32 filters",),
    ),
    Concept(
        "convolution: the kernel size",
        "layerKernel",
        "layerKernel",
        ("kernel", "k − 1 pixels smaller"),
        (10, 1),
        _has("conv2d"),
        ("5×5 kernels",),
    ),
    Concept(
        "convolution: the stride",
        "layerStride",
        "layerStride",
        ("Stride 1",),
        (10, 1),
        _exp(lambda e: {la.stride for la in e.layers if la.type == "conv2d"} == {1}),
        ("stride 1",),
    ),
    Concept(
        "convolution: zero padding",
        "layerPadding",
        "layerPadding",
        ("zeros around the border",),
        (10, 1),
        _exp(lambda e: {la.padding for la in e.layers if la.type == "conv2d"} == {"valid"}),
        ("no zero padding",),
        offers="same",
    ),
    Concept(
        "max pooling",
        "addLayer_maxpool",
        "layerPoolSize",
        ("max pooling", "no weights"),
        (10, 1),
        _has("maxpool"),
        ("max pooling", "Pooling has no weights"),
    ),
    Concept(
        "average pooling",
        "addLayer_avgpool",
        "layerPoolSize",
        ("average pooling",),
        (10, 1),
        None,
        ("pools by averaging",),
    ),
    Concept(
        "fully connected layers",
        "addLayer_dense",
        "addLayer_dense",
        ("fully connected",),
        (8, 1),
        _has("dense"),
    ),
    Concept(
        "epoch, batch and iteration",
        "batchSize",
        "batchSize",
        ("iteration", "epoch", "5000/500 = 10"),
        (6, 1),
        _exp(lambda e: e.training.batch_size == 10),
        ("batches of 10", "3 iterations", "epoch"),
    ),
    Concept(
        "the learning rate",
        "learningRate",
        "learningRate",
        ("learning rate η",),
        (5, 1),
        _exp(lambda e: e.optimizer.lr == 1.0),
        ("learning rate",),
    ),
    Concept(
        "weights and biases",
        "networkGraph",
        "neuronBias",
        ("z = w·x + b",),
        (11, 1),
        None,
        ("weights w", "bias b"),
    ),
    Concept(
        "input, hidden and output layers",
        "hiddenLayerCount",
        "hiddenLayerCount",
        ("between the inputs and the output",),
        (2, 2),
        _exp(lambda e: len(e.layers) == 1),
        ("between input and output", "hidden layer"),
    ),
)


def _text(key: str) -> str:
    entry = explanations()[key]
    return " ".join((entry.title, entry.tip, entry.what, entry.formula))


def _step_text(step: Step) -> str:
    return " ".join((step.title, step.note, step.expect_text))


@pytest.mark.parametrize("concept", CONCEPTS, ids=lambda c: c.name)
def test_every_concept_is_explained_and_shown_by_a_lesson(concept):
    text = _text(concept.key)
    assert [w for w in concept.says if w.lower() not in text.lower()] == [], concept.key
    number, index = concept.at
    step = lesson(number).steps[index - 1]
    assert concept.uses is not None or concept.teaches, "a lesson must use it or teach it"
    if concept.uses is not None:
        assert concept.uses(step), f"lesson {number}.{index} does not use {concept.name}"
    said = _step_text(step).lower()
    assert [w for w in concept.teaches if w.lower() not in said] == [], f"{number}.{index}"


def test_the_table_covers_every_concept_of_the_reference_list():
    """The rows' names, against the reference list's concepts (kept in step by hand: the list
    is prose)."""
    names = " ".join(c.name for c in CONCEPTS)
    for concept in (
        "OR gate", "decision boundary", "XOR", "2-layer", "784-256-256-10", "tutorial 001",
        "LeNet", "N(0, 1)", "one neuron", "linear", "step", "sigmoid", "tanh", "ReLU",
        "softmax", "vanishing", "sparse", "He init", "scale the inputs", "L1", "L2", "MSE",
        "cross-entropy", "SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop", "Adam", "Nadam",
        "BatchNorm", "early stopping", "validation data", "dropout", "kernels", "kernel size",
        "stride", "zero padding", "max pooling", "average pooling", "fully connected",
        "iteration", "learning rate", "weights and biases", "hidden and output",
    ):  # fmt: skip
        assert concept in names, concept


def test_every_concept_has_its_control_or_view_in_the_window(make_window):
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QComboBox

    win = make_window()
    missing, not_offered = [], []
    for concept in CONCEPTS:
        if win.findChild(QObject, concept.control) is None:
            missing.append(concept.control)
        elif concept.offers:
            combo = win.findChild(QComboBox, concept.control)
            items = {combo.itemData(i) for i in range(combo.count())}
            items |= {combo.itemText(i) for i in range(combo.count())}
            if concept.offers not in items:
                not_offered.append(f"{concept.control}: {concept.offers}")
    assert missing == [] and not_offered == []


# ----- 2. the claims list -------------------------------------------------------------------
# (where, words it says, the test that checks it). where: "L<lesson>.<step>" (its title, note
# and outcome) or an explanations.json key. A test is "file::function"; "this" is this file.
CLAIMS = (
    ("L1.1", "100 % accuracy", "test_lessons.py::test_each_step_shows_what_it_promises"),
    (
        "L1.1",
        "w ← w + η(t − y)x",
        "test_numpy_perceptron.py::test_rosenblatt_loss_counts_mistakes_and_batches_sum_updates",
    ),  # noqa: E501
    ("L1.2", "from about 1.7", "test_lessons.py::test_the_numbers_the_notes_quote"),
    ("L1.2", "learning rate 0.01", "this::test_the_settings_the_notes_state"),
    (
        "L1.2",
        "the tutorial's from 2.07",
        "test_numpy_perceptron.py::test_delta_rule_reproduces_the_tutorial_curve",
    ),  # noqa: E501
    (
        "L1.3",
        "from 2.05 after the first epoch",
        "this::test_lesson_1_as_written_runs_100_epochs_from_2_05_to_0_26",
    ),  # noqa: E501
    (
        "L1.3",
        "0.26 after the last",
        "this::test_lesson_1_as_written_runs_100_epochs_from_2_05_to_0_26",
    ),  # noqa: E501
    ("L1.3", "all 100 epochs", "this::test_lesson_1_as_written_runs_100_epochs_from_2_05_to_0_26"),  # noqa: E501
    (
        "L1.3",
        "2.07 to 0.27",
        "test_presets.py::test_tutorial1_perceptron_trains_all_100_epochs_as_the_tutorial_prints",
    ),  # noqa: E501
    ("L2.1", "After 100 epochs", "test_lessons.py::test_the_headline_outcomes"),
    ("L2.2", "Four tanh neurons", "this::test_the_settings_the_notes_state"),
    ("L3.1", "1500 times", "this::test_the_settings_the_notes_state"),
    ("L3.1", "starting at 0.1", "this::test_the_settings_the_notes_state"),
    ("L3.1", "falls at every single iteration", "this::test_the_settings_the_notes_state"),
    ("L4.1", "σ'(z) is at most 0.25", "this::test_sigmoid_slope_at_most_a_quarter_relu_slope_one"),
    ("L4.1", "near 0.69", "test_lessons.py::test_the_numbers_the_notes_quote"),
    ("L4.1", "below 70 %", "test_lessons.py::test_each_step_shows_what_it_promises"),
    ("L4.2", "ReLU's derivative is 1", "this::test_sigmoid_slope_at_most_a_quarter_relu_slope_one"),
    (
        "L4.2",
        "about half of these hidden outputs are exactly 0",
        "this::test_lesson_4_relu_outputs_are_sparse",
    ),  # noqa: E501
    ("L4.2", "variance 2/n_in", "this::test_he_keeps_the_signal_size_and_glorot_halves_it"),
    ("L4.2", "signal keeps its size", "this::test_he_keeps_the_signal_size_and_glorot_halves_it"),
    ("L4.2", "halves at every layer", "this::test_he_keeps_the_signal_size_and_glorot_halves_it"),
    ("L4.2", "90 % accuracy or more", "test_lessons.py::test_each_step_shows_what_it_promises"),
    ("L5.1", "learning rate 1", "this::test_the_settings_the_notes_state"),
    ("L5.1", "within two epochs", "test_lessons.py::test_the_numbers_the_notes_quote"),
    ("L5.2", "0.00001", "this::test_the_settings_the_notes_state"),
    ("L5.2", "less than 10 %", "test_lessons.py::test_each_step_shows_what_it_promises"),
    ("L5.3", "At 0.03", "this::test_the_settings_the_notes_state"),
    (
        "L5.4",
        "multiplied by 100",
        "test_input_scaling.py::test_the_scaling_lesson_steps_differ_only_in_scaling",
    ),  # noqa: E501
    ("L5.4", "the tens or hundreds", "this::test_lesson_5_scaled_sums_are_in_the_tens_or_hundreds"),
    ("L5.5", "near ±1", "test_input_scaling.py::test_standardize_uses_the_training_rows_only"),
    ("L6.1", "Three layers of 32 ReLUs for 30 noisy", "this::test_lesson_6_overfits_as_it_says"),
    ("L6.1", "reaches 100 %", "this::test_lesson_6_overfits_as_it_says"),
    ("L6.1", "validation loss turns upwards", "this::test_lesson_6_overfits_as_it_says"),
    ("L6.1", "3 iterations", "this::test_lesson_6_overfits_as_it_says"),
    ("L6.1", "≥ 20 points above", "test_lessons.py::test_each_step_shows_what_it_promises"),
    ("L6.2", "λ = 0.03", "this::test_lesson_6_lambda_is_the_one_validation_data_picks"),
    (
        "L6.2",
        "0.03 ends with the lowest",
        "this::test_lesson_6_lambda_is_the_one_validation_data_picks",
    ),  # noqa: E501
    ("L6.2", "sets some weights to exactly", "this::test_lesson_6_l1_sets_weights_to_exactly_zero"),
    ("L6.3", "30 %", "this::test_the_settings_the_notes_state"),
    ("L6.4", "10 epochs", "this::test_the_settings_the_notes_state"),
    *(
        (
            f"L7.{i}",
            "learning rate 0.01",
            "test_lessons.py::test_the_race_is_won_by_an_adaptive_or_momentum_method",
        )  # noqa: E501
        for i in range(1, 7)
    ),
    ("L8.1", "784 pixels", "test_presets.py::test_seed_hyperparameters_are_the_tutorials"),
    (
        "L8.1",
        "5,000 training images",
        "test_lessons.py::test_the_mnist_lessons_state_the_validation_split_they_use",
    ),  # noqa: E501
    ("L8.1", "98 % test accuracy", "this::test_mnist_accuracies_agree_with_benchmarks"),
    ("L8.1", "Adam at 0.001, batches of 100", "this::test_the_settings_the_notes_state"),
    ("L9.1", "4 and 8 tanh filters", "this::test_the_settings_the_notes_state"),
    ("L9.1", "20 %", "test_lessons.py::test_the_mnist_lessons_state_the_validation_split_they_use"),
    (
        "L9.1",
        "rotated, shifted and zoomed, never flipped",
        "this::test_lesson_9_augments_without_flips",
    ),  # noqa: E501
    ("L10.1", "32 filters of 5×5 and 64 of 3×3", "this::test_lesson_10_shapes_and_pooling"),
    ("L10.1", "into 24×24 maps", "this::test_lesson_10_shapes_and_pooling"),
    ("L10.1", "About 99 % after 3 epochs", "this::test_mnist_accuracies_agree_with_benchmarks"),
    (
        "L10.1",
        "5,000 training images",
        "test_lessons.py::test_the_mnist_lessons_state_the_validation_split_they_use",
    ),  # noqa: E501
    ("L11.1", "the line where z = 0", "this::test_a_perceptrons_boundary_is_flat_in_its_inputs"),  # noqa: E501
    (
        "L11.1",
        "σ(7) = 0.9991",
        "test_lessons.py::test_the_one_neuron_lesson_quotes_what_the_neuron_computes",
    ),  # noqa: E501
    (
        "L12.1",
        "all three agree",
        "test_lessons.py::test_the_backprop_lesson_step_moves_the_weight_to_the_value_shown",
    ),  # noqa: E501
    (
        "L13.1",
        "500 steps at learning rate 0.001",
        "test_surfaces.py::test_the_surface_lesson_outcomes_and_the_figures_its_notes_quote",
    ),  # noqa: E501
    (
        "L13.2",
        "within two steps",
        "test_surfaces.py::test_the_surface_lesson_outcomes_and_the_figures_its_notes_quote",
    ),  # noqa: E501
    (
        "L14.1",
        "(x1 + x2) / 10",
        "test_regression.py::test_plane_is_x_plus_y_over_ten_on_playgrounds_square",
    ),  # noqa: E501
    ("L14.1", "R² of 0.99 or more", "test_lessons.py::test_each_step_shows_what_it_promises"),
    ("L14.2", "within 0.25 of 0", "test_regression.py::test_lesson_14_quotes_what_its_runs_show"),
    (
        "L14.3",
        "200 training points",
        "test_regression.py::test_lesson_14_quotes_what_its_runs_show",
    ),  # noqa: E501
    (
        "L15.1",
        "β, which starts at 0",
        "this::test_lesson_15_beta_starts_at_0_and_the_bias_learns_nothing",
    ),  # noqa: E501
    (
        "L15.1",
        "on for part of each batch",
        "test_activation_layer.py::test_at_the_start_every_relu_after_a_batchnorm_is_on_for_part_of_each_batch",
    ),  # noqa: E501
    (
        "L15.1",
        "the bias's gradient is zero",
        "this::test_lesson_15_beta_starts_at_0_and_the_bias_learns_nothing",
    ),  # noqa: E501
    (
        "L15.2",
        "within 7 points",
        "test_lessons.py::test_lesson_15_compares_batchnorm_before_and_after_relu",
    ),  # noqa: E501
    (
        "L15.3",
        "below 0.02",
        "test_lessons.py::test_lesson_15_compares_batchnorm_before_and_after_relu",
    ),  # noqa: E501
    (
        "L15.3",
        "above 0.09",
        "test_lessons.py::test_lesson_15_compares_batchnorm_before_and_after_relu",
    ),  # noqa: E501
    ("neuronPanel", "σ(7) = 0.9991", "test_neuron_steps.py::test_the_tutorials_neuron"),
    (
        "batchSize",
        "5000/500 = 10 iterations",
        "this::test_5000_examples_in_batches_of_500_are_10_iterations",
    ),  # noqa: E501
    (
        "batchSize",
        "the last stop is 512",
        "test_explanations.py::test_the_batch_size_text_names_the_sliders_last_stop",
    ),  # noqa: E501
    (
        "lrDecay",
        "0.95 halves it in about 14 epochs",
        "this::test_a_decay_of_0_95_halves_the_rate_in_14_epochs",
    ),  # noqa: E501
    ("l1Rate", "become exactly zero", "test_numpy_network.py::test_l1_training_leaves_exact_zeros"),
    ("gradientNorms", "slope ≤ 0.25", "this::test_sigmoid_slope_at_most_a_quarter_relu_slope_one"),
    (
        "activationChoice",
        "σ′ = σ(1 − σ) ≤ 0.25",
        "this::test_sigmoid_slope_at_most_a_quarter_relu_slope_one",
    ),  # noqa: E501
    ("layerActivation", "sparse activations", "this::test_lesson_4_relu_outputs_are_sparse"),
    (
        "lossFunction",
        "its gradient is simply p − t",
        "this::test_softmax_cross_entropy_gradient_is_p_minus_t",
    ),  # noqa: E501
    (
        "modelChoice",
        "a hyperplane over more",
        "this::test_a_perceptrons_boundary_is_flat_in_its_inputs",
    ),  # noqa: E501
    ("layerPadding", "p = (k − 1)/2 for stride 1", "this::test_lesson_10_shapes_and_pooling"),
    ("layerKernel", "k − 1 pixels smaller", "this::test_lesson_10_shapes_and_pooling"),
    ("layerPoolSize", "halves the width and height", "this::test_lesson_10_shapes_and_pooling"),
    (
        "surfacePlot",
        "about 2500",
        "test_surfaces.py::test_the_valley_shading_spans_what_the_plot_text_says",
    ),  # noqa: E501
    (
        "backpropExample",
        "at most 1000 points",
        "test_backprop_weight.py::test_at_most_max_examples_rows_are_used",
    ),  # noqa: E501
    ("trainRatio", "a fifth by default", "this::test_the_settings_the_notes_state"),
    ("dropout", "1/(1 − p)", "this::test_dropout_scales_survivors_and_batchnorm_normalises"),
    (
        "addLayer_dropout",
        "nothing changes at test time",
        "test_numpy_network.py::test_dropout_only_in_training",
    ),  # noqa: E501
    (
        "addLayer_batchnorm",
        "mean 0 and variance 1 over the batch",
        "this::test_dropout_scales_survivors_and_batchnorm_normalises",
    ),  # noqa: E501
    ("layerStride", "roughly halves the output size", "this::test_lesson_10_shapes_and_pooling"),
    ("surfaceOptimizer_adagrad", "(starting at 0.1)", "this::test_adagrad_starts_its_sum_at_0_1"),
    ("surfaceChoice", "noise of standard deviation 1", "this::test_the_settings_the_notes_state"),
    (
        "surfaceChoice",
        "minimum at (1, 1)",
        "test_surfaces.py::test_the_minima_are_minima_and_the_saddle_has_none",
    ),  # noqa: E501
    ("surfaceMomentum", "β₁ = 0.9", "this::test_the_settings_the_notes_state"),
    (
        "weightInit",
        "He: w ~ N(0, 2/n_in)",
        "this::test_he_keeps_the_signal_size_and_glorot_halves_it",
    ),  # noqa: E501
    (
        "weightInit",
        "w, b ~ N(0, 1)",
        "test_tutorial_replay.py::test_normal_init_draws_weights_and_biases_from_a_unit_normal",
    ),  # noqa: E501
    ("lrDecay", "(off = 1)", "this::test_the_settings_the_notes_state"),
    (
        "l1Rate",
        "by the same amount whatever its size",
        "test_numpy_network.py::test_l1_is_a_soft_threshold_after_the_update",
    ),  # noqa: E501
    (
        "l2Rate",
        "every step shrinks each weight",
        "test_numpy_network.py::test_l2_shrinks_the_weights",
    ),  # noqa: E501
    (
        "stopWhenSeparated",
        "2.07 down to 0.27 in 100 epochs",
        "test_presets.py::test_tutorial1_perceptron_trains_all_100_epochs_as_the_tutorial_prints",
    ),  # noqa: E501
    (
        "accuracyPlot",
        "R² = 1 − MSE / variance of the targets",
        "test_regression.py::test_r2_is_one_for_perfect_predictions_and_zero_for_the_mean",
    ),  # noqa: E501
    (
        "boundaryPlot",
        "P(class 1) = 0.5 is the boundary",
        "this::test_a_perceptrons_boundary_is_flat_in_its_inputs",
    ),  # noqa: E501
    (
        "probabilityBars",
        "all adding up to 1",
        "test_lessons.py::test_mnist_lessons_build_on_tiny_images",
    ),  # noqa: E501
    (
        "digitCanvas",
        "scaled to 20×20",
        "test_preprocess.py::test_the_longer_side_of_the_ink_is_twenty_pixels_like_mnist",
    ),  # noqa: E501
    (
        "digitCanvas",
        "centred by its centre of mass",
        "test_preprocess.py::test_centre_of_mass_lands_within_half_a_pixel_of_the_centre",
    ),  # noqa: E501
    ("inputScale", "divided by 255 (to 0…1)", "test_mnist.py::test_load_dataset_mnist"),
    (
        "inputScaling",
        "mean 0 and standard deviation 1",
        "test_input_scaling.py::test_standardize_uses_the_training_rows_only",
    ),  # noqa: E501
    ("imageSource", "60,000 training and 10,000 test pictures", "test_mnist.py::test_real_mnist"),
    (
        "inactiveUnits",
        "its gradient is 0",
        "test_inside_views.py::test_a_relu_layer_with_a_huge_negative_bias_is_all_dead_and_passes_no_gradient",
    ),  # noqa: E501
    (
        "activationCurves",
        "exactly 1 for positive inputs",
        "this::test_sigmoid_slope_at_most_a_quarter_relu_slope_one",
    ),  # noqa: E501
    (
        "neuronActivation",
        "Sigmoid squeezes z into (0, 1)",
        "test_neuron_steps.py::test_every_activation_applies_to_z",
    ),  # noqa: E501
    (
        "backpropFrom",
        "∂net/∂b = 1",
        "test_backprop_weight.py::test_a_bias_has_dnet_db_1_and_a_first_layer_weight_has_the_input",
    ),  # noqa: E501
    (
        "backpropSteps",
        "The three agree",
        "test_backprop_weight.py::test_chain_rule_engine_and_numerical_gradients_agree_for_every_layer",
    ),  # noqa: E501
)


def _where(where: str) -> str:
    if where.startswith("L") and where[1].isdigit():
        number, index = (int(n) for n in where[1:].split("."))
        return _step_text(lesson(number).steps[index - 1])
    return _text(where)


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: f"{c[0]}:{c[1]}")
def test_every_listed_claim_is_said_and_names_a_test_that_exists(claim):
    where, words, test = claim
    assert words in _where(where), f"{where} no longer says {words!r}: update CLAIMS"
    file, function = test.split("::")
    source = Path(__file__) if file == "this" else TESTS / file
    assert f"def {function}(" in source.read_text(encoding="utf-8"), test


_NOT_FIGURES = re.compile(r"Tutorial \d|lesson \d+|LeNet-5|x\d|[xwbz]\s?=\s?\[|\(\d, \d\)|'\d'|2-D")


def _sentences_with_figures(text: str) -> list[str]:
    sentences = re.split(r"(?<=[.;:])\s+(?=[A-Z(])", text)
    return [s for s in sentences if re.search(r"\d", _NOT_FIGURES.sub("", s))]


def test_every_outcome_a_step_states_is_checked():
    """The outcomes ("100 % accuracy", "stays below 70 %", ...) are predicates that
    test_lessons.py::test_each_step_shows_what_it_promises runs; MNIST steps state none."""
    for item in LESSONS:
        for step in item.steps:
            assert bool(step.expect_text) == (step.expect is not None), step.title
            if step.make().data.is_image:
                assert not step.expect_text, step.title


@pytest.mark.parametrize(
    "step", [(item, i) for item in LESSONS for i in range(len(item.steps))],
    ids=lambda p: f"{p[0].number}.{p[1] + 1}",
)  # fmt: skip
def test_every_figure_in_a_lesson_is_listed(step):
    """Each sentence of a note or outcome with a figure in it quotes at least one listed
    claim, so a new figure cannot slip in untested. Lesson 13's walks are checked by
    test_surfaces (all four notes), lessons 14 and 15's by their own tests."""
    item, i = step
    key = f"L{item.number}.{i + 1}"
    said = [words for where, words, _ in CLAIMS if where == key]
    if item.number in (13, 14, 15) and said:
        return  # a lesson tested as a whole by the test named in its claims
    unlisted = [
        s
        for s in _sentences_with_figures(item.steps[i].note)
        if not any(words in s for words in said)
    ]
    assert unlisted == [], f"lesson {key}: list these in CLAIMS with their tests"


# ----- the tests of the claims --------------------------------------------------------------
def test_the_settings_the_notes_state():
    """The settings a note names are the experiment's own."""
    delta = lesson(1).experiment(1)
    assert delta.optimizer.lr == 0.01 and delta.training.perceptron_rule == "delta"
    assert [(la.units, la.activation) for la in lesson(2).experiment(1).layers] == [(4, "tanh")]
    two = lesson(3).experiment(0)
    assert two.training.epochs == 1500 and two.training.init == "uniform"
    trainer = Trainer(two, load_dataset(two.data))
    assert trainer.batches_per_epoch == 1  # one iteration per epoch: "at every iteration"
    assert all(np.all(b == np.float32(0.1)) for _, b in trainer.model.dense_weights())
    assert [lesson(5).experiment(i).optimizer.lr for i in range(3)] == [1.0, 1e-5, 0.03]
    assert lesson(5).experiment(1).training.epochs == 50
    assert lesson(6).experiment(2).training.dropout == 0.3
    assert lesson(6).experiment(3).training.early_stopping == 10
    mlp = seed0_mlp()
    assert (mlp.optimizer.name, mlp.optimizer.lr, mlp.training.batch_size) == ("adam", 0.001, 100)
    assert mlp.training.epochs == 15 and "15 epochs" in lesson(8).steps[0].note
    cnn = seed1_cnn()
    conv = [(la.filters, la.activation) for la in cnn.layers if la.type == "conv2d"]
    assert conv == [(4, "tanh"), (8, "tanh"), (16, "relu")]
    assert DataSpec().validation_split == 0.2  # "a fifth by default"
    assert TrainingSpec().lr_decay == 1.0  # "off = 1"
    assert surface("bowl").noise == 1.0 and OptimizerSpec("adam").beta1 == 0.9


def test_lesson_1_as_written_runs_100_epochs_from_2_05_to_0_26():
    step = lesson(1).steps[2]
    run = train_to_end(lesson(1).experiment(2))
    first, last = run.history[0].loss, run.history[-1].loss
    assert f"from {first:.2f} after the first epoch to {last:.2f} after the last" in step.note
    assert len(run.history) == 100 and step.expect(run)
    exp = lesson(1).experiment(2)
    assert exp.training.init == "normal" and not exp.training.stop_when_separated
    assert (exp.optimizer.lr, exp.training.perceptron_rule) == (0.01, "delta")


def test_sigmoid_slope_at_most_a_quarter_relu_slope_one():
    z = np.linspace(-10, 10, 20001)
    sigmoid, relu = get_activation("sigmoid"), get_activation("relu")
    assert sigmoid.derivative(z).max() == pytest.approx(0.25, abs=1e-6)
    assert sigmoid.derivative(z).max() <= 0.25
    assert np.all(relu.derivative(z[z > 0]) == 1) and np.all(relu.derivative(z[z < 0]) == 0)


def test_lesson_4_relu_outputs_are_sparse():
    """ "Once trained, about half of these hidden outputs are exactly 0"."""
    run = train_to_end(lesson(4).experiment(1))
    hidden = run.model.hidden_outputs(run.x_train)[:-1]
    assert len(hidden) == 6
    zero_share = float(np.mean([np.mean(h == 0) for h in hidden]))
    assert 0.4 <= zero_share <= 0.6


def test_he_keeps_the_signal_size_and_glorot_halves_it():
    """Averaged over 200 random starts, He keeps each ReLU layer's mean squared output; with
    Glorot's smaller weights (here 8 in, 8 out: variance 1/8, half He's 2/8) it halves."""
    data = load_dataset(lesson(4).experiment(1).data)
    sizes = {}
    for init in ("he", "glorot"):
        per_start = []
        for seed in range(200):
            exp = lesson(4).experiment(1)
            exp.seed, exp.training.init = seed, init
            trainer = Trainer(exp, data)
            hidden = trainer.model.hidden_outputs(trainer.x_train)[:-1]
            per_start.append([float(np.mean(h**2)) for h in hidden])
        sizes[init] = np.mean(per_start, axis=0)
    he, glorot = sizes["he"], sizes["glorot"]
    assert np.all(np.abs(he / he[0] - 1) < 0.15), he
    kernel = init_kernel(np.random.default_rng(0), "he", 400, 400)
    assert kernel.mean() == pytest.approx(0, abs=0.005)
    assert kernel.std() == pytest.approx(math.sqrt(2 / 400), rel=0.02)  # N(0, 2/n_in)
    assert np.all((glorot[1:] / glorot[:-1] > 0.4) & (glorot[1:] / glorot[:-1] < 0.6)), glorot


def test_lesson_5_scaled_sums_are_in_the_tens_or_hundreds():
    exp = lesson(5).experiment(3)
    assert exp.data.input_scale == 100
    trainer = Trainer(exp, load_dataset(exp.data))
    w, b = trainer.model.dense_weights()[0]
    z = np.abs(trainer.x_train @ w + b)
    assert np.mean(z >= 10) >= 0.85 and np.mean(z < 1000) >= 0.99
    assert np.mean(1 - np.tanh(z) ** 2 < 0.01) >= 0.9  # "tanh is flat, its gradient almost 0"


def test_lesson_6_overfits_as_it_says():
    exp = lesson(6).experiment(0)
    run = train_to_end(exp)
    assert len(run.y_train) == 30 and exp.data.noise > 0
    assert [(la.units, la.activation) for la in exp.layers] == [(32, "relu")] * 3
    assert run.batches_per_epoch == 3 and exp.training.batch_size == 10
    assert run.history[-1].accuracy == 1.0
    val = [r.val_loss for r in run.history]
    best = int(np.argmin(val))
    assert best < len(val) // 2 and val[-1] > 2 * val[best]  # "turns upwards"


def test_lesson_6_lambda_is_the_one_validation_data_picks():
    assert lesson(6).experiment(1).training.l2 == 0.03
    final = {}
    for l2 in (0.0, 0.003, 0.01, 0.03, 0.1, 0.3):
        final[l2] = train_to_end(_overfit(l2=l2)).history[-1].val_loss
    assert min(final, key=final.get) == 0.03, final


def test_lesson_6_l1_sets_weights_to_exactly_zero():
    exp = _overfit()
    exp.training.l1 = 0.01
    assert exp.engine == "numpy"
    run = train_to_end(exp)
    zeros = sum(int(np.sum(w == 0)) for w, _ in run.model.dense_weights())
    assert zeros > 0
    assert sum(int(np.sum(w == 0)) for w, _ in train_to_end(_overfit()).model.dense_weights()) == 0


def _benchmark_row(starts: str) -> str:
    rows = [r for r in (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8").splitlines()]
    found = [r for r in rows if r.startswith(starts)]
    assert len(found) == 1, starts
    return found[0]


def _percentages(cell: str) -> list[float]:
    return [float(v) for v in re.findall(r"(\d+\.\d+)(?=[ *]*%| /)", cell)]


def test_mnist_accuracies_agree_with_benchmarks():
    """Lessons 8 and 10 quote test accuracies measured by bench/bench_keras.py on real MNIST
    (BENCHMARKS.md); "about" means within half a point of what was recorded."""
    mlp = _benchmark_row("| seed 000 MLP 784-256-256-10")
    cells = mlp.split("|")
    assert f"{seed0_mlp().training.epochs} epochs" in cells[1]
    mean = float(np.mean(_percentages(cells[2])[:3]))
    said = re.search(r"about (\d+) % test accuracy", lesson(8).steps[0].note)
    assert said and abs(float(said.group(1)) - mean) <= 0.5, (said, mean)

    cnn = _benchmark_row("| seed 002 CNN")
    cells = cnn.split("|")
    epochs = re.search(r"(\d+) epochs", cells[1])
    said = re.search(r"About (\d+) % after (\d+) epochs", lesson(10).steps[0].note)
    assert said and epochs and int(said.group(2)) == int(epochs.group(1))
    assert int(said.group(2)) == seed2_cnn().training.epochs
    assert abs(float(said.group(1)) - _percentages(cells[2])[0]) <= 0.5


@needs_keras
def test_lesson_9_augments_without_flips():
    from engine.models.keras.model import augmentation_layers

    assert lesson(9).experiment(0).augment
    kinds = [type(layer).__name__ for layer in augmentation_layers(0)]
    assert kinds == ["RandomRotation", "RandomTranslation", "RandomZoom"]
    assert not any("Flip" in k for k in kinds)


def test_lesson_10_shapes_and_pooling():
    from gui.experiment.layer_list_editor import output_shapes

    layers = seed2_cnn().layers
    convs = [
        (la.filters, la.kernel_size, la.stride, la.padding) for la in layers if la.type == "conv2d"
    ]
    assert convs == [(32, 5, 1, "valid"), (64, 3, 1, "valid")]
    shapes = output_shapes(layers)
    assert shapes[:4] == ["24×24×32", "12×12×32", "10×10×64", "5×5×64"]  # k − 1 smaller, halved
    assert [la.pool_size for la in layers if la.type == "maxpool"] == [2, 2]
    assert {la.type for la in lenet5().layers} >= {"avgpool"}
    assert "maxpool" not in {la.type for la in lenet5().layers}
    same = [LayerSpec(type="conv2d", filters=4, kernel_size=k, padding="same") for k in (3, 5)]
    assert output_shapes(same) == ["28×28×4", "28×28×4"]  # p = (k − 1)/2 keeps the size
    strided = [LayerSpec(type="conv2d", filters=4, kernel_size=3, stride=2)]
    assert output_shapes(strided) == ["13×13×4"]  # stride 2 roughly halves 28


def test_5000_examples_in_batches_of_500_are_10_iterations():
    exp = Experiment(
        data=DataSpec(name="circle", points=10_000, train_ratio=50, validation_split=0.0),
        training=TrainingSpec(batch_size=500),
    )
    trainer = Trainer(exp, load_dataset(exp.data))
    assert len(trainer.y_train) == 5000 and trainer.batches_per_epoch == 10
    steps = 0
    while trainer.epochs_done == 0:
        trainer.step()
        steps += 1
    assert steps == 10


def test_a_decay_of_0_95_halves_the_rate_in_14_epochs():
    assert 0.95**13 > 0.5 >= 0.95**14 and 0.95**14 == pytest.approx(0.5, abs=0.02)
    exp = Experiment(
        data=DataSpec(name="gate-or"),
        optimizer=OptimizerSpec("sgd", lr=0.1),
        training=TrainingSpec(batch_size=4, epochs=14, lr_decay=0.95),
    )
    run = train_to_end(exp)
    assert run.epochs_done == 14
    assert run.spec.optimizer.lr == pytest.approx(0.1 * 0.95**14, rel=1e-6)


def test_softmax_cross_entropy_gradient_is_p_minus_t():
    rng = np.random.default_rng(0)
    z, y = rng.normal(size=(5, 3)), np.array([0, 2, 1, 1, 0])
    _, _, grad = CategoricalCrossentropyHead(3, np.float64).train(z.copy(), y)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert np.allclose(grad * len(y), p - np.eye(3)[y])  # per example p − t; the mean is /n


def test_a_perceptrons_boundary_is_flat_in_its_inputs():
    """Three inputs (x₁, x₂, x₁²): the class flips on the plane w·x + c = 0 of those inputs;
    and lesson 11's sigmoid neuron flips where z = 0."""
    exp = Experiment(
        model="perceptron",
        data=DataSpec(name="circle", points=200, features=["x1", "x2", "x1^2"]),
        layers=[],
        loss="sse",
        training=TrainingSpec(batch_size=1, epochs=5),
    )
    run = train_to_end(exp)
    w, c = run.model.boundary()
    assert w.shape == (3,)
    x = run.x_train
    assert np.array_equal(run.model.predict(x), (x @ w + c >= 0).astype(int))
    assert math.isfinite(c)
    # lesson 11's sigmoid neuron: its class flips on the line where z = w·x + b = 0
    neuron = train_to_end(lesson(11).experiment(0))
    [(w, b)] = neuron.model.dense_weights()
    x = np.random.default_rng(0).uniform(-1, 2, (500, 2)).astype(np.float32)
    assert np.array_equal(neuron.model.predict(x), (x @ w[:, 0] + b[0] > 0).astype(int))


def test_lesson_15_beta_starts_at_0_and_the_bias_learns_nothing():
    """Dense (linear) → BatchNorm: the batch mean is subtracted, so ∂L/∂b of the dense layer
    is 0 (to rounding), while β starts at 0 and gets a gradient."""
    exp = lesson(15).experiment(0)
    trainer = Trainer(exp, load_dataset(exp.data))
    norms = [la for la in trainer.model.layers if isinstance(la, BatchNorm)]
    assert len(norms) == 3 and all(np.all(bn.beta == 0) for bn in norms)
    trainer.step()
    first_bias_grad = trainer.model.gradients()[0][1]
    assert np.abs(first_bias_grad).max() < 1e-5
    assert np.abs(norms[0].dbeta).max() > 1e-3


def test_dropout_scales_survivors_and_batchnorm_normalises():
    rng = np.random.default_rng(0)
    kept = Dropout(0.3, rng).forward_train(np.ones((400, 50)))
    values = np.unique(kept)
    assert values.size == 2 and values[0] == 0 and values[1] == pytest.approx(1 / 0.7)
    assert kept.mean() == pytest.approx(1.0, abs=0.02)  # the expected value is unchanged
    norm = BatchNorm(3, np.float64)
    params, grads = [np.ones(3), np.zeros(3)], [np.zeros(3), np.zeros(3)]
    norm.bind(params, grads)  # γ = 1, β = 0, as at the start
    out = norm.forward_train(rng.normal(5.0, 3.0, (64, 3)))
    assert np.allclose(out.mean(axis=0), 0, atol=1e-9)
    assert np.allclose(out.var(axis=0), 1, atol=1e-3)  # ε = 1e-3 keeps it just below 1


def test_adagrad_starts_its_sum_at_0_1():
    w, g = np.array([1.0]), np.array([2.0])
    opt = make_optimizer(OptimizerSpec("adagrad", lr=0.1), [w], [g])
    opt.step()
    expected = 1.0 - 0.1 * 2.0 / math.sqrt(0.1 + 4.0 + opt.epsilon)
    assert w[0] == pytest.approx(expected, rel=1e-12)
