"""The Help menu (What's this? on Shift+F1, About) and keeping every control explained.

The window calls `explain()` once it has built every panel and menu. Panels create some widgets
later (a row per hidden layer), so the explanations are applied again, once, after each
experiment change, and after a language switch (View › Language): Qt sends the window
`QEvent.LanguageChange`, and every tooltip and What's This text is set again in the new
language.
"""

from __future__ import annotations

from importlib import metadata

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWhatsThis, QWidget

from gui.common.i18n import MENU, set_ui_text
from gui.experiment.spec_model import LIVE, SpecModel
from gui.help.explanations import apply_explanations

ABOUT = QT_TRANSLATE_NOOP(
    "About",
    "<p><b>Neural Playground</b> {version}</p>"
    "<p>A desktop playground for learning neural networks: design a network, train it with "
    "NumPy written from scratch or with Keras, and watch the loss, the accuracy and the "
    "decision boundary change batch by batch.</p>"
    "<p>Press <b>Shift+F1</b> and click any control for an explanation of the idea behind it; "
    "the <b>Lessons</b> menu replays the classic experiments step by step.</p>"
    "<p>Built with Qt for Python (PySide6), pyqtgraph, NumPy and Keras (on TensorFlow, JAX "
    "or PyTorch). The MNIST digits are by Yann LeCun and Corinna Cortes (CC BY-SA 3.0); "
    "Fashion-MNIST is by Zalando Research (MIT licence); CIFAR-10 was collected by Alex "
    "Krizhevsky, Vinod Nair and Geoffrey Hinton.</p>",
)


def app_version() -> str:
    try:
        return metadata.version("neural-playground")
    except metadata.PackageNotFoundError:
        return QCoreApplication.translate("About", "(development version)")


class HelpController(QObject):
    """The Help menu's actions (`menu_actions["help"]`) and the explanations of every control
    under `root`."""

    def __init__(self, spec_model: SpecModel, root: QWidget) -> None:
        super().__init__(root)
        self._root = root
        whats_this = QWhatsThis.createAction(self)  # Shift+F1, then click a control
        whats_this.setObjectName("actionWhatsThis")
        set_ui_text(whats_this, MENU, QT_TRANSLATE_NOOP("Menu", "What's this?"))
        about = QAction(self)
        set_ui_text(about, MENU, QT_TRANSLATE_NOOP("Menu", "About Neural Playground"))
        about.setObjectName("actionAbout")
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self._on_about_triggered)
        self.menu_actions: dict[str, list[QAction | None]] = {"help": [whats_this, None, about]}
        self._explain_timer = QTimer(self)
        self._explain_timer.setSingleShot(True)
        self._explain_timer.setInterval(0)
        self._explain_timer.timeout.connect(self._on_explain_timeout)
        spec_model.changed.connect(self._on_spec_changed)
        spec_model.replaced.connect(self._on_spec_replaced)
        root.installEventFilter(self)

    def explain(self) -> int:
        """Give every control under the root its tooltip and What's This text in the current
        language (again: new controls get theirs, and after a language switch every control
        gets the new language's); returns how many objects got new texts."""
        return apply_explanations(self._root)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._root and event.type() == QEvent.Type.LanguageChange:
            self._explain_timer.start()  # one walk, after the switch's events (Qt sends several)
        return False

    @Slot()
    def _on_about_triggered(self) -> None:
        box = QMessageBox(self._root)
        box.setObjectName("aboutBox")
        box.setWindowTitle(QCoreApplication.translate("About", "About Neural Playground"))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(QCoreApplication.translate("About", ABOUT).format(version=app_version()))
        box.setIconPixmap(self._root.windowIcon().pixmap(64, 64))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    @Slot(str)
    def _on_spec_changed(self, kind: str) -> None:
        if kind != LIVE:  # live edits (a dragged slider) never create widgets
            self._explain_timer.start()  # coalesced: one walk after the panels have rebuilt

    @Slot()
    def _on_spec_replaced(self) -> None:
        self._explain_timer.start()

    @Slot()
    def _on_explain_timeout(self) -> None:
        self.explain()
