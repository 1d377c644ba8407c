"""Atomic saves: permissions like any editor's, killed saves cleaned up, errors about the
user's path."""

from __future__ import annotations

import os
import stat
import time

import pytest

from engine.atomic import STALE_AFTER_S, check_writable, write_text_atomic


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_file_gets_the_users_umask_not_0600(tmp_path):
    old = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "a.json", "{}")
        os.umask(0o077)
        write_text_atomic(tmp_path / "b.json", "{}")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "a.json") == 0o644
    assert _mode(tmp_path / "b.json") == 0o600


def test_an_existing_file_keeps_its_permissions(tmp_path):
    path = tmp_path / "exp.json"
    path.write_text("{}")
    path.chmod(0o640)
    write_text_atomic(path, '{"a": 1}')
    assert _mode(path) == 0o640 and path.read_text() == '{"a": 1}'


def test_the_next_save_removes_what_a_killed_save_left_behind(tmp_path):
    tmp_path = tmp_path / "saves"
    tmp_path.mkdir()
    stale = tmp_path / ".model.npz.7lnostuw.npz"
    fresh = tmp_path / ".other.json.abcd1234.json"  # may be a save in progress elsewhere
    mine = tmp_path / ".bashrc"  # a hidden file that is not ours
    for p in (stale, fresh, mine):
        p.write_text("x")
    old = time.time() - STALE_AFTER_S - 5
    os.utime(stale, (old, old))
    os.utime(mine, (old, old))
    write_text_atomic(tmp_path / "exp.json", "{}")
    assert not stale.exists()
    assert fresh.exists() and mine.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".bashrc",
        ".other.json.abcd1234.json",
        "exp.json",
    ]


def test_errors_name_the_users_path_not_the_temporary_file(tmp_path):
    target = tmp_path / "missing" / "m.json"
    with pytest.raises(FileNotFoundError) as info:
        write_text_atomic(target, "{}")
    assert info.value.filename == str(target)
    assert ".m.json." not in str(info.value)


def test_check_writable_names_the_path_and_the_problem(tmp_path):
    check_writable(tmp_path / "new.npz")  # a new file in a writable folder is fine
    with pytest.raises(FileNotFoundError, match="the folder does not exist") as info:
        check_writable(tmp_path / "nope" / "m.npz")
    assert info.value.filename == str(tmp_path / "nope" / "m.npz")
    with pytest.raises(IsADirectoryError, match="is a folder"):
        check_writable(tmp_path)
