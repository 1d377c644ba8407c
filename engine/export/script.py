"""An experiment as one runnable, commented Python script (File › Export as Python…, and
`python main.py export`): the settings first, then the data exactly as the app builds it, the
network, the training loop, and the test score at the end.

`python_script(spec, framework)` returns the text; `write_python_script` writes it atomically.
The Keras script is plain Keras 3; the NumPy script needs nothing but NumPy (and Keras only to
download MNIST when no file is named).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from engine.data.image_sets import image_set
from engine.experiment.spec import (
    ACTIVATION_TITLES,
    OPTIMIZER_TITLES,
    Experiment,
)
from engine.export import data_code, keras_code, numpy_code
from engine.export.checks import ExportError, check_exportable, default_framework

__all__ = ["ExportError", "python_script", "write_python_script"]

LOSS_TITLES = {
    "sse": "summed squared error",
    "mse": "mean squared error",
    "binary_crossentropy": "binary cross-entropy",
    "categorical_crossentropy": "categorical cross-entropy",
}


def python_script(spec: Experiment, framework: str | None = None) -> str:
    """The script for `spec` in `framework` ("keras" or "numpy"; None: the spec's engine).
    Raises SpecError for an invalid spec, ExportError for one the framework cannot express."""
    spec = spec.copy().validate()
    framework = framework or default_framework(spec)
    check_exportable(spec, framework)
    module = keras_code if framework == "keras" else numpy_code
    extra_imports, model_settings, code = module.body(spec)
    stdlib = sorted(set(data_code.imports(spec)) | {m for m in extra_imports if m != "keras"})
    third = ["keras"] if "keras" in extra_imports else []
    import_lines = [f"import {m}" for m in stdlib]
    if import_lines:
        import_lines.append("")
    import_lines += [f"import {m}" for m in third] + ["import numpy as np"]
    if spec.data.name == "folder":
        import_lines.append("from PIL import Image")
    data = data_code.functions(spec)
    if framework == "keras":  # keras is imported at the top already
        data = data.replace("    import keras\n\n", "")
    head = [
        _docstring(spec, framework),
        "\n".join(import_lines),
        "# ----- the experiment's settings: change one and run the script again -----\n"
        + "\n".join(data_code.settings(spec) + model_settings),
    ]
    sections = [
        "# ----- the data, as the app builds it -----\n" + data,
        "# ----- the model and its training -----\n" + code,
        'if __name__ == "__main__":\n    main()',
    ]
    text = "\n\n".join(s.strip("\n") for s in head) + "\n\n\n"
    return text + "\n\n\n".join(s.strip("\n") for s in sections) + "\n"


def write_python_script(spec: Experiment, path: str | Path, framework: str | None = None) -> str:
    """Write the script to `path` (atomically); returns the framework written."""
    from engine.atomic import write_text_atomic

    framework = framework or default_framework(spec)
    write_text_atomic(path, python_script(spec, framework))
    return framework


def _docstring(spec: Experiment, framework: str) -> str:
    title = spec.preset or "A Neural Playground experiment"
    how = (
        "plain Keras 3 (keras.Sequential, model.fit)"
        if framework == "keras"
        else "NumPy only: the forward pass, backprop and the optimiser are written out"
    )
    score = "MSE and R²" if spec.data.task == "regression" else "accuracy"
    needs = "keras and numpy" if framework == "keras" else "numpy"
    if spec.data.name == "folder":
        needs += " and Pillow"
    elif framework == "numpy" and spec.data.is_image and not spec.data.path:
        needs += " (and keras, once, to download the pictures)"
    intro = (
        f"Exported from Neural Playground. It rebuilds the experiment with {how}, trains it, "
        f"and prints the test {score}."
    )
    lines = [
        f'"""{title}, as a {"Keras" if framework == "keras" else "NumPy"} script.',
        "",
        *textwrap.wrap(intro, 92),
        "",
        *_field("data", _data_text(spec)),
        *_field("model", _model_text(spec)),
        *_field("loss", _loss_text(spec)),
        *_field("optimiser", _optimizer_text(spec)),
        *_field("training", _training_text(spec)),
        "",
        f"Run it with `python <this file>`; it needs {needs}.",
    ]
    if framework == "keras":
        lines += [
            "Keras runs on the backend $KERAS_BACKEND names (TensorFlow when unset); the",
            f"experiment ran on {spec.backend}.",
        ]
    return "\n".join(lines) + '\n"""\n'


def _field(name: str, text: str) -> list[str]:
    """One line of the summary, `name:` then `text` wrapped under itself."""
    first = f"    {name + ':':<12}"
    return textwrap.wrap(text, 92, initial_indent=first, subsequent_indent=" " * len(first))


def _data_text(spec: Experiment) -> str:
    d = spec.data
    if d.name == "folder":
        return f"the pictures in {d.path}, one sub-folder per class"
    if d.is_image:
        title = image_set(d.name).title
        return title + (f", the first {d.limit} training images" if d.limit else "")
    if d.name == "csv":
        return f"the points of {Path(d.path or '').name}"
    features = ", ".join(d.features)
    if d.name.startswith("gate-"):
        return f"the {d.name[5:].upper()} truth table; features {features}"
    return f"{d.name}, {d.points} points, noise {d.noise:g} %; features {features}"


def _model_text(spec: Experiment) -> str:
    if spec.model == "perceptron":
        rule = spec.training.perceptron_rule
        return "a perceptron, " + (
            "Rosenblatt's rule" if rule == "rosenblatt" else "a ReLU unit by gradient descent"
        )
    parts = []
    for la in spec.layers:
        if la.type == "dense":
            parts.append(f"{la.units} {ACTIVATION_TITLES[la.activation]}")
        elif la.type == "conv2d":
            parts.append(f"conv {la.filters}×{la.kernel_size}")
        elif la.type in ("maxpool", "avgpool"):
            parts.append(f"{la.type[:3]}pool {la.pool_size}")
        elif la.type == "dropout":
            parts.append(f"dropout {la.rate:g}")
        elif la.type == "batchnorm":
            parts.append("BatchNorm")
        elif la.type == "activation":
            parts.append(ACTIVATION_TITLES[la.activation])
    hidden = " -> ".join(parts) if parts else "no hidden layers"
    return f"{spec.model.upper()}: {hidden} -> output"


def _loss_text(spec: Experiment) -> str:
    return LOSS_TITLES[spec.loss]


def _optimizer_text(spec: Experiment) -> str:
    o = spec.optimizer
    if spec.model == "perceptron":
        return f"learning rate {o.lr:g}"
    return f"{OPTIMIZER_TITLES[o.name]}, learning rate {o.lr:g}"


def _training_text(spec: Experiment) -> str:
    t = spec.training
    parts = [f"{t.epochs} epochs", f"batches of {t.batch_size}"]
    if spec.model != "perceptron":
        parts.append(f"init {t.init}")
    for name, value in (("L1", t.l1), ("L2", t.l2), ("dropout", t.dropout)):
        if value:
            parts.append(f"{name} {value:g}")
    if t.lr_decay != 1.0:
        parts.append(f"lr decay {t.lr_decay:g}")
    if t.early_stopping:
        parts.append(f"early stopping {t.early_stopping}")
    if spec.data.scale == "standardize":
        parts.append("standardised inputs")
    return ", ".join(parts)
