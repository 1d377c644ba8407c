"""The CLI and the run history (#16): `train` records every run however it ends, unless
--no-record; `runs list|show|export|delete|import`; export to CSV, JSON and TensorBoard."""

from __future__ import annotations

import csv
import importlib.util
import json
import os
from datetime import datetime

import pytest

from engine.cli.main import main
from engine.experiment.spec import Experiment
from engine.runs.home import HOME_VARIABLE
from engine.runs.store import RunStore
from engine.training.run_history import RunRecord, save_runs

TRAIN = ["train", "--dataset", "xor", "--points", "80", "--epochs", "3", "--json"]


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def json_lines(out: str) -> list:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_two_cli_runs_are_listed_with_specs_histories_and_metrics(tmp_path, capsys):
    home = str(tmp_path / "home")
    summaries = []
    for dataset in ("xor", "circle"):
        argv = TRAIN[:2] + [dataset] + TRAIN[3:] + ["--home", home, "--seed", "3"]
        code, out, _ = run_cli(capsys, *argv)
        assert code == 0
        *epochs, summary = json_lines(out)
        summaries.append((dataset, epochs, summary))
    # a new process would open the file afresh: so does this
    code, out, _ = run_cli(capsys, "runs", "list", "--json", "--home", home)
    assert code == 0
    listed = json.loads(out)
    assert [r["dataset"] for r in listed] == ["circle", "xor"]  # newest first
    for (dataset, epochs, summary), run in zip(summaries, listed[::-1], strict=True):
        code, out, _ = run_cli(
            capsys, "runs", "show", str(summary["run_id"]), "--json", "--home", home
        )
        assert json.loads(out) == run  # the list's JSON is the whole record, as show's is
        assert run["dataset"] == dataset and run["ended_how"] == "completed"
        exp = Experiment.from_dict(run["spec"])
        assert (exp.data.name, exp.training.epochs, exp.seed) == (dataset, 3, 3)
        assert run["series"]["loss"] == pytest.approx([e["loss"] for e in epochs], abs=1e-6)
        assert run["series"]["val_accuracy"] == pytest.approx([e["val_accuracy"] for e in epochs])
        assert run["metrics"]["test_accuracy"] == pytest.approx(summary["test_accuracy"], abs=1e-6)
        assert run["metrics"]["val_loss"] == pytest.approx(epochs[-1]["val_loss"], abs=1e-6)
        assert run["engine"] == "numpy" and run["device"] == "cpu" and run["ended"]


def test_the_environment_names_the_home_and_no_record_records_nothing(capsys):
    home = os.environ[HOME_VARIABLE]  # conftest: a folder under tmp_path
    code, out, _ = run_cli(capsys, *TRAIN, "--no-record")
    assert code == 0 and "run_id" not in json_lines(out)[-1]
    assert RunStore.open(home).count() == 0
    code, out, _ = run_cli(capsys, "train", "--dataset", "xor", "--points", "80", "--epochs", "2")
    assert code == 0 and "Recorded as run 1 in " + os.path.join(home, "runs.sqlite") in out
    assert RunStore.open(home).get(1).name.startswith("xor")  # named as the Runs dock does


def test_early_stopping_diverged_interrupted_and_crashed_runs_are_recorded(capsys, monkeypatch):
    import engine.cli.main as cli

    code, out, _ = run_cli(capsys, *TRAIN[:-2], "40", "--early-stopping", "1", "--json")
    assert json_lines(out)[-1]["stopped"] == "early_stopping"

    def ctrl_c(self, trainer, report):
        raise KeyboardInterrupt

    real_on_epoch = cli._JsonEpochs.on_epoch
    monkeypatch.setattr(cli._JsonEpochs, "on_epoch", ctrl_c)
    code, out, _ = run_cli(capsys, *TRAIN)
    assert code == 0 and json_lines(out)[-1]["stopped"] == "interrupted"

    def crash(self, trainer, report):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(cli._JsonEpochs, "on_epoch", crash)
    with pytest.raises(ZeroDivisionError):
        main(TRAIN)
    monkeypatch.setattr(cli._JsonEpochs, "on_epoch", real_on_epoch)
    from engine.models.numpy.network import MLPNetwork

    def nan_step(self, x, y):
        return float("nan"), 0.0

    monkeypatch.setattr(MLPNetwork, "train_batch", nan_step)
    code, out, _ = run_cli(capsys, *TRAIN)
    assert json_lines(out)[-1]["stopped"] == "diverged"
    runs = RunStore.open(os.environ[HOME_VARIABLE]).list_runs(order="started", descending=False)
    endings = [r.ended_how for r in sorted(runs, key=lambda r: r.id)]
    assert endings == ["early_stopping", "interrupted", "crashed", "diverged"]


def test_clear_messages_for_a_missing_run_and_bad_paths(tmp_path, capsys):
    code, _, err = run_cli(capsys, "runs", "show", "7")
    assert code == 2 and "error: no run 7 in " in err
    assert run_cli(capsys, "runs", "delete", "7")[0] == 2
    run_cli(capsys, *TRAIN)
    code, _, err = run_cli(capsys, "runs", "export", "1", "--to", str(tmp_path / "r.txt"))
    assert code == 2 and "cannot tell the format" in err and "--format" in err
    code, _, err = run_cli(capsys, "runs", "export", "1", "--to", str(tmp_path / "no" / "r.csv"))
    assert code == 2 and "cannot write" in err and str(tmp_path / "no" / "r.csv") in err
    code, _, err = run_cli(capsys, "runs", "import", str(tmp_path / "missing.json"))
    assert code == 2 and "cannot read" in err
    not_runs = tmp_path / "x.json"
    not_runs.write_text('{"hello": 1}')
    code, _, err = run_cli(capsys, "runs", "import", str(not_runs))
    assert code == 2 and "neither a runs file" in err


def test_export_csv_and_json_round_trip_and_delete(tmp_path, capsys):
    run_cli(capsys, *TRAIN)
    _, out, _ = run_cli(capsys, "runs", "show", "1", "--json")
    stored = json.loads(out)
    run_cli(capsys, "runs", "export", "1", "--to", str(tmp_path / "r.csv"))
    rows = list(csv.reader((tmp_path / "r.csv").open()))
    assert rows[0] == ["epoch", "loss", "accuracy", "val_loss", "val_accuracy"]
    assert [float(r[1]) for r in rows[1:]] == pytest.approx(stored["series"]["loss"], rel=1e-5)
    code, out, _ = run_cli(capsys, "runs", "export", "1", "--to", str(tmp_path / "r.json"))
    assert code == 0 and "Run 1 exported to" in out
    code, out, _ = run_cli(capsys, "runs", "import", str(tmp_path / "r.json"), "--json")
    assert json.loads(out) == {"imported": [2]}
    _, out, _ = run_cli(capsys, "runs", "show", "2", "--json")
    copy = json.loads(out)
    for key in ("spec", "series", "metrics", "name", "started", "ended_how", "device"):
        assert copy[key] == stored[key]
    code, out, _ = run_cli(capsys, "runs", "delete", "1")
    assert code == 0 and "Deleted run 1" in out
    _, out, _ = run_cli(capsys, "runs", "list", "--json")
    assert [r["id"] for r in json.loads(out)] == [2]


def test_import_a_save_runs_file(tmp_path, capsys):
    exp = Experiment()
    series = {"epoch": [1.0, 2.0], "loss": [0.9, 0.4], "accuracy": [0.5, 0.8]}
    series |= {"val_loss": [1.0, 0.5], "val_accuracy": [0.4, 0.7]}
    record = RunRecord("from Monday", exp.to_dict(), series, "early_stopping", test_accuracy=0.75)
    record.pinned, record.created = True, "2026-11-23T09:00:00"  # local time, as the dock writes
    save_runs(tmp_path / "saved.json", [record, RunRecord("second", exp.to_dict())])
    code, out, _ = run_cli(capsys, "runs", "import", str(tmp_path / "saved.json"))
    assert code == 0 and "Imported 2 runs" in out
    _, out, _ = run_cli(capsys, "runs", "show", "1", "--json")
    run = json.loads(out)
    assert (run["name"], run["pinned"], run["ended_how"]) == ("from Monday", True, "early_stopping")
    assert run["series"]["loss"] == [0.9, 0.4] and run["metrics"]["test_accuracy"] == 0.75
    assert run["metrics"]["val_accuracy"] == 0.7 and run["spec"] == exp.to_dict()
    local = datetime.fromisoformat(record.created).astimezone()
    assert datetime.fromisoformat(run["started"]) == local  # the same moment, stored in UTC
    assert run["started"].endswith("+00:00")
    _, out, _ = run_cli(capsys, "runs", "list")
    assert "from Monday" in out and "second" in out


@pytest.mark.skipif(
    importlib.util.find_spec("tensorflow") is None, reason="TensorBoard export needs TensorFlow"
)
def test_export_to_a_tensorboard_log_folder(tmp_path, capsys):
    import tensorflow as tf

    run_cli(capsys, *TRAIN)
    _, out, _ = run_cli(capsys, "runs", "show", "1", "--json")
    series = json.loads(out)["series"]
    code, _, err = run_cli(
        capsys, "runs", "export", "1", "--to", str(tmp_path / "tb"), "--format", "tensorboard"
    )
    assert code == 0, err
    read: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for folder in ("train", "validation"):
        (events,) = (tmp_path / "tb" / folder).glob("events.out.tfevents.*")
        for event in tf.compat.v1.train.summary_iterator(str(events)):
            for value in event.summary.value:
                if value.metadata.plugin_data.plugin_name == "scalars":
                    number = float(tf.make_ndarray(value.tensor))
                    read.setdefault((folder, value.tag), []).append((event.step, number))
    epochs = [int(e) for e in series["epoch"]]
    assert [step for step, _ in read[("train", "epoch_loss")]] == epochs
    assert [v for _, v in read[("train", "epoch_loss")]] == pytest.approx(series["loss"])
    assert [v for _, v in read[("validation", "epoch_accuracy")]] == pytest.approx(
        series["val_accuracy"]
    )
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _, err = run_cli(
        capsys, "runs", "export", "1", "--to", str(blocker / "tb"), "--format", "tensorboard"
    )
    assert code == 2 and f"cannot write {blocker / 'tb'}" in err
    assert "cuInit" not in err and "cudart" not in err  # TensorFlow's chatter is filtered


def test_keep_model_saves_it_with_the_history_and_delete_removes_it(tmp_path, capsys):
    home = tmp_path / "home"
    code, out, _ = run_cli(capsys, *TRAIN, "--keep-model", "--home", str(home))
    assert code == 0
    model = home / "models" / "run-1.npz"
    assert json_lines(out)[-1]["model"] == str(model) and model.exists()
    _, out, _ = run_cli(capsys, "runs", "show", "1", "--json", "--home", str(home))
    assert json.loads(out)["model_path"] == str(model)
    from engine.models.registry import load_model

    assert load_model(model) is not None  # a model the app opens
    run_cli(capsys, "runs", "delete", "1", "--home", str(home))
    assert not model.exists()
    code, _, err = run_cli(capsys, *TRAIN, "--keep-model", "--no-record")
    assert code == 2 and "drop --no-record" in err


def test_list_filters_by_date_and_score(capsys):
    run_cli(capsys, *TRAIN)
    _, out, _ = run_cli(capsys, "runs", "list", "--since", "2000-01-01", "--json")
    assert len(json.loads(out)) == 1
    _, out, _ = run_cli(capsys, "runs", "list", "--since", "2999-01-01", "--json")
    assert json.loads(out) == []
    _, out, _ = run_cli(capsys, "runs", "list", "--min-accuracy", "1.01")
    assert out.startswith("None of the 1 runs in ") and out.endswith(" match.\n")
    code, _, err = run_cli(capsys, "runs", "list", "--since", "Monday")
    assert code == 2 and "expected a date like 2026-11-30" in err


def test_the_chinese_list_lines_up_in_a_terminal(capsys):
    import unicodedata

    run_cli(capsys, *TRAIN)
    _, out, _ = run_cli(capsys, "runs", "list", "--lang", "zh_CN")
    header, row = out.splitlines()[:2]

    def columns(text):  # where each cell starts, in terminal columns (a Chinese character: 2)
        widths = [2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text]
        starts, col = [], 0
        for i, c in enumerate(text):
            if c != " " and (i == 0 or text[i - 2 : i] == "  "):  # cells: 2 spaces apart
                starts.append(col)
            col += widths[i]
        return starts

    assert header.startswith("编号") or header.startswith("id")  # zh once the lead merges
    assert columns(header)[:8] == columns(row)[:8]


def test_train_goes_on_when_the_home_cannot_be_used(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, out, err = run_cli(capsys, *TRAIN, "--home", str(blocker / "home"))
    assert code == 0 and json_lines(out)[-1]["run_id"] is None
    assert json_lines(out)[-1]["stopped"] == "completed"
    assert "note: The run history cannot be kept in " in err and "--home" in err
