"""A control that would change nothing is switched off, and its tooltip says why.

`show_relevance(widget, why)` is how panels do it; the tooltip keeps its usual text (from
resources/explanations.json) and gains the reason, which `IGNORED_NOTE` holds so that the
explanations, applied later, keep it too.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

IGNORED_NOTE = "ignoredBecause"  # dynamic property: why the control has no effect just now


def with_note(tip: str, why: str) -> str:
    """`tip` followed by the reason a control is off (or `tip` alone when it is on)."""
    return f"{tip}\n\n{why}".strip() if why else tip


def show_relevance(widget: QWidget, why: str = "") -> None:
    """Enable `widget` when its setting has an effect (`why` empty); else disable it and tell
    why in its tooltip."""
    old = widget.property(IGNORED_NOTE) or ""
    tip = widget.toolTip()
    if old and tip.endswith(old):
        tip = tip[: -len(old)].rstrip()
    widget.setProperty(IGNORED_NOTE, why)
    widget.setEnabled(not why)
    widget.setToolTip(with_note(tip, why))
