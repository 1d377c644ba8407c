"""The NumPy half of an exported script: the network written out for THIS architecture, the
way the from-scratch tutorial writes its 2-layer net (feedforward, backprop by the chain rule,
a gradient step), plus the optimiser, the loss and the training loop.

It follows the NumPy engine step for step (engine/models/numpy/ and the Trainer): the same
generator draws the initial weights (layer by layer) and then the dropout masks, a second one
(seed + 1) shuffles each epoch, L2 is in the gradient and L1 a proximal step after the update,
and the learning-rate decay and early stopping happen after each epoch. So a script run gives
the app's numbers up to float rounding.
"""

from __future__ import annotations

import inspect
import textwrap
from dataclasses import dataclass

from engine.experiment.spec import Experiment
from engine.export import data_code
from engine.export.settings_code import optimizer_constants
from engine.models.numpy import initializers
from engine.models.numpy.architecture import output_layout
from engine.models.numpy.layers import BN_EPSILON, BN_MOMENTUM

ACT_CODE = {  # forward: the activation of z
    "linear": "{z}",
    "sigmoid": "sigmoid({z})",
    "tanh": "np.tanh({z})",
    "relu": "np.maximum({z}, 0)",
    "leaky_relu": "np.where({z} > 0, {z}, 0.01 * {z})",
    "softmax": "softmax({z})",
}
DERIVATIVE_NOTE = {
    "linear": "linear: the derivative is 1",
    "sigmoid": "sigmoid' = a (1 - a)",
    "tanh": "tanh' = 1 - a^2",
    "relu": "relu' = 1 where a > 0, else 0",
    "leaky_relu": "leaky relu' = 1 where z > 0, else 0.01",
}


def _times_derivative(g: str, act: str, z: str, a: str) -> str:
    """dL/dz from dL/da = `g` through activation `act` (input `z`, output `a`)."""
    return {
        "linear": g,
        "sigmoid": f"{g} * {a} * (1 - {a})",
        "tanh": f"{g} * (1 - {a}**2)",
        "relu": f"{g} * ({a} > 0)",
        "leaky_relu": f"np.where({z} > 0, {g}, 0.01 * {g})",
        "softmax": f"{a} * ({g} - ({g} * {a}).sum(axis=1, keepdims=True))",
    }[act]


@dataclass
class _Op:
    """One layer of the stack, numbered from 1 as the script's tensors h1, h2, …"""

    kind: str  # dense, dropout, batchnorm, activation, output
    index: int
    units: int = 0
    activation: str = "linear"
    rate: float = 0.0
    width: str = ""  # the width of its input (a number, or n_inputs)


def layer_stack(spec: Experiment) -> list[_Op]:
    """The NumPy engine's layers for `spec` (engine.models.numpy.architecture.make_layers)."""
    ops: list[_Op] = []
    width = "n_inputs"
    dropout = spec.training.dropout

    def add(kind: str, **kw) -> None:
        ops.append(_Op(kind, len(ops) + 1, width=width, **kw))

    for layer in spec.layers:
        if layer.type == "dense":
            add("dense", units=layer.units, activation=layer.activation)
            width = str(layer.units)
            if dropout > 0:
                add("dropout", rate=dropout)
        elif layer.type == "dropout" and layer.rate > 0:
            add("dropout", rate=layer.rate)
        elif layer.type == "batchnorm":
            add("batchnorm")
        elif layer.type == "activation":
            add("activation", activation=layer.activation)
    add("output")
    return ops


def describe(op: _Op) -> str:
    return {
        "dense": f"Dense({op.units}, {op.activation})",
        "dropout": f"Dropout({op.rate:g})",
        "batchnorm": "BatchNorm",
        "activation": f"Activation({op.activation})",
        "output": "Dense(n_outputs) -> logits",
    }[op.kind]


# ----- settings -----------------------------------------------------------------------------
def settings(spec: Experiment) -> list[str]:
    t, o = spec.training, spec.optimizer
    lines = [f"SEED = {spec.seed}  # draws the initial weights (and dropout masks)"]
    if spec.model == "perceptron":
        lines += [
            f"LEARNING_RATE = {o.lr!r}",
            f"BATCH_SIZE = {t.batch_size}",
            f"EPOCHS = {t.epochs}",
            f"STOP_WHEN_SEPARATED = {t.stop_when_separated}",
        ]
        return lines
    lines += optimizer_constants(o)
    lines += [f"BATCH_SIZE = {t.batch_size}", f"EPOCHS = {t.epochs}"]
    if t.l1:
        lines.append(f"L1 = {t.l1!r}  # penalty L1 * sum|W| on every kernel")
    if t.l2:
        lines.append(f"L2 = {t.l2!r}  # penalty L2 * sum(W^2) on every kernel")
    if t.lr_decay != 1.0:
        lines.append(f"LR_DECAY = {t.lr_decay!r}  # the learning rate is multiplied by this")
    if t.early_stopping:
        lines.append(f"PATIENCE = {t.early_stopping}  # early stopping on the validation loss")
    return lines


# ----- helpers ------------------------------------------------------------------------------
def _activations_used(spec: Experiment, ops: list[_Op]) -> set[str]:
    used = {op.activation for op in ops if op.kind in ("dense", "activation")}
    if spec.loss == "binary_crossentropy":
        used.add("sigmoid")
    elif spec.loss in ("sse", "mse"):  # the loss applies the output activation itself
        used.add(_output(spec)[1])
    return used


def _output(spec: Experiment) -> tuple[str, str]:
    """(how many output units, output activation), as code and name."""
    if spec.data.task == "regression":
        return "1", "linear"
    units_if_two, act = output_layout(spec, 2)
    if spec.loss == "categorical_crossentropy" or units_if_two == 2:
        return "n_classes", act
    if spec.loss == "binary_crossentropy":
        return "1", act
    return "n_classes if n_classes > 2 else 1", act


def helpers(spec: Experiment, ops: list[_Op]) -> str:
    used = _activations_used(spec, ops)
    parts = []
    if "sigmoid" in used:
        parts.append(
            "def sigmoid(z):\n"
            '    """1 / (1 + e^-z), written as 0.5 (1 + tanh(z / 2)), which never overflows."""\n'
            "    return 0.5 * (1 + np.tanh(0.5 * z))\n"
        )
    if "softmax" in used:
        parts.append(
            "def softmax(z):\n"
            '    """Each row\'s e^z, divided by the row\'s sum: probabilities that add up to 1.'
            '"""\n'
            "    e = np.exp(z - z.max(axis=1, keepdims=True))  # the same, without overflow\n"
            "    return e / e.sum(axis=1, keepdims=True)\n"
        )
    parts.append(_init_code(spec.training.init))
    return "\n\n\n".join(p.strip("\n") for p in parts) + "\n"


def _init_code(init: str) -> str:
    if init in ("he", "lecun"):
        trunc = textwrap.dedent(inspect.getsource(initializers.truncated_normal)).strip("\n")
        gain = "2.0" if init == "he" else "1.0"
        name = "He" if init == "he" else "LeCun"
        return f'''
{trunc}


def init_dense(rng, n_in, n_out):
    """{name} normal weights: a normal with std sqrt({gain} / n_in), redrawn beyond two std
    (the std is divided by 0.8796…, the std of a truncated unit normal, as Keras does);
    biases 0."""
    std = np.sqrt({gain} / n_in) / {initializers._TRUNC_STD_CORRECTION!r}
    w = truncated_normal(rng, std, (n_in, n_out))
    return w.astype(np.float32), np.zeros(n_out, np.float32)
'''
    if init == "glorot":
        return '''
def init_dense(rng, n_in, n_out):
    """Glorot (Xavier) uniform weights in +-sqrt(6 / (n_in + n_out)), Keras's default; biases
    0."""
    limit = np.sqrt(6.0 / (n_in + n_out))
    w = rng.uniform(-limit, limit, (n_in, n_out))
    return w.astype(np.float32), np.zeros(n_out, np.float32)
'''
    if init == "uniform":
        return '''
def init_dense(rng, n_in, n_out):
    """Weights uniform in +-0.5 and biases 0.1, as TensorFlow Playground starts."""
    w = rng.uniform(-0.5, 0.5, (n_in, n_out))
    return w.astype(np.float32), np.full(n_out, 0.1, np.float32)
'''
    return '''
def init_dense(rng, n_in, n_out):
    """Weights and biases drawn from N(0, 1), as tf.random_normal in Tutorial 1."""
    w = rng.standard_normal((n_in, n_out))
    b = rng.standard_normal(n_out)
    return w.astype(np.float32), b.astype(np.float32)
'''


# ----- the network --------------------------------------------------------------------------
def network_class(spec: Experiment, ops: list[_Op]) -> str:
    out = ops[-1].index
    chain = " -> ".join(["Input(n_inputs)", *(describe(op) for op in ops)])
    early = spec.training.early_stopping > 0
    init: list[str] = []
    forward: list[str] = []
    backward: list[str] = []
    kernels = []
    for op in ops:
        i, prev = op.index, f"self.h{op.index - 1}"
        if op.kind in ("dense", "output"):
            units = "n_outputs" if op.kind == "output" else str(op.units)
            init.append(f'p["W{i}"], p["b{i}"] = init_dense(rng, {op.width}, {units})')
            kernels.append(f'"W{i}"')
        elif op.kind == "batchnorm":
            init += [
                f'p["gamma{i}"] = np.ones({op.width}, np.float32)',
                f'p["beta{i}"] = np.zeros({op.width}, np.float32)',
                f'self.running["mean{i}"] = np.zeros({op.width}, np.float32)',
                f'self.running["var{i}"] = np.ones({op.width}, np.float32)',
            ]
        forward += _forward_lines(op, prev)
    for op in reversed(ops):
        backward += _backward_lines(op, first=op.index == 1)
    has_bn = any(op.kind == "batchnorm" for op in ops)
    has_dropout = any(op.kind == "dropout" for op in ops)
    if has_bn or has_dropout:
        modes = " and ".join(
            (["dropout drops units"] if has_dropout else [])
            + (["BatchNorm normalises with the batch's own statistics"] if has_bn else [])
        )
        training_doc = textwrap.wrap(
            f"The logits of the output layer for inputs x. In training, {modes}; at inference "
            + ("neither." if has_bn and has_dropout else "it does not."),
            84,
        )
    else:
        training_doc = [
            "The logits of the output layer for inputs x (no dropout or BatchNorm here, so",
            "training and inference compute the same).",
        ]
    lines = [
        "class Network:",
        *textwrap.wrap(f'"""{chain}.', 92, initial_indent="    ", subsequent_indent="    "),
        "",
        "    Every layer's output is kept (self.z1, self.h1, …): backprop reads them on the",
        '    way back."""',
        "",
        "    def __init__(self, n_inputs, n_outputs, rng):",
        "        self.rng = rng  # it draws the initial weights"
        + (", then the dropout masks" if has_dropout else ""),
        "        self.params, self.grads = {}, {}",
    ]
    if has_bn:
        lines.append("        self.running = {}  # BatchNorm's running mean and variance")
    lines += ["        p = self.params"]
    lines += [f"        {line}" for line in init]
    if spec.training.l1 or spec.training.l2:
        lines.append("        # the kernels (weight matrices): L1 and L2 act on these")
        lines += _list_lines("self.kernels", kernels, 8)
    lines += [
        "",
        "    def feedforward(self, x, training=False):",
        *_docstring_lines(training_doc, 8),
        "        p = self.params",
    ]
    if has_bn:
        lines.append("        r = self.running")
    lines.append("        self.h0 = x")
    lines += [f"        {line}" if line else "" for line in forward]
    lines.append(f"        return self.z{out}")
    lines += [
        "",
        "    def backprop(self, dz):",
        '        """Backpropagation: from dL/dz of the output layer, the chain rule, layer by',
        '        layer down to the first, fills self.grads with dL/d(every parameter)."""',
        "        p, g = self.params, self.grads"
        if any('p["' in line for line in backward)
        else "        g = self.grads",
    ]
    lines += [f"        {line}" if line else "" for line in backward]
    if early:
        lines += [
            "",
            "    def state(self):",
            '        """Copies of the weights (and running statistics), for early stopping."""',
            "        saved = {name: w.copy() for name, w in self.params.items()}",
        ]
        if has_bn:
            lines.append(
                "        saved.update({name: s.copy() for name, s in self.running.items()})"
            )
        lines += [
            "        return saved",
            "",
            "    def restore(self, saved):",
            "        for name in self.params:",
            "            self.params[name] = saved[name].copy()",
        ]
        if has_bn:
            lines += [
                "        for name in self.running:",
                "            self.running[name] = saved[name].copy()",
            ]
    return "\n".join(lines) + "\n"


def _docstring_lines(lines: list[str], indent: int) -> list[str]:
    pad = " " * indent
    out = [f"{pad}{line}" for line in lines]
    out[0] = f'{pad}"""{lines[0]}'
    out[-1] += '"""'
    return out


def _list_lines(name: str, items: list[str], indent: int) -> list[str]:
    pad = " " * indent
    one = f"{pad}{name} = [{', '.join(items)}]"
    if len(one) <= 100:
        return [one]
    return [f"{pad}{name} = [", *(f"{pad}    {item}," for item in items), f"{pad}]"]


def _forward_lines(op: _Op, prev: str) -> list[str]:
    i = op.index
    h, z = f"self.h{i}", f"self.z{i}"
    if op.kind == "output":
        return [
            "",
            f"# layer {i}, the output: logits z = h W + b (the loss applies the output activation)",
            f'{z} = {prev} @ p["W{i}"] + p["b{i}"]',
        ]
    if op.kind == "dense":
        return [
            "",
            f"# layer {i}: Dense({op.units}, {op.activation}): h = "
            + ("h W + b" if op.activation == "linear" else f"{op.activation}(h W + b)"),
            f'{z} = {prev} @ p["W{i}"] + p["b{i}"]',
            f"{h} = {ACT_CODE[op.activation].format(z=z)}",
        ]
    if op.kind == "activation":
        return [
            "",
            f"# layer {i}: Activation({op.activation}), a function with no weights",
            f"{h} = {ACT_CODE[op.activation].format(z=prev)}",
        ]
    if op.kind == "dropout":
        rate = f"{op.rate!r}"
        return [
            "",
            f"# layer {i}: Dropout({op.rate:g}): in training each unit is zeroed with probability",
            f"# {op.rate:g} and the others scaled by 1 / (1 - {op.rate:g}), so inference needs no",
            "# rescaling (inverted dropout, as Keras)",
            "if training:",
            f"    keep = self.rng.random({prev}.shape, dtype=np.float32) >= {rate}",
            f"    self.mask{i} = keep * np.float32(1 / (1 - {rate}))",
            f"    {h} = {prev} * self.mask{i}",
            "else:",
            f"    {h} = {prev}",
        ]
    m, e = BN_MOMENTUM, BN_EPSILON
    return [
        "",
        f"# layer {i}: BatchNorm: each unit shifted and scaled to mean 0, variance 1 (the",
        "# batch's in training, the running averages at inference), then times gamma plus beta",
        "if training:",
        f"    mean, var = {prev}.mean(axis=0), {prev}.var(axis=0)",
        f'    r["mean{i}"] = {m!r} * r["mean{i}"] + {1 - m:.2f} * mean',
        f'    r["var{i}"] = {m!r} * r["var{i}"] + {1 - m:.2f} * var',
        f"    self.inv_std{i} = 1 / np.sqrt(var + {e!r})",
        f"    self.xhat{i} = ({prev} - mean) * self.inv_std{i}",
        "else:",
        f'    self.xhat{i} = ({prev} - r["mean{i}"]) / np.sqrt(r["var{i}"] + {e!r})',
        f'{h} = p["gamma{i}"] * self.xhat{i} + p["beta{i}"]',
    ]


def _backward_lines(op: _Op, first: bool) -> list[str]:
    i = op.index
    below = f"self.h{i - 1}"
    to_input = [] if first else [f'dh = dz @ p["W{i}"].T  # dL/d(the layer\'s input)']
    if op.kind == "output":
        return [
            f"# layer {i}, the output: z = h W + b, so dL/dW = h^T dL/dz and dL/db = sum dL/dz",
            f'g["W{i}"] = {below}.T @ dz',
            f'g["b{i}"] = dz.sum(axis=0)',
            *to_input,
        ]
    if op.kind == "dense":
        through = _times_derivative("dh", op.activation, f"self.z{i}", f"self.h{i}")
        return [
            "",
            f"# layer {i}: Dense({op.units}, {op.activation}); first back through the activation:",
            f"# {DERIVATIVE_NOTE[op.activation]}",
            f"dz = {through}",
            f'g["W{i}"] = {below}.T @ dz',
            f'g["b{i}"] = dz.sum(axis=0)',
            *to_input,
        ]
    if first:
        return []  # nothing below needs the gradient
    if op.kind == "activation":
        through = _times_derivative("dh", op.activation, below, f"self.h{i}")
        return [
            "",
            f"# layer {i}: Activation({op.activation}): {DERIVATIVE_NOTE[op.activation]}",
            f"dh = {through}",
        ]
    if op.kind == "dropout":
        return [
            "",
            f"# layer {i}: Dropout: only the kept units pass the gradient, scaled as they were",
            f"dh = dh * self.mask{i}",
        ]
    return [
        "",
        f"# layer {i}: BatchNorm: dL/dbeta = sum dh, dL/dgamma = sum dh * xhat, and the",
        "# gradient through the batch's mean and variance",
        f'g["beta{i}"] = dh.sum(axis=0)',
        f'g["gamma{i}"] = (dh * self.xhat{i}).sum(axis=0)',
        f'mean_terms = (g["beta{i}"] + self.xhat{i} * g["gamma{i}"]) / len(dh)',
        f'dh = p["gamma{i}"] * self.inv_std{i} * (dh - mean_terms)',
    ]


# ----- loss ---------------------------------------------------------------------------------
def loss_code(spec: Experiment) -> str:
    if spec.data.task == "regression":
        return '''
def loss_and_gradient(z, y):
    """The mean squared error of the one linear output against the targets, mean((z - t)^2),
    and its gradient dL/dz = 2 (z - t) / n."""
    d = z - y.astype(np.float32)[:, None]
    return float(np.mean(d * d)), 2 * d / d.size


def predict(z):
    """The predicted number of each row: the linear output itself."""
    return z[:, 0]
'''
    if spec.loss == "categorical_crossentropy":
        return '''
def loss_and_gradient(z, y):
    """Softmax and categorical cross-entropy from the logits z: the batch's mean of
    -log softmax(z)[label], and its gradient dL/dz = (softmax(z) - onehot(label)) / n."""
    n = len(z)
    shifted = z - z.max(axis=1, keepdims=True)  # the same softmax, without overflow
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -float(np.mean(log_p[np.arange(n), y]))
    dz = np.exp(log_p)
    dz[np.arange(n), y] -= 1
    return loss, dz / n


def predict(z):
    """The class with the largest logit (softmax keeps the order)."""
    return z.argmax(axis=1)
'''
    if spec.loss == "binary_crossentropy":
        return '''
def loss_and_gradient(z, y):
    """One sigmoid unit and binary cross-entropy from its logit z: the batch's mean of
    log(1 + e^z) - t z (= -t log p - (1 - t) log(1 - p), with no log 0), and its gradient
    dL/dz = (sigmoid(z) - t) / n."""
    t = y.astype(np.float32)[:, None]
    loss = float(np.mean(np.logaddexp(0, z) - t * z))
    return loss, (sigmoid(z) - t) / len(z)


def predict(z):
    """Class 1 where sigmoid(z) > 0.5, i.e. where z > 0."""
    return (z[:, 0] > 0).astype(np.int64)
'''
    _, act = _output(spec)
    mean = spec.loss == "mse"
    name = "mean" if mean else "sum"
    scale = " / d.size" if mean else ""
    through = _times_derivative("da", act, "z", "a")
    return f'''
def outputs(z):
    """The output units: {act}(z)."""
    return {ACT_CODE[act].format(z="z")}


def loss_and_gradient(z, y):
    """The {name} of squared errors (a - t)^2 between the outputs a and the targets t (the
    label itself for one unit, one-hot rows for several), with no 1/2; its gradient is
    dL/da = 2 (a - t){scale}, then through {act} to dL/dz."""
    a = outputs(z)
    if a.shape[1] == 1:
        t = y.astype(np.float32)[:, None]
    else:
        t = np.eye(a.shape[1], dtype=np.float32)[y]
    d = a - t
    loss = float(np.sum(d * d)){scale}
    da = 2 * d{scale}
    return loss, {through}


def predict(z):
    """Class 1 where the one output is above 0.5; with several, the largest (clipped to
    [0, 1])."""
    a = outputs(z)
    if a.shape[1] == 1:
        return (a[:, 0] > 0.5).astype(np.int64)
    return np.clip(a, 0, 1).argmax(axis=1)
'''


# ----- optimisers ---------------------------------------------------------------------------
OPTIMIZER_CODE = {
    "sgd": '''
class SGD:
    """Plain gradient descent: w <- w - lr dL/dw."""

    def __init__(self, lr):
        self.lr = lr

    def step(self, params, grads):
        for name, g in grads.items():
            params[name] -= self.lr * g
''',
    "momentum": '''
class Momentum:
    """Gradient descent with momentum, as Keras's SGD(momentum=m): a velocity
    v <- m v - lr dL/dw, and w <- w + v."""

    def __init__(self, lr, momentum=MOMENTUM):
        self.lr, self.momentum, self.v = lr, momentum, {}

    def step(self, params, grads):
        for name, g in grads.items():
            v = self.v.setdefault(name, np.zeros_like(g))
            v *= self.momentum
            v -= self.lr * g
            params[name] += v
''',
    "nesterov": '''
class Nesterov:
    """Nesterov momentum, as Keras's SGD(momentum=m, nesterov=True): v <- m v - lr dL/dw,
    and w <- w + m v - lr dL/dw (the step looks ahead along the velocity)."""

    def __init__(self, lr, momentum=MOMENTUM):
        self.lr, self.momentum, self.v = lr, momentum, {}

    def step(self, params, grads):
        for name, g in grads.items():
            v = self.v.setdefault(name, np.zeros_like(g))
            v *= self.momentum
            v -= self.lr * g
            params[name] += self.momentum * v - self.lr * g
''',
    "adagrad": '''
class Adagrad:
    """Adagrad, as Keras's: a <- a + g^2 (a starts at 0.1), w <- w - lr g / sqrt(a + eps);
    weights with large past gradients take smaller steps."""

    def __init__(self, lr, epsilon=EPSILON):
        self.lr, self.epsilon, self.a = lr, epsilon, {}

    def step(self, params, grads):
        for name, g in grads.items():
            a = self.a.setdefault(name, np.full_like(g, 0.1))
            a += g * g
            params[name] -= self.lr * g / np.sqrt(a + self.epsilon)
''',
    "rmsprop": '''
class RMSprop:
    """RMSprop, as Keras's: a running mean of g^2, s <- rho s + (1 - rho) g^2, and
    w <- w - lr g / sqrt(s + eps)."""

    def __init__(self, lr, rho=RHO, epsilon=EPSILON):
        self.lr, self.rho, self.epsilon, self.s = lr, rho, epsilon, {}

    def step(self, params, grads):
        for name, g in grads.items():
            s = self.s.setdefault(name, np.zeros_like(g))
            s *= self.rho
            s += (1 - self.rho) * g * g
            params[name] -= self.lr * g / np.sqrt(s + self.epsilon)
''',
    "adam": '''
class Adam:
    """Adam, as Keras's: running means m of g and v of g^2, and the step
    w <- w - alpha m / (sqrt(v) + eps), alpha = lr sqrt(1 - beta2^t) / (1 - beta1^t)."""

    def __init__(self, lr, beta1=BETA_1, beta2=BETA_2, epsilon=EPSILON):
        self.lr, self.beta1, self.beta2, self.epsilon = lr, beta1, beta2, epsilon
        self.t, self.m, self.v = 0, {}, {}

    def step(self, params, grads):
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        alpha = self.lr * math.sqrt(1 - b2**self.t) / (1 - b1**self.t)
        for name, g in grads.items():
            m = self.m.setdefault(name, np.zeros_like(g))
            v = self.v.setdefault(name, np.zeros_like(g))
            m += (g - m) * (1 - b1)
            v += (g * g - v) * (1 - b2)
            params[name] -= alpha * m / (np.sqrt(v) + self.epsilon)
''',
    "nadam": '''
class Nadam:
    """Nadam, as Keras's: Adam with Nesterov momentum and Keras's momentum schedule
    u_t = beta1 (1 - 0.5 * 0.96^t)."""

    def __init__(self, lr, beta1=BETA_1, beta2=BETA_2, epsilon=EPSILON):
        self.lr, self.beta1, self.beta2, self.epsilon = lr, beta1, beta2, epsilon
        self.t, self.u_product, self.m, self.v = 0, 1.0, {}, {}

    def step(self, params, grads):
        self.t += 1
        t, b1, b2 = self.t, self.beta1, self.beta2
        u_t = b1 * (1 - 0.5 * 0.96**t)
        u_next = b1 * (1 - 0.5 * 0.96 ** (t + 1))
        self.u_product *= u_t
        for name, g in grads.items():
            m = self.m.setdefault(name, np.zeros_like(g))
            v = self.v.setdefault(name, np.zeros_like(g))
            m += (g - m) * (1 - b1)
            v += (g * g - v) * (1 - b2)
            m_hat = u_next * m / (1 - self.u_product * u_next)
            m_hat += (1 - u_t) * g / (1 - self.u_product)
            v_hat = v / (1 - b2**t)
            params[name] -= self.lr * m_hat / (np.sqrt(v_hat) + self.epsilon)
''',
}
OPTIMIZER_CLASS = {
    "sgd": "SGD",
    "momentum": "Momentum",
    "nesterov": "Nesterov",
    "adagrad": "Adagrad",
    "rmsprop": "RMSprop",
    "adam": "Adam",
    "nadam": "Nadam",
}


# ----- training -----------------------------------------------------------------------------
def train_step_code(spec: Experiment) -> str:
    t = spec.training
    regression = spec.data.task == "regression"
    lines = [
        "def train_step(net, optimizer, x, y):",
        '    """One step on one batch: feedforward, loss, backprop, update. Returns the loss',
        "    (without the L1/L2 penalty)"
        + ('."""' if regression else ' and how many examples were right."""'),
        "    z = net.feedforward(x, training=True)",
        "    loss, dz = loss_and_gradient(z, y)",
    ]
    if not regression:
        lines.append("    right = int(np.sum(predict(z) == y))")
    lines.append("    net.backprop(dz)")
    if t.l2:
        lines += [
            "    # L2: the penalty L2 * sum(W^2) adds 2 * L2 * W to each kernel's gradient",
            "    for name in net.kernels:",
            "        net.grads[name] += 2 * L2 * net.params[name]",
        ]
    ret = "loss" if regression else "loss, right"
    bad = "math.inf" if regression else "math.inf, right"
    lines += [
        "    finite = all(np.isfinite(g).all() for g in net.grads.values())",
        "    if not (math.isfinite(loss) and finite):",
        f"        return {bad}  # not applied: the weights stay those of the last finite step",
        "    optimizer.step(net.params, net.grads)",
    ]
    if t.l1:
        lines += [
            "    # L1, as a proximal step after the update: every kernel weight moves lr * L1",
            "    # towards 0 and stops there, so weights the data does not need become exactly 0",
            "    for name in net.kernels:",
            "        w = net.params[name]",
            "        net.params[name] = np.sign(w) * np.maximum(np.abs(w) - optimizer.lr * L1, 0)",
        ]
    lines.append(f"    return {ret}")
    return "\n".join(lines) + "\n"


def evaluate_code(spec: Experiment) -> str:
    if spec.data.task == "regression":
        return '''
def evaluate(net, x, y):
    """(MSE, MAE, R²) of a whole set at inference: R² = 1 - MSE / variance of the targets."""
    values = predict(net.feedforward(x))
    mse = float(np.mean((values - y) ** 2))
    mae = float(np.mean(np.abs(values - y)))
    return mse, mae, 1 - mse / float(np.var(y))
'''
    if spec.loss == "sse":
        return '''
def evaluate(net, x, y, batch_size):
    """(loss, accuracy) of a whole set at inference. The summed error grows with the set, so
    it is reported per batch_size examples, like the training loss."""
    z = net.feedforward(x)
    loss, _ = loss_and_gradient(z, y)
    return loss * batch_size / len(y), float(np.mean(predict(z) == y))
'''
    return '''
def evaluate(net, x, y):
    """(loss, accuracy) of a whole set at inference."""
    z = net.feedforward(x)
    loss, _ = loss_and_gradient(z, y)
    return loss, float(np.mean(predict(z) == y))
'''


def main_code(spec: Experiment, ops: list[_Op]) -> str:
    t = spec.training
    regression = spec.data.task == "regression"
    evaluate_args = ", batch_size" if spec.loss == "sse" and not regression else ""
    n_out, _ = _output(spec)
    lines = ["def main():"]
    lines += data_code.prepare_lines(spec)
    lines += [
        *data_code.class_count_lines(spec, n_out),
        "    net = Network(x_train.shape[1], n_outputs, np.random.default_rng(SEED))",
        f"    optimizer = {OPTIMIZER_CLASS[spec.optimizer.name]}(LEARNING_RATE)",
        "    batch_size = min(BATCH_SIZE, len(y_train))  # at most the whole training set",
        "    shuffle = np.random.default_rng(SEED + 1)  # a new order of the rows every epoch",
        "    order = np.arange(len(y_train))",
    ]
    if t.early_stopping:
        lines.append("    best_loss, best, bad_epochs = math.inf, None, 0")
    lines += [
        "    for epoch in range(1, EPOCHS + 1):",
        "        shuffle.shuffle(order)",
        "        total = 0.0" if regression else "        total, right = 0.0, 0",
        "        for start in range(0, len(order), batch_size):",
        "            batch = order[start : start + batch_size]",
    ]
    if regression:
        lines.append(
            "            loss = train_step(net, optimizer, x_train[batch], y_train[batch])"
        )
    else:
        lines += [
            "            loss, hits = train_step(net, optimizer, x_train[batch], y_train[batch])",
            "            right += hits",
        ]
    lines += [
        "            if not math.isfinite(loss):",
        "                break",
        "            total += loss * len(batch)",
        "        if not math.isfinite(loss):",
        '            print(f"Training diverged in epoch {epoch}: try a lower learning rate.")',
        "            break",
    ]
    if regression:
        lines += [
            "        r2 = 1 - total / len(order) / float(np.var(y_train))",
            "        val_loss, _, val_r2 = evaluate(net, x_val, y_val)",
            "        if epoch == 1 or epoch % max(1, EPOCHS // 20) == 0:",
            "            print(",
            '                f"epoch {epoch:>4}/{EPOCHS}  loss {total / len(order):.4f}  "',
            '                f"R² {r2:.3f}  val_loss {val_loss:.4f}  val_R² {val_r2:.3f}"',
            "            )",
        ]
    else:
        lines += [
            f"        val_loss, val_accuracy = evaluate(net, x_val, y_val{evaluate_args})",
            "        if epoch == 1 or epoch % max(1, EPOCHS // 20) == 0:",
            "            print(",
            '                f"epoch {epoch:>4}/{EPOCHS}  loss {total / len(order):.4f}  "',
            '                f"accuracy {right / len(order):.3f}  val_loss {val_loss:.4f}  "',
            '                f"val_accuracy {val_accuracy:.3f}"',
            "            )",
        ]
    if t.lr_decay != 1.0:
        lines.append("        optimizer.lr = max(optimizer.lr * LR_DECAY, 1e-7)")
    if t.early_stopping:
        lines += [
            "        if val_loss < best_loss:  # early stopping keeps the best epoch's weights",
            "            best_loss, best, bad_epochs = val_loss, net.state(), 0",
            "        else:",
            "            bad_epochs += 1",
            "            if bad_epochs >= PATIENCE:",
            "                net.restore(best)",
            "                print(",
            '                    f"Early stopping: no better validation loss for {PATIENCE} "',
            '                    f"epochs; back to the weights of epoch {epoch - bad_epochs}."',
            "                )",
            "                break",
        ]
    if regression:
        lines += [
            "    mse, mae, r2 = evaluate(net, x_test, y_test)",
            '    print(f"Test MSE: {mse:.4f}  MAE: {mae:.4f}  R²: {r2:.4f}")',
        ]
    else:
        lines += [
            f"    test_loss, test_accuracy = evaluate(net, x_test, y_test{evaluate_args})",
            '    print(f"Test accuracy: {test_accuracy:.4f}  (test loss {test_loss:.4f})")',
        ]
    return "\n".join(lines) + "\n"


# ----- the perceptron -----------------------------------------------------------------------
def perceptron_code(spec: Experiment) -> str:
    rule = spec.training.perceptron_rule
    if spec.training.init == "normal":
        start = "    first = rng.standard_normal(n + 1)  # N(0, 1): Tutorial 1's tf.random_normal"
    else:
        start = "    first = rng.random(n + 1, dtype=np.float32)  # uniform in [0, 1)"
    if rule == "rosenblatt":
        model = '''
def output(w, b, x):
    """Rosenblatt's unit: a step, 1 where w.x + b >= 0, else 0."""
    return (x @ w + b >= 0).astype(np.float64)


def train_batch(w, b, x, t):
    """The perceptron rule, one example at a time: after a mistake, w += lr (t - y) x and
    b += lr (t - y). Returns the new w and b and the number of mistakes (the batch's SSE)."""
    mistakes = 0
    for xi, ti in zip(x, t, strict=True):
        error = ti - (1.0 if xi @ w + b >= 0 else 0.0)
        if error:
            mistakes += 1
            w = w + LEARNING_RATE * error * xi
            b = b + LEARNING_RATE * error
    return w, b, float(mistakes)
'''
    else:
        model = '''
def output(w, b, x):
    """Tutorial 1's unit: y = relu(w.x + b)."""
    return np.maximum(x @ w + b, 0)


def train_batch(w, b, x, t):
    """One step of gradient descent on the summed squared error sum (y - t)^2, whose
    gradient is 2 sum((y - t) relu'(z) x). Returns the new w and b and the batch's SSE."""
    z = x @ w + b
    d = np.maximum(z, 0) - t
    g = 2.0 * d * (z > 0)  # dSSE/dz
    w = w - LEARNING_RATE * (x.T @ g)
    b = b - LEARNING_RATE * float(g.sum())
    return w, b, float(d @ d)
'''
    main = [
        "def main():",
        *data_code.prepare_lines(spec),
        "    x_train, x_val, x_test = [x.astype(np.float64) for x in (x_train, x_val, x_test)]",
        "    t_train = y_train.astype(np.float64)",
        "    n = x_train.shape[1]",
        "    rng = np.random.default_rng(SEED)",
        start,
        "    b, w = float(first[0]), first[1:].astype(np.float64)  # the bias is drawn first",
        "    batch_size = min(BATCH_SIZE, len(y_train))",
        "    shuffle = np.random.default_rng(SEED + 1)  # a new order of the rows every epoch",
        "    order = np.arange(len(y_train))",
        "    for epoch in range(1, EPOCHS + 1):",
        "        shuffle.shuffle(order)",
        "        for start in range(0, len(order), batch_size):",
        "            batch = order[start : start + batch_size]",
        "            w, b, _ = train_batch(w, b, x_train[batch], t_train[batch])",
        "        train_accuracy = float(np.mean((output(w, b, x_train) > 0.5) == (y_train == 1)))",
        "        val_accuracy = float(np.mean((output(w, b, x_val) > 0.5) == (y_val == 1)))",
        "        sse = float(np.sum((output(w, b, x_train) - t_train) ** 2))",
        "        if epoch == 1 or epoch % max(1, EPOCHS // 20) == 0:",
        "            print(",
        '                f"epoch {epoch:>4}/{EPOCHS}  loss {sse * batch_size / len(order):.4f}  "',
        '                f"accuracy {train_accuracy:.3f}  val_accuracy {val_accuracy:.3f}"',
        "            )",
    ]
    main += [
        "        # stop once every training point is right (checked from the second epoch, when",
        "        # every example has come round again, as the app checks)",
        "        if STOP_WHEN_SEPARATED and epoch > 1 and train_accuracy == 1.0:",
        '            print(f"Every training point is classified after {epoch} epochs.")',
        "            break",
    ]
    main += [
        "    test_accuracy = float(np.mean((output(w, b, x_test) > 0.5) == (y_test == 1)))",
        '    print(f"Weights {w}, bias {b:.4f}")',
        '    print(f"Test accuracy: {test_accuracy:.4f}")',
    ]
    return model.strip("\n") + "\n\n\n" + "\n".join(main) + "\n"


def body(spec: Experiment) -> tuple[list[str], list[str], str]:
    """(imports beyond numpy, settings lines, code after the data functions)."""
    if spec.model == "perceptron":
        return [], settings(spec), perceptron_code(spec)
    ops = layer_stack(spec)
    parts = [
        helpers(spec, ops),
        network_class(spec, ops),
        loss_code(spec),
        OPTIMIZER_CODE[spec.optimizer.name],
        train_step_code(spec),
        evaluate_code(spec),
        main_code(spec, ops),
    ]
    code = "\n\n\n".join(p.strip("\n") for p in parts) + "\n"
    return ["math"], settings(spec), code
