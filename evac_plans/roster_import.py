"""Import an existing roster (CSV in CP932/UTF-8, or xlsx) into the project store.

Columns are matched to fields by a mapping (:data:`evac_plans.roster_fields.DEFAULT_MAPPING`,
overridable per header). Every row is validated first; if any row has a blocking problem
nothing is saved, otherwise all new people are saved in one transaction. People already in
the project (same 住民ID, or same name and date of birth) and repeats inside the file are
reported as duplicates and not saved again. Problems name the row and column, never the value.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from evac_plans.errors import RosterFormatError, RosterMappingError
from evac_plans.model import PURPOSES, CareProfile, Consent, Person
from evac_plans.repository import PersonRecord, list_people, save_people
from evac_plans.roster_fields import DEFAULT_MAPPING, READERS, REQUIRED_FIELDS, CellError, check_home, header_key
from evac_plans.tables import read_table, row_number
from feeds.csvfile import Rows
from i18n import t
from jobs.feedback import Feedback, Problem
from store.connection import ProjectStore

Status = Literal["imported", "duplicate", "invalid"]
_CARE_FIELDS = ("care_level", "disabilities", "mobility", "medical_care", "battery_hours", "medication", "communication")


@dataclass(frozen=True)
class RowProblem:
    """A problem with one cell (``column`` is the file's header) or a whole row (``column`` None)."""

    place: str
    column: str | None
    message: str
    blocking: bool = True

    def as_problem(self, label: str) -> Problem:
        """The problem as reported to a feedback (never with the cell's value)."""
        where = self.place + (f", column {self.column}" if self.column else "")
        return Problem(label, where, self.message)


@dataclass(frozen=True)
class RosterEntry:
    """One roster row read as a person (best effort: unreadable values are left empty)."""

    row: int
    place: str
    record: PersonRecord
    problems: tuple[RowProblem, ...] = ()

    @property
    def valid(self) -> bool:
        """True when no problem blocks saving the row."""
        return not any(p.blocking for p in self.problems)


@dataclass(frozen=True)
class ImportResult:
    """What happened to one row: its number in the file, the person's id (None if invalid), the status."""

    row: int
    person_id: str | None
    status: Status


def load_mapping(path: str | os.PathLike[str] | None) -> dict[str, str]:
    """The default mapping updated from a JSON file ``{"header": "field" | null}`` (null removes one).

    Raises
    ------
    RosterMappingError
        If the file is not a JSON object of strings, or names a field that does not exist.
    """
    mapping = {header_key(h): f for h, f in DEFAULT_MAPPING.items()}
    if path is None:
        return mapping
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise RosterMappingError(t("列の対応表 (JSON) を読めません: {e}", "cannot read the column mapping (JSON): {e}", e=exc)) from exc
    if not isinstance(data, dict) or not all(isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in data.items()):
        raise RosterMappingError(t("列の対応表は {\"見出し\": \"項目\"} の JSON のはずです", "the column mapping should be a JSON object {\"header\": \"field\"}"))
    unknown = sorted({v for v in data.values() if v is not None and v not in READERS})
    if unknown:
        raise RosterMappingError(
            t("知らない項目があります: {u} (使える項目: {a})", "unknown fields: {u} (known: {a})", u=", ".join(unknown), a=", ".join(READERS))
        )
    for header, field in data.items():
        if field is None:
            mapping.pop(header_key(header), None)
        else:
            mapping[header_key(header)] = field
    return mapping


def resolve_columns(header: Sequence[str], mapping: Mapping[str, str]) -> dict[str, str]:
    """Field → the file's header that fills it (the first such header wins).

    Raises
    ------
    RosterFormatError
        If no column fills a field of :data:`evac_plans.roster_fields.REQUIRED_FIELDS`.
    """
    columns: dict[str, str] = {}
    for h in header:
        field = mapping.get(header_key(h))
        if field is not None and field not in columns:
            columns[field] = h
    missing = [f for f in REQUIRED_FIELDS if f not in columns]
    if missing:
        names = {f: [h for h, g in DEFAULT_MAPPING.items() if g == f][0] for f in missing}
        raise RosterFormatError(
            t(
                "必要な列がありません: {m} (見出し: {h})",
                "missing columns: {m} (header: {h})",
                m=", ".join(names.values()),
                h=",".join(header),
            )
        )
    return columns


def parse_roster(rows: Rows, columns: Mapping[str, str]) -> list[RosterEntry]:
    """Read every row into a person with care profile and consents, collecting problems."""
    return [_parse_row(rows, i, columns) for i in range(len(rows.frame))]


def _parse_row(rows: Rows, i: int, columns: Mapping[str, str]) -> RosterEntry:
    place = str(rows.places[i])
    values: dict[str, Any] = {}
    problems: list[RowProblem] = []
    for field, column in columns.items():
        cell = str(rows.frame[column].iloc[i]).strip()
        if not cell:
            if field in REQUIRED_FIELDS:
                problems.append(RowProblem(place, column, t("空欄です (必須)", "empty (required)")))
            continue
        try:
            values[field] = READERS[field](cell)
        except CellError as exc:
            problems.append(RowProblem(place, column, str(exc), exc.blocking))
            if exc.value is not None:
                values[field] = exc.value
        except ValueError as exc:
            problems.append(RowProblem(place, column, str(exc)))
    try:
        check_home(values.get("lon"), values.get("lat"))
    except CellError as exc:
        problems.append(RowProblem(place, None, str(exc), exc.blocking))
        values.pop("lon", None)
        values.pop("lat", None)
    return RosterEntry(row_number(place), place, _record(values, columns), tuple(problems))


def _record(values: dict[str, Any], columns: Mapping[str, str]) -> PersonRecord:
    person_fields = {k: v for k, v in values.items() if k in Person.__dataclass_fields__}
    person = Person(
        **{**person_fields, "name": values.get("name", "")},
        home_lon=values.get("lon"),
        home_lat=values.get("lat"),
    )
    care = CareProfile(person.id, **{k: values[k] for k in _CARE_FIELDS if k in values})
    consents = {}
    for purpose in PURPOSES:
        if f"consent.{purpose}" in columns:
            status = values.get(f"consent.{purpose}", "unknown")
            dated = status != "unknown"
            consents[purpose] = Consent(
                person.id, purpose, status, values.get("consent_date") if dated else None, values.get("consent_signer", "") if dated else ""
            )
    return PersonRecord(person, care, consents)


def identity_keys(person: Person) -> list[tuple[str, ...]]:
    """The keys that make two roster entries the same person: 住民ID, and name (NFKC, no spaces) + birth date."""
    keys: list[tuple[str, ...]] = []
    if person.external_id:
        keys.append(("external_id", person.external_id))
    if person.name and person.birth_date is not None:
        keys.append(("name_birth", re.sub(r"\s+", "", unicodedata.normalize("NFKC", person.name)), person.birth_date.isoformat()))
    return keys


def find_duplicates(entries: Sequence[RosterEntry], existing: Sequence[Person]) -> dict[int, tuple[str, int | None]]:
    """Rows that repeat a person already known: row → (that person's id, its row in the file or None).

    Earlier rows of the file count as known to later ones; people in ``existing`` (the
    project, soft-deleted included) are known from the start.
    """
    known: dict[tuple[str, ...], tuple[str, int | None]] = {}
    for person in existing:
        for key in identity_keys(person):
            known.setdefault(key, (person.id, None))
    duplicates = {}
    for entry in entries:
        keys = identity_keys(entry.record.person)
        match = next((known[k] for k in keys if k in known), None)
        if match is not None:
            duplicates[entry.row] = match
            continue
        for key in keys:
            known[key] = (entry.record.person.id, entry.row)
    return duplicates


def read_roster(
    path: str | os.PathLike[str], mapping: Mapping[str, str] | None = None, feedback: Feedback | None = None, label: str | None = None
) -> list[RosterEntry]:
    """Read and validate a roster file without saving it (CSV rows with a wrong field count are
    reported to ``feedback`` and become invalid entries without a person).

    Raises
    ------
    RosterFormatError
        If the file cannot be read as a table or lacks the name / birth date columns.
    """
    feedback = feedback if feedback is not None else Feedback()
    rows = read_table(path, feedback, label)
    columns = resolve_columns(list(rows.frame.columns), mapping if mapping is not None else load_mapping(None))
    return parse_roster(rows, columns)


def check_roster(
    path: str | os.PathLike[str],
    mapping: Mapping[str, str] | None = None,
    feedback: Feedback | None = None,
    label: str | None = None,
) -> tuple[list[RosterEntry], list[ImportResult]]:
    """Read and validate a whole roster file without touching any project.

    Returns the entries and the invalid rows (empty when every row is valid). Each problem goes
    to ``feedback`` as a warning (row, column, message; never the value), and an error when
    invalid rows stop the import.

    Raises
    ------
    RosterFormatError
        If the file cannot be read as a roster at all.
    """
    feedback = feedback if feedback is not None else Feedback()
    label = label if label is not None else os.fspath(path)
    reading = Feedback()
    entries = read_roster(path, mapping, reading, label)
    broken = [Problem(p.file, p.where, p.message) for p in reading.problems]
    for problem in broken + [p.as_problem(label) for e in entries for p in e.problems]:
        feedback.warn(problem)
    invalid = [ImportResult(e.row, None, "invalid") for e in entries if not e.valid]
    invalid += [ImportResult(row_number(str(p.where)), None, "invalid") for p in broken]
    if invalid:
        feedback.error(
            Problem(label, None, t("{n} 行に問題があるため、何も取り込みませんでした", "{n} rows have problems; nothing was imported", n=len(invalid)))
        )
    return entries, sorted(invalid, key=lambda r: r.row)


def save_roster(store: ProjectStore, entries: Sequence[RosterEntry], feedback: Feedback, label: str) -> list[ImportResult]:
    """Save the checked ``entries`` that are not already in ``store``, in one transaction; one
    result per row in file order (duplicates warned with the row or person they repeat)."""
    duplicates = find_duplicates(entries, list_people(store, include_deleted=True))
    for entry in entries:
        if entry.row in duplicates:
            feedback.warn(Problem(label, entry.place, _duplicate_message(duplicates[entry.row][1], rows_unit=entry.place.split()[0])))
    new = [e.record for e in entries if e.row not in duplicates]
    save_people(store, new, source="roster_import")
    return [
        ImportResult(e.row, duplicates[e.row][0], "duplicate") if e.row in duplicates else ImportResult(e.row, e.record.person.id, "imported")
        for e in entries
    ]


def import_roster(
    store: ProjectStore,
    path: str | os.PathLike[str],
    mapping: Mapping[str, str] | None = None,
    feedback: Feedback | None = None,
    label: str | None = None,
) -> list[ImportResult]:
    """Validate a whole roster file (:func:`check_roster`), then save its new people in one
    transaction (:func:`save_roster`) — or nothing, returning only the invalid rows."""
    feedback = feedback if feedback is not None else Feedback()
    label = label if label is not None else os.fspath(path)
    entries, invalid = check_roster(path, mapping, feedback, label)
    return invalid or save_roster(store, entries, feedback, label)


def _duplicate_message(first_row: int | None, rows_unit: str) -> str:
    if first_row is None:
        return t(
            "すでに登録されている人と同じです (住民ID または 氏名と生年月日が一致)。取り込みません",
            "same person as one already in the project (住民ID, or name and date of birth); not imported",
        )
    return t(
        "{u} {n} と同じ人です (住民ID または 氏名と生年月日が一致)。取り込みません",
        "same person as {u} {n} (住民ID, or name and date of birth); not imported",
        u=rows_unit,
        n=first_row,
    )

