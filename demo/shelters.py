"""Ten synthetic shelters in the GSI 指定緊急避難場所 CSV format, written in Shift_JIS (CP932).

Shelters sit on larger demo buildings: five inside the L2 flood zone (ranks 1–2, usable for
floods from an upper floor, said in 備考 as real files do) and five outside it. 共通ID keep the
real form (E + city code + serial + suffix) with serials from 90001, far above Yamaguchi
City's real ones (≤ 00159).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from demo.buildings import Buildings

GSI_EMERGENCY_HEADER = (
    "NO",
    "共通ID",
    "都道府県名及び市町村名",
    "施設・場所名",
    "住所",
    "洪水",
    "崖崩れ、土石流及び地滑り",
    "高潮",
    "地震",
    "津波",
    "大規模な火事",
    "内水氾濫",
    "火山現象",
    "指定避難所との住所同一",
    "緯度",
    "経度",
    "備考",
)
"""The header of GSI 指定緊急避難場所データ (mergeFromCity_2.csv)."""
ENCODING = "cp932"
NAMES = (
    "椹野台小学校 体育館（デモ）",
    "泉町公民館（デモ）",
    "緑町コミュニティ会館（デモ）",
    "湯田温泉東中学校 体育館（デモ）",
    "葵台老人憩の家（デモ）",
    "湯田温泉北保育園（デモ）",
    "吉敷下東集会所（デモ）",
    "黄金町地域センター（デモ）",
    "朝倉台小学校 校舎（デモ）",
    "デモ県立高等学校 体育館（デモ）",
)
SHELTER_USAGE = 422  # 文教厚生施設


def pick_shelters(buildings: Buildings, rng: np.random.Generator) -> np.ndarray:
    """Indices of 10 larger buildings: 5 in L2 ranks 1–2, 5 dry, each group spread out."""
    large = (buildings.kind == "large") & (buildings.storeys < 9999)
    wet = np.flatnonzero(large & (buildings.rank_l2 >= 1) & (buildings.rank_l2 <= 2))
    dry = np.flatnonzero(large & (buildings.rank_l2 == 0))
    return np.concatenate([_spread(buildings.centroid, group, 5, rng) for group in (wet, dry)])


def write_shelters(buildings: Buildings, picked: np.ndarray, addresses: np.ndarray, path: Path) -> Path:
    """Write the shelters CSV (CP932, CRLF) for the buildings ``picked``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=ENCODING, newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(GSI_EMERGENCY_HEADER)
        for n, (i, name) in enumerate(zip(picked, NAMES, strict=True)):
            rank, storeys = int(buildings.rank_l2[i]), int(buildings.storeys[i])
            lon, lat = buildings.centroid[i]
            writer.writerow(
                [
                    99001 + n,
                    f"E35203{90001 + n:05d}201",
                    "山口県山口市",
                    name,
                    addresses[i],
                    "1",
                    "1",
                    "",
                    "1",
                    "1",
                    "",
                    "",
                    "",
                    "1",
                    f"{lat:.6f}",
                    f"{lon:.6f}",
                    _note(rank, float(buildings.depth_l2[i]), storeys),
                ]
            )
    return path


def _note(rank: int, depth: float, storeys: int) -> str:
    if rank == 0:
        return ""
    floor = 3 if depth >= 2.5 and storeys >= 3 else 2
    return f"「洪水」では{floor}階以上に避難"


def _spread(points: np.ndarray, candidates: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Farthest-point choice of ``n`` of ``candidates``, starting from a random one."""
    chosen = [int(rng.choice(candidates))]
    for _ in range(n - 1):
        gap = np.min(
            np.hypot(*(points[candidates][:, None, :] - points[chosen][None, :, :]).transpose(2, 0, 1)), axis=1
        )
        chosen.append(int(candidates[np.argmax(gap)]))
    return np.array(chosen)
