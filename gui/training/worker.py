"""The one bridge between the window and a Trainer: a worker QObject living in its own QThread.

The worker owns the Trainer; only its thread touches the model. The window talks to it through
a thread-safe `TrainingControl` (pause, step, stop, hyperparameters, posted edits) and hears
back through past-tense signals that carry plain data, throttled where they are produced:

- `trainerReady(dict)`: the trainer is built (engine, device, Keras backend, parameter count,
  dataset).
- `batchFinished(dict)`: at most ~30/s while running, and after every single step while
  paused: the latest step/epoch/loss/accuracy/steps-per-second plus copies of the bounded
  per-batch and per-epoch series (see `_progress`).
- `epochFinished(dict)`: the latest finished epoch (EpochReport fields), at most ~30/s.
- `snapshotReady(dict)`: at most ~15/s while running, after every paused step and every posted
  edit: the decision grid, per-neuron thumbnails and weight copies (see `make_snapshot`).
- `insideReady(dict)`: with a snapshot, at most ~5/s and never more than a tenth of the time:
  histograms, gradient sizes, inactive units and weight mosaics (see `engine.introspection.probe`).
- `trainingStopped(reason, message)`: the trainer finished ("completed", "early_stopping",
  "diverged"); the loop stays alive so the finished model can still be edited and saved.
- `evaluationReady(dict)`: the test-set evaluation (see
  `engine.introspection.snapshots.make_evaluation`) after each epoch (at most once a second
  for fast 2-D epochs), at the end, and on demand. It is only shown: early stopping and the
  best weights follow the validation set, so the test set decides nothing.
- `errorRaised(str)`: anything that went wrong in the worker, as a message.

The training itself is the engine's one loop (`engine.training.loop.run_training`), for NumPy
and Keras models alike; the worker is its listener (`_Reporter`), turning what the loop says
into these signals. `gui.training.session.TrainingSession` is the GUI-thread owner: it creates
the thread and worker with the four lifecycle connections, relays the signals, and stops and
joins the thread.
"""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal, Slot

from engine.data.datasets import Dataset, load_dataset
from engine.experiment.spec import Experiment
from engine.introspection.probe import InsideProbe
from engine.introspection.snapshots import make_evaluation, make_snapshot
from engine.keras_import import BACKEND_TITLES
from engine.models.registry import load_model
from engine.runs.recorder import RunRecorder
from engine.runs.store import StoredRun
from engine.training.control import TrainingControl
from engine.training.history import SeriesBuffer
from engine.training.loop import ENDED_STOPPED, TrainingListener, run_training
from engine.training.run_history import describe_run
from engine.training.trainer import BatchReport, EpochReport, Trainer
from gui.common.i18n import engine_message
from gui.training.keras_loader import wait_for_keras

COULD_NOT_EVALUATE = QT_TRANSLATE_NOOP("Training", "Could not evaluate the model: {error}")
COULD_NOT_DRAW = QT_TRANSLATE_NOOP("Training", "Could not draw the model: {error}")
COULD_NOT_LOOK_INSIDE = QT_TRANSLATE_NOOP("Training", "Could not look inside the network: {error}")
PROGRESS_INTERVAL = 1 / 30  # s between batchFinished/epochFinished emissions while running
SNAPSHOT_INTERVAL = 1 / 45  # s between snapshots while running: a fresh one for every 30 fps frame
EVALUATION_INTERVAL = 1.0  # s between automatic test evaluations of fast (2-D) epochs
CHECKPOINT_INTERVAL = 5.0  # s: a running run is saved to the run history at most this often
STORE_WAIT = 10.0  # s the training thread waits for the run history to open


@dataclass
class RunRecording:
    """Where the window's runs are recorded: `store` is a Future of the open
    `engine.runs.store.RunStore`; `recorded(StoredRun)` and `problem(str)` are called in the
    training thread (thread-safe: signal emissions) when a run has ended and been written,
    and when a write failed (the run is then kept in memory only)."""

    store: Future
    recorded: Callable[[StoredRun], None]
    problem: Callable[[str], None]
    interval_s: float = CHECKPOINT_INTERVAL


class TrainingJob:
    """Plain state shared by a session and its worker (the trainer outlives the worker).

    `model`: None for a fresh network, a built Model, or the Path of a saved model, loaded by
    the worker (a .keras file needs Keras, which stays off the GUI thread).
    """

    def __init__(self, spec: Experiment, dataset: Dataset | None, model: Any, paused: bool):
        self.spec = spec
        self.dataset = dataset
        self.model = model
        self.control = TrainingControl(paused=paused)
        self.trainer: Trainer | None = None
        self.auto_evaluate = True  # show the test score after epochs; nothing decides by it
        self.recording: RunRecording | None = None  # None: runs are not recorded
        # how a stop is recorded: "stopped" (Stop, Reset, a new network), or "interrupted"
        # (the window closed); set before the control is told to stop
        self.ending = ENDED_STOPPED


class TrainingWorker(QObject):
    """Runs the training loop in its thread; see the module docstring for its signals."""

    trainerReady = Signal(dict)
    batchFinished = Signal(dict)
    epochFinished = Signal(dict)
    snapshotReady = Signal(dict)
    insideReady = Signal(dict)
    evaluationReady = Signal(dict)
    trainingStopped = Signal(str, str)
    errorRaised = Signal(str)
    finished = Signal()

    def __init__(self, job: TrainingJob) -> None:
        super().__init__()
        self._job = job
        self._reporter = _Reporter(self, job)

    @Slot()
    def work(self) -> None:
        """The thread's whole life: build the trainer, then run the loop until stop."""
        try:
            self._run()
        except Exception as exc:  # noqa: BLE001 - every failure must reach the GUI
            self.errorRaised.emit(_describe(exc))
        finally:
            self.finished.emit()

    def _run(self) -> None:
        job = self._job
        control = job.control
        if job.dataset is None:  # big data (images) loads here, off the GUI thread
            job.dataset = load_dataset(job.spec.data)
        # a Keras model is built here, never in the GUI thread; wait for the import of Keras
        # and its backend in slices, so a stop is not held up by it
        if job.spec.engine == "keras" and not wait_for_keras(
            job.spec.backend, lambda: control.stop_requested
        ):
            return
        if isinstance(job.model, Path):
            job.model = load_model(job.model)
        trainer = job.trainer = Trainer(job.spec, job.dataset, model=job.model)
        self.trainerReady.emit(_trainer_info(trainer))
        self._reporter.show(trainer)
        recorder = self._recorder(trainer)
        # a finished run keeps serving, so its model can still be edited, evaluated and saved
        run_training(
            trainer, control, self._reporter, linger=True, observers=[recorder] if recorder else ()
        )

    def _recorder(self, trainer: Trainer) -> _WindowRecorder | None:
        """What records this run into the run history, or None (not recording, or the store
        did not open in time: the run still trains)."""
        recording = self._job.recording
        if recording is None:
            return None
        try:
            store = recording.store.result(timeout=STORE_WAIT)
        except Exception as exc:  # noqa: BLE001 - training goes on without a record
            recording.problem(_describe(exc))
            return None
        spec = trainer.spec
        recorder = RunRecorder(
            store,
            spec,
            spec.engine,
            spec.backend if spec.engine == "keras" else "",
            trainer.model.info().device,
            min_interval=recording.interval_s,
            name=describe_run(spec),
        )
        return _WindowRecorder(recorder, self._job, recording, self.errorRaised.emit)

    def evaluate_now(self) -> None:
        """Evaluate on the test set and emit evaluationReady (a task posted by the session)."""
        self._reporter.evaluate_now()


class _WindowRecorder:
    """The loop's RunObserver for the window: a `RunRecorder` that records a stop as the
    window meant it (stopped, or interrupted by closing), keeps the settings the run ended
    with, hands the finished run to the window and says when a write failed. Runs in the
    training thread and never raises into training."""

    def __init__(
        self,
        recorder: RunRecorder,
        job: TrainingJob,
        recording: RunRecording,
        report_error: Callable[[str], None],
    ) -> None:
        self._recorder = recorder
        self._job = job
        self._recording = recording
        self._report_error = report_error

    def on_epoch(self, trainer: Trainer) -> None:
        self._guarded(lambda: self._recorder.on_epoch(trainer))

    def on_end(self, trainer: Trainer, ended_how: str, metrics: dict[str, float | None]) -> None:
        if ended_how == ENDED_STOPPED:
            ended_how = self._job.ending
            if trainer.step_count == 0:
                return  # a network built and replaced or closed before it trained
        recorder = self._recorder

        def end() -> None:
            recorder.run.spec = trainer.spec.to_dict()  # with any change made while it ran
            recorder.on_end(trainer, ended_how, metrics)

        self._guarded(end)
        if recorder.run_id is not None or trainer.step_count > 0:
            self._recording.recorded(copy.deepcopy(recorder.run))

    def _guarded(self, work: Callable[[], None]) -> None:
        store = self._recorder.store
        before = store.problem
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - a record failing must not stop training
            self._report_error(_describe(exc))
            return
        if store.problem is not None and store.problem is not before:
            self._recording.problem(engine_message(store.problem))


class _Reporter(TrainingListener):
    """The worker's listener: keeps the plotted series and emits the worker's signals,
    throttled at the source. Runs in the training thread."""

    def __init__(self, worker: TrainingWorker, job: TrainingJob) -> None:
        self._worker = worker
        self._job = job
        self._batch_loss = SeriesBuffer(1024)
        self._batch_acc = SeriesBuffer(1024)
        self._epoch = [SeriesBuffer(2048) for _ in range(4)]  # loss, acc, val loss, val acc
        self._last_batch: BatchReport | None = None
        self._last_epoch: EpochReport | None = None
        self._rate = (time.perf_counter(), 0, 0.0)  # (time, step, steps/s) at the last emission
        self._due_progress = self._due_snapshot = self._due_evaluation = 0.0
        self._stale_progress = self._stale_snapshot = False  # trained since the last emission
        self._inside = InsideProbe()

    def show(self, trainer: Trainer) -> None:
        """Emit progress and a snapshot now."""
        self._emit_progress(trainer)
        self._emit_snapshot(trainer)

    # ----- TrainingListener ---------------------------------------------------------------
    def on_batch(self, trainer: Trainer, report: BatchReport) -> None:
        self._last_batch = report
        x = report.epoch - 1 + report.batch / report.batches_per_epoch
        self._batch_loss.append(x, report.loss)
        self._batch_acc.append(x, report.accuracy)
        self._stale_progress = self._stale_snapshot = True
        if self._job.control.paused:
            self.flush(trainer)  # a single step shows at once
        else:
            self._after_batch(trainer)

    def on_epoch(self, trainer: Trainer, report: EpochReport) -> None:
        self._last_epoch = report
        values = (report.loss, report.accuracy, report.val_loss, report.val_accuracy)
        for buf, value in zip(self._epoch, values, strict=True):
            buf.append(report.epoch, value)
        self._stale_progress = True  # Keras reports the epoch after its last batch was shown
        if not trainer.finished:  # a finished run is evaluated by on_finished
            self._maybe_evaluate(trainer)

    def on_finished(self, trainer: Trainer) -> None:
        self.flush(trainer)
        self._maybe_evaluate(trainer, final=True)
        self._worker.trainingStopped.emit(trainer.stopped or "", engine_message(trainer.message))

    def on_served(self, trainer: Trainer, hyper: dict[str, float], tasks: int) -> None:
        if tasks:
            self._emit_snapshot(trainer)
        if hyper:
            self._emit_progress(trainer)

    def on_error(self, trainer: Trainer, exc: Exception) -> None:
        self._worker.errorRaised.emit(_describe(exc))  # a bad value must not end the run

    def stale(self) -> bool:
        return self._stale_progress or self._stale_snapshot

    def flush(self, trainer: Trainer) -> None:
        if self._stale_progress:
            self._emit_progress(trainer)
        if self._stale_snapshot:
            self._emit_snapshot(trainer)

    def idle(self, trainer: Trainer) -> None:
        self._rate = (time.perf_counter(), trainer.step_count, self._rate[2])

    # ----- throttling ---------------------------------------------------------------------
    def _after_batch(self, trainer: Trainer) -> None:
        """Emit progress and a snapshot when each is due."""
        now = time.perf_counter()
        if now >= self._due_progress:
            self._emit_progress(trainer)
            self._due_progress = now + PROGRESS_INTERVAL
        if now >= self._due_snapshot:
            self._emit_snapshot(trainer)
            self._due_snapshot = time.perf_counter() + SNAPSHOT_INTERVAL

    def _maybe_evaluate(self, trainer: Trainer, *, final: bool = False) -> None:
        """After an epoch: image epochs are slow, so each is evaluated; 2-D ones at most 1/s."""
        if not self._job.auto_evaluate:
            return
        now = time.perf_counter()
        if not (final or trainer.dataset.is_image) and now < self._due_evaluation:
            return
        self._due_evaluation = now + EVALUATION_INTERVAL
        self.evaluate_now()

    def evaluate_now(self) -> None:
        trainer = self._job.trainer
        if trainer is None:
            return
        try:
            self._worker.evaluationReady.emit(make_evaluation(trainer))
        except Exception as exc:  # noqa: BLE001 - a view failing must not stop training
            self._worker.errorRaised.emit(_failed(COULD_NOT_EVALUATE, exc))

    # ----- emissions ----------------------------------------------------------------------
    def _emit_progress(self, trainer: Trainer) -> None:
        self._stale_progress = False
        now = time.perf_counter()
        then, step0, rate = self._rate
        elapsed = now - then
        if elapsed >= 0.2 or (elapsed > 0.01 and trainer.step_count > step0 and rate == 0.0):
            rate = (trainer.step_count - step0) / elapsed
            self._rate = (now, trainer.step_count, rate)
        self._worker.batchFinished.emit(self._progress(trainer, rate))
        if self._last_epoch is not None:
            self._worker.epochFinished.emit(self._last_epoch.as_json())
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
        self._stale_snapshot = False
        worker = self._worker
        try:
            worker.snapshotReady.emit(make_snapshot(trainer))
        except Exception as exc:  # noqa: BLE001 - a view failing must not stop training
            worker.errorRaised.emit(_failed(COULD_NOT_DRAW, exc))
        try:  # throttled inside; a paused step is always shown
            final = self._job.control.paused or trainer.finished  # always show where it ended
            inside = self._inside.maybe(trainer, force=final)
        except Exception as exc:  # noqa: BLE001 - a view failing must not stop training
            self._inside.enabled = False  # say it once, not five times a second
            worker.errorRaised.emit(_failed(COULD_NOT_LOOK_INSIDE, exc))
            return
        if inside is not None:
            worker.insideReady.emit(inside)


def _failed(what: str, exc: BaseException) -> str:
    """ "Could not ...: <the engine's own words>", the first part translated (in this thread:
    `QCoreApplication.translate` is thread-safe)."""
    return QCoreApplication.translate("Training", what).format(error=_describe(exc))


def _describe(exc: BaseException) -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", engine_message(exc)) or type(exc).__name__  # Keras colours
    return text if isinstance(exc, (ValueError, RuntimeError)) else f"{type(exc).__name__}: {text}"


def _trainer_info(trainer: Trainer) -> dict[str, Any]:
    spec, info = trainer.spec, trainer.model.info()
    return {
        "engine": spec.engine,
        "model": spec.model,
        "device": info.device,
        "backend": BACKEND_TITLES[spec.backend] if spec.engine == "keras" else "",
        # e.g. a GPU was asked for but none found; a batch larger than the set
        "note": " ".join(engine_message(n) for n in (info.note, trainer.note) if n),
        "parameters": info.parameters,
        "n_train": trainer.dataset.n_train,
        "n_classes": trainer.dataset.n_classes,
        "batches_per_epoch": trainer.batches_per_epoch,
    }
