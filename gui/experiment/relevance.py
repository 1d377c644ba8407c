"""Which settings the chosen model and data ignore, read off the engines, so the panels can
switch those controls off: an enabled control always changes the run.

- Only Momentum and Nesterov read the momentum (SGD runs with none in both engines; RMSprop,
  Adagrad, Adam and Nadam have their own rho/beta constants, which have no control).
- The perceptron learns by its own rule from uniform [0, 1) weights: it has no optimizer,
  momentum, L1/L2 penalty, dropout, loss choice or initialiser (engine.models.numpy.perceptron).
- Dropout follows hidden dense layers (both engines); without one it changes nothing.
- Noise and the number of points shape generated clouds (and the two regression problems)
  only; gates, a CSV file and the image sets are used as they are. Gates train and test on
  the whole truth table, MNIST, Fashion-MNIST and CIFAR-10 come with their own split, and an
  image folder sets aside its own test split (chosen in its dialog), so the train ratio
  applies to generated and CSV points; Regenerate redraws generated points and reshuffles a
  CSV file's split (data.seed), and changes nothing else.
- A regression problem (plane, multi-Gaussian) has one loss, the MSE (engine.experiment.spec).
- A gate has no rows to hold out for validation: it validates on its training rows whatever
  data.validation_split says (engine.data.datasets). The coordinate scale (data.input_scale)
  multiplies 2-D points only; an image set's pixels are divided by 255 when loaded.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from engine.data.image_sets import image_set
from engine.experiment.spec import (
    DATASETS_2D,
    GATES,
    OPTIMIZER_TITLES,
    REGRESSION_DATASETS,
    Experiment,
)
from gui.experiment.data_split import TEST_IMAGES, TRAIN_IMAGES

MOMENTUM_OPTIMIZERS = ("momentum", "nesterov")
RELEVANCE = "Relevance"  # the translation context of the reasons

# the reasons, in English; marked for the catalogue and translated when they are given
NO_OPTIMIZER = QT_TRANSLATE_NOOP(
    "Relevance",
    "The perceptron learns by its own rule; it uses no optimizer, only the learning rate.",
)
NO_MOMENTUM = QT_TRANSLATE_NOOP(
    "Relevance", "The perceptron learns by its own rule; it has no momentum."
)
NO_PENALTY = QT_TRANSLATE_NOOP(
    "Relevance", "The perceptron learns by its own rule; it has no weight penalty."
)
NO_DROPOUT_LAYER = QT_TRANSLATE_NOOP(
    "Relevance", "A perceptron has no hidden layer to drop units from."
)
OWN_LOSS = QT_TRANSLATE_NOOP(
    "Relevance", "The perceptron always measures the squared error of its outputs."
)
OWN_INIT = QT_TRANSLATE_NOOP(
    "Relevance", "The perceptron starts from uniform weights in [0, 1), as in the tutorial."
)
NOT_MOMENTUM = QT_TRANSLATE_NOOP(
    "Relevance", "{optimizer} does not use momentum; choose Momentum or Nesterov."
)
NO_HIDDEN_DENSE = QT_TRANSLATE_NOOP(
    "Relevance", "Dropout follows hidden dense layers; this network has none."
)
REGRESSION_LOSS = QT_TRANSLATE_NOOP(
    "Relevance",
    "A regression problem trains its one linear output on the mean squared error, as "
    "TensorFlow Playground does; choose a classification data set for the others.",
)
CSV_AS_IS = QT_TRANSLATE_NOOP("Relevance", "The CSV file's points are used as they are.")
IMAGES_AS_IS = QT_TRANSLATE_NOOP("Relevance", "The image set's pictures are used as they are.")
GATE_POINTS = QT_TRANSLATE_NOOP(
    "Relevance", "A logic gate has exactly its four truth-table points."
)
GATE_RATIO = QT_TRANSLATE_NOOP("Relevance", "A gate trains and tests on its whole truth table.")
GATE_VALIDATION = QT_TRANSLATE_NOOP(
    "Relevance", "A gate's four rows all train; nothing is held out, so it validates on them."
)
OWN_SPLIT = QT_TRANSLATE_NOOP("Relevance", "{title} comes with its own {train:,} / {test:,} split.")
FOLDER_SPLIT = QT_TRANSLATE_NOOP(
    "Relevance",
    "An image folder sets aside its own test split, chosen in Data › Image folder….",
)
IMAGE_FEATURES = QT_TRANSLATE_NOOP("Relevance", "Images feed their pixels, not these features.")
IMAGE_SCALE = QT_TRANSLATE_NOOP(
    "Relevance", "It scales 2-D points; an image's pixels are always divided by 255 when loaded."
)


def ignored_settings(exp: Experiment) -> dict[str, str]:
    """{control name: why it has no effect} for the controls of the Hyperparameters
    (optimizer, momentum, l1, l2, dropout, loss, init) and Data (noise, points, ratio,
    validation, input_scale, regenerate) panels and the input features; a control not named
    here has an effect. The reasons are in the current language: a panel asks again after a
    language switch."""
    why: dict[str, str] = {}
    if exp.model == "perceptron":
        why["optimizer"] = NO_OPTIMIZER
        why["momentum"] = NO_MOMENTUM
        why["l1"] = why["l2"] = NO_PENALTY
        why["dropout"] = NO_DROPOUT_LAYER
        why["loss"] = OWN_LOSS
        why["init"] = OWN_INIT
    else:
        if exp.optimizer.name not in MOMENTUM_OPTIMIZERS:
            why["momentum"] = NOT_MOMENTUM
        if not exp.hidden_dense:
            why["dropout"] = NO_HIDDEN_DENSE
        if exp.data.task == "regression":
            why["loss"] = REGRESSION_LOSS
    name = exp.data.name
    if name not in DATASETS_2D and name not in REGRESSION_DATASETS:
        fixed = CSV_AS_IS if name == "csv" else IMAGES_AS_IS if exp.data.is_image else GATE_POINTS
        why["noise"] = why["points"] = fixed
        if name != "csv":
            why["regenerate"] = fixed
    if name in GATES:
        why["ratio"] = GATE_RATIO
        why["validation"] = GATE_VALIDATION
    elif name == "folder":
        why["ratio"] = FOLDER_SPLIT
    elif exp.data.is_image:
        why["ratio"] = OWN_SPLIT
    if exp.data.is_image:
        why["features"] = IMAGE_FEATURES
        why["input_scale"] = IMAGE_SCALE
    title = OPTIMIZER_TITLES.get(exp.optimizer.name, exp.optimizer.name)  # a name: as it is
    values = {"optimizer": title}
    if name in TRAIN_IMAGES:  # a published image set's own split
        values.update(title=image_set(name).title, train=TRAIN_IMAGES[name], test=TEST_IMAGES[name])
    return {
        key: QCoreApplication.translate("Relevance", source).format(**values)
        for key, source in why.items()
    }
