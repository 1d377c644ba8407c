"""The lessons' texts in another language: the window's lesson banner and Lessons menu, and
later the CLI, read them here.

The lessons themselves (engine.teaching.lessons) are written in English; a translation is a
JSON file in resources/i18n, `lessons_<language>.json`, mapping each lesson id to its `title`
and its `steps`, one {"title", "note", "expect_text", "surface_expect_text"} per step, in order
(the last is the outcome of a step's walk on a loss surface, "" for other steps;
tests/test_lessons_zh.py checks that the zh_CN file is complete). Any text a translation
lacks is the English one.
"""

from __future__ import annotations

import functools
import json
import logging
from pathlib import Path

from engine.teaching.lessons import lesson

I18N_DIR = Path(__file__).resolve().parents[2] / "resources" / "i18n"
ENGLISH = "en"
# what a step's translation holds
STEP_FIELDS = ("title", "note", "expect_text", "surface_expect_text")
_log = logging.getLogger(__name__)


def translation_path(language: str) -> Path:
    return I18N_DIR / f"lessons_{language}.json"


@functools.cache
def _translations(language: str) -> dict:
    """The language's lesson texts by lesson id, read once; {} for English, or when the file
    is missing or broken (the lessons then stay English, and the log says why)."""
    if language == ENGLISH:
        return {}
    path = translation_path(language)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        _log.warning("Lesson texts for %s unavailable (%s): %s", language, path, exc)
        return {}
    return raw if isinstance(raw, dict) else {}


def lesson_text(lesson_id: str | int, step_index: int | None, field: str, language: str) -> str:
    """A lesson's text in `language` ("en", "zh_CN"): its `title` when `step_index` is None,
    else step `step_index`'s `title`, `note`, `expect_text` or `surface_expect_text`; the
    lesson by id or number. The
    English text where the translation has none. SpecError names an unknown lesson,
    IndexError a step it does not have, ValueError a field that is not one of these."""
    item = lesson(lesson_id)
    entry = _translations(language).get(item.id)
    entry = entry if isinstance(entry, dict) else {}
    if step_index is None:
        if field != "title":
            raise ValueError(f"field: a lesson has only a title, not {field!r}")
        return _text(entry.get("title"), item.title)
    if field not in STEP_FIELDS:
        raise ValueError(f"field: {field!r} is not one of {', '.join(STEP_FIELDS)}")
    if not 0 <= step_index < len(item.steps):
        raise IndexError(f"step_index: lesson {item.id} has steps 0 to {len(item.steps) - 1}")
    english = english_text(item.steps[step_index], field)
    steps = entry.get("steps")
    step = steps[step_index] if isinstance(steps, list) and step_index < len(steps) else {}
    return _text(step.get(field) if isinstance(step, dict) else None, english)


def english_text(step: object, field: str) -> str:
    """A step's own English text for one of STEP_FIELDS."""
    if field == "surface_expect_text":
        surface = getattr(step, "surface", None)
        return surface.expect_text if surface is not None else ""
    return str(getattr(step, field))


def _text(translated: object, english: str) -> str:
    """The translation when it is a non-empty string (and the English is not empty)."""
    if english and isinstance(translated, str) and translated.strip():
        return translated
    return english
