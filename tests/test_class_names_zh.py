"""The published image sets' class names are shown in 中文 in the Evaluation panel (the
confusion matrix's axes and tooltips, the gallery's captions), live on a language switch, while
the data, files and JSON keep the English names; a user's own folder names are shown as they are."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from engine.data.image_sets import IMAGE_SETS  # noqa: E402
from gui.common.class_names import CIFAR10, FASHION_MNIST, class_title  # noqa: E402
from gui.common.i18n import install_language  # noqa: E402
from gui.evaluation.panel import ConfusionMatrixView  # noqa: E402


@pytest.fixture
def chinese(qtbot):
    assert install_language("zh_CN")
    qtbot.wait(10)  # let the LanguageChange events arrive
    yield
    install_language("en")
    qtbot.wait(10)


def test_the_catalogue_names_are_the_data_sets_own():
    assert FASHION_MNIST == IMAGE_SETS["fashion_mnist"].class_names
    assert CIFAR10 == IMAGE_SETS["cifar10"].class_names


def test_in_chinese_known_names_are_translated_and_folder_names_kept(chinese):
    assert class_title("T-shirt/top") == "T恤/上衣"
    assert class_title("airplane") == "飞机"
    assert [class_title(n) for n in CIFAR10] == [
        *("飞机", "汽车", "鸟", "猫", "鹿", "狗", "青蛙", "马", "船", "卡车")
    ]
    assert all(not class_title(n).isascii() for n in FASHION_MNIST)
    assert class_title("my_dogs") == "my_dogs" and class_title("7") == "7"


def test_the_confusion_matrix_switches_its_class_names_live(qtbot):
    view = ConfusionMatrixView()
    qtbot.addWidget(view)
    counts = np.arange(100).reshape(10, 10)
    view.set_matrix(counts, list(IMAGE_SETS["cifar10"].class_names))
    rows, _ = view.tick_labels()
    assert rows[0].startswith("airplane")
    assert view.cell_tooltip(0, 3).startswith("True airplane, predicted cat: 3 ")
    try:
        assert install_language("zh_CN")
        qtbot.waitUntil(lambda: view.tick_labels()[0][0].startswith("飞机"), timeout=3000)
        assert "猫" in view.cell_tooltip(0, 3) and "飞机" in view.cell_tooltip(0, 3)
        assert (view.counts() == counts).all()  # the counts are kept, only the names change
    finally:
        install_language("en")
    qtbot.waitUntil(lambda: view.tick_labels()[0][0].startswith("airplane"), timeout=3000)
