"""What each audience may see, decided in one place.

The shared screen (the room, the call, ``meetingtui present``, the browser) gets a :class:`RoomView`, built here
from the stored meeting. It carries only what is safe to put on a shared screen: never notes, never anything of a
restricted item (its title, prompts, decisions, or the actions agreed under it), nor a decision or action
restricted on its own. Someone on the peer map named in open text ("Ask R.K. to join the youth project") is
shown as ``[peer]``: the peer map is other children's information, kept off the shared screen like restricted
text, and typed in a hurry it is easily left in an open decision or action.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from meetingtui.core.record.model import Action, Case, Decision, Meeting
from meetingtui.core.text.peers import case_mentions

PEER_MASK = "[peer]"


@dataclass(slots=True)
class RoomView:
    meeting_title: str
    case_name: str
    marking: str
    status: str
    as_of: datetime
    position: int = 0
    total: int = 0
    item_title: str = ""
    prompts: list[str] = field(default_factory=list)
    withheld_item: bool = False
    decisions: list[Decision] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    item_seconds_left: int | None = None
    meeting_seconds: int | None = None
    planned_seconds: int = 0
    # Whether the clocks run: only while the meeting is in progress. Ended, approved or reopened, they stop.
    running: bool = False
    # One sentence saying where the meeting is (ended, approved, reopened), so the room never reads a stopped
    # meeting as still running.
    state: str = ""


def state_sentence(meeting: Meeting) -> str:
    """What the shared screen says about the meeting's state, from its status and history."""
    if meeting.status == "scheduled":
        return "The meeting has not started."
    if meeting.status == "in progress":
        return "Meeting in progress."
    if meeting.status == "approved":
        return f"Meeting ended. Minutes approved (version {meeting.minutes_version})."
    if meeting.shown_version > meeting.minutes_version:  # reopened after an approval
        return "Meeting ended. Approved minutes reopened for correction: a draft again."
    return "Meeting ended. The minutes are a draft, not yet approved."


def restricted_keys(meeting: Meeting) -> set[str]:
    return {i.key for i in meeting.items if i.restricted}


def visible_actions(case: Case, meeting: Meeting) -> list[Action]:
    """Actions of this meeting that are not under a restricted item."""
    hidden = restricted_keys(meeting)
    return [a for a in case.actions_of(meeting.id) if a.item_key not in hidden and not a.is_restricted]


def room_view(case: Case, meeting: Meeting, now: datetime) -> RoomView:
    from meetingtui.core.meeting.lifecycle import item_seconds, meeting_seconds

    v = RoomView(
        meeting_title=meeting.title,
        case_name=case.name,
        marking=meeting.marking_text,
        status=meeting.status,
        as_of=now,
        total=len(meeting.items),
        planned_seconds=meeting.planned_minutes() * 60,
        running=meeting.status == "in progress",
        state=state_sentence(meeting),
    )
    item = meeting.item(meeting.current_item) if meeting.current_item else None
    if item is not None and meeting.status == "in progress":
        v.position = meeting.item_index(item.key) + 1
        if item.restricted:
            v.withheld_item = True
        else:
            v.item_title = item.title
            v.prompts = list(item.prompts)
        if item.timebox_minutes:
            v.item_seconds_left = item.timebox_minutes * 60 - item_seconds(meeting, item, now)
    if meeting.started_at:
        v.meeting_seconds = meeting_seconds(meeting, now)
    v.decisions = [d for i in meeting.items if not i.restricted for d in i.decisions if not d.restricted]
    v.actions = visible_actions(case, meeting)
    peers = case_mentions(case)
    if peers is not None:

        def mask(text: str | None) -> str | None:
            return peers.sub(PEER_MASK, text) if text else text

        v.item_title = mask(v.item_title) or ""
        v.prompts = [mask(p) or "" for p in v.prompts]
        v.decisions = [d.copy() for d in v.decisions]
        for d in v.decisions:
            d.text, d.reason = mask(d.text) or "", mask(d.reason)
        v.actions = [a.copy() for a in v.actions]
        for a in v.actions:
            a.text = mask(a.text) or ""
    return v
