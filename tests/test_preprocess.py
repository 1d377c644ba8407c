"""MNIST-style preprocessing: any picture of a digit becomes a centred 28x28 input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.digits.preprocess import (
    CENTRE,
    ImageFileError,
    fit_box,
    ink_map,
    load_image_file,
    to_mnist,
)
from tests.digit_drawings import seven, stroke_canvas


def centre_of_mass(img: np.ndarray) -> tuple[float, float]:
    idx = np.arange(img.shape[0])
    total = img.sum()
    return float(img.sum(axis=1) @ idx / total), float(img.sum(axis=0) @ idx / total)


@pytest.mark.parametrize(
    "canvas",
    [
        seven(),
        seven(top=5, left=5, scale=0.4, width=6),  # small, in a corner, thin pen
        seven(top=10, left=100, scale=1.4, width=40),  # big, off-centre, very thick pen
        stroke_canvas([(20, 140, 260, 140)], 12),  # a "1": tall and narrow
        stroke_canvas([(200, 20, 200, 260)], 12),  # a dash: wide and flat
    ],
)
def test_centre_of_mass_lands_within_half_a_pixel_of_the_centre(canvas):
    out = to_mnist(canvas)
    assert out.shape == (28, 28) and out.dtype == np.float32
    assert 0.0 <= out.min() and out.max() <= 1.0
    cy, cx = centre_of_mass(out)
    assert abs(cy - CENTRE) < 0.5 and abs(cx - CENTRE) < 0.5
    assert abs(cy - 13.5) <= 0.5 and abs(cx - 13.5) <= 0.5  # the geometric centre, too
    assert abs(cy - 14.0) <= 0.5 and abs(cx - 14.0) <= 0.5  # and MNIST's measured one


def test_the_longer_side_of_the_ink_is_twenty_pixels_like_mnist():
    for canvas in (seven(), stroke_canvas([(20, 140, 260, 140)], 12)):
        out = to_mnist(canvas, normalise_stroke=False)
        rows, cols = np.flatnonzero(out.max(axis=1) > 0.2), np.flatnonzero(out.max(axis=0) > 0.2)
        longer = max(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1)
        assert 19 <= longer <= 21


def test_dark_on_light_and_light_on_dark_give_the_same_input():
    canvas = seven()
    out = to_mnist(canvas)
    assert np.allclose(to_mnist(1.0 - canvas), out, atol=1e-5)
    as_uint8 = np.rint(canvas * 255).astype(np.uint8)
    assert np.allclose(to_mnist(255 - as_uint8), to_mnist(as_uint8), atol=1e-5)
    assert np.abs(to_mnist(as_uint8) - out).max() < 0.02  # uint8 rounding only


def test_colour_and_transparent_images_work_like_gray():
    canvas = seven()
    gray = to_mnist(canvas)
    rgb = np.repeat(canvas[:, :, None], 3, axis=2)
    assert np.allclose(to_mnist(rgb), gray, atol=1e-4)
    ink_alpha = 1.0 - canvas  # black ink on a transparent background
    rgba = np.dstack([np.zeros_like(canvas)] * 3 + [ink_alpha])
    assert np.allclose(to_mnist(rgba), gray, atol=1e-4)


def test_the_input_is_white_ink_on_black_like_mnist():
    out = to_mnist(seven())
    assert out[0].max() == 0.0 and out.max() > 0.9


@pytest.mark.parametrize(
    "blank",
    [
        np.ones((280, 280)),
        np.zeros((280, 280), np.uint8),
        np.full((100, 50), 0.6),
        0.97 + 0.03 * np.random.default_rng(0).random((280, 280)),  # paper grain, no ink
        np.zeros((0, 0)),
    ],
)
def test_an_empty_canvas_is_nothing_drawn(blank):
    assert to_mnist(blank) is None


def test_the_digit_is_never_clipped_even_when_lopsided():
    # A heavy blob at the top with a long thin tail: its centre of mass is far from its box's
    # centre, so centring the mass alone would push the blob out of the image.
    canvas = stroke_canvas([(30, 140, 30, 141)], 90)
    canvas = np.minimum(canvas, stroke_canvas([(30, 140, 270, 140)], 4))
    out = to_mnist(canvas, normalise_stroke=False)
    ink = ink_map(canvas)
    roomy = fit_box(ink, size=80, centre=40.0)  # same scale, room to spare: nothing lost
    assert out.sum() == pytest.approx(roomy.sum(), rel=0.01)


def test_noise_specks_do_not_shrink_the_digit():
    canvas = seven()
    clean = to_mnist(canvas)
    speckled = canvas.copy()
    speckled[2:4, 2:4] = 0.0  # a 2x2 speck in the far corner
    speckled[275:277, 276:278] = 0.0
    assert np.abs(to_mnist(speckled) - clean).max() < 0.15


def test_a_very_thin_pen_is_thickened_to_mnist_like_strokes():
    thin = to_mnist(seven(width=3))  # 3 px on a 180 px digit: 0.3 px at 28x28
    assert 60 <= (thin > 0.5).sum() <= 200  # MNIST digits: ~100-150 pixels above 0.5
    assert (to_mnist(seven(width=3), normalise_stroke=False) > 0.5).sum() < 30  # faint


def test_usual_and_thick_pens_are_left_alone():
    for width in (24, 45):  # 24 px on a 180 px digit: MNIST-like; 45 px: bold
        canvas = seven(width=width)
        assert np.array_equal(to_mnist(canvas), to_mnist(canvas, normalise_stroke=False))


# ----- property test ---------------------------------------------------------------------
@st.composite
def random_canvases(draw):
    h = draw(st.integers(1, 320))
    w = draw(st.integers(1, 320))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    paper = draw(st.sampled_from([0.0, 1.0, rng.random()]))
    img = np.full((h, w), paper)
    for _ in range(draw(st.integers(0, 4))):  # strokes of any width, anywhere
        y0, y1 = rng.uniform(-20, h + 20, 2)
        x0, x1 = rng.uniform(-20, w + 20, 2)
        width = rng.uniform(0.1, max(h, w) / 2 + 1)
        stroke = stroke_canvas([(y0, x0, y1, x1)], width, (h, w), ink=rng.random(), paper=paper)
        img = np.where(np.abs(stroke - paper) > np.abs(img - paper), stroke, img)
    noise = draw(st.sampled_from([0.0, 0.05, 0.5]))
    img = np.clip(img + noise * rng.standard_normal((h, w)), 0.0, 1.0)
    kind = draw(st.sampled_from(["float", "uint8", "rgb", "rgba", "bool"]))
    if kind == "uint8":
        return np.rint(img * 255).astype(np.uint8)
    if kind == "rgb":
        return np.dstack([img, img * 0.9, img])
    if kind == "rgba":
        return np.dstack([img, img, img, rng.random((h, w))])
    if kind == "bool":
        return img > 0.5
    return img


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_canvases())
def test_any_canvas_gives_none_or_a_valid_input(canvas):
    out = to_mnist(canvas)
    if out is not None:
        assert out.shape == (28, 28) and out.dtype == np.float32
        assert np.isfinite(out).all() and out.min() >= 0.0 and out.max() <= 1.0


# ----- image files -------------------------------------------------------------------------
def test_image_files_load_as_gray_in_unit_range(tmp_path):
    from PIL import Image

    canvas = np.rint(seven() * 255).astype(np.uint8)
    for name in ("digit.png", "digit.jpg"):
        Image.fromarray(canvas).convert("RGB").save(tmp_path / name)
        gray = load_image_file(tmp_path / name)
        assert gray.shape == (280, 280) and gray.dtype == np.float32
        assert np.abs(to_mnist(gray) - to_mnist(canvas)).max() < 0.1


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("notes.txt", b"hello, not a picture", "not an image"),
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, ""),
        ("missing.png", None, "no such file"),
    ],
)
def test_unreadable_files_raise_a_clear_error_naming_the_file(tmp_path, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ImageFileError) as err:
        load_image_file(path)
    assert name in str(err.value) and words in str(err.value)


# ----- oversized and hostile images ------------------------------------------------------------
def _png_header(width: int, height: int) -> bytes:
    """A PNG that is only a header: it claims a size and holds no pixels (a 'bomb' file)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


@pytest.mark.parametrize("size", [(100_000, 100_000), (15_000, 15_000), (6000, 6000)])
def test_an_image_too_big_for_a_digit_is_refused_from_its_header(tmp_path, size, recwarn):
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_header(*size))
    with pytest.raises(ImageFileError, match=r"bomb\.png: the image is .*scale it down"):
        load_image_file(path)
    assert not [w for w in recwarn if "DecompressionBomb" in type(w.message).__name__]


def test_a_large_photo_is_reduced_before_the_ink_is_found(tmp_path):
    from PIL import Image

    small = seven()  # 280 x 280, dark ink on light paper
    big = np.kron(small, np.ones((16, 16)))  # 4480 x 4480: 20 MP, under the limit
    path = tmp_path / "photo.jpg"
    Image.fromarray(np.rint(big * 255).astype(np.uint8)).save(path, quality=92)
    gray = load_image_file(path)
    assert max(gray.shape) <= 2048
    expected, got = to_mnist(small), to_mnist(gray)
    assert np.abs(expected - got).mean() < 0.03  # the same 28 x 28 input, give or take a pixel


def test_predict_gives_each_bomb_its_line_and_still_predicts_the_rest(tmp_path, capsys):
    import json

    from PIL import Image

    import main

    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_header(100_000, 100_000))
    good = tmp_path / "seven.png"
    Image.fromarray(np.rint(seven() * 255).astype(np.uint8)).save(good)
    code = main.main(["predict", "--json", str(bomb), str(good)])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1
    assert [r["file"] for r in lines] == [str(bomb), str(good)]
    assert "megapixels" in lines[0]["error"] and lines[1]["digit"] == 7
