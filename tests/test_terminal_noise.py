"""What the terminal shows: no TensorFlow start-up chatter, clean JSON, and a progress bar that
never runs into the next line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.keras_import import NATIVE_NOISE, native_stderr_filtered
from tests.keras_backend import needs_keras  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOISE_WORDS = ("cuInit", "cudart_stub", "absl::InitializeLog", "oneDNN", "cuda_platform")


def test_native_noise_is_dropped_and_anything_else_passed_on(capfd):
    with native_stderr_filtered():
        os.write(2, b"WARNING: All log messages before absl::InitializeLog() is called are...\n")
        os.write(2, b"E0000 00:00:1795985805.980803    4293 cuda_platform.cc:52] failed call\n")
        os.write(2, b"I0000 00:00:1795985803.730936    4293 cudart_stub.cc:31] Could not find\n")
        os.write(2, b"UserWarning: something a user should read\n")
    err = capfd.readouterr().err
    assert err == "UserWarning: something a user should read\n"
    assert not NATIVE_NOISE.match("Traceback (most recent call last):")


@needs_keras
@pytest.mark.slow
def test_a_keras_cli_run_prints_json_only_and_no_tensorflow_chatter():
    out = subprocess.run(
        [sys.executable, "main.py", "train", "--engine", "keras", "--dataset", "xor",
         "--hidden", "4", "--epochs", "2", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert [json.loads(line)["epoch"] for line in lines[:-1]] == [1, 2]
    assert json.loads(lines[-1])["done"] is True
    assert not [w for w in NOISE_WORDS if w in out.stderr], out.stderr


def test_ctrl_c_ends_the_progress_line_before_the_summary():
    proc = subprocess.Popen(
        [sys.executable, "-u", "main.py", "train", "--dataset", "spiral", "--points", "2000",
         "--hidden", "32,32", "--batch-size", "1", "--epochs", "50"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    seen = b""
    deadline = time.monotonic() + 60
    while b"] loss" not in seen and time.monotonic() < deadline:  # the bar is drawn
        seen += os.read(proc.stdout.fileno(), 4096)
    proc.send_signal(signal.SIGINT)
    rest, _ = proc.communicate(timeout=60)
    text = (seen + rest).decode()
    assert proc.returncode == 0, text
    at = text.index("Test accuracy")
    line_start = text.rfind("\n", 0, at) + 1
    assert text[line_start:at].split("\r")[-1].strip() == "", repr(text[line_start : at + 20])
