"""`python main.py runs list|show ID|export ID --to F|delete ID|import FILE`: the run history.

Every command takes `--home DIR` (else $NEURAL_PLAYGROUND_HOME, else the app's data folder:
engine/runs/home.py) and `--json` (English: it is an API). A missing run, a file that cannot be
read or written, or a bad format is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import unicodedata
from datetime import datetime

from engine.cli.language import add_language_option, message, tr
from engine.messages import Text
from engine.runs.home import resolve_home
from engine.runs.interop import FORMATS, export_run, import_runs
from engine.runs.store import ORDERS, ORPHAN_MESSAGE, RunStore, StoredRun


class RunsError(ValueError):
    """A runs command that cannot be done (no such run, a file problem): exit status 2."""


def add_home_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--home",
        metavar="DIR",
        help="where the run history is kept (default: $NEURAL_PLAYGROUND_HOME, else the app's "
        "data folder)",
    )


def add_runs_parser(sub: argparse._SubParsersAction) -> None:
    runs = sub.add_parser("runs", help="the run history: list, show, export, delete, import")
    commands = runs.add_subparsers(dest="runs_command", parser_class=type(runs))
    listing = commands.add_parser("list", help="stored runs, newest first")
    listing.add_argument("--dataset")
    listing.add_argument("--model")
    listing.add_argument("--engine")
    listing.add_argument("--search", metavar="TEXT", help="in names and notes")
    listing.add_argument("--since", type=_date, metavar="DATE", help="started on or after DATE")
    listing.add_argument(
        "--min-accuracy", type=float, metavar="F", help="test (else validation) score 0-1"
    )
    listing.add_argument("--order", choices=ORDERS, default="started")
    listing.add_argument("--limit", type=int, metavar="N")
    show = commands.add_parser(
        "show", help="one run: what it trained, when, how it ended, its metrics (--json: all)"
    )
    show.add_argument("id", type=int, metavar="ID")
    export = commands.add_parser("export", help="write a run as CSV, JSON or a TensorBoard log")
    export.add_argument("id", type=int, metavar="ID")
    export.add_argument("--to", required=True, metavar="F", help="file (csv, json) or folder")
    export.add_argument("--format", choices=FORMATS, help="default: from the file's suffix")
    delete = commands.add_parser("delete", help="remove a run (and its model file)")
    delete.add_argument("id", type=int, metavar="ID")
    imports = commands.add_parser(
        "import", help="add the runs of a File › Save runs file, or a run exported as JSON"
    )
    imports.add_argument("file", metavar="FILE")
    for parser in (listing, show, export, delete, imports):
        add_home_option(parser)
        parser.add_argument("--json", action="store_true", help="JSON output")
        add_language_option(parser)
    runs.set_defaults(runs_parser=runs)


def _date(text: str) -> datetime:
    """An ISO date or time (2026-11-30, 2026-11-30T09:00), local time unless it names a zone."""
    try:
        return datetime.fromisoformat(text).astimezone()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-11-30, got {text!r}") from None


def open_store(home: str | None) -> RunStore:
    """The store in `--home`/the environment/the default folder; its notice, if any, on stderr."""
    store = RunStore.open(resolve_home(home))
    if store.notice:
        print(tr("note: {text}", text=message(store.notice)), file=sys.stderr)
    return store


def runs_command(args: argparse.Namespace) -> int:
    if not args.runs_command:
        args.runs_parser.print_help()
        return 0
    store = open_store(args.home)
    try:
        return _COMMANDS[args.runs_command](store, args)
    finally:
        store.close()


def _get(store: RunStore, run_id: int) -> StoredRun:
    run = store.get(run_id)
    if run is None:
        where = str(store.path) if store.path else tr("memory")
        raise RunsError(Text("no run {id} in {path}", id=run_id, path=where))
    return run


def _print_json(obj: object) -> None:
    print(json.dumps(obj, allow_nan=False), flush=True)


def _when(stamp: str | None) -> str:
    """A stored UTC time in the local time zone, to the minute."""
    if not stamp:
        return ""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def _number(value: float | None, percent: bool = False) -> str:
    if value is None or not math.isfinite(value):
        return "-"
    return f"{value:.2%}" if percent else f"{value:.4f}"


def _score(run: StoredRun) -> tuple[str, float | None]:
    """The run's headline score: test, else validation; a percentage unless regression (R²)."""
    value = run.metrics.get("test_accuracy")
    if value is None:
        value = run.metrics.get("val_accuracy")
    return run.spec.get("data", {}).get("task", "classification"), value


def _width(text: str) -> int:
    """Terminal columns: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def list_command(store: RunStore, args: argparse.Namespace) -> int:
    runs = store.list_runs(
        dataset=args.dataset,
        model=args.model,
        engine=args.engine,
        search=args.search,
        since=args.since,
        min_accuracy=args.min_accuracy,
        order=args.order,
        limit=args.limit,
        with_series=args.json,  # the JSON is the whole record: curves included
    )
    if args.json:
        _print_json([run.to_dict() for run in runs])
        return 0
    if not runs:
        where = str(store.path or tr("memory"))
        filtered = any(
            getattr(args, name) is not None
            for name in ("dataset", "model", "engine", "search", "since", "min_accuracy")
        )
        if filtered and store.count():
            print(tr("None of the {n} runs in {path} match.", n=store.count(), path=where))
        else:
            print(tr("No runs stored in {path}.", path=where))
        return 0
    header = (tr("id"), tr("started"), tr("data"), tr("model"), tr("engine"), tr("epochs"))
    header += (tr("ended"), tr("score"), tr("name"))
    rows = [header]
    for run in runs:
        task, score = _score(run)
        shown = _number(score, percent=task == "classification")
        row = (str(run.id), _when(run.started), run.dataset, run.model, run.engine)
        rows.append(row + (str(run.epochs), tr(run.ended_how), shown, run.name))
    widths = [max(_width(r[i]) for r in rows) for i in range(len(header) - 1)]
    for row in rows:
        cells = [c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=False)]
        print("  ".join(cells) + "  " + row[-1])
    return 0


def show_command(store: RunStore, args: argparse.Namespace) -> int:
    run = _get(store, args.id)
    if args.json:
        _print_json(run.to_dict())
        return 0
    lines = [
        tr("Run {id}: {name}", id=run.id, name=run.name or "-"),
        tr(
            "data {dataset}, model {model}, engine {engine}",
            dataset=run.dataset,
            model=run.model,
            engine=run.engine + (f" ({run.backend})" if run.backend else ""),
        ),  # fmt: skip
        tr("device {device}", device=run.device or "-"),
        tr(
            "started {started}, ended {ended} ({how})",
            started=_when(run.started),
            ended=_when(run.ended) or "-",
            how=tr(run.ended_how),
        ),  # fmt: skip
        tr("epochs {epochs}", epochs=run.epochs),
    ]
    percent = run.spec.get("data", {}).get("task", "classification") == "classification"
    for split in ("train", "val", "test"):
        loss, acc = run.metrics.get(f"{split}_loss"), run.metrics.get(f"{split}_accuracy")
        lines.append(
            tr(
                "{split}: loss {loss}, score {score}",
                split=tr(split),
                loss=_number(loss),
                score=_number(acc, percent),
            )
        )
    if run.message:  # stored as English text; the store's own message is shown translated
        lines.append(message(ORPHAN_MESSAGE if run.message == ORPHAN_MESSAGE else run.message))
    if run.notes:
        lines.append(tr("notes: {notes}", notes=run.notes))
    if run.model_path:
        lines.append(tr("model: {path}", path=run.model_path))
    if run.pinned:
        lines.append(tr("pinned"))
    print("\n".join(lines))
    return 0


def export_command(store: RunStore, args: argparse.Namespace) -> int:
    run = _get(store, args.id)
    path = export_run(run, args.to, args.format or "")
    if args.json:
        _print_json({"id": run.id, "path": str(path), "format": args.format or path.suffix[1:]})
    else:
        print(tr("Run {id} exported to {path}", id=run.id, path=str(path)))
    return 0


def delete_command(store: RunStore, args: argparse.Namespace) -> int:
    _get(store, args.id)
    if not store.delete(args.id):
        raise RunsError(store.problem or Text("run {id} was not deleted", id=args.id))
    if args.json:
        _print_json({"deleted": args.id})
    else:
        print(tr("Deleted run {id}", id=args.id))
    return 0


def import_command(store: RunStore, args: argparse.Namespace) -> int:
    runs = import_runs(args.file)
    ids = [store.add(run) for run in runs]
    if None in ids:
        raise RunsError(store.problem or Text("the runs of {path} were not stored", path=args.file))
    if args.json:
        _print_json({"imported": ids})
    else:
        print(
            tr(
                "Imported {count} runs from {path}: {ids}",
                count=len(ids),
                path=args.file,
                ids=", ".join(map(str, ids)),
            )
        )
    return 0


_COMMANDS = {
    "list": list_command,
    "show": show_command,
    "export": export_command,
    "delete": delete_command,
    "import": import_command,
}
