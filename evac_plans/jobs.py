"""Jobs of the evac_plans package (both front ends run them)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from evac_plans.assessment import assess_project
from evac_plans.errors import RosterFormatError, RosterMappingError
from evac_plans.roster_import import check_roster, load_mapping, save_roster
from evac_plans.shelter_summary import read_shelter_inputs, summarize_shelters
from evac_plans.shelters import save_shelter_frame
from i18n import t
from jobs.base import Job, Param, Record
from jobs.errors import UsageError
from jobs.feedback import Feedback, Problem
from jobs.params import NEW_PROJECT, PROJECT, STAFF, WITH_NAMES
from store import StoreError, open_store

_SHELTER_FILES = Param("paths", ("CSV・GeoJSON ファイル、フォルダ、ZIP", "CSV or GeoJSON files, folders or zips"), positional=True, many=True, kind="path", metavar="PATH")


class SheltersSummaryJob(Job):
    """``shelters-summary PATH...``: one JSON object per GSI shelter file (:mod:`evac_plans.shelter_summary`)."""

    id = "shelters-summary"
    title = ("避難所データの概要", "Summarise shelter files")
    description = (
        "国土地理院の指定緊急避難場所・指定避難所データ (CSV: Shift_JIS/UTF-8、GeoJSON; ファイル・フォルダ・ZIP) を読み、"
        "ファイルごとに種別、件数、災害種別ごとの指定数、上階のみ使える避難所の数、座標が不正な行の数を 1 行の JSON で出力します。",
        "Read GSI 指定緊急避難場所 / 指定避難所 data (CSV in Shift_JIS or UTF-8, GeoJSON; files, folders, zips) and "
        "print one JSON object per file: kind, count, shelters designated per hazard, shelters usable only from "
        "an upper floor, and rows with missing or out-of-Japan coordinates.",
    )
    params = (
        _SHELTER_FILES,
    )
    example = "python main.py shelters-summary ../shared/data/shelters"

    def run(self, values: Mapping[str, Any], feedback: Feedback) -> Iterator[Record]:
        yield from summarize_shelters(values["paths"], feedback)


class ShelterImportJob(Job):
    """``shelter-import PATH... --store STORE``: GSI shelters into a project, one JSON object per file."""

    id = "shelter-import"
    title = ("避難所データの取り込み", "Import shelters")
    description = (
        "国土地理院の指定緊急避難場所・指定避難所データ (CSV: Shift_JIS/UTF-8、GeoJSON; ファイル・フォルダ・ZIP) を"
        "プロジェクトファイルに取り込みます (共通ID ごとに追加・更新。職員が入力した定員・福祉避難所の別はそのまま)。"
        "ファイルごとに {\"file\", \"kind\", \"imported\"} を出力します。全ファイルを先に読み、取り込むものがなければプロジェクトファイルを作りません。",
        "Import GSI 指定緊急避難場所 / 指定避難所 data (CSV in Shift_JIS or UTF-8, GeoJSON; files, folders, zips) into a "
        "project file (added or updated by 共通ID). Prints {\"file\", \"kind\", \"imported\"} per file. Every file is "
        "read first; with nothing to import no project file is created.",
    )
    params = (
        _SHELTER_FILES,
        NEW_PROJECT,
        STAFF,
    )  # fmt: skip
    example = "python main.py shelter-import ../shared/data/shelters --store yamaguchi.nigezero"

    def run(self, values: Mapping[str, Any], feedback: Feedback) -> Iterator[Record]:
        files = list(read_shelter_inputs(values["paths"], feedback))
        if not files:
            named = ", ".join(str(p) for p in values["paths"])
            feedback.error(Problem(named, None, t("避難所データ (国土地理院の CSV・GeoJSON) が見つかりません", "no shelter data (GSI CSV or GeoJSON) found")))
            return
        try:
            with open_store(values["store"], staff=values.get("staff") or "") as store:
                for label, shelters in files:
                    yield {"file": label, "kind": shelters.attrs["kind"], "imported": save_shelter_frame(store, shelters, label, feedback)}
        except StoreError as exc:
            feedback.error(Problem(str(values["store"]), None, str(exc)))


class RosterImportJob(Job):
    """``roster-import FILE --store STORE``: one JSON object per roster row, never a name."""

    id = "roster-import"
    title = ("名簿の取り込み", "Import a roster")
    description = (
        "避難行動要支援者名簿 (CSV: Shift_JIS/UTF-8、または Excel xlsx) をプロジェクトファイルに取り込みます。"
        "全行を先に検査し、問題のある行が 1 行でもあれば何も取り込みません。すでに登録済みの人 (住民ID、または氏名と生年月日が一致) は"
        "重複として取り込みません。行ごとに {\"row\", \"person\", \"status\"} を出力します (氏名などは出力しません)。",
        "Import a roster of residents needing support (CSV in Shift_JIS or UTF-8, or Excel xlsx) into a project file. "
        "Every row is checked first; if any row has a problem nothing is imported. People already in the project "
        "(same 住民ID, or same name and date of birth) are reported as duplicates. Prints {\"row\", \"person\", \"status\"} "
        "per row (never names).",
    )
    params = (
        Param("file", ("名簿ファイル (CSV または xlsx)", "roster file (CSV or xlsx)"), positional=True, kind="path", metavar="FILE"),
        NEW_PROJECT,
        Param("mapping", ("列の対応表 JSON {\"見出し\": \"項目\"}", "column mapping JSON {\"header\": \"field\"}"), kind="path", metavar="MAP.json"),
        STAFF,
    )
    example = "python main.py roster-import residents.csv --store yamaguchi.nigezero"

    def run(self, values: Mapping[str, Any], feedback: Feedback) -> Iterator[Record]:
        try:
            mapping = load_mapping(values.get("mapping"))
        except RosterMappingError as exc:
            raise UsageError(str(exc)) from exc
        label = str(values["file"])
        try:
            entries, results = check_roster(values["file"], mapping, feedback, label)
            if not results:  # the project file is opened (and created) only for a roster that can be saved
                with open_store(values["store"], staff=values.get("staff") or "") as store:
                    results = save_roster(store, entries, feedback, label)
        except (RosterFormatError, StoreError) as exc:
            feedback.error(Problem(label, None, str(exc)))
            return
        except OSError as exc:
            feedback.error(Problem(label, None, t("読み込めません: {e}", "cannot read: {e}", e=exc)))
            return
        for result in results:
            yield {"row": result.row, "person": result.person_id, "status": result.status}


class AssessJob(Job):
    """``assess --store FILE [--hazard SOURCE...]``: one JSON object per person (:mod:`evac_plans.assessment`)."""

    id = "assess"
    title = ("要支援者の自動評価", "Assess people needing support")
    description = (
        "プロジェクトファイルの要支援者ごとに、自宅の災害リスク (プロジェクトに登録した災害データと --hazard で指定したもの: "
        "GeoTIFF、国土数値情報、タイル、PLATEAU の建物リスク・災害区域)、垂直避難の可否、避難経路の長さ・徒歩時間・浸水、"
        "避難先の適否を評価し、優先度 (high/medium/low) と理由を 1 行の JSON で出力します。"
        "氏名・住所は --with-names を付けたときだけ出力します。",
        "For each person in a project file, assess the hazard at home (the hazard sources recorded in the project "
        "plus those given with --hazard: GeoTIFF, 国土数値情報 vectors, tiles, PLATEAU building risks and hazard "
        "areas), whether vertical evacuation is feasible, the route's length, walking time and flooding, and the "
        "destination's suitability; print the priority (high/medium/low) with its reasons as one JSON object per "
        "person. Names and addresses only with --with-names.",
    )
    params = (
        PROJECT,
        Param("hazard", ("追加の災害データ (ファイル・フォルダ、複数可)", "more hazard sources (files or folders)"), many=True, kind="path", metavar="SOURCE"),
        WITH_NAMES,
    )
    example = "python main.py assess --store yamaguchi.nigezero --hazard flood_depth_L2.tif"

    def run(self, values: Mapping[str, Any], feedback: Feedback) -> Iterator[Record]:
        label = str(values["store"])
        try:
            with open_store(values["store"], read_only=True) as store:
                people, results = assess_project(store, values.get("hazard") or (), feedback)
        except StoreError as exc:
            feedback.error(Problem(label, None, str(exc)))
            return
        for record, result in zip(people, results, strict=True):
            out = result.record()
            if values.get("with_names"):
                out.update(name=record.person.name, kana=record.person.kana, address=record.person.address)
            yield out
