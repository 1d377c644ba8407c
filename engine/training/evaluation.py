"""What a trained classifier gets wrong: the confusion matrix and the misclassified examples."""

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


def write_history_csv(history: list, path: str | Path) -> None:
    """The per-epoch history (EpochReport list) as CSV, written atomically."""
    names = [f.name for f in fields(history[0])] if history else ["epoch"]

    def write(tmp: str) -> None:
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(names)
            for report in history:
                out.writerow([getattr(report, n) for n in names])

    write_atomic(path, write)
