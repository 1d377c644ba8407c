"""Where the app keeps its files: the run history database and the models saved with runs.

`--home DIR` wins, then ``$NEURAL_PLAYGROUND_HOME``, then the folder Qt's
``QStandardPaths.AppDataLocation`` gives for organisation and application "NeuralPlayground"
(gui/window/app.py sets both names). That rule is written out here, without Qt, so the CLI
finds the same folder as the window:

- Linux, other Unix: ``$XDG_DATA_HOME`` (or ``~/.local/share``)/NeuralPlayground/NeuralPlayground
- macOS: ``~/Library/Application Support/NeuralPlayground/NeuralPlayground``
- Windows: ``%APPDATA%`` (the roaming profile)/NeuralPlayground/NeuralPlayground
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

HOME_VARIABLE = "NEURAL_PLAYGROUND_HOME"
ORGANISATION = APPLICATION = "NeuralPlayground"


def default_home(environ: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """The folder QStandardPaths.AppDataLocation names on `platform` (default: this one)."""
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith("win"):
        base = Path(env.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = env.get("XDG_DATA_HOME", "")
        # the XDG rule: a relative value is invalid and ignored
        base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / ORGANISATION / APPLICATION


def resolve_home(cli_home: str | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """`--home DIR`, else $NEURAL_PLAYGROUND_HOME, else `default_home()`; `~` is expanded."""
    env = os.environ if environ is None else environ
    chosen = cli_home or env.get(HOME_VARIABLE, "")
    if chosen:
        return Path(chosen).expanduser()
    return default_home(env)
