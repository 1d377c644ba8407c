"""The Keras half of an exported script: plain Keras 3 (`keras.Sequential`, `keras.layers`,
`keras.optimizers`, `model.fit`), built as the app's Keras engine builds it
(engine/models/keras/model.py): the same layers, seeded initialisers, regulariser, output
layer, loss and metric; learning-rate decay and early stopping as Keras callbacks."""

from __future__ import annotations

from engine.data.image_sets import image_set
from engine.experiment.spec import Experiment
from engine.export import data_code
from engine.export.code_format import call, lit
from engine.export.settings_code import optimizer_constants

INITIALIZERS = {
    "he": "keras.initializers.HeNormal(seed=seed)",
    "glorot": "keras.initializers.GlorotUniform(seed=seed)",
    "lecun": "keras.initializers.LecunNormal(seed=seed)",
    "uniform": "keras.initializers.RandomUniform(-0.5, 0.5, seed=seed)",
    "normal": "keras.initializers.RandomNormal(stddev=1.0, seed=seed)",
}
INIT_NOTES = {
    "he": "He normal (truncated, std sqrt(2 / fan_in)): good for ReLU",
    "glorot": "Glorot uniform, Keras's default: good for tanh and sigmoid",
    "lecun": "LeCun normal (truncated, std sqrt(1 / fan_in))",
    "uniform": "uniform in +-0.5, as TensorFlow Playground",
    "normal": "N(0, 1), as tf.random_normal in Tutorial 1 (biases too)",
}


MIRRORED_SETS = ("fashion_mnist", "cifar10")  # as engine.models.keras.model.MIRRORED_SETS
_ADAM_ARGS = ["beta_1=BETA_1", "beta_2=BETA_2", "epsilon=EPSILON"]


def settings(spec: Experiment) -> list[str]:
    t, o = spec.training, spec.optimizer
    lines = [
        f"SEED = {spec.seed}  # seeds the initial weights, dropout and shuffling",
    ]
    lines += optimizer_constants(o)
    lines += [f"BATCH_SIZE = {t.batch_size}", f"EPOCHS = {t.epochs}"]
    if t.l1 or t.l2:
        lines.append(f"L1, L2 = {t.l1!r}, {t.l2!r}  # penalty L1 sum|W| + L2 sum W^2 on kernels")
    if t.dropout:
        lines.append(f"DROPOUT = {t.dropout!r}  # after every hidden Dense layer")
    if t.lr_decay != 1.0:
        lines.append(f"LR_DECAY = {t.lr_decay!r}  # the learning rate is multiplied by this")
    if t.early_stopping:
        lines.append(f"PATIENCE = {t.early_stopping}  # early stopping on the validation loss")
    return lines


def _output(spec: Experiment) -> tuple[str, str, str, str, str]:
    """(units, activation, loss, metric, targets) as code, as the app's `_output`."""
    if spec.data.task == "regression":
        return (
            "1",
            "linear",
            "keras.losses.MeanSquaredError()",
            'keras.metrics.MeanAbsoluteError(name="mae")',
            "y.astype(np.float32)[:, None]",
        )
    if spec.loss == "categorical_crossentropy":
        return (
            "n_classes",
            "softmax",
            "keras.losses.SparseCategoricalCrossentropy()",
            'keras.metrics.SparseCategoricalAccuracy(name="accuracy")',
            "y",
        )
    if spec.loss == "binary_crossentropy":
        return (
            "1",
            "sigmoid",
            "keras.losses.BinaryCrossentropy()",
            'keras.metrics.BinaryAccuracy(name="accuracy")',
            "y.astype(np.float32)[:, None]",
        )
    act = "sigmoid" if spec.output_activation == "auto" else spec.output_activation
    reduction = '(reduction="sum")' if spec.loss == "sse" else "()"
    return (
        "1 if n_classes == 2 else n_classes",
        act,
        f"keras.losses.MeanSquaredError{reduction}",
        "",  # chosen by the number of outputs
        "",
    )


def _activation(name: str) -> str:
    return "leaky_relu" if name == "leaky_relu" else lit(name)


def layer_lines(spec: Experiment) -> list[str]:
    """The Sequential's layers, one call each (engine.models.keras.model._hidden_layers)."""
    t = spec.training
    out: list[str] = []
    spatial = spec.model == "cnn"
    reg = ["kernel_regularizer=regularizer"] if (t.l1 or t.l2) else []

    def weights(seed: str) -> list[str]:
        args = [f"kernel_initializer=kernel_init({seed})"]
        if t.init == "normal":
            args.append(f"bias_initializer=bias_init({seed})")
        return args

    def add(name: str, args: list[str]) -> None:
        out.extend(call(f"keras.layers.{name}", args, 12, ","))

    if spec.augment and spec.data.is_image:
        out.append(" " * 12 + "# augmentation (training only): small rotations, shifts and zooms")
        if not spatial:  # an MLP's flat pixels: augment the picture, then flatten again
            add("Reshape", [repr(image_set(spec.data.name).shape)])
            spatial = True
        add("RandomRotation", ["0.05", 'fill_mode="constant"', "seed=SEED"])
        add("RandomTranslation", ["0.1", "0.1", 'fill_mode="constant"', "seed=SEED + 1"])
        add("RandomZoom", ["0.1", 'fill_mode="constant"', "seed=SEED + 2"])
        if spec.data.name in MIRRORED_SETS:  # clothes and photos mean the same mirrored
            add("RandomFlip", ['"horizontal"', "seed=SEED + 3"])
    for i, la in enumerate(spec.layers):
        seed = f"SEED + {i}" if i else "SEED"
        if la.type in ("dense", "flatten") and spatial:
            add("Flatten", [])
            spatial = False
        if la.type == "dense":
            args = [str(la.units), f"activation={_activation(la.activation)}"]
            add("Dense", args + weights(seed) + reg)
            if t.dropout:
                add("Dropout", ["DROPOUT", f"seed={seed}"])
        elif la.type == "conv2d":
            args = [
                str(la.filters),
                str(la.kernel_size),
                f"strides={la.stride}",
                f"padding={lit(la.padding)}",
                f"activation={_activation(la.activation)}",
            ]
            add("Conv2D", args + weights(seed) + reg)
        elif la.type in ("maxpool", "avgpool"):
            name = "MaxPooling2D" if la.type == "maxpool" else "AveragePooling2D"
            add(name, [str(la.pool_size), f"strides={la.stride}"])
        elif la.type == "dropout":
            add("Dropout", [repr(la.rate), f"seed={seed}"])
        elif la.type == "batchnorm":
            add("BatchNormalization", [])
        elif la.type == "activation":
            add("Activation", [_activation(la.activation)])
    if spatial:
        add("Flatten", [])
    units, act, *_ = _output(spec)
    out.append("            # the output layer")
    add("Dense", ["n_outputs", f"activation={_activation(act)}", *weights("99")])
    return out


def _uses_leaky(spec: Experiment) -> bool:
    return any(
        la.activation == "leaky_relu" and la.type in ("dense", "conv2d", "activation")
        for la in spec.layers
    ) or (spec.output_activation == "leaky_relu" and spec.loss in ("sse", "mse"))


def model_code(spec: Experiment) -> str:
    t, o = spec.training, spec.optimizer
    parts = []
    if _uses_leaky(spec):
        parts.append(
            "def leaky_relu(x):\n"
            '    """Leaky ReLU with slope 0.01 below 0, as the app (Keras\'s default is 0.2)."""\n'
            "    return keras.activations.leaky_relu(x, negative_slope=0.01)\n"
        )
    init = INITIALIZERS[t.init]
    parts.append(f'def kernel_init(seed):\n    """{INIT_NOTES[t.init]}."""\n    return {init}\n')
    if t.init == "normal":
        parts.append(
            "def bias_init(seed):\n"
            '    """Biases from N(0, 1) too, as tf.random_normal in Tutorial 1."""\n'
            "    return keras.initializers.RandomNormal(stddev=1.0, seed=seed + 1000)\n"
        )
    optimizer_call = {
        "sgd": ("SGD", ["learning_rate=LEARNING_RATE"]),
        "momentum": ("SGD", ["learning_rate=LEARNING_RATE", "momentum=MOMENTUM"]),
        "nesterov": (
            "SGD",
            ["learning_rate=LEARNING_RATE", "momentum=MOMENTUM", "nesterov=True"],
        ),
        "adagrad": ("Adagrad", ["learning_rate=LEARNING_RATE", "epsilon=EPSILON"]),
        "rmsprop": ("RMSprop", ["learning_rate=LEARNING_RATE", "rho=RHO", "epsilon=EPSILON"]),
        "adam": ("Adam", ["learning_rate=LEARNING_RATE", *_ADAM_ARGS]),
        "nadam": ("Nadam", ["learning_rate=LEARNING_RATE", *_ADAM_ARGS]),
    }[o.name]
    _, _, loss, metric, _ = _output(spec)
    if not metric:
        metric = (
            'keras.metrics.BinaryAccuracy(name="accuracy")\n'
            "        if n_outputs == 1\n"
            '        else keras.metrics.CategoricalAccuracy(name="accuracy")'
        )
        metric_line = f"    metric = (\n        {metric}\n    )"
    else:
        metric_line = f"    metric = {metric}"
    lines = [
        "def build_model(input_shape, n_outputs):",
        '    """The network, compiled with its optimiser, loss and metric."""',
        "    keras.utils.set_random_seed(SEED)",
    ]
    if t.l1 or t.l2:
        lines.append("    regularizer = keras.regularizers.L1L2(l1=L1, l2=L2)")
    lines += ["    model = keras.Sequential(", "        ["]
    lines.append("            keras.Input(shape=input_shape),")
    lines += layer_lines(spec)
    lines += ["        ]", "    )"]
    name, args = optimizer_call
    lines += call(f"optimizer = keras.optimizers.{name}", args, 4)
    lines.append(metric_line)
    lines += call("model.compile", ["optimizer=optimizer", f"loss={loss}", "metrics=[metric]"], 4)
    lines.append("    return model")
    parts.append("\n".join(lines) + "\n")
    parts.append(_targets_code(spec))
    return "\n\n\n".join(p.strip("\n") for p in parts) + "\n"


def _targets_code(spec: Experiment) -> str:
    *_, targets = _output(spec)
    if targets:
        doc = '"""The labels as the loss reads them."""'
        return f"def targets(y, n_outputs):\n    {doc}\n    return {targets}\n"
    return '''
def targets(y, n_outputs):
    """The labels as the squared error reads them: the label itself for one output unit,
    one-hot rows for several."""
    if n_outputs == 1:
        return y.astype(np.float32)[:, None]
    return keras.utils.to_categorical(y, n_outputs)
'''


def main_code(spec: Experiment) -> str:
    t = spec.training
    units, *_ = _output(spec)
    lines = ["def main():", *data_code.prepare_lines(spec)]
    lines += [
        *data_code.class_count_lines(spec, units),
        "    model = build_model(x_train.shape[1:], n_outputs)",
        "    model.summary()",
        "    callbacks = []",
    ]
    if t.lr_decay != 1.0:
        lines += [
            "",
            "    def decayed(epoch, lr):",
            '        """The learning rate of epoch `epoch` (from 0): '
            + 'LEARNING_RATE * LR_DECAY^epoch."""',
            "        return max(LEARNING_RATE * LR_DECAY**epoch, 1e-7)",
            "",
            "    callbacks.append(keras.callbacks.LearningRateScheduler(decayed))",
        ]
    if t.early_stopping:
        lines += [
            "    # stop when the validation loss has not improved for PATIENCE epochs, and go back"
            " to",
            "    # the best epoch's weights",
            "    callbacks.append(",
            "        keras.callbacks.EarlyStopping(",
            '            monitor="val_loss", patience=PATIENCE, restore_best_weights=True',
            "        )",
            "    )",
        ]
    lines += [
        "    model.fit(",
        "        x_train,",
        "        targets(y_train, n_outputs),",
        "        batch_size=BATCH_SIZE,",
        "        epochs=EPOCHS,",
        "        validation_data=(x_val, targets(y_val, n_outputs)),",
        "        shuffle=True,",
        "        callbacks=callbacks,",
        "        verbose=2,",
        "    )",
    ]
    if spec.data.task == "regression":
        lines += [
            "    values = model.predict(x_test, verbose=0)[:, 0]",
            "    mse = float(np.mean((values - y_test) ** 2))",
            "    mae = float(np.mean(np.abs(values - y_test)))",
            "    r2 = 1 - mse / float(np.var(y_test))  # the share of the variance explained",
            '    print(f"Test MSE: {mse:.4f}  MAE: {mae:.4f}  R²: {r2:.4f}")',
        ]
    else:
        lines += [
            "    test_loss, test_accuracy = model.evaluate("
            "x_test, targets(y_test, n_outputs), verbose=0)",
            '    print(f"Test accuracy: {test_accuracy:.4f}  (test loss {test_loss:.4f})")',
        ]
    return "\n".join(lines) + "\n"


def body(spec: Experiment) -> tuple[list[str], list[str], str]:
    """(imports beyond numpy, settings lines, code after the data functions)."""
    code = model_code(spec).strip("\n") + "\n\n\n" + main_code(spec)
    return ["keras"], settings(spec), code
