"""A realistic council's five years of records, generated from a fixed seed and stored through the real
``Repository.create_case`` (so the files, indexes and permissions are exactly what the app writes).

Shape (full size): 200 cases of 15 meetings each (3,000), 10 agenda items per meeting with 1–3 KB of notes
each, 150 actions per case on average (30,000) with their carried/done/dropped history, and placements,
wishes, interventions, peers and forums in proportion. Case ``BIG`` is the largest (the one a heavy user
would feel): 300 actions, a 30-item meeting whose minutes list all 300, and a live 10-item meeting with one
100 KB item.

Dates are relative to an anchor (the first of the current month), so overdue counts and alerts look like a
working council's whatever the month; the stored dataset is keyed on seed, size and anchor and reused while
they match. Figures that write run on a fresh copy, so every run starts from the same bytes.
"""

from __future__ import annotations

import dataclasses as dc
import json
import random
import shutil
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from bench.vocab import AGENCIES, FIRST, INTERVENTIONS, LAST, OUTCOMES, ROLES, TITLES, WORDS
from meetingtui.core.record.model import ITEM_KINDS, Case
from meetingtui.core.store.base import Repository
from meetingtui.core.store.files.repository import FileRepository

SEED = 20261126
ROOT = Path(__file__).resolve().parent / "data"
BIG = "BIG"
HUGE_ITEM = "k5"
EDIT_ITEM = "k2"
TZ = timezone(timedelta(hours=0))


@dc.dataclass(frozen=True)
class Size:
    cases: int = 200
    meetings: int = 15
    items: int = 10
    actions: int = 150  # the average per case; the total is cases × actions exactly
    big_actions: int = 300
    minutes_items: int = 30
    huge_note_bytes: int = 100_000

    @property
    def total_actions(self) -> int:
        return self.cases * self.actions

    @property
    def live_meeting(self) -> str:
        """The largest case's last meeting: in progress, 10 items, one of them ``huge_note_bytes`` long."""
        return f"M{self.meetings}"

    @property
    def minutes_meeting(self) -> str:
        """The largest case's long meeting (``minutes_items`` items) whose minutes list all its actions."""
        return f"M{self.meetings - 1}"


FULL = Size()
QUICK = Size(cases=40, actions=150)
TINY = Size(
    cases=3, meetings=4, items=10, actions=20, big_actions=30, minutes_items=12, huge_note_bytes=5_000
)


def anchor_date(today: date | None = None) -> date:
    """The first of the current month: dates move once a month, so a reused dataset stays current."""
    t = today or date.today()
    return t.replace(day=1)


class _Gen:
    """One case at a time from a shared random stream (so the whole dataset depends only on the seed)."""

    def __init__(self, size: Size, anchor: date, seed: int) -> None:
        self.size = size
        self.anchor = anchor
        self.rng = random.Random(seed)

    # ------------------------------------------------------------------------------------------ text
    def words(self, n: int) -> str:
        return " ".join(self.rng.choices(WORDS, k=n))

    def sentence(self, lo: int = 6, hi: int = 16) -> str:
        s = self.words(self.rng.randint(lo, hi))
        return s[0].upper() + s[1:] + "."

    def notes(self, nbytes: int) -> str:
        """Paragraphs of plain sentences, about ``nbytes`` long (what a minute-taker types)."""
        out: list[str] = []
        total = 0
        while total < nbytes:
            para = " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))
            out.append(para)
            total += len(para) + 1
        return "\n".join(out)[:nbytes].rstrip() + "."

    def name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def stamp(self, d: date, hour: int) -> str:
        return datetime(d.year, d.month, d.day, hour, self.rng.randint(0, 59), tzinfo=TZ).isoformat()

    # ---------------------------------------------------------------------------------------- records
    def people(self) -> list[dict[str, Any]]:
        agencies = ["Children's Services", "Safeguarding Unit", *self.rng.sample(AGENCIES[1:8], 5)]
        return [{"name": self.name(), "role": ROLES[a], "agency": a} for a in dict.fromkeys(agencies)]

    def items(self, n: int, *, notes: bool, huge: bool = False) -> list[dict[str, Any]]:
        kinds = [k for k in ITEM_KINDS if k not in ("notes", "reflection")]
        out = []
        for k in range(n):
            kind = kinds[k] if k < len(kinds) else self.rng.choice(("notes", "reflection", "interventions"))
            item: dict[str, Any] = {
                "key": f"k{k}",
                "title": TITLES[kind] if k < len(kinds) else f"{TITLES[kind]} ({k})",
                "timebox_minutes": self.rng.choice((5, 10, 15, 20)),
                "kind": kind,
                "prompts": [self.sentence() for _ in range(self.rng.randint(0, 2))],
            }
            if notes:
                size = self.size.huge_note_bytes if huge and item["key"] == HUGE_ITEM else None
                item["notes"] = self.notes(size or self.rng.randint(1000, 3000))
                if self.rng.random() < 0.25:
                    item["decisions"] = [
                        {"text": self.sentence(), "reason": self.sentence()}
                        | ({"dissent": self.sentence()} if self.rng.random() < 0.2 else {})
                    ]
                if self.rng.random() < 0.05:
                    item["restricted"] = True
            out.append(item)
        return out

    def meetings(self, cid: str, team: list[dict[str, Any]], big: bool) -> list[dict[str, Any]]:
        n = self.size.meetings
        span = 5 * 365
        start = self.anchor - timedelta(days=span)
        out = []
        for k in range(n):
            mid = f"M{k + 1}"
            day = start + timedelta(days=round(k * span / max(1, n - 1)) + self.rng.randint(-10, 10))
            day = min(day, self.anchor - timedelta(days=self.rng.randint(1, 20)))
            last = k == n - 1
            live = big and mid == self.size.live_meeting
            if live:
                status = "in progress"
            elif last:
                status = self.rng.choice(("draft", "approved", "approved"))
            else:
                status = "approved"
            chair = team[1]
            minute_taker = {"name": self.name(), "role": "Business support", "agency": "Children's Services"}
            attendees = [
                {**p, "attendance": self.rng.choice(("present", "present", "present", "apologies"))}
                for p in team
            ]
            for a in attendees:
                if a["attendance"] == "apologies":
                    a["reason"] = "Another commitment"
            n_items = self.size.minutes_items if big and mid == self.size.minutes_meeting else self.size.items
            m: dict[str, Any] = {
                "id": mid,
                "template": "professionals-meeting",
                "title": "Professionals meeting",
                "date": day.isoformat(),
                "start": "10:00",
                "location": "Town Hall room 2 and Teams",
                "chair": chair,
                "minute_taker": minute_taker,
                "status": status,
                "marking": "OFFICIAL-SENSITIVE",
                "attendees": attendees,
                "items": self.items(n_items, notes=True, huge=live),
                "version": 1,
                "history": [
                    {
                        "at": self.stamp(day - timedelta(days=21), 9),
                        "event": "scheduled",
                        "by": chair["name"],
                    },
                    {"at": self.stamp(day, 10), "event": "started", "by": chair["name"]},
                ],
            }
            if status in ("approved", "draft"):
                m["scale"] = self.rng.randint(2, 8)
                m["worries"] = self.sentence()
                m["working_well"] = self.sentence()
                m["needs_to_happen"] = self.sentence()
                m["next_meeting"] = (day + timedelta(days=120)).isoformat()
                m["started_at"] = self.stamp(day, 10)
                m["ended_at"] = self.stamp(day, 11)
                m["distribution"] = [p["name"] for p in team]
                m["history"].append({"at": m["ended_at"], "event": "ended", "by": chair["name"]})
                m["history"].append(
                    {
                        "at": self.stamp(day + timedelta(days=1), 9),
                        "event": "actions circulated",
                        "by": chair["name"],
                    }
                )
            if status == "approved":
                m["approved_at"] = self.stamp(day + timedelta(days=7), 15)
                m["approved_by"] = chair["name"]
                m["history"].append({"at": m["approved_at"], "event": "approved", "by": chair["name"]})
                if not last or self.rng.random() < 0.7:
                    m["history"].append(
                        {
                            "at": self.stamp(day + timedelta(days=8), 9),
                            "event": "minutes circulated",
                            "by": chair["name"],
                        }
                    )
            if live:
                m["started_at"] = self.stamp(self.anchor, 10)
                m["date"] = max(day, self.anchor - timedelta(days=1)).isoformat()
                m["current_item"] = "k0"
                m["current_since"] = m["started_at"]
            out.append(m)
        return out

    def actions(self, meetings: list[dict[str, Any]], team: list[dict[str, Any]], count: int, big: bool):
        """``count`` actions over the held meetings, with the history a review at each later meeting gives."""
        held = [m for m in meetings if m["status"] != "in progress"]
        if big:
            return self._big_actions(meetings, team, count)
        out = []
        for n in range(count):
            m = held[min(len(held) - 1, n * len(held) // count)]
            out.append(self._action(n + 1, m, meetings, team))
        return out

    def _action(self, n: int, m: dict[str, Any], meetings: list[dict[str, Any]], team: list[dict[str, Any]]):
        who = self.rng.choice(team)
        day = date.fromisoformat(m["date"])
        due = day + timedelta(days=self.rng.randint(14, 60))
        a: dict[str, Any] = {
            "id": f"A{n}",
            "meeting_id": m["id"],
            "item_key": self.rng.choice(m["items"])["key"],
            "text": self.sentence(5, 14),
            "owner": who["name"],
            "agency": who["agency"],
            "due": due.isoformat(),
            "status": "open",
        }
        later = [x for x in meetings if x["date"] > m["date"] and x["status"] != "in progress"]
        updates = []
        # Reviewed at the following meetings: usually done at the first, sometimes carried (a few drift).
        roll = self.rng.random()
        carries = 0 if roll < 0.75 else (1 if roll < 0.9 else self.rng.randint(2, 4))
        for x in later[: carries + 1]:
            xd = date.fromisoformat(x["date"])
            if len(updates) < carries:
                due = xd + timedelta(days=self.rng.randint(14, 45))
                updates.append(
                    {"date": x["date"], "meeting_id": x["id"], "status": "carried", "due": due.isoformat()}
                    | {"note": self.sentence(4, 10)}
                )
            else:
                final = self.rng.choices(("done", "dropped", "open"), (0.9, 0.06, 0.04))[0]
                if final != "open":
                    updates.append(
                        {
                            "date": xd.isoformat(),
                            "meeting_id": x["id"],
                            "status": final,
                            "note": self.sentence(3, 8),
                        }
                    )
                break
        if updates:
            a["updates"] = updates
            a["status"] = updates[-1]["status"]
        return a

    def _big_actions(self, meetings: list[dict[str, Any]], team: list[dict[str, Any]], count: int):
        """The largest case: a third agreed at the long meeting, the rest earlier and all reviewed there."""
        long = next(m for m in meetings if m["id"] == self.size.minutes_meeting)
        earlier = [m for m in meetings if m["date"] < long["date"] and m["id"] != long["id"]]
        agreed = count // 3
        out = []
        for n in range(count - agreed):
            m = earlier[n * len(earlier) // (count - agreed)]
            a = self._action(n + 1, m, [m], team)
            a.pop("updates", None)
            final = self.rng.choices(("done", "carried", "dropped"), (0.6, 0.3, 0.1))[0]
            upd: dict[str, Any] = {"date": long["date"], "meeting_id": long["id"], "status": final}
            if final == "carried":
                upd["due"] = (date.fromisoformat(long["date"]) + timedelta(days=30)).isoformat()
            a["updates"] = [upd | {"note": self.sentence(3, 8)}]
            a["status"] = final
            out.append(a)
        for n in range(count - agreed, count):
            out.append(self._action(n + 1, long, [long], team))
        return out

    def case(self, k: int, n_actions: int) -> dict[str, Any]:
        big = k == 0
        cid = BIG if big else f"C{k:04d}"
        team = self.people()
        meetings = self.meetings(cid, team, big)
        dob = self.anchor - timedelta(days=self.rng.randint(12 * 365, 17 * 365))
        placements = []
        day = self.anchor - timedelta(days=5 * 365 + 100)
        for p in range(self.rng.randint(2, 5)):
            nxt = day + timedelta(days=self.rng.randint(200, 600))
            ended = nxt < self.anchor
            move = self.rng.choice(("planned", "planned", "emergency"))
            placements.append(
                {
                    "id": f"P{p + 1}",
                    "start": day.isoformat(),
                    "end": nxt.isoformat() if ended else None,
                    "kind": self.rng.choice(("foster", "residential", "semi-independent")),
                    "provider": f"{self.rng.choice(LAST)} {self.rng.choice(('House', 'Lodge', 'family'))}",
                    "move": move,
                    "iro_notified": (day + timedelta(days=1)).isoformat(),
                    "review_held": (day + timedelta(days=18)).isoformat(),
                    "wishes_considered": True,
                    "relationships_impact": self.sentence(),
                }
            )
            if not ended:
                break
            day = nxt
        wishes = [
            {
                "date": (date.fromisoformat(m["date"]) - timedelta(days=7)).isoformat(),
                "recorded_by": team[0]["name"],
                "how": "in person",
                "text": self.sentence(8, 20),
            }
            for m in meetings
            if self.rng.random() < 0.8
        ]
        interventions = []
        for n, (name, cat) in enumerate(self.rng.sample(INTERVENTIONS, self.rng.randint(3, 7))):
            began = self.anchor - timedelta(days=self.rng.randint(60, 5 * 365))
            interventions.append(
                {
                    "id": f"I{n + 1}",
                    "name": name,
                    "category": cat,
                    "agency": self.rng.choice(AGENCIES),
                    "started": began.isoformat(),
                    "ended": (began + timedelta(days=self.rng.randint(30, 300))).isoformat(),
                    "outcome": self.rng.choice(OUTCOMES),
                    "evidence": self.sentence(),
                }
            )
        peers = [
            {
                "id": f"F{n + 1}",
                "label": f"{self.rng.choice(FIRST)[0]}.{self.rng.choice(LAST)[0]}.",
                "relationship": self.sentence(3, 6),
                "significance": self.sentence(),
                "risks": self.sentence(),
                "reliability": self.rng.choice(("confirmed", "reported", "suspected")),
                "contact_plan": {
                    "arrangement": self.sentence(4, 8),
                    "review_by": (self.anchor + timedelta(days=self.rng.randint(-20, 90))).isoformat(),
                },
            }
            for n in range(self.rng.randint(2, 5))
        ]
        forums = [
            {
                "id": f"G{n + 1}",
                "name": name,
                "agency": agency,
                "next_date": (self.anchor + timedelta(days=self.rng.randint(-5, 60))).isoformat(),
            }
            for n, (name, agency) in enumerate(
                self.rng.sample(
                    [
                        ("LAC review", "Safeguarding Unit"),
                        ("YOT risk panel", "YOT"),
                        ("MACE", "Police"),
                        ("PEP", "Education"),
                    ],
                    self.rng.randint(2, 4),
                )
            )
        ]
        return {
            "id": cid,
            "name": f"{self.rng.choice(FIRST)[0]}.{self.rng.choice(LAST)[0]}. ({cid})",
            "date_of_birth": dob.isoformat(),
            "legal_status": "Section 20",
            "lead_professional": {k: team[0][k] for k in ("name", "role", "agency")},
            "challenge_rights_explained": (
                self.anchor - timedelta(days=self.rng.randint(10, 400))
            ).isoformat(),
            "notes": self.sentence(),
            "placements": placements,
            "wishes": wishes,
            "interventions": interventions,
            "peers": peers,
            "forums": forums,
            "meetings": meetings,
            "actions": self.actions(meetings, team, n_actions, big),
        }


def action_counts(size: Size, rng: random.Random) -> list[int]:
    """Per-case action counts: the largest case first, the others varying around the average, summing to
    exactly ``cases × actions``."""
    total = size.total_actions
    rest = size.cases - 1
    if rest <= 0:
        return [total]
    base = (total - size.big_actions) / rest
    counts = [max(1, round(base * rng.uniform(0.7, 1.3))) for _ in range(rest)]
    diff = total - size.big_actions - sum(counts)
    for n in range(abs(diff)):
        counts[n % rest] += 1 if diff > 0 else -1
    return [size.big_actions, *counts]


def case_dicts(size: Size, anchor: date, seed: int = SEED):
    """The dataset's case dicts, one at a time (in the case-file shape)."""
    gen = _Gen(size, anchor, seed)
    for k, n in enumerate(action_counts(size, random.Random(seed + 1))):
        yield gen.case(k, n)


def _key(size: Size, anchor: date, seed: int) -> dict[str, Any]:
    return {"seed": seed, "size": dc.asdict(size), "anchor": anchor.isoformat(), "generator": 1}


@dc.dataclass(frozen=True)
class Dataset:
    root: Path  # the pristine data folder (never written by a figure)
    size: Size
    anchor: date
    generated_seconds: float | None  # None: reused from an earlier run

    def fresh_copy(self, where: Path) -> Path:
        """A copy figures may write to, so every run measures the same bytes."""
        if where.exists():
            shutil.rmtree(where)
        shutil.copytree(self.root, where, symlinks=False)
        return where


def ensure(size: Size, *, seed: int = SEED, root: Path = ROOT, today: date | None = None) -> Dataset:
    """The stored dataset for this seed, size and month: reused if present and complete, else generated."""
    anchor = anchor_date(today)
    key = _key(size, anchor, seed)
    folder = root / f"{'full' if size == FULL else 'quick' if size == QUICK else 'custom'}-{seed}"
    stamp = folder / "dataset.json"
    data = folder / "data"
    if stamp.exists():
        try:
            if json.loads(stamp.read_text()) == key:
                return Dataset(data, size, anchor, None)
        except (OSError, ValueError):
            pass
    if folder.exists():
        shutil.rmtree(folder)
    t0 = time.perf_counter()
    write(data, size, anchor, seed)
    stamp.write_text(json.dumps(key, indent=1))
    return Dataset(data, size, anchor, time.perf_counter() - t0)


def write(data: Path, size: Size, anchor: date, seed: int = SEED) -> Repository:
    """Store every case through the app's own repository (the same files, index and permissions)."""
    repo = FileRepository(data)
    for raw in case_dicts(size, anchor, seed):
        repo.create_case(Case.from_dict(raw))
    return repo
