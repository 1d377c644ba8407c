"""One image through the network: every layer's response, for the "Activations" view.

`layer_activations(trainer, image)` runs in the trainer's thread (the window sends it with
`TrainingSession.call`) and reads the model through `engine.introspection.probe.reader_for`;
`digit_cnn_activations` does the same for the shipped NumPy digit CNN, so the feature maps can
be watched before any network has been trained. Both return plain arrays: per layer a mosaic of
feature maps (conv, pool) or the units in rows (dense). A colour image (h, w, 3) is handed back
in colour as the input picture; its feature maps are what the filters make of all three
channels together, one grey map per filter.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.data.image_sets import IMAGE_SETS
from engine.introspection import arithmetic as ix
from engine.introspection.probe import image_view, reader_for
from engine.messages import Text
from engine.training.trainer import Trainer


def layer_activations(trainer: Trainer, image: np.ndarray) -> dict[str, Any]:
    """Every layer's response to one image in [0, 1] of the data set's input shape (h, w, c),
    or (h, w) for one channel (call in the trainer's thread).

    input: the image, (h, w) grey or (h, w, 3) colour; layers: [{name, image, levels}]
    (conv/pool: a mosaic of the feature maps; dense: the units in rows); probabilities: the
    output layer's values.
    """
    if not trainer.dataset.is_image:
        raise ValueError(Text("the network was not trained on images"))
    shape = tuple(trainer.dataset.input_shape)
    image = np.asarray(image, dtype=np.float32)
    if image.size != int(np.prod(shape)):
        raise ValueError(
            Text(
                "an image of shape {got} cannot go through a network trained on {shape} images",
                got=tuple(image.shape),
                shape="×".join(str(d) for d in shape),
            )
        )
    image = image.reshape(shape)
    reader = reader_for(trainer)
    if reader is None:
        raise ValueError(Text("this model cannot be looked inside"))
    outs = reader.outputs(trainer.inputs(image[None]))
    return activation_views(
        image, [(info.name, out[0]) for info, out in outs], trainer.dataset.class_names
    )


def reads_digits(dataset_name: str) -> bool:
    """Whether a network trained on this data set reads handwritten digits 0..9 (MNIST), so
    the Draw dock's canvas means something to it (`ImageSet.digits`)."""
    entry = IMAGE_SETS.get(dataset_name)
    return entry is not None and entry.digits


def activations_of_test_digit(index: int, trainer: Trainer) -> tuple[dict[str, Any], str]:
    """`layer_activations` for test image #index, and a caption naming its true class:
    "test digit #3 (a 7)" for digits, "test image #3 (cat)" for any other image set."""
    x_test, y_test = trainer.dataset.x_test, trainer.dataset.y_test
    if not trainer.dataset.is_image or not 0 <= index < len(x_test):
        raise ValueError(Text("there is no test digit #{index}", index=index))
    label = trainer.dataset.class_names[int(y_test[index])]
    caption = (
        f"test digit #{index} (a {label})"
        if reads_digits(trainer.dataset.name)
        else f"test image #{index} ({label})"
    )
    return layer_activations(trainer, x_test[index]), caption


def activation_views(
    image: np.ndarray,
    outputs: list[tuple[str, np.ndarray]],
    class_names: list[str] | None = None,
) -> dict[str, Any]:
    """The views' payload for one input: per layer a mosaic (maps) or rows of units. The
    input keeps its colour: (h, w, 3) stays, one channel becomes (h, w). The output layer's
    name ends with the predicted class (its number, and its name when that is a word)."""
    layers = []
    for name, out in outputs:
        out = np.asarray(out, dtype=np.float32)
        maps = out.ndim == 3
        picture = ix.tile_mosaic(ix.feature_map_tiles(out)) if maps else ix.unit_rows(out)
        layers.append({**image_view(name, picture, ix.levels_for(picture)), "units": not maps})
    probs = np.asarray(outputs[-1][1], np.float32).ravel() if outputs else np.zeros(0)
    if layers and probs.size > 1 and abs(float(probs.sum()) - 1.0) < 1e-3:
        top = int(probs.argmax())
        word = class_names[top] if class_names and top < len(class_names) else str(top)
        layers[-1]["name"] += f" → {top}" if word == str(top) else f" → {top} ({word})"
        layers[-1]["levels"] = (0.0, 1.0)
        layers[-1]["labels"] = [str(i) for i in range(probs.size)]  # class numbers
    image = np.asarray(image, np.float32)
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    return {
        "input": np.ascontiguousarray(image, np.float32),
        "layers": layers,
        "probabilities": probs,
    }


def digit_cnn_activations(cnn: Any, image: np.ndarray) -> dict[str, Any]:
    """Every layer's response of the shipped NumPy digit CNN (engine.digits.model.DigitCNN),
    so the feature maps can be watched before any network has been trained."""
    image = np.asarray(image, dtype=np.float32).reshape(28, 28)
    outputs: list[tuple[str, np.ndarray]] = []
    counts: dict[str, int] = {}
    for layer, x in cnn.layer_outputs(image):
        kind = layer["type"]
        if kind not in ("conv2d", "maxpool", "dense"):
            continue
        counts[kind] = counts.get(kind, 0) + 1
        label = {"conv2d": "Conv", "maxpool": "Max pool", "dense": "Dense"}[kind]
        act = layer.get("activation", "") if kind != "maxpool" else ""
        outputs.append((f"{label} {counts[kind]} · {x.shape[-1]} {act}".rstrip(), x))
    if outputs and cnn.layers[-1]["type"] == "dense":
        outputs[-1] = (
            f"Output · {outputs[-1][1].shape[-1]} {cnn.layers[-1]['activation']}",
            outputs[-1][1],
        )
    return activation_views(image, [(name, out[0]) for name, out in outputs])
