"""The lesson banner: which lesson and step is loaded, what to watch, and what happened.

A plain view with buttons; `gui.lessons.controller.LessonsController` owns the lesson and reacts to
`stepRequested(index)`, `raceRequested()` and `closeRequested()`.

The text wraps, and the banner asks for the height its wrapped text needs at the current width
(a dock area does not follow a label's height-for-width by itself), up to `MAX_TEXT_LINES`
lines; longer text scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
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
        self.back_button = QPushButton("◀ Back")
        self.back_button.setObjectName("lessonBack")
        self.next_button = QPushButton("Next step ▶")
        self.next_button.setObjectName("lessonNext")
        self.race_button = QPushButton("Start the race")
        self.race_button.setObjectName("lessonRace")
        self.close_button = QPushButton("Close")
        self.close_button.setObjectName("lessonClose")

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
        if lesson is None:
            self.title.setText("No lesson loaded")
            self.note.setText(
                "Choose one from the Lessons menu: each loads the data, the network "
                "and the settings, and says what to watch."
            )
            self.outcome.clear()
            for button in (self.back_button, self.next_button, self.race_button):
                button.setVisible(False)
            self._fit_text()
            return
        step = lesson.steps[index]
        count = len(lesson.steps)
        where = f" — step {index + 1} of {count}: {step.title}" if count > 1 else ""
        self.title.setText(f"Lesson {lesson.number}: {lesson.title}{where}")
        self.note.setText(
            step.note + (" Press Train (Ctrl+Return) to start." if index == 0 else "")
        )
        self.show_expectation()
        self.back_button.setVisible(count > 1)
        self.next_button.setVisible(count > 1)
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < count - 1)
        self.race_button.setVisible(lesson.race)
        self._fit_text()

    def show_expectation(self) -> None:
        step = self.lesson.steps[self.index] if self.lesson else None
        self._set_outcome(f"Look for: {step.expect_text}." if step and step.expect_text else "")

    def show_outcome(self, ok: bool | None, text: str) -> None:
        """✓ / ✗ and a sentence after a run (ok None: neutral progress text)."""
        mark = {True: "✓ ", False: "✗ ", None: ""}[ok]
        self._set_outcome(mark + text, {True: GOOD, False: BAD, None: ""}[ok])

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
