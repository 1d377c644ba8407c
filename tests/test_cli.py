"""The headless CLI, as scripts and acceptance checks use it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.cli.main import main as cli_main

ROOT = Path(__file__).resolve().parents[1]


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_json_output_has_one_line_per_epoch_then_a_summary(capsys, tmp_path):
    model = tmp_path / "model.npz"
    rc = cli_main(
        [
            "train",
            "--engine",
            "numpy",
            "--dataset",
            "circle",
            "--hidden",
            "8,8",
            "--activation",
            "tanh",
            "--optimizer",
            "adam",
            "--lr",
            "0.03",
            "--batch-size",
            "10",
            "--epochs",
            "5",
            "--json",
            "--save",
            str(model),
        ]
    )
    assert rc == 0
    lines = _json_lines(capsys.readouterr().out)
    epochs, summary = lines[:-1], lines[-1]
    assert [e["epoch"] for e in epochs] == [1, 2, 3, 4, 5]
    assert set(epochs[0]) == {"epoch", "loss", "accuracy", "val_loss", "val_accuracy", "seconds"}
    assert epochs[-1]["loss"] < epochs[0]["loss"]
    assert summary["done"] is True and summary["stopped"] == "completed"
    assert summary["epochs"] == 5 and summary["model"] == str(model)
    assert summary["test_accuracy"] > 0.9
    assert model.exists()


def test_config_round_trip_and_flags_override(tmp_path, capsys):
    cfg = tmp_path / "exp.json"
    assert (
        cli_main(
            [
                "train",
                "--dataset",
                "gaussian",
                "--hidden",
                "3",
                "--epochs",
                "1",
                "--lr",
                "0.1",
                "--save-config",
                str(cfg),
                "--json",
            ]
        )
        == 0
    )
    saved = json.loads(cfg.read_text())
    assert saved["data"]["name"] == "gaussian" and saved["optimizer"]["lr"] == 0.1
    assert [la["units"] for la in saved["layers"]] == [3]
    capsys.readouterr()
    assert cli_main(["train", "--config", str(cfg), "--epochs", "2", "--json"]) == 0
    lines = _json_lines(capsys.readouterr().out)
    assert lines[-1]["epochs"] == 2


def test_lr_decay_and_validation_split_flags_set_the_spec_and_the_rate_decays():
    from engine.cli.main import build_parser, experiment_from_args
    from engine.data.datasets import load_dataset
    from engine.training.trainer import Trainer

    argv = ["train", "--points", "100", "--lr", "0.1", "--lr-decay", "0.5", "--epochs", "2"]
    exp = experiment_from_args(build_parser().parse_args([*argv, "--validation-split", "0.1"]))
    assert exp.training.lr_decay == 0.5 and exp.data.validation_split == 0.1
    trainer = Trainer(exp, load_dataset(exp.data))
    assert (len(trainer.y_train), len(trainer.y_val)) == (45, 5)
    while not trainer.finished:
        trainer.step()
    assert trainer.spec.optimizer.lr == pytest.approx(0.1 * 0.5**2)  # halved after each epoch


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--lr", "-1"], "optimizer.lr must be in (0, 10]"),
        (["--hidden", "0"], "layers[0].units must be in [1, 4096]"),
        (["--activation", "swish"], "invalid choice"),
        (["--hidden", "8,,8"], "an empty size between commas in '8,,8'"),
        (["--model", "perceptron", "--hidden", "4"], "--hidden has no effect on the perceptron"),
        (["--model", "perceptron", "--activation", "relu"], "--activation has no effect"),
        (["--engine", "keras", "--model", "cnn", "--dataset", "circle"], "cnn needs image data"),
        (["--batch-size", "100000"], "training.batch_size must be in [1, 65536]"),
        (["--lr-decay", "2"], "training.lr_decay must be in [0.5, 1]"),
        (["--validation-split", "0.9"], "data.validation_split must be in [0, 0.5]"),
        (["--dataset", "nope"], "invalid choice"),
        (["--epochs", "ten"], "invalid int value"),
        (["--config", "/no/such/file.json"], "cannot read experiment file"),
        (["--dataset", "csv", "--csv", "/no/such.csv"], "/no/such.csv"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(argv, fragment, capsys):
    rc = cli_main(["train", *argv])
    err = capsys.readouterr().err
    assert rc == 2
    assert fragment in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_perceptron_on_xor_reports_the_lesson(capsys):
    rc = cli_main(
        [
            "train",
            "--model",
            "perceptron",
            "--dataset",
            "gate-xor",
            "--lr",
            "0.1",
            "--optimizer",
            "sgd",
            "--batch-size",
            "1",
            "--epochs",
            "30",
            "--json",
        ]
    )
    assert rc == 0
    summary = _json_lines(capsys.readouterr().out)[-1]
    assert summary["test_accuracy"] < 1.0
    assert "no line separates" in summary["message"]


def test_readable_output_without_json(capsys):
    assert (
        cli_main(
            [
                "train",
                "--dataset",
                "gate-and",
                "--model",
                "perceptron",
                "--lr",
                "0.1",
                "--batch-size",
                "1",
                "--epochs",
                "20",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "epoch" in out and "Test accuracy 100.00%" in out


def test_main_py_runs_as_a_script_and_rejects_unknown_commands():
    ok = subprocess.run(
        [
            sys.executable,
            "main.py",
            "train",
            "--dataset",
            "gate-or",
            "--model",
            "perceptron",
            "--epochs",
            "3",
            "--batch-size",
            "1",
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout.splitlines()[-1])["done"] is True
    bad = subprocess.run(
        [sys.executable, "main.py", "fly"], cwd=ROOT, capture_output=True, text=True
    )
    assert bad.returncode == 2 and "unknown command" in bad.stderr


def test_ctrl_c_stops_cleanly_and_reports_interrupted():
    import signal

    proc = subprocess.Popen(
        [sys.executable, "main.py", "train", "--dataset", "spiral", "--epochs", "100000", "--json"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first = proc.stdout.readline()  # training has started
    assert json.loads(first)["epoch"] == 1
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    summary = json.loads(out.strip().splitlines()[-1])
    assert proc.returncode == 0, err
    assert summary["done"] is True and summary["stopped"] == "interrupted"
    assert "Traceback" not in err


def test_a_batch_larger_than_the_set_is_the_whole_set_with_a_note(capsys):
    """Keras's rule, everywhere: the perceptron on a gate (4 examples) with the default
    batch of 10 trains on batches of 4, and says so, instead of failing."""
    rc = cli_main(["train", "--model", "perceptron", "--dataset", "gate-or", "--epochs", "20"])
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert "note: Batch size 10 is more than the 4 training examples" in err
    assert "Test accuracy" in out


@pytest.mark.parametrize(
    ("flag", "path", "fragment"),
    [
        ("--save", "/nonexistent/dir/m.npz", "--save /nonexistent/dir/m.npz: the folder does not"),
        ("--history-csv", "/nonexistent/h.csv", "--history-csv /nonexistent/h.csv: the folder"),
        ("--save-config", "/", "--save-config /: is a folder"),
    ],
)
def test_an_unwritable_output_is_refused_before_training(flag, path, fragment, capsys):
    rc = cli_main(["train", "--dataset", "xor", "--epochs", "3", "--json", flag, path])
    out, err = capsys.readouterr()
    assert rc == 2 and out == ""  # not one epoch trained
    assert fragment in err and len(err.strip().splitlines()) == 1
    assert ".tmp" not in err and "/." not in err.replace("/nonexistent", "")


def test_a_failing_history_csv_does_not_cost_the_model(tmp_path, capsys, monkeypatch):
    import engine.cli.main as cli

    def full_disk(history, path, task="classification"):
        raise OSError(28, "No space left on device", path)

    monkeypatch.setattr(cli, "write_history_csv", full_disk)
    model = tmp_path / "m.npz"
    rc = cli_main(
        ["train", "--dataset", "xor", "--epochs", "2", "--json", "--save", str(model),
         "--history-csv", str(tmp_path / "h.csv")]
    )  # fmt: skip
    out, err = capsys.readouterr()
    summary = json.loads(out.splitlines()[-1])
    assert rc == 2 and model.is_file() and summary["model"] == str(model)
    assert summary["errors"] == [f"--history-csv {tmp_path / 'h.csv'}: No space left on device"]
    assert "No space left on device" in err


def test_json_output_is_strict_even_when_the_loss_is_infinite(capsys, monkeypatch):
    from engine.training.trainer import Trainer

    monkeypatch.setattr(Trainer, "test_metrics", lambda self: (float("inf"), 0.5))
    rc = cli_main(["train", "--dataset", "xor", "--epochs", "1", "--json"])
    lines = capsys.readouterr().out.splitlines()

    def refuse(name):
        raise AssertionError(f"non-standard JSON constant {name}")

    summary = json.loads(lines[-1], parse_constant=refuse)
    assert rc == 0 and summary["test_loss"] is None and summary["diverged"] is False


# ----- fuzzed arguments: one clear line or an experiment, never a traceback ------------------
_FLAGS = [
    "--engine", "--model", "--preset", "--dataset", "--noise", "--train-ratio", "--points",
    "--features", "--hidden", "--activation", "--loss", "--optimizer", "--lr", "--momentum",
    "--batch-size", "--epochs", "--l1", "--l2", "--dropout", "--early-stopping", "--init",
    "--rule", "--validation-split", "--seed", "--device", "--limit", "--scale", "--input-scale",
    "--lr-decay",
]  # fmt: skip
_VALUES = st.sampled_from(
    ["", "0", "-1", "1", "2.5", "1e39", "nan", "inf", "8,,8", "8,8", "x1,x3", "keras", "numpy",
     "cnn", "perceptron", "mlp", "mnist", "circle", "gate-or", "relu", "step", "softmax", "sgd",
     "adam", "sse", "ce", "gpu", "delta", "seed2-cnn", "ü", "--json", "99999999999999999999",
     "standardize", "none"]
)  # fmt: skip


@given(st.lists(st.tuples(st.sampled_from(_FLAGS), _VALUES), max_size=6))
@settings(max_examples=400, deadline=None)
def test_any_train_arguments_give_an_experiment_or_one_clear_error(pairs):
    import engine.cli.main as cli
    from engine.experiment.spec import SpecError

    argv = ["train"] + [item for pair in pairs for item in pair]
    try:
        args = cli.build_parser().parse_args(argv)
        cli.experiment_from_args(args)
    except (cli.UsageError, SpecError) as exc:
        assert str(exc) and "\n" not in str(exc)
