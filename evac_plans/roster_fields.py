"""The fields a roster import fills, how each cell is read, and the default header mapping.

Each reader takes a cell (a stripped string, not empty) and returns the value or raises
:class:`CellError` with a message that never repeats the cell: everything in a roster is
personal data. ``blocking`` errors stop an import (nothing is saved); the others keep the row
with the value left empty (a home point outside Japan) or as given (an unknown medical care).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any

import jaconv

from evac_plans.model import CARE_LEVELS, MEDICAL_CARE, MOBILITY, SEXES, Disability
from evac_plans.wareki import parse_date
from feeds.csvfile import in_japan
from i18n import t


class CellError(ValueError):
    """A cell that cannot be read; ``blocking`` False keeps the row (the value is dropped or kept)."""

    def __init__(self, message: str, blocking: bool = True, value: Any = None) -> None:
        super().__init__(message)
        self.blocking = blocking
        self.value = value


def _kana(cell: str) -> str:
    """ふりがな normalised to full-width hiragana (search works whichever way it was typed)."""
    return jaconv.kata2hira(unicodedata.normalize("NFKC", cell))


def _birth_date(cell: str) -> date:
    value = parse_date(cell)
    if value > date.today():
        raise CellError(t("未来の日付です", "the date is in the future"))
    return value


def _date(cell: str) -> date:
    return parse_date(cell)


def _coded(allowed: tuple[str, ...], aliases: dict[str, str]) -> Callable[[str], str]:
    def read(cell: str) -> str:
        norm = unicodedata.normalize("NFKC", cell).replace(" ", "")
        norm = aliases.get(norm, norm)
        if norm not in allowed:
            raise CellError(t("次のいずれかのはずです: {a}", "expected one of: {a}", a=" / ".join(allowed)), value=cell)
        return norm

    return read


def _medical_care(cell: str) -> tuple[str, ...]:
    items = tuple(i for i in re.split(r"[、,，/／・\s]+", unicodedata.normalize("NFKC", cell)) if i)
    unknown = [i for i in items if i not in MEDICAL_CARE]
    if unknown:
        raise CellError(
            t(
                "知らない医療的ケアがあります (そのまま保存します)。既知: {a}",
                "unknown medical care (kept as given); known: {a}",
                a=" / ".join(MEDICAL_CARE),
            ),
            blocking=False,
            value=items,
        )
    return items


_CERTIFICATES = {"身体障害者手帳": "身体障害者手帳", "身障手帳": "身体障害者手帳", "療育手帳": "療育手帳", "精神障害者保健福祉手帳": "精神障害者保健福祉手帳", "精神手帳": "精神障害者保健福祉手帳"}
_DISABILITY = re.compile(r"^(" + "|".join(sorted(_CERTIFICATES, key=len, reverse=True)) + r")\s*([0-9]+|[ABＡＢ][0-9]?)\s*級?\s*(.*)$")


def _disabilities(cell: str) -> tuple[Disability, ...]:
    """``身体障害者手帳1級（下肢）、療育手帳A`` → certificates with grade and note."""
    found = []
    for item in re.split(r"[、,，]+", unicodedata.normalize("NFKC", cell)):
        item = item.strip()
        if m := _DISABILITY.match(item):
            found.append(Disability(_CERTIFICATES[m.group(1)], m.group(2), m.group(3).strip("()（） ")))
        elif item:
            found.append(Disability(item))
    return tuple(found)


def _number(cell: str) -> float:
    try:
        value = float(unicodedata.normalize("NFKC", cell))
    except ValueError:
        raise CellError(t("数値のはずです", "expected a number")) from None
    if value < 0:
        raise CellError(t("0 以上のはずです", "expected 0 or more"))
    return value


def _coordinate(cell: str) -> float:
    try:
        return float(unicodedata.normalize("NFKC", cell))
    except ValueError:
        raise CellError(t("数値のはずです。自宅の位置は空にします", "expected a number; home location left empty"), blocking=False) from None


CONSENT_VALUES = {
    "1": "given", "同意": "given", "あり": "given", "有": "given", "済": "given", "○": "given", "〇": "given",
    "0": "refused", "不同意": "refused", "拒否": "refused", "なし": "refused", "無": "refused", "×": "refused",
    "条例": "presumed_by_ordinance", "みなし同意": "presumed_by_ordinance", "不明": "unknown",
}  # fmt: skip
"""Consent cells → status (an empty cell is ``unknown``)."""


def _consent(cell: str) -> str:
    norm = unicodedata.normalize("NFKC", cell).strip()
    if norm not in CONSENT_VALUES:
        raise CellError(t("同意欄は次のいずれかのはずです: {a}", "a consent cell should be one of: {a}", a=" / ".join(CONSENT_VALUES)))
    return CONSENT_VALUES[norm]


SEX_ALIASES = {"男性": "男", "女性": "女", "M": "男", "F": "女", "1": "男", "2": "女"}
CARE_ALIASES = {"非該当": "なし", "自立": "なし", "要支1": "要支援1", "要支2": "要支援2"}

READERS: dict[str, Callable[[str], Any]] = {
    "external_id": str.strip,
    "name": str.strip,
    "kana": _kana,
    "birth_date": _birth_date,
    "sex": _coded(SEXES, SEX_ALIASES),
    "address": str.strip,
    "phone": str.strip,
    "reason": str.strip,
    "household": str.strip,
    "area": str.strip,
    "welfare_district": str.strip,
    "building_id": str.strip,
    "lon": _coordinate,
    "lat": _coordinate,
    "care_level": _coded(CARE_LEVELS, CARE_ALIASES),
    "disabilities": _disabilities,
    "mobility": _coded(MOBILITY, {}),
    "medical_care": _medical_care,
    "battery_hours": _number,
    "medication": str.strip,
    "communication": str.strip,
    "consent.roster_sharing": _consent,
    "consent.plan_creation": _consent,
    "consent.plan_sharing": _consent,
    "consent_date": _date,
    "consent_signer": str.strip,
}
"""Every field a roster column can fill, with its cell reader."""
REQUIRED_FIELDS = ("name", "birth_date")
"""Fields a roster must have a column for, and every row a value in (to tell people apart)."""

DEFAULT_MAPPING: dict[str, str] = {
    "住民ID": "external_id", "宛名番号": "external_id", "識別番号": "external_id",
    "氏名": "name", "名前": "name", "氏名(漢字)": "name",
    "ふりがな": "kana", "フリガナ": "kana", "カナ氏名": "kana", "氏名カナ": "kana", "氏名(カナ)": "kana",
    "生年月日": "birth_date", "性別": "sex", "住所": "address",
    "電話番号": "phone", "連絡先": "phone", "電話": "phone",
    "避難支援等を必要とする事由": "reason", "事由": "reason", "支援が必要な理由": "reason",
    "要介護度": "care_level", "介護度": "care_level",
    "障害": "disabilities", "障害の状況": "disabilities", "障害者手帳": "disabilities",
    "移動": "mobility", "移動手段": "mobility", "歩行": "mobility",
    "医療的ケア": "medical_care", "バッテリー時間": "battery_hours", "バッテリー持続時間": "battery_hours",
    "服薬": "medication", "服薬情報": "medication", "意思疎通": "communication", "コミュニケーション": "communication",
    "世帯": "household", "世帯状況": "household", "町内会": "area", "自治会": "area",
    "民生委員地区": "welfare_district", "民生委員": "welfare_district", "建物ID": "building_id",
    "経度": "lon", "緯度": "lat",
    "名簿提供同意": "consent.roster_sharing", "計画作成同意": "consent.plan_creation",
    "計画共有同意": "consent.plan_sharing", "計画提供同意": "consent.plan_sharing",
    "同意日": "consent_date", "署名者": "consent_signer", "同意者": "consent_signer",
}  # fmt: skip
"""Common Japanese roster headers → field (headers are compared after NFKC, without spaces)."""


def header_key(header: str) -> str:
    """A header as mappings compare it: NFKC (full-width brackets, half-width kana) without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", header))


def check_home(lon: float | None, lat: float | None) -> None:
    """Raise a non-blocking :class:`CellError` when only one coordinate is given or the point is not in Japan."""
    if lon is None and lat is None:
        return
    if lon is None or lat is None:
        raise CellError(t("緯度と経度の片方しかありません。自宅の位置は空にします", "only one of latitude/longitude; home location left empty"), blocking=False)
    if not bool(in_japan(lon, lat)):
        raise CellError(
            t("経度・緯度が日本の範囲外です (列の入れ替わり?)。自宅の位置は空にします", "longitude/latitude outside Japan (columns swapped?); home location left empty"),
            blocking=False,
        )
