"""The one bridge between the window and a Trainer: a worker QObject living in its own QThread.

The worker owns the Trainer; only its thread touches the model. The window talks to it through
a thread-safe `TrainingControl` (pause, step, stop, hyperparameters, posted edits) and hears
back through past-tense signals that carry plain data, throttled where they are produced:

- `trainerReady(dict)`: the trainer is built (engine, device, parameter count, dataset).
- `batchFinished(dict)`: at most ~30/s while running, and after every single step while
  paused: the latest step/epoch/loss/accuracy/steps-per-second plus copies of the bounded
  per-batch and per-epoch series (see `_progress`).
- `epochFinished(dict)`: the latest finished epoch (EpochReport fields), at most ~30/s.
- `snapshotReady(dict)`: at most ~15/s while running, after every paused step and every posted
  edit: the decision grid, per-neuron thumbnails and weight copies (see `make_snapshot`).
- `trainingStopped(reason, message)`: the trainer finished ("completed", "early_stopping",
  "diverged"); the loop stays alive so the finished model can still be edited and saved.
- `errorRaised(str)`: anything that went wrong in the worker, as a message.

`TrainingSession` is the GUI-thread owner: it creates the thread and worker with the four
lifecycle connections, relays the signals, and stops and joins the thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, Signal, Slot

from engine.control import TrainingControl
from engine.datasets import Dataset, feature_matrix, grid_points, load_dataset
from engine.history import SeriesBuffer
from engine.spec import Experiment
from engine.trainer import Trainer, TrainingDiverged, model_inputs

PROGRESS_INTERVAL = 1 / 30  # s between batchFinished/epochFinished emissions while running
SNAPSHOT_INTERVAL = 1 / 15  # s between snapshots while running
GRID_RESOLUTION = 100  # decision-boundary cells per side
THUMB_RESOLUTION = 24  # per-neuron thumbnail cells per side

# Every training thread started here, held (with its worker and control) until it has ended:
# a thread whose owner vanished without stopping it is never destroyed while running, and the
# test suite can check that none is left running (and stop any that is).
_LIVE: dict[int, tuple[QThread, QObject, TrainingControl]] = {}


def _prune_live() -> None:
    from shiboken6 import isValid

    for key, (thread, _, _) in list(_LIVE.items()):
        if not isValid(thread) or not thread.isRunning():
            del _LIVE[key]


def running_threads() -> list[QThread]:
    """Training threads started here that are still running."""
    _prune_live()
    return [thread for thread, _, _ in _LIVE.values()]


def stop_all_threads(timeout_ms: int = 2000) -> None:
    """Stop and join every training thread still running (application exit, test clean-up)."""
    _prune_live()
    for thread, _, control in list(_LIVE.values()):
        control.stop()
        thread.wait(timeout_ms)
    _prune_live()


def _copy(value: Any) -> Any:
    """A deep copy of nested lists/tuples/dicts of arrays, safe to hand to another thread."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(_copy(v) for v in value)
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


def make_snapshot(trainer: Trainer, resolution: int = GRID_RESOLUTION) -> dict[str, Any]:
    """What the views draw, as plain arrays (call it in the trainer's thread).

    step, n_classes, extent, features; grid: float32 (res, res) P(class 1) for two classes,
    (res, res, k) for more, None for images; inputs: (n_features, t, t) feature values;
    neurons: one (units, t, t) array per dense layer, output layer last; weights: copies of
    model.dense_weights(); boundary_line: ((w1, w2), b) of a perceptron on exactly x1, x2.
    Thumbnails are t = THUMB_RESOLUTION cells a side; all grids have row = y ascending.
    """
    spec, model, dataset = trainer.spec, trainer.model, trainer.dataset
    snap: dict[str, Any] = {
        "step": trainer.step_count,
        "n_classes": dataset.n_classes,
        "extent": None if dataset.is_image else tuple(float(v) for v in dataset.extent),
        "features": list(spec.data.features),
        "grid": None,
        "inputs": None,
        "neurons": [],
        "weights": _copy(model.dense_weights()) if hasattr(model, "dense_weights") else None,
        "boundary_line": None,
    }
    if dataset.is_image:
        return snap
    probs = trainer.decision_grid(resolution)
    snap["grid"] = np.ascontiguousarray(probs[..., 1] if probs.shape[-1] == 2 else probs)
    t = THUMB_RESOLUTION
    points, _, _ = grid_points(dataset.extent, t)
    snap["inputs"] = _planes(feature_matrix(points, spec.data.features), t)
    if hasattr(model, "hidden_outputs"):
        outputs = model.hidden_outputs(model_inputs(spec, points))
        snap["neurons"] = [_planes(np.asarray(a), t) for a in outputs]
    if hasattr(model, "boundary") and list(spec.data.features) == ["x1", "x2"]:
        w, b = model.boundary()
        w = np.asarray(w, dtype=float).ravel()
        snap["boundary_line"] = ((float(w[0]), float(w[1])), float(np.asarray(b).ravel()[0]))
    return snap


def _planes(values: np.ndarray, t: int) -> np.ndarray:
    """(t*t, units) grid values -> (units, t, t) float32 images, one per unit."""
    values = values.reshape(t * t, -1).astype(np.float32, copy=False)
    return np.ascontiguousarray(values.T.reshape(-1, t, t))


class _Job:
    """Plain state shared by a session and its worker (the trainer outlives the worker)."""

    def __init__(self, spec: Experiment, dataset: Dataset | None, model: Any, paused: bool):
        self.spec = spec
        self.dataset = dataset
        self.model = model
        self.control = TrainingControl(paused=paused)
        self.trainer: Trainer | None = None


class TrainingWorker(QObject):
    """Runs the training loop in its thread; see the module docstring for its signals."""

    trainerReady = Signal(dict)
    batchFinished = Signal(dict)
    epochFinished = Signal(dict)
    snapshotReady = Signal(dict)
    trainingStopped = Signal(str, str)
    errorRaised = Signal(str)
    finished = Signal()

    def __init__(self, job: _Job) -> None:
        super().__init__()
        self._job = job
        self._batch_loss = SeriesBuffer(1024)
        self._batch_acc = SeriesBuffer(1024)
        self._epoch = [SeriesBuffer(2048) for _ in range(4)]  # loss, acc, val loss, val acc
        self._last_batch: Any = None
        self._last_epoch: Any = None
        self._rate = (time.perf_counter(), 0, 0.0)  # (time, step, steps/s) at the last emission

    @Slot()
    def work(self) -> None:
        """The thread's whole life: build the trainer, then serve the control until stop."""
        try:
            self._loop()
        except Exception as exc:  # noqa: BLE001 - every failure must reach the GUI
            self.errorRaised.emit(_describe(exc))
        finally:
            self.finished.emit()

    def _loop(self) -> None:
        job = self._job
        control = job.control
        if job.dataset is None:  # big data (images) loads here, off the GUI thread
            job.dataset = load_dataset(job.spec.data)
        trainer = job.trainer = Trainer(job.spec, job.dataset, model=job.model)
        self.trainerReady.emit(_trainer_info(trainer))
        self._emit_progress(trainer)
        self._emit_snapshot(trainer)
        due_progress = due_snapshot = time.perf_counter()
        stale_progress = stale_snapshot = False  # trained since the last emission
        while True:
            if control.paused and (stale_progress or stale_snapshot):
                self._emit_progress(trainer)  # paused or stepped: show exactly where it is
                self._emit_snapshot(trainer)
                stale_progress = stale_snapshot = False
            # a timeout while something is unshown, so a pause that lands just after the check
            # above is still flushed promptly
            stale = stale_progress or stale_snapshot
            waited = time.perf_counter()
            what = control.wait_for_work(0.05 if stale else None, batches=not trainer.finished)
            if time.perf_counter() - waited > 0.02:  # idle time must not count against the speed
                self._rate = (time.perf_counter(), trainer.step_count, self._rate[2])
            if what == "stop":
                break
            if what == "tasks":
                self._apply_tasks(trainer)
                continue
            if what == "timeout":
                continue
            self._train_one(trainer)
            stale_progress = stale_snapshot = True
            now = time.perf_counter()
            if trainer.finished:
                self._emit_progress(trainer)
                self._emit_snapshot(trainer)
                stale_progress = stale_snapshot = False
                self.trainingStopped.emit(trainer.stopped or "", trainer.message)
                continue
            if now >= due_progress:
                self._emit_progress(trainer)
                due_progress = now + PROGRESS_INTERVAL
                stale_progress = False
            if now >= due_snapshot:
                self._emit_snapshot(trainer)
                due_snapshot = time.perf_counter() + SNAPSHOT_INTERVAL
                stale_snapshot = False
        trainer.interrupt()

    def _apply_tasks(self, trainer: Trainer) -> None:
        control = self._job.control
        changes = control.take_hyper()
        if changes:
            try:
                trainer.set_hyper(**changes)
            except Exception as exc:  # noqa: BLE001 - a bad value must not end the run
                self.errorRaised.emit(_describe(exc))
        if control.run_posted():
            self._emit_snapshot(trainer)
        if changes:
            self._emit_progress(trainer)

    def _train_one(self, trainer: Trainer) -> None:
        try:
            batch, epoch = trainer.step()
        except TrainingDiverged:
            return  # trainer.finished is now set; the caller reports it
        self._last_batch = batch
        x = batch.epoch - 1 + batch.batch / batch.batches_per_epoch
        self._batch_loss.append(x, batch.loss)
        self._batch_acc.append(x, batch.accuracy)
        if epoch is not None:
            self._last_epoch = epoch
            values = (epoch.loss, epoch.accuracy, epoch.val_loss, epoch.val_accuracy)
            for buf, value in zip(self._epoch, values, strict=True):
                buf.append(epoch.epoch, value)

    def _emit_progress(self, trainer: Trainer) -> None:
        now = time.perf_counter()
        then, step0, rate = self._rate
        elapsed = now - then
        if elapsed >= 0.2 or (elapsed > 0.01 and trainer.step_count > step0 and rate == 0.0):
            rate = (trainer.step_count - step0) / elapsed
            self._rate = (now, trainer.step_count, rate)
        self.batchFinished.emit(self._progress(trainer, rate))
        if self._last_epoch is not None:
            self.epochFinished.emit(self._last_epoch.as_json())
            self._last_epoch = None

    def _progress(self, trainer: Trainer, rate: float) -> dict[str, Any]:
        """Plain data for the plots and the status bar. Series are (x, y) pairs of arrays,
        x in fractional epochs (epoch k ends at x = k)."""
        batch = self._last_batch
        return {
            "step": trainer.step_count,
            "epoch": trainer.epochs_done
            + (
                batch.batch / batch.batches_per_epoch
                if batch is not None and batch.batch < batch.batches_per_epoch
                else 0.0
            ),
            "epochs_done": trainer.epochs_done,
            "batches_per_epoch": trainer.batches_per_epoch,
            "loss": batch.loss if batch is not None else float("nan"),
            "accuracy": batch.accuracy if batch is not None else float("nan"),
            "steps_per_second": rate,
            "finished": trainer.finished,
            "batch_loss": self._batch_loss.arrays(),
            "batch_accuracy": self._batch_acc.arrays(),
            "epoch_loss": self._epoch[0].arrays(),
            "epoch_accuracy": self._epoch[1].arrays(),
            "val_loss": self._epoch[2].arrays(),
            "val_accuracy": self._epoch[3].arrays(),
        }

    def _emit_snapshot(self, trainer: Trainer) -> None:
        try:
            self.snapshotReady.emit(make_snapshot(trainer))
        except Exception as exc:  # noqa: BLE001 - a view failing must not stop training
            self.errorRaised.emit(f"Could not draw the model: {_describe(exc)}")


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if isinstance(exc, (ValueError, RuntimeError)) else f"{type(exc).__name__}: {text}"


def _trainer_info(trainer: Trainer) -> dict[str, Any]:
    spec, model = trainer.spec, trainer.model
    n_params = 0
    if hasattr(model, "dense_weights"):
        n_params = sum(int(np.size(a)) for layer in model.dense_weights() for a in layer)
    return {
        "engine": spec.engine,
        "model": spec.model,
        "device": str(getattr(model, "device", "CPU")),
        "parameters": n_params,
        "n_train": trainer.dataset.n_train,
        "n_classes": trainer.dataset.n_classes,
        "batches_per_epoch": trainer.batches_per_epoch,
    }


class TrainingSession(QObject):
    """GUI-thread owner of one training run at a time: thread, worker and control.

    Relays the worker's signals under the same names. `start` replaces any previous run;
    `stop_and_wait` stops and joins it, and drops its not-yet-delivered signals so a stale
    snapshot can never reach views that were already cleared for the next run.
    """

    trainerReady = Signal(dict)
    batchFinished = Signal(dict)
    epochFinished = Signal(dict)
    snapshotReady = Signal(dict)
    trainingStopped = Signal(str, str)
    errorRaised = Signal(str)
    stateChanged = Signal(str)  # "idle" (no run), "paused", "running", "finished", "stopped"

    _RELAYED = (
        "trainerReady",
        "batchFinished",
        "epochFinished",
        "snapshotReady",
        "trainingStopped",
        "errorRaised",
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job: _Job | None = None
        self._thread: QThread | None = None
        self._worker: TrainingWorker | None = None
        self._state = "idle"
        app = QCoreApplication.instance()
        if app is not None:  # quitting while training must still join the thread
            app.aboutToQuit.connect(self._on_about_to_quit)

    # ----- queries ------------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self._state

    @property
    def trainer(self) -> Trainer | None:
        """The current trainer (None until built). Read it; change it only through `call`."""
        return self._job.trainer if self._job else None

    @property
    def spec(self) -> Experiment | None:
        return self._job.spec if self._job else None

    def is_running(self) -> bool:
        """True while the worker thread is alive (training, paused or finished)."""
        from shiboken6 import isValid

        thread = self._thread
        return thread is not None and isValid(thread) and thread.isRunning()

    # ----- lifecycle ----------------------------------------------------------------------
    def start(
        self,
        spec: Experiment,
        dataset: Dataset | None = None,
        model: Any = None,
        *,
        paused: bool = True,
    ) -> None:
        """Stop any run, then build a trainer for `spec` on a new thread (paused by default).

        `dataset` None loads the data in the worker; `model` None builds a fresh network.
        """
        self.stop_and_wait()
        job = self._job = _Job(spec.copy(), dataset, model, paused)
        thread = QThread()
        thread.setObjectName("TrainingThread")
        worker = TrainingWorker(job)
        worker.moveToThread(thread)
        thread.started.connect(worker.work)
        # quit() is thread-safe; a direct connection lets stop_and_wait join a blocked GUI thread
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        worker.finished.connect(worker.deleteLater)
        thread.finished.connect(thread.deleteLater)
        thread.finished.connect(self._on_thread_finished)
        # signal-to-signal relays are queued to this object, so stop_and_wait can drop them
        worker.trainerReady.connect(self.trainerReady)
        worker.batchFinished.connect(self.batchFinished)
        worker.epochFinished.connect(self.epochFinished)
        worker.snapshotReady.connect(self.snapshotReady)
        worker.trainingStopped.connect(self._on_training_stopped)
        worker.errorRaised.connect(self.errorRaised)
        self._thread, self._worker = thread, worker
        _prune_live()
        _LIVE[id(thread)] = (thread, worker, job.control)
        thread.start()
        self._set_state("paused" if paused else "running")

    def stop_and_wait(self, timeout_ms: int = 1000) -> bool:
        """Stop the run and join its thread. True when no thread is left running.

        The trainer is kept (for saving or inspecting); only a new `start` replaces it.
        """
        from shiboken6 import isValid

        thread, worker = self._thread, self._worker
        if thread is None:
            return True
        if self._job is not None:
            self._job.control.stop()
        if not isValid(thread):  # it ended by itself and Qt has already deleted it
            self._thread = self._worker = None
            return True
        thread.finished.disconnect(self._on_thread_finished)
        if worker is not None and isValid(worker):
            for name in self._RELAYED:
                getattr(worker, name).disconnect()
        joined = thread.wait(timeout_ms)
        _prune_live()  # one that did not end in time stays in _LIVE until it does
        QCoreApplication.removePostedEvents(self, QEvent.Type.MetaCall)
        self._thread = self._worker = None
        if self._state != "idle":
            self._set_state("stopped")
        return joined

    # ----- control ------------------------------------------------------------------------
    def resume(self) -> None:
        if self._job is not None and self.is_running():
            self._job.control.resume()
            self._set_state("running")

    def pause(self) -> None:
        if self._job is not None and self.is_running():
            self._job.control.pause()
            self._set_state("paused")

    def step(self, count: int = 1) -> None:
        """Pause (if running) and let exactly `count` batches run."""
        if self._job is not None and self.is_running():
            self._job.control.step(count)
            self._set_state("paused")

    def set_hyper(self, **values: float) -> None:
        """lr / momentum / l1 / l2 / batch_size, applied at the next batch without a reset."""
        if self._job is not None and self.is_running():
            self._job.control.set_hyper(**values)
        elif self.trainer is not None:
            self.trainer.set_hyper(**values)

    def call(self, fn: Callable[[Trainer], Any]) -> Future:
        """Run `fn(trainer)` in the trainer's thread between two batches; a Future of its result.

        A new snapshot follows. Without a live thread (the run was stopped) it runs here.
        """
        job = self._job
        if job is None:
            future: Future = Future()
            future.set_exception(RuntimeError("there is no network yet"))
            return future
        if self.is_running():
            return job.control.post(_TrainerCall(job, fn))
        future = Future()
        try:
            if job.trainer is None:
                raise RuntimeError("the network was not built")
            future.set_result(fn(job.trainer))
            self.snapshotReady.emit(make_snapshot(job.trainer))
        except Exception as exc:  # noqa: BLE001 - the caller reads it from the Future
            future.set_exception(exc)
        return future

    # ----- relays (GUI thread) ------------------------------------------------------------
    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.stateChanged.emit(state)

    @Slot(str, str)
    def _on_training_stopped(self, reason: str, message: str) -> None:
        self._set_state("finished")
        self.trainingStopped.emit(reason, message)

    @Slot()
    def _on_about_to_quit(self) -> None:
        self.stop_and_wait()

    @Slot()
    def _on_thread_finished(self) -> None:
        """The worker ended by itself (a fatal error): nothing can train any more."""
        self._thread = self._worker = None
        self._set_state("finished")


class _TrainerCall:
    """A posted task: call fn with the job's trainer (a plain callable, run by the loop)."""

    def __init__(self, job: _Job, fn: Callable[[Trainer], Any]) -> None:
        self._job, self._fn = job, fn

    def __call__(self) -> Any:
        if self._job.trainer is None:
            raise RuntimeError("the network was not built")
        return self._fn(self._job.trainer)
