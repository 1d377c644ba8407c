"""Atomic file writes: a temporary file in the same folder, then a rename, so a crash never
leaves a half-written experiment or model behind.

The finished file gets the mode any editor would give it: the existing file's, or 0666 less
the user's umask (not mkstemp's 0600). A save killed half-way leaves its hidden temporary file
behind; the next save to that folder removes such leftovers. Errors name the user's path,
never the temporary one.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from engine.messages import Text

# mkstemp(prefix=".NAME.", suffix=SUFFIX) -> ".NAME.<8 random chars>SUFFIX"
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}(?P<suffix>\.[^.]+)$")
STALE_AFTER_S = 60.0  # younger temporaries may belong to a save still in progress


def write_atomic(path: str | Path, write: Callable[[str], None], suffix: str = "") -> None:
    """Call ``write(tmp_path)`` and then move the finished file over ``path``."""
    path = Path(path)
    remove_leftovers(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=suffix or path.suffix, dir=path.parent
        )
    except OSError as exc:
        raise _naming(exc, path) from None
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _naming(exc, path) from None
        raise


def write_text_atomic(path: str | Path, text: str) -> None:
    write_atomic(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def remove_leftovers(folder: str | Path) -> list[Path]:
    """Delete temporaries that killed saves left in `folder` (older than STALE_AFTER_S)."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match is None or Path(match["name"]).suffix != match["suffix"]:
            continue
        try:
            if entry.is_file(follow_symlinks=False) and now - entry.stat().st_mtime > STALE_AFTER_S:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # gone already, or not ours to delete
    return removed


def check_writable(path: str | Path) -> None:
    """Raise an OSError naming `path` if a file cannot be written there (checked up front,
    so a long run does not end in an unwritable path)."""
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(21, Text("is a folder; give a file name"), str(path))
    folder = path.parent
    if not folder.is_dir():
        raise FileNotFoundError(2, Text("the folder does not exist"), str(path))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(13, Text("the folder is not writable"), str(path))
    if path.exists() and not os.access(path, os.W_OK):
        raise PermissionError(13, Text("the file is read-only"), str(path))


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)  # keep an existing file's permissions
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux: read it without changing it (os.umask would, for every thread)
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _naming(exc: OSError, path: Path) -> OSError:
    """The same error, about the user's path rather than the temporary file."""
    if exc.errno is None:
        return exc
    return type(exc)(exc.errno, exc.strerror or str(exc), str(path))
