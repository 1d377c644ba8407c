"""The Data panel's one-line summary of the three sets: how many rows train, validate and test.

Points come from the dataset the network was built on (CSV files and clicked points included).
An image set is loaded by the training thread, so its sizes are worked out from the spec as the
loader carves them: the first `limit` (or all) training images, less the validation share, and
the set's test images (MNIST and Fashion-MNIST 60,000 and 10,000, CIFAR-10 50,000 and 10,000).
An image folder's sizes come from its scan: `folder_sizes`.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from engine.data.datasets import Dataset
from engine.experiment.spec import GATES, Experiment

# each published set's own split: (training images, test images)
TRAIN_IMAGES = {"mnist": 60_000, "fashion_mnist": 60_000, "cifar10": 50_000}
TEST_IMAGES = {"mnist": 10_000, "fashion_mnist": 10_000, "cifar10": 10_000}


def split_sizes(
    exp: Experiment,
    dataset: Dataset | None,
    folder: tuple[int, int] | None = None,
) -> tuple[int, int, int] | None:
    """(train, validation, test) row counts; None when they are not known (no dataset yet).
    `folder`: an image folder's (training, test) image counts, from its scan."""
    if exp.data.is_image:
        if exp.data.name in TRAIN_IMAGES:
            n, n_test = TRAIN_IMAGES[exp.data.name], TEST_IMAGES[exp.data.name]
        elif folder is not None:
            n, n_test = folder
        else:
            return None
        n = min(exp.data.limit, n) if exp.data.limit else n
        n_val = min(int(n * exp.data.validation_split), n - 1)
        return n - n_val, n_val, n_test
    if dataset is None:
        return None
    return len(dataset.y_train), len(dataset.y_val), len(dataset.y_test)


def folder_split(counts: Iterable[int], test_split: float) -> tuple[int, int]:
    """(training, test) images of a folder whose classes hold `counts` pictures, each class
    setting aside its own share `test_split` to test (engine.data.image_folder's rule)."""
    counts = list(counts)
    n_test = sum(class_test_count(n, test_split) for n in counts)
    return sum(counts) - n_test, n_test


def class_test_count(n: int, test_split: float) -> int:
    """How many of a class's `n` pictures are set aside to test: its share, rounded, at least
    one and never all of them (engine.data.image_folder.stratified_split's rule; the scan
    refuses a class of fewer than two)."""
    if n < 2:
        return 0
    return min(max(1, round(n * test_split)), n - 1)


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
