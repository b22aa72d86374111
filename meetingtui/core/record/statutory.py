"""The facts the statutory clocks read: notices of a placement starting or ending, the social worker's visits,
and the reviews of the care plan (Care Planning, Placement and Case Review (England) Regulations 2010).

Kept apart from :mod:`.model` because they are recorded between meetings by whoever holds the case, and the
clocks in :mod:`meetingtui.core.rules.clocks` are their only reader.
"""

from __future__ import annotations

from datetime import date

from meetingtui.core.record.fields import Record, record


@record
class Notification(Record):
    """A written notice that a placement starts or ends (regs 13 and 14), to whom and when."""

    to: str
    about: str | None = None
    date: date
    by: str | None = None
    note: str | None = None


@record
class Visit(Record):
    """A statutory visit by the social worker (reg 28)."""

    date: date
    by: str | None = None
    placement_id: str | None = None
    seen_alone: bool | None = None
    note: str | None = None


@record
class ReviewRequest(Record):
    """The IRO asking for a review earlier than the timetable (reg 33)."""

    date: date
    by: str | None = None
    reason: str | None = None


@record
class Review(Record):
    """A review of the care plan chaired by the IRO (reg 33). ``review_held`` on a placement counts too."""

    date: date
    by: str | None = None
    note: str | None = None
