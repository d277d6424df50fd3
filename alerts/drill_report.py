"""The drill debrief (訓練の振り返り): a CSV of everyone and a PDF for the meeting after a drill.

CSV (UTF-8 with BOM, so Excel opens it in Japanese; one row per person in the drill's order, the
values of the ``drill`` command's JSON objects, docs/CLI.md; empty for null):

==========================  ===================================================================
column (``--lang en``)      value
==========================  ===================================================================
個人ID (person id)          ``person``
住民ID (resident id)        the roster's 住民ID
氏名, ふりがな, 住所        only with ``with_names``
結果 (outcome)              ``outcome`` in words (:data:`OUTCOME_LABELS`)
結果コード (outcome code)   ``outcome``
トリガー時刻 … 余裕(分)     ``trigger_at``, ``depart``, ``arrive``, ``route_flooded_at``, ``margin_min``
浸水区域 (flood area)       ``flood_area``
浸水時刻の決め方            ``flood_rule`` (``stated`` / ``gauge_lag``)
==========================  ===================================================================

PDF (A4, IPAexGothic embedded, searchable): page 1 the summary (scenario, period in 和暦 JST,
counts per outcome, each flood area's rule and flood time, and who was cut off, by how many
minutes; a long cut-off list goes on over more pages); then a page with the map (everyone's route
coloured by outcome over the flood areas coloured by when they flood); then the table of
everyone, worst margin first, :data:`TABLE_ROWS` a page.
Names and addresses only with ``with_names``. The 出典 lines stand at the foot of every page, and
on the demo data set a 合成データ label on top.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepInFrame, PageBreak, Spacer, Table, TableStyle

from alerts.board_lists import destination_point
from alerts.drill import NEVER, Drill, DrillResult
from alerts.drill_trips import FloodTimeline, flood_timeline
from alerts.labels import clock, gauge_label
from alerts.report_pdf import FRAME_HEIGHT, FRAME_WIDTH, is_demo_folder, para, write_pdf
from alerts.scenario import FloodArea
from alerts.times import JST
from evac_plans.model import EvacuationPlan, Shelter
from evac_plans.package.mapdata import SOURCE_GSI, MapData, padded_bounds
from evac_plans.package.pdf import GRID, SMALL, TITLE
from evac_plans.package.routemap import GREEN, RED, RouteMark, bare_map_data, routes_map
from evac_plans.repository import PersonRecord
from evac_plans.wareki import format_wareki
from i18n import t

OUTCOME_LABELS: dict[str, tuple[str, str]] = {
    "cut_off": ("途中で浸水 (間に合わず)", "cut off by the flood"),
    "no_transport": ("移動手段なし", "no transport"),
    "arrived": ("避難先に到着", "arrived"),
    "stayed_vertical": ("垂直避難 (自宅の上階)", "stayed upstairs"),
    "not_triggered": ("避難開始の条件に達せず", "trigger never fired"),
    "no_plan": ("計画なし・不備", "no usable plan"),
}
"""Each outcome of :mod:`alerts.drill` in words, in the order the summary lists them."""
RULE_LABELS: dict[str, tuple[str, str]] = {
    "stated": ("指定時刻 (stated)", "stated time (stated)"),
    "gauge_lag": ("観測所の氾濫危険水位＋遅れ (gauge_lag)", "gauge flood danger level + lag (gauge_lag)"),
}
OUTCOME_COLORS = {
    "arrived": GREEN,
    "cut_off": RED,
    "stayed_vertical": colors.Color(0.49, 0.23, 0.60),
    "no_transport": colors.Color(0.91, 0.50, 0.0),
    "not_triggered": colors.Color(0.55, 0.55, 0.55),
    "no_plan": colors.Color(0.55, 0.55, 0.55),
}
FLOOD_COLORS = (colors.Color(0.16, 0.38, 0.85), colors.Color(0.36, 0.62, 0.95), colors.Color(0.60, 0.80, 1.0), colors.Color(0.78, 0.90, 1.0))
"""Flood areas by when they flood: earliest darkest (later ones take the last colour)."""
NEVER_COLOR = colors.Color(0.85, 0.85, 0.85)
FLOOD_OPACITY = 0.55
MAP_KEY = (("arrived", ("緑", "green")), ("cut_off", ("赤", "red")), ("stayed_vertical", ("紫", "purple")), ("no_transport", ("橙", "orange")))
TABLE_ROWS = 45
"""People per page of the table (a page is shrunk rather than split)."""
MAP_HEIGHT = 190 * mm
HEADER_BG = colors.Color(0.92, 0.93, 0.95)
CUT_OFF_BG = colors.Color(1.0, 0.86, 0.86)


def _csv_columns(with_names: bool) -> list[tuple[str, str, str]]:
    """(key, ja, en) of each CSV column (module docstring)."""
    names = [("name", "氏名", "name"), ("kana", "ふりがな", "kana"), ("address", "住所", "address")] if with_names else []
    return [
        ("person", "個人ID", "person id"), ("resident", "住民ID", "resident id"), *names,
        ("outcome_label", "結果", "outcome"), ("outcome", "結果コード", "outcome code"),
        ("trigger_at", "トリガー時刻", "trigger at"), ("depart", "出発", "depart"), ("arrive", "到着", "arrive"),
        ("route_flooded_at", "経路の浸水時刻", "route flooded at"), ("margin_min", "余裕(分)", "margin (min)"),
        ("flood_area", "浸水区域", "flood area"), ("flood_rule", "浸水時刻の決め方", "flood rule"),
    ]  # fmt: skip


def debrief_rows(result: DrillResult, records: Sequence[PersonRecord], with_names: bool = False) -> list[dict[str, Any]]:
    """Per person (the drill's order): the ``drill`` command's object plus 住民ID, the outcome in
    words and, with ``with_names``, name, kana and address."""
    rows = []
    for i, record in enumerate(records):
        row = {**result.record(i), "resident": record.person.external_id, "outcome_label": t(*OUTCOME_LABELS[str(result.outcome[i])])}
        if with_names:
            row.update(name=record.person.name, kana=record.person.kana, address=record.person.address)
        rows.append(row)
    return rows


def write_debrief_csv(
    path: str | os.PathLike[str], result: DrillResult, records: Sequence[PersonRecord], with_names: bool = False
) -> int:
    """Write the debrief CSV (columns in the module docstring); returns the rows written."""
    columns = _csv_columns(with_names)
    rows = debrief_rows(result, records, with_names)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow([t(ja, en) for _, ja, en in columns])
        for row in rows:
            out.writerow(["" if row[key] is None else row[key] for key, _, _ in columns])
    return len(rows)


def _day_time(time: pd.Timestamp) -> str:
    """``令和8年6月2日 12:00`` (``2026-06-02 12:00`` in English), JST."""
    local = pd.Timestamp(time).tz_convert(JST)
    return t("{d} {hm}", "{d} {hm}", d=t(format_wareki(local.date()), local.strftime("%Y-%m-%d")), hm=local.strftime("%H:%M"))


def _ns_clock(value: float) -> str:
    return "" if np.isnan(value) or value >= NEVER else clock(pd.Timestamp(int(value), tz="UTC"))


def _margin(value: float) -> str:
    return "" if np.isnan(value) else f"{value:+.1f}"


def _grid(rows: list[list[Any]], widths_mm: Sequence[float], extra: Sequence[tuple] = ()) -> Table:
    """A table in the package PDF's grid style, header row shaded, the last column taking the rest."""
    widths = [w * mm for w in widths_mm]
    table = Table(rows, colWidths=[*widths, FRAME_WIDTH - sum(widths)], repeatRows=1)
    table.setStyle(TableStyle([*GRID.getCommands(), ("BACKGROUND", (0, 0), (-1, -1), colors.white),
                               ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG), *extra]))  # fmt: skip
    return table


def _rule_text(area: FloodArea, drill: Drill) -> str:
    if area.rule == "stated":
        return t("シナリオで指定した時刻", "the time stated in the scenario")
    gauge = next((s.gauge for s in drill.scenario.series if s.gauge.station_id == area.gauge), None)
    return t("基準観測所 {g} が氾濫危険水位に達してから {n} 分後", "{n} min after reference gauge {g} reaches its flood danger level",
             g=gauge_label(area.gauge, gauge), n=f"{area.lag_min or 0:g}")  # fmt: skip


def _where(area: FloodArea) -> str:
    if area.polygon is not None:
        return t("多角形", "polygon")
    assert area.hazard is not None
    return t("{s} のランク{r}以上", "{s}, rank {r} or more", s=Path(area.hazard.info.label).name, r=area.min_rank)


def _summary(drill: Drill, result: DrillResult, records: Sequence[PersonRecord], scenario_path: Path, with_names: bool) -> list[Any]:
    scenario = drill.scenario
    outcomes = [str(o) for o in result.outcome]
    counts = [[para(t(*OUTCOME_LABELS[o])), para(o), para(outcomes.count(o))] for o in OUTCOME_LABELS]
    counts.append([para(t("合計", "total")), para(""), para(len(outcomes))])
    areas = [[para(t(*c)) for c in (("浸水区域", "area"), ("範囲", "extent"), ("決め方", "rule"), ("浸水時刻", "floods at"), ("根拠", "how"))]]
    for i, area in enumerate(scenario.areas):
        when = _ns_clock(drill.area_floods[i]) or t("シナリオ中は浸水せず", "not within the scenario")
        areas.append([para(area.id), para(_where(area)), para(t(*RULE_LABELS[area.rule])), para(when), para(_rule_text(area, drill))])
    return [
        para(t("バーチャル避難訓練 振り返り", "Virtual evacuation drill: debrief"), TITLE),
        para(t("シナリオ: {n}（{f}）", "Scenario: {n} ({f})", n=scenario.name, f=scenario_path.name)),
        para(t("期間: {a} 〜 {b}（日本時間）", "Period: {a} – {b} (JST)", a=_day_time(scenario.start), b=_day_time(scenario.end))),
        para(t("作成日: {d}　対象: {n} 人", "Created: {d}   people: {n}", d=t(format_wareki(date.today()), date.today().isoformat()), n=len(outcomes))),
        Spacer(1, 6),
        para(t("結果ごとの人数", "People per outcome"), TITLE),
        _grid([[para(t("結果", "outcome")), para(t("コード", "code")), para(t("人数", "people"))], *counts], (70, 40)),
        Spacer(1, 6),
        para(t("浸水区域と浸水時刻の決め方", "Flood areas and how their flood time was set"), TITLE),
        _grid(areas, (22, 34, 58, 24)),
        Spacer(1, 6),
        *_cut_off(result, records, with_names),
        PageBreak(),
    ]


def _cut_off(result: DrillResult, records: Sequence[PersonRecord], with_names: bool) -> list[Any]:
    """Who was cut off, most minutes short first, and how much earlier they should have left."""
    cut = sorted(np.flatnonzero(result.outcome == "cut_off"), key=lambda i: result.margin_min[i])
    head = para(t("間に合わなかった人 (途中で浸水): {n} 人", "Cut off on the way: {n}", n=len(cut)), TITLE)
    if not cut:
        return [head, para(t("いません。", "Nobody."))]
    names = [("氏名", "name")] if with_names else []
    columns = [("住民ID", "ID"), *names, ("出発", "left"), ("経路の浸水", "route flooded"), ("不足 (分)", "short by (min)"),
               ("浸水区域", "area"), ("振り返り", "for the debrief")]  # fmt: skip
    rows = [[para(t(*c)) for c in columns]]
    for i in cut:
        person = records[i].person
        short = -float(result.margin_min[i])
        area = result.scenario.areas[result.area[i]].id if result.area[i] >= 0 else ""
        advice = t("あと {m} 分早く出発していれば通れた", "would have passed leaving {m} min earlier", m=math.ceil(short))
        rows.append([para(person.external_id), *([para(person.name)] if with_names else []), para(_ns_clock(result.depart[i])),
                     para(_ns_clock(result.flooded_at[i])), para(f"{short:.1f}"), para(area), para(advice)])  # fmt: skip
    return [head, _grid(rows, (18, *([24] if with_names else []), 25, 25, 18, 22))]


def debrief_bounds(
    records: Sequence[PersonRecord], plans: Mapping[str, EvacuationPlan], shelters: Sequence[Shelter]
) -> tuple[float, float, float, float]:
    """The area of the debrief's map (every home, route point and shelter, with a margin): what
    to read buildings and hazard areas for (:func:`evac_plans.package.mapdata.project_map`)."""
    points = [(r.person.home_lon, r.person.home_lat) for r in records if r.person.home_lon is not None and r.person.home_lat is not None]
    points += [xy for p in plans.values() if p.route is not None for xy in p.route.coordinates]
    points += [(s.lon, s.lat) for s in shelters if s.lon is not None and s.lat is not None]
    return padded_bounds(points)


def _map_page(
    drill: Drill, result: DrillResult, records: Sequence[PersonRecord], plans: Mapping[str, EvacuationPlan],
    shelters: Sequence[Shelter], data: MapData | None, floods: FloodTimeline | None,
) -> list[Any]:  # fmt: skip
    """Everyone's route coloured by outcome over the flood areas coloured by when they flood."""
    by_id = {s.common_id: s for s in shelters}
    marks = []
    for i, record in enumerate(records):
        person, plan = record.person, plans.get(record.person.id)
        outcome = str(result.outcome[i])
        home = (person.home_lon, person.home_lat) if person.home_lon is not None and person.home_lat is not None else None
        route = plan.route.coordinates if plan is not None and plan.route is not None else ()
        color = OUTCOME_COLORS[outcome]
        label = person.external_id if outcome in ("cut_off", "no_transport") else ""
        marks.append(RouteMark(label, home, route, destination_point(plan, by_id), color, color))
    marks.sort(key=lambda m: m.color is RED)  # the cut-off routes on top
    used = {p.destination.shelter_id for p in plans.values() if p.destination is not None}
    drawing = routes_map(data or bare_map_data(), marks, [s for s in shelters if s.common_id in used], FRAME_WIDTH, MAP_HEIGHT, 2.0)
    timeline = floods if floods is not None else flood_timeline(drill)
    fill = _flood_fills(timeline.flood_s)
    for when in sorted(fill, reverse=True):  # the earliest drawn last, on top
        polygons = np.array([p for p, s in zip(timeline.polygons, timeline.flood_s, strict=True) if float(s) == when], dtype=object)
        drawing.add_polygons(polygons, [fill[when]] * len(polygons), FLOOD_OPACITY, None)
    start_ns = float(drill.scenario.start.value)
    legend = [[para(t("浸水区域", "flood area")), para(t("浸水時刻", "floods at"))]]
    styles = []
    for i, area in enumerate(drill.scenario.areas):
        when = float(drill.area_floods[i])
        seconds = np.inf if when >= NEVER else (when - start_ns) / 1e9
        swatch = fill.get(seconds, NEVER_COLOR)  # as it shows on the map, over white
        styles.append(("BACKGROUND", (0, i + 1), (0, i + 1), colors.Color(*(c * FLOOD_OPACITY + 1 - FLOOD_OPACITY for c in swatch.rgb()))))
        legend.append([para(area.id), para(_ns_clock(when) or t("シナリオ中は浸水せず", "not within the scenario"))])
    key = "、".join(f"{t(*c)}: {t(*OUTCOME_LABELS[o])}" for o, c in MAP_KEY)
    return [
        para(t("訓練の地図: 経路の結果と浸水区域", "Drill map: routes by outcome and flood areas"), TITLE),
        drawing,
        para(t("経路と自宅の色 — {k}、灰: 計画なし・開始せず。緑の四角: 避難先。住民ID つき: 間に合わなかった人・移動手段なし。"
               "浸水区域は早く浸水するほど濃い青。",
               "Routes and homes — {k}, grey: no plan or never started. Green squares: destinations. Labelled with the "
               "resident id: cut off or no transport. Flood areas: the earlier they flood, the darker the blue.", k=key), SMALL),
        Spacer(1, 4),
        _grid(legend, (40,), styles),
        PageBreak(),
    ]


def _flood_fills(flood_s: np.ndarray) -> dict[float, colors.Color]:
    """The fill of each flood time (seconds since the start): :data:`FLOOD_COLORS` in time order,
    :data:`NEVER_COLOR` for areas that do not flood within the scenario."""
    finite = sorted({float(s) for s in flood_s if np.isfinite(s)})
    out = {s: FLOOD_COLORS[min(k, len(FLOOD_COLORS) - 1)] for k, s in enumerate(finite)}
    return out | ({np.inf: NEVER_COLOR} if not np.isfinite(flood_s).all() else {})


def _table_pages(result: DrillResult, records: Sequence[PersonRecord], with_names: bool) -> list[Any]:
    """Everyone, worst margin first (no margin last), :data:`TABLE_ROWS` a page."""
    order = sorted(range(len(records)), key=lambda i: (np.isnan(result.margin_min[i]), result.margin_min[i], records[i].person.external_id))
    names = [("氏名", "name"), ("住所", "address")] if with_names else []
    columns = [("住民ID", "ID"), *names, ("トリガー", "trigger"), ("出発", "depart"), ("到着", "arrive"),
               ("余裕(分)", "margin"), ("結果", "outcome"), ("浸水区域", "flood area")]  # fmt: skip
    widths = (14, 18, 40, 19, 19, 19, 12, 26) if with_names else (16, 19, 19, 19, 14, 36)
    title = t("全員の結果 (余裕の少ない順)", "Everyone, worst margin first")
    pages = []
    for first in range(0, len(order), TABLE_ROWS):
        rows = [[para(t(*c), SMALL) for c in columns]]
        for i in order[first : first + TABLE_ROWS]:
            p = records[i].person
            area = result.scenario.areas[result.area[i]].id if result.area[i] >= 0 else ""
            rows.append([para(v, SMALL) for v in (
                p.external_id, *((p.name, p.address) if with_names else ()), _ns_clock(result.trigger_at[i]),
                _ns_clock(result.depart[i]), _ns_clock(result.arrive[i]), _margin(result.margin_min[i]),
                t(*OUTCOME_LABELS[str(result.outcome[i])]), area)])  # fmt: skip
        cut = [("BACKGROUND", (0, k + 1), (-1, k + 1), CUT_OFF_BG) for k, i in enumerate(order[first : first + TABLE_ROWS]) if result.outcome[i] == "cut_off"]
        tight = [("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3), *cut]
        story = [para(f"{title}　{first + 1}–{min(first + TABLE_ROWS, len(order))} / {len(order)}", TITLE), _grid(rows, widths, tight)]
        pages += [KeepInFrame(FRAME_WIDTH, FRAME_HEIGHT, story, mode="shrink"), PageBreak()]
    return pages


def write_debrief_pdf(
    path: str | os.PathLike[str],
    drill: Drill,
    result: DrillResult,
    records: Sequence[PersonRecord],
    plans: Mapping[str, EvacuationPlan],
    shelters: Sequence[Shelter],
    scenario_path: str | os.PathLike[str],
    with_names: bool = False,
    data: MapData | None = None,
    floods: FloodTimeline | None = None,
) -> int:
    """Write the debrief PDF (pages in the module docstring); returns the number of pages.

    Parameters
    ----------
    path : str or os.PathLike
        The PDF to write.
    drill, result : Drill, DrillResult
        The drill and what :meth:`Drill.run` gave for ``records`` and ``plans``.
    records, plans, shelters
        The people (in the result's order), the plans run (routes and destinations on the map),
        and the project's shelters (destination points and names).
    scenario_path : str or os.PathLike
        The scenario file (its name is printed; in the demo data set the pages say 合成データ).
    with_names : bool
        Print names and addresses.
    data : MapData, optional
        Buildings and hazard areas under the map, with their 出典 lines.
    floods : FloodTimeline, optional
        The drill's flood areas as :func:`alerts.drill_trips.flood_timeline` gives them, when the
        caller has them already (the dock drew them); worked out from ``drill`` otherwise.
    """
    scenario_path = Path(scenario_path)
    story = _summary(drill, result, records, scenario_path, with_names)
    story += _map_page(drill, result, records, plans, shelters, data, floods)
    story += _table_pages(result, records, with_names)
    sources = [*(data.sources if data is not None else []), *([SOURCE_GSI] if shelters else []),
               t("浸水区域・水位・発令: 訓練シナリオ {f}（想定）", "flood areas, levels, issues: drill scenario {f} (assumed)", f=scenario_path.name)]  # fmt: skip
    title = t("バーチャル避難訓練 振り返り", "Virtual evacuation drill: debrief")
    footer = f"{title}　{drill.scenario.name}"
    return write_pdf(path, story, title, list(dict.fromkeys(sources)), footer, is_demo_folder(scenario_path))
