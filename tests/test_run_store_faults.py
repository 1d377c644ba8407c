"""The run history's faults (issue #16): none of them may stop the app from starting or a run
from training. A corrupt file is moved aside, a locked file or a full disk costs a write (with
a message) but not the run, a folder that cannot be written or a file from a newer version
gives an in-memory store."""

from __future__ import annotations

import os
import sqlite3
import threading

import pytest

from engine.experiment.spec import Experiment
from engine.runs.recorder import RunRecorder
from engine.runs.store import FILE_NAME, RunStore, StoredRun
from engine.training.control import TrainingControl
from engine.training.loop import run_training
from tests.test_run_store import make_trainer, small_exp


def train_recorded(store: RunStore, epochs: int = 3) -> tuple[RunRecorder, str]:
    exp = small_exp(epochs)
    trainer = make_trainer(exp)
    recorder = RunRecorder(store, exp, "numpy", "", "cpu", min_interval=0)
    how = run_training(trainer, TrainingControl(), observers=[recorder])
    assert len(trainer.history) == recorder.run.epochs
    return recorder, how


def test_a_corrupt_file_is_moved_aside_and_a_fresh_store_works(tmp_path):
    garbage = b"this is not a database\x00\xff" * 200
    (tmp_path / FILE_NAME).write_bytes(garbage)
    store = RunStore.open(tmp_path)
    assert store.persistent
    assert "damaged" in store.notice and "moved aside" in store.notice
    moved = list(tmp_path.glob("runs.corrupt-*.sqlite"))
    assert len(moved) == 1 and moved[0].read_bytes() == garbage
    assert str(moved[0]) in store.notice
    recorder, how = train_recorded(store)
    assert how == "completed" and store.get(recorder.run_id).ended_how == "completed"
    store.close()
    again = RunStore.open(tmp_path)  # the fresh file is a good one: no second notice
    assert again.notice is None and again.count() == 1


def test_a_locked_database_does_not_stop_training(tmp_path):
    store = RunStore.open(tmp_path, busy_timeout_ms=50)
    other = sqlite3.connect(tmp_path / FILE_NAME, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock throughout
    try:
        recorder, how = train_recorded(store)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert how == "completed"
    assert "locked" in store.problem and "kept in memory" in store.problem
    assert recorder.run_id is None  # every write was skipped ...
    run = recorder.run  # ... and the run is whole in memory
    assert run.ended_how == "completed" and len(run.series["loss"]) == 3
    assert run.metrics["test_accuracy"] is not None
    # the lock gone, the same store writes again
    assert store.add(run) is not None and store.count() == 1


def test_a_lock_taken_mid_run_skips_a_checkpoint_and_the_end_still_lands(tmp_path):
    store = RunStore.open(tmp_path, busy_timeout_ms=50)
    exp = small_exp(4)
    trainer = make_trainer(exp)
    recorder = RunRecorder(store, exp, "numpy", "", "cpu", min_interval=0)
    other = sqlite3.connect(tmp_path / FILE_NAME, isolation_level=None)

    class LockAtEpoch2:
        def on_epoch(self, trainer):
            if trainer.epochs_done == 2:
                other.execute("BEGIN EXCLUSIVE")
            if trainer.epochs_done == 3:
                other.execute("ROLLBACK")

        def on_end(self, trainer, how, metrics):
            pass

    run_training(trainer, TrainingControl(), observers=[recorder, LockAtEpoch2()])
    other.close()
    assert "locked" in store.problem
    assert store.get(recorder.run_id).epochs == 4  # the end was written after the lock went


def test_a_full_disk_gives_a_message(tmp_path):
    store = RunStore.open(tmp_path)
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")  # the "disk" holds no more pages
    big = {"epoch": [float(i) for i in range(2048)], "loss": [0.5] * 2048}
    run = StoredRun(spec=Experiment().to_dict(), series=big, ended_how="completed")
    assert store.add(run) is None
    assert "disk is full" in store.problem and "kept in memory" in store.problem


class _FullDisk:
    """A connection on a full disk: every statement fails as SQLite reports it."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self.real = real

    def execute(self, *args):
        raise sqlite3.OperationalError("database or disk is full")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def close(self):
        self.real.close()


def test_training_goes_on_when_the_disk_is_full(tmp_path):
    store = RunStore.open(tmp_path)
    store._conn = _FullDisk(store._conn)
    recorder, how = train_recorded(store)
    assert how == "completed" and recorder.run_id is None
    assert "disk is full" in store.problem
    assert recorder.run.ended_how == "completed" and recorder.run.epochs == 3


def test_a_folder_that_cannot_be_written_gives_an_in_memory_store(tmp_path):
    # The tests run as root, where chmod does not stop writes: the home is made impossible
    # instead, a folder under a regular file (mkdir then fails with "Not a directory").
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    store = RunStore.open(blocker / "home")
    assert not store.persistent and store.path is None
    assert "cannot be kept" in store.notice and "--home" in store.notice
    recorder, how = train_recorded(store)
    assert how == "completed" and store.get(recorder.run_id).epochs == 3  # kept in memory


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root writes into a read-only folder anyway (the test above covers that case)",
)
def test_a_read_only_folder_gives_an_in_memory_store(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o500)
    try:
        store = RunStore.open(home)
        assert not store.persistent and "cannot be kept" in store.notice
        recorder, how = train_recorded(store)
        assert how == "completed" and store.get(recorder.run_id).epochs == 3
    finally:
        home.chmod(0o700)


def test_a_file_made_read_only_mid_session_gives_a_message(tmp_path):
    store = RunStore.open(tmp_path)
    run_id = store.add(StoredRun(spec=Experiment().to_dict(), name="before"))
    store._conn.close()  # as if the file had become read-only: SQLite's own error
    store._conn = sqlite3.connect(f"file:{tmp_path / FILE_NAME}?mode=ro", uri=True)
    assert not store.rename(run_id, "after")
    assert "read-only" in store.problem
    recorder, how = train_recorded(store)
    assert how == "completed" and recorder.run.epochs == 3
    assert store.get(run_id).name == "before"  # reading still works


def test_a_newer_database_is_left_untouched(tmp_path):
    path = tmp_path / "home" / FILE_NAME
    path.parent.mkdir()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    store = RunStore.open(path.parent)
    assert not store.persistent
    assert "newer version" in store.notice and "99" in store.notice
    recorder, how = train_recorded(store)
    assert store.get(recorder.run_id).ended_how == "completed"  # in memory
    store.close()
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [FILE_NAME]  # no -wal, no -shm


def test_two_writers_at_once_both_land(tmp_path):
    RunStore.open(tmp_path).close()  # created, in WAL mode
    stores = [RunStore.open(tmp_path), RunStore.open(tmp_path)]
    ids: list[list[int | None]] = [[], []]
    start = threading.Barrier(2)

    def write(i: int) -> None:
        start.wait()
        for n in range(40):
            run = StoredRun(spec=Experiment().to_dict(), name=f"w{i}-{n}", ended_how="completed")
            ids[i].append(stores[i].add(run))

    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert all(None not in written for written in ids)
    names = {r.name for r in RunStore.open(tmp_path).list_runs()}
    assert names == {f"w{i}-{n}" for i in range(2) for n in range(40)}


def test_one_store_shared_by_two_threads(tmp_path):
    """The window's GUI thread (renames, lists) and its training thread (records) share one."""
    store = RunStore.open(tmp_path)
    run_id = store.add(StoredRun(spec=Experiment().to_dict(), name="x"))
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def record() -> None:
        start.wait()
        for n in range(40):
            if store.add(StoredRun(spec=Experiment().to_dict(), name=f"t{n}")) is None:
                errors.append(AssertionError(store.problem))

    def browse() -> None:
        start.wait()
        for n in range(40):
            store.rename(run_id, f"x{n}")
            store.list_runs()

    threads = [threading.Thread(target=record), threading.Thread(target=browse)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors and store.count() == 41 and store.get(run_id).name == "x39"


def test_a_file_damaged_inside_is_moved_aside_too(tmp_path):
    store = RunStore.open(tmp_path)
    for n in range(30):
        store.add(StoredRun(spec=Experiment().to_dict(), name=f"r{n}", ended_how="completed"))
    store.close()  # the last connection: the WAL is folded into the file
    path = tmp_path / FILE_NAME
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 3 * page
    data[page : 2 * page] = b"\xa5" * page  # the runs table's first page, the header intact
    path.write_bytes(bytes(data))
    store = RunStore.open(tmp_path)
    assert store.persistent and "damaged" in store.notice
    assert len(list(tmp_path.glob("runs.corrupt-*.sqlite"))) == 1
    assert store.count() == 0 and store.add(StoredRun(spec=Experiment().to_dict())) == 1
