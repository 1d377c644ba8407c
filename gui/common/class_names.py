"""The class names of the published image sets, as the window shows them in the language
installed now (Fashion-MNIST's "T-shirt/top" is "T恤/上衣" in 中文), for the Evaluation panel
and the Inside view's caption of a test image.

The names come with the data (engine/data/image_sets.py) and stay English in files, JSON and
the CLI's --json output; only what the window draws is translated. A name that is not
in the catalogue — a digit, a sub-folder of the user's own images — is shown as it is.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "ClassNames"
# the same names, in the same order, as IMAGE_SETS (a test keeps them equal)
FASHION_MNIST = (
    QT_TRANSLATE_NOOP("ClassNames", "T-shirt/top"),
    QT_TRANSLATE_NOOP("ClassNames", "Trouser"),
    QT_TRANSLATE_NOOP("ClassNames", "Pullover"),
    QT_TRANSLATE_NOOP("ClassNames", "Dress"),
    QT_TRANSLATE_NOOP("ClassNames", "Coat"),
    QT_TRANSLATE_NOOP("ClassNames", "Sandal"),
    QT_TRANSLATE_NOOP("ClassNames", "Shirt"),
    QT_TRANSLATE_NOOP("ClassNames", "Sneaker"),
    QT_TRANSLATE_NOOP("ClassNames", "Bag"),
    QT_TRANSLATE_NOOP("ClassNames", "Ankle boot"),
)
CIFAR10 = (
    QT_TRANSLATE_NOOP("ClassNames", "airplane"),
    QT_TRANSLATE_NOOP("ClassNames", "automobile"),
    QT_TRANSLATE_NOOP("ClassNames", "bird"),
    QT_TRANSLATE_NOOP("ClassNames", "cat"),
    QT_TRANSLATE_NOOP("ClassNames", "deer"),
    QT_TRANSLATE_NOOP("ClassNames", "dog"),
    QT_TRANSLATE_NOOP("ClassNames", "frog"),
    QT_TRANSLATE_NOOP("ClassNames", "horse"),
    QT_TRANSLATE_NOOP("ClassNames", "ship"),
    QT_TRANSLATE_NOOP("ClassNames", "truck"),
)


def class_title(name: str) -> str:
    """`name` in the language installed now (unchanged where there is no translation)."""
    return QCoreApplication.translate(CONTEXT, name)


def class_titles(names: list[str]) -> list[str]:
    return [class_title(name) for name in names]
