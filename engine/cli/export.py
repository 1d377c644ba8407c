"""`python main.py export (--config F | --preset NAME) --to SCRIPT [--framework keras|numpy]`:
write the experiment as one runnable Python script (engine.export.script)."""

from __future__ import annotations

import argparse

from engine.atomic import check_writable
from engine.cli.language import add_language_option, tr
from engine.experiment.presets import PRESETS, preset
from engine.experiment.spec import Experiment
from engine.export.checks import FRAMEWORKS, ExportError, default_framework
from engine.export.script import write_python_script
from engine.messages import Text


def add_export_parser(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser("export", help="write the experiment as a Python script")
    source = export.add_mutually_exclusive_group(required=True)
    source.add_argument("--config", metavar="F", help="experiment JSON (File › Save experiment)")
    source.add_argument("--preset", choices=sorted(PRESETS), help="a named experiment")
    export.add_argument("--to", metavar="SCRIPT", required=True, help="the .py file to write")
    export.add_argument(
        "--framework",
        choices=FRAMEWORKS,
        help="keras: plain Keras 3; numpy: everything written out (default: the engine's)",
    )
    export.add_argument(
        "--data-path",
        "--mnist",
        dest="data_path",
        metavar="PATH",
        help="the data file or folder the script reads (in place of the experiment's)",
    )
    add_language_option(export)


def export_command(args: argparse.Namespace) -> int:
    exp = Experiment.load(args.config) if args.config else preset(args.preset)
    if args.data_path:
        exp.data.path = args.data_path
    framework = args.framework or default_framework(exp)
    try:
        check_writable(args.to)
    except OSError as exc:
        raise ExportError(
            Text("--to {path}: {reason}", path=args.to, reason=exc.strerror or exc)
        ) from None
    write_python_script(exp, args.to, framework)
    print(tr("Wrote {path} ({framework} script)", path=args.to, framework=framework))
    return 0
