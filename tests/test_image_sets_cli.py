"""`python main.py train --dataset folder --images DIR` trains end to end and reports the
folder; the other image sets are named by --dataset and read from --data-path."""

from __future__ import annotations

import json

import pytest

from engine.cli.main import build_parser, experiment_from_args, main
from tests.fake_image_sets import write_fashion_idx, write_image_folder


def test_train_on_a_folder_end_to_end(tmp_path, capsys):
    root = write_image_folder(tmp_path / "pics", per_class=8)
    (root / "circle" / "notes.txt").write_text("not a picture")
    rc = main(
        ["train", "--dataset", "folder", "--images", str(root), "--epochs", "2", "--lang", "en"]
    )
    out = capsys.readouterr().out
    assert rc == 0, out
    assert f"Image folder {root}: 16 pictures in 2 classes (circle 8, square 8)" in out
    assert "read as 24×24 colour" in out
    assert "Skipped 1 file(s):" in out and "circle/notes.txt: not a picture file" in out
    assert "epoch    2/2" in out and "Test accuracy" in out


def test_train_json_reports_the_folder_in_english(tmp_path, capsys):
    root = write_image_folder(tmp_path / "pics", per_class=5, colour=False)
    argv = ["train", "--images", str(root), "--epochs", "1", "--json", "--lang", "zh_CN"]
    argv += ["--image-size", "12", "--test-split", "0.4", "--color-mode", "auto"]
    assert main(argv) == 0
    summary = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert summary["folder"]["classes"] == {"circle": 5, "square": 5}
    assert summary["folder"]["size"] == [12, 12] and summary["folder"]["channels"] == 1
    assert summary["folder"]["skipped"] == []


def test_bad_folder_is_one_clear_error(tmp_path, capsys):
    (tmp_path / "only" / "cats").mkdir(parents=True)
    rc = main(["train", "--images", str(tmp_path / "only"), "--lang", "en"])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.startswith("error: image folder") and "needs at least 2" in err
    assert err.count("\n") == 1


def test_image_flags_reach_the_spec(tmp_path):
    args = build_parser().parse_args(
        ["train", "--images", "pics", "--image-size", "32", "--color-mode", "rgb",
         "--test-split", "0.3", "--limit", "100"]
    )  # fmt: skip
    data = experiment_from_args(args).data
    assert (data.name, data.path, data.image_size, data.color_mode) == ("folder", "pics", 32, "rgb")
    assert (data.test_split, data.limit) == (0.3, 100)
    args = build_parser().parse_args(["train", "--dataset", "cifar10", "--data-path", "c.tar.gz"])
    assert experiment_from_args(args).data.path == "c.tar.gz"


def test_images_with_another_dataset_is_refused():
    from engine.cli.main import UsageError

    args = build_parser().parse_args(["train", "--dataset", "mnist", "--images", "pics"])
    with pytest.raises(UsageError, match="--images reads a folder of pictures"):
        experiment_from_args(args)


def test_fashion_trains_from_data_path(tmp_path, capsys):
    folder = write_fashion_idx(tmp_path / "fm", n_train=40, n_test=10)
    argv = ["train", "--dataset", "fashion_mnist", "--data-path", str(folder), "--epochs", "1"]
    assert main([*argv, "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert summary["done"] and 0 <= summary["test_accuracy"] <= 1
