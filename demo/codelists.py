"""The PLATEAU codelists the demo files refer to, in the gml:Dictionary form of real deliveries.

Generic lists are complete (as in the FY2024 木更津市 set); city-specific ones hold our own
entries (the rivers of the demo; 山口県 and 山口市 only of the local-authority list).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from demo.gml import feature_id

CODELISTS: dict[str, tuple[tuple[str, str], ...]] = {
    "Building_class": (
        ("3000", "分類しない建物"),
        ("3001", "普通建物"),
        ("3002", "堅ろう建物"),
        ("3003", "普通無壁舎"),
        ("3004", "堅ろう無壁舎"),
    ),
    "Building_usage": (
        ("401", "業務施設"),
        ("402", "商業施設"),
        ("403", "宿泊施設"),
        ("404", "商業系複合施設"),
        ("411", "住宅"),
        ("412", "共同住宅"),
        ("413", "店舗等併用住宅"),
        ("414", "店舗等併用共同住宅"),
        ("415", "作業所併用住宅"),
        ("421", "官公庁施設"),
        ("422", "文教厚生施設"),
        ("431", "運輸倉庫施設"),
        ("441", "工場"),
        ("451", "農林漁業用施設"),
        ("452", "供給処理施設"),
        ("453", "防衛施設"),
        ("454", "その他"),
        ("461", "不明"),
    ),
    "Common_localPublicAuthorities": (("35", "山口県"), ("35203", "山口県山口市")),
    "DataQualityAttribute_geometrySrcDesc": (("000", "公共測量成果"),),
    "DataQualityAttribute_thematicSrcDesc": (("000", "公共測量成果"),),
    "DataQualityAttribute_lod1HeightType": (
        ("1", "点群から取得_最高高さ"),
        ("2", "点群から取得_中央値"),
        ("3", "点群から取得_平均値"),
        ("0", "取得不可のため一律値（3m）"),
    ),
    "RiverFloodingRiskAttribute_description": (
        ("1", "椹野川水系椹野川"),
        ("2", "椹野川水系仁保川"),
        ("3", "椹野川水系吉敷川"),
    ),
    "RiverFloodingRiskAttribute_rank": (
        ("1", "0.5m未満"),
        ("2", "0.5m以上3m未満"),
        ("3", "3m以上5m未満"),
        ("4", "5m以上10m未満"),
        ("5", "10m以上20m未満"),
        ("6", "20m以上"),
    ),
    "RiverFloodingRiskAttribute_adminType": (("1", "国"), ("2", "都道府県")),
    "RiverFloodingRiskAttribute_scale": (("1", "L1（計画規模）"), ("2", "L2（想定最大規模）")),
    "WaterBody_class": (("1140", "flooded land（浸水域）"),),
    "WaterBody_function": (
        ("1", "洪水浸水想定区域"),
        ("2", "津波浸水想定"),
        ("3", "高潮浸水想定区域"),
        ("4", "内水浸水想定区域"),
    ),
}
"""Codelist file name (without ``.xml``) → (code, description) entries."""


def write_codelists(root: Path, rng: np.random.Generator) -> list[Path]:
    """Write ``codelists/<name>.xml`` under the dataset ``root``; return the paths in name order."""
    folder = root / "codelists"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, entries in CODELISTS.items():
        path = folder / f"{name}.xml"
        path.write_text(_dictionary(name, entries, feature_id("cl", rng)), encoding="utf-8-sig")
        paths.append(path)
    return paths


def _dictionary(name: str, entries: tuple[tuple[str, str], ...], dict_id: str) -> str:
    body = "".join(
        "\t<gml:dictionaryEntry>\n"
        f'\t\t<gml:Definition gml:id="{name}_{code}">\n'
        f"\t\t\t<gml:description>{description}</gml:description>\n"
        f"\t\t\t<gml:name>{code}</gml:name>\n"
        "\t\t</gml:Definition>\n"
        "\t</gml:dictionaryEntry>\n"
        for code, description in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gml:Dictionary xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:gml="http://www.opengis.net/gml" '
        'xsi:schemaLocation="http://www.opengis.net/gml '
        'http://schemas.opengis.net/gml/3.1.1/profiles/SimpleDictionary/1.0.0/gmlSimpleDictionaryProfile.xsd" '
        f'gml:id="{dict_id}">\n'
        f"\t<gml:name>{name}</gml:name>\n"
        f"{body}</gml:Dictionary>\n"
    )
