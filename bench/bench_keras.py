"""Keras engine on the real MNIST: preset accuracies and the cost of the GUI's callback.

    python bench/bench_keras.py [--mnist PATH] [--only seed0-mlp,seed2-cnn,best-cnn,overhead]
                                [--backend tensorflow|jax|torch] [--device auto|cpu|gpu]

Prints a markdown table for BENCHMARKS.md. Every figure is measured in this one process.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.data.datasets import load_dataset  # noqa: E402
from engine.experiment.presets import preset  # noqa: E402
from engine.training.control import TrainingControl  # noqa: E402
from engine.training.loop import TrainingListener, run_training  # noqa: E402
from engine.training.trainer import Trainer  # noqa: E402

DEFAULT_MNIST = ROOT.parent / "shared" / "data" / "mnist.npz"


RUN = {"backend": "tensorflow", "device": "auto"}  # set once from the command line


def _preset(name: str) -> object:
    exp = preset(name)
    exp.backend, exp.device = RUN["backend"], RUN["device"]
    return exp


def train_preset(name: str, mnist: str, epochs: int | None, seed: int = 0) -> dict:
    exp = _preset(name)
    exp.data.path = mnist
    exp.seed = seed
    if epochs:
        exp.training.epochs = epochs
    trainer = Trainer(exp, load_dataset(exp.data))
    start = time.perf_counter()
    run_training(trainer, TrainingControl())
    seconds = time.perf_counter() - start
    _, acc = trainer.test_metrics()
    return {
        "preset": name,
        "seed": seed,
        "epochs": trainer.epochs_done,
        "test_accuracy": acc,
        "seconds": seconds,
        "s_per_epoch": [round(h.seconds, 2) for h in trainer.history],
        "device": trainer.model.device,
        "backend": exp.backend,
    }


def callback_overhead(mnist: str, repeats: int = 3) -> dict:
    """One epoch of the seed-0 MLP: plain model.fit against the playground's bridged fit."""
    import keras

    exp = _preset("seed0-mlp")
    exp.data.path = mnist
    data = load_dataset(exp.data)
    plain, bridged = [], []
    for _ in range(repeats):
        # Both runs use the model's own device scope (keras.device): on JAX the scope is part
        # of the compiled step's cache key, so a warm-up outside it would not count.
        trainer = Trainer(exp, data)
        x, y = trainer.x_train, trainer.y_train
        m = trainer.model.model
        with keras.device(trainer.model.device_name):
            m.fit(x[:1000], y[:1000], batch_size=100, epochs=1, verbose=0)  # warm-up / trace
            start = time.perf_counter()
            m.fit(
                x,
                y,
                batch_size=100,
                epochs=1,
                verbose=0,
                validation_data=(trainer.x_val, trainer.y_val),
            )
            plain.append(time.perf_counter() - start)
        trainer = Trainer(exp, data)
        trainer.spec.training.epochs = 1
        with keras.device(trainer.model.device_name):
            trainer.model.model.fit(x[:1000], y[:1000], batch_size=100, epochs=1, verbose=0)
        start = time.perf_counter()
        run_training(trainer, TrainingControl(), TrainingListener())
        bridged.append(time.perf_counter() - start)
        keras.backend.clear_session()
    return {
        "plain_fit_s": min(plain),
        "bridged_fit_s": min(bridged),
        "overhead": min(bridged) / min(plain) - 1,
        "backend": exp.backend,
        "device": trainer.model.device,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mnist", default=str(DEFAULT_MNIST))
    parser.add_argument("--only", default="overhead,seed0-mlp,seed2-cnn,best-cnn")
    parser.add_argument("--epochs", type=int, default=None, help="override every preset's epochs")
    parser.add_argument("--seeds", default="0", help="comma-separated seeds for each preset")
    parser.add_argument("--backend", default=None, help="Keras backend (default: KERAS_BACKEND)")
    parser.add_argument("--device", default="auto", choices=("auto", "cpu", "gpu"))
    args = parser.parse_args()
    from engine.keras_import import default_backend, import_keras

    RUN["backend"], RUN["device"] = args.backend or default_backend(), args.device
    import_keras(RUN["backend"])
    for item in args.only.split(","):
        if item == "overhead":
            result = callback_overhead(args.mnist)
            print(json.dumps(result), flush=True)
            continue
        for seed in (int(v) for v in args.seeds.split(",")):
            result = train_preset(item, args.mnist, args.epochs, seed)
            print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
