"""No Qt subclass of ours hides a Qt method or property behind an instance attribute.

`self.metric = "loss"` on a QWidget hid the virtual `QWidget.metric()`, and any `grab()` or
`render()` of that panel crashed the process. This walks every class under gui/ that derives
from a Qt class and checks each `self.<name> = …` it writes against the Qt classes it inherits.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

GUI = Path(__file__).resolve().parents[1] / "gui"


def _assigned_names(cls_node: ast.ClassDef) -> set[str]:
    names = set()
    for node in ast.walk(cls_node):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        for target in targets:
            for t in ast.walk(target):
                if (
                    isinstance(t, ast.Attribute)
                    and isinstance(t.value, ast.Name)
                    and t.value.id == "self"
                ):
                    names.add(t.attr)
    return names


def _qt_classes():
    for path in sorted(GUI.rglob("*.py")):
        module_name = ".".join(path.relative_to(GUI.parent).with_suffix("").parts)
        module_name = module_name.removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                yield module_name, node


def _qt_bases(cls: type) -> list[type]:
    return [b for b in inspect.getmro(cls) if b.__module__.startswith(("PySide6", "Shiboken"))]


CLASSES = list(_qt_classes())


def test_the_walk_finds_our_qt_classes():
    assert len(CLASSES) > 30  # a walk that found nothing would pass anything


@pytest.mark.parametrize("module_name, node", CLASSES, ids=[f"{m}.{n.name}" for m, n in CLASSES])
def test_no_instance_attribute_shadows_a_qt_name(module_name, node):
    module = importlib.import_module(module_name)
    cls = getattr(module, node.name)
    bases = _qt_bases(cls)
    if not bases:
        return
    clashes = sorted(
        f"self.{name} hides {base.__name__}.{name}"
        for name in _assigned_names(node)
        for base in bases[:1]
        if hasattr(base, name)
    )
    assert not clashes, f"{module_name}.{node.name}: " + "; ".join(clashes)


def test_the_guard_catches_the_metric_bug():
    tree = ast.parse(
        "class MetricPlot(QWidget):\n    def __init__(self):\n        self.metric = 'loss'\n"
    )
    from PySide6.QtWidgets import QWidget

    names = _assigned_names(tree.body[0])
    assert {n for n in names if hasattr(QWidget, n)} == {"metric"}
