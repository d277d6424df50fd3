"""About 50 FICTIONAL residents needing evacuation support (避難行動要支援者), living in demo houses.

Names are place names of Yamaguchi City used as surnames with textbook given names (山口 太郎);
phone numbers use the impossible local prefix 000; addresses are synthetic. Written as UTF-8
with BOM (Excel opens it); the columns are documented in the demo README and read by
:func:`evac_plans.residents.read_residents`.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from demo.buildings import Buildings
from demo.citygml_bldg import building_id
from demo.site import CITY_NAME

RESIDENT_COUNT = 50
RESIDENT_HEADER = (
    "住民ID",
    "氏名",
    "ふりがな",
    "生年月日",
    "性別",
    "住所",
    "電話番号",
    "避難支援等を必要とする事由",
    "要介護度",
    "移動",
    "医療的ケア",
    "世帯",
    "町内会",
    "民生委員地区",
    "名簿提供同意",
    "計画共有同意",
    "同意日",
    "建物ID",
    "経度",
    "緯度",
)
SURNAMES = (
    ("山口", "やまぐち"),
    ("湯田", "ゆだ"),
    ("椹野", "ふしの"),
    ("吉敷", "よしき"),
    ("仁保", "にほ"),
    ("宮野", "みやの"),
    ("大内", "おおうち"),
    ("小郡", "おごおり"),
    ("秋穂", "あいお"),
    ("阿知須", "あじす"),
    ("徳地", "とくぢ"),
    ("阿東", "あとう"),
)
GIVEN = (
    ("太郎", "たろう", "男"),
    ("一郎", "いちろう", "男"),
    ("次郎", "じろう", "男"),
    ("三郎", "さぶろう", "男"),
    ("竹男", "たけお", "男"),
    ("夏男", "なつお", "男"),
    ("花子", "はなこ", "女"),
    ("春子", "はるこ", "女"),
    ("秋子", "あきこ", "女"),
    ("冬子", "ふゆこ", "女"),
    ("松子", "まつこ", "女"),
    ("梅子", "うめこ", "女"),
)
CARE_LEVELS = ("なし", "要支援1", "要支援2", "要介護1", "要介護2", "要介護3", "要介護4", "要介護5")
MOBILITY_BY_CARE = ("独歩", "独歩", "杖", "杖", "歩行器", "車いす", "車いす", "寝たきり")
MEDICAL = ("", "在宅酸素", "人工呼吸器", "透析", "吸引", "経管栄養")
HOUSEHOLDS = ("独居", "高齢者のみ世帯", "家族と同居（日中独居）", "家族と同居")
REFERENCE_DATE = pd.Timestamp("2026-04-01")


def pick_homes(buildings: Buildings, rng: np.random.Generator, count: int = RESIDENT_COUNT) -> np.ndarray:
    """Indices of ``count`` rectangular houses, 60 % of them inside the L2 flood zone."""
    house = (buildings.kind == "house") & (buildings.storeys < 9999)  # rectangles: the centroid is inside
    wet = np.flatnonzero(house & (buildings.rank_l2 > 0))
    dry = np.flatnonzero(house & (buildings.rank_l2 == 0))
    n_wet = int(round(count * 0.6))
    picked = np.concatenate(
        [rng.choice(wet, n_wet, replace=False), rng.choice(dry, count - n_wet, replace=False)]
    )
    return np.sort(picked)


def write_residents(
    buildings: Buildings,
    homes: np.ndarray,
    towns: np.ndarray,
    addresses: np.ndarray,
    path: Path,
    rng: np.random.Generator,
) -> Path:
    """Write the residents CSV (UTF-8 with BOM) for the buildings ``homes``; ``towns`` and
    ``addresses`` give every building's town and street address."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = len(homes)
    surname = rng.integers(0, len(SURNAMES), n)
    given = rng.permutation(np.resize(np.arange(len(GIVEN)), n))
    care = rng.choice(len(CARE_LEVELS), n, p=[0.12, 0.08, 0.08, 0.16, 0.16, 0.16, 0.14, 0.10])
    age = np.where(care == 0, rng.integers(35, 70, n), rng.integers(68, 99, n))
    birth = REFERENCE_DATE - pd.to_timedelta(age * 365.25 + rng.integers(0, 365, n), unit="D")
    medical = np.where(rng.random(n) < 0.16, rng.integers(1, len(MEDICAL), n), 0)
    household = rng.choice(len(HOUSEHOLDS), n, p=[0.35, 0.3, 0.2, 0.15])
    roster = rng.random(n) < 0.86
    plan = roster & (rng.random(n) < 0.8)
    consent_date = REFERENCE_DATE - pd.to_timedelta(rng.integers(30, 900, n), unit="D")
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(RESIDENT_HEADER)
        for k, i in enumerate(homes):
            town = str(towns[i]).removeprefix(CITY_NAME)
            lon, lat = buildings.centroid[i]
            writer.writerow(
                [
                    f"D{k + 1:04d}",
                    f"{SURNAMES[surname[k]][0]} {GIVEN[given[k]][0]}",
                    f"{SURNAMES[surname[k]][1]} {GIVEN[given[k]][1]}",
                    birth[k].strftime("%Y-%m-%d"),
                    GIVEN[given[k]][2],
                    addresses[i],
                    f"083-000-{k + 1:04d}",
                    _reason(int(care[k]), int(age[k]), int(household[k]), int(medical[k])),
                    CARE_LEVELS[care[k]],
                    MOBILITY_BY_CARE[care[k]],
                    MEDICAL[medical[k]],
                    HOUSEHOLDS[household[k]],
                    f"{town}自治会",
                    f"湯田第{1 + k % 5}地区",
                    "1" if roster[k] else "0",
                    "1" if plan[k] else "0",
                    consent_date[k].strftime("%Y-%m-%d") if roster[k] else "",
                    building_id(int(i)),
                    f"{lon:.6f}",
                    f"{lat:.6f}",
                ]
            )
    return path


def _reason(care: int, age: int, household: int, medical: int) -> str:
    reasons = []
    if care >= 1:
        reasons.append(CARE_LEVELS[care])
    if care == 0:
        reasons.append("身体障害者手帳1級（下肢）" if age < 55 else "視覚障害（身体障害者手帳2級）")
    if medical:
        reasons.append(f"医療的ケア（{MEDICAL[medical]}）")
    if age >= 75 and household == 0:
        reasons.append("75歳以上の独居高齢者")
    return "、".join(reasons)
