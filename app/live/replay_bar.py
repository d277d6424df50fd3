"""The replay control: play/pause, speed (1×–600×), a slider to seek, and the scenario time."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from feeds.replay import HydrographReplay
from feeds.times import JST
from i18n import t

SPEEDS = (1, 10, 60, 120, 300, 600)
"""Offered replay speeds (scenario seconds per second): 60× plays an hour of flood per minute."""
SLIDER_STEPS = 1000


class ReplayBar(QWidget):
    """Controls one :class:`~feeds.replay.HydrographReplay` (set with :meth:`set_replay`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._replay: HydrographReplay | None = None
        self._paused = False
        self.play_button = QPushButton(t("▶ 再生", "▶ Play"))
        self.play_button.setToolTip(t("再生・一時停止 (F6)", "Play / pause (F6)"))
        self.play_button.clicked.connect(self.toggle)
        self.speed_box = QComboBox()
        self.speed_box.setAccessibleName(t("再生速度", "Replay speed"))
        for speed in SPEEDS:
            self.speed_box.addItem(f"{speed}×", speed)
        self.speed_box.setCurrentIndex(len(SPEEDS) - 1)
        self.speed_box.currentIndexChanged.connect(self._on_speed)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setAccessibleName(t("再生位置", "Replay position"))
        self.slider.sliderMoved.connect(self._on_seek)
        self.time_label = QLabel("—")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.play_button)
        layout.addWidget(self.speed_box)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.time_label)
        self._timer = QTimer(self, interval=250, timeout=self.refresh)
        self.setEnabled(False)

    def set_replay(self, replay: HydrographReplay | None) -> None:
        """Control ``replay`` (None: disabled)."""
        self._replay = replay
        self._paused = False
        self.setEnabled(replay is not None)
        if replay is not None:
            replay.speed = float(self.speed_box.currentData())
            self._timer.start()
        else:
            self._timer.stop()
        self.refresh()

    @property
    def speed(self) -> float:
        return float(self.speed_box.currentData())

    def set_speed(self, speed: int) -> None:
        """Choose one of :data:`SPEEDS`.

        Raises
        ------
        ValueError
            If ``speed`` is not offered.
        """
        if speed not in SPEEDS:
            raise ValueError(f"speed should be one of {', '.join(map(str, SPEEDS))}, got {speed!r} instead")
        self.speed_box.setCurrentIndex(SPEEDS.index(speed))

    def step_speed(self, steps: int) -> None:
        """Faster (positive) or slower (negative) by ``steps`` offered speeds."""
        self.speed_box.setCurrentIndex(min(len(SPEEDS) - 1, max(0, self.speed_box.currentIndex() + steps)))

    def toggle(self) -> None:
        """Pause a running replay, resume a paused one."""
        replay = self._replay
        if replay is None:
            return
        if self._paused:
            replay.resume()
        else:
            replay.pause()
        self._paused = not self._paused
        self.refresh()

    @property
    def paused(self) -> bool:
        """True while the replay is paused."""
        return self._paused

    def seek_fraction(self, fraction: float) -> None:
        """Jump to ``fraction`` (0–1) of the scenario."""
        if self._replay is not None:
            span = self._replay.end - self._replay.first
            self._replay.seek(self._replay.first + span * min(1.0, max(0.0, fraction)))
            self.refresh()

    def refresh(self) -> None:
        replay = self._replay
        if replay is None:
            self.time_label.setText("—")
            return
        now = replay.sim_time
        self.play_button.setText(t("▶ 再生", "▶ Play") if self.paused or replay.finished else t("❚❚ 一時停止", "❚❚ Pause"))
        span = (replay.end - replay.first).total_seconds() or 1.0
        self.slider.blockSignals(True)
        self.slider.setValue(round((now - replay.first).total_seconds() / span * SLIDER_STEPS))
        self.slider.blockSignals(False)
        self.time_label.setText(t("再生中 {s}", "replaying {s}", s=pd.Timestamp(now).tz_convert(JST).strftime("%m/%d %H:%M")))

    def _on_speed(self) -> None:
        if self._replay is not None:
            self._replay.speed = self.speed

    def _on_seek(self, value: int) -> None:
        self.seek_fraction(value / SLIDER_STEPS)
