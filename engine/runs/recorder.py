"""Records a run into the run history while it trains: the loop's `RunObserver`.

`run_training(..., observers=[RunRecorder(store, exp, ...)])` calls it in the thread that
trains (the CLI's main thread, the window's worker thread; never the GUI thread). The row is
written when the first epoch ends, then at most once every `min_interval` seconds, and once
at the end, so recording costs a few small writes per run however fast the epochs are. A run
stopped before it trained a batch (a network the window built and replaced untrained) leaves
no row; every other ending is kept, even one that diverged at the first batch.

A write that fails (disk full, file locked) never reaches training: the store says so in
`store.problem`, and `run` (a `StoredRun`) still holds everything in memory; the end tries a
row again if the first one could not be written.
"""

from __future__ import annotations

import time
from pathlib import Path

from engine.experiment.spec import Experiment
from engine.runs.store import RunStore, StoredRun, now_iso, series_from_history
from engine.training.run_history import describe_run
from engine.training.trainer import Trainer


class RunRecorder:
    """Keeps one run in `store`; `run_id` is its row (None until written, or if it never was)."""

    def __init__(
        self,
        store: RunStore,
        exp: Experiment,
        engine: str,
        backend: str,
        device: str,
        min_interval: float = 5.0,
        name: str = "",
    ) -> None:
        self.store = store
        self.min_interval = float(min_interval)
        self.run_id: int | None = None
        self.model_path: str | Path | None = None  # set before the end to record a saved model
        self.run = StoredRun(
            spec=exp.to_dict(),
            name=name or describe_run(exp),  # as the Runs dock names a run
            dataset=exp.data.name,
            model=exp.model,
            engine=engine,
            backend=backend,
            device=device,
            started=now_iso(),
        )
        self._last_write = -float("inf")
        self._began = False

    # ----- RunObserver ----------------------------------------------------------------------
    def on_epoch(self, trainer: Trainer) -> None:
        now = time.monotonic()
        if now - self._last_write < self.min_interval:
            return
        self._last_write = now
        self.run.series = series_from_history(trainer.history)
        self.run.epochs = len(trainer.history)
        if not self._began:
            self._began = True
            self.run_id = self.store.add(self.run)
        elif self.run_id is not None:
            self.store.checkpoint(self.run_id, self.run.series)

    def on_end(self, trainer: Trainer, ended_how: str, metrics: dict[str, float | None]) -> None:
        run = self.run
        run.spec = trainer.spec.to_dict()  # as it ended: hyperparameters tuned while it ran
        run.series = series_from_history(trainer.history)
        run.epochs = len(trainer.history)
        run.ended, run.ended_how = now_iso(), ended_how
        run.metrics = dict(metrics)
        run.message = str(trainer.message or "")
        run.model_path = None if self.model_path is None else str(self.model_path)
        if self.run_id is None:
            if trainer.step_count == 0 and ended_how == "stopped":
                return  # a network built and replaced before it trained: nothing to keep
            self.run_id = self.store.add(run)  # the first write, or a retry of a failed one
        else:
            self.store.finish(
                self.run_id,
                ended_how,
                run.series,
                run.metrics,
                run.model_path,
                run.message,
                spec=run.spec,
            )
        run.id = self.run_id or 0

    def set_model_path(self, path: str | Path | None) -> bool:
        """Record a model saved after the end (the CLI's --save); False if it was not written."""
        self.model_path = self.run.model_path = None if path is None else str(path)
        if self.run_id is None:
            return False
        return self.store.set_model_path(self.run_id, self.run.model_path)
