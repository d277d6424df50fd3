"""The plan being edited on the map — home point and route vertices — and its undoable edits.

Every map edit is a :class:`QUndoCommand` on the editor's :class:`QUndoStack`, so Ctrl+Z /
Ctrl+Shift+Z step through homes set and vertices added, moved and deleted. Coordinates are
(longitude, latitude) in JGD2011 degrees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtGui import QUndoCommand

from i18n import t

LonLat = tuple[float, float]


@dataclass
class Draft:
    """The map part of the plan being edited; ``building_id`` is the PLATEAU building the home snapped to."""

    home: LonLat | None = None
    building_id: str = ""
    route: list[LonLat] = field(default_factory=list)


class _DraftCommand(QUndoCommand):
    def __init__(self, draft: Draft, changed: Callable[[], None], text: str) -> None:
        super().__init__(text)
        self.draft, self._changed = draft, changed

    def _done(self) -> None:
        self._changed()


class SetHome(_DraftCommand):
    """Move the home to ``home`` (and the building it snapped to, "" for a bare point)."""

    def __init__(self, draft: Draft, changed: Callable[[], None], home: LonLat, building_id: str) -> None:
        super().__init__(draft, changed, t("自宅の位置", "Set home"))
        self._new, self._old = (home, building_id), (draft.home, draft.building_id)

    def redo(self) -> None:
        self.draft.home, self.draft.building_id = self._new
        self._done()

    def undo(self) -> None:
        self.draft.home, self.draft.building_id = self._old
        self._done()


class AddVertex(_DraftCommand):
    """Insert a route vertex at ``index``."""

    def __init__(self, draft: Draft, changed: Callable[[], None], index: int, point: LonLat) -> None:
        super().__init__(draft, changed, t("経路の点を追加", "Add route vertex"))
        self._index, self._point = index, point

    def redo(self) -> None:
        self.draft.route.insert(self._index, self._point)
        self._done()

    def undo(self) -> None:
        del self.draft.route[self._index]
        self._done()


class MoveVertex(_DraftCommand):
    """Move route vertex ``index`` to ``point`` (one command per finished drag)."""

    def __init__(self, draft: Draft, changed: Callable[[], None], index: int, point: LonLat) -> None:
        super().__init__(draft, changed, t("経路の点を移動", "Move route vertex"))
        self._index, self._new, self._old = index, point, draft.route[index]

    def redo(self) -> None:
        self.draft.route[self._index] = self._new
        self._done()

    def undo(self) -> None:
        self.draft.route[self._index] = self._old
        self._done()


class DeleteVertex(_DraftCommand):
    """Remove route vertex ``index``."""

    def __init__(self, draft: Draft, changed: Callable[[], None], index: int) -> None:
        super().__init__(draft, changed, t("経路の点を削除", "Delete route vertex"))
        self._index, self._point = index, draft.route[index]

    def redo(self) -> None:
        del self.draft.route[self._index]
        self._done()

    def undo(self) -> None:
        self.draft.route.insert(self._index, self._point)
        self._done()
