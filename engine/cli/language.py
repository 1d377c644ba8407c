"""The CLI's human-readable lines in English or Simplified Chinese (zh_CN).

The language is `--lang`, else ``NEURAL_PLAYGROUND_LANG`` (the window reads it too), else the
locale's (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: any ``zh…`` is Chinese), else English. The
catalogue, `resources/i18n/cli_zh_CN.json`, maps each English template to its Chinese one with
the same ``{placeholders}``. JSON output (``--json``) stays English: it is an API. Messages
that come from the engine's checks are shown in Chinese where the engine gave them as a
`engine.messages.Text` with a translated template (the experiment's checks), else in English.

argparse's own words follow the same language: `language_in_argv` reads ``--lang`` before
parsing (so a parsing error is already in it), `argparse_message` translates argparse's error
messages by matching its message templates (`ARGPARSE_MESSAGES`, the catalogue's keys too),
and `HelpFormatter` gives ``--help`` its headings, usage prefix, descriptions and option help in
the chosen language.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "zh_CN")
CATALOGUE = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "cli_zh_CN.json"
_language = "en"


def add_language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="language of the human-readable lines (default: the locale's); JSON stays English",
    )


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    forced = env.get("NEURAL_PLAYGROUND_LANG", "")
    if forced:
        return forced if forced in LANGUAGES else "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(code: str | None) -> str:
    """Use `code` ("en" or "zh_CN"; None: from the environment) for the lines that follow."""
    global _language
    _language = code if code in LANGUAGES else language_from_environment()
    return _language


@cache
def _catalogue() -> dict[str, str]:
    try:
        data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str) and not k.startswith("_")}


def message(exc: object) -> str:
    """An engine message (or an exception carrying one) in the current language."""
    from engine.messages import render

    return render(exc, _language)


def tr(template: str, **values: object) -> str:
    """`template` in the current language, formatted with `values`."""
    text = _catalogue().get(template, template) if _language == "zh_CN" else template
    return text.format(**values) if values else text


def language_in_argv(argv: Sequence[str]) -> str | None:
    """The language `--lang X` / `--lang=X` asks for, read before argparse parses `argv`
    (None when not given or not one of LANGUAGES: argparse then says so)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        else:
            continue
        return value if value in LANGUAGES else None
    return None


# argparse's messages a user can meet, as argparse writes them (Python 3.11-3.13): each is a key
# of the catalogue, whose Chinese keeps the same %-placeholders in the same order.
ARGPARSE_MESSAGES = (
    "argument %(argument_name)s: %(message)s",
    "unrecognized arguments: %s",
    "the following arguments are required: %s",
    "one of the arguments %s is required",
    "not allowed with argument %s",
    "invalid choice: %(value)r (choose from %(choices)s)",
    "invalid %(type)s value: %(value)r",
    "expected one argument",
    "expected at most one argument",
    "expected at least one argument",
    "expected %s argument",
    "expected %s arguments",
    "ambiguous option: %(option)s could match %(matches)s",
    "ignored explicit argument %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)",
    "can't open '%(filename)s': %(error)s",
)
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sr]|%[sr]")


@cache
def _argparse_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Each template as a regex with a group per placeholder; fixed texts first, so "expected
    one argument" is not read as "expected %s argument"."""
    patterns = []
    for template in ARGPARSE_MESSAGES:
        regex, last = "", 0
        for i, m in enumerate(_PLACEHOLDER.finditer(template)):
            regex += re.escape(template[last : m.start()]) + f"(?P<{m.group(1) or f'_{i}'}>.+?)"
            last = m.end()
        patterns.append((template, re.compile(regex + re.escape(template[last:]), re.S)))
    return sorted(patterns, key=lambda p: p[1].groups)


def argparse_message(text: str) -> str:
    """An error message argparse wrote (in English), in the current language; one it does not
    know stays as it is. The message inside "argument X: ..." is translated too."""
    if _language == "en":
        return text
    for template, pattern in _argparse_patterns():
        found = pattern.fullmatch(text)
        chinese = _catalogue().get(template)
        if found is None or chinese is None:
            continue
        values = found.groupdict()  # by name; an unnamed %s by its place: "_0", "_1", ...
        if "message" in values:
            values["message"] = argparse_message(values["message"])
        parts, last = [], 0
        for i, m in enumerate(_PLACEHOLDER.finditer(chinese)):
            parts += [chinese[last : m.start()], values[m.group(1) or f"_{i}"]]
            last = m.end()
        return "".join(parts) + chinese[last:]
    return text


class HelpFormatter(argparse.HelpFormatter):
    """``--help`` in the current language: the usage prefix, section headings, descriptions
    and each option's help (the catalogue's keys are the English texts)."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, tr("usage: ") if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        super().start_section(tr(heading) if heading else heading)

    def add_text(self, text: str | None) -> None:
        super().add_text(tr(text) if text and text is not argparse.SUPPRESS else text)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        # argparse's documented hook (ArgumentDefaultsHelpFormatter overrides it too)
        help_text = action.help
        return tr(help_text) if help_text else help_text
