"""The training-time variety of the shipped digit CNN (tools/digit_augment.py): each
augmentation changes a digit the way it says, and a seed gives the same digits again."""

from __future__ import annotations

import numpy as np

from tools.digit_augment import (
    HI,
    affine_matrices,
    augment,
    break_strokes,
    canvas_strokes,
    elastic_field,
    fit_box_batch,
    mean_stroke_width,
    stroke_width,
    warp,
)


def _digits(n: int = 6) -> np.ndarray:
    """(n, 28, 28) uint8 stand-ins for MNIST training digits: thick bars and rings."""
    yy, xx = np.mgrid[0:28, 0:28] + 0.5
    out = np.zeros((n, 28, 28))
    for i in range(n):
        if i % 2:
            r = np.hypot(yy - 14, (xx - 14) * 1.4)
            out[i] = np.clip(2.0 - np.abs(r - 7 - i % 3), 0, 1)  # a ring (a 0)
        else:
            out[i] = np.clip(2.0 - np.abs(xx - 12 - i % 4 - (yy - 14) * 0.2), 0, 1) * (
                (yy > 4) & (yy < 24)
            )  # a leaning bar (a 1)
    return (out * 255).astype(np.uint8)


def _as_float(x: np.ndarray) -> np.ndarray:
    return x.astype(np.float32) / 255.0


def test_identity_warp_and_zero_elastic_field_change_nothing():
    x = _as_float(_digits())
    field = elastic_field(len(x), 28, np.random.default_rng(0), alpha=0.0, sigma=4.0)
    assert np.all(field == 0.0)
    same = warp(x, affine_matrices(np.zeros(len(x))), field)
    assert np.allclose(same, x, atol=1e-6)


def test_elastic_field_has_the_asked_size_and_is_smooth():
    field = elastic_field(4, HI, np.random.default_rng(1), alpha=[1.0, 2.0, 3.0, 0.5], sigma=8.0)
    rms = np.sqrt((field**2).sum(axis=-1).mean(axis=(1, 2)))
    assert np.allclose(rms, [1.0, 2.0, 3.0, 0.5], rtol=1e-4)
    # neighbours move together (smooth), unlike white noise
    step = np.abs(np.diff(field, axis=1)).mean() / np.abs(field).mean()
    assert step < 0.2
    x = _as_float(_digits(4))
    moved = warp(
        x, affine_matrices(np.zeros(4)), elastic_field(4, 28, np.random.default_rng(2), 1.5, 4.0)
    )
    assert np.abs(moved - x).mean() > 0.01  # the digit is distorted
    assert abs(moved.sum() - x.sum()) / x.sum() < 0.1  # but keeps its ink


def _orientation(img: np.ndarray) -> float:
    """The angle of the ink's main axis in degrees, anticlockwise on the screen from upright."""
    yy, xx = np.mgrid[0 : img.shape[0], 0 : img.shape[1]]
    m = img / img.sum()
    cy, cx = (m * yy).sum(), (m * xx).sum()
    syy, sxx = (m * (yy - cy) ** 2).sum(), (m * (xx - cx) ** 2).sum()
    sxy = (m * (xx - cx) * (yy - cy)).sum()
    return float(np.degrees(0.5 * np.arctan2(2 * sxy, syy - sxx)))


def test_rotating_by_an_angle_and_back_restores_the_digit():
    x = _as_float(_digits())
    angles = np.array([10.0, -12.0, 15.0, 5.0, -8.0, 14.0])
    turned = warp(x, affine_matrices(angles))
    back = warp(turned, affine_matrices(-angles))
    for i in (0, 2, 4):  # the bars: turned by the angle, then upright again
        assert abs(_orientation(turned[i]) - _orientation(x[i]) - angles[i]) < 1.0
        assert abs(_orientation(back[i]) - _orientation(x[i])) < 0.5
    assert np.abs(turned - x).mean() > 0.02  # turning moved the ink
    assert np.abs(back - x).mean() < np.abs(turned - x).mean()  # back is closer (if blurred)
    corr = [np.corrcoef(a.ravel(), b.ravel())[0, 1] for a, b in zip(back, x, strict=True)]
    assert min(corr) > 0.95


def test_a_positive_angle_turns_anticlockwise_on_the_screen():
    dot = np.zeros((1, 29, 29), np.float32)
    dot[0, 14, 24] = 1.0  # right of the centre
    turned = warp(dot, affine_matrices(np.array([90.0])))
    y, x = np.unravel_index(turned[0].argmax(), turned[0].shape)
    assert (y, x) == (4, 14)  # now above the centre


def test_slant_moves_the_top_right_and_the_bottom_left():
    bar = np.zeros((1, 28, 28), np.float32)
    bar[0, 4:24, 13:15] = 1.0  # upright
    slanted = warp(bar, affine_matrices(np.zeros(1), slant=np.array([0.4])))[0]
    cols = np.arange(28)
    top = (slanted[5] * cols).sum() / slanted[5].sum()
    bottom = (slanted[22] * cols).sum() / slanted[22].sum()
    assert top - bottom > 5  # 17 rows apart at 0.4 px per row: about 7 px


def test_thickening_adds_ink_and_thinning_removes_it():
    v = np.clip((_as_float(_digits()) - 0.5) * 4 + 0.5, 0, 1)
    wider = stroke_width(v, 2)
    thinner = stroke_width(v, -1)
    assert np.all(wider.sum(axis=(1, 2)) > v.sum(axis=(1, 2)) * 1.3)
    assert np.all(thinner.sum(axis=(1, 2)) < v.sum(axis=(1, 2)))
    assert np.all(mean_stroke_width(wider) > mean_stroke_width(v) + 1.5)
    assert np.array_equal(stroke_width(v, 0), v)
    mixed = stroke_width(v, np.array([1, 0, -1, 0, 2, 0]))
    assert np.array_equal(mixed[1], v[1]) and mixed[4].sum() > mixed[0].sum() > v[0].sum()


def test_broken_strokes_only_remove_ink_and_cut_through_the_stroke():
    v = np.clip((_as_float(_digits(20)) - 0.5) * 4 + 0.5, 0, 1)
    broken = break_strokes(v, np.random.default_rng(3), patches=1, size=(2.0, 2.0))
    assert np.all(broken <= v + 1e-7)  # never adds ink
    lost = v.sum(axis=(1, 2)) - broken.sum(axis=(1, 2))
    assert np.all(lost > 0)
    # each cut is about twice the stroke width across: it removes at least a stroke's square
    assert np.all(lost > mean_stroke_width(v) ** 2)
    # and it is a patch, not the whole digit
    assert np.all(broken.sum(axis=(1, 2)) > 0.5 * v.sum(axis=(1, 2)))


def test_canvas_strokes_give_crisp_edges():
    x = _as_float(_digits())
    v = warp(x, affine_matrices(np.zeros(len(x))), size=HI, zoom=2)
    drawn = canvas_strokes(v, np.random.default_rng(4))
    half_grey = ((drawn > 0.1) & (drawn < 0.9)).sum() / max((drawn >= 0.9).sum(), 1)
    soft = ((v > 0.1) & (v < 0.9)).sum() / max((v >= 0.9).sum(), 1)
    assert half_grey < soft


def test_fit_box_batch_matches_the_apps_normalisation():
    from engine.digits.preprocess import fit_box

    x = _as_float(_digits())
    v = warp(x, affine_matrices(np.array([5.0, -5, 0, 10, 0, 3])), size=HI, zoom=2)
    batch = fit_box_batch(v)[..., 0]
    for i in range(len(v)):
        one = fit_box(v[i] / v[i].max())
        assert np.abs(batch[i] - one).max() < 0.05


def test_augment_is_deterministic_for_a_seed_and_varies_across_seeds():
    x = _digits(12)
    a = augment(x, np.random.default_rng(7))
    b = augment(x, np.random.default_rng(7))
    c = augment(x, np.random.default_rng(8))
    assert a.shape == (12, 28, 28, 1) and a.dtype == np.float32
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)
    assert a.min() >= 0.0 and a.max() <= 1.0
    assert np.all(a.sum(axis=(1, 2, 3)) > 10)  # every digit keeps its ink
