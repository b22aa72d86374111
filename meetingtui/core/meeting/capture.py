"""The minute-taker's one-line capture: type what happened, press Enter.

    a: @Leah 14d Refer to the motor project     an action (owner, due date, what will be done)
    d: No further curfew because it increased missing episodes dissent: PC Hughes would keep it
    n: Dan to check with the MACE chair          a line appended to the current item's notes
    r: Police raised a concern about D.P.        a restricted note (only the full version keeps it)
    y: You will keep going to football           a line for the young person's own version
    present+ Mo Ahmed, Designated teacher, Education     someone joins (arrival time recorded once started)
    apologies: Priya Shah - annual leave         absent: Dr Price         late: Leah 10:20     left: Leah
    undo                                          take back the last capture

Parsing is pure (no storage) so it is tested exhaustively and shared by every screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from meetingtui.core.errors import UserError
from meetingtui.core.meeting.contents import smart_hints
from meetingtui.core.meeting.people import find_attendee
from meetingtui.core.record.model import Attendee, Decision
from meetingtui.core.text.dates import HELP as DATE_HELP
from meetingtui.core.text.dates import parse_date, parse_time

HELP = (
    "a: @Owner 14d what will be done · d: decision because reason dissent: who and why · n: note · "
    "present+ Name · apologies: Name - reason · absent: Name · late: Name 10:20 · left: Name · undo"
)


@dataclass(slots=True)
class ActionCapture:
    text: str
    owner: str
    agency: str | None
    due: date
    hints: list[str] = field(default_factory=list)


@dataclass(slots=True)
class DecisionCapture:
    decision: Decision


@dataclass(slots=True)
class NoteCapture:
    text: str
    # Which of the item's texts it goes to: its notes, its restricted notes, or its text for the young person.
    field: str = "notes"


@dataclass(slots=True)
class AttendanceCapture:
    name: str
    attendance: str
    reason: str | None = None
    role: str | None = None
    agency: str | None = None
    arrived: str | None = None
    left: str | None = None


@dataclass(slots=True)
class UndoCapture:
    pass


Capture = ActionCapture | DecisionCapture | NoteCapture | AttendanceCapture | UndoCapture

_PREFIX = re.compile(r"^\s*([a-z]+\+?)\s*[:>]?\s*", re.IGNORECASE)
_OWNER = re.compile(r'^@(?:"([^"]+)"|(\S+))\s*')
_TRAILING_DUE = re.compile(r"\s+(?:by|due)\s+(\S+)\s*$", re.IGNORECASE)


def parse_capture(
    line: str, attendees: list[Attendee], today: date, now_hm: str | None, *, late_join: bool = True
) -> Capture:
    """Parse one line. ``now_hm`` is the time for arrivals and departures; ``late_join`` says whether someone
    joining now counts as a late arrival (not in the first minutes of the meeting)."""
    text = line.strip()
    if not text:
        raise UserError("nothing to capture; " + HELP)
    if text.casefold() == "undo":
        return UndoCapture()
    m = _PREFIX.match(text)
    word = m.group(1).casefold() if m else ""
    rest = text[m.end() :].strip() if m else text
    if word in ("a", "act", "action", "t", "task"):
        return _action(rest, attendees, today)
    if word in ("d", "dec", "decision"):
        return _decision(rest)
    if word in ("n", "note"):
        if not rest:
            raise UserError("n: needs the note text")
        return NoteCapture(rest)
    if word in ("r", "restricted"):
        if not rest:
            raise UserError("r: needs the restricted note's text")
        return NoteCapture(rest, "restricted_notes")
    if word in ("y", "yp"):
        if not rest:
            raise UserError("y: needs the text for the young person")
        return NoteCapture(rest, "young_person")
    if word in ("present+", "present", "p+", "join", "joined"):
        return _person(rest, "present", attendees, arrived=now_hm if late_join else None)
    if word in ("apologies", "apols", "apol", "apologies+"):
        return _person(rest, "apologies", attendees)
    if word in ("absent", "absent+"):
        return _person(rest, "absent", attendees)
    if word in ("late", "arrived"):
        return _timed(rest, attendees, now_hm, "arrived")
    if word in ("left", "leave", "leaving"):
        return _timed(rest, attendees, now_hm, "left")
    raise UserError(f"{text[:30]!r} is not a capture; start with " + HELP)


def _full_name_owner(text: str, attendees: list[Attendee]) -> tuple[Attendee, str] | None:
    """``@Nadia Fenwick 2w …``: an attendee's full name after the @, without quotes."""
    if not text.startswith("@"):
        return None
    body = text[1:]
    for a in sorted(attendees, key=lambda a: -len(a.name)):
        n = len(a.name)
        if " " in a.name and body[:n].casefold() == a.name.casefold() and (len(body) == n or body[n] == " "):
            return a, body[n:].lstrip()
    return None


def _action(rest: str, attendees: list[Attendee], today: date) -> ActionCapture:
    owner: str | None = None
    agency: str | None = None
    due: date | None = None
    tokens_left = rest
    for _ in range(3):
        full = _full_name_owner(tokens_left, attendees) if owner is None else None
        if full is not None:
            who, tokens_left = full
            owner, agency = who.name, who.agency
            continue
        om = _OWNER.match(tokens_left)
        if om and owner is None:
            raw = (om.group(1) or om.group(2)).replace("_", " ").replace(".", " ").strip()
            who = find_attendee(attendees, raw)
            owner = who.name if who else raw
            agency = who.agency if who else None
            tokens_left = tokens_left[om.end() :]
            continue
        first, _, after = tokens_left.partition(" ")
        if due is None and first:
            try:
                due = parse_date(first, today)
            except UserError:
                pass
            else:
                tokens_left = after.strip()
                continue
        break
    if due is None:
        tm = _TRAILING_DUE.search(tokens_left)
        if tm:
            try:
                due = parse_date(tm.group(1), today)
                tokens_left = tokens_left[: tm.start()]
            except UserError:
                pass
    what = tokens_left.strip()
    if owner is None:
        raise UserError(
            "the action has no owner: write a: @Name 14d what will be done (SMART: one named owner)"
        )
    if due is None:
        raise UserError(f"the action has no due date: add one after the owner ({DATE_HELP})")
    if not what:
        raise UserError("the action says who and when but not what will be done")
    if due < today:
        raise UserError(f"the due date {due.isoformat()} is in the past")
    hints = smart_hints(what)
    if find_attendee(attendees, owner) is None:
        hints.append(f"{owner} is not on the attendance list: check the name and record their agency.")
    return ActionCapture(text=what, owner=owner, agency=agency, due=due, hints=hints)


# "because of" and "due to" belong to the reason: "No curfew because of exploitation concern" has the reason
# "exploitation concern", not "of exploitation concern".
_BECAUSE = re.compile(r"(?:^|\s+)(?:because(?:\s+of)?|due\s+to)\s+", re.IGNORECASE)
_DISSENT = re.compile(r"\s*(?:\bdissent\s*[:\-]|\|\s*dissent\b:?)\s*", re.IGNORECASE)


def _decision(rest: str) -> DecisionCapture:
    if not rest:
        raise UserError(
            "d: needs the decision text (add 'because …' for the reason, 'dissent: …' for dissent)"
        )
    dissent = None
    dm = _DISSENT.search(rest)
    if dm:
        rest, dissent = rest[: dm.start()], rest[dm.end() :].strip() or None
    reason = None
    bm = _BECAUSE.search(rest)
    if bm:
        rest, reason = rest[: bm.start()], rest[bm.end() :].strip() or None
    text = rest.strip()
    if not text:
        raise UserError("the decision has a reason or dissent but no decision text")
    return DecisionCapture(Decision(text=text, reason=reason, dissent=dissent))


def _person(
    rest: str, attendance: str, attendees: list[Attendee], arrived: str | None = None
) -> AttendanceCapture:
    reason = None
    if attendance in ("apologies", "absent"):
        for sep in (" - ", " – ", " (", ": ", " because "):
            if sep in rest:
                rest, reason = rest.split(sep, 1)
                reason = reason.rstrip(")").strip() or None
                break
    parts = [p.strip() for p in rest.split(",")]
    name = parts[0] if parts else ""
    if not name:
        raise UserError(f"{attendance}: needs a name")
    role = parts[1] if len(parts) > 1 and parts[1] else None
    agency = parts[2] if len(parts) > 2 and parts[2] else None
    known = find_attendee(attendees, name)
    return AttendanceCapture(
        name=known.name if known else name,
        attendance=attendance,
        reason=reason,
        role=role,
        agency=agency,
        arrived=arrived if known is None or known.attendance != "present" else None,
    )


_TIMEISH = re.compile(r"^\d{1,2}([:.]?\d{1,2})?$")


def _timed(rest: str, attendees: list[Attendee], now_hm: str | None, which: str) -> AttendanceCapture:
    words = rest.split()
    when = now_hm
    if words and _TIMEISH.match(words[-1]):
        when = parse_time(words[-1])  # a time that is not a real time is an error, not part of the name
        words = words[:-1]
    name = " ".join(words)
    verb = "late" if which == "arrived" else "left"
    if not name:
        raise UserError(f"{verb}: needs a name, e.g. '{verb}: Leah 10:20'")
    if when is None:
        raise UserError(f"{verb}: give the time, e.g. '{verb}: {name} 10:20'")
    known = find_attendee(attendees, name)
    if known is None:
        raise UserError(
            f"{verb}: nobody called {name!r} is on the attendance list; add them with 'present+ {name}'"
        )
    return AttendanceCapture(
        name=known.name,
        attendance="present",
        arrived=when if which == "arrived" else None,
        left=when if which == "left" else None,
    )


# ------------------------------------------------------------------------------------------- applying


@dataclass(slots=True)
class Applied:
    """What a capture did: a line for the screen, hints for the minute-taker, and how to take it back."""

    message: str
    hints: list[str]
    undo: tuple[object, ...]


def apply_capture(repo, case_id: str, meeting_id: str, item_key: str | None, cap: Capture) -> Applied:  # type: ignore[no-untyped-def]
    """Store a parsed capture in one locked write. Undo records name exactly what to reverse, so undoing does
    not roll back anything typed meanwhile."""
    from meetingtui.core.meeting import contents, lifecycle, people

    if isinstance(cap, ActionCapture):
        action = contents.add_action(
            repo,
            case_id,
            meeting_id,
            item_key=item_key,
            text=cap.text,
            owner=cap.owner,
            agency=cap.agency,
            due=cap.due,
        )
        return Applied(
            f"Action {action.id}: {cap.owner} by {cap.due.isoformat()}: {cap.text}",
            cap.hints,
            ("action", action.id),
        )
    if isinstance(cap, DecisionCapture):
        if item_key is None:
            raise UserError("move to an agenda item first: decisions belong to one")
        idx = contents.add_decision(repo, case_id, meeting_id, item_key, cap.decision)
        return Applied(f"Decision recorded: {cap.decision.text}", [], ("decision", item_key, idx))
    if isinstance(cap, NoteCapture):
        if item_key is None:
            raise UserError("move to an agenda item first: notes belong to one")
        added, into = cap.text, cap.field

        def append(m):  # type: ignore[no-untyped-def]
            item = m.item(item_key)
            text = getattr(item, into)
            setattr(item, into, (text + "\n" if text else "") + added)

        lifecycle.edit_meeting(repo, case_id, meeting_id, append)
        said = {"notes": "Note added.", "restricted_notes": "Restricted note added (full version only)."}
        return Applied(
            said.get(into, "Added to the young person's version."), [], ("note", item_key, added, into)
        )
    if isinstance(cap, AttendanceCapture):
        before, after = people.set_attendance(
            repo,
            case_id,
            meeting_id,
            cap.name,
            cap.attendance,
            reason=cap.reason,
            role=cap.role,
            agency=cap.agency,
            arrived=cap.arrived,
            left=cap.left,
        )
        what = after.attendance
        if cap.arrived and before is not None:
            what = f"arrived {cap.arrived}"
        if cap.left:
            what = f"left {cap.left}"
        return Applied(f"{after.name}: {what}", [], ("attendee", after.name, before))
    raise UserError("nothing to apply")


def undo_applied(repo, case_id: str, meeting_id: str, undo: tuple[object, ...]) -> str:  # type: ignore[no-untyped-def]
    from meetingtui.core.meeting import contents, lifecycle, people

    kind = undo[0]
    if kind == "action":
        a = contents.delete_action(repo, case_id, str(undo[1]))
        return f"Removed action {a.id}."
    if kind == "decision":
        d = contents.remove_decision(repo, case_id, meeting_id, str(undo[1]), int(undo[2]))  # type: ignore[call-overload]
        return f"Removed decision: {d.text}"
    if kind == "note":
        key, added = str(undo[1]), str(undo[2])
        into = str(undo[3]) if len(undo) > 3 else "notes"

        def put(m):  # type: ignore[no-untyped-def]
            # Remove only the line the capture added, keeping anything typed into the notes since.
            item = m.item(key)
            notes = getattr(item, into) or ""
            if notes.endswith(added):
                setattr(item, into, notes[: -len(added)].removesuffix("\n") or None)

        lifecycle.edit_meeting(repo, case_id, meeting_id, put)
        return "Removed the note."
    if kind == "attendee":
        name, before = str(undo[1]), undo[2]
        people.replace_attendee(repo, case_id, meeting_id, name, before)  # type: ignore[arg-type]
        return (
            f"Removed {name} from the attendance list."
            if before is None
            else f"Attendance of {name} put back."
        )
    raise UserError("nothing to undo")
