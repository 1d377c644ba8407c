"""What a trained classifier gets wrong: the confusion matrix and the misclassified examples;
and how far a regression network's predictions are off: MSE, MAE and R²."""

from __future__ import annotations

import csv
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from engine.atomic import write_atomic


@dataclass
class Evaluation:
    accuracy: float
    confusion: np.ndarray  # (k, k) int64: rows = true class, columns = predicted
    probabilities: np.ndarray  # (n, k) float32
    misclassified: np.ndarray  # indices into the evaluated set, most confident mistakes first


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    flat = np.bincount(y_true * n_classes + y_pred, minlength=n_classes * n_classes)
    return flat.reshape(n_classes, n_classes).astype(np.int64)


def evaluate_classifier(probabilities: np.ndarray, y_true: np.ndarray) -> Evaluation:
    k = probabilities.shape[1]
    y_pred = probabilities.argmax(axis=1)
    wrong = np.flatnonzero(y_pred != y_true)
    order = np.argsort(-probabilities[wrong, y_pred[wrong]], kind="stable")
    return Evaluation(
        accuracy=float((y_pred == y_true).mean()) if len(y_true) else 0.0,
        confusion=confusion_matrix(y_true.astype(np.int64), y_pred.astype(np.int64), k),
        probabilities=probabilities.astype(np.float32, copy=False),
        misclassified=wrong[order],
    )


@dataclass
class RegressionEvaluation:
    """How far predictions are from numeric targets (a regression has no accuracy)."""

    mse: float  # mean of (prediction - target)^2: the loss the network is trained on
    mae: float  # mean of |prediction - target|, in the targets' own units
    r2: float  # 1 - MSE / Var(targets): 1 is perfect, 0 is no better than the mean
    predictions: np.ndarray  # (n,) float32

    def scores(self) -> dict[str, float]:
        return {"mse": self.mse, "mae": self.mae, "r2": self.r2}


def evaluate_regression(predictions: np.ndarray, targets: np.ndarray) -> RegressionEvaluation:
    """MSE, MAE and R² of `predictions` against `targets` (NaN for an empty set; R² NaN when
    the targets are all equal, since then there is no variance to explain)."""
    p = np.asarray(predictions, dtype=np.float64).reshape(-1)
    t = np.asarray(targets, dtype=np.float64).reshape(-1)
    if len(t) == 0:
        nan = float("nan")
        return RegressionEvaluation(nan, nan, nan, p.astype(np.float32))
    err = p - t
    mse = float(np.mean(err * err))
    variance = float(np.var(t))
    return RegressionEvaluation(
        mse=mse,
        mae=float(np.mean(np.abs(err))),
        r2=1.0 - mse / variance if variance > 0 else float("nan"),
        predictions=p.astype(np.float32),
    )


def write_history_csv(history: list, path: str | Path, task: str = "classification") -> None:
    """The per-epoch history (EpochReport list) as CSV, written atomically; on regression the
    score columns are headed r2 and val_r2."""
    names = [f.name for f in fields(history[0])] if history else ["epoch"]
    header = [n.replace("accuracy", "r2") if task == "regression" else n for n in names]

    def write(tmp: str) -> None:
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(header)
            for report in history:
                out.writerow([getattr(report, n) for n in names])

    write_atomic(path, write)
