"""A step-wise trainer: one batch per call, so the CLI and the GUI worker can pause, step,
stop and retune between any two batches. It owns batching, epochs, validation, early
stopping and divergence handling; the model only knows how to take one step.

Validation (the per-epoch val_* numbers, early stopping, the restored best weights) uses the
dataset's validation rows, or the training rows where there are none; never the test set, so
the test score (`test_metrics`, `evaluate_test`) stays an honest estimate.

Regression data (spec.data.task) has no accuracy: the reports' `accuracy` fields then hold R²,
the share of the targets' variance the network explains, 1 - MSE / Var(targets) of the set
scored (`r_squared`). It is computed from the reported loss: on the Keras engine with an L1/L2
penalty that loss includes the penalty, so the curve's R² is a little lower than the evaluation's
(`evaluate_test`, `regression_metrics`), which is computed from the predictions."""

from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import asdict, dataclass

import numpy as np

from engine.data.datasets import Dataset
from engine.data.features import feature_matrix, grid_points
from engine.experiment.spec import SCORE_KEYS, Experiment, SpecError
from engine.messages import Text
from engine.models.api import Converges, Model, PredictsValues
from engine.models.registry import build_model
from engine.training.history import EpochHistory

STOP_COMPLETED = "completed"
STOP_EARLY = "early_stopping"
STOP_DIVERGED = "diverged"
STOP_INTERRUPTED = "interrupted"


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite; the weights were rolled back to the last finite ones."""


def r_squared(mse: float, target_variance: float) -> float:
    """R² = 1 - MSE / Var(targets) (population variance): 1 for perfect predictions, 0 for
    always predicting the targets' mean, negative for worse; NaN when the targets are constant."""
    if not target_variance > 0:
        return math.nan
    return 1.0 - float(mse) / float(target_variance)


@dataclass
class BatchReport:
    """`accuracy` is the task's score: the fraction right, or R² on regression data."""

    step: int  # global step, 1-based
    epoch: int  # the epoch this batch belongs to, 1-based
    batch: int  # batch index within the epoch, 1-based
    batches_per_epoch: int
    loss: float
    accuracy: float


@dataclass
class EpochReport:
    """`accuracy` and `val_accuracy` are the task's score: the fraction right, or R² on
    regression data (see the module docstring); `as_json` names them for the task."""

    epoch: int
    loss: float
    accuracy: float
    val_loss: float
    val_accuracy: float
    seconds: float

    def as_json(self, task: str = "classification") -> dict[str, float]:
        """The report as JSON numbers; on regression the scores are keyed r2 and val_r2."""
        key = SCORE_KEYS[task]
        names = {"accuracy": key, "val_accuracy": f"val_{key}"}
        return {
            names.get(k, k): (round(v, 6) if isinstance(v, float) else v)
            for k, v in asdict(self).items()
        }


Scaling = tuple[np.ndarray, np.ndarray]  # (mean, std) of the training inputs


def model_inputs(spec: Experiment, x: np.ndarray, scaling: Scaling | None = None) -> np.ndarray:
    """What the network sees: the chosen features of 2-D points (coordinates times
    data.input_scale), or flattened images for an MLP; standardised with `scaling`, the
    training rows' statistics from `input_scaling`, when data.scale asks for it."""
    if x.ndim == 2 and not spec.data.is_image:
        out = feature_matrix(np.asarray(x, np.float32) * spec.data.input_scale, spec.data.features)
    elif spec.model == "cnn":
        out = np.ascontiguousarray(x, dtype=np.float32)
    else:
        out = np.ascontiguousarray(x.reshape(len(x), -1), dtype=np.float32)
    if spec.data.scale == "standardize":
        if scaling is None:
            raise ValueError("standardised inputs need the training rows' statistics")
        mean, std = scaling
        out = np.ascontiguousarray((out - mean) / std, dtype=np.float32)
    return out


def input_scaling(spec: Experiment, x_train: np.ndarray) -> Scaling | None:
    """The mean and standard deviation that data.scale "standardize" uses, from the training
    rows only (never the validation or test rows): one per input column for 2-D features, one
    over all pixels for images. A constant column is left unscaled (std 1)."""
    if spec.data.scale != "standardize":
        return None
    raw = dataclasses.replace(spec, data=dataclasses.replace(spec.data, scale="none"))
    x = model_inputs(raw, x_train).astype(np.float64)
    axis = None if spec.data.is_image else 0
    mean, std = x.mean(axis=axis), x.std(axis=axis)
    std = np.where(std > 1e-12, std, 1.0)
    return mean.astype(np.float32), std.astype(np.float32)


class Trainer:
    """Drives a model over a dataset one batch at a time.

    Hyperparameters that do not change the network's shape (lr, momentum, L1, L2, batch size)
    can be changed between steps with `set_hyper`; everything else needs a new Trainer.
    """

    def __init__(self, spec: Experiment, dataset: Dataset, model: Model | None = None) -> None:
        self.spec = spec.copy().validate()
        self.dataset = dataset
        self.task = self.spec.data.task
        self.note = ""  # a setting the trainer had to adapt, said once to the user
        self.scaling = input_scaling(self.spec, dataset.x_train)  # training rows only
        self.x_train = self.inputs(dataset.x_train)
        self.y_train = dataset.y_train
        self.x_test = self.inputs(dataset.x_test)
        self.y_test = dataset.y_test
        if len(dataset.y_val):
            self.x_val, self.y_val = self.inputs(dataset.x_val), dataset.y_val
        else:  # nothing carved (a gate, or validation_split 0): validate on the training rows,
            # never on the test set, which stays unseen until the final evaluation
            self.x_val, self.y_val = self.x_train, self.y_train
        input_shape = tuple(self.x_train.shape[1:])
        self.model = model or build_model(self.spec, input_shape, dataset.n_classes)
        if self.task == "regression" and not isinstance(self.model, PredictsValues):
            raise SpecError(
                Text(
                    "model {model} cannot predict the values of {dataset}",
                    model=self.spec.model,
                    dataset=dataset.name,
                )
            )
        # regression: R² = 1 - MSE / variance of each set's targets (see r_squared)
        self._variance = {id(y): float(np.var(y)) for y in (self.y_train, self.y_val, self.y_test)}
        self._rng = np.random.default_rng(self.spec.seed + 1)
        self.batch_size = self._usable_batch_size(self.spec.training.batch_size)
        self.step_count = 0
        self.epochs_done = 0
        self.history = EpochHistory()  # bounded: long sessions stay flat in memory
        self.stopped: str | None = None
        self.message = ""
        self._order = np.arange(len(self.y_train))
        self._pos = 0
        self._epoch_sums = [0.0, 0.0, 0]  # loss*n, acc*n, n
        self._epoch_started = 0.0
        self._best = (math.inf, None)  # (val loss, model state)
        self._bad_epochs = 0

    def inputs(self, x: np.ndarray) -> np.ndarray:
        """`x` (points or images) as this network sees them, scaled as its training rows were."""
        return model_inputs(self.spec, x, self.scaling)

    # ----- control ------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.stopped is not None

    @property
    def batches_per_epoch(self) -> int:
        return math.ceil(len(self.y_train) / self.batch_size)

    def set_hyper(self, **values: float) -> None:
        """Apply lr, momentum, l1, l2, batch_size, epochs, early_stopping from the next batch on;
        the weights are kept."""
        if "batch_size" in values:
            size = int(values.pop("batch_size"))
            if size < 1:
                raise SpecError(
                    Text("training.batch_size must be at least 1, got {size}", size=size)
                )
            self.spec.training.batch_size = size
            self.batch_size = self._usable_batch_size(size)
        for name in ("epochs", "early_stopping"):  # only the trainer reads these
            if name in values:
                setattr(self.spec.training, name, int(values.pop(name)))
        for name, value in values.items():
            target = self.spec.optimizer if name in ("lr", "momentum") else self.spec.training
            setattr(target, name, value)
        self.spec.validate()
        if values:
            self.model.set_hyper(**values)
        if self.epochs_done >= self.spec.training.epochs and self._pos == 0 and self.epochs_done:
            self.stopped = STOP_COMPLETED  # the user shortened the run below what is done

    def _usable_batch_size(self, size: int) -> int:
        """Keras's rule, in both engines: a batch larger than the training set is the whole
        set (4 for a logic gate), with a note instead of an error."""
        n = len(self.y_train)
        if size <= n:
            self.note = ""
            return size
        self.note = Text(
            "Batch size {size} is more than the {n} training examples, so each batch is the "
            "whole training set ({n}), as in Keras.",
            size=size,
            n=n,
        )
        return n

    def interrupt(self) -> None:
        if not self.finished:
            self.stopped = STOP_INTERRUPTED

    # ----- training -----------------------------------------------------------------------
    def step(self) -> tuple[BatchReport, EpochReport | None]:
        """Train one batch. Returns its report, plus the epoch's when this batch ended one."""
        if self.finished:
            raise RuntimeError(f"training has stopped ({self.stopped}); reset to train again")
        if self._pos == 0:
            self._rng.shuffle(self._order)
            self.begin_epoch()
        idx = self._order[self._pos : self._pos + self.batch_size]
        loss, acc = self.model.train_batch(self.x_train[idx], self.y_train[idx])
        self._pos += len(idx)
        batch = self.record_batch(loss, acc, len(idx), math.ceil(self._pos / self.batch_size))
        if self._pos < len(self.y_train):
            return batch, None
        self._pos = 0
        return batch, self.end_epoch()

    # The three hooks below keep the books for any loop that drives the model: `step` above,
    # or an engine's own fit loop (the Keras callback), so both report the same way.
    def begin_epoch(self) -> None:
        self._epoch_sums = [0.0, 0.0, 0]
        self._epoch_started = time.perf_counter()

    def record_batch(
        self, loss: float, acc: float, n: int, batch_index: int, steps: int = 1
    ) -> BatchReport:
        """Count `steps` trained batches of `n` examples in all, with their mean loss and
        accuracy; raises TrainingDiverged on a NaN/inf loss."""
        if not math.isfinite(loss):
            self._diverge(loss)
        if self.task == "regression":  # linear in the loss, so the epoch's mean is its R² too
            acc = r_squared(loss, self._variance[id(self.y_train)])
        self.step_count += steps
        sums = self._epoch_sums
        sums[0] += loss * n
        sums[1] += acc * n
        sums[2] += n
        return BatchReport(
            self.step_count,
            self.epochs_done + 1,
            batch_index,
            self.batches_per_epoch,
            float(loss),
            float(acc),
        )

    def _diverge(self, loss: float) -> None:
        self.stopped = STOP_DIVERGED
        lr = self.spec.optimizer.lr
        self.message = Text(
            "Training diverged at step {step}: the loss became {loss}. "
            "The weights from the last finite step are kept. Try a lower learning rate "
            "(now {lr:g}; try {lower:g}).",
            step=self.step_count + 1,
            loss=loss,
            lr=lr,
            lower=lr / 10,
        )
        raise TrainingDiverged(self.message)

    def end_epoch(self, val_metrics: tuple[float, float] | None = None) -> EpochReport:
        """Close the epoch: validate (unless the engine already did), early-stop, finish."""
        self.epochs_done += 1
        loss_sum, acc_sum, n = self._epoch_sums
        n = max(n, 1)
        train_loss, train_acc = loss_sum / n, acc_sum / n
        if isinstance(self.model, Converges):
            # A perceptron's epoch is scored with the weights it ends with, as tutorial 1
            # prints its loss after each step: the curve then reaches 100 % on the epoch the
            # status says every point is classified, instead of showing that epoch's mistakes.
            train_loss, train_acc = self._evaluate(self.x_train, self.y_train)
        val_loss, val_acc = val_metrics or self._evaluate(self.x_val, self.y_val)
        if self.task == "regression":
            val_acc = r_squared(val_loss, self._variance[id(self.y_val)])
        report = EpochReport(
            self.epochs_done,
            float(train_loss),
            float(train_acc),
            float(val_loss),
            float(val_acc),
            time.perf_counter() - self._epoch_started,
        )
        self.history.append(report)
        decay = self.spec.training.lr_decay
        if decay != 1.0:
            self.set_hyper(lr=max(self.spec.optimizer.lr * decay, 1e-7))
        if not math.isfinite(val_loss):
            self._diverge(val_loss)
        self._check_early_stopping(report)
        if not self.finished and self._perceptron_converged():
            self.stopped = STOP_COMPLETED
            self.message = Text(
                "The perceptron classified every training point after {epochs} epochs.",
                epochs=self.epochs_done,
            )
        if not self.finished and self.epochs_done >= self.spec.training.epochs:
            self.stopped = STOP_COMPLETED
            if isinstance(self.model, Converges) and not self.model.converged:
                self.message = self._perceptron_failure()
        return report

    def _perceptron_failure(self) -> str:
        epochs = self.epochs_done
        if self.spec.training.perceptron_rule == "delta":
            return Text(
                "The unit did not classify every training point in {epochs} epochs. Gradient "
                "descent on a ReLU unit can stall (a dead ReLU gets no gradient) or need more "
                "epochs: try a smaller learning rate or more epochs.",
                epochs=epochs,
            )
        return Text(
            "The perceptron never classified every training point in {epochs} epochs. It "
            "draws one straight line, and the perceptron rule stops only when the line "
            "separates the classes; when no line separates them (as in XOR) it never does. "
            "Add a hidden layer.",
            epochs=epochs,
        )

    def _perceptron_converged(self) -> bool:
        model = self.model
        return (
            self.spec.model == "perceptron"
            and self.spec.training.stop_when_separated
            and isinstance(model, Converges)
            and model.converged
        )

    def _check_early_stopping(self, report: EpochReport) -> None:
        patience = self.spec.training.early_stopping
        if not patience:
            return
        if report.val_loss < self._best[0]:
            self._best = (report.val_loss, self.model.get_state())
            self._bad_epochs = 0
            return
        self._bad_epochs += 1
        if self._bad_epochs >= patience:
            best_epoch = self.epochs_done - self._bad_epochs
            self.model.set_state(self._best[1])
            self.stopped = STOP_EARLY
            self.message = Text(
                "Early stopping: the validation loss has not improved for {patience} epochs; "
                "restored the weights of epoch {best_epoch} (val loss {val_loss:.4f}).",
                patience=patience,
                best_epoch=best_epoch,
                val_loss=self._best[0],
            )

    # ----- evaluation ---------------------------------------------------------------------
    def _evaluate(self, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        loss, acc = self.model.evaluate(x, y)
        if (self.spec.loss == "sse" or self.spec.model == "perceptron") and len(y):
            # A sum grows with the set: report it per batch, like the training loss, so the
            # train and validation curves can be compared.
            loss = loss * self.batch_size / len(y)
        if self.task == "regression":
            acc = r_squared(loss, self._variance.get(id(y), float(np.var(y))))
        return float(loss), float(acc)

    def test_metrics(self) -> tuple[float, float]:
        loss, acc = self._evaluate(self.x_test, self.y_test)
        return float(loss), float(acc)

    def evaluate_test(self):
        """Confusion matrix and misclassified test examples, or on regression data the test
        set's MSE, MAE and R² (see engine.training.evaluation)."""
        from engine.training.evaluation import evaluate_classifier, evaluate_regression

        if self.task == "regression":
            return evaluate_regression(self.predict_values(self.x_test), self.y_test)
        return evaluate_classifier(self.model.predict_proba(self.x_test), self.y_test)

    def regression_metrics(self) -> dict[str, dict[str, float]]:
        """{"train" | "validation" | "test": {"mse", "mae", "r2"}} from the predictions (the
        validation entry scores the rows validation used: the training rows if none were
        carved)."""
        from engine.training.evaluation import evaluate_regression

        sets = {
            "train": (self.x_train, self.y_train),
            "validation": (self.x_val, self.y_val),
            "test": (self.x_test, self.y_test),
        }
        return {
            name: evaluate_regression(self.predict_values(x), y).scores()
            for name, (x, y) in sets.items()
        }

    def predict_values(self, x: np.ndarray) -> np.ndarray:
        """A regression network's predictions (n,) for inputs `x` as this network sees them."""
        model = self.model
        if not isinstance(model, PredictsValues):
            raise SpecError(Text("model {model} does not predict values", model=self.spec.model))
        return np.asarray(model.predict_values(x), dtype=np.float32)

    def value_grid(self, resolution: int = 100) -> np.ndarray:
        """A regression network's predicted value over the plotting square, (res, res), row = y."""
        points, _, _ = grid_points(self.dataset.extent, resolution)
        values = self.predict_values(self.inputs(points))
        return values.reshape(resolution, resolution)

    def decision_grid(self, resolution: int = 100) -> np.ndarray:
        """Class probabilities over the plotting square, shape (res, res, n_classes), row = y."""
        points, _, _ = grid_points(self.dataset.extent, resolution)
        probs = self.model.predict_proba(self.inputs(points))
        return probs.reshape(resolution, resolution, -1).astype(np.float32, copy=False)
