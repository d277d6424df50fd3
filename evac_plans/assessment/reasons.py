"""The reasons an assessment gives: a stable code and the text in Japanese and English.

Codes are a contract (scripts key on them); texts are for people. No text names a person,
an address or a medical device.
"""

from __future__ import annotations

from dataclasses import dataclass

from i18n import language

REASONS: dict[str, tuple[str, str]] = {
    "power_dependent": ("電源を必要とする医療的ケアがある (停電で命に関わる)", "medical care that depends on electricity (a power cut is life-threatening)"),
    "no_home_location": ("自宅の位置が未登録", "home location not recorded"),
    "hazard_unknown": ("自宅の位置に災害想定データがない (安全とは扱いません)", "no hazard data covers the home (not taken as safe)"),
    "home_dry": ("自宅は浸水想定区域の外", "home outside the flood zones"),
    "home_flood": ("自宅の想定浸水深 ランク{rank} ({band}; {kind} {scenario})", "home flood depth rank {rank} ({band}; {kind} {scenario})"),
    "collapse_zone": ("自宅が家屋倒壊等氾濫想定区域内 (自宅にとどまれない)", "home in a house-collapse flood zone (cannot stay)"),
    "landslide_zone": ("自宅が土砂災害警戒区域内", "home in a landslide warning zone"),
    "landslide_special_zone": ("自宅が土砂災害特別警戒区域内", "home in a landslide special warning zone"),
    "long_duration": ("浸水継続時間 ランク{rank} ({band})", "flood duration rank {rank} ({band})"),
    "mobility": ("移動: {mobility}", "mobility: {mobility}"),
    "mobility_unknown": ("移動の状態が未登録", "mobility not recorded"),
    "lives_alone": ("独居 (日中のみの独居を含む)", "lives alone (also: alone in the daytime)"),
    "needs_vehicle": ("歩行できないため車両での移送が必要", "cannot walk: needs a vehicle"),
    "vertical_ok": ("{floor}階以上への垂直避難が可能", "vertical evacuation to floor {floor} or above is feasible"),
    "vertical_not_needed": ("自宅にとどまる場合も浸水の想定はない", "staying at home: no flooding expected"),
    "vertical_depth_unbounded": ("浸水深20m以上の想定: 垂直避難できる階がない", "20 m or more of water: no floor is safe"),
    "vertical_building_too_low": ("{floor}階以上が必要だが建物は{storeys}階建て", "floor {floor} or above needed, the building has {storeys} storeys"),
    "vertical_cannot_climb": ("{floor}階以上が必要だが階段を上がれない ({mobility})", "floor {floor} or above needed but cannot climb stairs ({mobility})"),
    "vertical_storeys_unknown": ("建物の階数が不明 ({floor}階以上が必要)", "storeys of the building unknown (floor {floor} or above needed)"),
    "vertical_power": ("浸水で停電が続くおそれ: 自宅にとどまれない", "flooding may cut power for long: cannot stay"),
    "vertical_mobility_unknown": ("{floor}階以上が必要だが移動の状態が未登録", "floor {floor} or above needed but mobility not recorded"),
    "no_plan": ("個別避難計画が未作成", "no evacuation plan yet"),
    "no_destination": ("避難先が未設定", "no destination in the plan"),
    "no_route": ("避難経路が未設定", "no route in the plan"),
    "plan_vertical_unsafe": ("計画は垂直避難だが自宅にとどまれない", "the plan says vertical evacuation but staying is not safe"),
    "route_flooded": ("避難経路の {metres} m が浸水想定区域 (最大ランク{rank})", "{metres} m of the route in flood zones (highest rank {rank})"),
    "route_landslide": ("避難経路の {metres} m が土砂災害警戒区域等を通る", "{metres} m of the route cross landslide zones"),
    "long_walk": ("避難先まで徒歩 約{minutes}分", "about {minutes} minutes' walk to the destination"),
    "shelter_unknown": ("避難先の避難所 (共通ID {shelter}) が登録されていない", "the destination shelter (共通ID {shelter}) is not in the project"),
    "shelter_not_designated": ("避難先は「{hazard}」の指定がない", "the destination is not designated for {hazard_en}"),
    "shelter_upper_floor": ("避難先は「{hazard}」では{floor}階以上のみ使用可 (階段を上がれない)", "the destination is usable for {hazard_en} only from floor {floor} up (cannot climb)"),
}  # fmt: skip
"""Code → (Japanese, English) text template."""

HAZARD_FLAG_JA = {"flood": "洪水", "landslide": "崖崩れ、土石流及び地滑り", "high_tide": "高潮", "tsunami": "津波", "inland_flood": "内水氾濫"}
HAZARD_FLAG_EN = {"flood": "floods", "landslide": "landslides", "high_tide": "storm surges", "tsunami": "tsunamis", "inland_flood": "inland floods"}
KIND_JA = {"river_flood": "洪水", "inland_flood": "内水", "high_tide": "高潮", "tsunami": "津波", "reservoir_flood": "ため池"}
KIND_EN = {"river_flood": "river flood", "inland_flood": "inland flood", "high_tide": "storm surge", "tsunami": "tsunami", "reservoir_flood": "reservoir"}


@dataclass(frozen=True)
class Reason:
    """One reason: a stable ``code`` and its text in Japanese (``ja``) and English (``en``)."""

    code: str
    ja: str
    en: str

    @property
    def text(self) -> str:
        """The text in the current language (:func:`i18n.language`)."""
        return self.ja if language() == "ja" else self.en

    def as_dict(self) -> dict[str, str]:
        """``{"code": ..., "text": ...}`` as the ``assess`` command prints it."""
        return {"code": self.code, "text": self.text}


def reason(code: str, ja_values: dict[str, object] | None = None, en_values: dict[str, object] | None = None, **values: object) -> Reason:
    """The reason ``code`` with its templates filled (``values`` for both languages, plus per-language ones).

    Raises
    ------
    KeyError
        If ``code`` is not in :data:`REASONS`.
    """
    ja, en = REASONS[code]
    return Reason(code, ja.format(**values, **(ja_values or {})), en.format(**values, **(en_values or {})))
