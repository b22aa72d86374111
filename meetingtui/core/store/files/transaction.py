"""One read-modify-write of one case under its lock: the repository hands a :class:`Transaction` out and writes
whatever it changed in one go. Objects handed out are copies; ``put_*`` stores them."""

from __future__ import annotations

from typing import Any

from tinydb import Query, TinyDB

from meetingtui.core.errors import NotFound
from meetingtui.core.record import migrations
from meetingtui.core.record.merge import give_uids
from meetingtui.core.record.model import Action, Case, Meeting
from meetingtui.core.store.files.stored import T_ACTIONS, T_CASE, T_MEETINGS, T_META
from meetingtui.core.text.show import show


class Transaction:
    """A read-modify-write of one case under its lock. Objects handed out are copies; ``put_*`` stores them."""

    def __init__(self, db: TinyDB, case_id: str) -> None:
        self.db = db
        self.case_id = case_id
        self._q = Query()
        # What this transaction stored, so only those documents are checked before the write.
        self.put_record_doc = False
        self.put_meeting_ids: set[str] = set()
        self.put_action_ids: set[str] = set()
        # Whether anything but the contents of meetings already stored may have changed: a new meeting, a meeting
        # whose agenda keys changed, an action deleted, the whole case replaced (see :attr:`meetings_only`).
        self.reshaped = False
        # Whether this change is worth a restore point of its own (a decision, an action, a meeting's status):
        # the repository copies the file after writing it (see backups.py).
        self.milestone = False

    # -- record (the case without its meetings and actions)
    def record(self) -> Case:
        doc = self.db.table(T_CASE).get(doc_id=1)
        if doc is None:
            raise NotFound(f"case {self.case_id}: not found")
        return Case.from_dict(dict(doc))

    def put_record(self, case: Case) -> None:
        give_uids(case.wishes)
        doc = case.to_dict(internal=True)
        doc.pop("meetings", None)
        doc.pop("actions", None)
        table = self.db.table(T_CASE)
        # Replace, never merge: a field the user cleared must not survive from the stored document.
        if not table.update(_replace(doc), doc_ids=[1]):
            table.insert(_doc(doc, 1))
        self.put_record_doc = True

    # -- meetings
    def meetings(self) -> list[Meeting]:
        return [Meeting.from_dict(dict(d)) for d in self.db.table(T_MEETINGS).all()]

    def meeting(self, meeting_id: str) -> Meeting:
        doc = self.db.table(T_MEETINGS).get(self._q.id == meeting_id)
        if doc is None:
            raise NotFound(f"case {self.case_id}: no meeting {show(meeting_id)}")
        return Meeting.from_dict(dict(doc))

    def put_meeting(self, meeting: Meeting) -> None:
        table = self.db.table(T_MEETINGS)
        _identify(meeting)
        doc = meeting.to_dict(internal=True)
        old = table.get(self._q.id == meeting.id)
        if old is None or old.get("status") != doc.get("status") or _decisions(old) != _decisions(doc):
            self.milestone = True
        if old is None or _item_keys(old) != _item_keys(doc):
            self.reshaped = True
        if not table.update(_replace(doc), self._q.id == meeting.id):
            table.insert(doc)
        self.put_meeting_ids.add(meeting.id)

    # -- actions
    def actions(self) -> list[Action]:
        return [Action.from_dict(dict(d)) for d in self.db.table(T_ACTIONS).all()]

    def action(self, action_id: str) -> Action:
        doc = self.db.table(T_ACTIONS).get(self._q.id == action_id)
        if doc is None:
            raise NotFound(f"case {self.case_id}: no action {show(action_id)}")
        return Action.from_dict(dict(doc))

    def put_action(self, action: Action) -> None:
        table = self.db.table(T_ACTIONS)
        doc = action.to_dict(internal=True)
        if not table.update(_replace(doc), self._q.id == action.id):
            table.insert(doc)
        self.put_action_ids.add(action.id)
        self.milestone = True

    def delete_action(self, action_id: str) -> None:
        self.db.table(T_ACTIONS).remove(self._q.id == action_id)
        self.reshaped = True

    def next_action_id(self) -> str:
        used = {d.get("id") for d in self.db.table(T_ACTIONS).all()}
        n = len(used) + 1
        while f"A{n}" in used:
            n += 1
        return f"A{n}"

    # -- whole case
    def case(self) -> Case:
        case = self.record()
        case.meetings = self.meetings()
        case.actions = self.actions()
        return case

    @property
    def meetings_only(self) -> bool:
        """Whether this transaction changed only meetings already stored, each keeping its id and its agenda
        items' keys (in order), and nothing else: no record, no action, nothing deleted. Such a change cannot
        add a cross-reference problem to a case that had none, nor change what the derived index says beyond
        those meetings' own summaries (a note save is one)."""
        return bool(self.put_meeting_ids) and not (
            self.put_record_doc or self.put_action_ids or self.reshaped
        )

    def replace_all(self, case: Case) -> None:
        self.reshaped = True
        self.db.drop_tables()
        self.put_record(case)
        for m in case.meetings:
            _identify(m)
        self.db.table(T_MEETINGS).insert_multiple(m.to_dict(internal=True) for m in case.meetings)
        self.db.table(T_ACTIONS).insert_multiple(a.to_dict(internal=True) for a in case.actions)
        self.db.table(T_META).upsert(_doc({"schema_version": migrations.CURRENT, "case_id": case.id}, 1))


def _identify(meeting: Meeting) -> None:
    """Rows of a meeting a second copy must find again (attendees, decisions) get their internal uid."""
    give_uids(meeting.attendees)
    for item in meeting.items:
        give_uids(item.decisions)


def _item_keys(doc: Any) -> list[Any]:
    return [i.get("key") for i in doc.get("items", ())]


def _decisions(doc: Any) -> list[Any]:
    return [i.get("decisions") for i in doc.get("items", ())]


def _doc(data: dict[str, Any], doc_id: int) -> Any:
    from tinydb.table import Document

    return Document(data, doc_id=doc_id)


def _replace(new: dict[str, Any]) -> Any:
    """A TinyDB update operation that replaces the whole document (so removed keys go away)."""

    def op(doc: dict[str, Any]) -> None:
        doc.clear()
        doc.update(new)

    return op
