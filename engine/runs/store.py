"""The run history: one SQLite database, `<home>/runs.sqlite`, one row per run.

Many writers at once (two windows, the CLI) are fine: the file is in WAL mode, and a writer
that finds it busy waits up to `busy_timeout_ms`. `PRAGMA user_version` is the schema version;
`MIGRATIONS` brings an older file up to date, one function per version.

Nothing here may stop the app from starting or a run from training:

- `RunStore.open(home)` never raises. A file that is not a database, or fails SQLite's
  quick check (a damaged page), is moved aside as
  ``runs.corrupt-<time>.sqlite`` and a new one started; a folder that cannot be written, a file
  locked for longer than the busy timeout, or a file from a newer version (left untouched)
  gives an in-memory store. `store.notice` then says once what happened (an engine `Text`).
- A write that fails (disk full, file locked or made read-only) returns False or None instead of
  raising, and `store.problem` says what happened; the caller keeps the run in memory.

A row is "running" from its run's first epoch to its end. One left "running" by a process
that has since gone (killed, its terminal closed) is marked "interrupted" when a store next
opens the file on the same machine.

A row's `series` (the per-epoch curves) is JSON, as bounded as the trainer's EpochHistory it
comes from; the final metrics are columns, so lists sort and filter on them in SQL.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import socket
import sqlite3
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from engine.experiment.spec import Experiment
from engine.messages import Text

FILE_NAME = "runs.sqlite"
MODELS_DIR = "models"
ENDINGS = (
    "running",
    "completed",
    "early_stopping",
    "diverged",
    "stopped",
    "interrupted",
    "crashed",
)
SERIES_KEYS = ("epoch", "loss", "accuracy", "val_loss", "val_accuracy")
METRIC_KEYS = (
    "train_loss",
    "train_accuracy",
    "val_loss",
    "val_accuracy",
    "test_loss",
    "test_accuracy",
)
ORDERS = (
    "started",
    "ended",
    "name",
    "dataset",
    "model",
    "engine",
    "accuracy",
    "epochs",
    "pinned",
)
ORPHAN_MESSAGE = Text(  # stored as its English; a front end shows it translated
    "The program recording this run ended before the run did (it was killed, or its terminal "
    "closed); the curves are those of its last save."
)
BUSY_TIMEOUT_MS = 3000  # how long a write waits for another writer before it gives up


def _v1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            pinned INTEGER NOT NULL DEFAULT 0,
            dataset TEXT NOT NULL DEFAULT '',
            model TEXT NOT NULL DEFAULT '',
            engine TEXT NOT NULL DEFAULT '',
            backend TEXT NOT NULL DEFAULT '',
            device TEXT NOT NULL DEFAULT '',
            started TEXT NOT NULL,
            ended TEXT,
            ended_how TEXT NOT NULL DEFAULT 'running',
            message TEXT NOT NULL DEFAULT '',
            epochs INTEGER NOT NULL DEFAULT 0,
            train_loss REAL,
            train_accuracy REAL,
            val_loss REAL,
            val_accuracy REAL,
            test_loss REAL,
            test_accuracy REAL,
            model_path TEXT,
            spec TEXT NOT NULL,
            series TEXT NOT NULL DEFAULT '{}'
        )"""
    )
    conn.execute("CREATE INDEX runs_started ON runs (started)")
    # the large JSON columns come last: a list reads the small ones without walking past them


def _v2(conn: sqlite3.Connection) -> None:
    """Which process is recording a running row, so a row left "running" by a process that
    was killed can be told from one still training (see `RunStore.open`)."""
    conn.execute("ALTER TABLE runs ADD COLUMN pid INTEGER")
    conn.execute("ALTER TABLE runs ADD COLUMN host TEXT NOT NULL DEFAULT ''")
    # opening looks for running rows: without this it reads every row (80 ms for 10,000)
    conn.execute("CREATE INDEX runs_running ON runs (ended_how) WHERE ended_how = 'running'")


# MIGRATIONS[i] takes a file at schema version i to version i + 1 (0: an empty file).
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2]
SCHEMA_VERSION = len(MIGRATIONS)

# what `list_runs` reads: every column but the series (the one that can be large)
_LIST_COLUMNS = (
    "id, name, notes, pinned, dataset, model, engine, backend, device, started, ended, "
    "ended_how, message, epochs, train_loss, train_accuracy, val_loss, val_accuracy, "
    "test_loss, test_accuracy, model_path, spec"
)
_ORDER_SQL = {
    "accuracy": "COALESCE(test_accuracy, val_accuracy)",
    "pinned": "pinned",
}


def now_iso() -> str:
    """The time now, UTC, as ISO 8601 to the second (sorts as text)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def series_from_history(history: Sequence[Any]) -> dict[str, list[float]]:
    """The trainer's epoch reports (EpochHistory, already bounded) as SERIES_KEYS -> lists."""
    return {key: [float(getattr(r, key)) for r in history] for key in SERIES_KEYS}


@dataclass
class StoredRun:
    """One row. `series` maps SERIES_KEYS to one value per epoch (NaN where not a number);
    `metrics` maps METRIC_KEYS to the final numbers (None where unknown). On regression data
    the *_accuracy numbers are R², as everywhere else in the app."""

    spec: dict[str, Any]
    id: int = 0
    name: str = ""
    notes: str = ""
    pinned: bool = False
    dataset: str = ""
    model: str = ""
    engine: str = ""
    backend: str = ""
    device: str = ""
    started: str = ""
    ended: str | None = None
    ended_how: str = "running"
    message: str = ""
    epochs: int = 0
    series: dict[str, list[float]] = field(default_factory=dict)
    metrics: dict[str, float | None] = field(default_factory=dict)
    model_path: str | None = None

    def experiment(self) -> Experiment:
        return Experiment.from_dict(self.spec)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data (NaN and infinities as None)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["series"] = {k: [_finite(v) for v in vs] for k, vs in self.series.items()}
        out["metrics"] = {k: _finite(self.metrics.get(k)) for k in METRIC_KEYS}
        return out


class RunStore:
    """The run history. Thread-safe: the window's GUI thread and its training thread may share
    one store (each call holds a lock); other processes share the file through SQLite."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path | None,
        notice: Text | None = None,
    ) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path  # None: in memory
        self.home = path.parent if path is not None else None
        self.notice = notice  # what went wrong when opening, said once
        self.problem: Text | None = None  # the latest failed write, if any

    @property
    def persistent(self) -> bool:
        return self.path is not None

    # ----- opening ------------------------------------------------------------------------
    @classmethod
    def open(cls, home: Path | str, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> RunStore:
        """The store in `home` (created if needed); never raises (see the module docstring)."""
        home = Path(home)
        path = home / FILE_NAME
        try:
            home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return cls.in_memory(_cannot_keep(home, exc))
        try:
            store = cls(_connect(path, busy_timeout_ms), path)
            store._end_orphans()
            return store
        except _NewerSchema as exc:
            notice = Text(
                "The run history {path} was written by a newer version of Neural Playground "
                "(schema {found}; this version reads up to {supported}). It was left untouched; "
                "this session's runs are kept in memory only. Update Neural Playground to see "
                "them, or choose another place with --home.",
                path=str(path),
                found=exc.found,
                supported=SCHEMA_VERSION,
            )
            return cls.in_memory(notice)
        except sqlite3.DatabaseError as exc:
            if _is_locked(exc):
                notice = Text(
                    "The run history {path} is locked by another program; this session's runs "
                    "are kept in memory only. Close the other program and start again.",
                    path=str(path),
                )
                return cls.in_memory(notice)
            if not _is_corrupt(exc):
                return cls.in_memory(_cannot_keep(home, exc))
        # not a database: move it aside and start a fresh one
        moved = home / f"runs.corrupt-{datetime.now().strftime('%Y%m%d-%H%M%S')}.sqlite"
        try:
            shutil.move(str(path), str(moved))
            for suffix in ("-wal", "-shm"):
                leftover = path.with_name(path.name + suffix)
                if leftover.exists():
                    shutil.move(str(leftover), str(moved.with_name(moved.name + suffix)))
            store = cls(_connect(path, busy_timeout_ms), path)
        except (OSError, sqlite3.DatabaseError, _NewerSchema) as exc:
            return cls.in_memory(_cannot_keep(home, exc))
        store.notice = Text(
            "The run history {path} was damaged and could not be read. It was moved aside as "
            "{moved} and a new, empty history was started.",
            path=str(path),
            moved=str(moved),
        )
        return store

    @classmethod
    def in_memory(cls, notice: Text | None = None) -> RunStore:
        """A store that lasts as long as this process (`persistent` is False)."""
        return cls(_connect(":memory:", 0), None, notice)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _end_orphans(self) -> None:
        """Rows still "running" whose process on this machine has gone (killed, the terminal
        closed, the power cut) become "interrupted": they will never finish. A process on
        another machine, or one that cannot be checked (Windows), is left alone."""
        rows = self._read(
            "SELECT id, pid FROM runs WHERE ended_how = 'running' AND host = ? AND pid != ?",
            (socket.gethostname(), os.getpid()),
        )
        gone = [(now_iso(), ORPHAN_MESSAGE, rid) for rid, pid in rows if not _alive(pid)]
        if gone:
            sql = (
                "UPDATE runs SET ended_how = 'interrupted', ended = ?, message = ? "
                "WHERE id = ? AND ended_how = 'running'"
            )
            self._write(lambda: self._conn.executemany(sql, gone))

    def model_file(self, run_id: int, ext: str) -> Path | None:
        """Where a run's model is saved: `<home>/models/run-<id>.<ext>` (None in memory)."""
        if self.home is None:
            return None
        return self.home / MODELS_DIR / f"run-{run_id}.{ext.lstrip('.')}"

    # ----- writing: never raises into training ----------------------------------------------
    def begin(
        self, exp: Experiment, engine: str, backend: str, device: str, name: str = ""
    ) -> int | None:
        """A new row for a run that starts now (ended_how "running"); its id, or None."""
        run = StoredRun(
            spec=exp.to_dict(),
            name=name,
            dataset=exp.data.name,
            model=exp.model,
            engine=engine,
            backend=backend,
            device=device,
            started=now_iso(),
        )
        return self._write(lambda: self._insert(run))

    def checkpoint(
        self,
        run_id: int,
        series: Mapping[str, Sequence[float]],
        metrics: Mapping[str, float | None] | None = None,
    ) -> bool:
        """Save the curves so far (and metrics, if given) of a running run."""
        values: dict[str, Any] = {"series": _series_json(series), "epochs": _epochs(series)}
        values |= _metric_values(metrics)
        return self._update(run_id, values) is not None

    def finish(
        self,
        run_id: int,
        ended_how: str,
        series: Mapping[str, Sequence[float]],
        metrics: Mapping[str, float | None] | None,
        model_path: str | Path | None = None,
        message: str = "",
        spec: Mapping[str, Any] | None = None,
    ) -> bool:
        """The run ended (`ended_how` in ENDINGS): its final curves and metrics, and the
        experiment as it ended (`spec`: hyperparameters changed while it trained), if given."""
        if ended_how not in ENDINGS:
            raise ValueError(f"ended_how must be one of {', '.join(ENDINGS)}, got {ended_how!r}")
        values: dict[str, Any] = {
            "ended": now_iso(),
            "ended_how": ended_how,
            "series": _series_json(series),
            "epochs": _epochs(series),
            "message": str(message),
            "model_path": None if model_path is None else str(model_path),
        }
        if spec is not None:
            values["spec"] = json.dumps(dict(spec))
        values |= _metric_values(metrics)
        return self._update(run_id, values) is not None

    def add(self, run: StoredRun) -> int | None:
        """Store a whole run (an import); its new id, or None. `run.id` is ignored."""
        if run.ended_how not in ENDINGS:
            raise ValueError(f"ended_how must be one of {', '.join(ENDINGS)}")
        return self._write(lambda: self._insert(run))

    def set_model_path(self, run_id: int, path: str | Path | None) -> bool:
        return self._update(run_id, {"model_path": None if path is None else str(path)}) is not None

    def rename(self, run_id: int, name: str) -> bool:
        return self._update(run_id, {"name": str(name)}) is not None

    def set_notes(self, run_id: int, text: str) -> bool:
        return self._update(run_id, {"notes": str(text)}) is not None

    def set_pinned(self, run_id: int, pinned: bool) -> bool:
        return self._update(run_id, {"pinned": int(bool(pinned))}) is not None

    def delete(self, run_id: int) -> bool:
        """Remove the row, and its model file (with its .json metadata, if any) when it lies in
        `<home>/models` (a model the user saved elsewhere, e.g. with --save, is theirs and
        stays). False if no such run or the write failed."""
        run = self.get(run_id)
        if run is None:
            return False
        done = self._write(lambda: self._conn.execute("DELETE FROM runs WHERE id = ?", (run_id,)))
        if done is None:
            return False
        if run.model_path and self.home is not None:
            model = Path(run.model_path)
            if model.parent.resolve() == (self.home / MODELS_DIR).resolve():
                # the model and what a save writes beside it (a .keras file's .json metadata)
                for path in (model, model.with_name(model.name + ".json")):
                    path.unlink(missing_ok=True)
        return True

    def _insert(self, run: StoredRun) -> int:
        row = {
            "name": run.name,
            "notes": run.notes,
            "pinned": int(run.pinned),
            "spec": json.dumps(run.spec),
            "dataset": run.dataset,
            "model": run.model,
            "engine": run.engine,
            "backend": run.backend,
            "device": run.device,
            "started": run.started or now_iso(),
            "ended": run.ended,
            "ended_how": run.ended_how,
            "message": run.message,
            "epochs": run.epochs or _epochs(run.series),
            "series": _series_json(run.series),
            "model_path": run.model_path,
        } | _metric_values(run.metrics)
        if run.ended_how == "running":  # who records it (see _end_orphans)
            row |= {"pid": os.getpid(), "host": socket.gethostname()}
        names = ", ".join(row)
        marks = ", ".join("?" * len(row))
        cursor = self._conn.execute(
            f"INSERT INTO runs ({names}) VALUES ({marks})", tuple(row.values())
        )
        return int(cursor.lastrowid)

    def _update(self, run_id: int, values: Mapping[str, Any]) -> int | None:
        assign = ", ".join(f"{name} = ?" for name in values)
        sql = f"UPDATE runs SET {assign} WHERE id = ?"
        return self._write(
            lambda: self._conn.execute(sql, (*values.values(), int(run_id))).rowcount or None
        )

    def _write(self, work: Callable[[], Any]) -> Any:
        """Run `work` in a transaction; on a database error, note it in `problem`, return None."""
        with self._lock:
            try:
                with self._conn:  # commits, or rolls back on an exception
                    result = work()
            except sqlite3.Error as exc:
                self.problem = self._describe_failure(exc)
                return None
        return result

    def _describe_failure(self, exc: sqlite3.Error) -> Text:
        path = str(self.path or ":memory:")
        text = str(exc).lower()
        if "full" in text:
            return Text(
                "The disk is full: this run is kept in memory only and was not saved to the run "
                "history ({path}). Free some space; later runs are saved again.",
                path=path,
            )
        if _is_locked(exc):
            return Text(
                "The run history {path} is locked by another program: this save was skipped, "
                "and the run is kept in memory; the next save tries again.",
                path=path,
            )
        if "readonly" in text or "read-only" in text:
            return Text(
                "The run history {path} cannot be written (read-only): this run is kept in "
                "memory only.",
                path=path,
            )
        return Text(
            "Could not save to the run history {path} ({reason}): this run is kept in memory only.",
            path=path,
            reason=str(exc),
        )

    # ----- reading --------------------------------------------------------------------------
    def get(self, run_id: int) -> StoredRun | None:
        """The run with its series, or None (no such id, or the file cannot be read)."""
        rows = self._read(f"SELECT {_LIST_COLUMNS}, series FROM runs WHERE id = ?", (int(run_id),))
        return _row_to_run(rows[0], with_series=True) if rows else None

    def list_runs(
        self,
        dataset: str | None = None,
        model: str | None = None,
        engine: str | None = None,
        since: str | datetime | None = None,
        min_accuracy: float | None = None,
        search: str | None = None,
        order: str = "started",
        descending: bool = True,
        limit: int | None = None,
        with_series: bool = False,
    ) -> list[StoredRun]:
        """Runs matching every filter given, sorted by `order` (one of ORDERS; "accuracy" is
        the test accuracy, else the validation accuracy), newest or highest first by default.
        Without `with_series` the rows leave out the curves (`series` is {}), which keeps a
        list of thousands of runs fast; `get(id)` has them. `since` compares start times
        (an ISO string or an aware datetime); `search` looks in names and notes."""
        if order not in ORDERS:
            raise ValueError(f"order must be one of {', '.join(ORDERS)}, got {order!r}")
        where, params = [], []
        for column, value in (("dataset", dataset), ("model", model), ("engine", engine)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        if since:
            stamp = (
                since.astimezone(timezone.utc).isoformat() if isinstance(since, datetime) else since
            )
            where.append("started >= ?")
            params.append(stamp)
        if min_accuracy is not None:
            where.append("COALESCE(test_accuracy, val_accuracy) >= ?")
            params.append(float(min_accuracy))
        if search:
            where.append("(name LIKE ? ESCAPE '\\' OR notes LIKE ? ESCAPE '\\')")
            pattern = (
                "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
            params += [pattern, pattern]
        columns = _LIST_COLUMNS + (", series" if with_series else "")
        sql = f"SELECT {columns} FROM runs"
        if where:
            sql += " WHERE " + " AND ".join(where)
        direction = "DESC" if descending else "ASC"
        sql += f" ORDER BY {_ORDER_SQL.get(order, order)} {direction}, id {direction}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [_row_to_run(row, with_series) for row in self._read(sql, tuple(params))]

    def count(self) -> int:
        rows = self._read("SELECT COUNT(*) FROM runs", ())
        return int(rows[0][0]) if rows else 0

    def _read(self, sql: str, params: tuple) -> list[tuple]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                self.problem = Text(
                    "Could not read the run history {path} ({reason}).",
                    path=str(self.path or ":memory:"),
                    reason=str(exc),
                )
                return []


# ----- helpers ----------------------------------------------------------------------------
class _NewerSchema(Exception):
    def __init__(self, found: int) -> None:
        super().__init__(found)
        self.found = found


def _connect(path: Path | str, busy_timeout_ms: int) -> sqlite3.Connection:
    """Open, check the schema version, switch to WAL and migrate. Raises _NewerSchema for a
    newer file (before anything is written to it) and sqlite3 errors."""
    conn = sqlite3.connect(
        str(path),
        timeout=busy_timeout_ms / 1000,
        check_same_thread=False,  # the store's lock serialises the threads
        isolation_level="DEFERRED",
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        found = conn.execute("PRAGMA user_version").fetchone()[0]  # reads the header
        if found > SCHEMA_VERSION:
            raise _NewerSchema(found)
        # a damaged page deeper in the file: found now, not at some later read or write
        # (about 0.1 s for 10,000 runs)
        check = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed: {check}")
        if str(path) != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL: a power cut loses a last write at most
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the file to SCHEMA_VERSION, one migration per version, each in its own
    transaction with its new user_version; returns the version found."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    for version in range(found, SCHEMA_VERSION):
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            if conn.execute("PRAGMA user_version").fetchone()[0] != version:
                continue  # another process migrated it meanwhile
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
    return found


def _alive(pid: int | None) -> bool:
    """Whether process `pid` on this machine still runs (True when it cannot be told)."""
    if not pid or os.name != "posix":  # on Windows os.kill(pid, 0) would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it runs, as another user
        return True
    return True


def _is_locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _is_corrupt(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text or "corrupt" in text


def _cannot_keep(home: Path, exc: BaseException) -> Text:
    reason = getattr(exc, "strerror", None) or str(exc)
    return Text(
        "The run history cannot be kept in {home} ({reason}): this session's runs are kept in "
        "memory only. Choose another place with --home or NEURAL_PLAYGROUND_HOME.",
        home=str(home),
        reason=reason,
    )


def _series_json(series: Mapping[str, Sequence[float]]) -> str:
    clean = {str(k): [_finite(v) for v in vs] for k, vs in series.items()}
    return json.dumps(clean, allow_nan=False)


def _epochs(series: Mapping[str, Sequence[float]]) -> int:
    return len(series.get("epoch", ()))


def _metric_values(metrics: Mapping[str, float | None] | None) -> dict[str, float | None]:
    if not metrics:
        return {}
    unknown = set(metrics) - set(METRIC_KEYS)
    if unknown:
        raise ValueError(f"unknown metrics: {', '.join(sorted(unknown))}")
    return {k: _finite(v) for k, v in metrics.items()}


def _row_to_run(row: tuple, with_series: bool) -> StoredRun:
    (rid, name, notes, pinned, dataset, model, engine, backend, device, started, ended,
     ended_how, message, epochs, *rest) = row  # fmt: skip
    metrics = dict(zip(METRIC_KEYS, rest[:6], strict=True))
    model_path, spec = rest[6], rest[7]
    series: dict[str, list[float]] = {}
    if with_series:
        raw = json.loads(rest[8] or "{}")
        series = {k: [math.nan if v is None else float(v) for v in vs] for k, vs in raw.items()}
    return StoredRun(
        spec=json.loads(spec),
        id=int(rid),
        name=name,
        notes=notes,
        pinned=bool(pinned),
        dataset=dataset,
        model=model,
        engine=engine,
        backend=backend,
        device=device,
        started=started,
        ended=ended,
        ended_how=ended_how,
        message=message,
        epochs=int(epochs),
        series=series,
        metrics=metrics,
        model_path=model_path,
    )
