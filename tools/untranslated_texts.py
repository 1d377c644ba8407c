"""List what the window still shows in English when 中文 is chosen: the work left for issue
#14 ("every string a user can see is translatable").

    QT_QPA_PLATFORM=offscreen python tools/untranslated_texts.py [--all]

Builds the main window in zh_CN (with throwaway settings), walks its widgets and actions, and
prints per kind (label, button, check box, combo item, tab, group title, menu action, dock,
tooltip, What's This) how many texts have an English word and no Chinese character, with the
first few of each (`--all`: every one). Layer and function names (Dense, tanh) are counted too:
judge those by eye, they stay as they are.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
CHINESE = re.compile(r"[\u3400-\u9fff]")


def still_english(text: str) -> bool:
    plain = re.sub(r"<[^>]+>", " ", text)  # rich text: look at the words, not the tags
    return bool(ENGLISH_WORD.search(plain)) and not CHINESE.search(plain)


def collect(window) -> dict[str, set[str]]:
    """The window's English texts by kind."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (
        QAbstractButton,
        QCheckBox,
        QComboBox,
        QDockWidget,
        QGroupBox,
        QLabel,
        QTabBar,
        QWidget,
    )

    found: dict[str, set[str]] = defaultdict(set)

    def add(kind: str, text: str) -> None:
        if text and still_english(text):
            found[kind].add(text.replace("\n", " ")[:120])

    for widget in window.findChildren(QWidget):
        if isinstance(widget, QLabel):
            add("label", widget.text())
        elif isinstance(widget, QCheckBox):
            add("check box", widget.text())
        elif isinstance(widget, QAbstractButton):
            add("button", widget.text())
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                add("combo item", widget.itemText(i))
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                add("tab", widget.tabText(i))
        elif isinstance(widget, QGroupBox):
            add("group title", widget.title())
        elif isinstance(widget, QDockWidget):
            add("dock", widget.windowTitle())
        add("tooltip", widget.toolTip())
        add("What's This", widget.whatsThis())
    for action in window.findChildren(QAction):
        add("menu action", action.text())
        add("tooltip", action.toolTip())
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="print every text, not the first 8")
    args = parser.parse_args(argv)
    settings = Path(tempfile.mkdtemp()) / "NeuralPlayground.ini"
    os.environ["NEURAL_PLAYGROUND_SETTINGS"] = str(settings)  # never the user's settings
    os.environ["NEURAL_PLAYGROUND_LANG"] = "zh_CN"
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from gui.common.i18n import install_language
    from gui.training.threads import stop_all_threads
    from gui.window.main_window import MainWindow

    install_language("zh_CN")
    window = MainWindow()
    window.show()
    for _ in range(20):
        app.processEvents()
    found = collect(window)
    window.close()
    stop_all_threads()
    total = sum(len(texts) for texts in found.values())
    print(f"{total} distinct texts still in English")
    for kind, texts in sorted(found.items(), key=lambda kv: -len(kv[1])):
        print(f"\n{kind}: {len(texts)}")
        for text in sorted(texts)[: None if args.all else 8]:
            print(f"  {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
