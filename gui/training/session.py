"""The GUI-thread owner of a training run: its QThread, its worker and its control.

Split from `gui.training.worker` (which holds what runs in the training thread). Everything
here runs in the GUI thread, except `_call_off_thread`, which keeps a stopped Keras model out of it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, Signal, Slot

from engine.data.datasets import Dataset
from engine.experiment.spec import Experiment
from engine.introspection.snapshots import make_evaluation, make_snapshot
from engine.models.api import FitsItself
from engine.training.trainer import Trainer
from gui.training.threads import prune_live, register_thread
from gui.training.worker import COULD_NOT_EVALUATE, RunRecording, TrainingJob, TrainingWorker


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
    insideReady = Signal(dict)
    evaluationReady = Signal(dict)
    trainingStopped = Signal(str, str)
    errorRaised = Signal(str)
    stateChanged = Signal(str)  # "idle" (no run), "paused", "running", "finished", "stopped"

    _RELAYED = (
        "trainerReady",
        "batchFinished",
        "epochFinished",
        "snapshotReady",
        "insideReady",
        "evaluationReady",
        "trainingStopped",
        "errorRaised",
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job: TrainingJob | None = None
        self._thread: QThread | None = None
        self._worker: TrainingWorker | None = None
        self._state = "idle"
        self._auto_evaluate = True
        self._speed_limit: float | None = None  # batches per second; None = full speed
        self._recording: RunRecording | None = None  # where runs are recorded (set_recording)
        self._keras_lock = threading.Lock()  # one off-thread call at a time on a stopped model
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
        job = self._job = TrainingJob(spec.copy(), dataset, model, paused)
        job.auto_evaluate = self._auto_evaluate
        job.recording = self._recording
        job.control.set_speed_limit(self._speed_limit)
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
        worker.insideReady.connect(self.insideReady)
        worker.evaluationReady.connect(self.evaluationReady)
        worker.trainingStopped.connect(self._on_training_stopped)
        worker.errorRaised.connect(self.errorRaised)
        self._thread, self._worker = thread, worker
        register_thread(thread, worker, job.control)
        thread.start()
        self._set_state("paused" if paused else "running")

    def set_recording(self, recording: RunRecording | None) -> None:
        """Record the runs that start from now on into this run history (None: do not)."""
        self._recording = recording

    def set_speed_limit(self, steps_per_second: float | None) -> None:
        """Slow training to at most this many batches a second (None: full speed); kept for
        the runs that follow."""
        self._speed_limit = steps_per_second
        if self._job is not None:
            self._job.control.set_speed_limit(steps_per_second)

    def stop_and_wait(self, timeout_ms: int = 1000, ending: str = "stopped") -> bool:
        """Stop the run and join its thread. True when no thread is left running.

        The trainer is kept (for saving or inspecting); only a new `start` replaces it.
        `ending` is how the run history records a run this stops: "stopped" (Stop, Reset, a
        new network) or "interrupted" (the window closes).
        """
        from shiboken6 import isValid

        thread, worker = self._thread, self._worker
        if thread is None:
            return True
        if self._job is not None:
            self._job.ending = ending
        if not isValid(thread):  # it ended by itself and Qt has already deleted it
            if self._job is not None:
                self._job.control.stop()
            self._thread = self._worker = None
            return True
        # Drop the relays before asking the worker to stop: once stopped, it ends and is
        # deleted in its own thread, which must not race these disconnects. (A worker that
        # ended by itself meanwhile may already be gone: then there is nothing to drop.)
        with contextlib.suppress(RuntimeError):
            thread.finished.disconnect(self._on_thread_finished)
        if worker is not None and isValid(worker):
            with contextlib.suppress(RuntimeError):
                for name in self._RELAYED:
                    getattr(worker, name).disconnect()
        if self._job is not None:
            self._job.control.stop()
        joined = thread.wait(timeout_ms)
        prune_live()  # one that did not end in time stays registered until it does
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

        A new snapshot follows. Without a live thread (the run was stopped) it runs here, or,
        for a Keras model, in a short-lived thread of its own (Keras stays off this one).
        """
        job = self._job
        if job is None:
            future: Future = Future()
            future.set_exception(RuntimeError("there is no network yet"))
            return future
        if self.is_running():
            return job.control.post(_TrainerCall(job, fn))
        if job.trainer is not None and isinstance(job.trainer.model, FitsItself):
            return self._call_off_thread(job.trainer, fn)
        future = Future()
        try:
            if job.trainer is None:
                raise RuntimeError("the network was not built")
            future.set_result(fn(job.trainer))
            self.snapshotReady.emit(make_snapshot(job.trainer))
        except Exception as exc:  # noqa: BLE001 - the caller reads it from the Future
            future.set_exception(exc)
        return future

    def _call_off_thread(self, trainer: Trainer, fn: Callable[[Trainer], Any]) -> Future:
        future: Future = Future()

        def run() -> None:
            with self._keras_lock:
                try:
                    result = fn(trainer)
                    snapshot = make_snapshot(trainer)
                except Exception as exc:  # noqa: BLE001 - the caller reads it from the Future
                    future.set_exception(exc)
                    return
            future.set_result(result)
            self.snapshotReady.emit(snapshot)  # queued to the GUI thread's receivers

        threading.Thread(target=run, name="KerasCall", daemon=True).start()
        return future

    def evaluate(self) -> None:
        """Evaluate the model on the test set in the trainer's thread; evaluationReady follows
        (errors arrive through errorRaised)."""
        job, worker = self._job, self._worker
        if job is None:
            return
        if self.is_running() and worker is not None:
            job.control.post(worker.evaluate_now)
            return
        self.call(make_evaluation).add_done_callback(self._on_evaluated)

    def set_auto_evaluate(self, on: bool) -> None:
        """Whether the worker evaluates on the test set after epochs (this run and the next)."""
        self._auto_evaluate = on
        if self._job is not None:
            self._job.auto_evaluate = on

    # ----- relays (GUI thread) ------------------------------------------------------------
    def _on_evaluated(self, future: Future) -> None:
        """A stopped run's evaluation is done (in this thread, or queued from a Keras call)."""
        if future.cancelled():
            return
        if future.exception() is not None:
            said = QCoreApplication.translate("Training", COULD_NOT_EVALUATE)
            self.errorRaised.emit(said.format(error=future.exception()))
        else:
            self.evaluationReady.emit(future.result())

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
        self.stop_and_wait(ending="interrupted")

    @Slot()
    def _on_thread_finished(self) -> None:
        """The worker ended by itself (a fatal error): nothing can train any more."""
        self._thread = self._worker = None
        self._set_state("finished")


class _TrainerCall:
    """A posted task: call fn with the job's trainer (a plain callable, run by the loop)."""

    def __init__(self, job: TrainingJob, fn: Callable[[Trainer], Any]) -> None:
        self._job, self._fn = job, fn

    def __call__(self) -> Any:
        if self._job.trainer is None:
            raise RuntimeError("the network was not built")
        return self._fn(self._job.trainer)
