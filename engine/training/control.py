"""Cooperative control of a training loop from another thread (the GUI, or Ctrl-C in the CLI).

`TrainingControl` holds the flags (pause, granted single steps, stop, a speed limit), the queued
hyperparameters and posted tasks, and the one way to wait for them: `wait_for_work()`. The loop
(`engine.training.loop.run_training`) asks it before every batch, so pause, single-step, stop
and hyperparameter changes all take effect between two batches, never in the middle of one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any


class TrainingControl:
    """Thread-safe flags: the controlling thread writes, the training loop reads.

    Besides flags it carries a queue of callables (`post`) that the loop runs between two
    batches, so edits to the model (a clicked weight, a save) happen in the training thread.
    """

    def __init__(self, *, paused: bool = False) -> None:
        self._cond = threading.Condition()
        self._paused = paused
        self._stop = False
        self._steps_granted = 0
        self._pending: dict[str, float] = {}
        self._tasks: list[tuple[Callable[[], Any], Future]] = []
        self._min_interval = 0.0  # seconds between batches under a speed limit
        self._next_batch_at = 0.0

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def stop_requested(self) -> bool:
        return self._stop

    def pause(self) -> None:
        with self._cond:
            self._paused = True
            self._steps_granted = 0

    def resume(self) -> None:
        with self._cond:
            self._paused = False
            self._cond.notify_all()

    def step(self, count: int = 1) -> None:
        """While paused, let exactly `count` more batches run."""
        with self._cond:
            self._paused = True
            self._steps_granted += count
            self._cond.notify_all()

    def stop(self) -> None:
        """Ask the loop to end; tasks it will never run are cancelled."""
        with self._cond:
            self._stop = True
            tasks, self._tasks = self._tasks, []
            self._cond.notify_all()
        for _, future in tasks:
            future.cancel()

    def set_hyper(self, **values: float) -> None:
        """Queue lr / momentum / l1 / l2 / batch_size for the loop to apply at the next batch."""
        with self._cond:
            self._pending.update(values)
            self._cond.notify_all()  # a paused loop in wait_for_work applies them at once

    def post(self, task: Callable[[], Any]) -> Future:
        """Queue `task` for the training thread, waking a paused loop; returns its Future.

        After `stop` the Future comes back already cancelled: no loop is left to run it.
        """
        future: Future = Future()
        with self._cond:
            if self._stop:
                future.cancel()
                return future
            self._tasks.append((task, future))
            self._cond.notify_all()
        return future

    def run_posted(self) -> int:
        """Run the queued tasks in the calling (training) thread; returns how many ran.

        A task's exception goes to its Future, never into the training loop.
        """
        with self._cond:
            tasks, self._tasks = self._tasks, []
        for task, future in tasks:
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(task())
            except BaseException as exc:  # noqa: BLE001 - handed to whoever posted the task
                future.set_exception(exc)
        return len(tasks)

    def wait_for_work(self, timeout: float | None = None, *, batches: bool = True) -> str:
        """Block until there is something to do and say what: "stop"; "tasks" (posted
        callables or hyperparameters to apply); "batch" (one may run; a granted single step
        is used up); or "timeout". With `batches=False` (a finished trainer) only stop, tasks
        and hyperparameters wake it.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while True:
                ready = self._cond.wait_for(
                    lambda: (
                        self._stop
                        or bool(self._tasks)
                        or bool(self._pending)
                        or (batches and (not self._paused or self._steps_granted > 0))
                    ),
                    None if deadline is None else max(0.0, deadline - time.monotonic()),
                )
                if self._stop:
                    return "stop"
                if not ready:
                    return "timeout"
                if self._tasks or self._pending:
                    return "tasks"
                if self._paused:  # a granted single step is never slowed down
                    self._steps_granted -= 1
                    return "batch"
                due = self._next_batch_at - time.monotonic()
                if due <= 0:
                    if self._min_interval:
                        self._next_batch_at = time.monotonic() + self._min_interval
                    return "batch"
                # speed limit: sleep until the next batch is due, woken early by any command
                if deadline is not None and deadline - time.monotonic() < due:
                    self._cond.wait(max(0.0, deadline - time.monotonic()))
                    return "timeout"
                self._cond.wait(due)

    def set_speed_limit(self, steps_per_second: float | None) -> None:
        """At most this many batches a second (None: as fast as possible), so a learner can
        watch the boundary move; pause, step and stop still act at once."""
        with self._cond:
            self._min_interval = 1.0 / steps_per_second if steps_per_second else 0.0
            self._next_batch_at = 0.0
            self._cond.notify_all()

    def take_hyper(self) -> dict[str, float]:
        with self._cond:
            pending, self._pending = self._pending, {}
            return pending
