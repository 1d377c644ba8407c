"""Keep resources/i18n/pyqtgraph_<code>.ts in step with the pyqtgraph installed: the texts of the
context menus the app's plots show (the ViewBox menu, its axis panels, "Plot Options").

    python tools/pyqtgraph_catalogue.py [--check] [--code zh_CN]

pyside6-lupdate finds pyqtgraph's ``translate("ViewBox", ...)`` calls but not the Designer
templates' ``_translate("Form", ...)`` nor the one inside an f-string ("X axis"), so the
sources are read here with the ast module instead. Existing translations are kept, a new
source is added unfinished (empty), one pyqtgraph no longer has is dropped. `--check` changes
nothing and exits 1 when the catalogue is not current. Compile afterwards with
``pyside6-lrelease resources/i18n/pyqtgraph_zh_CN.ts`` (tests/test_pyqtgraph_menus_zh.py
checks both).
"""

from __future__ import annotations

import argparse
import ast
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pyqtgraph

ROOT = Path(__file__).resolve().parents[1]
PYQTGRAPH = Path(pyqtgraph.__file__).resolve().parent
MENU_SOURCES = (  # the modules that build the menus a plot of the app shows (gui/common/plot_menus)
    "graphicsItems/ViewBox/ViewBoxMenu.py",
    "graphicsItems/ViewBox/axisCtrlTemplate_generic.py",
    "graphicsItems/PlotItem/PlotItem.py",
    "graphicsItems/PlotItem/plotConfigTemplate_generic.py",
)
TRANSLATE_NAMES = {"translate", "_translate"}


def catalogue_path(code: str) -> Path:
    return ROOT / "resources" / "i18n" / f"pyqtgraph_{code}.ts"


def menu_texts() -> list[tuple[str, str]]:
    """(context, source) of every literal translate call in MENU_SOURCES, in file order."""
    found: dict[tuple[str, str], None] = {}
    for name in MENU_SOURCES:
        tree = ast.parse((PYQTGRAPH / name).read_text(encoding="utf-8"), filename=name)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            context, source = node.args[0], node.args[1]
            if (
                called in TRANSLATE_NAMES
                and isinstance(context, ast.Constant)
                and isinstance(source, ast.Constant)
                and isinstance(source.value, str)
            ):
                found[(context.value, source.value)] = None
    return list(found)


def read_catalogue(path: Path) -> dict[tuple[str, str], str]:
    """(context, source) -> translation ("" when unfinished) of an existing .ts file."""
    if not path.exists():
        return {}
    entries = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            finished = translation is not None and translation.get("type") is None
            text = (translation.text or "") if translation is not None else ""
            entries[(name, message.findtext("source", ""))] = text if finished else ""
    return entries


def write_catalogue(path: Path, code: str, texts: list[tuple[str, str]], known: dict) -> None:
    root = ET.Element("TS", version="2.1", language=code)
    contexts: dict[str, ET.Element] = {}
    for name, source in sorted(texts, key=lambda t: t[0]):  # stable: file order within a context
        if name not in contexts:
            contexts[name] = ET.SubElement(root, "context")
            ET.SubElement(contexts[name], "name").text = name
        message = ET.SubElement(contexts[name], "message")
        ET.SubElement(message, "source").text = source
        translation = ET.SubElement(message, "translation")
        text = known.get((name, source), "")
        if text:
            translation.text = text
        else:
            translation.set("type", "unfinished")
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", default="zh_CN")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    path = catalogue_path(args.code)
    texts = menu_texts()
    known = read_catalogue(path)
    missing = [t for t in texts if not known.get(t)]
    gone = sorted(set(known) - set(texts))
    if args.check:
        for context, source in missing:
            print(f"untranslated: {context}: {source!r}")
        for context, source in gone:
            print(f"no longer in pyqtgraph: {context}: {source!r}")
        return 1 if missing or gone else 0
    write_catalogue(path, args.code, texts, known)
    print(f"{path.relative_to(ROOT)}: {len(texts)} texts, {len(missing)} to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
