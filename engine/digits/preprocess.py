"""Any grayscale digit picture -> the 28x28 input an MNIST model expects, the way MNIST was made.

MNIST digits were cropped to their ink, scaled (antialiased) so the longer side is 20 px, and
placed in 28x28 with the centre of mass on the centre. `to_mnist` repeats exactly that, for the
canvas, the CLI and image files alike, so a digit drawn anywhere, at any size and with any pen,
looks like what the network was trained on. All resampling is separable linear maps (two small
matrix products per pass), which also gives sub-pixel placement for free; no Qt, no loops
over pixels.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from engine.messages import Text
from engine.models.numpy.blas import matmul_small

SIZE = 28  # MNIST image side
BOX = 20  # the longer side of the digit's ink box in MNIST
# Where the centre of mass goes, in pixel indices. MNIST's digits sit at 14.00 +- 0.29 (their
# integer shifts aimed at index 14 = size / 2); the geometric centre is 13.5. A quarter pixel
# from each, so the digit is centred within 0.25 px by either convention.
CENTRE = 13.75
INK_LEVEL = 0.2  # fraction of the peak ink that counts for the bounding box (ignores haze)
MIN_CONTRAST = 0.08  # peak ink below this (on a 0..1 scale) is nothing drawn
STRAY_MASS = 0.002  # ink beyond the bounding box, per side, that may be ignored (specks)
# Stroke width normalisation works on an intermediate image with the digit's box at 2x MNIST.
_MID_BOX, _MID_SIZE = 2 * BOX, 2 * SIZE + 8
# Stroke width of MNIST digits on that 2x scale, measured with `stroke_width` on 3,000
# training digits: median 5.0 px, 10th percentile 3.6. Thinner strokes are dilated towards the
# median (a 4 px pen on a full-canvas digit would be 0.3 px wide at 28x28). Thick strokes are
# left alone: eroding them cost accuracy in bench/bench_digits.py (98.4 % instead of 100 % for
# a broad pen on small digits, with the previous shipped model), since erosion can close a
# loop's hole or cut a thin join.
MNIST_STROKE = 5.0
THIN_STROKE = 3.6


class ImageFileError(ValueError):
    """An image file could not be read; the message names the file."""


# ----- public API --------------------------------------------------------------------------
def to_mnist(image: np.ndarray, *, normalise_stroke: bool = True) -> np.ndarray | None:
    """float32 (28, 28) in [0, 1], white ink on black as in MNIST; None when nothing is drawn.

    ``image``: (H, W) gray, (H, W, 3) RGB or (H, W, 4) RGBA; uint8, bool or float in [0, 1].
    Polarity (dark ink on light paper or the reverse) is read from the border.
    """
    ink = ink_map(image)
    if ink is None:
        return None
    if normalise_stroke:
        ink = _normalise_stroke(ink)
    return fit_box(ink)


def ink_map(image: np.ndarray) -> np.ndarray | None:
    """Ink as float32 in [0, 1] (1 = the strongest ink) or None if the image is blank."""
    gray = to_gray(image)
    if gray.size == 0:
        return None
    border = np.concatenate([gray[0], gray[-1], gray[1:-1, 0], gray[1:-1, -1]])
    paper = float(np.median(border))
    ink = (paper - gray) if paper > 0.5 else (gray - paper)
    peak = float(ink.max())
    if peak < MIN_CONTRAST:
        return None
    ink = np.clip(ink / peak, 0.0, 1.0)
    ink[ink < INK_LEVEL * 0.5] = 0.0  # paper texture, JPEG ringing and noise are not ink
    return ink.astype(np.float32, copy=False)


def to_gray(image: np.ndarray) -> np.ndarray:
    """(H, W) float32 in [0, 1] from gray, RGB or RGBA of any numeric dtype."""
    a = np.asarray(image)
    if a.ndim == 3 and a.shape[2] == 1:
        a = a[:, :, 0]
    if a.ndim not in (2, 3) or (a.ndim == 3 and a.shape[2] not in (3, 4)):
        raise ValueError(
            Text("expected a 2-D gray or an RGB(A) image, got shape {shape}", shape=a.shape)
        )
    if a.dtype == np.bool_:
        a = a.astype(np.float32)
    elif a.dtype.kind in "ui":
        a = a.astype(np.float32) / float(np.iinfo(a.dtype).max)
    else:
        a = np.nan_to_num(a.astype(np.float32), nan=0.0, posinf=1.0, neginf=0.0)
        a = np.clip(a, 0.0, 1.0)
    if a.ndim == 2:
        return a
    luma = a[:, :, :3] @ np.array([0.299, 0.587, 0.114], np.float32)
    if a.shape[2] == 3:
        return luma
    alpha = a[:, :, 3]
    if float(alpha.min()) > 0.99:
        return luma
    # Transparent background: put the opaque part on paper of the opposite shade to its ink.
    ink_shade = float((luma * alpha).sum() / max(float(alpha.sum()), 1e-6))
    paper = 1.0 if ink_shade < 0.5 else 0.0
    return luma * alpha + paper * (1.0 - alpha)


def fit_box(ink: np.ndarray, *, box: int = BOX, size: int = SIZE, centre: float | None = None):
    """Scale the ink's bounding box so its longer side is ``box`` px, in a ``size`` image, with
    the centre of mass at ``centre`` (default: MNIST's place). Never clips the digit: the shift
    towards the centre of mass is limited so the whole box stays inside. None if no ink."""
    bbox = ink_bbox(ink)
    if bbox is None:
        return None
    (r0, r1), (c0, c1) = bbox
    scale = box / max(r1 - r0, c1 - c0)
    ink = np.where(ink >= INK_LEVEL * 0.5, ink, 0.0).astype(np.float32)
    com = _centre_of_mass(ink)
    target = (size / 2.0 + (CENTRE - SIZE / 2) * size / SIZE) if centre is None else centre
    place = []  # input coordinate -> output coordinate: out = (in - lo) * scale + offset
    for (lo, hi), c in zip(bbox, com, strict=True):
        # Pixel centres: output index j sits at j + 0.5, so index `target` is target + 0.5.
        offset = (target + 0.5) - (c + 0.5 - lo) * scale
        extent = (hi - lo) * scale
        offset = float(np.clip(offset, 0.0, size - extent))  # keep the whole box inside
        place.append((lo, offset))
    rows = _resample_matrix(ink.shape[0], scale, *place[0], size)
    cols = _resample_matrix(ink.shape[1], scale, *place[1], size)
    out = matmul_small(matmul_small(rows, ink), cols.T)
    return np.clip(out, 0.0, 1.0).astype(np.float32)


def ink_bbox(ink: np.ndarray) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """((top, bottom), (left, right)), half-open, of the ink above INK_LEVEL, ignoring specks
    that hold under STRAY_MASS of the ink beyond each side; None if no ink."""
    mask = ink >= INK_LEVEL
    if not mask.any():
        return None
    weight = np.where(mask, ink, 0.0)
    spans = []
    for profile in (weight.sum(axis=1), weight.sum(axis=0)):
        cum = np.cumsum(profile) / profile.sum()
        lo = int(np.searchsorted(cum, STRAY_MASS, side="right"))
        hi = int(np.searchsorted(cum, 1.0 - STRAY_MASS, side="left")) + 1
        nz = np.flatnonzero(profile)
        lo, hi = max(lo, int(nz[0])), min(hi, int(nz[-1]) + 1)
        spans.append((lo, max(hi, lo + 1)))
    return spans[0], spans[1]


def stroke_width(ink: np.ndarray) -> float:
    """Mean stroke width in pixels: twice the ink area over the outline length (a stroke of
    length L and width w has area wL and outline ~2L); 4/pi corrects city-block edges."""
    mask = ink >= 0.5
    area = float(mask.sum())
    edges = np.count_nonzero(mask[1:] != mask[:-1]) + np.count_nonzero(mask[:, 1:] != mask[:, :-1])
    edges += int(mask[0].sum() + mask[-1].sum() + mask[:, 0].sum() + mask[:, -1].sum())
    return 0.0 if edges == 0 else 2.0 * area / (edges / (4.0 / np.pi))


MAX_IMAGE_PIXELS = (
    30_000_000  # a phone photo of a digit is 12 MP; past this, refuse from the header
)
WORK_SIZE = 2048  # bigger images are reduced to this before the ink is looked for


def load_image_file(path: str | Path) -> np.ndarray:
    """A PNG/JPG/... file as float32 gray (H, W) in [0, 1], or ImageFileError naming it."""
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError:  # pragma: no cover - Pillow is a dependency
        raise ImageFileError(
            Text("{path}: reading images needs Pillow (pip install Pillow)", path=path)
        ) from None
    path = Path(path)
    too_big = Text(
        "{path}: the image is larger than {mp} megapixels; "
        "scale it down and try again (a digit needs only {size}×{size} pixels)",
        path=path,
        mp=MAX_IMAGE_PIXELS // 1_000_000,
        size=SIZE,
    )
    try:
        with warnings.catch_warnings():  # Pillow's bomb warning would print two lines
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:  # reads the header only
                if img.format == "JPEG" and max(img.size) > WORK_SIZE:
                    img.draft(None, (WORK_SIZE, WORK_SIZE))  # decode at 1/2…1/8 scale
                w, h = img.size
                if w * h > MAX_IMAGE_PIXELS:
                    raise ImageFileError(
                        Text(
                            "{path}: the image is {w}×{h} pixels, over {mp} megapixels; "
                            "scale it down and try again (a digit needs only {size}×{size} pixels)",
                            path=path,
                            w=w,
                            h=h,
                            mp=MAX_IMAGE_PIXELS // 1_000_000,
                            size=SIZE,
                        )
                    )
                img.load()
                if max(img.size) > WORK_SIZE:  # the ink is found and boxed just as well
                    img.thumbnail((WORK_SIZE, WORK_SIZE))
                mode = "RGBA" if ("A" in img.getbands() or "transparency" in img.info) else "L"
                data = np.asarray(img.convert(mode))
    except ImageFileError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageFileError(too_big) from None
    except FileNotFoundError:
        raise ImageFileError(Text("{path}: no such file", path=path)) from None
    except IsADirectoryError:
        raise ImageFileError(Text("{path}: is a folder, not an image", path=path)) from None
    except UnidentifiedImageError:
        raise ImageFileError(
            Text("{path}: not an image file (PNG, JPG, BMP, GIF...)", path=path)
        ) from None
    except (OSError, ValueError, SyntaxError) as exc:  # truncated or corrupt image data
        raise ImageFileError(
            Text("{path}: unreadable image ({problem})", path=path, problem=exc)
        ) from None
    if data.size == 0:
        raise ImageFileError(Text("{path}: the image is empty", path=path))
    return to_gray(data)


# ----- internals ---------------------------------------------------------------------------
def _centre_of_mass(ink: np.ndarray) -> tuple[float, float]:
    total = float(ink.sum())
    rows = ink.sum(axis=1) @ np.arange(ink.shape[0], dtype=np.float64)
    cols = ink.sum(axis=0) @ np.arange(ink.shape[1], dtype=np.float64)
    return float(rows / total), float(cols / total)


def _resample_matrix(n_in: int, scale: float, lo: float, offset: float, n_out: int):
    """(n_out, n_in) linear map with out = (in - lo) * scale + offset in edge coordinates.

    Downscaling averages each output pixel's footprint (a box filter: exact area averaging,
    as antialiased as it gets without blurring more than MNIST does); upscaling interpolates
    linearly. Ink outside the input is 0, so nothing wraps or smears at the edges.
    """
    centres = (np.arange(n_out) + 0.5 - offset) / scale + lo  # output centres, input coords
    edges = np.arange(n_in + 1, dtype=np.float64)  # input pixel i spans [i, i + 1)
    if scale <= 1.0:
        half = 0.5 / scale
        left = np.clip(centres[:, None] - half, edges[None, :-1], edges[None, 1:])
        right = np.clip(centres[:, None] + half, edges[None, :-1], edges[None, 1:])
        weights = (right - left) * scale
    else:
        weights = np.maximum(0.0, 1.0 - np.abs(centres[:, None] - (edges[None, :-1] + 0.5)))
    return weights.astype(np.float32)


def _normalise_stroke(ink: np.ndarray) -> np.ndarray:
    """Thicken pen strokes far thinner than MNIST's towards its width.

    Works on the digit scaled to 2x MNIST (a 40 px box), where MNIST strokes are ~5 px, with a
    grey dilation (max over a disc). Any other digit is returned unchanged.
    """
    mid = fit_box(ink, box=_MID_BOX, size=_MID_SIZE, centre=_MID_SIZE / 2 - 0.5)
    if mid is None or float(mid.max()) <= 0:
        return ink
    mid = np.clip(mid / float(mid.max()), 0.0, 1.0)  # thin strokes fade when averaged
    width = stroke_width(mid)
    if width >= THIN_STROKE:
        return ink  # MNIST-like already: resample once, from the original
    return _dilate(mid, (MNIST_STROKE - width) / 2.0)


def _dilate(img: np.ndarray, radius: float) -> np.ndarray:
    """Grey dilation by a disc of ``radius`` px (max over the disc's offsets)."""
    r = int(min(round(radius), 6))
    if r <= 0:
        return img
    padded = np.pad(img, r)
    out = img.copy()
    h, w = img.shape
    for dy in range(-r, r + 1):  # a loop over the disc's offsets, not over pixels
        for dx in range(-r, r + 1):
            if dy * dy + dx * dx <= r * r + r and (dy or dx):
                np.maximum(out, padded[r + dy : r + dy + h, r + dx : r + dx + w], out=out)
    return out
