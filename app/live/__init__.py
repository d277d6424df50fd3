"""The live view: river gauges and JMA weather as they are now (polled) or replayed.

:class:`~app.live.panel.LivePanel` is the 水位・気象 dock (gauge list, hydrograph, weather list
with per-municipality timelines, replay control); :class:`~app.live.controller.LiveController`
polls the feeds off the GUI thread and keeps the live layers up to date;
:class:`~app.live.hydrograph.HydrographChart` is the reusable chart.
"""
