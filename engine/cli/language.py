"""The CLI's human-readable lines in English or Simplified Chinese (zh_CN).

The language is `--lang`, else ``NEURAL_PLAYGROUND_LANG`` (the window reads it too), else the
locale's (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: any ``zh…`` is Chinese), else English. The
catalogue, `resources/i18n/cli_zh_CN.json`, maps each English template to its Chinese one with
the same ``{placeholders}``. JSON output (``--json``) stays English: it is an API. Messages
that come from the engine's checks are shown in Chinese where the engine gave them as a
`engine.messages.Text` with a translated template (the experiment's checks), else in English.
"""

from __future__ import annotations

import argparse
import json
import os
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
