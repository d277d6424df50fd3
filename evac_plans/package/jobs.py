"""Jobs of the package subpackage: ``export`` (write an offline package) and ``import-checks``
(merge a safety-check return file). Neither prints a name or any other personal value."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from evac_plans.consent import DEFAULT_RULES, ConsentRules, ConsentRulesError
from evac_plans.package.checks import merge_return_file
from evac_plans.package.manifest import PackageVerifyError
from evac_plans.package.mapdata import load_map
from evac_plans.package.selection import PackageInputError, load_recipients, parse_area, select_people
from evac_plans.package.writer import ExportOptions, export_package
from i18n import t
from jobs.base import Job, Param, Record
from jobs.errors import UsageError
from jobs.feedback import Feedback, Problem
from jobs.params import PROJECT, STAFF
from store import StoreError, open_store


def _existing_store(values: Mapping[str, Any], feedback: Feedback) -> bool:
    if Path(values["store"]).is_file():
        return True
    feedback.error(Problem(str(values["store"]), None, t("プロジェクトファイルが見つかりません", "no such project file")))
    return False


class ExportJob(Job):
    """``export --store FILE --area AREA --out DIR``: one object per file written, then a summary."""

    id = "export"
    title = ("配布パッケージの書き出し", "Export an offline package")
    description = (
        "区域 (町内会・民生委員地区・自主防災組織、または区域の多角形ファイル) と提供先の種類ごとに、"
        "インターネットなしで開ける配布パッケージ (index.html、plans.pdf、people.csv、data.gpkg、署名付き manifest.json) を ZIP "
        "(--folder でフォルダ) に書き出します。本人の同意がある人・項目だけを含め (--disaster-mode で全員)、"
        "除いた人は ID と理由だけを出力します。",
        "Write an offline package (index.html, plans.pdf, people.csv, data.gpkg and a signed manifest.json) for an area "
        "(町内会, 民生委員 district, 自主防災組織 or a polygon file) and a recipient type, as a zip (a folder with --folder). "
        "Only people and fields their consent allows are included (everyone with --disaster-mode); those left out are "
        "printed by id and reason only.",
    )
    params = (
        PROJECT,
        Param("area", ("区域: 町内会:名前 / 民生委員:地区 / 自主防災組織:名前 / 名前 / 多角形ファイル", "area: 町内会:name, 民生委員:district, 自主防災組織:name, a name, or a polygon file"), required=True, metavar="AREA"),
        Param("recipient", ("提供先の種類", "recipient type"), default="community", choices=("community", "welfare_commissioner", "care_provider", "fire_ems")),
        Param("disaster_mode", ("災害時提供: 同意によらず区域の全員を含める (全ページに明記)", "disaster mode: everyone of the area regardless of consent (marked on every page)"), kind="bool"),
        Param("passphrase_file", ("パスフレーズを書いたファイル (1 行目): 個人情報を暗号化", "file whose first line is the passphrase: encrypts the personal data"), kind="path", metavar="F"),
        Param("out", ("書き出し先フォルダ", "output folder"), required=True, kind="path", metavar="DIR"),
        Param("folder", ("ZIP でなくフォルダに書き出す", "write a folder instead of a zip"), kind="bool"),
        Param("expires_days", ("有効期間 (日)", "days until the package expires"), kind="int", default=365),
        Param("rules", ("同意・名簿の規則ファイル (JSON)", "consent rules file (JSON)"), kind="path", metavar="RULES.json"),
        STAFF,
    )
    example = "python main.py export --store yamaguchi.nigezero --area 町内会:朝倉町自治会 --out packages/"

    def run(self, values: Mapping[str, Any], feedback: Feedback) -> Iterator[Record]:
        try:
            rules = ConsentRules.load(values.get("rules") or DEFAULT_RULES)
            recipient = load_recipients()[values.get("recipient") or "community"]
            area = parse_area(str(values["area"]))
            passphrase = _passphrase(values.get("passphrase_file"))
        except (ConsentRulesError, PackageInputError, OSError) as exc:
            raise UsageError(str(exc)) from exc
        if not _existing_store(values, feedback):
            return
        label = str(values["store"])
        try:
            with open_store(values["store"], staff=values.get("staff") or "") as store:
                selection = select_people(store, area, recipient, rules, disaster_mode=bool(values.get("disaster_mode")))
                if not selection.included and not selection.left_out:
                    feedback.error(Problem(label, None, t("区域 {a} に該当する人がいません", "nobody lives in the area {a}", a=area.label)))
                    return
                data = load_map(store, selection, feedback.step(0, 20))
                options = ExportOptions(Path(values["out"]), bool(values.get("folder")), passphrase, int(values.get("expires_days") or 365))
                result = export_package(store, selection, data, options, feedback.step(20, 100))
        except (StoreError, OSError) as exc:
            feedback.error(Problem(label, None, str(exc)))
            return
        for written in result.files:
            yield {"record": "file", "file": str(result.path / written.name) if options.folder else f"{result.path}!{written.name}",
                   "bytes": written.bytes, "sha256": written.sha256}  # fmt: skip
        yield {
            "record": "summary", "package": result.package_id, "path": str(result.path), "recipient": recipient.key,
            "area": area.label, "disaster_mode": selection.disaster_mode, "encrypted": bool(passphrase),
            "expires": result.manifest["expires"], **selection.summary(),
        }  # fmt: skip


def _passphrase(path: Any) -> str | None:
    if not path:
        return None
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    if not lines or not lines[0]:
        raise PackageInputError(t("パスフレーズファイルの 1 行目が空です", "the passphrase file's first line is empty"))
    return lines[0]


class ImportChecksJob(Job):
    """``import-checks FILE --store FILE``: one object per person merged."""

    id = "import-checks"
    title = ("安否確認ファイルの取り込み", "Import safety checks")
    description = (
        "配布パッケージの画面で保存した安否確認ファイルを検証し (このプロジェクトが発行したパッケージか、改ざんがないか、有効期限内か)、"
        "人ごとに記録を統合します (新しい記録が優先、両方を履歴に保存)。人ごとに {\"person\", \"status\", \"time\", \"conflict\"} を出力します。",
        "Verify a safety-check return file saved in a package's page (issued by this project, not altered, not expired) "
        "and merge it per person (the newer mark wins, both are kept in the history). Prints {\"person\", \"status\", "
        "\"time\", \"conflict\"} per person.",
    )
    params = (
        Param("file", ("安否確認ファイル (JSON)", "return file (JSON)"), positional=True, kind="path", metavar="FILE"),
        PROJECT,
        STAFF,
    )
    example = "python main.py import-checks anpi-1a2b3c4d-202606031510.json --store yamaguchi.nigezero"

    def run(self, values: Mapping[str, Any], feedback: Feedback) -> Iterator[Record]:
        if not _existing_store(values, feedback):
            return
        label = str(values["file"])
        try:
            with open_store(values["store"], staff=values.get("staff") or "") as store:
                results = merge_return_file(store, values["file"])
        except (PackageVerifyError, StoreError) as exc:
            feedback.error(Problem(label, None, str(exc)))
            return
        for result in results:
            yield result.record()
