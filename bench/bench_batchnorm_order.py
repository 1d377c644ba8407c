"""Lesson 15 over many seeds: BatchNorm before the ReLU, after it, or not at all.

    python bench/bench_batchnorm_order.py [--seeds N] [--json]

Trains `engine.teaching.lessons.batchnorm_order(order, seed)` for every order and seeds
0 … N-1 (the lesson itself runs seed 0): three blocks of 8 units on the circle, Adam 0.01,
batches of 10, 50 epochs. Per order it reports the final validation accuracy, the final
training loss (the mean over the last epoch's batches, in training mode: BatchNorm uses each
batch's own statistics) and the loss on the same training rows in inference mode (BatchNorm's
running averages), then how often each BatchNorm order ends ahead of the other. The lesson's
notes state only what holds for every seed here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.data.datasets import load_dataset  # noqa: E402
from engine.teaching.lessons import batchnorm_order  # noqa: E402
from engine.training.trainer import Trainer  # noqa: E402

ORDERS = ("before", "after", "none")


def run(order: str, seed: int) -> dict[str, float]:
    exp = batchnorm_order(order, seed)
    trainer = Trainer(exp, load_dataset(exp.data))
    while not trainer.finished:
        trainer.step()
    last = trainer.history[-1]
    inference_loss, _ = trainer.model.evaluate(trainer.x_train, trainer.y_train)
    return {
        "val_accuracy": last.val_accuracy,
        "train_loss": last.loss,
        "inference_loss": inference_loss,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=32)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {o: [run(o, s) for s in range(args.seeds)] for o in ORDERS}
    summary: dict[str, dict[str, list[float]]] = {}
    for order, runs in results.items():
        summary[order] = {
            key: [
                min(r[key] for r in runs),
                float(np.mean([r[key] for r in runs])),
                max(r[key] for r in runs),
            ]
            for key in ("val_accuracy", "train_loss", "inference_loss")
        }
    before = [r["val_accuracy"] for r in results["before"]]
    after = [r["val_accuracy"] for r in results["after"]]
    ahead = {
        "before": sum(b > a for b, a in zip(before, after, strict=True)),
        "tie": sum(b == a for b, a in zip(before, after, strict=True)),
        "after": sum(a > b for b, a in zip(before, after, strict=True)),
        "max_gap": max(abs(b - a) for b, a in zip(before, after, strict=True)),
        "running_lower": sum(
            r["inference_loss"] < r["train_loss"] for o in ("before", "after") for r in results[o]
        ),
    }
    if args.json:
        print(json.dumps({"seeds": args.seeds, "summary": summary, "ahead": ahead}, indent=2))
        return
    print(
        f"| order ({args.seeds} seeds; min / mean / max) | val. accuracy | training loss "
        "| loss, running averages |"
    )
    print("|---|---|---|---|")
    for order in ORDERS:
        cells = [
            " / ".join(f"{v:.3f}" for v in summary[order][key])
            for key in ("val_accuracy", "train_loss", "inference_loss")
        ]
        print(f"| {order} | " + " | ".join(cells) + " |")
    print(
        f"\nvalidation accuracy: before ahead {ahead['before']}, tied {ahead['tie']}, after "
        f"ahead {ahead['after']}; largest gap {ahead['max_gap']:.3f}. The loss with the "
        f"running averages is below the training loss in {ahead['running_lower']} of "
        f"{2 * args.seeds} BatchNorm runs."
    )


if __name__ == "__main__":
    main()
