"""Jobs of the alerts package: ``board`` (who must move now, at a moment) and ``drill`` (a scenario).

Shapes (docs/CLI.md)::

    board: {"person", "state", "reason", "inputs": [{"source", "time", "stale"}]}
    drill: {"person", "depart", "arrive", "route_flooded_at", "margin_min", "outcome",
            "trigger_at", "flood_area", "flood_rule"}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from alerts.board import evaluate_board
from alerts.conditions import take_snapshot
from alerts.drill import Drill
from alerts.errors import IssuedFormatError, ScenarioError
from alerts.issued import IssuedLevel, load_issued, read_issued
from alerts.people import area_refs, compile_people
from alerts.safety import latest_at, load_checks
from alerts.scenario import load_scenario
from alerts.sources import gauge_table, read_feeds, read_weather_files, stored_weather, with_history
from alerts.times import parse_time
from evac_plans.assessment import assess_project
from evac_plans.repository import PersonRecord, current_plans, load_roster
from feeds.errors import FeedFormatError
from i18n import t
from jobs.base import Job, Param, Record
from jobs.errors import UsageError
from jobs.feedback import Feedback, Problem
from store import StoreError, open_store
from store.board import support_roles
from store.connection import ProjectStore
from store.hazard_sources import hazard_source_paths

_STORE = Param("store", ("プロジェクトファイル", "project file"), required=True, kind="path", metavar="FILE")
_WITH_NAMES = Param("with_names", ("氏名・ふりがな・住所も出力する", "also print name, kana and address"), kind="bool")


class BoardJob(Job):
    """``board --store FILE --at TIME [--feeds PATH...] [--weather PATH...] [--issued FILE]``."""

    id = "board"
    title = ("避難判断ボード (今すぐ避難が必要な人)", "Alert board (who must move now)")
    description = (
        "指定時刻 (--at、オフセットなしは日本時間) の河川水位・気象警報・市が発令した避難情報・安否確認と各人の避難計画から、"
        "一人ずつ状態 (leave_now, prepare, stay_vertical, evacuated, safe_at_home, no_action, unknown) と理由を 1 行の JSON で出力します。"
        "--at より後の観測値・発表は使いません。水位・気象はプロジェクトに保存した履歴に、指定したファイルを加えて使います。"
        "氏名・住所は --with-names を付けたときだけ出力します。",
        "For one moment (--at; JST when no offset is given), join river levels, JMA warnings, the evacuation information "
        "the city issued and safety checks to each person's plan, and print one JSON object per person with a state "
        "(leave_now, prepare, stay_vertical, evacuated, safe_at_home, no_action, unknown) and its reason. Readings and "
        "reports after --at are ignored. Gauge and weather history kept in the project is used, plus the files given. "
        "Names and addresses only with --with-names.",
    )
    params = (
        _STORE,
        Param("at", ("時刻 (ISO 8601、オフセットなしは日本時間)", "the moment (ISO 8601; JST when no offset)"), required=True, metavar="TIME"),
        Param("feeds", ("水位フィード (ファイル・フォルダ・ZIP)", "river-level feeds (files, folders, zips)"), many=True, kind="path", metavar="PATH"),
        Param("gauges", ("観測所表 CSV (基準水位; river-status と同じ)", "gauge table CSV (thresholds; as for river-status)"), kind="path", metavar="gauges.csv"),
        Param("weather", ("気象庁の警報 JSON / XML (ファイル・フォルダ・ZIP)", "JMA warning JSON / XML (files, folders, zips)"), many=True, kind="path", metavar="PATH"),
        Param("issued", ("市が発令した避難情報 CSV (area,level,info,time)", "evacuation information the city issued, CSV (area,level,info,time)"), kind="path", metavar="FILE"),
        _WITH_NAMES,
    )  # fmt: skip
    example = "python main.py board --store yamaguchi.nigezero --feeds levels.csv --gauges gauges.csv --at 2026-06-02T17:20"

    def run(self, values: Mapping[str, Any], feedback: Feedback) -> Iterator[Record]:
        at = parse_time(str(values["at"]))
        if at is None:
            raise UsageError(
                t(
                    "--at は ISO 8601 の時刻 (例 2026-06-02T17:20) です: {v}",
                    "--at should be an ISO 8601 time such as 2026-06-02T17:20, got {v!r}",
                    v=values["at"],
                )
            )
        try:
            table = gauge_table(values.get("gauges"), feedback)
        except (FeedFormatError, OSError) as exc:
            raise UsageError(
                t("--gauges {f} を読めません: {e}", "cannot read --gauges {f}: {e}", f=values["gauges"], e=exc)
            ) from exc
        series = read_feeds(values.get("feeds") or [], table, feedback)
        reports = read_weather_files(values.get("weather") or [], feedback)
        issued = _issued_file(values.get("issued"), feedback)
        store = _open(values["store"], feedback)
        if store is None:
            return
        with store:
            people, plans = load_roster(store), current_plans(store)
            vertical = _vertical(store, people, feedback)
            board_people = compile_people([r.person for r in people], plans, area_refs(store), vertical)
            snap = take_snapshot(
                at, with_history(store, series, feedback), [*stored_weather(store), *reports], [*load_issued(store), *issued]
            )
            checks = latest_at(load_checks(store), at)
        board = evaluate_board(board_people, snap, checks)
        for i, record in enumerate(people):
            yield _named(board.record(i), record, values)


class DrillJob(Job):
    """``drill --store FILE --scenario FILE``."""

    id = "drill"
    title = ("バーチャル避難訓練", "Virtual evacuation drill")
    description = (
        "シナリオ (JSON: 観測所ごとの水位、発表時刻つきの警報、市の避難情報、浸水区域と浸水時刻または基準観測所の氾濫危険水位からの遅れ) "
        "に沿って、各人が計画どおりトリガー＋準備時間で出発し、移動手段の速さで経路をたどったとき、避難先に着けるか、経路が先に浸水するかを "
        "一人 1 行の JSON で出力します (出発・到着・経路の浸水時刻・余裕 (分)・結果)。",
        "Follow a scenario (JSON: a hydrograph per gauge, warnings at stated times, the city's evacuation information, "
        "flood areas with their flood times or a lag after their gauge's flood danger level): each person leaves when "
        "their trigger fires plus their preparation time and travels their route at their speed. Prints one JSON object "
        "per person: departure, arrival, when the route floods, the margin in minutes and the outcome.",
    )
    params = (
        _STORE,
        Param("scenario", ("シナリオ JSON", "scenario JSON"), required=True, kind="path", metavar="FILE"),
        _WITH_NAMES,
    )
    example = "python main.py drill --store yamaguchi.nigezero --scenario scenario/drill.json"

    def run(self, values: Mapping[str, Any], feedback: Feedback) -> Iterator[Record]:
        store = _open(values["store"], feedback)
        if store is None:
            return
        with store:
            people, plans, roles, refs = load_roster(store), current_plans(store), support_roles(store), area_refs(store)
            known = {s.gauge.station_id: s.gauge for s in with_history(store, [], feedback)}
        try:
            scenario = load_scenario(values["scenario"], known, feedback)
        except ScenarioError as exc:
            feedback.error(Problem(str(values["scenario"]), None, str(exc)))
            return
        result = Drill(scenario, refs).run(people, plans, roles)
        for i, record in enumerate(people):
            yield _named(result.record(i), record, values)


def _open(path: Any, feedback: Feedback) -> ProjectStore | None:
    """The project, or None after reporting why it cannot be opened."""
    try:
        return open_store(path, read_only=True)  # reports run while the app has the project open
    except StoreError as exc:
        feedback.error(Problem(str(path), None, str(exc)))
        return None


def _issued_file(path: Any, feedback: Feedback) -> list[IssuedLevel]:
    if not path:
        return []
    try:
        return read_issued(path, feedback)
    except (IssuedFormatError, OSError) as exc:
        feedback.error(Problem(str(path), None, str(exc)))
        return []


def _vertical(store: ProjectStore, people: list[PersonRecord], feedback: Feedback) -> dict[str, bool | None]:
    """Whether staying upstairs is feasible, by person id, from the assessment (empty without hazard sources)."""
    if not hazard_source_paths(store):
        return {}
    assessed_people, results = assess_project(store, (), feedback.step(0, 50))
    return {r.person.id: a.vertical_ok for r, a in zip(assessed_people, results, strict=True)}


def _named(out: Record, record: PersonRecord, values: Mapping[str, Any]) -> Record:
    if values.get("with_names"):
        out.update(name=record.person.name, kana=record.person.kana, address=record.person.address)
    return out
