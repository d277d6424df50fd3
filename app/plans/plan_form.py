"""The plan form (個別避難計画), in Japanese: the person, the supporter, the destination, the route.

Items the law requires (災害対策基本法 49条の10, 49条の14) are marked ＊; a missing one turns its
field red. What blocks sharing the plan with supporters
(:func:`evac_plans.validation.sharing_blockers`) is listed in red at the top. Dates are typed
in 西暦 or 和暦 (:func:`evac_plans.wareki.parse_date`) and shown back in both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from evac_plans.assessment import Assessment
from evac_plans.model import (
    CONSENT_STATUSES,
    DESTINATION_KINDS,
    MEDICAL_CARE,
    MOBILITY,
    SEXES,
    SUPPORT_ROLES,
    AlertLevelTrigger,
    CareProfile,
    Consent,
    Destination,
    EvacuationPlan,
    Route,
    Shelter,
    Supporter,
    SupportLink,
)
from evac_plans.repository import PersonRecord
from evac_plans.validation import MissingItem
from evac_plans.wareki import format_wareki, parse_date
from i18n import t

DESTINATION_TEXT = {"shelter": "指定避難所等", "relative_home": "親戚・知人宅", "vertical": "垂直避難 (自宅の上階)", "welfare_shelter": "福祉避難所"}
CONSENT_TEXT = {"given": "同意あり", "refused": "同意しない", "presumed_by_ordinance": "条例により同意とみなす", "unknown": "未確認"}
INVALID = "background: #ffd6d6;"
HOUSEHOLDS = ("独居", "高齢者のみ世帯", "家族と同居（日中独居）", "家族と同居")


class PlanForm(QScrollArea):
    """Signals ``edited()`` on any change, ``save_requested()``, ``shelter_picked(str)`` (共通ID)."""

    edited = Signal()
    save_requested = Signal()
    shelter_picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        self.blockers = QLabel(wordWrap=True)
        self.assessment = QLabel(wordWrap=True)
        layout.addWidget(self.blockers)
        layout.addWidget(self.assessment)
        layout.addWidget(self._person_box())
        layout.addWidget(self._home_box())
        layout.addWidget(self._supporter_box())
        layout.addWidget(self._destination_box())
        layout.addWidget(self._route_box())
        layout.addWidget(self._plan_box())
        self.save_button = QPushButton(t("計画を保存 (Ctrl+S)", "Save plan (Ctrl+S)"))
        self.save_button.clicked.connect(self.save_requested)
        layout.addWidget(self.save_button)
        layout.addStretch(1)
        self._record: PersonRecord | None = None
        self._plan: EvacuationPlan | None = None
        self._supporter: Supporter | None = None
        self.setEnabled(False)

    # building ----------------------------------------------------------------
    def _line(self, form: QFormLayout, label: str, required: bool = False) -> QLineEdit:
        edit = QLineEdit()
        edit.textEdited.connect(self.edited)
        form.addRow(label + (" ＊" if required else ""), edit)
        return edit

    def _combo(self, form: QFormLayout, label: str, items: dict[str, str], required: bool = False) -> QComboBox:
        combo = QComboBox()
        for value, text in items.items():
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(self.edited)
        form.addRow(label + (" ＊" if required else ""), combo)
        return combo

    def _checks(self, form: QFormLayout, label: str, names: Iterable[str]) -> dict[str, QCheckBox]:
        """A row of check boxes, one per name, by name."""
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        checks = {name: QCheckBox(name) for name in names}
        for check in checks.values():
            check.toggled.connect(self.edited)
            row.addWidget(check)
        form.addRow(label, holder)
        return checks

    def _person_box(self) -> QGroupBox:
        box = QGroupBox("本人 (避難行動要支援者)")
        form = QFormLayout(box)
        self.name = self._line(form, "氏名", True)
        self.kana = self._line(form, "ふりがな")
        self.birth = self._line(form, "生年月日", True)
        self.birth.setPlaceholderText("例: 昭和15年4月1日, S15.4.1, 1940-04-01")
        self.birth_shown = QLabel()
        form.addRow("", self.birth_shown)
        self.sex = self._combo(form, "性別", {"": "", **{s: s for s in SEXES}}, True)
        self.address = self._line(form, "住所", True)
        self.phone = self._line(form, "電話番号その他の連絡先", True)
        self.reason = self._line(form, "避難支援等を必要とする事由", True)
        self.area = self._line(form, "町内会・自治会")
        self.household = self._combo(form, "世帯", {"": "", **{h: h for h in HOUSEHOLDS}})
        self.mobility = self._combo(form, "移動", {"": "未登録", **{m: m for m in MOBILITY}})
        self.medical = self._checks(form, "医療的ケア", MEDICAL_CARE)
        self.consent = self._combo(form, "計画の提供への同意", {s: CONSENT_TEXT[s] for s in CONSENT_STATUSES})
        return box

    def _home_box(self) -> QGroupBox:
        box = QGroupBox("自宅")
        layout = QVBoxLayout(box)
        self.home_info = QLabel(wordWrap=True)
        self.home_button = QPushButton("地図で自宅を指定 (Ctrl+H)")
        layout.addWidget(self.home_info)
        layout.addWidget(self.home_button)
        return box

    def _supporter_box(self) -> QGroupBox:
        box = QGroupBox("避難支援等実施者")
        form = QFormLayout(box)
        self.sup_name = self._line(form, "氏名", True)
        self.sup_address = self._line(form, "住所", True)
        self.sup_phone = self._line(form, "連絡先", True)
        self.roles = self._checks(form, "役割", SUPPORT_ROLES)
        return box

    def _destination_box(self) -> QGroupBox:
        box = QGroupBox("避難場所")
        form = QFormLayout(box)
        self.dest_kind = self._combo(form, "避難先の種類", {"": "未設定", **{k: DESTINATION_TEXT[k] for k in DESTINATION_KINDS}}, True)
        self.shelter = self._combo(form, "避難所", {})
        self.shelter.currentIndexChanged.connect(lambda: self.shelter_picked.emit(self.shelter.currentData() or ""))
        self.suggested = QListWidget()
        self.suggested.setMaximumHeight(90)
        self.suggested.itemActivated.connect(self._pick_suggestion)
        self.suggest_button = QPushButton("おすすめの 1 番目を選ぶ (Ctrl+J)")
        self.suggest_button.clicked.connect(self.pick_first_suggestion)
        form.addRow("近くの適した避難所", self.suggested)
        form.addRow("", self.suggest_button)
        self.floor = QSpinBox(minimum=0, maximum=60)
        self.floor.valueChanged.connect(self.edited)
        form.addRow("垂直避難の階", self.floor)
        self.relative = self._line(form, "親戚・知人宅の住所")
        return box

    def _route_box(self) -> QGroupBox:
        box = QGroupBox("避難経路 ＊")
        layout = QVBoxLayout(box)
        self.route_info = QLabel(wordWrap=True)
        layout.addWidget(self.route_info)
        row = QHBoxLayout()
        self.route_button = QPushButton("経路を描く (Ctrl+R)")
        self.undo_button = QPushButton("元に戻す (Ctrl+Z)")
        self.redo_button = QPushButton("やり直し (Ctrl+Shift+Z)")
        self.delete_button = QPushButton("点を削除 (Ctrl+Del)")
        for button in (self.route_button, self.undo_button, self.redo_button, self.delete_button):
            row.addWidget(button)
        layout.addLayout(row)
        return box

    def _plan_box(self) -> QGroupBox:
        box = QGroupBox("計画")
        form = QFormLayout(box)
        self.level = self._combo(form, "避難開始のきっかけ", {"3": "警戒レベル3 (高齢者等避難)", "4": "警戒レベル4 (避難指示)"})
        self.items = self._line(form, "持ち出し品 (、区切り)")
        self.review = self._line(form, "見直し予定日")
        self.review.setPlaceholderText("例: 令和9年4月1日, 2027-04-01")
        self.review_shown = QLabel()
        form.addRow("", self.review_shown)
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(70)
        self.notes.textChanged.connect(self.edited)
        form.addRow("メモ", self.notes)
        return box

    # loading -----------------------------------------------------------------
    def set_shelters(self, shelters: list[Shelter]) -> None:
        self.shelter.blockSignals(True)
        self.shelter.clear()
        self.shelter.addItem("", "")
        for s in shelters:
            self.shelter.addItem(f"{s.name} ({s.common_id})", s.common_id)
        self.shelter.blockSignals(False)

    def load(self, record: PersonRecord, plan: EvacuationPlan | None, supporter: tuple[Supporter, SupportLink] | None) -> None:
        """Show a person with their plan and first supporter (all widgets filled without ``edited``)."""
        self.setEnabled(True)
        self._record, self._plan = record, plan
        self._supporter = supporter[0] if supporter else None
        p, care = record.person, record.care or CareProfile(record.person.id)
        blocked = [w for w in self.findChildren(QWidget)]
        for widget in blocked:
            widget.blockSignals(True)
        for edit, value in ((self.name, p.name), (self.kana, p.kana), (self.address, p.address), (self.phone, p.phone),
                            (self.reason, p.reason), (self.area, p.area), (self.birth, p.birth_date.isoformat() if p.birth_date else "")):  # fmt: skip
            edit.setText(value)
        for combo, value in ((self.sex, p.sex), (self.household, p.household), (self.mobility, care.mobility)):
            self._select(combo, value)
        for name, check in self.medical.items():
            check.setChecked(name in care.medical_care)
        consent = record.consents.get("plan_sharing")
        self._select(self.consent, consent.status if consent else "unknown")
        sup, link = supporter if supporter else (Supporter(""), SupportLink(p.id, "", ()))
        self.sup_name.setText(sup.name)
        self.sup_address.setText(sup.address)
        self.sup_phone.setText(sup.phone)
        for role, check in self.roles.items():
            check.setChecked(role in link.roles)
        dest = plan.destination if plan else None
        self._select(self.dest_kind, dest.kind if dest else "")
        self._select(self.shelter, dest.shelter_id if dest else "")
        self.floor.setValue(dest.floor or 0 if dest else 0)
        self.relative.setText(dest.address if dest else "")
        level = plan.trigger.level if plan is not None and isinstance(plan.trigger, AlertLevelTrigger) else 3
        self._select(self.level, str(level))
        self.items.setText("、".join(plan.items) if plan else "")
        self.review.setText(plan.review_date.isoformat() if plan and plan.review_date else "")
        self.notes.setPlainText(plan.notes if plan else "")
        for widget in blocked:
            widget.blockSignals(False)
        self.show_dates()

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        if index < 0 and combo.isEditable():
            combo.setEditText(value)
        combo.setCurrentIndex(max(index, 0))

    # reading -----------------------------------------------------------------
    def _date(self, edit: QLineEdit, shown: QLabel) -> date | None:
        """The typed date (None when empty or unreadable; the label says which)."""
        text = edit.text().strip()
        edit.setStyleSheet("")
        if not text:
            shown.setText("")
            return None
        try:
            day = parse_date(text)
        except ValueError as exc:
            edit.setStyleSheet(INVALID)
            shown.setText(str(exc))
            return None
        shown.setText(f"{day.isoformat()} ({format_wareki(day)})")
        return day

    def show_dates(self) -> None:
        self._date(self.birth, self.birth_shown)
        self._date(self.review, self.review_shown)

    def person_record(self, home: tuple[float, float] | None, building_id: str) -> PersonRecord:
        """The person as filled in, with the home from the map."""
        assert self._record is not None
        old = self._record.person
        person = replace(
            old, name=self.name.text().strip(), kana=self.kana.text().strip(), birth_date=self._date(self.birth, self.birth_shown),
            sex=self.sex.currentData() or "", address=self.address.text().strip(), phone=self.phone.text().strip(),
            reason=self.reason.text().strip(), area=self.area.text().strip(), household=self.household.currentData() or "",
            home_lon=home[0] if home else None, home_lat=home[1] if home else None, building_id=building_id,
        )  # fmt: skip
        care = replace(self._record.care or CareProfile(old.id), mobility=self.mobility.currentData() or "",
                       medical_care=tuple(c for c, box in self.medical.items() if box.isChecked()))  # fmt: skip
        consents = dict(self._record.consents)
        status = self.consent.currentData()
        previous = consents.get("plan_sharing")
        if previous is None or previous.status != status:
            consents["plan_sharing"] = Consent(old.id, "plan_sharing", status, date.today() if status != "unknown" else None)
        return PersonRecord(person, care, consents)

    def supporter(self) -> tuple[Supporter | None, tuple[str, ...]]:
        """The supporter as filled in (None when every field is empty) and their roles."""
        fields = (self.sup_name.text().strip(), self.sup_address.text().strip(), self.sup_phone.text().strip())
        if not any(fields):
            return None, ()
        base = self._supporter or Supporter("")
        return replace(base, name=fields[0], address=fields[1], phone=fields[2]), tuple(r for r, c in self.roles.items() if c.isChecked())

    def plan(self, route: list[tuple[float, float]]) -> EvacuationPlan:
        """The plan as filled in, with the route from the map (a new version of the loaded plan)."""
        assert self._record is not None
        kind = self.dest_kind.currentData() or ""
        destination = None
        if kind:
            destination = Destination(kind, shelter_id=self.shelter.currentData() or "" if kind in ("shelter", "welfare_shelter") else "",
                                      floor=self.floor.value() or None if kind == "vertical" else None,
                                      address=self.relative.text().strip() if kind == "relative_home" else "")  # fmt: skip
        base = self._plan or EvacuationPlan(self._record.person.id)
        items = tuple(i.strip() for i in self.items.text().replace(",", "、").split("、") if i.strip())
        return replace(
            base, destination=destination, route=Route(tuple(route)) if len(route) >= 2 else None,
            trigger=AlertLevelTrigger(int(self.level.currentData())), items=items, notes=self.notes.toPlainText(),
            review_date=self._date(self.review, self.review_shown), version=0, saved_at="",
        )  # fmt: skip

    # status ------------------------------------------------------------------
    def show_status(self, blockers: list[MissingItem], assessment: Assessment | None) -> None:
        """Mark missing legal items in red and list what blocks sharing; show the live assessment."""
        fields = {"name": self.name, "birth_date": self.birth, "sex": self.sex, "address": self.address, "phone": self.phone,
                  "reason": self.reason, "supporter": self.sup_name, "supporter.1.name": self.sup_name,
                  "supporter.1.address": self.sup_address, "supporter.1.phone": self.sup_phone,
                  "destination": self.dest_kind, "route": self.route_info, "consent.plan_sharing": self.consent}  # fmt: skip
        codes = {m.code for m in blockers}
        for code, widget in fields.items():
            if code == "birth_date" and self.birth.styleSheet() == INVALID and code not in codes:
                continue
            widget.setStyleSheet(INVALID if code in codes else "")
        if blockers:
            self.blockers.setText("<b style='color:#b00000'>共有できません — 未入力・未同意:</b> " + "、".join(m.ja for m in blockers))
        else:
            self.blockers.setText("<b style='color:#006000'>法定項目はそろっています。支援者と共有できます。</b>")
        if assessment is None:
            self.assessment.setText("評価: (災害データを読み込み中)")
            return
        level = {"high": "高", "medium": "中", "low": "低"}[assessment.priority]
        reasons = "".join(f"<li>{r.ja}</li>" for r in assessment.reasons)
        self.assessment.setText(f"<b>優先度: {level}</b><ul style='margin:0'>{reasons}</ul>")
        route = (f"長さ {assessment.route_m:.0f} m・徒歩 {assessment.walk_min:.0f} 分" if assessment.walk_min is not None else
                 f"長さ {assessment.route_m:.0f} m (徒歩不可または移動未登録)" if assessment.route_m is not None else "経路なし")  # fmt: skip
        if assessment.route_max_rank is not None:
            route += f"・経路上の最大浸水ランク {assessment.route_max_rank}"
        self.route_info.setText(route)

    def show_home(self, text: str) -> None:
        self.home_info.setText(text)

    def show_suggestions(self, suggestions: list[tuple[Shelter, float]]) -> None:
        self.suggested.clear()
        for shelter, metres in suggestions:
            item = QListWidgetItem(f"{shelter.name}  約{metres:.0f} m")
            item.setData(Qt.ItemDataRole.UserRole, shelter.common_id)
            self.suggested.addItem(item)

    def pick_first_suggestion(self) -> None:
        if self.suggested.count():
            self._pick_suggestion(self.suggested.item(0))

    def _pick_suggestion(self, item: QListWidgetItem) -> None:
        common_id = item.data(Qt.ItemDataRole.UserRole)  # read first: a change refreshes the list
        if self.dest_kind.currentData() not in ("shelter", "welfare_shelter"):
            self._select(self.dest_kind, "shelter")
        self._select(self.shelter, common_id)
