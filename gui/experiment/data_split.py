"""The Data panel's one-line summary of the three sets: how many rows train, validate and test.

Points come from the dataset the network was built on (CSV files and clicked points included).
MNIST is loaded by the training thread, so its sizes are worked out from the spec as the loader
carves them: the first `limit` (or all 60,000) training images, less the validation share, and
its 10,000 test images.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from engine.data.datasets import Dataset
from engine.experiment.spec import GATES, Experiment

MNIST_TRAIN_IMAGES = 60_000
MNIST_TEST_IMAGES = 10_000


def split_sizes(exp: Experiment, dataset: Dataset | None) -> tuple[int, int, int] | None:
    """(train, validation, test) row counts; None when they are not known (no dataset yet)."""
    if exp.data.is_image:
        n = exp.data.limit or MNIST_TRAIN_IMAGES
        n_val = min(int(n * exp.data.validation_split), n - 1)
        return n - n_val, n_val, MNIST_TEST_IMAGES
    if dataset is None:
        return None
    return len(dataset.y_train), len(dataset.y_val), len(dataset.y_test)


def split_text(exp: Experiment, dataset: Dataset | None) -> str:
    """ "train 200 · validation 50 · test 250", saying where nothing is held out to validate."""
    return sizes_text(split_sizes(exp, dataset), exp.data.name in GATES)


def sizes_text(sizes: tuple[int, int, int] | None, gate: bool) -> str:
    """`split_text` from the sizes, in the current language (a gate's rows are its truth table)."""
    if sizes is None:
        return ""
    train, val, test = sizes
    if gate:
        return QCoreApplication.translate(
            "Data",
            "train {train} · test {test}: the same {train} rows of the truth table. Nothing "
            "can be held out, so validation uses the training rows.",
        ).format(train=train, test=test)
    if val == 0:
        return QCoreApplication.translate(
            "Data",
            "train {train:,} · test {test:,}. Nothing held out: validation uses the training rows.",
        ).format(train=train, test=test)
    return QCoreApplication.translate(
        "Data", "train {train:,} · validation {validation:,} · test {test:,}"
    ).format(train=train, validation=val, test=test)
