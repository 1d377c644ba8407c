"""In 中文, the window shows no English text except names that are the same in Chinese
(optimizers, activations, libraries, devices, initialisers, Keras keywords, formulas): a text
that a panel sets without marking it for translation fails here (issue #14). The texts are
found the way `tools/untranslated_texts.py` finds them: every widget, item, tab, tooltip,
What's This and action of a freshly built window. The plots' pyqtgraph context menus are
checked in tests/test_pyqtgraph_menus_zh.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PySide6.QtGui import QAction

TOOL = Path(__file__).resolve().parents[1] / "tools" / "untranslated_texts.py"
spec = importlib.util.spec_from_file_location("untranslated_texts", TOOL)
untranslated_texts = importlib.util.module_from_spec(spec)
spec.loader.exec_module(untranslated_texts)

# Names, the same in the tutorials' Chinese and in the code a learner will write.
NAMES = {
    *("SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop", "Adam", "Nadam"),  # optimizers
    *("Linear", "Sigmoid", "Sigmoid σ", "Tanh", "ReLU", "Leaky ReLU"),  # activations, titled
    *("linear", "step", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"),  # Keras keys
    *("TensorFlow", "JAX", "PyTorch", "CPU", "GPU", "cpu", "NumPy MLP"),  # libraries, devices
    *("Glorot / Xavier", "LeCun", "LeNet-5（1998）"),  # people's names
    *("same", "valid"),  # Keras's padding keywords
    *("sin x₁", "sin x₂", "18 px"),  # formulas and units
    "English",  # a language is listed in its own name
}


def test_the_chinese_window_shows_no_unmarked_english(make_window, qtbot):
    win = make_window()
    win.findChild(QAction, "language-zh_CN").trigger()
    qtbot.waitUntil(lambda: not win.menuBar().actions()[0].text().isascii(), timeout=5000)
    found = untranslated_texts.collect(win)
    left = {
        f"{kind}: {text}" for kind, texts in found.items() for text in texts if text not in NAMES
    }
    assert not sorted(left)
