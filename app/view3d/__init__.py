"""The 3D view (deck.gl in QtWebEngine) and the 2D/3D tabs of the main window."""

from app.view3d.scheme import register_scheme
from app.view3d.switcher import ViewSwitcher
from app.view3d.view import View3D

__all__ = ["View3D", "ViewSwitcher", "register_scheme"]
