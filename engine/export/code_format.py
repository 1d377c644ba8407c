"""Python literals and calls written the way `ruff format` writes them (double quotes, a call
split over lines only when it does not fit in LINE_LENGTH), so exported scripts arrive
formatted."""

from __future__ import annotations

import json
from typing import Any

LINE_LENGTH = 100


def lit(value: Any) -> str:
    """`value` (None, a bool, number, string, or a list of them) as a Python literal."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # double quotes, escapes as Python's
    if isinstance(value, (list, tuple)):
        inner = ", ".join(lit(v) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    return repr(value)


def call(head: str, args: list[str], indent: int, tail: str = "") -> list[str]:
    """`head(args...)tail` at `indent` spaces: on one line when it fits, else with the
    arguments on one line of their own, else one per line with a trailing comma."""
    pad = " " * indent
    one = f"{pad}{head}({', '.join(args)}){tail}"
    if len(one) <= LINE_LENGTH or not args:
        return [one]
    inner = f"{pad}    {', '.join(args)}"
    if len(inner) <= LINE_LENGTH:
        return [f"{pad}{head}(", inner, f"{pad}){tail}"]
    return [f"{pad}{head}(", *(f"{pad}    {a}," for a in args), f"{pad}){tail}"]
