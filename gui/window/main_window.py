"""The main window, a composition root: it makes the settings, the experiment (`SpecModel`),
the training session and one controller per feature, wires the features that follow one
another, and lays out what they hand back: docks (gui.window.docks), the transport toolbar and
the menu bar (gui.window.menus). Each feature owns its widgets, actions and slots.

Table of contents:
- experiment: Data, Network and Hyperparameters docks; live changes or a new network
- live: loss, accuracy and decision-boundary views, redrawn at 30 fps
- evaluation: the test-set evaluation and Keras loading
- digits, inside: draw a digit; look inside the network at it
- runs, lessons: past runs overlaid on the plots; guided lessons and the optimizers race
- presets, files, help: the Presets, File and Help menus
- neuron: one neuron's forward pass worked by hand (Tutorial 4)
- backprop: the chain rule for one weight of the network, with its numbers
- surfaces: the optimizers walking 2-D loss surfaces; lesson steps open it
- language: View › Language, English or 中文, switched live (made first)
- transport, status: Train/Step/Reset/Stop and the status-bar fields
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow

from engine.data.datasets import Dataset
from engine.experiment.spec import Experiment
from engine.training.trainer import Trainer
from gui.backprop.controller import BackpropController
from gui.common.gui_gc import collect_garbage_in_gui_thread
from gui.common.plot_menus import replace_pyqtgraph_exports
from gui.common.reporter import StatusReporter
from gui.common.settings import app_settings
from gui.digits.controller import DigitsController
from gui.evaluation.controller import EvaluationController
from gui.experiment.controller import ExperimentController
from gui.experiment.last_experiment import load_last_experiment, save_last_experiment
from gui.experiment.presets_menu import PresetsMenu
from gui.experiment.spec_model import SpecModel
from gui.files.controller import FilesController
from gui.help.controller import HelpController
from gui.inside.controller import InsideController
from gui.language.controller import LanguageController
from gui.lessons.controller import LessonsController
from gui.live.controller import LiveController
from gui.neuron.controller import NeuronController
from gui.runs.controller import RunsController, history_home
from gui.surfaces.controller import SurfacesController
from gui.training.session import TrainingSession
from gui.window.docks import DockLayout
from gui.window.menus import build_menu_bar
from gui.window.status import StatusFields
from gui.window.transport import TransportController


class MainWindow(QMainWindow):
    """Neural Playground's window. `MainWindow()` restores the last experiment and layout;
    `home` is where the run history lives (--home; default: see gui.runs.controller)."""

    def __init__(
        self, experiment: Experiment | None = None, home: str | Path | None = None
    ) -> None:
        super().__init__()
        collect_garbage_in_gui_thread()  # never in the training thread: see gui.common.gui_gc
        self.setObjectName("mainWindow")
        self.setWindowTitle("Neural Playground")  # the app's name: never translated
        self._titled: Experiment | None = None  # the network the title names
        self.setDockNestingEnabled(True)
        self.settings = app_settings()
        startup_note = ""
        if experiment is None:
            experiment, startup_note = load_last_experiment(self.settings)
        self.spec_model = SpecModel(experiment)
        self.session = TrainingSession(self)
        reporter = StatusReporter(self.statusBar(), self)
        spec, session = self.spec_model, self.session
        # First: the other features build their texts in the remembered or system language.
        self.language = LanguageController(self.settings, reporter, self)

        # One controller per feature. What a feature needs from another is an argument.
        self.experiment = ExperimentController(spec, session, reporter, self)
        self.live = LiveController(session, self)
        self.evaluation = EvaluationController(session, self.live.boundary_dock, reporter, self)
        self.digits = DigitsController(session, self)
        self.inside = InsideController(spec, session, self)
        self.runs = RunsController(spec, session, reporter, history_home(home), self)
        source = self.experiment.data_panel.source
        self.lessons = LessonsController(spec, session, self.runs.panel, source, reporter, self)
        self.presets = PresetsMenu(spec, source, reporter, self)
        plots = {"loss": self.live.loss_plot, "accuracy": self.live.accuracy_plot}
        self.files = FilesController(
            self.settings, spec, session, self.experiment, plots, reporter, self
        )
        self.transport = TransportController(session, self.experiment, reporter, self)
        self.status = StatusFields(self.statusBar(), session, self)
        self.help = HelpController(spec, self)
        self.neuron = NeuronController(self)
        self.backprop = BackpropController(session, self)
        self.surfaces = SurfacesController(self)

        # Features that follow one another.
        rebuilt = self.experiment.networkRebuilt
        rebuilt.connect(self.live.show_network)
        rebuilt.connect(self.evaluation.show_network)
        rebuilt.connect(self.status.show_network)
        rebuilt.connect(self.inside.show_network)
        rebuilt.connect(self._on_network_rebuilt)
        self.live.boundary.pointAdded.connect(self.experiment.add_point)
        self.live.snapshotDrawn.connect(self.experiment.designer.set_snapshot)
        self.live.progressDrawn.connect(self.status.show_progress)
        self.live.frameDrawn.connect(self.inside.tick)
        self.runs.panel.overlaysChanged.connect(self.live.set_overlays)
        self.runs.modelRequested.connect(self.files.open_model)
        self.digits.panel.inputChanged.connect(self.inside.show_canvas_input)
        self.evaluation.deviceChanged.connect(self.status.show_device)
        self.files.quit_action.triggered.connect(self.close)
        self.experiment.designer.weightChosen.connect(self.backprop.choose)
        self.lessons.surfaceRequested.connect(self.surfaces.show_lesson)
        self.surfaces.pathsFinished.connect(self.lessons.show_surface_outcome)
        self.language.languageChanged.connect(self.status.retranslate)
        self.language.languageChanged.connect(self._show_title)

        # What the user sees: docks, toolbar, menus; every control explained; the last layout.
        self.dock_layout = DockLayout(self, self.settings)
        self.docks = self.dock_layout.place(
            self.experiment.dock_widgets
            + self.live.dock_widgets
            + self.evaluation.dock_widgets
            + self.digits.dock_widgets
            + self.inside.dock_widgets
            + self.runs.dock_widgets
            + self.lessons.dock_widgets
            + self.neuron.dock_widgets
            + self.backprop.dock_widgets
            + self.surfaces.dock_widgets
        )
        self.lessons.dockRequested.connect(self.dock_layout.show_dock)
        replace_pyqtgraph_exports(self)  # pyqtgraph's Export… dialog cannot be translated
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.transport.toolbar)
        self.menus = build_menu_bar(
            self.menuBar(),
            self.files.menu_actions,
            self.experiment.menu_actions,
            self.transport.menu_actions,
            self.presets.menu_actions,
            self.lessons.menu_actions,
            {"view": self.dock_layout.view_actions()},
            self.language.menu_actions,
            self.help.menu_actions,
        )
        self.help.explain()
        self.dock_layout.restore()

        self.experiment.rebuild(reload_data=True)
        if startup_note:
            reporter.show_message(startup_note, 10_000)

    @property
    def trainer(self) -> Trainer | None:
        return self.session.trainer

    @Slot(object, object)
    def _on_network_rebuilt(self, exp: Experiment, _dataset: Dataset | None) -> None:
        self._titled = exp
        self._show_title()

    @Slot()
    def _show_title(self) -> None:
        """The data and network open, in the language installed now."""
        exp = self._titled
        if exp is None:
            return
        units = [la.units for la in exp.hidden_dense]
        if exp.model == "perceptron":
            net = QCoreApplication.translate("Window", "perceptron")
        elif exp.model == "cnn":
            net = QCoreApplication.translate("Window", "CNN of {count} layers").format(
                count=len(exp.layers)
            )
        else:
            net = f"MLP {units}"
        # Qt appends the application display name ("… — Neural Playground") where the platform
        # shows it in the title bar, so the title holds only what is open.
        self.setWindowTitle(
            QCoreApplication.translate("Window", "{data}, {network}").format(
                data=exp.data.name, network=net
            )
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.live.stop()
        self.surfaces.stop()
        self.experiment.shutdown()
        self.digits.shutdown()
        self.session.stop_and_wait(1000, ending="interrupted")  # the run history says so
        self.runs.shutdown()
        self.dock_layout.save()
        save_last_experiment(
            self.settings, self.spec_model.experiment, self.experiment.running_spec
        )
        self.settings.sync()
        super().closeEvent(event)
