"""People, care, consents and supporters in a real project file; migration m004; the audit."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import fields, replace
from datetime import date

import pytest
from sqlite_utils import Database

from evac_plans.model import CareProfile, Consent, Disability, Person, Shelter, Supporter, SupportLink
from evac_plans.repository import (
    PersonRecord,
    import_shelters,
    link_supporters,
    list_people,
    load_person,
    load_shelters,
    save_person,
    save_people,
    save_supporter,
    supporters_of,
)
from store import StoreError, open_store
from store.migrations import MIGRATIONS, known_names
from store.people import delete_person, restore_person

PERSON = Person(
    name="山口 花子", kana="やまぐち はなこ", birth_date=date(1940, 4, 1), sex="女", address="山口市湯田温泉1-1",
    phone="083-000-0001", reason="要介護3", external_id="D0001", household="独居", area="湯田自治会",
    home_lon=131.45, home_lat=34.16,
)  # fmt: skip
SECRETS = ("山口 花子", "やまぐち", "湯田温泉1-1", "083-000", "1940-04-01", "人工呼吸器")


def record(person: Person = PERSON) -> PersonRecord:
    care = CareProfile(person.id, "要介護3", (Disability("身体障害者手帳", "1", "下肢"),), "車いす", ("人工呼吸器",), 8.0)
    consents = {"roster_sharing": Consent(person.id, "roster_sharing", "given", date(2025, 4, 1), "本人")}
    return PersonRecord(person, care, consents)


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "p.nigezero", staff="職員A") as s:
        yield s


def test_m004_completes_an_older_file_and_twice_changes_nothing(tmp_path):
    path = tmp_path / "p.nigezero"
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="m004_people_and_plans")
    assert not db["people"].exists()
    db.close()
    with open_store(path):
        pass
    schema = sqlite3.connect(path).execute("select group_concat(sql) from sqlite_master").fetchone()
    with open_store(path) as s:
        assert [m.name for m in MIGRATIONS.applied(s.db)] == known_names()
    assert sqlite3.connect(path).execute("select group_concat(sql) from sqlite_master").fetchone() == schema
    assert len(list(tmp_path.glob("p.backup-*.nigezero"))) == 1


@pytest.mark.parametrize(
    ("table", "cls", "extra"),
    [
        ("people", Person, {"created_at", "updated_at", "deleted_at"}),
        ("care_profiles", CareProfile, set()),
        ("consents", Consent, set()),
        ("supporters", Supporter, {"created_at", "updated_at", "deleted_at"}),
        ("support_links", SupportLink, set()),
        ("shelters", Shelter, {"updated_at"}),
    ],
)
def test_table_columns_are_the_dataclass_fields(store, table, cls, extra):
    assert set(store.db[table].columns_dict) == {f.name for f in fields(cls)} | extra


def test_person_round_trip_with_care_and_consent(store):
    save_person(store, record())
    assert load_person(store, PERSON.id) == record()
    assert store.db.execute("pragma foreign_key_check").fetchall() == []


def test_audit_names_fields_never_values(store):
    save_person(store, record())
    save_person(store, record())  # unchanged: no audit row
    moved = replace(PERSON, address="山口市湯田温泉2-2", home_lon=131.46)
    save_person(store, PersonRecord(moved, record().care, {"plan_sharing": Consent(PERSON.id, "plan_sharing", "refused")}))
    rows = list(store.db.query("select staff, os_user, action, entity, entity_id, detail from audit order by id"))
    assert [(r["action"], r["entity"], r["entity_id"], r["staff"]) for r in rows] == [
        ("create", "person", PERSON.id, "職員A"),
        ("update", "person", PERSON.id, "職員A"),
    ]
    assert json.loads(rows[1]["detail"]) == {"fields": ["address", "home_lon", "consent.plan_sharing.status"]}
    assert all(r["os_user"] for r in rows)
    dump = json.dumps(list(store.db.query("select * from audit")), ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in dump


def test_save_people_is_all_or_nothing(store):
    good = record()
    bad = PersonRecord(Person(name="x"), CareProfile("no-such-person"))  # foreign key fails
    with pytest.raises(sqlite3.IntegrityError):
        save_people(store, [good, bad])
    assert list_people(store) == [] and store.db["audit"].count == 0


def test_soft_delete_and_restore(store):
    save_person(store, record())
    delete_person(store, PERSON.id)
    assert load_person(store, PERSON.id) is None and list_people(store) == []
    assert load_person(store, PERSON.id, include_deleted=True).person == PERSON
    restore_person(store, PERSON.id)
    assert list_people(store) == [PERSON]
    assert [r["action"] for r in store.db.query("select action from audit order by id")] == ["create", "delete", "restore"]
    with pytest.raises(StoreError, match="person"):
        delete_person(store, "nobody")


def test_supporters_with_roles(store):
    save_person(store, record())
    neighbour = Supporter("湯田 一郎", "山口市湯田温泉1-3", "083-000-0002")
    save_supporter(store, neighbour)
    link_supporters(store, PERSON.id, [SupportLink(PERSON.id, neighbour.id, ("伝達", "誘導"))])
    assert supporters_of(store, PERSON.id) == [(neighbour, SupportLink(PERSON.id, neighbour.id, ("伝達", "誘導")))]
    link_supporters(store, PERSON.id, [])
    assert supporters_of(store, PERSON.id) == []


def test_shelters_key_on_common_id(store):
    shelter = Shelter("E3520300001201", "井関小学校", hazards=frozenset({"flood"}), upper_floor_only={"flood": 2}, lon=131.3, lat=34.0)
    import_shelters(store, [shelter])
    import_shelters(store, [replace(shelter, name="井関小学校 校舎", capacity=300)])
    assert load_shelters(store) == [replace(shelter, name="井関小学校 校舎", capacity=300)]
