"""Every control and view explains itself: a tooltip and a What's This text from one data file."""

from __future__ import annotations

import json

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollBar,
    QWidget,
)

from engine.experiment.spec import OPTIMIZER_TITLES, Experiment
from gui.experiment.hyper_panel import MAX_BATCH, batch_values
from gui.experiment.relevance import MOMENTUM_OPTIMIZERS
from gui.experiment.spec_model import STRUCTURE
from gui.help.explanations import (
    EXPLANATIONS_PATH,
    apply_explanations,
    explained_names,
    explanations,
    parse_explanations,
)
from gui.window.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CONTROLS = (
    QAbstractButton,
    QAbstractSlider,
    QComboBox,
    QAbstractSpinBox,
    QLineEdit,
    QAbstractItemView,
    QDockWidget,
    pg.GraphicsView,  # plots and images
)
FORMULAS = {  # the concepts whose What's This must show the formula
    "perceptronRule": "w ← w + η(t − y)x",
    "layerActivation": "σ′ = σ(1 − σ)",
    "lossFunction": "exp(zᵢ) / Σⱼ exp(zⱼ)",
    "momentum": "v ← μv − η∇",
    "optimizerChoice": "m̂ = m/(1 − β₁ᵗ)",
    "l1Rate": "λ Σ|w|",
    "l2Rate": "λ Σw²",
    "dropout": "(1 − p)",
    "addLayer_batchnorm": "(x − μ)/√(σ² + ε)",
    "layerKernel": "⌊(n + 2p − k)/s⌋ + 1",
    "layerPoolSize": "⌊(n − k)/s⌋ + 1",
    "batchSize": "5000/500 = 10",
}


@pytest.fixture
def window(qtbot):
    exp = Experiment()
    exp.data.name = "xor"
    exp.data.points = 100
    win = MainWindow(exp)
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.trainer is not None, timeout=5000)
    return win


def _text_source(widget: QWidget, attr: str, table) -> QWidget | None:
    """Where `widget`'s tooltip / What's This comes from, as Qt resolves it: itself, or the
    nearest ancestor with one, passing only through unnamed parts. A panel does not count:
    a control inside a panel needs its own entry."""
    node = widget
    while node is not None:
        if getattr(node, attr)():
            entry = table.get(node.objectName())
            return None if node is not widget and entry is not None and entry.panel else node
        name = node.objectName()
        if name and not name.startswith("qt_") and node is not widget:
            return None
        node = node.parentWidget()
    return None


def _user_controls(win: MainWindow) -> list[QWidget]:
    """Interactive widgets a user can reach: visible ones, and every named one even while its
    mode hides it. Popups of combo boxes and scroll bars are Qt's own."""
    found = []
    for w in win.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or isinstance(w, QScrollBar) or w.window() is not win:
            continue
        name = w.objectName()
        named = bool(name) and not name.startswith("qt_") and not name.startswith("Scroll")
        if w.isVisibleTo(win) or named:
            found.append(w)
    return found


def _missing(win: MainWindow) -> list[str]:
    table = explanations()
    out = []
    for w in _user_controls(win):
        for attr in ("toolTip", "whatsThis"):
            if _text_source(w, attr, table) is None:
                parent = w.parentWidget()
                where = parent.objectName() if parent is not None else ""
                out.append(f"{type(w).__name__} {w.objectName()!r} in {where!r}: no {attr}")
    return out


def test_every_control_has_a_tooltip_and_whats_this(qtbot, window):
    window.docks["lessonPanelDock"].show()  # hidden until a lesson is chosen
    assert _missing(window) == []
    # other modes show other controls: the perceptron's rule, new rows for new layers
    window.spec_model.edit(STRUCTURE, lambda e: setattr(e, "model", "perceptron"))
    window.spec_model.edit(STRUCTURE, lambda e: setattr(e, "model", "mlp"))
    window.experiment.designer.layer_count.setValue(4)
    qtbot.waitUntil(lambda: len(window.experiment.designer._rows) == 4)
    qtbot.waitUntil(lambda: window.experiment.designer._rows[3].activation.whatsThis() != "")
    assert _missing(window) == []


def test_no_orphan_keys_and_formulas_where_they_help(window):
    names = explained_names(window)
    orphans = sorted(set(explanations()) - names)
    assert orphans == [], f"explanations for objects that do not exist: {orphans}"
    table = explanations()
    for key, formula in FORMULAS.items():
        text = table[key].formula + table[key].what
        assert formula in text, key
    for entry in table.values():
        sentences = entry.what.count(". ") + 1
        assert 1 <= sentences <= 4 and len(entry.tip) <= 100, entry.title


def test_labels_and_actions_carry_the_texts(window):
    lr_label = window.experiment.hyper_panel.lr.name_label
    assert "learning rate" in lr_label.whatsThis().lower()
    train = window.findChild(QAction, "actionTrain")
    native = QKeySequence("Ctrl+Return").toString(QKeySequence.SequenceFormat.NativeText)
    assert train.toolTip().endswith(f"({native})") and train.whatsThis()
    form_label = window.experiment.hyper_panel.layout().labelForField(
        window.experiment.hyper_panel.optimizer
    )
    assert isinstance(form_label, QLabel) and "Adam" in form_label.whatsThis()


def test_help_menu_has_whats_this_on_shift_f1_and_about(qtbot, window):
    whats_this = window.findChild(QAction, "actionWhatsThis")
    about = window.findChild(QAction, "actionAbout")
    assert whats_this.shortcut() == QKeySequence("Shift+F1")
    help_menu = next(a.menu() for a in window.menuBar().actions() if "Help" in a.text())
    assert {whats_this, about} <= set(help_menu.actions())
    about.trigger()
    box = window.findChild(QWidget, "aboutBox")
    assert box is not None and "Neural Playground" in box.text()
    box.close()


def test_apply_hands_texts_down_to_unnamed_parts_only(qtbot):
    table = parse_explanations(
        {
            "panels": {"box": {"tip": "Box tip", "what": "A box."}},
            "controls": {"knob": {"tip": "Knob tip", "what": "A knob.", "formula": "a < b"}},
        }
    )
    root = QWidget()
    root.setObjectName("box")
    qtbot.addWidget(root)
    knob = QWidget(root)
    knob.setObjectName("knob")
    part = QPushButton("part", knob)
    loose = QPushButton("loose", root)
    assert apply_explanations(root, table) >= 3
    assert part.toolTip() == "Knob tip" and "a &lt; b" in part.whatsThis()
    assert loose.toolTip() == ""  # a panel's text is not handed down
    part.setToolTip("changed later by its owner")
    apply_explanations(root, table)
    assert part.toolTip() == "changed later by its owner"


def test_a_broken_file_is_refused_with_the_entry_named():
    with pytest.raises(ValueError, match="controls.knob"):
        parse_explanations({"controls": {"knob": {"tip": ""}}})
    raw = json.loads(EXPLANATIONS_PATH.read_text(encoding="utf-8"))
    assert parse_explanations(raw) == explanations()
    assert explanations("/nonexistent/explanations.json") == {}


def test_every_optimizer_on_offer_is_explained():
    what = explanations()["optimizerChoice"].what
    formula = explanations()["optimizerChoice"].formula
    assert [t for t in OPTIMIZER_TITLES.values() if t not in what] == []
    assert "Nadam:" in formula and "0.96ᵗ" in formula  # Keras's momentum schedule, as ours


def test_the_batch_size_text_names_the_sliders_last_stop():
    assert batch_values(None)[-1] == batch_values(100_000)[-1] == MAX_BATCH
    assert batch_values(300)[-1] == 300  # a smaller training set: the whole of it
    what = explanations()["batchSize"].what
    assert f"the last stop is {MAX_BATCH}, or the whole training set when it has fewer" in what


def test_the_l1_text_says_what_each_engine_does():
    """The exact zeros themselves are tested in test_numpy_network."""
    entry = explanations()["l1Rate"]
    assert "sign(w)·max(|w| − ηλ, 0)" in entry.formula
    assert "become exactly zero" in entry.what and "almost never to exactly zero" in entry.what


def test_the_momentum_tip_names_the_optimizers_that_read_it():
    tip = explanations()["momentum"].tip
    assert [OPTIMIZER_TITLES[n] for n in OPTIMIZER_TITLES if OPTIMIZER_TITLES[n] in tip] == [
        OPTIMIZER_TITLES[n] for n in MOMENTUM_OPTIMIZERS
    ]
