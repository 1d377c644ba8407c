"""Neural Playground: `python main.py [--home DIR]` opens the app (its run history in DIR);
`python main.py train …` trains headless."""

from __future__ import annotations

import sys

CLI_COMMANDS = {"train", "predict", "runs", "export", "-h", "--help"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in CLI_COMMANDS:
        from engine.cli.main import main as cli_main

        return cli_main(argv)
    from engine.cli.language import set_language, tr

    set_language(None)  # the locale's or $NEURAL_PLAYGROUND_LANG, as the CLI's lines
    rest, home = list(argv), None
    if rest and (rest[0] == "--home" or rest[0].startswith("--home=")):  # the window's option
        option = rest.pop(0)
        home = option.partition("=")[2] if "=" in option else (rest.pop(0) if rest else "")
        if not home:
            text = tr("--home needs a folder: python main.py --home DIR")
            print(tr("error: {text}", text=text), file=sys.stderr)
            return 2
    if rest:
        text = tr(
            "unknown command {command}; use train, predict, runs, export, or no arguments for "
            "the app (--home DIR: keep the run history in DIR)",
            command=repr(rest[0]),
        )
        print(tr("error: {text}", text=text), file=sys.stderr)
        return 2
    from gui.window.app import run_app

    return run_app(sys.argv[:1], home=home)


if __name__ == "__main__":
    sys.exit(main())
