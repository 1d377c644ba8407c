"""argparse's own words in the CLI's language (#14): its error messages (wrong value, unknown
option, missing argument, ...), --help's usage prefix, headings and every option's help are
Chinese with --lang zh_CN (or NEURAL_PLAYGROUND_LANG), already while parsing, and English
otherwise."""

from __future__ import annotations

import argparse
import json
import re

import pytest

from engine.cli.language import (
    ARGPARSE_MESSAGES,
    CATALOGUE,
    argparse_message,
    language_in_argv,
    set_language,
)
from engine.cli.main import build_parser, main

PLACEHOLDER = re.compile(r"%\(\w+\)[sr]|%[sr]")


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def _error(argv: list[str], capsys) -> str:
    assert main(argv) == 2
    return capsys.readouterr().err.strip()


@pytest.mark.parametrize(
    ("argv", "english", "chinese"),
    [
        (
            ["train", "--epochs", "x"],
            "error: argument --epochs: invalid int value: 'x' (see 'main.py train --help')",
            "错误：参数 --epochs：无效的 int 值：'x'（见 'main.py train --help'）",
        ),
        (["train", "--bogus"], "error: unrecognized arguments: --bogus", "无法识别的参数：--bogus"),
        (
            ["predict"],
            "error: the following arguments are required: IMAGE",
            "错误：缺少必需的参数：IMAGE",
        ),
        (
            ["train", "--activation", "foo"],
            "error: argument --activation: invalid choice: 'foo' (choose from",
            "错误：参数 --activation：无效的选择：'foo'（可选：",
        ),
        (
            ["train", "--epochs"],
            "error: argument --epochs: expected one argument",
            "错误：参数 --epochs：需要一个参数值",
        ),
        (
            ["train", "--hidden", "8,,8"],
            "error: argument --hidden: an empty size between commas in '8,,8'; write 8,8",
            "错误：参数 --hidden：'8,,8' 的逗号之间有一个空的大小",
        ),
    ],
)
def test_argparse_errors_in_both_languages(argv, english, chinese, capsys) -> None:
    assert _error(argv, capsys).startswith(english)
    error = _error([argv[0], "--lang", "zh_CN", *argv[1:]], capsys)
    assert chinese in error and error.startswith("错误：")
    assert not re.search(r"argument|invalid|expected|required|unrecognized|choose", error)


def test_the_environment_sets_the_language_of_parsing_errors(capsys, monkeypatch) -> None:
    monkeypatch.setenv("NEURAL_PLAYGROUND_LANG", "zh_CN")
    assert "无法识别的参数：--bogus" in _error(["train", "--bogus"], capsys)


def test_help_in_chinese_and_english(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["train", "--help", "--lang", "zh_CN"])
    zh = capsys.readouterr().out
    assert zh.startswith("用法：main.py train") and "\n选项:\n" in zh
    assert "显示这条帮助信息并退出" in zh and "早停的耐心值，以轮计（0 = 关）" in zh
    assert "usage:" not in zh and "show this help" not in zh
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    en = capsys.readouterr().out
    assert en.startswith("usage: main.py train") and "\noptions:\n" in en
    assert "patience in epochs (0 = off)" in en


def test_every_help_text_and_argparse_message_has_chinese() -> None:
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    texts = ["usage: ", "options", "positional arguments"]

    def walk(parser: argparse.ArgumentParser) -> None:
        texts.append(parser.description)
        for action in parser._actions:
            texts.append(action.help)
            if isinstance(action, argparse._SubParsersAction):
                texts.extend(choice.help for choice in action._choices_actions)
                for sub in action.choices.values():
                    walk(sub)

    walk(build_parser())
    missing = {t for t in texts if t and t != argparse.SUPPRESS and not catalogue.get(t)}
    assert not missing
    for template in ARGPARSE_MESSAGES:
        chinese = catalogue.get(template)
        assert chinese, template
        assert PLACEHOLDER.findall(chinese) == PLACEHOLDER.findall(template), template


def test_argparse_message_translates_inside_and_leaves_unknown_text() -> None:
    set_language("zh_CN")
    assert argparse_message("argument -n: expected 2 arguments") == "参数 -n：需要 2 个参数值"
    assert argparse_message("something argparse never says") == "something argparse never says"
    set_language("en")
    assert argparse_message("expected one argument") == "expected one argument"


def test_the_language_is_read_from_argv_before_parsing() -> None:
    assert language_in_argv(["train", "--lang", "zh_CN", "--epochs", "x"]) == "zh_CN"
    assert language_in_argv(["train", "--lang=en"]) == "en"
    assert language_in_argv(["train", "--lang", "fr"]) is None  # argparse then says why
    assert language_in_argv(["train", "--", "--lang", "zh_CN"]) is None


def test_every_cli_line_template_has_chinese() -> None:
    """Each literal `tr("...")` in engine/ and main.py, and each word the CLI passes to tr
    from data (run endings, stop reasons, set names) has a Chinese entry."""
    import ast
    from pathlib import Path

    from engine.runs.store import ENDINGS

    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    root = Path(__file__).resolve().parents[1]
    templates = {}
    for path in [root / "main.py", *sorted((root / "engine").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                templates[node.args[0].value] = f"{path.name}:{node.lineno}"
    assert len(templates) > 40
    words = {*ENDINGS, "train", "val", "validation", "test", "acc", "r2"}
    missing = {t: where for t, where in templates.items() if not catalogue.get(t)}
    missing.update({w: "data" for w in words if not catalogue.get(w)})
    assert not missing


def test_main_py_says_an_unknown_command_in_the_language(capsys, monkeypatch) -> None:
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "main.py"
    spec = importlib.util.spec_from_file_location("neural_playground_main", path)
    entry = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(entry)
    assert entry.main(["fly"]) == 2
    assert capsys.readouterr().err.startswith("error: unknown command 'fly'; use train")
    monkeypatch.setenv("NEURAL_PLAYGROUND_LANG", "zh_CN")
    assert entry.main(["fly"]) == 2
    assert capsys.readouterr().err.startswith("错误：未知的命令 'fly'；请用 train")
