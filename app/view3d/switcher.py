"""The central widget: the 2D map and the 3D view as two tabs, with the camera carried across.

Switching 2D → 3D puts the 3D camera over the 2D centre at the 2D scale (keeping the 3D tilt);
switching back puts the 2D view on the 3D camera's centre and scale (:mod:`app.view3d.camera`).
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from app.map2d.canvas import MapCanvas
from app.view3d.camera import DEFAULT_PITCH, view_state_for, viewport_for
from app.view3d.view import View3D
from i18n import t
from layers.project import Project


class ViewSwitcher(QTabWidget):
    """Tab 0 the 2D :class:`MapCanvas`, tab 1 the :class:`View3D` (its page starts when first shown)."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.canvas: MapCanvas | None = None
        self.view3d = View3D(project, self)
        self.addTab(self.view3d, t("3D 地図", "3D map"))
        self.setTabToolTip(self.indexOf(self.view3d), t("3D 地図 (Alt+3)", "3D map (Alt+3)"))
        self._shown: QWidget | None = None
        self.currentChanged.connect(self._on_switched)

    def attach(self, canvas: MapCanvas, project: Project) -> None:
        """Show ``canvas`` as the 2D tab (the previous canvas is deleted) and ``project`` in 3D."""
        old = self.canvas
        self.canvas = canvas
        self.blockSignals(True)
        if old is not None:
            self.removeTab(self.indexOf(old))
            old.deleteLater()
        self.insertTab(0, canvas, t("2D 地図", "2D map"))
        self.setTabToolTip(0, t("2D 地図 (Alt+2)", "2D map (Alt+2)"))
        self.setCurrentWidget(canvas if self._shown is not self.view3d else self.view3d)
        self.blockSignals(False)
        self._shown = self.currentWidget()
        if self.view3d.project is not project:
            self.view3d.set_project(project)

    def detach(self) -> None:
        """Stop the 3D view following the project (the window is closing or replacing it)."""
        self.view3d.disconnect_model()

    def show_2d(self) -> None:
        if self.canvas is not None:
            self.setCurrentWidget(self.canvas)
            self.canvas.setFocus()

    def show_3d(self) -> None:
        self.setCurrentWidget(self.view3d)

    def _on_switched(self, index: int) -> None:
        shown, previous = self.widget(index), self._shown
        self._shown = shown
        crs = self.view3d.project.crs
        if self.canvas is None or crs is None or shown is previous:
            return
        if shown is self.view3d:
            camera = self.view3d.camera or {}
            self.view3d.set_camera(
                view_state_for(self.canvas.view, crs, camera.get("pitch", DEFAULT_PITCH), camera.get("bearing", 0.0))
            )
        elif shown is self.canvas and self.view3d.camera is not None:
            self.canvas.set_view(viewport_for(self.view3d.camera, crs, self.canvas.view))
