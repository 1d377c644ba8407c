"""Export as Python, every preset and lesson step, in both frameworks where they can express it:
the exported script's test accuracy (R² on regression) against the app's own Trainer.

    python bench/bench_export.py [--epochs N] [--limit N] [--mnist PATH] [--frameworks numpy,keras]
                                 [--only TEXT] [--json]

Each experiment is trained twice with the same settings: by the app (engine.training, in this
process) and by its exported script (`python script.py` in a fresh interpreter, timed from start
to exit, imports included). `--epochs` caps every run's epochs (default 30) and `--limit` the
training images of the image sets (default 1000); without `--mnist` the MNIST runs read a
generated stand-in (a bright bar whose row is the class, on noise), as the tests do, and so do
Fashion-MNIST and CIFAR-10 (a 32×32 colour one). A NumPy script draws the same weights, dropout
masks and batches as the NumPy engine, so its score should equal the app's up to float
rounding; a Keras script builds and seeds the model as the Keras engine does, and may differ
by the backend's own randomness.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.data.datasets import load_dataset  # noqa: E402
from engine.experiment.presets import PRESETS  # noqa: E402
from engine.experiment.spec import Experiment  # noqa: E402
from engine.export.checks import ExportError  # noqa: E402
from engine.export.script import write_python_script  # noqa: E402
from engine.teaching.lessons import LESSONS  # noqa: E402
from engine.training.control import TrainingControl  # noqa: E402
from engine.training.loop import TrainingListener, run_training  # noqa: E402
from engine.training.trainer import Trainer  # noqa: E402

SCORE = re.compile(r"Test accuracy: ([-\d.]+)|R²: ([-\d.]+)\s*$")


def stand_in(path: Path, shape: tuple[int, ...], n_train: int = 3000, n_test: int = 500) -> None:
    """An npz of noise pictures of `shape` with a bright bar whose row is the class."""
    rng = np.random.default_rng(0)
    y_train, y_test = rng.integers(0, 10, n_train), rng.integers(0, 10, n_test)

    def images(y: np.ndarray) -> np.ndarray:
        x = rng.integers(0, 40, (len(y), *shape)).astype(np.uint8)
        for i, label in enumerate(y):
            x[i, 2 + 2 * label : 4 + 2 * label, 4:24] = 255
        return x

    np.savez(
        path,
        x_train=images(y_train),
        y_train=y_train.astype(np.uint8),
        x_test=images(y_test),
        y_test=y_test.astype(np.uint8),
    )


def experiments() -> list[tuple[str, Experiment]]:
    found = [(name, make()) for name, make in PRESETS.items()]
    for les in LESSONS:
        for i, step in enumerate(les.steps):
            found.append((f"lesson {les.number}.{i + 1} {step.title}", les.experiment(i)))
    return found


def app_score(spec: Experiment) -> tuple[float, float]:
    started = time.perf_counter()
    trainer = Trainer(spec, load_dataset(spec.data))
    run_training(trainer, TrainingControl(), TrainingListener())
    if trainer.task == "regression":
        score = trainer.regression_metrics()["test"]["r2"]
    else:
        score = trainer.test_metrics()[1]
    return float(score), time.perf_counter() - started


def script_score(spec: Experiment, framework: str, folder: Path) -> tuple[float, float]:
    path = folder / f"exported_{framework}.py"
    write_python_script(spec, path, framework)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, timeout=1800, cwd=folder
    )
    seconds = time.perf_counter() - started
    match = SCORE.search(done.stdout)
    if done.returncode != 0 or match is None:
        raise RuntimeError(f"{path.name} failed: {done.stderr.strip().splitlines()[-1:]}")
    return float(match.group(1) or match.group(2)), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30, help="cap on every run's epochs")
    parser.add_argument("--limit", type=int, default=1000, help="training images of image sets")
    parser.add_argument("--mnist", help="mnist.npz (default: a generated stand-in)")
    parser.add_argument("--frameworks", default="numpy,keras")
    parser.add_argument("--only", default="", help="run only the names containing this")
    parser.add_argument("--json", action="store_true", help="one JSON object per row")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        mnist = args.mnist
        if mnist is None:
            mnist = str(folder / "mnist.npz")
            stand_in(Path(mnist), (28, 28))
        cifar = str(folder / "cifar10.npz")
        stand_in(Path(cifar), (32, 32, 3))
        if not args.json:
            print("| experiment | framework | app | script | difference | app s | script s |")
            print("|---|---|---|---|---|---|---|")
        for name, spec in experiments():
            if args.only not in name:
                continue
            spec.training.epochs = min(spec.training.epochs, args.epochs)
            if spec.data.is_image:
                spec.data.path = cifar if spec.data.name == "cifar10" else mnist
                spec.data.limit = min(spec.data.limit or args.limit, args.limit)
            for framework in args.frameworks.split(","):
                row = {"experiment": name, "framework": framework}
                try:
                    score, seconds = script_score(spec, framework, folder)
                except ExportError as exc:
                    row["refused"] = str(exc)
                    if args.json:
                        print(json.dumps(row), flush=True)
                    continue
                except (RuntimeError, subprocess.TimeoutExpired) as exc:
                    row["error"] = str(exc)
                    print(json.dumps(row) if args.json else f"| {name} | {framework} | {exc} |")
                    continue
                app_spec = spec.copy()
                app_spec.engine = framework
                if framework == "keras" and app_spec.model == "perceptron":
                    continue
                try:
                    app, app_seconds = app_score(app_spec)
                except (ValueError, OSError) as exc:  # the app refuses the data, or cannot read it
                    row["error"] = f"app: {exc}"
                    print(json.dumps(row) if args.json else f"| {name} | {framework} | {exc} |")
                    continue
                row |= {
                    "app": round(app, 4),
                    "script": round(score, 4),
                    "difference": round(score - app, 4),
                    "app_seconds": round(app_seconds, 1),
                    "script_seconds": round(seconds, 1),
                }
                if args.json:
                    print(json.dumps(row), flush=True)
                else:
                    print(
                        f"| {name} | {framework} | {app:.4f} | {score:.4f} | "
                        f"{score - app:+.4f} | {app_seconds:.1f} | {seconds:.1f} |",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
