"""Tutorial presets: the as-written ones match the tutorials' code setting for setting (a table
transcribed from it, each line quoted), the improved ones differ from them only where their
docstrings say, the CLI trains them end to end."""

from __future__ import annotations

import json

import pytest

from engine.experiment.presets import MNIST_TRAIN, PRESETS, preset
from engine.experiment.spec import SpecError
from tests.fake_image_sets import write_bar_mnist
from tests.keras_backend import needs_keras  # noqa: E402

# Parameter counts worked out by hand from the tutorials' layer lists (Keras 'valid' padding).
EXPECTED_PARAMS = {
    "tutorial1-mlp-as-written": 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10,
    "seed0-mlp": 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10,  # 269,322
    "tutorial3-cnn-as-written": (25 * 32 + 32)
    + (9 * 32 * 64 + 64)
    + (5 * 5 * 64 * 1024 + 1024)
    + (1024 * 10 + 10),
    "seed2-cnn": (25 * 32 + 32)
    + (9 * 32 * 64 + 64)
    + (5 * 5 * 64 * 1024 + 1024)
    + (1024 * 10 + 10),  # 1,669,002
    "lenet5": 156 + 2416 + (400 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10),  # 61,706
    "tutorial2-cnn-as-written": (25 * 4 + 4)
    + (9 * 4 * 8 + 8)
    + (9 * 8 * 16 + 16)
    + (4 * 4 * 16 * 128 + 128)
    + (128 * 10 + 10),
    "seed1-cnn": (25 * 4 + 4)
    + (9 * 4 * 8 + 8)
    + (9 * 8 * 16 + 16)
    + (4 * 4 * 16 * 128 + 128)
    + (128 * 10 + 10),
}


@needs_keras
def test_every_preset_is_a_valid_experiment_and_the_image_ones_run_on_keras():
    for name in PRESETS:
        exp = preset(name).validate()
        assert exp.preset == name
        if name != "tutorial1-perceptron":
            assert exp.engine == "keras" and exp.data.is_image
            expected = name.split("-")[0]  # fashion-…, cifar-…; the tutorials' are MNIST
            assert exp.data.name == {"fashion": "fashion_mnist", "cifar": "cifar10"}.get(
                expected, "mnist"
            )
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


@pytest.mark.parametrize("name", ["seed0-mlp", "seed1-cnn", "seed2-cnn"])
def test_the_improved_presets_validate_on_held_out_training_images(name):
    """Not on the training rows (validation 0) and never on the test set: early stopping and
    the validation curves read images the network does not train on."""
    exp = preset(name)
    assert exp.data.validation_split > 0
    held_out = int(MNIST_TRAIN * exp.data.validation_split)
    assert held_out == {"seed1-cnn": 12_000}.get(name, 5_000)
    said = {"seed1-cnn": "validation split 0.2"}.get(name, "5,000 held-out training images")
    assert said in " ".join(PRESETS[name].__doc__.split())


@needs_keras
@pytest.mark.parametrize("name", sorted(EXPECTED_PARAMS))
def test_presets_build_the_right_parameter_counts(name):
    from engine.models.keras.model import KerasModel

    exp = preset(name)
    shape = (784,) if exp.model == "mlp" else (28, 28, 1)
    model = KerasModel(exp, shape, 10).model
    assert model.count_params() == EXPECTED_PARAMS[name]
    assert model.output_shape == (None, 10)


@needs_keras
def test_keras_cli_trains_a_preset_saves_and_writes_history(tmp_path, capsys):
    from engine.cli.main import main as cli_main
    from engine.models.keras import load_keras_model

    data = tmp_path / "mnist.npz"
    write_bar_mnist(data)
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


# ----- as written -------------------------------------------------------------------------
def _get(exp, path):
    value = exp.to_dict()
    for key in path.split("."):
        value = value[int(key)] if isinstance(value, list) else value[key]
    return value


# Each as-written preset against the tutorial's code (/work/shared/seeds/00N_*.txt): the
# setting's path in the experiment JSON, the value, and the line it comes from.
AS_WRITTEN = {
    "tutorial1-perceptron": [  # seed 000, the perceptron
        ("data.name", "gate-or"),  # train_out = [[0],[1],[1],[1]]
        ("model", "perceptron"),  # output = tf.nn.relu(tf.matmul(x, w))
        ("training.perceptron_rule", "delta"),  # ... relu ..., minimised by gradient descent
        ("loss", "sse"),  # loss = tf.reduce_sum(tf.square(output - y))
        ("optimizer.name", "sgd"),  # optimizer = tf.train.GradientDescentOptimizer(0.01)
        ("optimizer.lr", 0.01),  # GradientDescentOptimizer(0.01)
        ("training.batch_size", 4),  # sess.run(train, {x:train_in,y:train_out})  (all 4 rows)
        ("training.epochs", 100),  # for i in range(100):
        ("training.init", "normal"),  # w = tf.Variable(tf.random_normal([3, 1], seed=15))
        ("training.stop_when_separated", False),  # no stop inside `for i in range(100)`
    ],
    "tutorial1-mlp-as-written": [  # seed 000, the MLP
        ("model", "mlp"),
        ("layers.0.units", 256),  # n_hidden_1 = 256
        ("layers.0.activation", "relu"),  # layer_1 = tf.nn.relu(layer_1)
        ("layers.1.units", 256),  # n_hidden_2 = 256
        ("layers.1.activation", "relu"),  # layer_2 = tf.nn.relu(layer_2)
        ("loss", "categorical_crossentropy"),  # tf.nn.softmax_cross_entropy_with_logits(...)
        ("optimizer.name", "adam"),  # tf.train.AdamOptimizer(learning_rate=learning_rate)
        ("optimizer.lr", 0.001),  # learning_rate = 0.001
        ("training.epochs", 15),  # training_epochs = 15
        ("training.batch_size", 100),  # batch_size = 100
        ("training.init", "normal"),  # 'h1': tf.Variable(tf.random_normal([n_input, ...]))
        # 'b1': tf.Variable(tf.random_normal([n_hidden_1])): init normal draws biases too
        ("data.validation_split", 5_000 / 60_000),  # input_data: 55,000 train, 5,000 validation
    ],
    "tutorial2-cnn-as-written": [  # seed 001
        ("layers.0.filters", 4),  # Convolution2D(4, 5, 5, border_mode='valid', ...)
        ("layers.0.kernel_size", 5),
        ("layers.0.padding", "valid"),
        ("layers.0.activation", "tanh"),  # model.add(Activation('tanh'))
        ("layers.1.filters", 8),  # Convolution2D(8, 3, 3, border_mode='valid')
        ("layers.1.kernel_size", 3),
        ("layers.1.activation", "tanh"),  # model.add(Activation('tanh'))
        ("layers.2.type", "maxpool"),  # MaxPooling2D(pool_size=(2, 2))
        ("layers.2.pool_size", 2),
        ("layers.3.filters", 16),  # Convolution2D(16, 3, 3, border_mode='valid')
        ("layers.3.activation", "relu"),  # model.add(Activation('relu'))
        ("layers.4.type", "maxpool"),  # MaxPooling2D(pool_size=(2, 2))
        ("layers.5.units", 128),  # model.add(Dense(128, init='normal'))
        ("layers.5.activation", "tanh"),  # model.add(Activation('tanh'))
        ("loss", "categorical_crossentropy"),  # loss='categorical_crossentropy'
        ("optimizer.name", "nesterov"),  # SGD(..., momentum=0.9, nesterov=True)
        ("optimizer.lr", 0.05),  # SGD(lr=0.05, ...)
        ("optimizer.momentum", 0.9),
        ("training.lr_decay", 1 / (1 + 1e-6 * 480)),  # decay=1e-6 per step, 480 steps an epoch
        ("training.batch_size", 100),  # model.fit(data, label, batch_size=100, ...)
        ("training.epochs", 10),  # nb_epoch=10
        ("data.validation_split", 0.2),  # validation_split=0.2
        ("augment", False),  # the ImageDataGenerator block sits inside """...""": never ran
    ],
    "tutorial3-cnn-as-written": [  # seed 002
        ("layers.0.filters", 32),  # conv1 = tf.layers.conv2d(x, 32, 5, activation=tf.nn.relu)
        ("layers.0.kernel_size", 5),
        ("layers.0.activation", "relu"),
        ("layers.1.type", "maxpool"),  # conv1 = tf.layers.max_pooling2d(conv1, 2, 2)
        ("layers.2.filters", 64),  # conv2 = tf.layers.conv2d(conv1, 64, 3, activation=...relu)
        ("layers.2.kernel_size", 3),
        ("layers.2.activation", "relu"),
        ("layers.3.type", "maxpool"),  # conv2 = tf.layers.max_pooling2d(conv2, 2, 2)
        ("layers.4.units", 1024),  # fc1 = tf.layers.dense(fc1, 1024)
        ("layers.4.activation", "linear"),  # ... dense(fc1, 1024): no activation given
        ("layers.5.type", "dropout"),  # fc1 = tf.layers.dropout(fc1, rate=dropout, ...)
        ("layers.5.rate", 0.75),  # dropout = 0.75 # Dropout, probability to keep units
        ("loss", "categorical_crossentropy"),  # sparse_softmax_cross_entropy_with_logits
        ("optimizer.name", "adam"),  # tf.train.AdamOptimizer(learning_rate=learning_rate)
        ("optimizer.lr", 0.001),  # learning_rate = 0.001
        ("training.batch_size", 128),  # batch_size = 128
        ("training.epochs", round(2000 * 128 / 55_000)),  # num_steps = 2000 (4.65 epochs)
        ("data.validation_split", 5_000 / 60_000),  # input_data: 55,000 train, 5,000 validation
    ],
}
# The kernel initialiser where the tutorial left the library's default (glorot uniform).
AS_WRITTEN["tutorial2-cnn-as-written"].append(("training.init", "glorot"))
AS_WRITTEN["tutorial3-cnn-as-written"].append(("training.init", "glorot"))


@pytest.mark.parametrize("name", sorted(AS_WRITTEN))
def test_as_written_presets_match_the_tutorials_code(name):
    exp = preset(name).validate()
    for path, expected in AS_WRITTEN[name]:
        got = _get(exp, path)
        assert got == pytest.approx(expected), f"{name}: {path} is {got!r}, expected {expected!r}"
    hidden = [la for la in exp.layers if la.type != "flatten"]
    n_layers = {"tutorial1-perceptron": 0, "tutorial1-mlp-as-written": 2}.get(name, 6)
    assert len(hidden) == n_layers, name


def _differences(a, b, prefix=""):
    """The dotted paths where two experiment dicts differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            out += _differences(a.get(key), b.get(key), f"{prefix}{key}.")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            out += _differences(x, y, f"{prefix}{i}.")
        return out
    return [] if a == b else [prefix.rstrip(".")]


# Each as-written preset, its improved twin, and every setting they differ in (besides the
# preset's name): what the improved preset's docstring explains.
PAIRS = {
    ("tutorial1-mlp-as-written", "seed0-mlp"): [
        "training.init",  # improved: Glorot weights, zero biases instead of N(0, 1)
    ],
    ("tutorial2-cnn-as-written", "seed1-cnn"): [
        "augment",  # improved: the augmentation the tutorial meant
        "training.lr_decay",  # improved: no 1e-6 decay
    ],
    ("tutorial3-cnn-as-written", "seed2-cnn"): [
        "layers.4.activation",  # improved: ReLU on the dense 1024
        "layers.5.rate",  # improved: dropout 0.5
        "training.epochs",  # improved: 3 epochs
    ],
}


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_improved_presets_differ_from_the_as_written_ones_only_where_documented(pair):
    written, improved = (json.loads(preset(name).to_json()) for name in pair)
    diffs = [d for d in _differences(written, improved) if d != "preset"]
    assert diffs == PAIRS[pair]
    doc = PRESETS[pair[1]].__doc__
    assert "Improved:" in doc, pair[1]
    assert "as written" in PRESETS[pair[0]].__doc__


def test_the_module_no_longer_claims_every_preset_is_exact():
    import engine.experiment.presets as module

    assert "replay the tutorials' models exactly" not in module.__doc__
    assert "as written" in module.__doc__ and "improved" in module.__doc__


def test_tutorial1_perceptron_trains_all_100_epochs_as_the_tutorial_prints(capsys):
    from engine.cli.main import main as cli_main

    assert cli_main(["train", "--preset", "tutorial1-perceptron", "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    epochs, summary = lines[:-1], lines[-1]
    assert [x["epoch"] for x in epochs] == list(range(1, 101))
    assert summary["stopped"] == "completed" and summary["epochs"] == 100
    assert 1.8 <= epochs[0]["loss"] <= 2.3  # the tutorial prints 2.07 after its first step
    assert 0.2 <= epochs[-1]["loss"] <= 0.35  # ... and 0.27 after its last
    assert epochs[-1]["accuracy"] == 1.0
