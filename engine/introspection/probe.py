"""What the "Inside the network" views draw, read from a trainer's model in its own thread.

`InsideProbe.maybe(trainer)` is called by the training worker after its snapshots; at most a
few times a second, and never for more than a small share of the training time, it returns
plain data: weight and gradient histograms per layer, gradient sizes, the share of inactive
units, and tile mosaics of the first layer's weights (image MLP) or every conv layer's
filters (CNN), in colour for the first layer of a colour data set. Every engine is read
through the small `ModelReader` its models hand out (`InsideReadable.inside_reader()`:
`engine.models.numpy.reader`, and for Keras `engine.models.keras.introspection`, built in the
thread that owns the Keras model). One image's way through the network is
`engine.introspection.activations`.
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np

from engine.introspection import arithmetic as ix
from engine.models.api import InsideReadable, LayerInfo, ModelReader
from engine.training.trainer import Trainer

PROBE_INTERVAL = 0.2  # s: at most 5 probes a second
PROBE_BUDGET = 0.1  # a probe may take at most this share of the wall time
MAX_WAIT = 3.0  # s: however slow a probe, the views still move
PROBE_EXAMPLES = 128  # training examples the activations (inactive units) are measured on


def reader_for(trainer: Trainer) -> ModelReader | None:
    """The reader of the trainer's model, or None for a model that cannot be looked inside."""
    model = trainer.model
    return model.inside_reader() if isinstance(model, InsideReadable) else None


# ----- the periodic probe --------------------------------------------------------------------
class InsideProbe:
    """Throttled collection of `inside` payloads in the training thread (see module doc)."""

    def __init__(self, interval: float = PROBE_INTERVAL, budget: float = PROBE_BUDGET) -> None:
        self.interval, self.budget = interval, budget
        self.enabled = True  # the worker turns a failing probe off
        self._due = 0.0
        self._step = -1  # the step of the last payload
        self._warm = False
        self._ranges: dict[str, tuple[float, float]] = {}  # fixed weight-histogram ranges

    def maybe(self, trainer: Trainer, *, force: bool = False) -> dict[str, Any] | None:
        """A payload when one is due, or forced after a new step (a paused step), else None."""
        now = time.perf_counter()
        force = force and trainer.step_count != self._step  # a paused step, not a repeat
        if not self.enabled or (not force and now < self._due):
            return None
        self._step = trainer.step_count
        try:
            return self.collect(trainer)
        finally:
            # the first probe builds and traces (Keras) and says little about the next ones
            cost = (time.perf_counter() - now) if self._warm else 0.0
            self._warm = True
            wait = min(max(self.interval, cost / self.budget), MAX_WAIT)
            self._due = time.perf_counter() + wait

    def collect(self, trainer: Trainer) -> dict[str, Any]:
        """Histograms, gradient sizes, inactive units and weight mosaics, as plain data.

        step; layers: names of the weighted layers; weight_hist / grad_hist: float32 (L, bins)
        shares (gradients as log10 |g| over GRAD_LOG_RANGE); weight_range: (L, 2);
        grad_rms / weight_rms: float64 (L,) (NaN where unknown); inactive: [{name, share,
        word}] per hidden layer; weight_views: [{name, image, levels}]; note: why views are
        empty, if they are.
        """
        payload: dict[str, Any] = {
            "step": trainer.step_count,
            "layers": [],
            "weight_views": [],
            "inactive": [],
            "note": "",
        }
        reader = reader_for(trainer)
        if reader is None:
            payload["note"] = "This model cannot be looked inside."
            return payload
        infos, kernels = reader.layers(), reader.kernels()
        n = min(PROBE_EXAMPLES, len(trainer.y_train))
        x, y = trainer.x_train[:n], trainer.y_train[:n]
        grads = reader.gradients(x, y)
        payload["layers"] = [info.name for info in infos]
        payload.update(self._histograms(infos, kernels, grads))
        payload["inactive"] = [
            {
                "name": info.name,
                "share": ix.inactive_share(out, info.activation),
                "word": ix.INACTIVE_WORD.get(info.activation, ""),
            }
            for info, out in reader.outputs(x)[:-1]
            if info.weighted or info.kind == "activation"  # e.g. ReLU after a BatchNorm
        ]
        payload["weight_views"], payload["note"] = weight_views(trainer, infos, kernels)
        return payload

    def _histograms(
        self, infos: list[LayerInfo], kernels: list[np.ndarray], grads: list[np.ndarray] | None
    ) -> dict[str, np.ndarray]:
        ranges = []
        for info, w in zip(infos, kernels, strict=True):
            if info.name not in self._ranges:
                self._ranges[info.name] = ix.weight_range(w)
            lo, hi = self._ranges[info.name]
            times = ix.widen_range(w, lo, hi)
            if times:  # weights outgrew the range: double it (the view re-bins the past)
                self._ranges[info.name] = (lo * 2**times, hi * 2**times)
            ranges.append(self._ranges[info.name])
        count = len(kernels)
        return {
            "weight_hist": np.array(
                [ix.histogram(w, *r) for w, r in zip(kernels, ranges, strict=True)], np.float32
            ).reshape(count, ix.HIST_BINS),
            "weight_range": np.array(ranges, np.float32).reshape(count, 2),
            "weight_rms": np.array([ix.rms(w) for w in kernels]),
            "grad_hist": (
                np.array([ix.log_gradient_histogram(g) for g in grads], np.float32)
                if grads
                else np.zeros((count, ix.HIST_BINS), np.float32)
            ).reshape(count, ix.HIST_BINS),
            "grad_rms": ix.gradient_rms(grads) if grads else np.full(count, math.nan),
        }


COLOUR_WEIGHTS_TIP = (
    "Each tile is one filter's (or unit's) red, green and blue weights as a colour picture, "
    "scaled by its own largest |weight|: mid grey is a weight of 0; where a channel is "
    "brighter than mid grey, the weight on that colour is positive, where darker, negative."
)


def weight_views(
    trainer: Trainer, infos: list[LayerInfo], kernels: list[np.ndarray]
) -> tuple[list[dict[str, Any]], str]:
    """Tile mosaics of what the first layer looks for (image MLP) or of every conv filter.

    The first layer of a colour (h, w, 3) data set is drawn in colour, each tile one filter's
    or unit's red, green and blue weights (`arithmetic.colour_tiles`); such a view carries a
    `tooltip` saying how to read it."""
    shape = tuple(trainer.dataset.input_shape) if trainer.dataset.is_image else ()
    colour = len(shape) == 3 and shape[2] == 3
    views = []
    for index, (info, kernel) in enumerate(zip(infos, kernels, strict=True)):
        if info.kind == "conv":
            rgb = colour and index == 0 and kernel.shape[2] == 3  # reads the pixels' colours
            tiles = ix.conv_filter_tiles(kernel, colour=rgb)
            kh, kw, cin, cout = kernel.shape
            mean = f", mean over {cin} input channels" if cin > 1 and not rgb else ""
            shown = f" (first {len(tiles)})" if len(tiles) < cout else ""
            name = f"{info.name}: {cout} filters {kh}×{kw}{shown}{mean}"
            if rgb:
                name += ", in colour (red, green, blue)"
                mosaic = ix.tile_mosaic(ix.colour_tiles(tiles))
                views.append(image_view(name, mosaic, (0.0, 1.0), COLOUR_WEIGHTS_TIP))
            else:
                views.append(image_view(name, ix.tile_mosaic(ix.scale_each(tiles)), (-1.0, 1.0)))
    if views:
        return views, ""
    pixels = int(np.prod(shape)) if shape else 0
    if pixels and kernels and kernels[0].ndim == 2 and kernels[0].shape[0] == pixels:
        tiles = ix.first_layer_tiles(kernels[0], shape)
        units = kernels[0].shape[1]
        shown = f"the first {len(tiles)} of {units}" if len(tiles) < units else f"all {units}"
        name = f"{infos[0].name}: {shown} units, each tile one unit's {pixels} input weights"
        if tiles.ndim == 4:
            name += f" ({shape[0]}×{shape[1]}, in colour: red, green, blue)"
            mosaic = ix.tile_mosaic(ix.colour_tiles(tiles))
            return [image_view(name, mosaic, (0.0, 1.0), COLOUR_WEIGHTS_TIP)], ""
        return [image_view(name, ix.tile_mosaic(ix.scale_each(tiles)), (-1.0, 1.0))], ""
    return [], (
        "The network graph shows every weight of this network as a line: "
        "blue positive, orange negative, thicker is larger."
    )


def image_view(
    name: str, image: np.ndarray, levels: tuple[float, float], tooltip: str = ""
) -> dict[str, Any]:
    """One picture for the views: {name, image (float32, C-contiguous; (h, w) through a colour
    map, or (h, w, 3) red, green, blue in [0, 1]), levels} and, if given, a tooltip (an English
    source the views translate)."""
    view = {"name": name, "image": np.ascontiguousarray(image, np.float32), "levels": levels}
    if tooltip:
        view["tooltip"] = tooltip
    return view
