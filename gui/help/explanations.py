"""Tooltips and "What's this?" texts for every control, from one data file.

`resources/explanations.json` maps objectNames to a short tip and a longer explanation (with a
formula where one helps). It has two sections:

- ``panels``: docks and panels. They get their own texts only; controls inside them need keys
  of their own (the test checks that every control has one).
- ``controls``: single controls and views. Their unnamed parts (the QSlider inside a labelled
  slider, the − and + of a stepper, the PlotWidget of a plot) inherit the texts where they have
  none, because those parts are what the pointer is actually over.

`apply_explanations(root)` walks the widget tree (QActions too) and sets toolTip and whatsThis;
labels whose buddy got texts get them as well. Calling it again explains widgets created since
(new layer rows) and leaves alone those already explained, so tooltips that a panel changes
later (a loaded file's path) are not overwritten.
"""

from __future__ import annotations

import functools
import html
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

from gui.common.relevance import IGNORED_NOTE, with_note

EXPLANATIONS_PATH = Path(__file__).resolve().parents[2] / "resources" / "explanations.json"
EXPLAINED = "explained"  # dynamic property: this object got its texts already
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Explanation:
    tip: str
    what: str
    title: str = ""
    formula: str = ""
    panel: bool = False  # a container: its texts are not handed down to its parts

    def whats_this(self) -> str:
        """Rich text for the What's This bubble: title, explanation, formula."""
        parts = [f"<p><b>{html.escape(self.title)}</b></p>"] if self.title else []
        parts.append(f"<p>{html.escape(self.what)}</p>")
        if self.formula:
            lines = "<br>".join(html.escape(line) for line in self.formula.split("\n"))
            parts.append(f"<p style='margin-left:12px'><i>{lines}</i></p>")
        return "".join(parts)


def parse_explanations(raw: object) -> dict[str, Explanation]:
    """The file's JSON as Explanations by objectName; ValueError names a malformed entry."""
    if not isinstance(raw, dict):
        raise ValueError("the explanations file must be a JSON object")
    out: dict[str, Explanation] = {}
    for section, panel in (("panels", True), ("controls", False)):
        entries = raw.get(section, {})
        if not isinstance(entries, dict):
            raise ValueError(f"{section} must be an object of objectName: explanation")
        for name, entry in entries.items():
            if not isinstance(entry, dict) or not entry.get("tip") or not entry.get("what"):
                raise ValueError(f"{section}.{name} needs a non-empty tip and what")
            if name in out:
                raise ValueError(f"{name} is explained twice")
            out[name] = Explanation(
                tip=str(entry["tip"]),
                what=str(entry["what"]),
                title=str(entry.get("title", "")),
                formula=str(entry.get("formula", "")),
                panel=panel,
            )
    return out


@functools.cache
def explanations(path: str = str(EXPLANATIONS_PATH)) -> dict[str, Explanation]:
    """The explanations, read once. A missing or broken file means no tooltips, not a crash."""
    try:
        return parse_explanations(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        _log.warning("Explanations unavailable (%s): %s", path, exc)
        return {}


def apply_explanations(root: QWidget, table: dict[str, Explanation] | None = None) -> int:
    """Give every object under `root` whose objectName has an explanation its tooltip and
    What's This text; returns how many objects got new texts."""
    table = explanations() if table is None else table
    done = 0
    for obj in [root, *root.findChildren(QObject)]:
        entry = table.get(obj.objectName())
        if entry is None:
            continue
        if isinstance(obj, QAction):
            done += _explain_action(obj, entry)
        elif isinstance(obj, QWidget):
            if not obj.property(EXPLAINED):  # a switched-off control keeps saying why
                obj.setToolTip(with_note(entry.tip, obj.property(IGNORED_NOTE) or ""))
                obj.setWhatsThis(entry.whats_this())
                obj.setProperty(EXPLAINED, True)
                done += 1
            if not entry.panel:
                done += _hand_down(obj, entry, table)
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and buddy.whatsThis() and not label.whatsThis():
            label.setToolTip(buddy.toolTip())
            label.setWhatsThis(buddy.whatsThis())
    return done


def _explain_action(action: QAction, entry: Explanation) -> int:
    if action.property(EXPLAINED):
        return 0
    tip = entry.tip
    if not action.shortcut().isEmpty():
        native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        tip = f"{tip} ({native})"
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.setWhatsThis(entry.whats_this())
    action.setProperty(EXPLAINED, True)
    return 1


def _hand_down(owner: QWidget, entry: Explanation, table: dict[str, Explanation]) -> int:
    """Fill the empty texts of `owner`'s unnamed parts, stopping at named widgets."""
    done = 0
    stack = [c for c in owner.children() if isinstance(c, QWidget)]
    while stack:
        child = stack.pop()
        name = child.objectName()
        if name in table or (name and not name.startswith("qt_")):
            continue  # a named widget explains itself (or the test reports it)
        if not child.whatsThis():
            child.setWhatsThis(entry.whats_this())
            done += 1
        if not child.toolTip():
            child.setToolTip(entry.tip)
        stack.extend(c for c in child.children() if isinstance(c, QWidget))
    return done


def explained_names(root: QWidget) -> set[str]:
    """Every objectName under `root` (widgets and actions): what the JSON may refer to."""
    return {o.objectName() for o in [root, *root.findChildren(QObject)] if o.objectName()}
