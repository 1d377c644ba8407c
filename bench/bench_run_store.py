"""The run history's cost (#16): time per epoch with and without the recorder, and `runs list`
on a large history.

    python bench/bench_run_store.py [--epochs 300] [--repeats 7] [--runs 10000]

1. The same NumPy training (an MLP on the spiral, small batches, so epochs are short and any
   recording cost shows) without a recorder, with the default recorder (min_interval 5 s) and
   with min_interval 0 (a write after every epoch: the worst case). The three are interleaved,
   `--repeats` times each, in this one process, into a fresh database each time; the median
   time per epoch and its ratio to no recording are printed.
2. A database of `--runs` runs (each with 50 epochs of curves), then `runs list` timed three
   ways: the store's `list_runs()`, the CLI in this process, and `python main.py runs list` as
   a new process (its interpreter start-up included).

Prints markdown for BENCHMARKS.md. The database lives in a temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.cli.main import main as cli_main  # noqa: E402
from engine.data.datasets import load_dataset  # noqa: E402
from engine.experiment.spec import Experiment  # noqa: E402
from engine.runs.recorder import RunRecorder  # noqa: E402
from engine.runs.store import RunStore, StoredRun  # noqa: E402
from engine.training.control import TrainingControl  # noqa: E402
from engine.training.loop import run_training  # noqa: E402
from engine.training.trainer import Trainer  # noqa: E402


def experiment(epochs: int) -> Experiment:
    exp = Experiment()
    exp.data.name = "spiral"
    exp.data.points = 500
    exp.training.epochs = epochs
    exp.training.batch_size = 10
    exp.training.early_stopping = 0
    return exp.validate()


def one_run(
    exp: Experiment, dataset, home: Path | None, min_interval: float
) -> tuple[float, float]:
    """Wall and CPU seconds per epoch of one training, recorded into `home` (None: not
    recorded). CPU time is this process's, so other programs on a busy machine disturb it
    less; wall time also counts any wait for the disk."""
    trainer = Trainer(exp, dataset)
    observers = []
    store = None
    if home is not None:
        store = RunStore.open(home)
        observers.append(RunRecorder(store, exp, "numpy", "", "cpu", min_interval=min_interval))
    started, cpu = time.perf_counter(), time.process_time()
    run_training(trainer, TrainingControl(), observers=observers)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if store is not None:
        assert store.problem is None, store.problem
        assert store.count() == 1
        store.close()
    return seconds / trainer.epochs_done, cpu / trainer.epochs_done


def recording_cost(epochs: int, repeats: int) -> None:
    exp = experiment(epochs)
    dataset = load_dataset(exp.data)
    modes = {"not recorded": None, "recorded (min_interval 5 s)": 5.0, "min_interval 0": 0.0}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in modes}
    one_run(exp, dataset, None, 0)  # warm-up
    with tempfile.TemporaryDirectory() as tmp:
        for repeat in range(repeats):
            for name, interval in modes.items():
                home = None if interval is None else Path(tmp) / f"{repeat}-{interval}"
                times[name].append(one_run(exp, dataset, home, interval or 0.0))
    print(f"\n{epochs} epochs of an MLP on the spiral (500 points, batch 10), {repeats} repeats\n")
    print("| recording | wall ms/epoch: median (fastest) | ratio | CPU ms/epoch: median | ratio |")
    print("|---|---|---|---|---|")
    base_wall = statistics.median(w for w, _ in times["not recorded"])
    base_cpu = statistics.median(c for _, c in times["not recorded"])
    for name, values in times.items():
        wall = statistics.median(w for w, _ in values)
        fastest = min(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        print(
            f"| {name} | {wall * 1e3:.3f} ({fastest * 1e3:.3f}) | {wall / base_wall:.3f} "
            f"| {cpu * 1e3:.3f} | {cpu / base_cpu:.3f} |"
        )


def listing_cost(n_runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        store = RunStore.open(home)
        spec = experiment(50).to_dict()
        series = {
            "epoch": [float(e) for e in range(1, 51)],
            "loss": [1.0 / e for e in range(1, 51)],
            "accuracy": [1 - 0.5 / e for e in range(1, 51)],
            "val_loss": [1.1 / e for e in range(1, 51)],
            "val_accuracy": [1 - 0.6 / e for e in range(1, 51)],
        }
        started = time.perf_counter()
        for i in range(n_runs):
            run = StoredRun(
                spec=spec,
                name=f"run {i}",
                dataset=("xor", "circle", "spiral")[i % 3],
                model="mlp",
                engine="numpy",
                device="cpu",
                started=f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00+00:00",
                ended_how="completed",
                series=series,
                metrics={"test_accuracy": (i % 100) / 100},
            )
            store.add(run)
        filled = time.perf_counter() - started
        size = (home / "runs.sqlite").stat().st_size + sum(
            p.stat().st_size for p in home.glob("runs.sqlite-*")
        )
        timings = {}
        started = time.perf_counter()
        runs = store.list_runs()
        timings["RunStore.list_runs() (no curves)"] = time.perf_counter() - started
        assert len(runs) == n_runs
        started = time.perf_counter()
        store.list_runs(with_series=True)
        timings["RunStore.list_runs(with_series=True)"] = time.perf_counter() - started
        started = time.perf_counter()
        store.list_runs(dataset="spiral", min_accuracy=0.9, order="accuracy")
        timings["list_runs(dataset, min_accuracy, order=accuracy)"] = time.perf_counter() - started
        store.close()
        for argv in (["runs", "list"], ["runs", "list", "--json"]):
            out = io.StringIO()
            started = time.perf_counter()
            with contextlib.redirect_stdout(out):
                assert cli_main([*argv, "--home", str(home)]) == 0
            timings[f"`{' '.join(argv)}` (CLI, in process)"] = time.perf_counter() - started
        env = dict(os.environ, NEURAL_PLAYGROUND_HOME=str(home))
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "runs", "list"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        timings["`python main.py runs list` (new process)"] = time.perf_counter() - started
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare = time.perf_counter() - started
    print(f"\n{n_runs} stored runs (50 epochs of curves each): written one by one in ")
    print(f"{filled:.1f} s ({filled / n_runs * 1e3:.2f} ms a run), {size / 1e6:.1f} MB on disk\n")
    print("| listing | seconds |")
    print("|---|---|")
    for name, seconds in timings.items():
        print(f"| {name} | {seconds:.3f} |")
    print(f"| (a bare `python -c pass`, for scale) | {bare:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--runs", type=int, default=10_000)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, SQLite {__import__('sqlite3').sqlite_version}")
    recording_cost(args.epochs, args.repeats)
    listing_cost(args.runs)


if __name__ == "__main__":
    main()
