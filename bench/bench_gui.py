"""The window while it trains: event-loop latency, boundary refresh rate, training speed, and
cold start-up time.

    python bench/bench_gui.py [--seconds 10] [--json]

Runs offscreen (QT_QPA_PLATFORM=offscreen) unless a display is set. Latency is probed the way
a user feels it: a 10 ms QTimer on the GUI thread, and how late each tick arrives.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("NEURAL_PLAYGROUND_SETTINGS", "/tmp/neural-playground-bench.ini")

COLD_START = """
import time, sys
t0 = time.time()
from PySide6.QtWidgets import QApplication
from gui.window.main_window import MainWindow
app = QApplication(sys.argv)
w = MainWindow()
w.show()
app.processEvents()
print(time.time(), 'tensorflow' in sys.modules, flush=True)
w.close()  # joins the paused worker thread, as a user closing the window would
"""


def live_training(seconds: float) -> dict:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from engine.experiment.spec import DataSpec, Experiment, LayerSpec
    from gui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    exp = Experiment()
    exp.data = DataSpec(name="xor", points=500)
    exp.layers = [LayerSpec(units=8, activation="tanh"), LayerSpec(units=8, activation="tanh")]
    exp.training.batch_size = 10
    exp.training.epochs = 100_000
    window = MainWindow(exp)
    window.resize(1400, 900)
    window.show()
    app.processEvents()

    redraws = []
    original = window.live.boundary.set_snapshot

    def counting_set_snapshot(snapshot):
        redraws.append(time.perf_counter())
        original(snapshot)

    window.live.boundary.set_snapshot = counting_set_snapshot
    ticks: list[float] = []
    probe = QTimer()
    probe.setInterval(10)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))

    window.transport.action_for["train"].trigger()
    deadline = time.perf_counter() + 1.0  # let the first epoch and the JIT-free warm-up pass
    while time.perf_counter() < deadline:
        app.processEvents()
    trainer = window.session.trainer
    steps0, redraws0, t0 = trainer.step_count, len(redraws), time.perf_counter()
    probe.start()
    while time.perf_counter() - t0 < seconds:
        app.processEvents()
        time.sleep(0.001)
    probe.stop()
    elapsed = time.perf_counter() - t0
    steps = window.session.trainer.step_count - steps0
    fps = (len(redraws) - redraws0) / elapsed
    window.close()
    app.processEvents()
    late = np.diff(np.array(ticks)) * 1000 - 10.0
    return {
        "seconds": round(elapsed, 1),
        "latency_p50_ms": round(float(np.percentile(late, 50)), 2),
        "latency_p99_ms": round(float(np.percentile(late, 99)), 2),
        "latency_max_ms": round(float(late.max()), 2),
        "boundary_fps": round(fps, 1),
        "steps_per_s": round(steps / elapsed),
    }


def cold_start(runs: int = 3) -> dict:
    times, tf_loaded = [], False
    for _ in range(runs):
        start = time.time()
        out = subprocess.run(
            [sys.executable, "-c", COLD_START], cwd=ROOT, capture_output=True, text=True, check=True
        )
        shown, tf = out.stdout.split()[:2]
        times.append(float(shown) - start)
        tf_loaded |= tf == "True"
    return {"window_shown_s": round(min(times), 2), "tensorflow_imported": tf_loaded}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = {**live_training(args.seconds), **cold_start()}
    if args.json:
        print(json.dumps(result))
    else:
        print("| figure | value | target |\n|---|---|---|")
        targets = {
            "latency_p99_ms": "≤ 50",
            "boundary_fps": "≥ 30",
            "steps_per_s": "≥ 1,500",
            "window_shown_s": "≤ 2",
        }
        for key, value in result.items():
            print(f"| {key} | {value} | {targets.get(key, '')} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
