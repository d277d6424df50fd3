"""The roster of residents needing evacuation support (避難行動要支援者名簿) as a map layer's data.

Reads through the same path as the roster import (:mod:`evac_plans.roster_import`): the default
column mapping, the same cell readers (西暦 and 和暦 dates, coded values), the same duplicate
rule. For display nothing blocks: every problem is a warning, an unreadable value is left
empty (a date) or kept as given (a coded value), and repeated people are skipped. The six
items the law requires of a roster and 住民ID must be present as columns. Messages name the
line and column but never quote a value: everything in a roster is personal data.
"""

from __future__ import annotations

import os

import geopandas as gpd
import pandas as pd
import shapely

from evac_plans.errors import RosterFormatError
from evac_plans.roster_import import RosterEntry, find_duplicates, load_mapping, parse_roster, resolve_columns
from evac_plans.tables import read_table
from feeds.csvfile import require_columns
from i18n import t
from jobs.feedback import Feedback, Problem

REQUIRED = ("住民ID", "氏名", "生年月日", "性別", "住所", "電話番号", "避難支援等を必要とする事由")
"""Columns a residents file must have (the roster items of 49条の10 and the city's id)."""
COLUMNS = (
    "person_id", "name", "kana", "birth_date", "sex", "address", "phone", "reason", "care_level", "mobility",
    "medical_care", "household", "neighbourhood", "welfare_district", "consent_roster", "consent_plan",
    "consent_date", "building_id", "lon", "lat", "location_ok",
)  # fmt: skip
"""The GeoDataFrame's columns (besides ``geometry``)."""


def read_residents(path: str | os.PathLike[str], feedback: Feedback | None = None) -> gpd.GeoDataFrame:
    """Read a roster CSV (UTF-8 with/without BOM, or CP932) or xlsx for the map.

    Parameters
    ----------
    path : str or os.PathLike
        A roster with at least the columns of :data:`REQUIRED`.
    feedback : jobs.feedback.Feedback, optional
        Receives one warning per problem (never with the value) and per repeated person
        (skipped).

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:6668 home points, one row per person, with the columns of :data:`COLUMNS`
        (``birth_date`` and ``consent_date`` as datetimes, ``consent_*`` True where given,
        ``medical_care`` joined with 、) and an empty geometry where the home has no usable point.

    Raises
    ------
    RosterFormatError
        If the file is empty, not UTF-8/CP932/xlsx, or lacks a required column.
    """
    feedback = feedback if feedback is not None else Feedback()
    label = os.fspath(path)
    rows = read_table(path, feedback, label)
    header = list(rows.frame.columns)
    require_columns(header, REQUIRED, RosterFormatError)
    entries = parse_roster(rows, resolve_columns(header, load_mapping(None)))
    for entry in entries:
        for problem in entry.problems:
            feedback.warn(problem.as_problem(label))
    duplicates = find_duplicates(entries, [])
    for entry in entries:
        if entry.row in duplicates:
            feedback.warn(Problem(label, entry.place, t("前の行と同じ人です。この行は読み込みません", "same person as an earlier row; row skipped")))
    frame = pd.DataFrame([_columns(e) for e in entries if e.row not in duplicates], columns=list(COLUMNS))
    for column in ("birth_date", "consent_date"):
        frame[column] = pd.to_datetime(frame[column])
    frame["location_ok"] = frame["location_ok"].astype(bool)
    geometry = [shapely.Point(x, y) if ok else None for x, y, ok in zip(frame["lon"], frame["lat"], frame["location_ok"])]
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:6668")


def _columns(entry: RosterEntry) -> dict[str, object]:
    person, care, consents = entry.record.person, entry.record.care, entry.record.consents
    roster, plan = consents.get("roster_sharing"), consents.get("plan_sharing")
    located = person.home_lon is not None and person.home_lat is not None
    return {
        "person_id": person.external_id,
        "name": person.name,
        "kana": person.kana,
        "birth_date": person.birth_date,
        "sex": person.sex,
        "address": person.address,
        "phone": person.phone,
        "reason": person.reason,
        "care_level": care.care_level if care else "",
        "mobility": care.mobility if care else "",
        "medical_care": "、".join(care.medical_care) if care else "",
        "household": person.household,
        "neighbourhood": person.area,
        "welfare_district": person.welfare_district,
        "consent_roster": roster is not None and roster.status == "given",
        "consent_plan": plan is not None and plan.status == "given",
        "consent_date": (roster.date if roster else None) or (plan.date if plan else None),
        "building_id": person.building_id,
        "lon": person.home_lon if located else float("nan"),
        "lat": person.home_lat if located else float("nan"),
        "location_ok": located,
    }
