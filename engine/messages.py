"""Messages the engine raises, in English, that a front end can still show in another language.

A `Text` is a plain `str` (the English message, so `str(exc)`, logs and tests read it as
always) that also keeps its template and values. `render(message, language)` gives it in
another language from `resources/i18n/engine_<language>.json` (English template -> translated
template with the same ``{placeholders}``); values that are themselves `Text` are rendered too,
and anything without a translation stays English. Kept at the bottom layer, like
`engine.atomic`, so every part of the engine can raise one.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

I18N_DIR = Path(__file__).resolve().parents[1] / "resources" / "i18n"


class Text(str):
    """`template.format(**values)`, remembering both."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Text:
        self = super().__new__(cls, template.format(**values))
        self.template = template
        self.values = values
        return self


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    """The engine's translated templates for `language` ({} for English or a missing file)."""
    if language == "en":
        return {}
    try:
        data = json.loads((I18N_DIR / f"engine_{language}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str) and not k.startswith("_")}


def render(message: object, language: str) -> str:
    """`message` (a Text, an exception carrying one, or anything else) in `language`."""
    if isinstance(message, BaseException):
        message = message.args[0] if len(message.args) == 1 else str(message)
    if not isinstance(message, Text):
        return str(message)
    template = catalogue(language).get(message.template)
    if template is None:
        return str(message)
    values = {
        k: render(v, language) if isinstance(v, Text) else v for k, v in message.values.items()
    }
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):  # a broken translation: the English stands
        return str(message)
