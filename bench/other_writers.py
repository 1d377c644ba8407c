"""An "other writers" test set: digits written stroke by stroke, as with a mouse or a finger on
the app's canvas, built from nothing but hand-made stroke skeletons (never from MNIST).

Each digit has several styles, a style being one or more strokes through a few control points
in a unit box (x to the right, y down, height 1), where a doubled point is a sharp corner:
open and closed 4s, 7s with and without a cross bar, 1s with and without a flag and a base,
9s with straight and curved tails, one- and two-stroke 5s, 8s as one figure-eight stroke or as
two loops, and so on (`STYLES`). Every digit then gets its own writer:

* the control points move (Gaussian, 3 % of the height), so no two 4s are the same shape;
* each stroke wobbles along its length (two slow sine waves, up to 2.5 % of the height);
* the whole digit is slanted (shear -0.15 to +0.45), rotated (+-10 degrees), made narrower or
  wider (x0.75 to x1.3), 35-90 % of the canvas high, and put anywhere on it;
* the pen is sampled as a mouse reports it: one point every 3-14 px (the writer's speed),
  +-0.7 px of hand tremor, and mostly whole-pixel positions;
* one digit in five has a broken stroke: a gap of 4-12 % of one stroke's length (the pen
  lifted or the mouse button slipped);
* the pen is the canvas's default 18 px half the time, else 8-32 px (the slider's whole
  pixels; it runs 4-40).

The points are then drawn exactly as `gui/digits/canvas.py` draws them, in NumPy: the same
smoothed path (quadratic curves through the midpoints of the samples), a round-capped pen of
the chosen width with an antialiased edge, black ink on white 280x280 paper. A test compares a
stroke drawn here with the same mouse points drawn on the real Qt canvas.

Those are the figures of the TIDY hand; the ROUGH hand, a stress test, writes the same
skeletons with twice the jitter and wobble, more slant and rotation, a faster mouse and most
digits broken (`ROUGH`).

It is still a generated set: one programmer's idea of how people write, not real users.
Everything is NumPy and deterministic for a given seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CANVAS = 280
PAPER, INK = 255, 0  # as gui/digits/canvas.py paints
DEFAULT_PEN = 18.0  # the canvas's default pen width
PEN_RANGE = (8, 32)  # other (whole) pen widths people pick: the slider runs 4-40
HEIGHT_RANGE = (0.35, 0.9)  # digit height as a fraction of the canvas
ASPECT_RANGE = (0.75, 1.3)


@dataclass(frozen=True)
class Hand:
    """How freely the writers write (the module docstring gives TIDY's figures)."""

    slant: tuple[float, float] = (-0.15, 0.45)  # x shift per unit of height going up
    rotation_deg: float = 10.0
    point_jitter: float = 0.03  # control-point movement, fraction of the digit's height
    wobble: float = 0.025  # largest wobble along a stroke, fraction of the height
    speed: tuple[float, float] = (3.0, 14.0)  # canvas px between two mouse samples
    tremor: float = 0.7  # px
    gap_probability: float = 0.2
    gap: tuple[float, float] = (0.04, 0.12)  # fraction of the stroke's length


TIDY = Hand()
# A harsher stress test: twice the shape jitter and wobble, more slant and rotation, a fast
# mouse (sparser samples, so curves turn into corners) and most digits broken somewhere.
ROUGH = Hand(
    slant=(-0.3, 0.6),
    rotation_deg=20.0,
    point_jitter=0.06,
    wobble=0.05,
    speed=(6.0, 25.0),
    tremor=1.5,
    gap_probability=0.6,
    gap=(0.06, 0.2),
)
MARGIN = 6  # px of paper kept free around the ink

C = None  # in a control-point list, repeats the previous point: a sharp corner


def _s(*pts) -> list[tuple[float, float]]:
    """A stroke's control points; C doubles the previous point (a corner)."""
    out: list[tuple[float, float]] = []
    for p in pts:
        out.append(out[-1] if p is C else p)
    return out


def _ellipse(cx, cy, rx, ry, start_deg, sweep_deg, n=10) -> list[tuple[float, float]]:
    """Points on an ellipse from ``start_deg`` (0 = right, 90 = top) turning by ``sweep_deg``
    (positive = counter-clockwise on the screen)."""
    a = np.deg2rad(start_deg + sweep_deg * np.linspace(0.0, 1.0, n))
    return [(float(cx + rx * np.cos(t)), float(cy - ry * np.sin(t))) for t in a]


# Per digit, the styles; per style, its strokes in writing order.
STYLES: dict[int, list[list[list[tuple[float, float]]]]] = {
    0: [
        [_ellipse(0.3, 0.5, 0.28, 0.5, 90, 370, 14)],  # from the top, anticlockwise, overlap
        [_ellipse(0.3, 0.5, 0.3, 0.5, 100, -350, 14)],  # clockwise, not quite closed
        [_ellipse(0.22, 0.5, 0.2, 0.5, 80, 360, 14)],  # narrow
    ],
    1: [
        [_s((0.3, 0.0), (0.3, 1.0))],  # a plain bar
        [_s((0.05, 0.22), (0.3, 0.0), C, (0.3, 1.0))],  # with a flag
        [_s((0.05, 0.22), (0.3, 0.0), C, (0.3, 1.0)), _s((0.02, 1.0), (0.58, 1.0))],  # and base
        [_s((0.4, 0.0), (0.2, 1.0))],  # leaning
    ],
    2: [
        [_s((0.05, 0.25), (0.28, 0.0), (0.52, 0.18), (0.45, 0.45), (0.0, 1.0), C, (0.62, 1.0))],
        [  # a loop at the bottom
            _s(
                (0.05, 0.2),
                (0.3, 0.0),
                (0.55, 0.2),
                (0.35, 0.6),
                (0.05, 0.95),
                (0.12, 0.8),
                (0.25, 0.95),
                (0.62, 1.0),
            )
        ],
        [_s((0.02, 0.12), (0.3, 0.0), (0.55, 0.15), (0.5, 0.35), (0.02, 1.0), C, (0.6, 0.97))],
    ],
    3: [
        [  # two bumps
            _s(
                (0.05, 0.12),
                (0.3, 0.0),
                (0.55, 0.17),
                (0.45, 0.38),
                (0.22, 0.48),
                C,
                (0.5, 0.58),
                (0.57, 0.82),
                (0.3, 1.0),
                (0.02, 0.88),
            )
        ],
        [  # a flat top
            _s(
                (0.05, 0.0),
                (0.58, 0.0),
                C,
                (0.25, 0.4),
                C,
                (0.52, 0.55),
                (0.55, 0.85),
                (0.3, 1.0),
                (0.0, 0.88),
            )
        ],
        [  # a round top, smooth middle
            _s(
                (0.0, 0.2),
                (0.25, 0.0),
                (0.52, 0.12),
                (0.5, 0.35),
                (0.28, 0.48),
                (0.55, 0.62),
                (0.52, 0.9),
                (0.25, 1.0),
                (0.0, 0.85),
            )
        ],
    ],
    4: [
        [_s((0.12, 0.0), (0.03, 0.62), C, (0.65, 0.62)), _s((0.48, 0.2), (0.48, 1.0))],  # open
        [_s((0.45, 0.0), (0.0, 0.66), C, (0.65, 0.66)), _s((0.45, 0.0), (0.45, 1.0))],  # closed
        [_s((0.45, 1.0), (0.45, 0.0), C, (0.0, 0.66), C, (0.65, 0.66))],  # closed, one stroke
        [_s((0.1, 0.0), (0.05, 0.55), C, (0.6, 0.55)), _s((0.5, 0.0), (0.48, 1.0))],  # tall bar
    ],
    5: [
        [  # belly first, bar last
            _s(
                (0.1, 0.0),
                (0.06, 0.45),
                C,
                (0.3, 0.38),
                (0.55, 0.55),
                (0.55, 0.82),
                (0.3, 1.0),
                (0.02, 0.9),
            ),
            _s((0.1, 0.0), (0.58, 0.0)),
        ],
        [  # one stroke from the top right
            _s(
                (0.58, 0.0),
                (0.1, 0.0),
                C,
                (0.05, 0.45),
                C,
                (0.32, 0.38),
                (0.56, 0.58),
                (0.52, 0.88),
                (0.25, 1.0),
                (0.0, 0.88),
            )
        ],
    ],
    6: [
        [
            _s(
                (0.5, 0.02),
                (0.22, 0.2),
                (0.05, 0.55),
                (0.12, 0.88),
                (0.32, 1.0),
                (0.53, 0.85),
                (0.5, 0.6),
                (0.3, 0.52),
                (0.07, 0.68),
            )
        ],
        [  # a straight stem
            _s(
                (0.45, 0.0),
                (0.06, 0.66),
                (0.12, 0.93),
                (0.33, 1.0),
                (0.55, 0.83),
                (0.45, 0.58),
                (0.2, 0.58),
                (0.07, 0.7),
            )
        ],
    ],
    7: [
        [_s((0.0, 0.02), (0.62, 0.0), C, (0.2, 1.0))],
        [_s((0.0, 0.02), (0.62, 0.0), C, (0.22, 1.0)), _s((0.16, 0.52), (0.55, 0.5))],  # crossed
        [_s((0.0, 0.18), (0.02, 0.0), C, (0.62, 0.02), C, (0.4, 0.45), (0.3, 1.0))],  # a tick
    ],
    8: [
        [  # one stroke: an S, then back up
            _s(
                (0.52, 0.12),
                (0.3, 0.0),
                (0.07, 0.12),
                (0.12, 0.33),
                (0.3, 0.48),
                (0.52, 0.65),
                (0.55, 0.88),
                (0.3, 1.0),
                (0.05, 0.88),
                (0.08, 0.65),
                (0.3, 0.48),
                (0.5, 0.3),
                (0.5, 0.1),
            )
        ],
        [  # two loops
            _ellipse(0.3, 0.24, 0.2, 0.24, 90, 370, 12),
            _ellipse(0.3, 0.73, 0.27, 0.27, 90, 370, 12),
        ],
    ],
    9: [
        [  # a loop and a straight tail, one stroke
            _s(
                (0.55, 0.15),
                (0.3, 0.0),
                (0.05, 0.18),
                (0.12, 0.42),
                (0.35, 0.46),
                (0.56, 0.3),
                (0.57, 0.05),
                C,
                (0.52, 1.0),
            )
        ],
        [  # a curved tail
            _s(
                (0.55, 0.15),
                (0.3, 0.0),
                (0.05, 0.18),
                (0.12, 0.42),
                (0.35, 0.46),
                (0.56, 0.3),
                (0.57, 0.05),
                C,
                (0.55, 0.55),
                (0.45, 0.88),
                (0.22, 1.0),
            )
        ],
        [  # a circle, then the tail as its own stroke
            _ellipse(0.28, 0.23, 0.25, 0.23, 0, 370, 12),
            _s((0.55, 0.05), (0.5, 1.0)),
        ],
    ],
}


# ----- geometry ----------------------------------------------------------------------------
def _catmull_rom(points: np.ndarray, per_span: int = 24) -> np.ndarray:
    """A smooth curve through the control points (k, 2); a doubled point makes a corner."""
    if len(points) < 2:
        return points.copy()
    p = np.vstack([points[:1], points, points[-1:]])
    t = np.linspace(0.0, 1.0, per_span, endpoint=False)[:, None]
    pieces = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        pieces.append(
            0.5
            * (
                2 * p1
                + (-p0 + p2) * t
                + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3
            )
        )
    pieces.append(p[-2:-1])
    return np.vstack(pieces)


def _arc_length(line: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(line, axis=0).T))])


def _resample(line: np.ndarray, positions: np.ndarray) -> np.ndarray:
    s = _arc_length(line)
    return np.stack([np.interp(positions, s, line[:, 0]), np.interp(positions, s, line[:, 1])], 1)


# ----- one writer --------------------------------------------------------------------------
def write_digit(
    digit: int, rng: np.random.Generator, style: int | None = None, hand: Hand = TIDY
) -> tuple[list[np.ndarray], float]:
    """The mouse samples of one written ``digit`` as canvas strokes ((k, 2) arrays of x, y in
    canvas pixels) and the pen width: a random style and writer (module docstring)."""
    styles = STYLES[digit]
    chosen = styles[int(rng.integers(len(styles)))] if style is None else styles[style]
    # Control points move; a doubled point (a corner) moves as one.
    curves = []
    for stroke in chosen:
        pts = np.asarray(stroke, np.float64)
        same = np.concatenate([[False], np.all(pts[1:] == pts[:-1], axis=1)])
        moves = rng.normal(0.0, hand.point_jitter, pts.shape)
        for i in np.flatnonzero(same):
            moves[i] = moves[i - 1]
        curve = _catmull_rom(pts + moves)
        s = _arc_length(curve)
        u = s / max(s[-1], 1e-9)
        for axis in (0, 1):  # a slow wobble along the stroke
            for _ in range(2):
                amp = rng.uniform(0.0, hand.wobble / 2)
                curve[:, axis] += amp * np.sin(
                    2 * np.pi * rng.uniform(0.5, 2.0) * u + rng.uniform(0, 2 * np.pi)
                )
        curves.append(curve)
    # The writer's slant, rotation and proportions, about the digit's centre.
    allpts = np.vstack(curves)
    centre = (allpts.min(axis=0) + allpts.max(axis=0)) / 2
    slant = rng.uniform(*hand.slant)
    angle = np.deg2rad(rng.uniform(-hand.rotation_deg, hand.rotation_deg))
    aspect = rng.uniform(*ASPECT_RANGE)
    shear = np.array([[aspect, -slant], [0.0, 1.0]])  # y down: going up moves right
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    m = rot @ shear
    curves = [(c - centre) @ m.T for c in curves]
    # Size and place on the canvas.
    allpts = np.vstack(curves)
    lo, hi = allpts.min(axis=0), allpts.max(axis=0)
    pen = DEFAULT_PEN if rng.random() < 0.5 else float(rng.integers(PEN_RANGE[0], PEN_RANGE[1] + 1))
    room = CANVAS - 2 * MARGIN - pen
    scale = rng.uniform(*HEIGHT_RANGE) * CANVAS / max(hi[1] - lo[1], 1e-9)
    scale = min(scale, room / max(hi[0] - lo[0], 1e-9), room / max(hi[1] - lo[1], 1e-9))
    size = (hi - lo) * scale
    corner = MARGIN + pen / 2 + rng.uniform(0.0, 1.0, 2) * np.maximum(room - size, 0.0)
    curves = [(c - lo) * scale + corner for c in curves]
    # One broken stroke in five: the pen lifts for a moment.
    if rng.random() < hand.gap_probability:
        i = int(rng.integers(len(curves)))
        s = _arc_length(curves[i])
        gap = rng.uniform(*hand.gap) * s[-1]
        start = rng.uniform(0.1, 0.9) * s[-1] - gap / 2
        before, after = curves[i][s <= start], curves[i][s >= start + gap]
        curves[i : i + 1] = [part for part in (before, after) if len(part) >= 2]
    # Mouse samples: one every `speed` px along the curve, with tremor, mostly whole pixels.
    speed = rng.uniform(*hand.speed)
    whole = rng.random() < 0.8
    strokes = []
    for c in curves:
        length = _arc_length(c)[-1]
        n = max(2, int(np.ceil(length / speed)) + 1)
        pts = _resample(c, np.linspace(0.0, length, n))
        pts += rng.uniform(-hand.tremor, hand.tremor, pts.shape)
        if whole:
            pts = np.rint(pts)
        strokes.append(np.clip(pts, 0.0, CANVAS))
    return strokes, pen


# ----- drawing, as the canvas does ---------------------------------------------------------
def canvas_path(points: np.ndarray, step: float = 2.0) -> np.ndarray:
    """The polyline the canvas strokes for these samples: a line to the first midpoint, then
    quadratic curves from midpoint to midpoint bent by each sample, then a line to the last
    sample (gui/digits/canvas.py `_smooth_path`), flattened to pieces of about ``step`` px."""
    pts = np.asarray(points, np.float64)
    if len(pts) < 2:
        return pts.copy()
    mids = (pts[:-1] + pts[1:]) / 2
    out = [pts[:1], mids[:1]]
    for i in range(1, len(pts) - 1):
        a, ctrl, b = mids[i - 1], pts[i], mids[i]
        length = np.hypot(*(ctrl - a)) + np.hypot(*(b - ctrl))
        t = np.linspace(0.0, 1.0, max(2, int(np.ceil(length / step)) + 1))[1:, None]
        out.append((1 - t) ** 2 * a + 2 * (1 - t) * t * ctrl + t**2 * b)
    out.append(pts[-1:])
    return np.vstack(out)


def render_strokes(strokes: list[np.ndarray], pen: float, size: int = CANVAS) -> np.ndarray:
    """(size, size) uint8 paper with the strokes in ink: round caps and joins, ``pen`` px wide,
    ~1 px antialiased edges (coverage = pen/2 - distance + 1/2), as QPainter draws them."""
    dist = np.full((size, size), np.inf)
    reach = pen / 2 + 1.0
    for points in strokes:
        line = canvas_path(points)
        if len(line) == 1:
            line = np.vstack([line, line])
        for (x0, y0), (x1, y1) in zip(line[:-1], line[1:], strict=True):
            c0 = max(int(np.floor(min(x0, x1) - reach)), 0)
            c1 = min(int(np.ceil(max(x0, x1) + reach)) + 1, size)
            r0 = max(int(np.floor(min(y0, y1) - reach)), 0)
            r1 = min(int(np.ceil(max(y0, y1) + reach)) + 1, size)
            if c0 >= c1 or r0 >= r1:
                continue
            yy = np.arange(r0, r1)[:, None] + 0.5
            xx = np.arange(c0, c1)[None, :] + 0.5
            dx, dy = x1 - x0, y1 - y0
            t = np.clip(((xx - x0) * dx + (yy - y0) * dy) / max(dx * dx + dy * dy, 1e-12), 0, 1)
            d = np.hypot(xx - (x0 + t * dx), yy - (y0 + t * dy))
            np.minimum(dist[r0:r1, c0:c1], d, out=dist[r0:r1, c0:c1])
    coverage = np.clip(pen / 2 - dist + 0.5, 0.0, 1.0)
    return np.rint(PAPER + (INK - PAPER) * coverage).astype(np.uint8)


def other_writers_set(
    n: int = 3000, seed: int = 0, hand: Hand = TIDY
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(canvases (n, 280, 280) uint8, labels (n,), styles (n,)): n written digits, the ten
    digits in turn, each with a random style and a writer of this ``hand``; deterministic for
    ``seed``."""
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 10
    canvases = np.empty((n, CANVAS, CANVAS), np.uint8)
    styles = np.empty(n, np.int64)
    for i, digit in enumerate(labels):
        styles[i] = int(rng.integers(len(STYLES[int(digit)])))
        strokes, pen = write_digit(int(digit), rng, int(styles[i]), hand)
        canvases[i] = render_strokes(strokes, pen)
    return canvases, labels.astype(np.int64), styles


def main() -> int:
    """Write a PNG contact sheet of the set's first digits (to look at it)."""
    import argparse

    from PIL import Image

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--out", default="other_writers.png")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rough", action="store_true", help="the ROUGH hand")
    args = parser.parse_args()
    canvases, _, _ = other_writers_set(args.n, args.seed, ROUGH if args.rough else TIDY)
    small = [np.asarray(Image.fromarray(c).resize((70, 70), Image.BILINEAR)) for c in canvases]
    cols = 10
    rows = [np.hstack(small[r : r + cols]) for r in range(0, len(small) - cols + 1, cols)]
    Image.fromarray(np.vstack(rows)).save(args.out)
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
