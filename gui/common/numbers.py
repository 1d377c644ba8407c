"""Numbers for people: a loss as a learner reads it, never 40 digits that push the status bar's
message off the screen."""

from __future__ import annotations

import math

NO_VALUE = "–"  # nothing measured yet (before the first batch)
DIVERGED = "diverged"
LARGE = 1e5  # from here on only the order of magnitude matters: the run is blowing up


def format_loss(value: float | None) -> str:
    """0.0013 -> "0.0013", 0.693147 -> "0.6931", 9.06e36 -> "9.1e36", nan/inf -> "diverged",
    None -> "–"."""
    if value is None:
        return NO_VALUE
    value = float(value)
    if not math.isfinite(value):
        return DIVERGED
    text = format(value, ".2g" if abs(value) >= LARGE else ".4g")
    mantissa, e, exponent = text.partition("e")
    return f"{mantissa}e{int(exponent)}" if e else text
