"""River gauges, water-level feeds and gauge status → 警戒レベル / 避難情報 (no Qt).

Readers (:mod:`feeds.detect` picks one from the content) return :class:`feeds.series.LevelSeries`;
:mod:`feeds.quality` flags duplicates and spikes; :func:`feeds.status.gauge_state` gives the status,
last valid reading, trend and stale state; :mod:`feeds.polling` polls HTTP or files, :mod:`feeds.replay`
replays hydrographs, :mod:`feeds.history` stores them; :mod:`feeds.jobs` is ``river-status``.
"""
