"""The lesson banner: which lesson and step is loaded, what to watch, and what happened.

A plain view with buttons; `gui.lessons.controller.LessonsController` owns the lesson and reacts to
`stepRequested(index)`, `raceRequested()` and `closeRequested()`.

The texts are in the app's language: the lesson's own (title, step titles, notes, expected
outcomes) from engine.teaching.translations, the banner's words through Qt's translator
(context "Lessons", written out at each call so that pyside6-lupdate finds them). On a language
switch (`QEvent.LanguageChange`) the banner shows the same step, and the same outcome, in the
new language.

The text wraps, and the banner asks for the height its wrapped text needs at the current width
(a dock area does not follow a label's height-for-width by itself), up to `MAX_TEXT_LINES`
lines; longer text scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from engine.teaching.lessons import Lesson
from engine.teaching.translations import lesson_text
from gui.common.i18n import current_language

GOOD = "#2e7d32"
BAD = "#c25e00"  # orange, not red: an unexpected outcome is something to look at, not an error
MAX_TEXT_LINES = 9  # the banner grows to show this many lines of text, then scrolls


class LessonPanel(QWidget):
    """Title, note and outcome of the current lesson step, with Back / Next step / Race."""

    stepRequested = Signal(int)
    raceRequested = Signal()
    closeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonPanel")
        self.setAccessibleName("lessonPanel")
        self.lesson: Lesson | None = None
        self.index = 0
        # What the outcome line says, kept to say it again after a language switch:
        # ("look", None, "") the step's expected outcome, ("checked", ok, expect_text) a checked
        # run (expect_text "": the step's own), ("text", ok, text) a message as it was given.
        self._outcome: tuple[str, bool | None, str] = ("look", None, "")
        self.title = QLabel()
        self.title.setObjectName("lessonTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("lessonNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome = QLabel()
        self.outcome.setObjectName("lessonOutcome")
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome.setWordWrap(True)
        self.back_button = QPushButton()
        self.back_button.setObjectName("lessonBack")
        self.next_button = QPushButton()
        self.next_button.setObjectName("lessonNext")
        self.race_button = QPushButton()
        self.race_button.setObjectName("lessonRace")
        self.close_button = QPushButton()
        self.close_button.setObjectName("lessonClose")
        self._name_buttons()

        self.text_box = QWidget()
        text = QVBoxLayout(self.text_box)
        text.setContentsMargins(0, 0, 0, 0)
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.note)
        text.addWidget(self.outcome)
        text.addStretch(1)
        self.text_scroll = QScrollArea()
        self.text_scroll.setObjectName("lessonTextScroll")
        self.text_scroll.setWidgetResizable(True)
        self.text_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.text_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text_scroll.setWidget(self.text_box)
        buttons = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addWidget(self.next_button)
        buttons.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.race_button)
        row.addWidget(self.close_button)
        buttons.addLayout(row)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.addWidget(self.text_scroll, 1)
        layout.addLayout(buttons)

        self.back_button.clicked.connect(self._on_back_clicked)
        self.next_button.clicked.connect(self._on_next_clicked)
        self.race_button.clicked.connect(self.raceRequested)
        self.close_button.clicked.connect(self.closeRequested)
        self.show_lesson(None, 0)

    # ----- public -------------------------------------------------------------------------
    def show_lesson(self, lesson: Lesson | None, index: int) -> None:
        """Show `lesson`'s step `index` (None: the placeholder that points to the menu)."""
        self.lesson, self.index = lesson, index
        self._outcome = ("look", None, "")
        self._show_step()

    def show_expectation(self) -> None:
        """The outcome line says what to look for (the step's expected outcome, if any)."""
        self._outcome = ("look", None, "")
        self._show_outcome()

    def show_checked_outcome(self, ok: bool, expect_text: str = "") -> None:
        """✓ / ✗ after a run: whether the expected outcome happened. `expect_text` is the
        outcome checked, in English when it is not the step's own (a loss-surface walk's);
        empty: the step's own, in the app's language."""
        self._outcome = ("checked", ok, expect_text)
        self._show_outcome()

    def show_outcome(self, ok: bool | None, text: str) -> None:
        """✓ / ✗ and a sentence after a run (ok None: neutral progress text)."""
        self._outcome = ("text", ok, text)
        self._show_outcome()

    # ----- internals ----------------------------------------------------------------------
    def _step_text(self, field: str) -> str:
        assert self.lesson is not None
        return lesson_text(self.lesson.id, self.index, field, current_language())

    def _show_step(self) -> None:
        lesson, index = self.lesson, self.index
        if lesson is None:
            self.title.setText(QCoreApplication.translate("Lessons", "No lesson loaded"))
            self.note.setText(
                QCoreApplication.translate(
                    "Lessons",
                    "Choose one from the Lessons menu: each loads the data, the network "
                    "and the settings, and says what to watch.",
                )
            )
            self.outcome.clear()
            for button in (self.back_button, self.next_button, self.race_button):
                button.setVisible(False)
            self._fit_text()
            return
        count = len(lesson.steps)
        title = QCoreApplication.translate("Lessons", "Lesson {number}: {title}").format(
            number=lesson.number, title=lesson_text(lesson.id, None, "title", current_language())
        )
        if count > 1:
            title = QCoreApplication.translate(
                "Lessons", "{lesson} — step {step} of {count}: {title}"
            ).format(lesson=title, step=index + 1, count=count, title=self._step_text("title"))
        self.title.setText(title)
        note = self._step_text("note")
        if index == 0:
            gap = "" if note.endswith("。") else " "
            note += gap + QCoreApplication.translate(
                "Lessons", "Press Train (Ctrl+Return) to start."
            )
        self.note.setText(note)
        self._show_outcome()
        self.back_button.setVisible(count > 1)
        self.next_button.setVisible(count > 1)
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < count - 1)
        self.race_button.setVisible(lesson.race)
        self._fit_text()

    def _show_outcome(self) -> None:
        kind, ok, text = self._outcome
        if self.lesson is None:
            self._set_outcome("")
        elif kind == "look":
            expect = self._step_text("expect_text")
            self._set_outcome(
                QCoreApplication.translate("Lessons", "Look for: {outcome}.").format(outcome=expect)
                if expect
                else ""
            )
        elif kind == "checked":
            expect = text or self._step_text("expect_text")
            if ok:
                said = "✓ " + QCoreApplication.translate(
                    "Lessons", "As expected: {outcome}."
                ).format(outcome=expect)
            else:
                said = "✗ " + QCoreApplication.translate(
                    "Lessons", "Not this time: {outcome} was expected."
                ).format(outcome=expect)
            self._set_outcome(said, GOOD if ok else BAD)
        else:
            mark = {True: "✓ ", False: "✗ ", None: ""}[ok]
            self._set_outcome(mark + text, {True: GOOD, False: BAD, None: ""}[ok])

    def _name_buttons(self) -> None:
        self.back_button.setText(QCoreApplication.translate("Lessons", "◀ Back"))
        self.next_button.setText(QCoreApplication.translate("Lessons", "Next step ▶"))
        self.race_button.setText(QCoreApplication.translate("Lessons", "Start the race"))
        self.close_button.setText(QCoreApplication.translate("Lessons", "Close"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._name_buttons()
            self._show_step()

    # ----- internals ----------------------------------------------------------------------
    def _set_outcome(self, text: str, color: str = "") -> None:
        self.outcome.setText(text)
        self.outcome.setStyleSheet(f"color: {color}; font-weight: bold;" if color else "")
        self.outcome.setVisible(bool(text))
        self._fit_text()

    def _fit_text(self) -> None:
        """Ask for the height the wrapped text needs at the scroll area's width (capped)."""
        width = self.text_scroll.viewport().width()  # the text box is as wide
        need = self.text_box.layout().totalHeightForWidth(max(width, 1))
        cap = MAX_TEXT_LINES * self.fontMetrics().lineSpacing()
        self.text_scroll.setMinimumHeight(min(need, cap))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_text()

    @Slot()
    def _on_back_clicked(self) -> None:
        if self.lesson is not None and self.index > 0:
            self.stepRequested.emit(self.index - 1)

    @Slot()
    def _on_next_clicked(self) -> None:
        if self.lesson is not None and self.index < len(self.lesson.steps) - 1:
            self.stepRequested.emit(self.index + 1)
