"""`python main.py predict`: one line per image, errors per file, honest exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import main
from tests.digit_drawings import seven, stroke_canvas

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def images(tmp_path):
    def save(name: str, canvas: np.ndarray) -> str:
        path = tmp_path / name
        Image.fromarray(np.rint(canvas * 255).astype(np.uint8)).save(path)
        return str(path)

    files = {
        "seven": save("seven.png", seven()),  # dark ink on light paper
        "one": save("one.jpg", 1.0 - stroke_canvas([(30, 150, 250, 130)], 14)),  # light on dark
        "blank": save("blank.png", np.ones((280, 280))),
    }
    (tmp_path / "notes.txt").write_text("not a picture")
    files["text"] = str(tmp_path / "notes.txt")
    files["missing"] = str(tmp_path / "missing.png")
    return files


def run(capsys, *args: str) -> tuple[int, list[str], str]:
    code = main.main(["predict", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_json_lines_for_good_files(capsys, images):
    code, lines, _ = run(capsys, "--json", images["seven"], images["one"])
    assert code == 0
    results = [json.loads(line) for line in lines]
    assert [r["file"] for r in results] == [images["seven"], images["one"]]
    assert [r["digit"] for r in results] == [7, 1]
    for r in results:
        assert len(r["probabilities"]) == 10
        assert sum(r["probabilities"]) == pytest.approx(1.0, abs=1e-4)
        assert r["confidence"] == max(r["probabilities"])


def test_bad_files_get_error_lines_and_the_others_are_still_predicted(capsys, images):
    order = ["text", "seven", "missing", "blank", "one"]
    code, lines, _ = run(capsys, "--json", *(images[k] for k in order))
    assert code == 1
    results = [json.loads(line) for line in lines]
    assert [r["file"] for r in results] == [images[k] for k in order]
    errors = {k: r.get("error", "") for k, r in zip(order, results, strict=True)}
    assert "not an image" in errors["text"]
    assert "no such file" in errors["missing"]
    assert "nothing drawn" in errors["blank"]
    assert results[1]["digit"] == 7 and results[4]["digit"] == 1
    assert "error" not in results[1] and set(results[0]) == {"file", "error"}


def test_human_readable_lines(capsys, images):
    code, lines, _ = run(capsys, images["seven"], images["text"])
    assert code == 1
    assert lines[0].startswith(f"{images['seven']}: 7 (")
    assert lines[1].startswith(f"{images['text']}: error:") and "not an image" in lines[1]


def test_bad_arguments_and_bad_models_exit_2_with_one_line(capsys, images, tmp_path):
    code, _, err = run(capsys)
    assert code == 2 and err.startswith("error:") and len(err.splitlines()) == 1
    bad_model = tmp_path / "model.npz"
    bad_model.write_bytes(b"nope")
    code, lines, err = run(capsys, "--model", str(bad_model), images["seven"])
    assert code == 2 and lines == [] and "model.npz" in err


def test_predict_never_loads_tensorflow_for_the_shipped_model(images):
    code = (
        "import sys, main\n"
        f"rc = main.main(['predict', {images['seven']!r}])\n"
        "assert 'tensorflow' not in sys.modules, 'TensorFlow was imported'\n"
        "sys.exit(rc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert ": 7 (" in out.stdout
