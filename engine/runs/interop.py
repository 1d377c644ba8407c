"""Runs in and out of the run history: CSV, JSON, TensorBoard log folders, and the runs files
that File › Save runs writes (engine/training/run_history.py).

- CSV: a header, then one row per epoch (epoch, loss, accuracy, val_loss, val_accuracy), the
  same as the Runs dock's CSV export.
- JSON: ``{"format": "neural-playground-run", "version": 1, "run": {...}}``, the whole row
  (spec, times, how it ended, curves, metrics, name, notes); `import_runs` reads it back.
- TensorBoard: event files as Keras's TensorBoard callback lays them out, ``DIR/train`` and
  ``DIR/validation`` with the scalars ``epoch_loss`` and ``epoch_accuracy`` per epoch, so the
  two curves overlay in TensorBoard, plus the experiment as a text summary. Written with
  TensorFlow's ``tf.summary`` (imported only here, when asked; TensorFlow is a dependency).
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from engine.atomic import write_text_atomic
from engine.keras_import import native_stderr_filtered
from engine.messages import Text
from engine.runs.store import ENDINGS, METRIC_KEYS, SERIES_KEYS, StoredRun
from engine.training.run_history import (
    FILE_FORMAT,
    RunFileError,
    RunRecord,
    describe_run,
    load_runs,
    run_csv,
)

RUN_FORMAT = "neural-playground-run"
RUN_VERSION = 1
FORMATS = ("csv", "json", "tensorboard")


class InteropError(ValueError):
    """An export or import failed; the message names the path and why."""


# ----- RunRecord (the Runs dock's runs and runs files) <-> StoredRun ------------------------
def run_to_record(run: StoredRun) -> RunRecord:
    """The row as the Runs dock's RunRecord (for its overlays and File › Save runs)."""
    return RunRecord(
        name=run.name or describe_run(run.experiment()),
        experiment=run.spec,
        series={k: list(v) for k, v in run.series.items()},
        stop_reason=run.ended_how,
        message=run.message,
        test_accuracy=run.metrics.get("test_accuracy"),
        pinned=run.pinned,
        created=run.started,
    )


def record_to_run(record: RunRecord) -> StoredRun:
    """A run from a runs file as a row. The file keeps the last epoch's numbers and the test
    accuracy; the test loss and device were not saved there (None and "")."""
    spec = record.spec()
    series = {k: list(v) for k, v in record.series.items() if k in SERIES_KEYS}
    last = {k: (vs[-1] if vs else None) for k, vs in series.items()}
    metrics = {
        "train_loss": last.get("loss"),
        "train_accuracy": last.get("accuracy"),
        "val_loss": last.get("val_loss"),
        "val_accuracy": last.get("val_accuracy"),
        "test_loss": None,
        "test_accuracy": record.test_accuracy,
    }
    how = record.stop_reason if record.stop_reason in ENDINGS else "completed"
    started = _utc(record.created)
    return StoredRun(
        spec=record.experiment,
        name=record.name,
        pinned=record.pinned,
        dataset=spec.data.name,
        model=spec.model,
        engine=spec.engine,
        backend=spec.backend if spec.engine == "keras" else "",
        started=started,
        ended=started or None,
        ended_how=how,
        message=record.message,
        epochs=len(series.get("epoch", [])),
        series=series,
        metrics=metrics,
    )


def _utc(stamp: str) -> str:
    """A runs file's local time (no zone: the machine's) as the store's UTC ISO time."""
    try:
        return datetime.fromisoformat(stamp).astimezone(timezone.utc).isoformat(timespec="seconds")
    except ValueError:
        return stamp


# ----- export -----------------------------------------------------------------------------
def export_run(run: StoredRun, path: str | Path, fmt: str = "") -> Path:
    """Write `run` to `path` as `fmt` (csv, json or tensorboard; default: from the suffix,
    a folder for tensorboard). Returns the path written; raises InteropError."""
    path = Path(path)
    fmt = fmt or {".csv": "csv", ".json": "json"}.get(path.suffix.lower(), "")
    if fmt not in FORMATS:
        raise InteropError(
            Text(
                "cannot tell the format of {path}: name a .csv or .json file, or give "
                "--format csv, json or tensorboard",
                path=str(path),
            )
        )
    try:
        if fmt == "csv":
            write_text_atomic(path, run_csv(run_to_record(run)))
        elif fmt == "json":
            doc = {"format": RUN_FORMAT, "version": RUN_VERSION, "run": run.to_dict()}
            write_text_atomic(path, json.dumps(doc, indent=1, allow_nan=False) + "\n")
        else:
            export_tensorboard(run, path)
    except OSError as exc:
        raise InteropError(
            Text("cannot write {path}: {reason}", path=str(path), reason=exc.strerror or exc)
        ) from None
    return path


def export_tensorboard(run: StoredRun, logdir: str | Path) -> None:
    """Event files under `logdir`/train and `logdir`/validation (see the module docstring)."""
    if Path(logdir).exists() and not Path(logdir).is_dir():
        raise InteropError(Text("{path} is a file; TensorBoard needs a folder", path=str(logdir)))
    if importlib.util.find_spec("tensorflow") is None:
        raise InteropError(
            Text("exporting to TensorBoard needs TensorFlow: pip install tensorflow")
        )
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        with native_stderr_filtered():  # TensorFlow's C++ start-up chatter stays off the terminal
            _write_events(run, Path(logdir))
    except Exception as exc:  # noqa: BLE001 - TensorFlow's errors (tf.errors.OpError) are not OSErrors
        reason = getattr(exc, "message", None) or str(exc)
        raise InteropError(
            Text("cannot write {path}: {reason}", path=str(logdir), reason=reason)
        ) from None


def _write_events(run: StoredRun, logdir: Path) -> None:
    import tensorflow as tf
    from tensorflow.core.framework import summary_pb2

    # tf.summary.scalar's own metadata: it lives in the tensorboard package, which
    # TensorFlow does not require, so the scalars are written with the core tf.summary.write
    scalars = summary_pb2.SummaryMetadata(
        plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="scalars")
    )
    text = summary_pb2.SummaryMetadata(
        plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="text")
    )
    epochs = run.series.get("epoch", [])
    sets = {
        "train": {"epoch_loss": "loss", "epoch_accuracy": "accuracy"},
        "validation": {"epoch_loss": "val_loss", "epoch_accuracy": "val_accuracy"},
    }
    for folder, tags in sets.items():
        writer = tf.summary.create_file_writer(str(logdir / folder))
        with writer.as_default():
            for tag, key in tags.items():
                for epoch, value in zip(epochs, run.series.get(key, []), strict=False):
                    if math.isfinite(value):
                        tf.summary.write(tag, tf.constant(float(value)), int(epoch), scalars)
            if folder == "train":
                spec = "```\n" + json.dumps(run.spec, indent=1) + "\n```"
                tf.summary.write("experiment", tf.constant(spec), 0, text)
        writer.flush()
        writer.close()


# ----- import -----------------------------------------------------------------------------
def import_runs(path: str | Path) -> list[StoredRun]:
    """The runs in a File › Save runs file, or in a run exported as JSON. Raises
    InteropError (RunFileError's message for a runs file) naming the path and the problem."""
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise InteropError(
            Text("cannot read {path}: {reason}", path=str(path), reason=reason)
        ) from None
    except json.JSONDecodeError as exc:
        raise InteropError(
            Text("{path} is not valid JSON: {reason}", path=str(path), reason=exc)
        ) from None
    kind = doc.get("format") if isinstance(doc, dict) else None
    if kind == RUN_FORMAT:
        return [_run_from_json(doc.get("run"), path)]
    if kind == FILE_FORMAT:
        try:
            return [record_to_run(record) for record in load_runs(path)]
        except RunFileError as exc:
            raise InteropError(exc.args[0]) from None
    raise InteropError(
        Text(
            "{path} is neither a runs file (File › Save runs) nor a run exported as JSON",
            path=str(path),
        )
    )


def _run_from_json(raw: Any, path: Path) -> StoredRun:
    def bad(problem: str) -> InteropError:
        return InteropError(Text("{path}: {problem}", path=str(path), problem=problem))

    if not isinstance(raw, dict) or not isinstance(raw.get("spec"), dict):
        raise bad("the run needs a spec (the experiment)")
    try:
        StoredRun(spec=raw["spec"]).experiment()
    except (ValueError, TypeError) as exc:
        raise bad(str(exc.args[0] if exc.args else exc)) from None
    if raw.get("ended_how", "completed") not in ENDINGS:
        raise bad(f"ended_how must be one of {', '.join(ENDINGS)}")
    try:
        series = {
            str(k): [math.nan if v is None else float(v) for v in vs]
            for k, vs in (raw.get("series") or {}).items()
        }
        metrics = {
            k: (None if v is None else float(v)) for k, v in (raw.get("metrics") or {}).items()
        }
    except (TypeError, ValueError, AttributeError):
        raise bad("series and metrics must hold numbers") from None
    if set(metrics) - set(METRIC_KEYS):
        raise bad(f"unknown metrics; known: {', '.join(METRIC_KEYS)}")
    text = {k: str(raw.get(k) or "") for k in ("name", "notes", "dataset", "model", "engine")}
    text |= {k: str(raw.get(k) or "") for k in ("backend", "device", "started", "message")}
    return StoredRun(
        spec=raw["spec"],
        pinned=bool(raw.get("pinned", False)),
        ended=raw.get("ended"),
        ended_how=raw.get("ended_how", "completed"),
        epochs=len(series.get("epoch", [])),
        series=series,
        metrics=metrics,
        model_path=raw.get("model_path"),
        **text,
    )
