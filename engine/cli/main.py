"""Headless command line: `python main.py train …`. Shares the spec, the trainer and the loop
with the GUI, so whatever trains here trains the same way in the window.

On a regression data set (plane, multi-gaussian) `--dataset` also switches the loss to mse, as
the window does (an explicit `--loss` still wins, and a class loss is refused), and the scores
printed are R² (the epochs), and MSE, MAE and R² on train, validation and test (the summary)."""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import sys
import time
from typing import TYPE_CHECKING, Any, NoReturn

from engine.atomic import check_writable
from engine.cli.export import add_export_parser, export_command
from engine.cli.language import (
    HelpFormatter,
    add_language_option,
    argparse_message,
    language_in_argv,
    message,
    set_language,
    tr,
)
from engine.cli.predict import add_predict_parser, predict_command
from engine.cli.runs import add_home_option, add_runs_parser, open_store, runs_command
from engine.experiment.presets import PRESETS, preset
from engine.experiment.spec import (
    ACTIVATIONS,
    COLOR_MODES,
    DATASETS,
    DEVICES,
    ENGINES,
    INITS,
    MODELS,
    OPTIMIZERS,
    SCALINGS,
    Experiment,
    LayerSpec,
    SpecError,
    switch_dataset,
)
from engine.keras_import import BACKEND_TITLES, BACKENDS, BackendError
from engine.messages import Text
from engine.runs.recorder import RunRecorder
from engine.training.control import TrainingControl
from engine.training.evaluation import write_history_csv
from engine.training.loop import TrainingListener, run_training
from engine.training.trainer import STOP_DIVERGED, BatchReport, EpochReport, Trainer

if TYPE_CHECKING:
    from engine.data.image_folder import FolderScan

LOSS_ALIASES = {
    "sse": "sse",
    "mse": "mse",
    "bce": "binary_crossentropy",
    "binary_crossentropy": "binary_crossentropy",
    "ce": "categorical_crossentropy",
    "cce": "categorical_crossentropy",
    "categorical_crossentropy": "categorical_crossentropy",
}


class UsageError(Exception):
    """Bad command-line input: reported as one line on stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse in the CLI's language (engine.cli.language): --help through its HelpFormatter,
    errors as one translated line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:  # one line, no usage dump
        problem = argparse_message(message)
        raise UsageError(Text("{problem} (see '{prog} --help')", problem=problem, prog=self.prog))


def _csv_ints(text: str) -> list[int]:
    if not text.strip():
        return []  # '' means no hidden layers
    items = [v.strip() for v in text.split(",")]
    if "" in items:
        raise argparse.ArgumentTypeError(
            tr("an empty size between commas in {text}; write 8,8", text=repr(text))
        )
    try:
        return [int(v) for v in items]
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr("expected whole numbers like 8,8, got {text}", text=repr(text))
        ) from None


def _csv_names(text: str) -> list[str]:
    return [v.strip() for v in text.split(",") if v.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="main.py", description="Neural Playground (no arguments: open the app)")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    train = sub.add_parser("train", help="train an experiment without the GUI")
    add = train.add_argument
    add("--config", metavar="F", help="experiment JSON to start from (flags override it)")
    add("--engine", choices=ENGINES)
    add("--model", choices=MODELS)
    add("--preset", choices=sorted(PRESETS), help="start from a tutorial's model, or ours")
    add("--dataset", choices=DATASETS)
    add("--noise", type=float, metavar="N", help="0-50 (percent)")
    add("--train-ratio", type=float, metavar="N", help="10-90 (percent)")
    add("--points", type=int, metavar="N")
    add("--features", type=_csv_names, metavar="x1,x2,…")
    add("--scale", choices=SCALINGS, help="standardize: inputs scaled by the training rows' stats")
    add("--input-scale", type=float, metavar="K", help="2-D points: the network sees x·K")
    add("--hidden", type=_csv_ints, metavar="8,8", help="hidden layer sizes ('' for none)")
    add("--activation", choices=ACTIVATIONS, help="activation of every hidden layer")
    add("--loss", choices=sorted(LOSS_ALIASES))
    add("--optimizer", choices=OPTIMIZERS)
    add("--lr", type=float)
    add(
        "--lr-decay",
        type=float,
        metavar="F",
        help="0.5-1: the learning rate is multiplied by F after every epoch (1 = off)",
    )
    add("--momentum", type=float)
    add("--batch-size", type=int)
    add("--epochs", type=int)
    add("--l1", type=float)
    add("--l2", type=float)
    add("--dropout", type=float)
    add("--early-stopping", type=int, metavar="N", help="patience in epochs (0 = off)")
    add("--init", choices=INITS)
    add("--rule", choices=("rosenblatt", "delta"), help="perceptron learning rule")
    add(
        "--stop-when-separated",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="perceptron: stop once every training point is right (default on)",
    )
    add(
        "--validation-split",
        type=float,
        metavar="F",
        help="0-0.5: share of the training rows held out to validate (0: validate on them)",
    )
    add("--seed", type=int)
    add("--device", choices=DEVICES, help="auto, cpu or gpu (CUDA; Apple MPS on torch)")
    add(
        "--backend",
        choices=BACKENDS,
        help="Keras engine's backend (default: $KERAS_BACKEND, else tensorflow)",
    )
    add("--mnist", metavar="PATH", help="mnist.npz or a folder of IDX files")
    add(
        "--images",
        metavar="DIR",
        help="a folder with one sub-folder of pictures per class (sets --dataset folder)",
    )
    add(
        "--data-path",
        metavar="PATH",
        help="the image set's file or folder (Fashion-MNIST IDX folder or npz, CIFAR-10 "
        "batches folder, tarball or npz)",
    )
    add(
        "--image-size",
        type=int,
        metavar="N",
        help="image folder: resize to N×N (0: the most common size, at most 64)",
    )
    add("--color-mode", choices=COLOR_MODES, help="image folder: auto, grayscale or rgb")
    add(
        "--test-split",
        type=float,
        metavar="F",
        help="image folder: 0.05-0.5 of each class set aside as the test set",
    )
    add("--csv", metavar="PATH", help="CSV of x,y,label for --dataset csv")
    add("--limit", type=int, metavar="N", help="image sets: use the first N training images")
    add("--save", metavar="MODEL_PATH", help="write the trained model here")
    add("--save-config", metavar="F", help="write the experiment JSON here")
    add("--history-csv", metavar="F", help="write the per-epoch history as CSV")
    add("--tensorboard", metavar="DIR", help="Keras engine: write TensorBoard logs here")
    add("--json", action="store_true", help="one JSON object per epoch, then a summary")
    add("--no-record", action="store_true", help="do not keep this run in the run history")
    add(
        "--keep-model",
        action="store_true",
        help="keep the trained model with the run history (HOME/models/run-ID.npz or .keras)",
    )
    add_home_option(train)
    add_language_option(train)
    add_predict_parser(sub)
    add_runs_parser(sub)
    add_export_parser(sub)
    return parser


def experiment_from_args(args: argparse.Namespace) -> Experiment:
    if args.config:
        exp = Experiment.load(args.config)
    elif args.preset:
        exp = preset(args.preset)
    else:
        exp = Experiment()
    if args.images:
        if args.dataset not in (None, "folder"):
            raise UsageError(
                Text(
                    "--images reads a folder of pictures (--dataset folder), not --dataset {name}",
                    name=args.dataset,
                )
            )
        args.dataset = "folder"
    if args.dataset:  # regression data: mse on a linear output; explicit flags below still win
        switch_dataset(exp, args.dataset)
    direct = {
        "engine": args.engine,
        "model": args.model,
        "seed": args.seed,
        "device": args.device,
        "backend": args.backend,
    }
    for name, value in direct.items():
        if value is not None:
            setattr(exp, name, value)
    data = {
        "name": args.dataset,
        "noise": args.noise,
        "train_ratio": args.train_ratio,
        "points": args.points,
        "features": args.features,
        "scale": args.scale,
        "input_scale": args.input_scale,
        "seed": args.seed,
        "validation_split": args.validation_split,
        "limit": args.limit,
        "path": args.images or args.data_path or args.mnist or args.csv,
        "image_size": args.image_size,
        "color_mode": args.color_mode,
        "test_split": args.test_split,
    }
    for name, value in data.items():
        if value is not None:
            setattr(exp.data, name, value)
    for name in ("lr", "momentum"):
        if getattr(args, name) is not None:
            setattr(exp.optimizer, name, getattr(args, name))
    if args.optimizer:
        exp.optimizer.name = args.optimizer
    training = {
        "batch_size": args.batch_size,
        "epochs": args.epochs,
        "lr_decay": args.lr_decay,
        "l1": args.l1,
        "l2": args.l2,
        "dropout": args.dropout,
        "early_stopping": args.early_stopping,
        "init": args.init,
        "perceptron_rule": args.rule,
        "stop_when_separated": args.stop_when_separated,
    }
    for name, value in training.items():
        if value is not None:
            setattr(exp.training, name, value)
    if args.loss:
        exp.loss = LOSS_ALIASES[args.loss]
    if args.hidden is not None:
        activation = args.activation or "tanh"
        exp.layers = [LayerSpec(units=n, activation=activation) for n in args.hidden]
    elif args.activation:
        for layer in exp.layers:
            if layer.type in ("dense", "conv2d"):
                layer.activation = args.activation
    if exp.model == "perceptron":
        ignored = [
            f for f, v in (("--hidden", args.hidden), ("--activation", args.activation)) if v
        ]
        if ignored:
            raise UsageError(
                Text(
                    "{flag} has no effect on the perceptron (one unit, no hidden layers); "
                    "drop it, or use --model mlp",
                    flag=ignored[0],
                )
            )
        exp.layers = []
    return exp.validate()


class _Progress(TrainingListener):
    """A one-line progress bar on stderr, redrawn at most 10 times a second."""

    def __init__(self, epochs: int, task: str = "classification") -> None:
        self.epochs = epochs
        self.score = "acc" if task == "classification" else "r2"
        self._last = 0.0

    def on_batch(self, trainer: Trainer, report: BatchReport) -> None:
        now = time.monotonic()
        if now - self._last < 0.1:
            return
        self._last = now
        done = report.batch / report.batches_per_epoch
        bar = "#" * int(done * 20)
        line = tr(
            "epoch {epoch}/{epochs} [{bar}] loss {loss} {score} {value}",
            epoch=report.epoch,
            epochs=self.epochs,
            bar=f"{bar:<20}",
            loss=f"{report.loss:.4f}",
            score=tr(self.score),
            value=f"{report.accuracy:.3f}",
        )
        sys.stderr.write("\r" + line)
        sys.stderr.flush()

    def end_line(self) -> None:
        """Clear the progress bar, so what follows (an epoch, the summary) starts a clean line,
        also after Ctrl-C."""
        if self._last:
            sys.stderr.write("\r" + " " * 72 + "\r")
            sys.stderr.flush()
            self._last = 0.0

    def on_epoch(self, trainer: Trainer, report: EpochReport) -> None:
        self.end_line()
        template = (
            "epoch {epoch}/{epochs}  loss {loss}  {score} {value}  val_loss {val_loss}  "
            "val_{score} {val_value}  ({seconds} s)"
        )
        values = {
            "epoch": f"{report.epoch:>4}",
            "epochs": self.epochs,
            "loss": f"{report.loss:.4f}",
            "score": tr(self.score),
            "value": f"{report.accuracy:.3f}",
            "val_loss": f"{report.val_loss:.4f}",
            "val_value": f"{report.val_accuracy:.3f}",
            "seconds": f"{report.seconds:.2f}",
        }
        print(tr(template, **values), flush=True)


class _JsonEpochs(TrainingListener):
    """One JSON object per epoch on stdout (the score keyed accuracy, or r2 on regression)."""

    def on_epoch(self, trainer: Trainer, report: EpochReport) -> None:
        _print_json(report.as_json(trainer.task))


def _print_json(obj: dict) -> None:
    """Strict JSON: a diverged loss (inf or nan) is written as null, never as Infinity."""
    print(json.dumps(_finite(obj), allow_nan=False), flush=True)


def _finite(obj: dict) -> dict:
    return {
        k: (
            _finite(v)
            if isinstance(v, dict)
            else (None if isinstance(v, float) and not math.isfinite(v) else v)
        )
        for k, v in obj.items()
    }


FOLDER_SKIPS_SHOWN = 20  # skipped files named one per line; the rest are counted


def _print_folder(scan: FolderScan) -> None:
    """What an image folder held: its classes with their counts, and each skipped file."""
    counts = ", ".join(f"{name} {n}" for name, n in scan.counts.items())
    size = f"{scan.size[0]}×{scan.size[1]}"
    colour = tr("colour") if scan.channels == 3 else tr("grey")
    print(
        tr(
            "Image folder {path}: {n} pictures in {k} classes ({counts}), read as {size} {colour}",
            path=scan.path,
            n=scan.n_images,
            k=len(scan.classes),
            counts=counts,
            size=size,
            colour=colour,
        )
    )
    if scan.skipped:
        print(tr("Skipped {n} file(s):", n=len(scan.skipped)))
        for file, why in scan.skipped[:FOLDER_SKIPS_SHOWN]:
            print(f"  {file}: {message(why)}")
        if len(scan.skipped) > FOLDER_SKIPS_SHOWN:
            print("  " + tr("… and {n} more", n=len(scan.skipped) - FOLDER_SKIPS_SHOWN))


def _check_outputs(args: argparse.Namespace) -> None:
    """Every output path is checked before training, so a long run never ends unsaved."""
    for flag, path in (
        ("--save", args.save),
        ("--save-config", args.save_config),
        ("--history-csv", args.history_csv),
    ):
        if path:
            try:
                check_writable(path)
            except OSError as exc:
                raise UsageError(
                    Text("{flag} {path}: {reason}", flag=flag, path=path, reason=exc.strerror)
                ) from None


def _write_outputs(args: argparse.Namespace, trainer: Trainer, exp: Experiment) -> list[str]:
    """Write the history and the model, each on its own: one failing never costs the other.
    Returns one line per failure, naming the user's path."""
    problems = []
    if args.history_csv:
        try:
            write_history_csv(trainer.history, args.history_csv, trainer.task)
        except OSError as exc:
            problems.append(f"--history-csv {args.history_csv}: {exc.strerror or exc}")
    if args.save:
        try:
            trainer.model.save(args.save, {"experiment": exp.to_dict()})
        except OSError as exc:
            problems.append(f"--save {args.save}: {exc.strerror or exc}")
    return problems


def _keep_model(recorder: RunRecorder, trainer: Trainer, exp: Experiment) -> tuple[str, str]:
    """Save the model next to the run history as the run's model (--keep-model). Returns
    (its path, "") or ("", the problem)."""
    run_id = recorder.run_id
    kind = "keras" if exp.engine == "keras" else "npz"
    path = None if run_id is None else recorder.store.model_file(run_id, kind)
    if path is None:
        return "", tr("--keep-model: the run is not in the run history, so its model was not kept")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        trainer.model.save(str(path), {"experiment": exp.to_dict()})
    except OSError as exc:
        return "", f"--keep-model {path}: {exc.strerror or exc}"
    recorder.set_model_path(path)
    return str(path), ""


def train_command(args: argparse.Namespace) -> int:
    exp = experiment_from_args(args)
    if args.tensorboard and exp.engine != "keras":
        raise UsageError(Text("--tensorboard needs --engine keras"))
    if args.tensorboard and importlib.util.find_spec("tensorboard") is None:
        raise UsageError(Text("--tensorboard needs TensorBoard: pip install -e '.[tensorboard]'"))
    if args.save and not args.save.endswith(".keras" if exp.engine == "keras" else ".npz"):
        kind = ".keras" if exp.engine == "keras" else ".npz"
        raise UsageError(
            Text(
                "--save for the {engine} engine must name a {kind} file",
                engine=exp.engine,
                kind=kind,
            )
        )
    if args.keep_model and args.no_record:
        raise UsageError(
            Text("--keep-model keeps the model with the run history: drop --no-record")
        )
    _check_outputs(args)
    if args.save_config:
        exp.save(args.save_config)
    from engine.data.datasets import load_dataset

    dataset = load_dataset(exp.data)
    if dataset.folder_scan is not None and not args.json:
        _print_folder(dataset.folder_scan)
    trainer = Trainer(exp, dataset)
    info = trainer.model.info()
    device = info.device
    for note in (info.note, trainer.note):
        if note:
            print(tr("note: {text}", text=message(note)), file=sys.stderr)
    listener: TrainingListener
    if args.json:
        listener = _JsonEpochs()
    else:
        listener = _Progress(exp.training.epochs, exp.data.task)
        where = f"{device}, {BACKEND_TITLES[exp.backend]}" if exp.engine == "keras" else device
        line = tr(
            "Training {engine} {model} on {dataset} ({where})",
            engine=exp.engine,
            model=exp.model,
            dataset=exp.data.name,
            where=where,
        )
        print(line, flush=True)
    recorder = None
    if not args.no_record:  # the run history: every run is kept, however it ends
        backend = exp.backend if exp.engine == "keras" else ""
        recorder = RunRecorder(open_store(args.home), exp, exp.engine, backend, device)
    callbacks = []
    if args.tensorboard:
        from engine.models.keras.callbacks import tensorboard_callback  # the keras engine

        callbacks.append(tensorboard_callback(args.tensorboard))
    try:
        observers = [recorder] if recorder else []
        run_training(trainer, TrainingControl(), listener, callbacks=callbacks, observers=observers)
    except KeyboardInterrupt:
        trainer.interrupt()
    finally:
        if isinstance(listener, _Progress):
            listener.end_line()
    recorded = recorder.run.metrics if recorder is not None else {}
    if recorded.get("test_loss") is not None:  # the recorder's end evaluated it just now
        test_loss, test_acc = recorded["test_loss"], recorded["test_accuracy"]
    else:
        test_loss, test_acc = trainer.test_metrics()
    problems = _write_outputs(args, trainer, exp)
    model_path = (
        args.save if args.save and not any(p.startswith("--save ") for p in problems) else None
    )
    summary = {"done": True, "test_loss": round(test_loss, 6)}
    metrics = trainer.regression_metrics() if trainer.task == "regression" else None
    if metrics is None:
        summary["test_accuracy"] = round(test_acc, 6)
    else:  # a regression has no accuracy: MSE (the loss), MAE and R², per set
        summary.update({f"test_{k}": round(v, 6) for k, v in metrics["test"].items()})
        summary["metrics"] = {
            name: {k: round(v, 6) for k, v in scores.items()} for name, scores in metrics.items()
        }
    if recorder is not None and model_path:
        recorder.set_model_path(os.path.abspath(model_path))
    if recorder is not None and args.keep_model:
        kept, problem = _keep_model(recorder, trainer, exp)
        problems += [problem] if problem else []
        model_path = model_path or kept or None
    summary |= {
        "epochs": trainer.epochs_done,
        "stopped": trainer.stopped,
        "diverged": trainer.stopped == STOP_DIVERGED,
        "model": model_path,
        "device": device,
    }
    if exp.engine == "keras":
        summary["backend"] = exp.backend
    if dataset.folder_scan is not None:
        scan = dataset.folder_scan
        summary["folder"] = {
            "path": scan.path,
            "classes": dict(scan.counts),
            "size": list(scan.size),
            "channels": scan.channels,
            "skipped": [[file, str(why)] for file, why in scan.skipped],
        }
    if trainer.message:
        summary["message"] = trainer.message
    if recorder is not None:  # a history kept in memory ends with this process: no id to use
        summary["run_id"] = recorder.run_id if recorder.store.persistent else None
    if problems:
        summary["errors"] = problems
    if args.json:
        _print_json(summary)
    else:
        if trainer.message:
            print(message(trainer.message))
        loss = f"{test_loss:.4f}" if math.isfinite(test_loss) else tr("diverged")
        stopped = tr(str(trainer.stopped))
        if metrics is None:
            line = "Test accuracy {accuracy}, test loss {loss} ({stopped})"
            print(tr(line, accuracy=f"{test_acc:.2%}", loss=loss, stopped=stopped))
        else:
            for name, m in metrics.items():
                print(f"{tr(name):>10}: MSE {m['mse']:.4g}  MAE {m['mae']:.4g}  R² {m['r2']:.4f}")
            line = "Test R² {r2}, test loss {loss} ({stopped})"
            print(tr(line, r2=f"{metrics['test']['r2']:.4f}", loss=loss, stopped=stopped))
        if model_path:
            print(tr("Model saved to {path}", path=model_path))
        if recorder is not None and recorder.run_id is not None and recorder.store.path:
            path = str(recorder.store.path)
            print(tr("Recorded as run {id} in {path}", id=recorder.run_id, path=path))
    if recorder is not None and recorder.store.problem:
        print(tr("warning: {text}", text=message(recorder.store.problem)), file=sys.stderr)
    for problem in problems:
        print(tr("error: {text}", text=problem), file=sys.stderr)
    return 2 if problems else 0


def main(argv: list[str]) -> int:
    parser = build_parser()
    set_language(language_in_argv(argv))  # before parsing: argparse's errors are in it too
    try:
        args = parser.parse_args(argv)
        set_language(getattr(args, "lang", None))
        if args.command == "train":
            return train_command(args)
        if args.command == "predict":
            return predict_command(args)
        if args.command == "runs":
            return runs_command(args)
        if args.command == "export":
            return export_command(args)
        parser.print_help()
        return 0
    except (UsageError, SpecError, BackendError) as exc:
        print(tr("error: {text}", text=message(exc)), file=sys.stderr)
        return 2
    except (ValueError, OSError) as exc:  # data and model files: DataError, MnistError, I/O
        print(tr("error: {text}", text=message(exc)), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(tr("interrupted"), file=sys.stderr)
        return 130
