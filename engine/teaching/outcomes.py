"""Expected lesson outcomes as predicates on a finished run (see `engine.teaching.lessons`).

They read only `history` and `stopped`: plain data that is safe to read from any thread once a
run has ended, so the GUI can check a lesson's claim without touching the model. On regression
data the reports' accuracy fields hold R² (engine.training.trainer), which `r2_at_least` and
`r2_below` read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from engine.training.trainer import STOP_DIVERGED, STOP_EARLY, EpochReport

OVERFIT_GAP = 0.20  # train accuracy this far above validation accuracy: over-fitting


class FinishedRun(Protocol):
    """What a predicate reads: a Trainer, or anything with its history and stop reason."""

    history: list[EpochReport]
    stopped: str | None


def _last(run: FinishedRun) -> EpochReport | None:
    return run.history[-1] if run.history else None


def reaches_full_accuracy(run: FinishedRun) -> bool:
    last = _last(run)
    return last is not None and last.val_accuracy >= 1.0


def stays_below_full_accuracy(run: FinishedRun) -> bool:
    last = _last(run)
    return last is not None and last.val_accuracy < 1.0


def loss_never_rises(run: FinishedRun) -> bool:
    losses = [r.loss for r in run.history]
    pairs = zip(losses, losses[1:], strict=False)
    return len(losses) > 1 and all(b <= a * (1 + 1e-6) for a, b in pairs)


def diverges(run: FinishedRun) -> bool:
    return run.stopped == STOP_DIVERGED


def barely_moves(run: FinishedRun) -> bool:
    h = run.history
    return len(h) > 1 and h[-1].loss > 0.9 * h[0].loss


def at_least(accuracy: float) -> Callable[[FinishedRun], bool]:
    def check(run: FinishedRun) -> bool:
        last = _last(run)
        return last is not None and last.val_accuracy >= accuracy

    return check


def below(accuracy: float) -> Callable[[FinishedRun], bool]:
    def check(run: FinishedRun) -> bool:
        last = _last(run)
        return last is not None and last.val_accuracy < accuracy

    return check


def final_loss_below(limit: float) -> Callable[[FinishedRun], bool]:
    """The last epoch's training loss (the mean over its batches) is below `limit`."""

    def check(run: FinishedRun) -> bool:
        last = _last(run)
        return last is not None and last.loss < limit

    return check


def r2_at_least(r2: float) -> Callable[[FinishedRun], bool]:
    """On regression data: the last epoch's validation R² (the reports' score) is >= `r2`."""

    def check(run: FinishedRun) -> bool:
        last = _last(run)
        return last is not None and last.val_accuracy >= r2

    return check


def r2_below(r2: float) -> Callable[[FinishedRun], bool]:
    """On regression data: the last epoch's validation R² is below `r2`."""

    def check(run: FinishedRun) -> bool:
        last = _last(run)
        return last is not None and last.val_accuracy < r2

    return check


def generalisation_gap(run: FinishedRun) -> float:
    """Train minus validation accuracy of the weights the run ended with (early stopping restores
    the epoch with the lowest validation loss)."""
    if not run.history:
        return 0.0
    kept = run.history[-1]
    if run.stopped == STOP_EARLY:
        kept = min(run.history, key=lambda r: r.val_loss)
    return kept.accuracy - kept.val_accuracy


def overfits(run: FinishedRun) -> bool:
    return generalisation_gap(run) >= OVERFIT_GAP


def generalises(run: FinishedRun) -> bool:
    return bool(run.history) and generalisation_gap(run) < OVERFIT_GAP
