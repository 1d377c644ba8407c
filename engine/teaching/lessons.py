"""The lessons as data: each replays one thing the source tutorials teach.

A lesson is a list of steps; each step builds a fresh Experiment, says what to watch, and (where
it is cheap) states its expected outcome as a predicate on the finished Trainer. Predicates read
only `trainer.history` and `trainer.stopped`, plain data that is safe to read from any thread
once the run has ended. Lessons 8-10 replay the Keras MNIST presets of `engine.experiment.presets`;
lesson 11 works Tutorial 4's single neuron by hand (`engine.teaching.neuron`); lesson 12 follows
one weight's gradient through the chain rule (`engine.teaching.backprop`). A step may also
walk the optimizers over a loss surface (`Step.surface`, `engine.teaching.surfaces`, lesson 13):
its outcome is a predicate on the finished paths, checked when the view's walk ends. Lesson 14
is TensorFlow Playground's regression: a number per point, scored by R².
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engine.experiment.presets import seed0_mlp, seed1_cnn, seed2_cnn, tutorial1_perceptron
from engine.experiment.spec import (
    OPTIMIZER_TITLES,
    DataSpec,
    Experiment,
    LayerSpec,
    OptimizerSpec,
    SpecError,
    TrainingSpec,
)
from engine.messages import Text
from engine.teaching.outcomes import (
    FinishedRun,
    at_least,
    barely_moves,
    below,
    diverges,
    final_loss_below,
    generalises,
    loss_never_rises,
    overfits,
    r2_at_least,
    r2_below,
    reaches_full_accuracy,
    stays_below_full_accuracy,
)
from engine.teaching.surfaces import (
    SurfaceLesson,
    SurfaceSettings,
    all_end_lower,
    gets_closer_than,
    leaves_sooner,
)

RACE_OPTIMIZERS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")


@dataclass(frozen=True)
class Step:
    title: str
    note: str  # what to watch, in two or three plain sentences
    make: Callable[[], Experiment]
    expect_text: str = ""  # the outcome to look for, shown before the run
    expect: Callable[[FinishedRun], bool] | None = None
    # Optimizers on a surface: the walk this step shows in that view, with its own outcome.
    surface: SurfaceLesson | None = None
    # The dock this step works in, by objectName (e.g. "neuronPanelDock"): loading the step
    # shows it and brings it to the front.
    opens: str = ""


@dataclass(frozen=True)
class Lesson:
    number: int
    id: str
    title: str
    steps: tuple[Step, ...]
    race: bool = False  # run every step in turn and overlay the curves (optimizers race)

    def experiment(self, index: int) -> Experiment:
        """A fresh experiment for step `index`, tagged (in `preset`) with the lesson and step."""
        if not 0 <= index < len(self.steps):
            raise SpecError(
                Text(
                    "lesson {number} has steps 1-{count}, not {step}",
                    number=self.number,
                    count=len(self.steps),
                    step=index + 1,
                )
            )
        exp = self.steps[index].make()
        if exp.preset is None:  # the MNIST presets keep their own name
            exp.preset = f"Lesson {self.number}: {self.steps[index].title}"
        return exp

    @property
    def needs_mnist(self) -> bool:
        return any(step.make().data.is_image for step in self.steps)


# ----- experiments --------------------------------------------------------------------------
def _perceptron(gate: str, rule: str = "rosenblatt", lr: float = 0.1, batch: int = 1) -> Experiment:
    return Experiment(
        model="perceptron",
        data=DataSpec(name=gate),
        layers=[],
        loss="sse",
        optimizer=OptimizerSpec("sgd", lr=lr),
        training=TrainingSpec(batch_size=batch, epochs=100, perceptron_rule=rule),
    )


def _xor_hidden() -> Experiment:
    return Experiment(
        data=DataSpec(name="gate-xor"),
        layers=[LayerSpec(units=4, activation="tanh")],
        optimizer=OptimizerSpec("adam", lr=0.03),
        training=TrainingSpec(batch_size=4, epochs=300),
    )


def _two_layer_sigmoid() -> Experiment:
    """Tutorial 2, from scratch: 4 sigmoid hidden units, SSE, full-batch GD, 1500 iterations.

    Unlike the tutorial, whose biases are all 0, the biases start at 0.1 and are trained."""
    return Experiment(
        data=DataSpec(name="gate-xor"),
        layers=[LayerSpec(units=4, activation="sigmoid")],
        loss="sse",
        optimizer=OptimizerSpec("sgd", lr=1.0),
        training=TrainingSpec(batch_size=4, epochs=1500, init="uniform"),
    )


def _deep(activation: str, init: str) -> Experiment:
    return Experiment(
        data=DataSpec(name="circle", points=300),
        layers=[LayerSpec(units=8, activation=activation) for _ in range(6)],
        optimizer=OptimizerSpec("sgd", lr=0.03),
        training=TrainingSpec(batch_size=10, epochs=100, init=init),
    )


def _learning_rate(lr: float) -> Experiment:
    """A linear output under squared error: nothing caps the error, so a too-big step shows."""
    return Experiment(
        data=DataSpec(name="circle", points=300),
        layers=[LayerSpec(units=8, activation="tanh"), LayerSpec(units=8, activation="tanh")],
        loss="mse",
        output_activation="linear",
        optimizer=OptimizerSpec("sgd", lr=lr),
        training=TrainingSpec(batch_size=10, epochs=50),
    )


def _scaled(scale: str) -> Experiment:
    """Lesson 5's tanh net on points whose coordinates the network sees multiplied by 100."""
    return Experiment(
        data=DataSpec(name="circle", points=300, input_scale=100.0, scale=scale),
        layers=[LayerSpec(units=8, activation="tanh"), LayerSpec(units=8, activation="tanh")],
        optimizer=OptimizerSpec("sgd", lr=0.03),
        training=TrainingSpec(batch_size=10, epochs=50),
    )


def _overfit(l2: float = 0.0, dropout: float = 0.0, patience: int = 0) -> Experiment:
    """A 3x32 ReLU net on 30 noisy training points; 30 more validate it (the orange curves,
    early stopping) and 60 are held out to test it."""
    return Experiment(
        data=DataSpec(
            name="circle", points=120, noise=35, train_ratio=50, seed=2, validation_split=0.5
        ),
        layers=[LayerSpec(units=32, activation="relu") for _ in range(3)],
        optimizer=OptimizerSpec("adam", lr=0.01),
        training=TrainingSpec(
            batch_size=10, epochs=300, init="he", l2=l2, dropout=dropout, early_stopping=patience
        ),
    )


def _one_neuron() -> Experiment:
    """Tutorial 4's single neuron: two weights, a bias and a sigmoid (no hidden layer), here
    learning AND so its numbers can be watched settle."""
    return Experiment(
        data=DataSpec(name="gate-and"),
        layers=[],
        loss="binary_crossentropy",
        output_activation="sigmoid",
        optimizer=OptimizerSpec("sgd", lr=0.5),
        training=TrainingSpec(batch_size=4, epochs=200),
    )


def _backprop_net() -> Experiment:
    """Lesson 12: XOR's four points through 2 sigmoid units and one sigmoid output, SSE, plain
    SGD on all four points at once, so a Step moves every weight by exactly −lr × ∂L/∂w."""
    return Experiment(
        data=DataSpec(name="gate-xor"),
        layers=[LayerSpec(units=2, activation="sigmoid")],
        loss="sse",
        optimizer=OptimizerSpec("sgd", lr=1.0),
        training=TrainingSpec(batch_size=4, epochs=500),
    )


BN_ORDERS = {  # one hidden block of lesson 15, repeated three times
    "before": (  # Tutorial 3 / the BatchNorm paper: BN before each ReLU
        LayerSpec(units=8, activation="linear"),
        LayerSpec(type="batchnorm"),
        LayerSpec(type="activation", activation="relu"),
    ),
    "after": (LayerSpec(units=8, activation="relu"), LayerSpec(type="batchnorm")),
    "none": (LayerSpec(units=8, activation="relu"),),
}


def regression(name: str, hidden: tuple[int, ...] = (), epochs: int = 20) -> Experiment:
    """TensorFlow Playground's regression: one linear output on the MSE, tanh hidden layers."""
    return Experiment(
        data=DataSpec(name=name, points=500),
        layers=[LayerSpec(units=n, activation="tanh") for n in hidden],
        loss="mse",
        optimizer=OptimizerSpec("adam", lr=0.03),
        training=TrainingSpec(batch_size=10, epochs=epochs),
    )


def batchnorm_order(order: str, seed: int = 0) -> Experiment:
    """Lesson 15: three blocks of 8 ReLU units on the circle, with BatchNorm before each ReLU,
    after it, or not at all; everything else (data, seed, Adam, batches of 10) is shared."""
    return Experiment(
        data=DataSpec(name="circle", points=300, seed=seed),
        layers=[LayerSpec(**vars(la)) for _ in range(3) for la in BN_ORDERS[order]],
        optimizer=OptimizerSpec("adam", lr=0.01),
        training=TrainingSpec(batch_size=10, epochs=50, init="he"),
        seed=seed,
    )


def race_experiment(optimizer: str) -> Experiment:
    """The optimizers race: one net, one data set, one learning rate; only the optimizer varies."""
    return Experiment(
        data=DataSpec(name="circle", points=400, noise=10),
        layers=[LayerSpec(units=8, activation="tanh"), LayerSpec(units=8, activation="tanh")],
        optimizer=OptimizerSpec(optimizer, lr=0.01, momentum=0.9),
        training=TrainingSpec(batch_size=10, epochs=40),
    )


def _race_step(name: str) -> Step:
    return Step(
        OPTIMIZER_TITLES[name],
        "Every racer trains the same network on the same points at learning rate 0.01; only "
        "the update rule differs. The curves of finished racers stay on the plots, dashed.",
        lambda: race_experiment(name),
    )


def _surface_step(
    title: str,
    note: str,
    settings: SurfaceSettings,
    expect_text: str,
    expect: Callable[[dict], bool],
    optimizer: str,
) -> Step:
    """A walk on a loss surface; behind it, lesson 7's network trained by `optimizer`."""
    tail = f" Train runs {OPTIMIZER_TITLES[optimizer]} on lesson 7's network."
    return Step(
        title,
        note + tail,
        lambda: race_experiment(optimizer),
        surface=SurfaceLesson(settings, expect_text, expect),
    )


SURFACE_STEPS = 500


# ----- the lessons --------------------------------------------------------------------------
LESSONS: tuple[Lesson, ...] = (
    Lesson(
        1,
        "perceptron-or",
        "A perceptron learns OR",
        (
            Step(
                "Rosenblatt's rule",
                "One neuron with a step output. Each mistake nudges the weights by "
                "w ← w + η(t − y)x, so the decision line moves until it separates the three "
                "'1' points from (0, 0). Set Speed to slow motion to watch every update.",
                lambda: _perceptron("gate-or"),
                "100 % accuracy: the line separates the points",
                reaches_full_accuracy,
            ),
            Step(
                "Tutorial 1's ReLU unit",
                "Tutorial 1's version: a ReLU output trained by gradient descent on the summed "
                "squared error, learning rate 0.01. From these starting weights the loss falls "
                "from about 1.7 (the tutorial's from 2.07); training stops as soon as every "
                "point is on the right side.",
                lambda: _perceptron("gate-or", "delta", lr=0.01, batch=4),
                "100 % accuracy",
                reaches_full_accuracy,
            ),
            Step(
                "Tutorial 1 as written",
                "The tutorial's own run: the same ReLU unit at learning rate 0.01, but its "
                "weights and bias drawn from N(0, 1), as tf.random_normal draws them, and all "
                "100 epochs, because the tutorial's loop never stops early (Stop when every "
                "point is right is off). The loss falls from 2.05 after the first epoch to "
                "0.26 after the last, like the tutorial's printed 2.07 to 0.27: gradient "
                "descent keeps shrinking the squared error after the line separates the points.",
                tutorial1_perceptron,
                "all 100 epochs, and the loss ends below 0.3",
                lambda run: len(run.history) == 100 and final_loss_below(0.3)(run),
            ),
        ),
    ),
    Lesson(
        2,
        "perceptron-xor",
        "XOR needs a hidden layer",
        (
            Step(
                "A perceptron on XOR",
                "No straight line puts (0, 1) and (1, 0) on one side and (0, 0) and (1, 1) on "
                "the other, so the perceptron's line keeps jumping and never settles. After "
                "100 epochs it gives up with an explanation.",
                lambda: _perceptron("gate-xor"),
                "stays below 100 % accuracy",
                stays_below_full_accuracy,
            ),
            Step(
                "Add a hidden layer",
                "Four tanh neurons between input and output. Each draws its own line; the "
                "output combines them into a boundary that bends around the corners.",
                _xor_hidden,
                "100 % accuracy",
                reaches_full_accuracy,
            ),
        ),
    ),
    Lesson(
        3,
        "two-layer-sigmoid",
        "A 2-layer sigmoid network from scratch",
        (
            Step(
                "Backprop by hand",
                "Tutorial 2's network: four sigmoid hidden units, a sigmoid output, summed "
                "squared error and plain gradient descent, 1500 times, here on all four XOR "
                "rows. The tutorial sets every bias b to 0 to keep the algebra short; here each "
                "neuron also learns a bias, starting at 0.1. Watch the loss: it falls at every "
                "single iteration.",
                _two_layer_sigmoid,
                "the loss falls monotonically",
                loss_never_rises,
            ),
        ),
    ),
    Lesson(
        4,
        "vanishing-gradients",
        "Deep sigmoid nets stall",
        (
            Step(
                "Six sigmoid layers",
                "σ'(z) is at most 0.25, and backprop multiplies one such factor per layer, so "
                "the first layers get almost no gradient. The loss sits near 0.69 (a coin "
                "toss) and the boundary hardly moves.",
                lambda: _deep("sigmoid", "glorot"),
                "stalls below 70 % accuracy",
                below(0.7),
            ),
            Step(
                "Switch to ReLU + He",
                "ReLU's derivative is 1 wherever a neuron is active, so the gradient reaches "
                "the first layer intact. ReLU outputs exactly 0 for every negative sum: once "
                "trained, about half of these hidden outputs are exactly 0, sparse "
                "activations. He initialisation draws weights with variance 2/n_in, which "
                "makes up for ReLU zeroing about half of each layer's sums: averaged over "
                "random starts, the signal keeps its size from layer to layer (with Glorot's "
                "smaller weights it halves at every layer). The same depth now learns the "
                "circle.",
                lambda: _deep("relu", "he"),
                "90 % accuracy or more",
                at_least(0.9),
            ),
        ),
    ),
    Lesson(
        5,
        "learning-rate",
        "The learning rate",
        (
            Step(
                "Too high",
                "A linear output under squared error, with learning rate 1: every step "
                "overshoots the minimum further than the last, and within two epochs the loss "
                "is infinite. The trainer catches it, keeps the last finite weights and says "
                "so.",
                lambda: _learning_rate(1.0),
                "the loss explodes and training stops as diverged",
                diverges,
            ),
            Step(
                "Too low",
                "The same network at learning rate 0.00001: each step is so small that after "
                "50 epochs the loss has hardly moved.",
                lambda: _learning_rate(1e-5),
                "the loss falls by less than 10 %",
                barely_moves,
            ),
            Step(
                "About right",
                "At 0.03 the loss falls quickly and smoothly. Try the slider while it trains: "
                "the learning rate can change between any two batches.",
                lambda: _learning_rate(0.03),
                "90 % accuracy or more",
                at_least(0.9),
            ),
            Step(
                "Badly scaled inputs",
                "The same points, but the network sees every coordinate multiplied by 100, as "
                "if measured in centimetres instead of metres. Each tanh neuron's sum is then in "
                "the tens or hundreds, where tanh is flat and its gradient almost 0: the "
                "boundary hardly moves and accuracy stays near a coin toss.",
                lambda: _scaled("none"),
                "stays below 70 % accuracy",
                below(0.7),
            ),
            Step(
                "Standardised inputs",
                "Input scaling: Standardize (Data panel) subtracts each input's mean and divides "
                "by its standard deviation, both measured on the training points only. The "
                "inputs are back near ±1 and the same network learns the circle.",
                lambda: _scaled("standardize"),
                "90 % accuracy or more",
                at_least(0.9),
            ),
        ),
    ),
    Lesson(
        6,
        "overfitting",
        "Over-fitting, and three cures",
        (
            Step(
                "A big net on few noisy points",
                "Three layers of 32 ReLUs for 30 noisy training points: the network memorises "
                "them, noise included. Training accuracy reaches 100 % while validation "
                "accuracy stays far lower, and the validation loss turns upwards. In batches "
                "of 10, each epoch is 3 iterations (weight updates) over the 30 points.",
                _overfit,
                "train accuracy ≥ 20 points above validation accuracy",
                overfits,
            ),
            Step(
                "L2 weight decay",
                "Adding λΣw² (λ = 0.03) to the loss keeps the weights small, so the boundary "
                "stays smooth instead of chasing single points. λ is chosen on validation "
                "data: of 0, 0.003, 0.01, 0.03, 0.1 and 0.3, 0.03 ends with the lowest "
                "validation loss here; the test set stays out of the choice. The L1 rate "
                "adds λΣ|w| instead, which in this NumPy network sets some weights to exactly "
                "0.",
                lambda: _overfit(l2=0.03),
                "the train/validation gap shrinks below 20 points",
                generalises,
            ),
            Step(
                "Dropout",
                "Each step switches off 30 % of the hidden neurons at random, so no neuron can "
                "rely on another to memorise a point.",
                lambda: _overfit(dropout=0.3),
                "the train/validation gap shrinks below 20 points",
                generalises,
            ),
            Step(
                "Early stopping",
                "Stop when the validation loss has not improved for 10 epochs and keep the "
                "best weights: training ends before the memorising starts.",
                lambda: _overfit(patience=10),
                "the train/validation gap shrinks below 20 points",
                generalises,
            ),
        ),
    ),
    Lesson(
        7,
        "optimizers-race",
        "Optimizers race",
        tuple(_race_step(name) for name in RACE_OPTIMIZERS),
        race=True,
    ),
    Lesson(
        8,
        "seed0-mlp",
        "Tutorial 1: MLP on MNIST",
        (
            Step(
                "MLP 784-256-256-10",
                "Tutorial 1's network: 784 pixels, two hidden layers of 256 ReLUs and a softmax "
                "over 10 digits trained on the cross-entropy, Adam at 0.001, batches of 100, "
                "15 epochs. As in the tutorial, 5,000 training images are held out for "
                "validation. Expect about "
                "98 % test accuracy; the Evaluation tab shows which digits it confuses.",
                seed0_mlp,
            ),
        ),
    ),
    Lesson(
        9,
        "seed1-cnn",
        "Tutorial 2: small CNN, with the augmentation it meant to use",
        (
            Step(
                "A small CNN",
                "Convolutions of 4 and 8 tanh filters, pooling, 16 ReLU filters and a dense "
                "layer, trained by SGD with Nesterov momentum; 20 % of the training set is held "
                "out for validation. The tutorial's augmentation (rotations, shifts and "
                "horizontal flips) sits inside a triple-quoted string, so it never ran; here "
                "the digits are randomly rotated, shifted and zoomed, never flipped (a mirrored "
                "7 is no digit).",
                seed1_cnn,
            ),
        ),
    ),
    Lesson(
        10,
        "seed2-cnn",
        "Tutorial 3: LeNet-style CNN",
        (
            Step(
                "Watch the feature maps",
                "32 filters of 5×5 and 64 of 3×3, each followed by 2×2 max pooling, then 1024 "
                "dense units and dropout; 5,000 training images are held out for validation. "
                "Draw a digit and watch the feature maps: early filters find edges, later ones "
                "find strokes. Each window moves 1 pixel at a time (stride 1) with no zero "
                "padding, so the 5×5 kernels turn 28×28 pixels into 24×24 maps. About 99 % "
                "after 3 epochs. Pooling has no weights; the "
                "LeNet-5 preset pools by averaging instead, as LeNet did.",
                seed2_cnn,
            ),
        ),
    ),
    Lesson(
        11,
        "one-neuron",
        "One neuron by hand (Tutorial 4)",
        (
            Step(
                "Work out one neuron",
                "Tutorial 4's neuron has weights w = [0, 1] and bias b = 4; for the input "
                "x = [2, 3], w·x = 0×2 + 1×3 = 3, z = w·x + b = 7 and σ(7) = 0.9991. The One "
                "neuron view (View › One neuron) opens to follow each step and change the "
                "numbers. Train to watch one such sigmoid neuron learn AND: its boundary is the "
                "line where z = 0.",
                _one_neuron,
                "100 % accuracy: one line separates AND",
                reaches_full_accuracy,
                opens="neuronPanelDock",
            ),
        ),
    ),
    Lesson(
        12,
        "backprop-one-weight",
        "Backprop on one weight (Tutorial 4)",
        (
            Step(
                "Follow one weight's gradient",
                "Tutorial 4 describes backprop in words: propagate forward, see the error, send "
                "it back and change w; if the error grows, w must move the other way. The "
                "Backprop view (View › Backprop) works this out for one weight or bias with "
                "this network's numbers: ∂L/∂w = ∂L/∂out × ∂out/∂net × ∂net/∂w, summed over "
                "the examples, beside the engine's own gradient and a numerical one; all three "
                "agree. Right-click a link or a neuron in the network graph to pick it. The "
                "four XOR points are one batch, so Step moves the weight to the value shown "
                "after one step. Train: the loss falls at every epoch.",
                _backprop_net,
                "the loss falls at every epoch",
                loss_never_rises,
                opens="backpropPanelDock",
            ),
        ),
    ),
    Lesson(
        13,
        "optimizers-surface",
        "Optimizers on a loss surface (Tutorial 3)",
        (
            _surface_step(
                "A long narrow valley",
                "Tutorial 3 walks from SGD to Adam; here each rule walks Rosenbrock's valley "
                "from the same point for 500 steps at learning rate 0.001, towards the minimum "
                "at (1, 1). SGD's steps are the rate times the gradient, so on the nearly flat "
                "valley floor it creeps; momentum and Nesterov gather speed along it. Adam "
                "moves each coordinate by at most about the rate per step, however steep the "
                "slope, so it covers little ground.",
                SurfaceSettings("valley", lr=0.001, momentum=0.9, steps=SURFACE_STEPS),
                "Momentum ends closer to the minimum than SGD",
                gets_closer_than("momentum", "sgd"),
                "momentum",
            ),
            _surface_step(
                "A bigger learning rate",
                "The same valley at learning rate 0.03. The valley's walls are steep, so SGD, "
                "momentum and Nesterov jump out of it within two steps. Adagrad, RMSprop, Adam "
                "and Nadam divide each step by the size of recent gradients, so they stay on "
                "the surface and walk down the valley.",
                SurfaceSettings("valley", lr=0.03, momentum=0.9, steps=SURFACE_STEPS),
                "Adam ends closer to the minimum than SGD",
                gets_closer_than("adam", "sgd"),
                "adam",
            ),
            _surface_step(
                "A saddle",
                "Tutorial 3 says SGD has a saddle problem. On x² − y², starting just off the "
                "ridge, the gradient near the saddle point is small, so SGD's steps are small "
                "and it lingers; momentum adds up those small steps and escapes much sooner. "
                "The paths stop where they leave the drawn area.",
                SurfaceSettings("saddle", lr=0.01, momentum=0.9, steps=SURFACE_STEPS),
                "Momentum leaves the saddle in fewer steps than SGD",
                leaves_sooner("momentum", "sgd"),
                "momentum",
            ),
            _surface_step(
                "A bowl with noisy gradients",
                "Every gradient here has random noise added, as a mini-batch's gradient does; "
                "each optimizer sees the same noise. The paths wobble, yet each one ends lower "
                "than it started, and near the bottom the noise keeps them wandering.",
                SurfaceSettings("bowl", lr=0.03, momentum=0.9, steps=SURFACE_STEPS),
                "Every optimizer ends lower than it started",
                all_end_lower,
                "sgd",
            ),
        ),
    ),
    Lesson(
        14,
        "regression",
        "Regression: predicting a number (TensorFlow Playground)",
        (
            Step(
                "A plane",
                "Until now every point had a class. In TensorFlow Playground's regression "
                "problems each point has a number instead: here (x1 + x2) / 10, a tilted plane. "
                "The network has one linear output trained on the mean squared error, and the "
                "heatmap shows the number it predicts, orange for −1, grey for 0, blue for +1. "
                "There is no accuracy: the second plot shows R² = 1 − MSE / variance of the "
                "targets, 1 for a perfect fit and 0 for always predicting the mean. With no "
                "hidden layer the network is a plane itself, so it fits this one.",
                lambda: regression("plane"),
                "validation R² of 0.99 or more",
                r2_at_least(0.99),
            ),
            Step(
                "Six cones, no hidden layer",
                "Multi-Gaussian: six cones of height +1 or −1, in two rows with alternating "
                "signs; each point's target is the cone under it, 0 between them. A plane "
                "cannot follow bumps of both signs: the best one is nearly flat (its "
                "predictions stay within 0.25 of 0 over the whole square), so R² stays near "
                "0 or below, no better than predicting the mean.",
                lambda: regression("multi-gaussian", epochs=60),
                "validation R² below 0.1",
                r2_below(0.1),
            ),
            Step(
                "Six cones, two hidden layers",
                "The same cones with two hidden layers of 8 tanh units: each unit bends the "
                "surface along one line, and together they raise and lower the six bumps. R² "
                "climbs well above the plane's, though with 200 training points the cones' "
                "edges stay rough.",
                lambda: regression("multi-gaussian", hidden=(8, 8), epochs=100),
                "validation R² of 0.5 or more",
                r2_at_least(0.5),
            ),
        ),
    ),
    Lesson(
        15,
        "batchnorm-order",
        "BatchNorm before or after the activation (Tutorial 3)",
        (
            Step(
                "BatchNorm before ReLU",
                "Tutorial 3 says the BatchNorm paper puts BN in front of each ReLU. Here each "
                "block is Dense (linear) → BatchNorm → Activation (ReLU): each ReLU gets its "
                "inputs centred on β, which starts at 0, so at the start every unit is on for "
                "part of each batch. The dense layer's bias learns nothing here: BatchNorm "
                "subtracts the batch mean, so the bias's gradient is zero, and β does its job.",
                lambda: batchnorm_order("before"),
                "90 % accuracy or more",
                at_least(0.9),
            ),
            Step(
                "BatchNorm after ReLU",
                "The same data, random start and optimiser with the other order: Dense (ReLU) → "
                "BatchNorm. Compare the runs in the Runs dock: on these points both orders end "
                "at 90 % validation accuracy or more, within 7 points of each other, and "
                "neither is ahead for every random start.",
                lambda: batchnorm_order("after"),
                "90 % accuracy or more",
                at_least(0.9),
            ),
            Step(
                "No BatchNorm",
                "The same blocks without BatchNorm. Its training loss ends below 0.02, while "
                "both BatchNorm runs end above 0.09: in training, BatchNorm normalises each "
                "batch of 10 points with that batch's own mean and variance, a noisy estimate "
                "(scored with the running averages instead, their loss on the same training "
                "points is lower). "
                "On a net this small BatchNorm buys nothing: without it, validation accuracy "
                "is 100 %. Tutorial 3 credits it with faster convergence, healthier gradients "
                "and less over-fitting in the networks that use it as standard.",
                lambda: batchnorm_order("none"),
                "the training loss ends below 0.02",
                final_loss_below(0.02),
            ),
        ),
    ),
)


def lesson(key: str | int) -> Lesson:
    """A lesson by id ("overfitting") or number (6)."""
    for item in LESSONS:
        if key in (item.id, item.number, str(item.number)):
            return item
    raise SpecError(
        Text("unknown lesson {key}; choose 1-{count}", key=repr(key), count=len(LESSONS))
    )
