"""The calendar invitation: valid RFC 5545 (CRLF, folding, escaping) and nothing sensitive in it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from meetingtui.core.config.settings import Settings
from meetingtui.core.exports.ics import escape, fold, meeting_ics
from meetingtui.core.record.model import Case, Item, Meeting, Person
from tests import factory as f

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def parse(data: bytes) -> list[tuple[str, str]]:
    """Unfold and split content lines into (name-with-params, value), checking the physical format."""
    assert data.endswith(b"\r\n")
    physical = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in p and b"\r" not in p for p in physical)
    assert all(len(p) <= 75 for p in physical)
    logical: list[bytes] = []
    for p in physical:
        if p.startswith(b" "):
            logical[-1] += p[1:]
        else:
            logical.append(p)
    out = []
    for line in logical:
        text = line.decode("utf-8")  # folding never splits a character
        name, _, value = text.partition(":")
        out.append((name, value))
    return out


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def event(data: bytes) -> dict[str, str]:
    lines = parse(data)
    start = lines.index(("BEGIN", "VEVENT"))
    end = lines.index(("END", "VEVENT"))
    return dict(lines[start + 1 : end])


def _case() -> tuple[Case, Meeting]:
    m = f.meeting(
        "M3",
        date(2026, 12, 10),
        status="scheduled",
        start="10:30",
        location="Town Hall, room 2; then Teams\\backup",
        chair=Person(name="Jo Marsh", email="jo@example.org"),
        title="Professionals meeting for Riley Morgan",
        items=[
            Item(key="a", title="Riley's wishes", timebox_minutes=20, notes="Riley said secret things"),
            Item(
                key="b", title="Peers: K.B.", timebox_minutes=25, restricted=True, notes="Police intelligence"
            ),
        ],
    )
    c = f.case(id="C-0427", name="Riley Morgan", peers=[f.peer(None)], meetings=[m])
    return c, m


def test_structure_and_times() -> None:
    c, m = _case()
    data = meeting_ics(c, m, Settings(user="t"), now=NOW)
    lines = parse(data)
    assert lines[0] == ("BEGIN", "VCALENDAR") and lines[-1] == ("END", "VCALENDAR")
    assert ("VERSION", "2.0") in lines
    assert ("TZID", "Europe/London") in lines  # the VTIMEZONE the DTSTART refers to
    ev = event(data)
    assert ev["UID"] == "C-0427.M3@meetingtui"
    assert ev["DTSTAMP"] == "20261126T093000Z"
    assert ev["DTSTART;TZID=Europe/London"] == "20261210T103000"
    assert ev["DURATION"] == "PT45M"  # the agenda's planned minutes
    assert unescape(ev["LOCATION"]) == "Town Hall, room 2; then Teams\\backup"
    assert ev["LOCATION"] == "Town Hall\\, room 2\\; then Teams\\\\backup"


def test_uid_is_stable_and_dtstamp_moves() -> None:
    c, m = _case()
    a = event(meeting_ics(c, m, Settings(user="t"), now=NOW))
    b = event(meeting_ics(c, m, Settings(user="t"), now=datetime(2026, 12, 1, tzinfo=UTC)))
    assert a["UID"] == b["UID"] and a["DTSTAMP"] != b["DTSTAMP"]


def test_nothing_sensitive_in_the_invite() -> None:
    c, m = _case()
    data = meeting_ics(c, m, Settings(user="t"), now=NOW)
    text = data.decode("utf-8")
    for secret in ("Riley", "Morgan", "secret", "K.B.", "Police", "intelligence", "wishes", "A.B."):
        assert secret not in text, secret
    ev = event(data)
    assert unescape(ev["SUMMARY"]) == "Professionals meeting (case C-0427)"
    assert unescape(ev["DESCRIPTION"]) == "Case C-0427. Agenda and papers from the chair."
    assert ev["CLASS"] == "PRIVATE"


def test_default_duration_and_all_day_without_a_time() -> None:
    c, m = _case()
    m.items = []
    assert event(meeting_ics(c, m, Settings(user="t"), now=NOW))["DURATION"] == "PT90M"
    m.start = None
    data = meeting_ics(c, m, Settings(user="t"), now=NOW)
    ev = event(data)
    assert ev["DTSTART;VALUE=DATE"] == "20261210" and ev["DTEND;VALUE=DATE"] == "20261211"
    assert ("BEGIN", "VTIMEZONE") not in parse(data)


def test_folding_long_and_non_ascii_lines() -> None:
    line = "LOCATION:" + escape("Salle de réunion « Éléonore », bâtiment C; " * 5)
    raw = fold(line)
    physical = raw.split(b"\r\n")[:-1]
    assert len(physical) > 1 and all(len(p) <= 75 for p in physical)
    assert all(p.startswith(b" ") for p in physical[1:])
    assert b"".join(p[1:] if n else p for n, p in enumerate(physical)).decode("utf-8") == line
    assert fold("SHORT:x") == b"SHORT:x\r\n"


def test_escape() -> None:
    assert escape("a,b;c\\d\ne\r\nf\x07g\th") == "a\\,b\\;c\\\\d\\ne\\nfg h"


def test_long_location_round_trips() -> None:
    c, m = _case()
    m.location = "Multi-agency safeguarding hub, Civic Centre, 1 Long Street, Northtown, NT1 1AA — ground floor, room G.14"
    ev = event(meeting_ics(c, m, Settings(user="t"), now=NOW))
    assert unescape(ev["LOCATION"]) == m.location
