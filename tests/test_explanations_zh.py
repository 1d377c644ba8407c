"""The zh_CN help texts (resources/i18n/explanations_zh_CN.json) cover every entry of
resources/explanations.json and nothing more: each English title, tip and what has a Chinese
text, formulas are copied unchanged, and every number of an English text is in its Chinese
one (a translation must not change a fact)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
ENGLISH = json.loads((RESOURCES / "explanations.json").read_text(encoding="utf-8"))
CHINESE = json.loads((RESOURCES / "i18n" / "explanations_zh_CN.json").read_text(encoding="utf-8"))
SECTIONS = ("panels", "controls")
TEXT_FIELDS = ("title", "tip", "what")
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_entry_is_translated_and_nothing_else():
    for section in SECTIONS:
        assert list(CHINESE[section]) == list(ENGLISH[section]), section


@pytest.mark.parametrize(
    "section, key", [(s, k) for s in SECTIONS for k in ENGLISH[s]], ids=lambda v: str(v)
)
def test_each_text_is_chinese_keeps_its_numbers_and_its_formula(section, key):
    en, zh = ENGLISH[section][key], CHINESE[section][key]
    assert set(zh) == set(en), f"{section}.{key}: fields differ"
    assert zh.get("formula") == en.get("formula"), f"{section}.{key}: the formula changed"
    for field in TEXT_FIELDS:
        if not en.get(field):
            continue
        text = zh[field]
        assert text.strip(), f"{section}.{key}.{field} is empty"
        if HAN.search(en[field]) is None and len(en[field]) > 12:  # a sentence, not a name
            assert HAN.search(text), f"{section}.{key}.{field} is not in Chinese: {text!r}"
        missing = sorted(set(NUMBER.findall(en[field])) - set(NUMBER.findall(text)))
        assert not missing, f"{section}.{key}.{field} lost the numbers {missing}"
