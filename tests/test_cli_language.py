"""The CLI speaks the locale's language (or --lang's): its human-readable lines in Chinese from
resources/i18n/cli_zh_CN.json, while --json output stays English (an API)."""

from __future__ import annotations

import json
import string

import pytest

from engine.cli.language import CATALOGUE, language_from_environment, set_language
from engine.cli.main import main


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_chinese_template_keeps_the_english_placeholders():
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    for english, chinese in catalogue.items():
        if english.startswith("_"):
            continue
        assert chinese.strip(), english
        assert _fields(chinese) == _fields(english), english


def test_the_language_follows_the_locale_unless_told():
    assert language_from_environment({"LANG": "zh_CN.UTF-8"}) == "zh_CN"
    assert language_from_environment({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}) == "zh_CN"
    assert language_from_environment({"LANG": "de_DE.UTF-8"}) == "en"
    assert (
        language_from_environment({"LANG": "zh_CN.UTF-8", "NEURAL_PLAYGROUND_LANG": "en"}) == "en"
    )
    assert language_from_environment({}) == "en"


def test_train_prints_chinese_lines_with_lang_zh(capsys):
    code = main(
        ["train", "--lang", "zh_CN", "--dataset", "xor", "--epochs", "2", "--points", "100"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "正在训练" in out and "第    2/2 轮" in out and "测试集准确率" in out
    assert "Test accuracy" not in out


def test_json_output_stays_english_in_chinese(capsys):
    code = main(["train", "--lang", "zh_CN", "--dataset", "xor", "--epochs", "1", "--json"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert code == 0
    summary = json.loads(lines[-1])
    assert summary["stopped"] == "completed" and "test_accuracy" in summary


def test_a_bad_argument_is_reported_in_chinese(capsys):
    code = main(["train", "--lang", "zh_CN", "--config", "/nonexistent/experiment.json"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("错误：") and "/nonexistent/experiment.json" in err
