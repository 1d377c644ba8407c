"""A long session in the window: memory must stay flat while it trains for half an hour.

    python bench/bench_soak.py [--minutes 30] [--every 30] [--json]

The spiral (5,000 points) with a 3x8 tanh MLP (batch 10: 100,000 epochs outlast the soak),
every dock shown and visible one after another (boundary, evaluation, inside the network,
runs…), offscreen at 1400x900. Every `--every` seconds it samples the process's resident
memory (RSS, from /proc/self/status) and the number of live Python objects, and at the end
fits a line to the second half of the samples: a leak shows as a slope that does not go to
zero.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("NEURAL_PLAYGROUND_SETTINGS", "/tmp/neural-playground-soak.ini")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def soak(minutes: float, every: float) -> dict:
    from PySide6.QtWidgets import QApplication

    from engine.experiment.spec import DataSpec, Experiment, LayerSpec
    from gui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    exp = Experiment()
    exp.data = DataSpec(name="spiral", points=5000)  # 250 batches an epoch: 30 min never ends
    exp.layers = [LayerSpec(units=8, activation="tanh") for _ in range(3)]
    exp.training.batch_size, exp.training.epochs = 10, 100_000
    window = MainWindow(exp)
    window.resize(1400, 900)
    window.show()
    docks = list(window.docks.values())
    for dock in docks:
        dock.show()
    window.transport.action_for["train"].trigger()
    samples = []
    start = time.perf_counter()
    next_sample, turn = start, 0
    while time.perf_counter() - start < minutes * 60:
        app.processEvents()
        time.sleep(0.002)
        if time.perf_counter() >= next_sample:
            docks[turn % len(docks)].raise_()  # every tabbed view takes turns being drawn
            turn += 1
            gc.collect()
            trainer = window.session.trainer
            samples.append(
                {
                    "minute": round((time.perf_counter() - start) / 60, 2),
                    "rss_mb": round(rss_mb(), 1),
                    "objects": len(gc.get_objects()),
                    "steps": trainer.step_count if trainer else 0,
                    "epochs": trainer.epochs_done if trainer else 0,
                }
            )
            print(json.dumps(samples[-1]), file=sys.stderr, flush=True)
            next_sample += every
    window.close()
    app.processEvents()
    late = samples[len(samples) // 2 :]
    minutes_axis = np.array([s["minute"] for s in late])
    slope = float(np.polyfit(minutes_axis, [s["rss_mb"] for s in late], 1)[0])
    obj_slope = float(np.polyfit(minutes_axis, [s["objects"] for s in late], 1)[0])
    return {
        "minutes": minutes,
        "samples": samples,
        "rss_start_mb": samples[0]["rss_mb"],
        "rss_end_mb": samples[-1]["rss_mb"],
        "rss_slope_second_half_mb_per_min": round(slope, 3),
        "objects_slope_second_half_per_min": round(obj_slope, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--every", type=float, default=30.0, help="seconds between samples")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = soak(args.minutes, args.every)
    if args.json:
        print(json.dumps(result))
    else:
        print("| minute | RSS MB | objects | epochs |\n|---|---|---|---|")
        for s in result["samples"]:
            print(f"| {s['minute']} | {s['rss_mb']} | {s['objects']:,} | {s['epochs']:,} |")
        print(f"\nsecond-half RSS slope: {result['rss_slope_second_half_mb_per_min']} MB/min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
