"""Jobs of the alerts package: ``board`` (who must move now, at a moment), ``shelter-load`` (per
shelter, at a moment) and ``drill`` (a scenario).

Shapes (docs/CLI.md)::

    board: {"person", "state", "reason", "inputs": [{"source", "time", "stale"}]}
    shelter-load: {"shelter", "name", "capacity", "welfare", "assigned", "needs_welfare", "welfare_unmet",
                   "open", "status_time", "status_staff", "states": {<state>: n}, "flagged"}
    drill: {"person", "depart", "arrive", "route_flooded_at", "margin_min", "outcome",
            "trigger_at", "flood_area", "flood_rule"}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from alerts.board import Board, evaluate_board
from alerts.board_roster import BoardRoster, load_board_roster
from alerts.conditions import take_snapshot
from alerts.drill import Drill, DrillResult
from alerts.drill_inputs import DrillInputs, load_drill_inputs, prepare_drill
from alerts.drill_report import debrief_bounds, write_debrief_csv, write_debrief_pdf
from alerts.errors import IssuedFormatError, ScenarioError
from alerts.issued import IssuedLevel, load_issued, read_issued
from alerts.safety import latest_at, load_checks
from alerts.shelter_load import shelter_loads
from alerts.shelter_status import ShelterState, load_shelter_states, states_at
from alerts.sources import gauge_table, read_feeds, read_weather_files, stored_weather, with_history
from alerts.times import parse_time
from evac_plans.assessment import assess_project
from evac_plans.model import Shelter
from evac_plans.package.mapdata import project_map
from evac_plans.repository import PersonRecord, load_shelters
from feeds.errors import FeedFormatError
from i18n import t
from jobs.base import Job, Param, Record
from jobs.errors import UsageError
from jobs.feedback import Feedback, Problem
from jobs.params import PROJECT, WITH_NAMES
from store import StoreError, open_store
from store.connection import ProjectStore
from store.hazard_sources import hazard_source_paths


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
        PROJECT,
        Param("at", ("時刻 (ISO 8601、オフセットなしは日本時間)", "the moment (ISO 8601; JST when no offset)"), required=True, metavar="TIME"),
        Param("feeds", ("水位フィード (ファイル・フォルダ・ZIP)", "river-level feeds (files, folders, zips)"), many=True, kind="path", metavar="PATH"),
        Param("gauges", ("観測所表 CSV (基準水位; river-status と同じ)", "gauge table CSV (thresholds; as for river-status)"), kind="path", metavar="gauges.csv"),
        Param("weather", ("気象庁の警報 JSON / XML (ファイル・フォルダ・ZIP)", "JMA warning JSON / XML (files, folders, zips)"), many=True, kind="path", metavar="PATH"),
        Param("issued", ("市が発令した避難情報 CSV (area,level,info,time)", "evacuation information the city issued, CSV (area,level,info,time)"), kind="path", metavar="FILE"),
        WITH_NAMES,
    )  # fmt: skip
    example = "python main.py board --store yamaguchi.nigezero --feeds levels.csv --gauges gauges.csv --at 2026-06-02T17:20"

    def run(self, values: Mapping[str, Any], feedback: Feedback) -> Iterator[Record]:
        found = _board(values, feedback)
        if found is not None:
            roster, board, _ = found
            for i, record in enumerate(roster.records):
                yield _named(board.record(i), record, values)


class ShelterLoadJob(Job):
    """``shelter-load --store FILE --at TIME [--feeds PATH...] [--weather PATH...] [--issued FILE]``."""

    id = "shelter-load"
    title = ("避難所の受け入れ状況", "Shelter load")
    description = (
        "board と同じ入力で指定時刻の避難判断ボードを求め、避難所ごとに 1 行の JSON を出力します: 計画でその避難所に向かう人数と定員、"
        "福祉避難所が必要な人数 (うち福祉避難所でない避難所に向かう人数)、職員が入力した開設・閉鎖 (時刻・入力者)、"
        "ボードの状態ごとの人数 (今すぐ避難 …)、要対応 (閉鎖中に割当あり・定員超過・福祉避難所の不足)。個人の情報は出力しません。",
        "With the same inputs as board, compute the alert board at the moment and print one JSON object per shelter: "
        "the people the plans send there and its capacity, how many need a 福祉避難所 (and how many of them go to an "
        "ordinary shelter), whether staff entered it open or closed (when, who), the people per board state (leave_now …) "
        "and whether staff must act (closed with people assigned, over capacity, welfare needs unmet). No personal data.",
    )
    params = tuple(p for p in BoardJob.params if p.name != "with_names")
    example = "python main.py shelter-load --store yamaguchi.nigezero --feeds levels.csv --gauges gauges.csv --at 2026-06-02T17:20"

    def run(self, values: Mapping[str, Any], feedback: Feedback) -> Iterator[Record]:
        found = _board(values, feedback)
        if found is not None:
            roster, board, entered = found
            loads = shelter_loads(board, roster, states_at(entered, board.at))
            if not loads:
                feedback.info(t("プロジェクトに避難所も、避難所へ向かう計画もありません (避難所は個別避難計画の画面で取り込めます)",
                                "the project has no shelters and no plan sends anyone to one (shelters are imported in the plans editor)"))  # fmt: skip
            for load in loads:
                yield load.record()


def _board(values: Mapping[str, Any], feedback: Feedback) -> tuple[BoardRoster, Board, list[ShelterState]] | None:
    """The board at ``--at`` from the files and the project (None after reporting that the project cannot be
    opened), with the people and the shelters' opened / closed entries.

    Raises
    ------
    UsageError
        If ``--at`` is not a time or ``--gauges`` cannot be read.
    """
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
        return None
    with store:
        roster = load_board_roster(store, _vertical(store, feedback), with_supporters=False)
        entered = load_shelter_states(store, roster.shelter_names())
        issues = [*load_issued(store), *issued]
        snap = take_snapshot(at, with_history(store, series, feedback), [*stored_weather(store), *reports], issues, entered)
        checks = latest_at(load_checks(store), at)
    return roster, evaluate_board(roster.people, snap, checks), entered


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
        PROJECT,
        Param("scenario", ("シナリオ JSON", "scenario JSON"), required=True, kind="path", metavar="FILE"),
        WITH_NAMES,
        Param("debrief_pdf", ("振り返り用 PDF の書き出し先 (氏名・住所は --with-names のときだけ)", "write a debrief PDF (names and addresses only with --with-names)"), kind="path", metavar="FILE"),
        Param("debrief_csv", ("振り返り用 CSV の書き出し先 (UTF-8 BOM 付き、一人 1 行)", "write a debrief CSV (UTF-8 with BOM, one row per person)"), kind="path", metavar="FILE"),
    )  # fmt: skip
    example = "python main.py drill --store yamaguchi.nigezero --scenario scenario/drill.json --debrief-pdf debrief.pdf"

    def run(self, values: Mapping[str, Any], feedback: Feedback) -> Iterator[Record]:
        store = _open(values["store"], feedback)
        if store is None:
            return
        with store:
            inputs = load_drill_inputs(store, feedback)
            shelters = load_shelters(store) if values.get("debrief_pdf") else []
            sources = hazard_source_paths(store) if values.get("debrief_pdf") else []
        try:
            drill = prepare_drill(inputs, values["scenario"], feedback)
        except ScenarioError as exc:
            feedback.error(Problem(str(values["scenario"]), None, str(exc)))
            return
        result = drill.run(inputs.people, inputs.plans, inputs.roles)
        for i, record in enumerate(inputs.people):
            yield _named(result.record(i), record, values)
        _write_debrief(values, drill, result, inputs, shelters, sources, feedback)


def _write_debrief(
    values: Mapping[str, Any], drill: Drill, result: DrillResult, inputs: DrillInputs, shelters: list[Shelter],
    sources: list[str], feedback: Feedback,
) -> None:  # fmt: skip
    """The ``--debrief-pdf`` / ``--debrief-csv`` files (:mod:`alerts.drill_report`), each named on stderr
    when written; the PDF's map shows the project's PLATEAU buildings and hazard areas (``sources``)."""
    names = bool(values.get("with_names"))

    def pdf(path: Any) -> None:
        data = project_map(sources, debrief_bounds(inputs.people, inputs.plans, shelters), feedback)
        write_debrief_pdf(path, drill, result, inputs.people, inputs.plans, shelters, values["scenario"], names, data)

    for key, kind, write in (
        ("debrief_csv", "CSV", lambda path: write_debrief_csv(path, result, inputs.people, names)),
        ("debrief_pdf", "PDF", pdf),
    ):
        if not values.get(key):
            continue
        try:
            write(values[key])
        except OSError as exc:
            feedback.error(Problem(str(values[key]), None, str(exc)))
            continue
        feedback.info(t("振り返りの {k} を書き出しました: {f}", "wrote the debrief {k}: {f}", k=kind, f=values[key]))


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


def _vertical(store: ProjectStore, feedback: Feedback) -> dict[str, bool | None]:
    """Whether staying upstairs is feasible, by person id, from the assessment (empty without hazard sources)."""
    if not hazard_source_paths(store):
        return {}
    assessed_people, results = assess_project(store, (), feedback.step(0, 50))
    return {r.person.id: a.vertical_ok for r, a in zip(assessed_people, results, strict=True)}


def _named(out: Record, record: PersonRecord, values: Mapping[str, Any]) -> Record:
    if values.get("with_names"):
        out.update(name=record.person.name, kana=record.person.kana, address=record.person.address)
    return out
