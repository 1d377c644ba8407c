"""The live views' own words (plots, decision boundary, evaluation, runs, status bar, window
title) follow a language switch at once and come back in English: a stand-in translator marks
every text it translates, so the test needs no catalogue entries."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import QApplication

MARK = "⟪zh⟫"


class MarkingTranslator(QTranslator):
    """Translates every text of the contexts under test to itself with MARK in front."""

    CONTEXTS = ("Plots", "Boundary", "Evaluation", "Runs", "Status", "Window")

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001, ANN201
        return MARK + source if context in self.CONTEXTS else None


def _texts(win) -> dict[str, str]:
    live, evaluation, runs = win.live, win.evaluation.panel, win.runs.panel
    loss = live.loss_plot
    return {
        "axis": loss.plot_item.getAxis("bottom").labelText,
        "legend": loss.legend.items[1][1].text,
        "toggle": live.boundary.show_test.text(),
        "points": live.boundary.legend.text(),
        "scale": live.boundary.colorbar.axis.labelText,
        "button": evaluation.evaluate_button.text(),
        "header": evaluation.accuracy.text(),
        "matrix": evaluation.confusion.plot.getPlotItem().getAxis("left").labelText,
        "column": runs.table.model().headerData(6, Qt.Orientation.Horizontal),
        "run button": runs.buttons["runsSave"].text(),
        "run filter": runs.filters.combos["dataset"].itemText(0),
        "tooltip": win.status.labels["step"].toolTip(),
        "title": win.windowTitle(),
    }


def test_the_live_views_words_follow_a_switch_and_return(make_window) -> None:
    win = make_window()
    english = _texts(win)
    assert english["legend"] == "train" and english["column"] == "Epochs"
    assert english["points"].startswith("● train ")
    translator = MarkingTranslator()
    app = QCoreApplication.instance()
    try:
        app.installTranslator(translator)
        QApplication.sendPostedEvents()  # Qt posts LanguageChange to every widget
        switched = _texts(win)
    finally:
        app.removeTranslator(translator)
        QApplication.sendPostedEvents()
    assert [k for k, text in switched.items() if MARK not in text] == []
    assert _texts(win) == english
