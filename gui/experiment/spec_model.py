"""The one Experiment the window edits. Panels change it through `edit`; the window listens
to `changed` and decides whether the running trainer can take the change live or needs a reset.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from engine.experiment.spec import Experiment

# What a change needs, from cheapest to dearest.
LIVE = "live"  # lr, momentum, l1, l2, batch size: applied at the next batch
STRUCTURE = "structure"  # layers, activations, features, loss, optimizer, engine: a new network
DATA = "data"  # dataset, noise, points, ratio, seed: new data and a new network


class SpecModel(QObject):
    """Holds the experiment; emits `changed(kind)` after every edit (kind: LIVE/STRUCTURE/DATA)."""

    changed = Signal(str)
    replaced = Signal()  # a whole new experiment (opened file, preset): panels re-read everything

    def __init__(self, experiment: Experiment | None = None) -> None:
        super().__init__()
        self._experiment = experiment or Experiment()

    @property
    def experiment(self) -> Experiment:
        return self._experiment

    def edit(self, kind: str, change: Callable[[Experiment], None]) -> None:
        """Apply `change` to the experiment in place, then announce what kind of change it was."""
        change(self._experiment)
        self.changed.emit(kind)

    def replace(self, experiment: Experiment) -> None:
        self._experiment = experiment
        self.replaced.emit()
