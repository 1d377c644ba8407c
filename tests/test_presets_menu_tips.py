"""The Presets menu's tips are the first paragraph of each preset's docstring, written out in
gui/experiment/presets_menu.py so the catalogue can translate them: they must not drift."""

from __future__ import annotations

import inspect

from engine.experiment.presets import PRESETS
from gui.experiment.presets_menu import PRESET_TIPS


def test_every_preset_tip_is_its_docstrings_first_paragraph():
    assert set(PRESET_TIPS) == set(PRESETS)
    for name, make in PRESETS.items():
        first = inspect.cleandoc(make.__doc__ or name).split("\n\n")[0]
        assert PRESET_TIPS[name] == " ".join(first.split()), name
