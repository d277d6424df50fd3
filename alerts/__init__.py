"""The "who must move now" alert board and plan-driven virtual evacuation drills (no Qt).

* :mod:`alerts.people` compiles people and plans into columns and shared conditions
  (:mod:`alerts.conditions`); :func:`alerts.conditions.take_snapshot` gathers gauges, weather and
  the city's issues (:mod:`alerts.issued`) at a moment; :func:`alerts.board.evaluate_board` gives
  each person a state and reason (precedence table in :mod:`alerts.board`), with safety checks
  (:mod:`alerts.safety`).
* :mod:`alerts.scenario` reads drill scenarios; :class:`alerts.drill.Drill` runs them (what-if
  reruns reuse the scenario's timeline).
* :mod:`alerts.jobs` holds the ``board`` and ``drill`` commands; :mod:`alerts.demo_plans` makes the
  demo city's plans.
"""
