"""Fashion-MNIST and CIFAR-10 presets: test accuracy and training time, as the app trains them.

    python bench/bench_image_sets.py [--only fashion-small-cnn,fashion-cnn,...]
                                     [--fashion PATH] [--cifar PATH | --cifar-standin N]
                                     [--epochs N] [--device auto|cpu|gpu] [--json]

Fashion-MNIST is read as the app reads it (default: wherever `find_image_set` finds it, e.g.
Debian's dataset-fashion-mnist at /usr/share/datasets/fashion-mnist). Without a real CIFAR-10
(`--cifar PATH`), `--cifar-standin N` writes a generated stand-in of the real shape (N
training and N/5 test pictures of 32×32×3 in cifar-10-batches-py layout) and times the CIFAR
presets' epochs on it: their accuracy there says nothing about the real CIFAR-10 and is not
reported. Prints a markdown table for BENCHMARKS.md; every figure is measured in this process.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.data.datasets import load_dataset  # noqa: E402
from engine.data.image_sets import find_image_set  # noqa: E402
from engine.experiment.presets import preset  # noqa: E402
from engine.training.control import TrainingControl  # noqa: E402
from engine.training.loop import TrainingListener, run_training  # noqa: E402
from engine.training.trainer import Trainer  # noqa: E402

FASHION = ("fashion-small-cnn", "fashion-cnn")
CIFAR = ("cifar-small-cnn", "cifar-cnn")


def write_standin(folder: Path, n_train: int) -> Path:
    """A cifar-10-batches-py folder of random pictures (five batches and a test batch)."""
    import pickle

    import numpy as np

    rng = np.random.default_rng(0)
    folder.mkdir(parents=True, exist_ok=True)
    sizes = [n_train // 5] * 5 + [max(n_train // 5, 10)]
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    for name, n in zip(names, sizes, strict=True):
        batch = {
            b"data": rng.integers(0, 256, (n, 3072), dtype=np.uint8),
            b"labels": [int(v) for v in rng.integers(0, 10, n)],
        }
        (folder / name).write_bytes(pickle.dumps(batch, protocol=2))
    return folder


class _EpochLog(TrainingListener):
    """One stderr line per epoch, and a stop after the epoch that passes `budget_s` (0: none),
    so a busy machine still yields the epochs it finished, reported as such."""

    def __init__(self, name: str, control: TrainingControl, budget_s: float) -> None:
        self.name, self.control, self.budget_s = name, control, budget_s
        self.start = time.perf_counter()

    def on_epoch(self, trainer: Trainer, report) -> None:
        elapsed = time.perf_counter() - self.start
        line = {"preset": self.name, "epoch": report.epoch, "val_accuracy": report.val_accuracy}
        print(json.dumps(line | {"seconds": round(report.seconds, 1)}), file=sys.stderr, flush=True)
        if self.budget_s and elapsed > self.budget_s:
            self.control.stop()


def train(
    name: str, path: str | None, epochs: int | None, device: str, budget_s: float = 0
) -> dict:
    exp = preset(name)
    exp.device = device
    if path:
        exp.data.path = path
    if epochs:
        exp.training.epochs = epochs
    start = time.perf_counter()
    data = load_dataset(exp.data, allow_download=False)
    loaded = time.perf_counter() - start
    trainer = Trainer(exp, data)
    control = TrainingControl()
    start = time.perf_counter()
    run_training(trainer, control, _EpochLog(name, control, budget_s))
    seconds = time.perf_counter() - start
    _, acc = trainer.test_metrics()
    return {
        "preset": name,
        "epochs": trainer.epochs_done,
        "planned_epochs": exp.training.epochs,
        "n_train": data.n_train,
        "test_accuracy": acc,
        "val_accuracy": trainer.history[-1].val_accuracy if trainer.history else float("nan"),
        "seconds": seconds,
        "load_seconds": loaded,
        "s_per_epoch": [round(h.seconds, 2) for h in trainer.history],
        "device": trainer.model.device,
        "backend": exp.backend,
        "params": trainer.model.model.count_params(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(FASHION + CIFAR))
    parser.add_argument("--fashion", default=None, help="Fashion-MNIST file or folder")
    parser.add_argument("--cifar", default=None, help="a real CIFAR-10 (batches, tarball, npz)")
    parser.add_argument("--cifar-standin", type=int, default=5000, metavar="N")
    parser.add_argument("--epochs", type=int, default=None, help="override every preset's")
    parser.add_argument("--cifar-epochs", type=int, default=1, help="epochs timed on a stand-in")
    parser.add_argument("--device", default="auto")
    parser.add_argument(
        "--minutes", type=float, default=0, help="stop a preset after the epoch past this"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n]
    fashion = args.fashion or find_image_set("fashion_mnist")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        cifar = args.cifar or os.fspath(write_standin(Path(tmp) / "cifar", args.cifar_standin))
        for name in names:
            real = name in FASHION or bool(args.cifar)
            path = fashion if name in FASHION else cifar
            epochs = args.epochs if real else args.cifar_epochs
            row = train(name, path, epochs, args.device, args.minutes * 60)
            row["real_data"] = real
            results.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print("| preset | data | params | epochs | test accuracy | s / epoch | total |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in results:
        per_epoch = sum(r["s_per_epoch"]) / max(len(r["s_per_epoch"]), 1)
        data = "real" if r["real_data"] else f"stand-in ({r['n_train']} train)"
        acc = f"{r['test_accuracy']:.2%}" if r["real_data"] else "not measured"
        print(
            f"| {r['preset']} | {data} | {r['params']:,} | {r['epochs']}/{r['planned_epochs']} "
            f"| {acc} | {per_epoch:.1f} | {r['seconds'] / 60:.1f} min |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
