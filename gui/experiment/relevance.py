"""Which settings the chosen model and data ignore, read off the engines, so the panels can
switch those controls off: an enabled control always changes the run.

- Only Momentum and Nesterov read the momentum (SGD runs with none in both engines; RMSprop,
  Adagrad, Adam and Nadam have their own rho/beta constants, which have no control).
- The perceptron learns by its own rule from uniform [0, 1) weights: it has no optimizer,
  momentum, L1/L2 penalty, dropout, loss choice or initialiser (engine.models.numpy.perceptron).
- Dropout follows hidden dense layers (both engines); without one it changes nothing.
- Noise and the number of points shape generated clouds (and the two regression problems)
  only; gates, a CSV file and MNIST are used as they are. Gates train and test on the whole
  truth table and MNIST has its own split, so the train ratio applies to generated and CSV
  points; Regenerate redraws generated points and reshuffles a CSV file's split (data.seed),
  and changes nothing else.
- A regression problem (plane, multi-Gaussian) has one loss, the MSE (engine.experiment.spec).
- A gate has no rows to hold out for validation: it validates on its training rows whatever
  data.validation_split says (engine.data.datasets). The coordinate scale (data.input_scale)
  multiplies 2-D points only; MNIST's pixels are divided by 255 when loaded.
"""

from __future__ import annotations

from engine.experiment.spec import (
    DATASETS_2D,
    GATES,
    OPTIMIZER_TITLES,
    REGRESSION_DATASETS,
    Experiment,
)

MOMENTUM_OPTIMIZERS = ("momentum", "nesterov")
PERCEPTRON = "The perceptron learns by its own rule"


def ignored_settings(exp: Experiment) -> dict[str, str]:
    """{control name: why it has no effect} for the controls of the Hyperparameters
    (optimizer, momentum, l1, l2, dropout, loss, init) and Data (noise, points, ratio,
    validation, input_scale, regenerate) panels and the input features; a control not named
    here has an effect."""
    why: dict[str, str] = {}
    if exp.model == "perceptron":
        why["optimizer"] = f"{PERCEPTRON}; it uses no optimizer, only the learning rate."
        why["momentum"] = f"{PERCEPTRON}; it has no momentum."
        why["l1"] = why["l2"] = f"{PERCEPTRON}; it has no weight penalty."
        why["dropout"] = "A perceptron has no hidden layer to drop units from."
        why["loss"] = "The perceptron always measures the squared error of its outputs."
        why["init"] = "The perceptron starts from uniform weights in [0, 1), as in the tutorial."
    else:
        if exp.optimizer.name not in MOMENTUM_OPTIMIZERS:
            title = OPTIMIZER_TITLES.get(exp.optimizer.name, exp.optimizer.name)
            why["momentum"] = f"{title} does not use momentum; choose Momentum or Nesterov."
        if not exp.hidden_dense:
            why["dropout"] = "Dropout follows hidden dense layers; this network has none."
        if exp.data.task == "regression":
            why["loss"] = (
                "A regression problem trains its one linear output on the mean squared error, "
                "as TensorFlow Playground does; choose a classification data set for the others."
            )
    name = exp.data.name
    if name not in DATASETS_2D and name not in REGRESSION_DATASETS:
        fixed = {
            "csv": "The CSV file's points are used as they are.",
            "mnist": "MNIST's images are used as they are.",
        }.get(name, "A logic gate has exactly its four truth-table points.")
        why["noise"] = why["points"] = fixed
        if name != "csv":
            why["regenerate"] = fixed
    if name in GATES:
        why["ratio"] = "A gate trains and tests on its whole truth table."
        why["validation"] = (
            "A gate's four rows all train; nothing is held out, so it validates on them."
        )
    elif exp.data.is_image:
        why["ratio"] = "MNIST comes with its own 60,000 / 10,000 split."
    if exp.data.is_image:
        why["features"] = "Images feed their pixels, not these features."
        why["input_scale"] = (
            "It scales 2-D points; MNIST's pixels are always divided by 255 when loaded."
        )
    return why
