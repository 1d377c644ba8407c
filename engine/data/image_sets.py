"""The image data sets the app knows: what each one is, its picture size and its classes.

One entry per `DataSpec.name` in `IMAGE_DATASETS`. The readers live beside this module
(`mnist.py` for MNIST-format files, and the loaders `load_dataset` calls); this table is what
the GUI, the CLI and the exporters ask when they need a title, a shape or the class names.
A folder of the user's own images has no fixed shape or classes: its `shape` is None and its
classes are its sub-folders' names.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.experiment.spec import IMAGE_DATASETS


@dataclass(frozen=True)
class ImageSet:
    name: str  # the DataSpec.name
    title: str  # how people write it
    shape: tuple[int, int, int] | None  # (height, width, channels); None: read from the files
    class_names: tuple[str, ...]  # empty: read from the files (a folder's sub-folders)
    digits: bool = False  # handwritten digits 0..9: a model of it can read the Draw dock's canvas
    keras_name: str | None = None  # keras.datasets.<keras_name>.load_data() downloads it


IMAGE_SETS: dict[str, ImageSet] = {
    "mnist": ImageSet(
        "mnist",
        "MNIST",
        (28, 28, 1),
        tuple(str(d) for d in range(10)),
        digits=True,
        keras_name="mnist",
    ),
    # Zalando's clothes, drop-in for MNIST: same size, same split, ten classes in this order
    "fashion_mnist": ImageSet(
        "fashion_mnist",
        "Fashion-MNIST",
        (28, 28, 1),
        (
            "T-shirt/top",
            "Trouser",
            "Pullover",
            "Dress",
            "Coat",
            "Sandal",
            "Shirt",
            "Sneaker",
            "Bag",
            "Ankle boot",
        ),
        keras_name="fashion_mnist",
    ),
    # Krizhevsky's 60,000 small colour photos: 50,000 to train, 10,000 to test
    "cifar10": ImageSet(
        "cifar10",
        "CIFAR-10",
        (32, 32, 3),
        (
            "airplane",
            "automobile",
            "bird",
            "cat",
            "deer",
            "dog",
            "frog",
            "horse",
            "ship",
            "truck",
        ),
        keras_name="cifar10",
    ),
    "folder": ImageSet("folder", "Image folder", None, ()),
}
assert tuple(IMAGE_SETS) == IMAGE_DATASETS  # one entry per image data set of the spec


def image_set(name: str) -> ImageSet:
    """The entry for data set `name` (KeyError for a data set that is not images)."""
    return IMAGE_SETS[name]
