"""Training-time variety for the shipped digit CNN (tools/train_digit_model.py): batched NumPy
augmentations of MNIST training digits, so that digits written by other hands, with a mouse or
a finger, look like something the network has seen.

Every function works on a whole batch at once (no Python loop over images) and takes its
randomness from the ``rng`` it is given, so a seed gives the same digits every time:

* `warp`: an affine map (rotation, scale, aspect, slant) plus an optional smooth displacement
  field (`elastic_field`, Simard et al. 2003's elastic distortion), sampled bilinearly, at any
  zoom;
* `canvas_strokes`: crisp, antialiased pen edges at a random threshold, then thicker
  (dilation) or thinner (erosion) strokes;
* `break_strokes`: small discs of the stroke erased, as when the pen lifts for a moment;
* `fit_box_batch`: the app's own MNIST normalisation (engine.digits.preprocess.fit_box) for a
  batch, so training digits are boxed and centred exactly as the canvas and `predict` are.
"""

from __future__ import annotations

import numpy as np

from engine.digits.preprocess import BOX, CENTRE, SIZE

ZOOM = 2  # the strokes are made at 2x MNIST, where a pen step is half an MNIST pixel
HI = 60  # that canvas: 2x MNIST with a 1 px (MNIST) margin on each side


# ----- geometry ----------------------------------------------------------------------------
def affine_matrices(angle_deg, scale=1.0, aspect=1.0, slant=0.0) -> np.ndarray:
    """(B, 2, 2) forward maps on (x, y) with y down: rotate by ``angle_deg`` (anticlockwise on
    the screen) after slanting (x moves right by ``slant`` per pixel going up) and scaling x by
    scale * aspect and y by scale / aspect."""
    angle = np.deg2rad(np.atleast_1d(np.asarray(angle_deg, np.float64)))
    b = len(angle)
    scale, aspect, slant = (
        np.broadcast_to(np.asarray(v, np.float64), (b,)) for v in (scale, aspect, slant)
    )
    sx, sy = scale * aspect, scale / aspect
    cos, sin = np.cos(angle), np.sin(angle)
    # y points down, so an anticlockwise turn on the screen is a clockwise one in (x, y).
    rot = np.stack([np.stack([cos, sin], -1), np.stack([-sin, cos], -1)], -2)
    shear = np.zeros((b, 2, 2))
    shear[:, 0, 0], shear[:, 0, 1], shear[:, 1, 1] = sx, -slant * sy, sy
    return rot @ shear


def random_affines(b: int, rng: np.random.Generator) -> np.ndarray:
    """Small random maps: rotation +-15 degrees, scale 0.85-1.15, aspect +-15 %, slant +-0.35."""
    return affine_matrices(
        rng.uniform(-15, 15, b),
        rng.uniform(0.85, 1.15, b),
        np.exp(rng.uniform(-0.15, 0.15, b)),
        rng.uniform(-0.35, 0.35, b),
    )


def elastic_field(
    b: int, size: int, rng: np.random.Generator, alpha, sigma: float, coarse: int = 4
) -> np.ndarray:
    """(B, size, size, 2) smooth random displacements (x, y) in pixels of the output grid:
    white noise on a grid ``coarse`` times sparser, blurred by a Gaussian of ``sigma`` px onto
    the full grid (cheap: the blur is far wider than the sparse spacing), scaled so its RMS
    length is ``alpha`` (one value or one per image). alpha 0 is no displacement at all."""
    alpha = np.broadcast_to(np.asarray(alpha, np.float64), (b,))
    knots = np.arange(0, size, coarse) + (coarse - 1) / 2
    d = np.arange(size)[:, None] - knots[None, :]
    g = np.exp(-0.5 * (d / sigma) ** 2).astype(np.float32)  # (size, knots)
    noise = rng.standard_normal((b, 2, len(knots), len(knots)), dtype=np.float32)
    smooth = g @ noise @ g.T
    rms = np.sqrt((smooth**2).sum(axis=1).mean(axis=(1, 2)))
    smooth *= (alpha / np.maximum(rms, 1e-12)).astype(np.float32)[:, None, None, None]
    return np.moveaxis(smooth, 1, -1)


def warp(
    x: np.ndarray,
    forward: np.ndarray,
    field: np.ndarray | None = None,
    size: int | None = None,
    zoom: float = 1.0,
) -> np.ndarray:
    """Images (B, n, n) moved by ``forward`` (B, 2, 2) about their centres, then displaced by
    ``field`` (B, size, size, 2) in input pixels, sampled bilinearly into (B, size, size) at
    ``zoom`` output pixels per input pixel (default size: n * zoom). Outside is 0."""
    x = np.asarray(x, np.float32)
    b, n = len(x), x.shape[1]
    size = int(round(n * zoom)) if size is None else size
    inv = np.linalg.inv(forward).astype(np.float32)[:, :, :, None, None]
    grid = (np.arange(size, dtype=np.float32) + 0.5) / zoom - size / (2 * zoom)
    gx, gy = np.meshgrid(grid, grid)  # output pixel centres, from the centre, in input px
    centre = np.float32(n / 2 - 0.5 + 1)  # input index of the centre, +1 for the padding
    px = inv[:, 0, 0] * gx + inv[:, 0, 1] * gy + centre
    py = inv[:, 1, 0] * gx + inv[:, 1, 1] * gy + centre
    if field is not None:
        px = px + field[..., 0]
        py = py + field[..., 1]
    px = np.clip(px, 0, n + 1.999)
    py = np.clip(py, 0, n + 1.999)
    w = n + 3
    flat = np.pad(x, ((0, 0), (1, 2), (1, 2))).ravel()  # zeros around
    x0, y0 = np.floor(px), np.floor(py)
    fx, fy = px - x0, py - y0
    base = (np.arange(b, dtype=np.int32) * w * w)[:, None, None]
    idx = base + y0.astype(np.int32) * w + x0.astype(np.int32)
    top = flat.take(idx) * (1 - fx) + flat.take(idx + 1) * fx
    bottom = flat.take(idx + w) * (1 - fx) + flat.take(idx + w + 1) * fx
    return (top * (1 - fy) + bottom * fy).astype(np.float32)


# ----- strokes -----------------------------------------------------------------------------
_CROSS = [(-1, 0), (1, 0), (0, -1), (0, 1)]
_SQUARE = _CROSS + [(-1, -1), (-1, 1), (1, -1), (1, 1)]


def _shifted(v: np.ndarray, op, offsets) -> np.ndarray:
    h, w = v.shape[1:]
    p = np.pad(v, ((0, 0), (1, 1), (1, 1)))
    out = v.copy()
    for dy, dx in offsets:
        out = op(out, p[:, 1 + dy : 1 + dy + h, 1 + dx : 1 + dx + w])
    return out


def stroke_width(v: np.ndarray, steps) -> np.ndarray:
    """Thicker (steps > 0: that many one-pixel dilations, cross and square in turn, for a
    round pen) or thinner (steps < 0: erosions) strokes, per image."""
    v = np.array(v, np.float32)
    steps = np.broadcast_to(np.asarray(steps), (len(v),))
    for k in range(1, int(max(steps.max(initial=0), 0)) + 1):
        grow = steps >= k
        v[grow] = _shifted(v[grow], np.maximum, _CROSS if k % 2 else _SQUARE)
    for k in range(1, int(max(-steps.min(initial=0), 0)) + 1):
        thin = steps <= -k
        v[thin] = _shifted(v[thin], np.minimum, _CROSS if k % 2 else _SQUARE)
    return v


def canvas_strokes(v: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Make gray digits look drawn with a pen: crisp edges at a random level (0.3-0.75), then
    -1 to +4 width steps (mostly thicker: canvas pens are broad at 2x MNIST)."""
    level = rng.uniform(0.3, 0.75, (len(v), 1, 1)).astype(np.float32)
    v = np.clip((v - level) * 4.0 + 0.5, 0.0, 1.0)
    return stroke_width(v, rng.choice([-1, 0, 0, 1, 1, 2, 3, 4], size=len(v)))


def mean_stroke_width(v: np.ndarray) -> np.ndarray:
    """(B,) stroke widths in pixels: twice the ink area over the outline length, as
    engine.digits.preprocess.stroke_width measures one image."""
    mask = v >= 0.5
    area = mask.sum(axis=(1, 2))
    edges = np.count_nonzero(mask[:, 1:] != mask[:, :-1], axis=(1, 2))
    edges = edges + np.count_nonzero(mask[:, :, 1:] != mask[:, :, :-1], axis=(1, 2))
    return 2.0 * area / np.maximum(edges / (4.0 / np.pi), 1.0)


def break_strokes(
    v: np.ndarray, rng: np.random.Generator, patches: int = 2, size=(1.2, 2.2)
) -> np.ndarray:
    """Erase 1..``patches`` discs centred on random ink pixels, each ``size`` times the
    digit's stroke width across (so it cuts the stroke), with a soft 1 px edge: broken
    strokes, as when a pen skips or lifts. Ink is only ever removed."""
    b, h, w = v.shape
    out = np.array(v, np.float32)
    yy = np.arange(h, dtype=np.float32)[None, :, None]
    xx = np.arange(w, dtype=np.float32)[None, None, :]
    radius = (mean_stroke_width(out) * rng.uniform(*size, b) / 2).astype(np.float32)
    count = rng.integers(1, patches + 1, b)
    for k in range(patches):
        ink = (out >= 0.5).reshape(b, -1)
        keys = rng.random(ink.shape, dtype=np.float32) * ink  # a random ink pixel per image
        at = keys.argmax(axis=1)
        cy, cx = (at // w).astype(np.float32), (at % w).astype(np.float32)
        dist = np.sqrt((yy - cy[:, None, None]) ** 2 + (xx - cx[:, None, None]) ** 2)
        keep = np.clip(dist - radius[:, None, None] + 0.5, 0.0, 1.0)
        use = (count > k) & ink.any(axis=1)
        out[use] *= keep[use]
    return out


# ----- the app's normalisation, batched ----------------------------------------------------
def _box_matrices(scale, lo, offset, n_in: int) -> np.ndarray:
    """Batched version of preprocess._resample_matrix (the box filter): (B, 28, n_in)."""
    centres = (np.arange(SIZE)[None, :] + 0.5 - offset[:, None]) / scale[:, None] + lo[:, None]
    edges = np.arange(n_in + 1, dtype=np.float64)
    half = (0.5 / scale)[:, None, None]
    left = np.clip(centres[:, :, None] - half, edges[:-1], edges[1:])
    right = np.clip(centres[:, :, None] + half, edges[:-1], edges[1:])
    return ((right - left) * scale[:, None, None]).astype(np.float32)


def fit_box_batch(v: np.ndarray) -> np.ndarray:
    """What engine.digits.preprocess.fit_box does, for a batch: ink box -> 20 px, centre of
    mass at MNIST's centre, shifts limited so nothing is clipped. (B, 28, 28, 1) float32."""
    n = v.shape[1]
    v = v / np.maximum(v.max(axis=(1, 2), keepdims=True), 1e-6)
    v = np.where(v >= 0.1, v, 0.0).astype(np.float32)
    mask = v >= 0.2
    spans, coms = [], []
    for axis in (2, 1):  # rows, then columns
        any_ = mask.any(axis=axis)
        lo = any_.argmax(axis=1)
        hi = n - any_[:, ::-1].argmax(axis=1)
        profile = v.sum(axis=axis)
        coms.append((profile @ np.arange(n)) / np.maximum(profile.sum(axis=1), 1e-6))
        spans.append((lo.astype(np.float64), hi.astype(np.float64)))
    scale = BOX / np.maximum(spans[0][1] - spans[0][0], spans[1][1] - spans[1][0])
    mats = []
    for (lo, hi), com in zip(spans, coms, strict=True):
        offset = (CENTRE + 0.5) - (com + 0.5 - lo) * scale
        offset = np.clip(offset, 0.0, SIZE - (hi - lo) * scale)
        mats.append(_box_matrices(scale, lo, offset, n))
    out = mats[0] @ v @ mats[1].transpose(0, 2, 1)
    return np.clip(out, 0.0, 1.0)[:, :, :, None].astype(np.float32)


# ----- the training pipeline ---------------------------------------------------------------
ELASTIC_SHARE = 0.5  # digits that get an elastic distortion
ELASTIC_ALPHA = (0.5, 2.5)  # its RMS displacement, 2x pixels (0.25-1.25 MNIST px)
ELASTIC_SIGMA = 8.0  # its smoothness, 2x pixels (4 MNIST px, as in Simard et al.)
DRAWN_SHARE = 0.7  # digits given a pen's crisp strokes and a new width
BROKEN_SHARE = 0.2  # digits with a broken stroke
CLEAN_SHARE = 0.1  # digits left exactly as in MNIST


def augment(x: np.ndarray, rng: np.random.Generator, chunk: int = 500) -> np.ndarray:
    """(n, 28, 28) uint8 MNIST training digits -> (n, 28, 28, 1) float32: each moved by a
    small random affine map (and half of them elastically distorted) at 2x, most given pen
    strokes of a new width, some broken, then normalised as the app normalises a drawing."""
    out = np.empty((len(x), SIZE, SIZE, 1), np.float32)
    for start in range(0, len(x), chunk):
        xb = x[start : start + chunk].astype(np.float32) / 255.0
        b = len(xb)
        elastic = rng.random(b) < ELASTIC_SHARE
        alpha = np.where(elastic, rng.uniform(*ELASTIC_ALPHA, b), 0.0)
        field = elastic_field(b, HI, rng, alpha, ELASTIC_SIGMA)
        v = warp(xb, random_affines(b, rng), field * np.float32(1 / ZOOM), HI, ZOOM)
        drawn = rng.random(b) < DRAWN_SHARE
        v[drawn] = canvas_strokes(v[drawn], rng)
        broken = rng.random(b) < BROKEN_SHARE
        v[broken] = break_strokes(v[broken], rng)
        out[start : start + b] = fit_box_batch(v)
    clean = rng.random(len(x)) < CLEAN_SHARE
    out[clean] = x[clean, :, :, None].astype(np.float32) / 255.0
    return out
