"""The "who must move now" alert board and plan-driven virtual evacuation drills (no Qt).

* :mod:`alerts.people` compiles people and plans into columns and shared conditions
  (:mod:`alerts.conditions`); :func:`alerts.conditions.take_snapshot` gathers gauges, weather and
  the city's issues (:mod:`alerts.issued`) at a moment; :func:`alerts.board.evaluate_board` gives
  each person a state and reason (precedence table in :mod:`alerts.board`), with safety checks
  (:mod:`alerts.safety`).
* :mod:`alerts.shelter_load` counts each shelter's assigned people against its capacity, its
  福祉避難所 needs (:mod:`alerts.welfare`) and the open/closed state staff entered
  (:mod:`alerts.shelter_status`).
* :mod:`alerts.scenario` reads drill scenarios; :class:`alerts.drill.Drill` runs them (what-if
  reruns on changed copies of the plans, :mod:`alerts.drill_whatif`, reuse the scenario's
  timeline); :mod:`alerts.drill_trips` turns a run into trips for the 2D and 3D animation, and
  :mod:`alerts.drill_report` writes the debrief (PDF, CSV).
* :mod:`alerts.jobs` holds the ``board``, ``shelter-load`` and ``drill`` commands;
  :mod:`alerts.demo_plans` makes the demo city's plans.
"""
