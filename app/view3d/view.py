"""The 3D view: the project's layers drawn by deck.gl in QtWebEngine, kept in step without reloads.

The page (``resources/view3d/``) loads once. Afterwards the view pushes small JSON messages
(``nz.apply``) and the page fetches binary arrays from ``app://<host>/blob/…``: a layer shown or
hidden, or its opacity, is one message; a new colouring is one colour array (the geometry stays);
only new or changed data sends geometry, built off the GUI thread (:mod:`app.view3d.spec_builds`
run by :mod:`app.background`).
Hazard tile sets are draped from tiles the page asks for by URL, read from the layer by the
scheme handler; an SVGMap set's tile list follows each settled camera.
The page reports back through the scheme handler (:mod:`app.view3d.scheme`): WebGL usable or
not, each message drawn, the camera, a click or Enter (identify, :mod:`layers.deck_identify`), Esc.
A drill is drawn over the layers and moved in time by one small message per step.

The web view is created the first time the 3D view is shown, so a session that never opens
3D starts no browser process.
"""

from __future__ import annotations

import atexit
import itertools
import json
import os
import sys
import weakref
from collections.abc import Callable
from functools import partial

import numpy as np
from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget
from shiboken6 import delete, isValid

from app.background import Background
from app.map2d.canvas import PICK_TOLERANCE_PX
from app.view3d.camera import metres_per_pixel
from app.view3d.scheme import SCHEME, AppSchemeHandler, no_tiles, scheme_registered
from app.view3d.spec_builds import Built, build_drill, build_specs
from i18n import t
from layers.base import Layer
from layers.deck import (
    WORST,
    FloodTimes,
    LayerSpec,
    Scenario,
    Trips,
    box_tiles,
    layer_colors,
    layer_risks,
    scenarios,
    supports,
)
from layers.deck_identify import picked_hits, selection_shape
from layers.hazard_tiles import HazardTileLayer
from layers.identify import Hit
from layers.project import Project
from layers.vector import VectorLayer

PUSH_SETTLE_MS = 40
"""Layer list changes (layers arriving one by one while a project loads) are pushed after this pause."""
NO_WEBGL_ENV = "NIGEZERO_NO_WEBGL"
"""Set to 1 to skip WebGL (a machine whose driver crashes the page): the 3D tab then explains."""


class View3D(QWidget):
    """Shows a :class:`~layers.project.Project` in 3D and follows its events.

    Signals
    -------
    ready(bool)
        The page started: True with WebGL, False without (the tab then shows why).
    rendered(dict)
        The page drew the result of a message: ``seq``, ``op``, ``ms`` (from receipt to the
        frame finished), ``extruded`` (buildings drawn in 3D), ``frames``.
    camera_changed(dict)
        The user moved the camera (deck.gl view state: longitude, latitude, zoom, pitch, bearing).
    page_error(str)
        A script error in the page, or a layer that cannot be drawn in 3D (also on stderr).
    identified(list)
        A click or Enter (the view's centre) found these :class:`~layers.identify.Hit` (top
        layer first; empty when nothing is there), as the 2D map's ``identified``.
    selection_cleared()
        Esc (or a click on empty ground) cleared the selection.
    """

    ready = Signal(bool)
    rendered = Signal(dict)
    camera_changed = Signal(dict)
    page_error = Signal(str)
    identified = Signal(list)
    selection_cleared = Signal()

    def __init__(self, project: Project, parent: QWidget | None = None, *, webgl: bool = True) -> None:
        super().__init__(parent)
        self._webgl_wanted = webgl and os.environ.get(NO_WEBGL_ENV) != "1"
        self.web: QWebEngineView | None = None
        self.profile: QWebEngineProfile | None = None
        self.handler: AppSchemeHandler | None = None
        self.webgl_ok: bool | None = None
        self.page_loads = 0
        self.camera: dict | None = None
        self._seq = itertools.count(1)
        self._ids: dict[Layer, str] = {}
        self._specs: dict[Layer, tuple[LayerSpec, int]] = {}
        self._versions: dict[Layer, int] = {}  # bumped by each data change: a spec built before is stale
        self._building: dict[Layer, int] = {}  # the version a thread is building
        self._failed: dict[Layer, int] = {}  # the version that could not be built (not retried)
        self._background = Background()
        self._slots: dict[Layer, list[tuple[object, Callable]]] = {}
        self._layer_ids = itertools.count(1)
        self._scenario = WORST
        self._choices: list[Scenario] = []
        self._push_timer = QTimer(self, singleShot=True, timeout=self._push_layers)
        self.identify_enabled = True
        self.selection: Hit | None = None
        self._drill: tuple[LayerSpec, LayerSpec] | None = None
        self._drill_time = 0.0
        self._drill_versions = itertools.count(1)
        self._drill_version = 0  # the latest drill asked for (set or cleared)
        self._drill_pending = False
        self._build_ui()
        self._connected = False
        self._project = project
        self._connect(project)

    # ui ---------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.scenario_box = QComboBox(self)
        self.scenario_box.currentIndexChanged.connect(self._on_scenario_chosen)
        label = QLabel(t("建物の色（浸水シナリオ）(&S):", "Building colour (flood &scenario):"), self)
        label.setBuddy(self.scenario_box)
        bar = QHBoxLayout()
        bar.addWidget(label)
        bar.addWidget(self.scenario_box, 1)
        self.busy = QLabel(t("3D データを準備中…", "Preparing 3D data…"), self)
        self.busy.setVisible(False)
        bar.addWidget(self.busy)
        self.message = QLabel(t("3D 表示を準備しています…", "Preparing the 3D view…"), self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self.web is None:
            self._create_page()

    def _create_page(self) -> None:
        if not scheme_registered():
            self._unavailable(t("内部エラー: app:// スキームが未登録です", "internal error: the app:// scheme is not registered"))
            return
        # The view (and its page) before the profile: children are deleted in creation order,
        # and a profile must outlive its pages.
        self.web = QWebEngineView(self)
        _PAGES.add(self)
        self.profile = QWebEngineProfile(self)  # no storage name: off the record, nothing on disk
        self.handler = AppSchemeHandler(self._on_event, self.profile, self._tile_layer)
        self.profile.installUrlSchemeHandler(SCHEME, self.handler)
        page = QWebEnginePage(self.profile, self.web)
        settings = page.settings()
        attr = QWebEngineSettings.WebAttribute
        settings.setAttribute(attr.LocalContentCanAccessRemoteUrls, False)
        settings.setAttribute(attr.LocalContentCanAccessFileUrls, False)
        settings.setAttribute(attr.WebGLEnabled, True)
        settings.setAttribute(attr.PluginsEnabled, False)
        self.web.setPage(page)
        self.web.loadStarted.connect(self._on_load_started)
        page.renderProcessTerminated.connect(self._on_crash)
        self.stack.addWidget(self.web)
        self.stack.setCurrentWidget(self.web)  # laid out at its real size from the start: the page fits to it
        query = "" if self._webgl_wanted else "?nowebgl=1"
        self.web.load(QUrl(f"app://nigezero/index.html{query}"))

    def _on_load_started(self) -> None:
        self.page_loads += 1
        self.webgl_ok = None

    def _on_crash(self, status: object, code: int) -> None:
        self.webgl_ok = None
        self._unavailable(t("3D 表示のプロセスが停止しました (コード {c})。3D タブを開き直すと読み込み直します。",
                            "The 3D view's process stopped (code {c}). Open the 3D tab again to reload it.", c=code))  # fmt: skip
        if self.web is not None and self.profile is not None:
            self.web.deleteLater()  # the page before its profile
            self.profile.deleteLater()
            self.web = self.profile = self.handler = None

    def _release_page(self) -> None:
        """Delete the page, then its profile, now: left to deleteLater or to the garbage collector
        at exit, a profile can go first, and QtWebEngine then crashes the process."""
        if self.web is not None and isValid(self.web):
            delete(self.web)  # with its page (a child)
        if self.profile is not None and isValid(self.profile):
            delete(self.profile)
        self.web = self.profile = self.handler = None

    def _unavailable(self, reason: str) -> None:
        """Say plainly that 3D cannot be shown, why, and that the 2D map still works."""
        self.message.setText(
            t("3D 表示を利用できません。\n\n{r}\n\n2D 地図 (表示 → 2D 地図、Alt+2) はそのまま使えます。",
              "The 3D view is unavailable.\n\n{r}\n\nThe 2D map (View → 2D map, Alt+2) still works.", r=reason)
        )  # fmt: skip
        self.stack.setCurrentWidget(self.message)

    # page → python ----------------------------------------------------------------------
    def _on_event(self, name: str, data: dict) -> None:
        if not isValid(self) or not self._connected:
            return  # e.g. a report the page sends while the widget is being deleted (its children go after it)
        if name == "webgl":
            self.webgl_ok = bool(data.get("ok"))
            if self.webgl_ok:
                assert self.web is not None
                self._send({"op": "texts", "texts": _status_texts()})
                if self.camera is not None:  # the camera first, so the layers extrude for it
                    self._send({"op": "view", "view": self.camera})
                self._push_layers()
                if self._drill is not None:
                    self._push_drill()
            else:
                self._unavailable(
                    t("このパソコンでは WebGL (3D 描画) が使えないため、3D 地図を表示できません。\n(詳細: {d})",
                      "WebGL (3D drawing) cannot be used on this computer, so the 3D map cannot be shown.\n(details: {d})",
                      d=data.get("reason", ""))
                )  # fmt: skip
            self.ready.emit(self.webgl_ok)
        elif name == "rendered":
            self.rendered.emit(data)
        elif name == "view":
            self.camera = data
            self.camera_changed.emit(data)
            self._send_box_tiles()
        elif name == "error":
            self._report(str(data.get("message", data)))
        elif name == "pick":
            self.identify_pick(data)
        elif name == "escape":
            self.clear_selection()

    def _report(self, message: str) -> None:
        print(f"3D view: {message}", file=sys.stderr)
        self.page_error.emit(message)

    # python → page ----------------------------------------------------------------------
    def _send(self, message: dict) -> int:
        """Send a message to the page; returns its sequence number.

        Before the page is ready nothing is sent: when it is, it gets the camera and the whole
        layer list as they are then.
        """
        message["seq"] = seq = next(self._seq)
        if self._connected and self.webgl_ok and self.web is not None and isValid(self.web):
            self.web.page().runJavaScript(f"nz.apply({json.dumps(message, ensure_ascii=False)})")
        return seq

    def _ref(self, key: str, value: np.ndarray | bytes) -> str:
        assert self.handler is not None
        if key not in self.handler.blobs:
            self.handler.blobs[key] = value if isinstance(value, bytes) else np.ascontiguousarray(value).tobytes()
        return f"app://nigezero/blob/{key}"

    def _tile_layer(self, layer_id: str) -> HazardTileLayer | None:
        """The hazard tile layer the page knows as ``layer_id`` (its tiles are served from it)."""
        return next((lyr for lyr, lid in self._ids.items() if lid == layer_id and isinstance(lyr, HazardTileLayer)), None)

    def _send_box_tiles(self) -> None:
        """Send each SVGMap tile layer the tiles of its level for the settled camera (the page
        reports the camera with its ground ``bounds`` after each gesture pauses)."""
        camera = self.camera or {}
        if "bounds" not in camera:
            return
        mpp = metres_per_pixel(float(camera["zoom"]), float(camera["latitude"]))
        for layer, (spec, _version) in self._specs.items():
            if spec.kind == "tileboxes" and isinstance(layer, HazardTileLayer) and layer.visible:
                self._send({"op": "tileboxes", "id": spec.id, "tiles": box_tiles(layer, spec.id, camera["bounds"], mpp)})

    def set_camera(self, state: dict) -> int:
        """Move the 3D camera to a deck.gl view state (e.g. from the 2D view), now or when the
        page is ready."""
        self.camera = dict(state)
        return self._send({"op": "view", "view": self.camera})

    # model ------------------------------------------------------------------------------
    @property
    def project(self) -> Project:
        return self._project

    def set_project(self, project: Project) -> None:
        """Show ``project`` instead of the current one (the page stays; its layers are replaced)."""
        self.disconnect_model()
        self._project = project
        self._connect(project)

    def _connect(self, project: Project) -> None:
        self._connected = True
        project.layers.events.inserted.connect(self._on_inserted)
        project.layers.events.removed.connect(self._on_removed)
        project.layers.events.moved.connect(self._schedule_push)
        for layer in project.layers:
            self._watch(layer)
        self._schedule_push()

    def disconnect_model(self) -> None:
        """Stop following the project and its layers (call before the widget goes away)."""
        if not self._connected:
            return
        self._connected = False
        if self.handler is not None:
            self.handler.on_event = _ignore_event  # the page may still report after the widget is gone
            self.handler.tile_source = no_tiles
        self._release_page()
        self.busy.setVisible(False)
        events = self._project.layers.events
        events.inserted.disconnect(self._on_inserted)
        events.removed.disconnect(self._on_removed)
        events.moved.disconnect(self._schedule_push)
        for layer in list(self._slots):
            self._unwatch(layer)

    def _on_inserted(self, index: int, layer: Layer) -> None:
        self._watch(layer)
        self._schedule_push()

    def _on_removed(self, index: int, layer: Layer) -> None:
        self._unwatch(layer)
        self._schedule_push()

    def _watch(self, layer: Layer) -> None:
        slots = [
            (layer.events.visible, lambda _v, lyr=layer: self._send_props(lyr)),
            (layer.events.opacity, lambda _v, lyr=layer: self._send_props(lyr)),
            (layer.events.style, lambda lyr=layer: self._restyle(lyr)),
            (layer.events.data, lambda lyr=layer: self._invalidate(lyr)),
        ]
        for signal, slot in slots:
            signal.connect(slot)  # type: ignore[attr-defined]
        self._slots[layer] = slots

    def _unwatch(self, layer: Layer) -> None:
        if self.selection is not None and self.selection.layer is layer:
            self.clear_selection()
        for signal, slot in self._slots.pop(layer, []):
            signal.disconnect(slot)  # type: ignore[attr-defined]
        self._specs.pop(layer, None)
        for table in (self._versions, self._building, self._failed):
            table.pop(layer, None)
        if (layer_id := self._ids.pop(layer, None)) is not None and self.handler is not None:
            self.handler.drop(f"{layer_id}/")

    def _invalidate(self, layer: Layer) -> None:
        """The layer's data changed: its spec is built again (the page shows the old one meanwhile)."""
        if layer in self._specs:
            spec, version = self._specs.pop(layer)
            if self.handler is not None:
                self.handler.drop(f"{spec.id}/{version}/")
        self._versions[layer] = self._versions.get(layer, 0) + 1
        self._failed.pop(layer, None)
        self._schedule_push()

    def _schedule_push(self, *args: object) -> None:
        if not self._push_timer.isActive():
            self._push_timer.start(PUSH_SETTLE_MS)

    def _build_missing(self) -> list[Layer]:
        """Start building the specs the layer list lacks (off the GUI thread); returns the
        layers still without a spec (failed ones are left out: reported, not drawn)."""
        missing = [
            layer for layer in self._project.layers
            if supports(layer) and layer not in self._specs and self._failed.get(layer) != self._versions.get(layer, 0)
        ]  # fmt: skip
        jobs = []
        for layer in missing:
            version = self._versions.setdefault(layer, 0)
            if self._building.get(layer) != version:
                self._building[layer] = version
                jobs.append((layer, self._ids.setdefault(layer, f"L{next(self._layer_ids)}"), version))
        if jobs:
            self._background.run("3D specs", partial(build_specs, jobs, self._scenario), self._on_built)
        self._show_busy()
        return missing

    def _show_busy(self) -> None:
        self.busy.setVisible(self._connected and (bool(self._building) or self._drill_pending))

    def _on_built(self, results: list[Built]) -> None:
        """Keep the specs still current (layer present, data unchanged since), then push."""
        if not self._connected:
            return
        for built in results:
            layer = built.layer
            if self._building.get(layer) == built.version:
                del self._building[layer]
            if layer not in self._slots or self._versions.get(layer) != built.version:
                continue  # removed, or changed again since: a newer build follows
            if built.spec is None:
                self._failed[layer] = built.version
                self._report(t("3D に表示できないレイヤー: {n} ({e})", "Layer not shown in 3D: {n} ({e})", n=layer.name, e=built.error))
                continue
            spec = built.spec
            if built.scenario != self._scenario and isinstance(layer, VectorLayer) and layer.kind == "buildings":
                spec = spec.with_colors(layer_colors(layer, self._scenario))  # the scenario changed meanwhile
            self._specs[layer] = (spec, built.version)
        self._show_busy()
        self._push_layers()

    def _push_layers(self) -> int | None:
        """Send the layer list (bottom first) once every spec is built; the page reuses arrays it
        has for unchanged layers."""
        self._push_timer.stop()
        if not self._connected or self.handler is None:
            return None
        self._refresh_scenarios()
        missing = self._build_missing()  # as soon as the page exists: built while it loads
        if not self.webgl_ok or missing:
            return None
        if self.camera is None and (extent := self._project.extent(visible_only=True)) is not None:
            self._send({"op": "view", "fit": list(extent)})  # a first view of the data, until the 2D map gives one
        specs = []
        for layer in self._project.layers:
            if layer in self._specs:
                spec, version = self._specs[layer]
                specs.append({**spec.to_json(self._ref, version), "visible": layer.visible, "opacity": layer.opacity})
        return self._send({"op": "layers", "layers": specs, "attributions": self._project.attributions()})

    def _send_props(self, layer: Layer) -> None:
        if layer in self._ids:
            self._send({"op": "props", "id": self._ids[layer], "visible": layer.visible, "opacity": layer.opacity})
        if isinstance(layer, HazardTileLayer) and layer.visible:
            self._send_box_tiles()  # a hidden SVGMap layer's tiles were not kept up with the camera

    def _restyle(self, layer: Layer) -> None:
        """New colours for a vector layer (one colour array, no geometry); a raster is redrawn."""
        if not isinstance(layer, VectorLayer) or layer not in self._specs:
            self._invalidate(layer)
            return
        self._recolor(layer)

    def _recolor(self, layer: VectorLayer) -> int | None:
        spec, version = self._specs[layer]
        spec = spec.with_colors(layer_colors(layer, self._scenario))
        self._specs[layer] = (spec, version)
        if self.handler is None:
            return None
        key = f"{spec.id}/{version}/colors"
        self.handler.blobs[key] = spec.buffers["colors"].tobytes()  # type: ignore[union-attr]
        url = f"app://nigezero/blob/{key}?c={next(self._seq)}"
        return self._send({"op": "colors", "id": spec.id, "colors": {"url": url, "dtype": "uint8"}})

    # identify ---------------------------------------------------------------------------
    def identify_pick(self, pick: dict) -> list[Hit]:
        """Show what a click found (the page's ``pick`` report: ``id`` and ``index`` of the item
        deck.gl drew at the cursor, or null; the ground ``coordinate`` [lon, lat]; the ``zoom``):
        emits :attr:`identified` and selects the top hit, or clears the selection."""
        if not self.identify_enabled or not pick.get("coordinate"):
            return []
        lon, lat = (float(v) for v in pick["coordinate"][:2])
        tolerance = PICK_TOLERANCE_PX * metres_per_pixel(float(pick.get("zoom") or 0.0), lat)
        hits = picked_hits(list(self._project.layers), self._project.crs, self._picked(pick.get("id"), pick.get("index")), lon, lat, tolerance)
        self.identified.emit(hits)
        if hits:
            self._select(hits[0], lon, lat)
        else:
            self.clear_selection()
        return hits

    def _picked(self, spec_id: object, index: object) -> tuple[VectorLayer, int] | None:
        """The layer and feature of the page's item ``index`` of spec ``spec_id``."""
        layer = next((lyr for lyr, lid in self._ids.items() if lid == spec_id), None)
        if not isinstance(layer, VectorLayer) or layer not in self._specs or not isinstance(index, int):
            return None
        features = self._specs[layer][0].feature_index
        return (layer, int(features[index])) if features is not None and 0 <= index < len(features) else None

    def _select(self, hit: Hit, lon: float, lat: float) -> int:
        """Mark ``hit`` in the page: a building or line tinted, a marker tinted and ringed, an
        area outlined (its triangles are not what the user sees), a raster cell ringed."""
        self.selection = hit
        spec = self._specs[hit.layer][0] if hit.layer in self._specs else None
        items: list[int] = []
        if spec is not None and spec.feature_index is not None and spec.kind in ("buildings", "points", "paths"):
            items = np.flatnonzero(spec.feature_index == hit.feature)[:1].tolist()
        shape = selection_shape(hit, lon, lat)
        if items and "rings" in shape:
            del shape["rings"]  # the tint shows it; a ground outline would show through a tall building
        shown = {"id": spec.id if spec else None, "items": items, **shape}
        return self._send({"op": "select", "selection": shown})

    def clear_selection(self) -> None:
        """Drop the selection (Esc in the page)."""
        if self.selection is None:
            return
        self.selection = None
        self._send({"op": "select", "selection": None})
        self.selection_cleared.emit()

    # drill ------------------------------------------------------------------------------
    def set_drill(self, trips: Trips, floods: FloodTimes) -> None:
        """Show a drill (:class:`alerts.drill_trips.DrillTrips` and ``FloodTimeline``) over the
        layers: each person's trail and position at the drill time (:meth:`set_drill_time`,
        kept from the last drill) in their outcome's colour, and the areas flooded by then.

        Its arrays are built off the GUI thread, then sent (``rendered`` reports op ``drill``
        once drawn); a newer drill or :meth:`clear_drill` meanwhile wins.
        """
        self._drill_version = next(self._drill_versions)
        self._drill_pending = True
        self._show_busy()
        self._background.submit("3D drill", partial(build_drill, trips, floods), partial(self._on_drill_built, self._drill_version))

    def _on_drill_built(self, version: int, result: object) -> None:
        if version != self._drill_version or not self._connected:
            return  # a newer drill was asked for, or the drill was cleared
        self._drill_pending = False
        self._show_busy()
        if isinstance(result, Exception):
            self._report(t("訓練を 3D に表示できません: {e}", "The drill cannot be shown in 3D: {e}", e=result))
            return
        self._drill = result  # type: ignore[assignment]
        self._push_drill()

    def set_drill_time(self, t_s: float) -> None:
        """Show the drill at ``t_s`` seconds after the scenario start: one small message (the
        trails, positions and flooded areas move; no array is sent again)."""
        self._drill_time = float(t_s)
        self._send({"op": "drillTime", "t": self._drill_time})

    def clear_drill(self) -> None:
        """Stop showing the drill (its arrays are dropped; one still being built is forgotten)."""
        self._drill_version = next(self._drill_versions)
        self._drill_pending = False
        self._show_busy()
        self._drill = None
        if self.handler is not None:
            self.handler.drop("drill-")
        self._send({"op": "drill", "trips": None, "floods": None, "t": self._drill_time})

    @property
    def drill_time(self) -> float:
        return self._drill_time

    def _push_drill(self) -> int | None:
        if self.handler is None or self._drill is None:
            return None
        self.handler.drop("drill-")
        trips, floods = (spec.to_json(self._ref, self._drill_version) for spec in self._drill)
        return self._send({"op": "drill", "trips": trips, "floods": floods, "t": self._drill_time})

    # scenarios --------------------------------------------------------------------------
    def available_scenarios(self) -> list[Scenario]:
        """The scenarios the building layers' risk tables offer (always the worst first)."""
        found: dict[Scenario, None] = {WORST: None}
        for layer in self._project.layers:
            if isinstance(layer, VectorLayer) and layer.kind == "buildings":
                found.update(dict.fromkeys(scenarios(layer_risks(layer))))
        return list(found)

    @property
    def scenario(self) -> Scenario:
        return self._scenario

    def set_scenario(self, scenario: Scenario) -> None:
        """Colour buildings by ``scenario``'s depth ranks (one colour array per building layer)."""
        if scenario == self._scenario:
            return
        self._scenario = scenario
        for layer in list(self._specs):
            if isinstance(layer, VectorLayer) and layer.kind == "buildings":
                self._recolor(layer)
        self._select_scenario(scenario)

    def _refresh_scenarios(self) -> None:
        choices = self.available_scenarios()
        if choices == self._choices:
            return
        self._choices = choices
        self.scenario_box.blockSignals(True)
        self.scenario_box.clear()
        self.scenario_box.addItems([scenario.label() for scenario in choices])
        self.scenario_box.blockSignals(False)
        self.scenario_box.setEnabled(len(choices) > 1)
        self._select_scenario(self._scenario if self._scenario in choices else WORST)

    def _select_scenario(self, scenario: Scenario) -> None:
        if scenario in self._choices and self._choices.index(scenario) != self.scenario_box.currentIndex():
            self.scenario_box.setCurrentIndex(self._choices.index(scenario))

    def _on_scenario_chosen(self, index: int) -> None:
        if 0 <= index < len(self._choices):
            self.set_scenario(self._choices[index])


def _status_texts() -> dict[str, str]:
    return {
        "flat": t("建物: 平面表示（拡大すると画面内の建物を立体表示）", "Buildings flat (zoom in to extrude those in view)"),
        "extruded": t("建物: 画面内 {n} 棟を立体表示", "Buildings: {n} in view extruded"),
    }


def _ignore_event(name: str, data: dict) -> None:
    """Where a detached view's page reports go."""


_PAGES: weakref.WeakSet[View3D] = weakref.WeakSet()
"""Views whose page may still exist; released at exit, before Python tears Qt objects down."""


@atexit.register
def _release_pages_at_exit() -> None:
    for view in list(_PAGES):
        if isValid(view):
            view._release_page()
