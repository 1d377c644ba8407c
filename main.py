"""Neural Playground: `python main.py` opens the app; `python main.py train …` trains headless."""

from __future__ import annotations

import sys

CLI_COMMANDS = {"train", "predict", "-h", "--help"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in CLI_COMMANDS:
        from engine.cli.main import main as cli_main

        return cli_main(argv)
    if argv:
        print(
            f"error: unknown command {argv[0]!r}; use train, predict, or no arguments for the app",
            file=sys.stderr,
        )
        return 2
    from gui.window.app import run_app

    return run_app(sys.argv[:1])


if __name__ == "__main__":
    sys.exit(main())
