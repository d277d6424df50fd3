"""Schema of the project store as named, forward-only migrations (never edit one; add one).

``sqlite_utils.migrations`` records each applied migration in ``_sqlite_migrations``, so
applying twice changes nothing and a partly migrated file is completed.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("nigezero")


@MIGRATIONS()
def m001_settings_and_audit(db: Database) -> None:
    """Key–value settings and the audit trail (who, when, what; never personal data values)."""
    db["settings"].create({"key": str, "value": str}, pk="key")
    db["audit"].create(
        {"id": int, "at": str, "staff": str, "os_user": str, "action": str, "entity": str, "entity_id": str, "detail": str},
        pk="id",
        not_null={"at", "action"},
    )
    db["audit"].create_index(["entity", "entity_id"])


@MIGRATIONS()
def m002_layers(db: Database) -> None:
    """The project's layers: where each comes from and how it is shown, in drawing order."""
    db["layers"].create(
        {
            "id": int,
            "position": int,
            "name": str,
            "kind": str,
            "source": str,
            "visible": int,
            "opacity": float,
            "style": str,
        },
        pk="id",
        not_null={"position", "name", "kind", "source", "visible", "opacity"},
        defaults={"visible": 1, "opacity": 1.0, "style": "{}"},
    )


def known_names() -> list[str]:
    """Names of every migration this version knows, in order."""
    return [m.name for m in MIGRATIONS._migrations]


@MIGRATIONS()
def m004_people_and_plans(db: Database) -> None:
    """People needing support, their care, consents and supporters, shelters, and plans.

    Rows are soft-deleted (``deleted_at``) and can be restored. A plan is a head row plus one
    ``plan_versions`` row per save, never overwritten; ``plans.current_version`` and the new
    version row are written in one transaction.
    """
    stamps = {"created_at": str, "updated_at": str, "deleted_at": str}
    db["people"].create(
        {
            "id": str, "external_id": str, "name": str, "kana": str, "birth_date": str, "sex": str,
            "address": str, "phone": str, "reason": str, "household": str, "area": str,
            "welfare_district": str, "home_lon": float, "home_lat": float, "building_id": str, **stamps,
        },
        pk="id",
        not_null={"name", "created_at"},
    )  # fmt: skip
    db["people"].create_index(["external_id"])
    db["people"].create_index(["birth_date"])
    db["people"].create_index(["area"])
    db["care_profiles"].create(
        {
            "person_id": str, "care_level": str, "disabilities": str, "mobility": str, "medical_care": str,
            "battery_hours": float, "medication": str, "communication": str,
        },
        pk="person_id",
        foreign_keys=[("person_id", "people", "id")],
    )  # fmt: skip
    db["consents"].create(
        {"person_id": str, "purpose": str, "status": str, "date": str, "signer": str},
        pk=("person_id", "purpose"),
        foreign_keys=[("person_id", "people", "id")],
        not_null={"status"},
    )
    db["supporters"].create(
        {"id": str, "name": str, "address": str, "phone": str, "note": str, **stamps}, pk="id", not_null={"name", "created_at"}
    )
    db["support_links"].create(
        {"person_id": str, "supporter_id": str, "roles": str},
        pk=("person_id", "supporter_id"),
        foreign_keys=[("person_id", "people", "id"), ("supporter_id", "supporters", "id")],
    )
    db["support_links"].create_index(["supporter_id"])
    db["shelters"].create(
        {
            "common_id": str, "name": str, "address": str, "kind": str, "hazards": str, "upper_floor_only": str,
            "capacity": int, "welfare": int, "lon": float, "lat": float, "updated_at": str,
        },
        pk="common_id",
        not_null={"name", "kind"},
    )  # fmt: skip
    db["plans"].create(
        {"id": str, "person_id": str, "current_version": int, "created_at": str, "deleted_at": str},
        pk="id",
        foreign_keys=[("person_id", "people", "id")],
        not_null={"person_id", "current_version", "created_at"},
    )
    db["plans"].create_index(["person_id"])
    db["plan_versions"].create(
        {
            "plan_id": str, "version": int, "saved_at": str, "staff": str, "author": str, "destination": str,
            "route_wkt": str, "trigger": str, "preparation_min": int, "travel_means": str, "items": str,
            "notes": str, "review_date": str,
        },
        pk=("plan_id", "version"),
        foreign_keys=[("plan_id", "plans", "id")],
        not_null={"saved_at", "trigger"},
    )  # fmt: skip


@MIGRATIONS()
def m003_feed_history(db: Database) -> None:
    """River-gauge history: gauges as last seen, and one row per (gauge, observation time).

    ``time`` is ISO 8601 in JST (``2026-06-03T05:10:00+09:00``), so text order is time order;
    ``level_m`` is null for a missing reading and ``flag`` keeps why (``""`` for a good one).
    """
    db["feed_gauges"].create(
        {
            "gauge_id": str, "name": str, "river": str, "scheme": str, "lon": float, "lat": float,
            "thresholds": str, "updated_at": str,
        },
        pk="gauge_id",
        not_null={"scheme", "thresholds", "updated_at"},
    )  # fmt: skip
    db["feed_readings"].create(
        {"gauge_id": str, "time": str, "level_m": float, "flag": str, "source": str},
        pk=("gauge_id", "time"),
        not_null={"flag"},
        defaults={"flag": "", "source": ""},
    )


@MIGRATIONS()
def m005_hazard_sources(db: Database) -> None:
    """The hazard sources a project assesses its people against (rasters, vectors, tiles, PLATEAU).

    ``path`` is as the user gave it; a relative path is read relative to the project file's
    folder. Removing a source soft-deletes its row (``deleted_at``).
    """
    db["hazard_sources"].create(
        {"id": int, "path": str, "added_at": str, "deleted_at": str},
        pk="id",
        not_null={"path", "added_at"},
    )
    db["hazard_sources"].create_index(["path"], unique=True)


@MIGRATIONS()
def m006_weather_history(db: Database) -> None:
    """Weather history: what each JMA report said about each municipality (市町村等).

    One row per (area, source, flood forecast area, report time): a report re-read changes
    nothing. ``report_time`` is ISO 8601 in JST, so text order is time order; ``flood_code`` is
    ``""`` outside 指定河川洪水予報; ``entries`` is a JSON list of ``{code, name, status, level,
    since, in_force}``; ``origin`` says where the report came from (file or URL).
    """
    db["weather_reports"].create(
        {
            "area_code": str, "source": str, "flood_code": str, "report_time": str, "area_name": str,
            "alert_level": int, "flood": str, "entries": str, "origin": str, "saved_at": str,
        },
        pk=("area_code", "source", "flood_code", "report_time"),
        not_null={"entries", "saved_at"},
        defaults={"flood_code": "", "flood": "", "origin": ""},
    )  # fmt: skip
    db["weather_reports"].create_index(["report_time"])


@MIGRATIONS()
def m008_package_keys(db: Database) -> None:
    """Offline packages this project issued (``evac_plans.package``): the Ed25519 signing key,
    one row per package (recipient, expiry, the per-package HMAC secret of its return files, the
    ids of the people in it), and the safety checks (安否確認) imported from return files.

    ``safety_checks`` keeps every mark ever imported (the history); a person's current status
    is their newest mark. Notes may hold free text a leader typed: never copy them to the audit.
    """
    db["package_keys"].create(
        {"id": str, "private_key": bytes, "public_key": bytes, "created_at": str},
        pk="id",
        not_null={"private_key", "public_key", "created_at"},
    )
    db["packages"].create(
        {
            "id": str, "key_id": str, "created_at": str, "expires_at": str, "recipient": str, "area": str,
            "disaster_mode": int, "encrypted": int, "secret": bytes, "people": str, "manifest_sha256": str,
        },
        pk="id",
        not_null={"key_id", "created_at", "expires_at", "recipient", "secret", "people"},
        foreign_keys=[("key_id", "package_keys", "id")],
    )  # fmt: skip
    db["safety_checks"].create(
        {"id": int, "person_id": str, "status": str, "time": str, "note": str, "package_id": str, "imported_at": str},
        pk="id",
        not_null={"person_id", "status", "time", "imported_at"},
        defaults={"note": "", "package_id": ""},
    )
    db["safety_checks"].create_index(["person_id", "time"])


@MIGRATIONS()
def m009_alert_board(db: Database) -> None:
    """The alert board (``alerts``): the 警戒レベル / 避難情報 the city issued per area, and which
    river gauges and JMA municipality stand for each area.

    ``issued_levels`` keeps every issue and lift (the history; the newest per area at a moment is
    in force): ``area`` is a 町内会 / 民生委員 district name or ``*`` for the whole city, ``level``
    3–5 or 0 for a lift (解除), ``time`` ISO 8601 with offset. ``board_areas`` maps an area (or ``*``)
    to a JSON list of gauge ids and a 7-digit JMA municipality code. Safety checks (安否確認) entered
    on the board go to ``safety_checks`` (``m008``) with an empty ``package_id``.
    """
    db["issued_levels"].create(
        {"id": int, "area": str, "level": int, "info": str, "time": str, "saved_at": str},
        pk="id",
        not_null={"area", "level", "info", "time", "saved_at"},
    )
    db["issued_levels"].create_index(["area", "time"])
    db["board_areas"].create({"area": str, "gauges": str, "municipality": str}, pk="area", not_null={"gauges"}, defaults={"municipality": ""})


@MIGRATIONS()
def m010_board_shelters_and_check_sources(db: Database) -> None:
    """Shelters opened and closed by staff, and who entered each safety check and from where.

    ``shelter_status`` keeps every opening and closing of a shelter (共通ID) as entered by staff:
    ``open`` 1 or 0, ``time`` ISO 8601 with offset (when it opened or closed), ``staff`` who
    entered it; the newest row per shelter is its state. ``safety_checks`` gains ``staff`` (who
    entered or merged the mark) and ``source`` (the return file's name for a merged mark, "" for
    one typed on the board); older rows keep "" in both.
    """
    db["shelter_status"].create(
        {"id": int, "common_id": str, "open": int, "time": str, "staff": str, "saved_at": str},
        pk="id",
        not_null={"common_id", "open", "time", "saved_at"},
        defaults={"staff": ""},
    )
    db["shelter_status"].create_index(["common_id", "time"])
    db["safety_checks"].add_column("staff", str, not_null_default="")
    db["safety_checks"].add_column("source", str, not_null_default="")
