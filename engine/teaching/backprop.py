"""Backprop on one weight: the chain rule for a chosen weight or bias, with the current numbers.

Tutorial 4 describes backprop in words: propagate forward, see the error, propagate it back and
move the weight the way that lowers the error. `weight_gradient` shows that for one weight of a
NumPy MLP and a batch (x, y). For the unit j that the weight feeds (net = Σᵢ xᵢwᵢⱼ + bⱼ,
out = f(net)) each example n contributes the product of three factors,

    ∂L/∂w = Σₙ ∂L/∂outₙ × ∂outₙ/∂netₙ × ∂netₙ/∂w,      ∂net/∂w = xᵢ (∂net/∂b = 1),

and the result is set beside the gradient the engine's own backward pass computes and a central
difference (L(w + h) − L(w − h)) / 2h. In the output layer ∂L/∂out is the loss's derivative,
worked out here from its formula; a softmax output depends on every unit's net, so there the
product of the two middle factors is replaced by the whole sum ∂L/∂net. In a hidden layer
∂L/∂out is itself a sum over every path to the loss, Σₖ δₖ wⱼₖ over the next layer's units:
the error backpropagated to this unit, read from the engine's backward pass as it arrives.

Everything runs on a float64 copy of the network (same spec, same weights, same optimiser
state; training itself runs in the model's float32), so the model is never changed. The step
shown is the engine's own optimiser step (`train_batch`) taken on that copy: for SGD it is
w − lr × ∂L/∂w, for the other optimisers whatever their state makes of the gradient. With
dropout, every pass uses the same masks: those the network's generator would draw next.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from engine.messages import Text
from engine.models.numpy.activations import Softmax
from engine.models.numpy.layers import Dense
from engine.models.numpy.network import MLPNetwork

NUMERIC_H = 1e-6  # central-difference step, scaled by max(1, |w|)
MAX_EXAMPLES = 1000  # rows of a batch used; more would only slow the trainer's thread


@dataclass(frozen=True)
class WeightGradient:
    """The chain rule for W[layer][i, j] (or bias b[layer][j] when `i` is None) on a batch.

    Per-example arrays (length n_examples): `dloss_dout` ∂L/∂out, `dout_dnet` ∂out/∂net
    (None for a softmax output), `delta` ∂L/∂net and `dnet_dw` ∂net/∂w (the input xᵢ, or 1
    for a bias). `chain` is Σₙ of the factors' products (Σₙ δₙ × ∂netₙ/∂w for softmax);
    `l2_term` the L2 penalty's part 2λw (0 for a bias); `engine_gradient` what the network's
    backward pass computes (data + L2); `numerical_gradient` the central difference of the
    loss the engine minimises. `w_after` is the weight after one step of the network's
    optimiser, `sgd_after` after a plain step w − lr × gradient.
    """

    layer: int  # dense layer, 0 = the first; n_layers - 1 = the output layer
    n_layers: int
    i: int | None
    j: int
    activation: str  # f of the unit j
    loss: str
    optimizer: str
    n_examples: int
    dloss_dout: np.ndarray
    dout_dnet: np.ndarray | None
    delta: np.ndarray
    dnet_dw: np.ndarray
    next_deltas: np.ndarray | None  # (n, K): δ of the next layer's units, hidden units only
    next_weights: np.ndarray | None  # (K,): wⱼₖ from this unit to them
    through: str  # a layer between this unit and the next dense layer (dropout, batch norm)
    chain: float
    l2_term: float
    engine_gradient: float
    numerical_gradient: float
    h: float
    lr: float
    l1: float
    w_before: float
    w_after: float
    sgd_after: float

    @property
    def is_bias(self) -> bool:
        return self.i is None

    @property
    def is_output(self) -> bool:
        return self.layer == self.n_layers - 1

    @property
    def coupled(self) -> bool:
        """A softmax output: out_j depends on every unit's net, not on net_j alone."""
        return self.dout_dnet is None


def weight_gradient(
    model: MLPNetwork, x: np.ndarray, y: np.ndarray, layer: int, j: int, i: int | None = None
) -> WeightGradient:
    """The chain rule for weight W[layer][i, j] (or bias b[layer][j], `i` None) of `model` on
    the batch (x, y) of model inputs and integer labels; see the module docstring."""
    if not isinstance(model, MLPNetwork):
        raise TypeError(
            Text("backprop on one weight works on NumPy MLPs (engine numpy, model mlp)")
        )
    n_layers = len(model.dense)
    if not -n_layers <= layer < n_layers:
        raise ValueError(
            Text(
                "layer must be 0-{last} for {count} dense layers, not {layer}",
                last=n_layers - 1,
                count=n_layers,
                layer=layer,
            )
        )
    layer %= n_layers
    target = model.dense[layer]
    if not 0 <= j < target.n_out:
        raise ValueError(
            Text("to must be 0-{last} for this layer's units, not {j}", last=target.n_out - 1, j=j)
        )
    if i is not None and not 0 <= i < target.n_in:
        raise ValueError(
            Text(
                "from must be 0-{last} for this layer's inputs, not {i}", last=target.n_in - 1, i=i
            )
        )
    x = np.asarray(x, dtype=np.float64)[:MAX_EXAMPLES]
    x = x.reshape(len(x), -1)
    y = np.asarray(y).reshape(-1)[:MAX_EXAMPLES]
    if x.shape[1] != model.n_inputs:
        raise ValueError(
            Text(
                "x has {features} features per row; the network reads {inputs}",
                features=x.shape[1],
                inputs=model.n_inputs,
            )
        )
    if len(x) == 0 or len(x) != len(y):
        raise ValueError(
            Text(
                "the batch needs as many labels as inputs (≥ 1), got {inputs}, {labels}",
                inputs=len(x),
                labels=len(y),
            )
        )

    net = _float64_copy(model)
    rng = copy.deepcopy(model.rng)  # dropout: the masks the network would draw next
    param = net.dense[layer].b if i is None else net.dense[layer].W
    index = (j,) if i is None else (i, j)
    w_before = float(param[index])

    inputs, arrivals = _capture_backward(net, copy.deepcopy(rng), x, y)
    dense = net.dense[layer]
    z = dense.logits(inputs[layer])[:, j]
    dnet_dw = np.ones(len(x)) if i is None else inputs[layer][:, i].copy()
    is_output = layer == n_layers - 1
    next_deltas = next_weights = None
    through = ""
    if is_output:
        dloss_dout, dout_dnet, delta = _output_factors(net, z, dense.logits(inputs[layer]), y, j)
    else:
        dloss_dout = arrivals[layer][:, j].copy()
        dout_dnet = dense.act.derivative(z)
        delta = dloss_dout * dout_dnet
        through = _between(net, dense, net.dense[layer + 1])
        if not through:
            next_deltas = arrivals[layer + 1].copy()  # the next dense layer's ∂L/∂net
            if layer + 1 < n_layers - 1:
                nxt = net.dense[layer + 1]
                nz = nxt.logits(inputs[layer + 1])
                next_deltas = next_deltas * nxt.act.derivative(nz)
            next_weights = net.dense[layer + 1].W[j].copy()
    factors = delta if dout_dnet is None else dloss_dout * dout_dnet
    chain = float(np.dot(factors, dnet_dw))
    l2_term = 0.0 if i is None else 2.0 * net.l2 * w_before

    net.rng = copy.deepcopy(rng)
    _, grads = net.loss_and_grads(x, y)
    grad_views = net.params()
    which = next(k for k, p in enumerate(grad_views) if p is param)
    engine_gradient = float(grads[which][index])

    h = NUMERIC_H * max(1.0, abs(w_before))
    losses = []
    for value in (w_before + h, w_before - h):
        param[index] = value
        net.rng = copy.deepcopy(rng)
        losses.append(net.loss_and_grads(x, y)[0])
    param[index] = w_before
    numerical = (losses[0] - losses[1]) / (2.0 * h)

    lr = float(net.optimizer.lr)
    net.rng = copy.deepcopy(rng)
    net.train_batch(x, y)  # the network's own optimiser, one step, on the copy
    return WeightGradient(
        layer=layer,
        n_layers=n_layers,
        i=i,
        j=j,
        activation=(net.head.act.name if is_output else dense.act.name),
        loss=net.head.name,
        optimizer=net.spec.optimizer.name,
        n_examples=len(x),
        dloss_dout=dloss_dout,
        dout_dnet=dout_dnet,
        delta=delta,
        dnet_dw=dnet_dw,
        next_deltas=next_deltas,
        next_weights=next_weights,
        through=through,
        chain=chain,
        l2_term=l2_term,
        engine_gradient=engine_gradient,
        numerical_gradient=float(numerical),
        h=h,
        lr=lr,
        l1=float(net.l1) if i is not None else 0.0,
        w_before=w_before,
        w_after=float(param[index]),
        sgd_after=w_before - lr * engine_gradient,
    )


def _float64_copy(model: MLPNetwork) -> MLPNetwork:
    """The same network in float64: spec, weights, BatchNorm statistics, optimiser state and
    the live hyperparameters (a decayed learning rate, a changed L2)."""
    net = MLPNetwork(model.spec, model.n_inputs, model.n_classes, np.float64)
    net.set_state(model.get_state())
    opt = model.optimizer
    net.set_hyper(lr=opt.lr, momentum=opt.momentum, l1=model.l1, l2=model.l2)
    return net


def _capture_backward(
    net: MLPNetwork, rng: np.random.Generator, x: np.ndarray, y: np.ndarray
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """One training-mode pass through the engine's own layers and loss head, as
    `MLPNetwork.train_batch` runs them: (the input of every dense layer, and what the backward
    pass hands every dense layer: ∂L/∂out for a hidden layer, ∂L/∂net for the output layer,
    whose activation the loss head applies)."""
    net.rng = rng
    h = np.ascontiguousarray(x, dtype=np.float64).reshape(len(x), -1)
    inputs: list[np.ndarray] = []
    for layer in net.layers:
        if isinstance(layer, Dense):
            inputs.append(h.copy())
        h = layer.forward_train(h)
    _, _, g = net.head.train(h, y)  # class labels, or a regression's targets
    arrivals: list[np.ndarray] = []
    layers = net.layers[::-1]
    for k, layer in enumerate(layers):
        if isinstance(layer, Dense):
            arrivals.append(g.copy())  # backward overwrites g in place
        g = layer.backward(g, k != len(layers) - 1)
    return inputs, arrivals[::-1]


def _between(net: MLPNetwork, dense: Dense, nxt: Dense) -> str:
    """The layers between two dense layers, by name ("" when the next one follows at once)."""
    start, stop = net.layers.index(dense), net.layers.index(nxt)
    names = {"dropout": "dropout", "batchnorm": "batch norm", "activation": "an activation layer"}
    return " and ".join(names.get(la.kind, la.kind) for la in net.layers[start + 1 : stop])


def _output_factors(
    net: MLPNetwork, z: np.ndarray, logits: np.ndarray, y: np.ndarray, j: int
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """(∂L/∂out, ∂out/∂net or None for softmax, ∂L/∂net) of output unit j, per example, from
    the loss formulas in engine.models.numpy.losses (worked out here, not read from the head)."""
    head = net.head
    n = len(logits)
    out = head.output(logits)
    if head.n_out == 1:
        t = np.asarray(y, dtype=np.float64)[:, None]  # a 0/1 label, or a regression target
    else:
        t = np.zeros_like(out)
        t[np.arange(n), y] = 1.0
    if head.name == "sse":
        dloss = 2.0 * (out - t)
    elif head.name == "mse":
        dloss = 2.0 * (out - t) / out.size
    elif head.name == "binary_crossentropy":
        with np.errstate(divide="ignore", invalid="ignore"):
            dloss = (-t / out + (1.0 - t) / (1.0 - out)) / n
    else:  # categorical_crossentropy
        with np.errstate(divide="ignore", invalid="ignore"):
            dloss = -t / out / n
    if isinstance(head.act, Softmax):
        if head.name == "categorical_crossentropy":
            delta = (out[:, j] - t[:, j]) / n  # softmax and cross-entropy together
        else:  # Σₖ ∂L/∂outₖ ∂outₖ/∂netⱼ = outⱼ (∂L/∂outⱼ − Σₖ ∂L/∂outₖ outₖ)
            delta = out[:, j] * (dloss[:, j] - np.sum(dloss * out, axis=1))
        return dloss[:, j].copy(), None, delta
    dout_dnet = head.act.derivative(z)
    return dloss[:, j].copy(), dout_dnet, dloss[:, j] * dout_dnet
