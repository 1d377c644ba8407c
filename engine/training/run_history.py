"""Past training runs, kept to be compared: settings, per-epoch curves and final metrics.

A `RunRecord` is plain data made from a finished (or stopped) Trainer, so the GUI can keep,
name, pin, overlay, save and export runs without holding on to any model. Files are JSON
(written atomically); one run's history also exports to CSV for a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from engine.atomic import write_text_atomic
from engine.experiment.spec import Experiment, SpecError
from engine.messages import Text
from engine.training.trainer import EpochReport

FILE_FORMAT = "neural-playground-runs"
FILE_VERSION = 1
SERIES = ("epoch", "loss", "accuracy", "val_loss", "val_accuracy")
MAX_UNPINNED = 30  # the oldest unpinned run is dropped beyond this; pinned runs always stay


class RunFileError(ValueError):
    """A runs file cannot be read or written; the message says which and why."""


@dataclass
class RunRecord:
    name: str
    experiment: dict[str, Any]  # Experiment.to_dict() of the settings it ended with
    series: dict[str, list[float]] = field(default_factory=dict)  # SERIES -> one value per epoch
    stop_reason: str = ""  # completed, early_stopping, diverged, interrupted
    message: str = ""
    steps: int = 0
    test_accuracy: float | None = None
    pinned: bool = False
    created: str = ""
    id: int = 0  # assigned by RunHistory; unique while the app runs

    @classmethod
    def from_history(
        cls,
        experiment: Experiment,
        history: list[EpochReport],
        *,
        name: str = "",
        stop_reason: str = "",
        message: str = "",
        steps: int = 0,
        test_accuracy: float | None = None,
    ) -> RunRecord:
        series = {key: [float(getattr(r, key)) for r in history] for key in SERIES}
        return cls(
            name=name or describe_run(experiment),
            experiment=experiment.to_dict(),
            series=series,
            stop_reason=stop_reason,
            message=message,
            steps=int(steps),
            test_accuracy=test_accuracy,
            created=datetime.now().isoformat(timespec="seconds"),
        )

    # ----- reading ------------------------------------------------------------------------
    @property
    def epochs(self) -> int:
        return len(self.series.get("epoch", []))

    def final(self, key: str) -> float:
        values = self.series.get(key, [])
        return float(values[-1]) if values else math.nan

    def plot_series(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """The curves in the live plots' payload layout: epoch_loss, val_accuracy, … -> (x, y)."""
        x = np.asarray(self.series.get("epoch", []), dtype=np.float64)
        out = {}
        for key, name in (
            ("loss", "epoch_loss"),
            ("accuracy", "epoch_accuracy"),
            ("val_loss", "val_loss"),
            ("val_accuracy", "val_accuracy"),
        ):
            y = np.asarray(self.series.get(key, []), dtype=np.float64)
            out[name] = (x[: len(y)], y[: len(x)])
        return out

    def spec(self) -> Experiment:
        return Experiment.from_dict(self.experiment)

    # ----- JSON ---------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        raw = asdict(self)
        raw["series"] = {k: [_finite_or_none(v) for v in vs] for k, vs in self.series.items()}
        return raw

    @classmethod
    def from_dict(cls, raw: Any) -> RunRecord:
        if not isinstance(raw, dict):
            raise RunFileError(Text("a run must be a JSON object"))
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in raw.items() if k in known}
        if not isinstance(kwargs.get("name"), str) or not isinstance(
            kwargs.get("experiment"), dict
        ):
            raise RunFileError(Text("a run needs a name and an experiment"))
        try:
            Experiment.from_dict(kwargs["experiment"])
        except (SpecError, TypeError) as exc:
            problem = exc.args[0] if len(exc.args) == 1 else str(exc)
            raise RunFileError(
                Text("run {name}: {problem}", name=repr(kwargs["name"]), problem=problem)
            ) from None
        series = kwargs.get("series", {})
        if not isinstance(series, dict):
            raise RunFileError(
                Text("run {name}: series must be an object", name=repr(kwargs["name"]))
            )
        try:
            kwargs["series"] = {
                str(k): [math.nan if v is None else float(v) for v in vs]
                for k, vs in series.items()
            }
        except (TypeError, ValueError):
            raise RunFileError(
                Text("run {name}: series must hold numbers", name=repr(kwargs["name"]))
            ) from None
        return cls(**kwargs)


def describe_run(exp: Experiment) -> str:
    """A short default name: the lesson or preset, else data, network and optimizer."""
    if exp.preset:
        return exp.preset
    if exp.model == "perceptron":
        net = "perceptron"
    elif exp.model == "cnn":
        net = f"CNN {len(exp.layers)} layers"
    else:
        dense = exp.hidden_dense
        acts = {la.activation for la in dense}
        shape = "-".join(str(la.units) for la in dense) or "no hidden layer"
        net = f"MLP {shape}" + (f" {acts.pop()}" if len(acts) == 1 else "")
    return f"{exp.data.name}, {net}, {exp.optimizer.name} {exp.optimizer.lr:g}"


def _finite_or_none(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None  # strict JSON has no NaN/inf


# ----- files ------------------------------------------------------------------------------
def save_runs(path: str | Path, runs: list[RunRecord]) -> None:
    doc = {
        "format": FILE_FORMAT,
        "version": FILE_VERSION,
        "runs": [run.to_dict() for run in runs],
    }
    try:
        write_text_atomic(path, json.dumps(doc, indent=1, allow_nan=False) + "\n")
    except OSError as exc:
        raise RunFileError(Text("cannot write {path}: {reason}", path=path, reason=exc)) from None


def load_runs(path: str | Path) -> list[RunRecord]:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RunFileError(Text("cannot read {path}: {reason}", path=path, reason=exc)) from None
    except json.JSONDecodeError as exc:
        raise RunFileError(
            Text("{path} is not valid JSON: {reason}", path=path, reason=exc)
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT:
        raise RunFileError(Text("{path} is not a Neural Playground runs file", path=path))
    if not isinstance(doc.get("runs"), list):
        raise RunFileError(Text("{path}: runs must be a list", path=path))
    return [RunRecord.from_dict(raw) for raw in doc["runs"]]


def run_csv(run: RunRecord) -> str:
    """A header, then one row per epoch: epoch, loss, accuracy, val_loss, val_accuracy
    (empty where the value is not a number, e.g. after divergence)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SERIES)
    columns = [run.series.get(key, []) for key in SERIES]
    for i in range(run.epochs):
        row = [col[i] if i < len(col) else math.nan for col in columns]
        writer.writerow(["" if not math.isfinite(v) else f"{v:.6g}" for v in row])
    return out.getvalue()


def export_csv(run: RunRecord, path: str | Path) -> None:
    try:
        write_text_atomic(path, run_csv(run))
    except OSError as exc:
        raise RunFileError(Text("cannot write {path}: {reason}", path=path, reason=exc)) from None


# ----- the history ------------------------------------------------------------------------
class RunHistory:
    """The runs of this session, oldest first. Unpinned runs beyond `limit` drop off the front;
    pinned ones stay until they are removed."""

    def __init__(self, limit: int = MAX_UNPINNED) -> None:
        self.runs: list[RunRecord] = []
        self.limit = limit
        self._next_id = 1

    def __len__(self) -> int:
        return len(self.runs)

    def add(self, run: RunRecord) -> RunRecord:
        """Append `run` (its id reassigned, its name made unique); returns it."""
        run.id = self._next_id
        self._next_id += 1
        run.name = self.unique_name(run.name)
        self.runs.append(run)
        unpinned = [r for r in self.runs if not r.pinned]
        for old in unpinned[: max(0, len(unpinned) - self.limit)]:
            self.runs.remove(old)
        return run

    def get(self, run_id: int) -> RunRecord | None:
        return next((r for r in self.runs if r.id == run_id), None)

    def remove(self, run_id: int) -> None:
        self.runs = [r for r in self.runs if r.id != run_id]

    def clear_unpinned(self) -> None:
        self.runs = [r for r in self.runs if r.pinned]

    def unique_name(self, name: str, keep: int | None = None) -> str:
        """`name`, or `name (2)`, `name (3)`… when another run (not `keep`) has it."""
        taken = {r.name for r in self.runs if r.id != keep}
        candidate, n = name, 2
        while candidate in taken:
            candidate, n = f"{name} ({n})", n + 1
        return candidate
