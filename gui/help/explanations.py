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

The texts are in the app's current language (gui.common.i18n): 中文 reads
`resources/i18n/explanations_zh_CN.json`, which has the same keys and fields, and falls back to
English for an entry it lacks. After a language switch, calling `apply_explanations` again
replaces every text that is still an explanation (in any language) with the new language's;
texts a panel set itself are left alone.
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

from gui.common.i18n import ENGLISH, I18N_DIR, LANGUAGES, current_language
from gui.common.relevance import IGNORED_NOTE, with_note

EXPLANATIONS_PATH = Path(__file__).resolve().parents[2] / "resources" / "explanations.json"
TRANSLATED_PATHS = {"zh_CN": I18N_DIR / "explanations_zh_CN.json"}  # language -> its file
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


def explanations_in(language: str) -> dict[str, Explanation]:
    """The explanations in `language` (a code of gui.common.i18n.LANGUAGES): English for an
    entry the translation lacks, or for all of them when its file is missing or broken."""
    english = explanations()
    path = TRANSLATED_PATHS.get(language) if language != ENGLISH else None
    if path is None:
        return english
    translated = explanations(str(path))
    return {name: translated.get(name, entry) for name, entry in english.items()}


@functools.cache
def _known_texts() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Every language's tip and What's This text by objectName: a text that is one of these
    was set by the explanations, so a language switch may replace it."""
    tips: dict[str, set[str]] = {}
    whats: dict[str, set[str]] = {}
    for code in LANGUAGES:
        for name, entry in explanations_in(code).items():
            tips.setdefault(name, set()).add(entry.tip)
            whats.setdefault(name, set()).add(entry.whats_this())
    return tips, whats


def apply_explanations(root: QWidget, table: dict[str, Explanation] | None = None) -> int:
    """Give every object under `root` whose objectName has an explanation its tooltip and
    What's This text, in the current language unless `table` is given; objects explained
    before in another language get this one's. Returns how many objects got new texts."""
    table = explanations_in(current_language()) if table is None else table
    tips, whats = _known_texts()
    done = 0
    for obj in [root, *root.findChildren(QObject)]:
        name = obj.objectName()
        entry = table.get(name)
        if entry is None:
            continue
        old_tips, old_whats = tips.get(name, set()), whats.get(name, set())
        if isinstance(obj, QAction):
            done += _explain_action(obj, entry, old_whats)
        elif isinstance(obj, QWidget):
            done += _explain_widget(obj, entry, old_tips, old_whats)
            if not entry.panel:
                done += _hand_down(obj, entry, table, old_tips, old_whats)
    every_what = set().union(*whats.values()) if whats else set()
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is None or not buddy.whatsThis() or label.whatsThis() == buddy.whatsThis():
            continue
        if not label.whatsThis() or label.whatsThis() in every_what:
            label.setToolTip(buddy.toolTip())
            label.setWhatsThis(buddy.whatsThis())
    return done


def _explain_widget(
    widget: QWidget, entry: Explanation, old_tips: set[str], old_whats: set[str]
) -> int:
    """Give `widget` `entry`'s texts if it has none yet; once explained, replace each text
    that is still an explanation (another language's), and leave alone one its panel set. A
    switched-off control keeps saying why (its note follows the tip)."""
    first = not widget.property(EXPLAINED)
    note = widget.property(IGNORED_NOTE) or ""
    tip = widget.toolTip()
    if note and tip.endswith(note):
        tip = tip[: -len(note)].rstrip()
    changed = False
    if first or (tip != entry.tip and tip in old_tips):
        widget.setToolTip(with_note(entry.tip, note))
        changed = True
    what = widget.whatsThis()
    if first or (what != entry.whats_this() and what in old_whats):
        widget.setWhatsThis(entry.whats_this())
        changed = True
    widget.setProperty(EXPLAINED, True)
    return int(changed)


def _explain_action(action: QAction, entry: Explanation, old_whats: set[str]) -> int:
    if action.whatsThis() == entry.whats_this():
        return 0
    if action.property(EXPLAINED) and action.whatsThis() not in old_whats:
        return 0  # its owner changed the texts since
    tip = entry.tip
    if not action.shortcut().isEmpty():
        native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        tip = f"{tip} ({native})"
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.setWhatsThis(entry.whats_this())
    action.setProperty(EXPLAINED, True)
    return 1


def _hand_down(
    owner: QWidget,
    entry: Explanation,
    table: dict[str, Explanation],
    old_tips: set[str],
    old_whats: set[str],
) -> int:
    """Fill the empty texts of `owner`'s unnamed parts, or those it handed down in another
    language, stopping at named widgets."""
    done = 0
    stack = [c for c in owner.children() if isinstance(c, QWidget)]
    while stack:
        child = stack.pop()
        name = child.objectName()
        if name in table or (name and not name.startswith("qt_")):
            continue  # a named widget explains itself (or the test reports it)
        what = child.whatsThis()
        if what != entry.whats_this() and (not what or what in old_whats):
            child.setWhatsThis(entry.whats_this())
            done += 1
        if not child.toolTip() or child.toolTip() in old_tips:
            child.setToolTip(entry.tip)
        stack.extend(c for c in child.children() if isinstance(c, QWidget))
    return done


def explained_names(root: QWidget) -> set[str]:
    """Every objectName under `root` (widgets and actions): what the JSON may refer to."""
    return {o.objectName() for o in [root, *root.findChildren(QObject)] if o.objectName()}
