"""Settling the disclosure check in tests that are about something else (layout, files, properties): every
passage of an outside reader's version is allowed, as a chair who had read them all would."""

from __future__ import annotations

from meetingtui.core.config.settings import Settings
from meetingtui.core.exports.minutes import build_minutes
from meetingtui.core.exports.minutes.readers import OUTSIDE
from meetingtui.core.exports.minutes.settle import Unsettled
from meetingtui.core.record.model import Case, DisclosureDecision
from meetingtui.core.workspace import Workspace


def allow_all(case: Case, meeting_id: str, reader: str, settings: Settings) -> Case:
    """Record an "allow" for every passage the check stops on (in place; returns the case)."""
    if reader not in OUTSIDE:
        return case
    meeting = case.meeting(meeting_id)
    assert meeting is not None
    for _ in range(5):
        try:
            build_minutes(case, meeting_id, reader=reader, settings=settings)
            return case
        except Unsettled as exc:
            for h in exc.hits:
                meeting.disclosure_decisions += [
                    DisclosureDecision(
                        where=h.where,
                        text=h.text,
                        hit=w,
                        decision="allow",
                        reader=reader,
                        by="Test chair",
                        at="2026-11-26T10:00:00+00:00",
                    )
                    for w in h.hits
                ]
    raise AssertionError("the check did not settle")


def allow_all_stored(
    ws: Workspace, case_id: str, meeting_id: str, readers: tuple[str, ...] = OUTSIDE
) -> None:
    case = ws.repo.load_case(case_id)
    for r in readers:
        allow_all(case, meeting_id, r, ws.settings)
    with ws.repo.transaction(case_id) as tx:
        tx.put_meeting(case.meeting(meeting_id))  # type: ignore[arg-type]
