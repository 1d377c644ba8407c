"""The zh_CN lesson texts (resources/i18n/lessons_zh_CN.json) cover every lesson and step of
engine.teaching.lessons, in order and nothing more; no text is empty where the English is not;
every number of an English text appears in its Chinese one; and the glossary's key terms are
used wherever the English uses them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from engine.teaching.lessons import LESSONS

I18N_DIR = Path(__file__).resolve().parents[1] / "resources" / "i18n"
LESSONS_ZH = I18N_DIR / "lessons_zh_CN.json"
GLOSSARY = I18N_DIR / "glossary_zh_CN.md"
from engine.teaching.translations import STEP_FIELDS, english_text  # noqa: E402

NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
# The glossary rows this test checks (by any English spelling in the row's first column), and
# Chinese spellings accepted besides the row's own term.
CHECKED_TERMS = (
    "perceptron", "neuron", "weight", "bias", "learning rate", "overfitting",
    "decision boundary", "backpropagation", "batch size", "epoch", "convolution", "pooling",
    "dropout", "early stopping",
)  # fmt: skip
ALSO_ACCEPTED = {"dropout": ("Dropout",)}


def zh_lessons() -> dict:
    return json.loads(LESSONS_ZH.read_text(encoding="utf-8"))


def pairs() -> list[tuple[str, str, str]]:
    """(where, English, Chinese) for every text of every lesson, as far as the JSON has it."""
    zh = zh_lessons()
    out = []
    for lesson in LESSONS:
        entry = zh.get(lesson.id, {})
        out.append((f"{lesson.id}.title", lesson.title, entry.get("title", "")))
        # a step missing from the JSON is reported by the coverage test, not here
        zh_steps = entry.get("steps", [])
        for i, (step, zh_step) in enumerate(zip(lesson.steps, zh_steps, strict=False)):
            for field in STEP_FIELDS:
                where = f"{lesson.id}[{i}].{field}"
                out.append((where, english_text(step, field), zh_step.get(field, "")))
    return out


def glossary() -> list[tuple[list[str], list[str]]]:
    """(English spellings, accepted Chinese spellings) for each checked row of the glossary's
    markdown table; empty when the file is absent or has no readable table."""
    if not GLOSSARY.is_file():
        return []
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line.startswith("|"):
            continue
        cells = [c.strip().strip("`*") for c in line.strip("|").split("|")]
        if len(cells) < 2 or not cells[0] or not cells[1]:
            continue
        if cells[0].lower() == "english" or set(cells[0]) <= set("-: "):
            continue
        spellings = [s.strip() for s in cells[0].split("/") if s.strip()]
        checked = [s for s in spellings if s.lower() in CHECKED_TERMS]
        if not checked:
            continue
        chinese = [c.strip() for c in re.split(r"[/、,，]| or ", cells[1]) if c.strip()]
        for term in checked:
            chinese += ALSO_ACCEPTED.get(term.lower(), ())
        rows.append((spellings, chinese))
    return rows


def uses(term: str, english: str) -> bool:
    """Whether the English uses the term: a whole word in any case, with or without a plural."""
    return re.search(rf"(?<![\w-]){re.escape(term)}(?:s|es)?(?![\w-])", english, re.I) is not None


def test_the_json_is_a_mapping_of_lessons() -> None:
    zh = zh_lessons()
    assert isinstance(zh, dict)
    for lesson_id, entry in zh.items():
        assert isinstance(entry, dict) and set(entry) == {"title", "steps"}, lesson_id
        assert isinstance(entry["title"], str) and isinstance(entry["steps"], list), lesson_id
        for i, step in enumerate(entry["steps"]):
            assert isinstance(step, dict) and set(step) == set(STEP_FIELDS), (lesson_id, i)
            assert all(isinstance(step[f], str) for f in STEP_FIELDS), (lesson_id, i)


def test_every_lesson_and_step_is_there_and_nothing_else() -> None:
    zh = zh_lessons()
    ids = [lesson.id for lesson in LESSONS]
    assert not [i for i in ids if i not in zh], "lessons missing from the JSON"
    assert not [i for i in zh if i not in ids], "lessons in the JSON that the app does not have"
    for lesson in LESSONS:
        assert len(zh[lesson.id]["steps"]) == len(lesson.steps), lesson.id


def test_no_text_is_empty_where_the_english_is_not() -> None:
    empty = [where for where, en, zh in pairs() if en.strip() and not zh.strip()]
    assert not empty


def test_no_text_is_given_where_the_english_is_empty() -> None:
    extra = [where for where, en, zh in pairs() if not en.strip() and zh.strip()]
    assert not extra


def test_every_number_of_the_english_is_in_the_chinese() -> None:
    missing = [
        (where, sorted(set(NUMBER.findall(en)) - set(NUMBER.findall(zh))))
        for where, en, zh in pairs()
    ]
    assert not [m for m in missing if m[1]]


def test_the_glossary_terms_are_used() -> None:
    rows = glossary()
    if not rows:
        pytest.skip("no glossary table to check against")
    wrong = [
        (where, spellings[0], chinese[0])
        for where, en, zh in pairs()
        for spellings, chinese in rows
        if any(uses(s, en) for s in spellings) and not any(c in zh for c in chinese)
    ]
    assert not wrong


def test_the_checks_themselves() -> None:
    assert uses("epoch", "all 100 epochs") and uses("neuron", "Neurons")
    assert not uses("bias", "biased") and not uses("weight", "lightweight")
    assert NUMBER.findall("5,000 images, 0.001 and 784-256") == ["5,000", "0.001", "784", "256"]
    rows = {spellings[0].lower(): chinese for spellings, chinese in glossary()}
    if rows:
        assert "轮" in rows["epoch"] and "Dropout" in rows["dropout"]
        assert "learning rate" in rows and "activation function" not in rows


def test_a_walk_on_a_surface_states_its_outcome_in_chinese() -> None:
    from engine.teaching.lessons import lesson
    from engine.teaching.translations import lesson_text

    walks = [i for i, step in enumerate(lesson(13).steps) if step.surface is not None]
    assert walks
    for i in walks:
        english = lesson(13).steps[i].surface.expect_text
        assert lesson_text(13, i, "surface_expect_text", "en") == english
        chinese = lesson_text(13, i, "surface_expect_text", "zh_CN")
        assert chinese != english and re.search(r"[\u4e00-\u9fff]", chinese)
