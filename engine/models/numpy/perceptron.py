"""The single-layer perceptron, for the first lessons (engine.models.api.Model).

Two learning rules, chosen by spec.training.perceptron_rule:

- ``rosenblatt``: step output y = [w.x + b >= 0], and for each example in turn (the classic
  online rule) w += lr (t - y) x, b += lr (t - y). The loss reported is the SSE between the step
  outputs and the targets, i.e. the number of mistakes. It converges on linearly separable data
  (OR, AND) and never on XOR (see ``converged``).
- ``delta``: the tutorial's linear unit with a ReLU output, y = relu(w.x + b), trained by full-
  batch gradient descent on SSE = sum (y - t)^2, whose gradient is 2 sum((y - t) relu'(z) x).

Initial weights are uniform in [0, 1): ``rng.random(n + 1, dtype=float32)`` from
np.random.default_rng(spec.seed), the first draw being the bias (the weight of the constant
input x0 = 1). With training.init ``normal`` they are N(0, 1) instead, as the tutorial's
``tf.random_normal([3, 1])`` (``rng.standard_normal(n + 1)``, bias first); the other schemes
are for deeper networks and leave the perceptron's uniform start. With the uniform start and
seed 0 the delta rule on OR (lr 0.01, batch 4) starts at an SSE of 2.09, scores 1.66 after its
first epoch and 0.25 after 100, like the tutorial's 2.07 -> 0.27 curve (which also prints the
loss after each step); the preset ``tutorial1-perceptron`` uses the normal start, seed 175.
The optimiser settings other than lr, and momentum/l1/l2, do not apply to this model.

The trainer stops at ``converged`` when training.stop_when_separated is set (the default);
the tutorial's run does not stop, and trains all its epochs.

``converged`` is True when the current weights classify every training example correctly, i.e.
a further epoch would make no mistake (and, for Rosenblatt's rule, change nothing). The model
remembers the distinct examples it has been trained on, so the trainer need not tell it the
training set; it answers False until one full epoch has been seen (an example came round
again), so a read in the middle of the first epoch is not fooled.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from engine.experiment.spec import Experiment, SpecError
from engine.messages import Text
from engine.models.api import (
    Converges,
    DenseWeights,
    HasBoundary,
    InsideReadable,
    LayerInfo,
    Model,
    ModelInfo,
)
from engine.models.numpy.persist import require, save_npz
from engine.models.numpy.reader import DenseReader

MAX_REMEMBERED = 200_000  # distinct training examples kept for the convergence check


class Perceptron(Model, DenseWeights, HasBoundary, Converges, InsideReadable):
    """One unit with a step (Rosenblatt) or ReLU (delta rule) output, for two classes."""

    kind = "perceptron"

    def __init__(self, spec: Experiment, n_inputs: int, n_classes: int) -> None:
        if n_classes > 2:
            raise SpecError(
                Text(
                    "a perceptron separates two classes, but the data has {n_classes}; "
                    "use the mlp model for more classes",
                    n_classes=n_classes,
                )
            )
        if n_inputs < 1:
            raise SpecError(Text("a perceptron needs at least one input feature"))
        self.spec = spec
        self.n_inputs, self.n_classes = int(n_inputs), 2
        self.rule = spec.training.perceptron_rule
        if self.rule not in ("rosenblatt", "delta"):
            raise SpecError(
                Text(
                    "training.perceptron_rule must be rosenblatt or delta, got {value}",
                    value=self.rule,
                )
            )
        self.lr = float(spec.optimizer.lr)
        rng = np.random.default_rng(spec.seed)
        if spec.training.init == "normal":  # tf.random_normal, as Tutorial 1 draws them
            start = rng.standard_normal(self.n_inputs + 1)
        else:
            start = rng.random(self.n_inputs + 1, dtype=np.float32)
        self.b = float(start[0])
        self.w = start[1:].astype(np.float64)
        self._known: dict[tuple[bytes, float], int] = {}
        self._rows: list[np.ndarray] = []
        self._labels: list[float] = []
        self._cache: tuple[np.ndarray, np.ndarray] | None = None
        self._full_epoch = False
        self.metadata: dict[str, Any] = {}
        self._reader: DenseReader | None = None

    # ----- helpers --------------------------------------------------------------------
    def _xy(self, x: np.ndarray, y: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2:
            x = x.reshape(len(x), -1)
        if x.shape[1] != self.n_inputs:
            raise ValueError(
                Text(
                    "expected {expected} input features, got {got}",
                    expected=self.n_inputs,
                    got=x.shape[1],
                )
            )
        t = np.zeros(len(x)) if y is None else np.asarray(y).reshape(-1).astype(np.float64)
        return x, t

    def net_input(self, x: np.ndarray) -> np.ndarray:
        """z = x.w + b."""
        return self._xy(x)[0] @ self.w + self.b

    def output(self, x: np.ndarray) -> np.ndarray:
        """The unit's output: the step (Rosenblatt) or relu (delta) of the net input."""
        z = self.net_input(x)
        return (z >= 0).astype(np.float64) if self.rule == "rosenblatt" else np.maximum(z, 0)

    def _remember(self, x: np.ndarray, t: np.ndarray) -> None:
        known = self._known
        for xi, ti in zip(x, t, strict=True):
            key = (xi.tobytes(), float(ti))
            if key in known:
                self._full_epoch = True  # an example came round again: one epoch is complete
            elif len(known) < MAX_REMEMBERED:
                known[key] = len(known)
                self._rows.append(xi.copy())
                self._labels.append(float(ti))
                self._cache = None

    @property
    def converged(self) -> bool:
        """True when a full epoch has been seen and the current weights classify every distinct
        training example correctly (so the next epoch would make no mistake)."""
        if not self._full_epoch or not self._rows:
            return False
        if self._cache is None:
            self._cache = (np.array(self._rows), np.array(self._labels))
        x, t = self._cache
        return bool(np.all((self.output(x) > 0.5) == (t > 0.5)))

    # ----- Model API ------------------------------------------------------------------
    def train_batch(self, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        """One update; returns (SSE of the outputs the rule reacted to, accuracy): for
        Rosenblatt's online rule each example's output before its own update, for the delta
        rule the batch's outputs before the step."""
        x, t = self._xy(x, y)
        self._remember(x, t)
        step = self._rosenblatt_step if self.rule == "rosenblatt" else self._delta_step
        loss, errors = step(x, t)
        return loss, 1.0 - errors / len(x)

    def _rosenblatt_step(self, x: np.ndarray, t: np.ndarray) -> tuple[float, int]:
        errors = 0
        for xi, ti in zip(x, t, strict=True):  # online: each example sees the previous updates
            err = ti - (1.0 if xi @ self.w + self.b >= 0 else 0.0)
            if err:
                errors += 1
                self.w += self.lr * err * xi
                self.b += self.lr * err
        return float(errors), errors  # SSE of 0/1 outputs = number of mistakes

    def _delta_step(self, x: np.ndarray, t: np.ndarray) -> tuple[float, int]:
        with np.errstate(all="ignore"):  # a too-large lr shows as an infinite loss, not warnings
            z = x @ self.w + self.b
            d = np.maximum(z, 0) - t
            g = 2.0 * d * (z > 0)
            self.w -= self.lr * (x.T @ g)
            self.b -= self.lr * float(g.sum())
        return float(d @ d), int(np.count_nonzero((z > 0.5) != (t > 0.5)))

    def evaluate(self, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        """(SSE over the set, accuracy) with the current weights."""
        x, t = self._xy(x, y)
        out = self.output(x)
        d = out - t
        return float(d @ d), float(np.mean((out > 0.5) == (t > 0.5))) if len(t) else float("nan")

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """(n, 2): the step output, or the ReLU output clipped to [0, 1], as P(class 1)."""
        p = np.clip(self.output(x), 0.0, 1.0)
        return np.stack([1.0 - p, p], axis=1)

    def predict(self, x: np.ndarray) -> np.ndarray:
        return (self.output(x) > 0.5).astype(np.intp)

    def set_hyper(self, **values: float) -> None:
        """lr changes the step size; momentum, l1 and l2 are accepted and have no effect."""
        for key, value in values.items():
            if key == "lr" and value is not None:
                self.lr = float(value)
            elif key not in ("lr", "momentum", "l1", "l2"):
                raise ValueError(f"set_hyper accepts lr, momentum, l1 and l2, not {key!r}")

    def get_state(self) -> dict[str, Any]:
        return {"w": self.w.copy(), "b": self.b}

    def set_state(self, state: dict[str, Any]) -> None:
        self.w = np.array(state["w"], dtype=np.float64)
        self.b = float(state["b"])

    # ----- teaching views -------------------------------------------------------------
    def boundary(self) -> tuple[np.ndarray, float]:
        """(w, c): the decision line w.x + c = 0, where the class flips. The step flips at
        w.x + b = 0 (c = b); the delta rule's ReLU output crosses the 0.5 threshold at
        w.x + b = 0.5 (c = b - 0.5), the heatmap's 0.5 contour."""
        threshold = 0.0 if self.rule == "rosenblatt" else 0.5
        return self.w.copy(), self.b - threshold

    def dense_weights(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """[(W (n_inputs, 1), b (1,))], copies, in the MLP's format."""
        return [(self.w.reshape(-1, 1).copy(), np.array([self.b]))]

    def hidden_outputs(self, x: np.ndarray) -> list[np.ndarray]:
        return [self.output(x).reshape(-1, 1)]

    def set_weight(self, layer_index: int, i: int, j: int, value: float) -> None:
        if layer_index not in (0, -1) or j != 0:
            raise IndexError("a perceptron has one layer with one output unit")
        self.w[i] = value

    def set_bias(self, layer_index: int, j: int, value: float) -> None:
        self.b = float(value)

    def gradients(self) -> None:
        """The perceptron keeps no gradients (Rosenblatt's rule has none)."""
        return None

    def info(self) -> ModelInfo:
        return ModelInfo("cpu", "", self.n_inputs + 1)

    def inside_reader(self) -> DenseReader:
        if self._reader is None:
            act = "step" if self.rule == "rosenblatt" else "relu"
            self._reader = DenseReader(self, [LayerInfo("Perceptron", "dense", act)])
        return self._reader

    # ----- files ----------------------------------------------------------------------
    def save(self, path: str | Path, metadata: dict[str, Any] | None = None) -> None:
        meta = {
            "kind": self.kind,
            "spec": self.spec.to_dict(),
            "n_inputs": self.n_inputs,
            "n_classes": self.n_classes,
            "lr": self.lr,
            "metadata": metadata or {},
        }
        save_npz(path, {"w": self.w, "b": np.array([self.b])}, meta)

    @classmethod
    def _from_file(
        cls, path: Any, arrays: dict[str, np.ndarray], meta: dict[str, Any]
    ) -> Perceptron:
        model = cls(Experiment.from_dict(meta["spec"]), meta["n_inputs"], meta["n_classes"])
        model.w = require(arrays, "w", (model.n_inputs,), path).astype(np.float64)
        model.b = float(require(arrays, "b", (1,), path)[0])
        model.lr = float(meta.get("lr", model.lr))
        model.metadata = meta.get("metadata", {})
        return model


def build_perceptron(spec: Experiment, n_inputs: int, n_classes: int) -> Perceptron:
    """A perceptron for ``spec`` (binary data only; SpecError otherwise)."""
    return Perceptron(spec, n_inputs, n_classes)
