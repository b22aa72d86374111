"""Restricted content and the peer map are readable only by the case's team, enforced by the database (schema
step 6). Each test logs in as a role and tries, with plain SQL and through the app, to read what it must not.

The case is the demo with every kind of finer restriction added, each holding the word SECRET: a restricted
paragraph, decision and Signs of Safety line, a forum's restricted notes, a restricted action of another agency,
a disclosure decision quoting a passage and a peer's initials. The demo already has a restricted item (M1's peer
group item, naming both peers) with two actions agreed under it, one of them the Police's, and the peer map
(relabelled here so its labels appear nowhere else). The police's own actions stay theirs to see, marked
restricted, though one was agreed under the restricted item."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from textual.widgets import DataTable, Static, TabbedContent, TextArea

from meetingtui.cli import main
from meetingtui.core.meeting.actions import record_disposition
from meetingtui.core.record.demo import demo_case
from meetingtui.core.record.model import Case
from meetingtui.core.search.scan import search
from meetingtui.core.store.files.stored import agreed_in, case_dict, split_summary
from meetingtui.core.store.postgres import schema
from meetingtui.core.store.postgres.repository import PostgresRepository
from meetingtui.core.workspace import Workspace
from meetingtui.ui.app import make_app
from meetingtui.ui.screens.case import CaseScreen
from meetingtui.ui.screens.meeting import MeetingScreen
from tests.pg import Server
from tests.test_store_postgres import at_format, grant_member

CASE = "DEMO-1"
TODAY = date(2026, 11, 26)
# The peer map's labels, used nowhere else in the case: the demo's open notes name its peers too (R.K.), as a
# chair may write them; the disclosure check, not the database, asks about initials in open text.
PEERS = ("Q.Z.", "X.W.")
OWN_RESTRICTED = ("A3", "A6")  # the Police's: under the restricted item, and restricted itself


def secret_case() -> Case:
    d = demo_case(TODAY).to_dict()
    for peer, label in zip(d["peers"], PEERS, strict=True):
        peer["label"] = label
    m2 = next(m for m in d["meetings"] if m["id"] == "M2")
    item = next(i for i in m2["items"] if i["key"] == "placement")
    # NULs pasted in (json keeps them; PostgreSQL's json functions choke on them unless the server works round).
    item["notes"] = (item.get("notes") or "") + "\nOpen text with a NUL\x00 pasted in"
    item["restricted_notes"] = "SECRET paragraph: the informant's account\x00 (a NUL pasted in)"
    item["decisions"] = [
        {"text": "Open decision: keep the placement"},
        {"text": "SECRET decision: refer to MACE", "restricted": True},
    ]
    m2["restricted_worries"] = "SECRET worry line"
    m2["disclosure_decisions"] = [
        {
            "where": "placement/notes",
            "text": "SECRET passage the chair restricted",
            "hit": PEERS[0],
            "decision": "restrict",
            "by": "chair",
            "at": "2026-11-11T10:00:00+00:00",
        }
    ]
    d["forums"][0]["restricted_notes"] = "SECRET forum note"
    base = {"meeting_id": "M2", "item_key": "placement", "due": "2026-12-01", "status": "open"}
    d["actions"] += [
        {**base, "id": "A5", "text": "SECRET action", "owner": "Sam Lee", "agency": "Safeguarding Unit",
         "restricted": True},
        {**base, "id": "A6", "text": "Police's own restricted action", "owner": "PC Owen Reid",
         "agency": "Police", "restricted": True},
    ]  # fmt: skip
    return Case.from_dict(d)


def owned_db(pg_server: Server) -> tuple[str, str, str]:
    """A database owned by a login that is not a superuser (as docs/team.md deploys it): its name, the
    owner's URL, a superuser's URL."""
    tag = uuid.uuid4().hex[:6]
    owner, db = f"owner_{tag}", f"shared_{tag}"
    pg_server.admin(f"create role {owner} login")
    pg_server.admin(f"create database {db} owner {owner}")
    return tag, pg_server.url(db, user=owner), pg_server.url(db)


def share(pg_server: Server, tag: str, owner: str, admin: str) -> dict[str, str]:
    """The team (writes), the police (read only, agency Police), youth justice (read only, no agency)."""
    db = admin.split("@/", 1)[1].split("?", 1)[0]
    names = {k: f"{k}_{tag}" for k in ("team", "police", "yot")}
    urls = {"owner": owner, "admin": admin}
    for k, role in names.items():
        grant_member(admin, role, login=False)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"grant execute on function meetingtui_agency_save(text, bigint, json) to {role}")
        grant_member(admin, f"{k}_user_{tag}", member_of=role)
        urls[k] = pg_server.url(db, user=f"{k}_user_{tag}")
    with psycopg.connect(owner, autocommit=True) as conn:
        conn.execute(
            "insert into case_access (case_id, grantee, can_write, agency) values "
            "(%s, %s, true, null), (%s, %s, false, 'Police'), (%s, %s, false, null)",
            (CASE, names["team"], CASE, names["police"], CASE, names["yot"]),
        )
    return urls


@pytest.fixture
def roles(pg_server: Server) -> dict[str, str]:
    tag, owner, admin = owned_db(pg_server)
    PostgresRepository(owner, listen=False).create_case(secret_case())
    return share(pg_server, tag, owner, admin)


def without_own(text: str, data: dict[str, Any]) -> str:
    """``text`` with the police's own actions' texts taken out (theirs to read, though restricted)."""
    for a in data["actions"].values() if isinstance(data.get("actions"), dict) else data.get("actions", []):
        if a["id"] in OWN_RESTRICTED:
            text = text.replace(json.dumps(a["text"]), "")
    return text


def assert_nothing_restricted(text: str) -> None:
    assert "SECRET" not in text
    for peer in PEERS:
        assert peer not in text
    for phrase in (
        "Peer group and managed contact",  # the restricted item's title
        "Police intelligence",  # its notes
        "Agree a managed contact plan",  # an action of another agency agreed under it (A2)
        "vehicle theft",  # the peer map: a peer's risks, significance, contact plan
        "a sense of belonging",
        "no overnight stays",
    ):
        assert phrase not in text


def every_text(conn: psycopg.Connection[Any]) -> str:
    """Everything a login can get out of the tables and the step-6 functions, as text."""
    out = []
    for table in ("cases", "case_access", "audit", "meetingtui_schema"):
        out += [json.dumps(r, default=str) for r in conn.execute(f"select * from {table}").fetchall()]
    for fn in (
        "meetingtui_shared_ids()",
        "meetingtui_shared_summaries()",
        f"meetingtui_shared_case('{CASE}')",
    ):
        out += [json.dumps(r, default=str) for r in conn.execute(f"select * from {fn}").fetchall()]
    return "\n".join(out)


# ------------------------------------------------------------------------------------- plain SQL as the login


@pytest.mark.parametrize("who", ["police", "yot"])
def test_a_read_only_grantee_gets_no_restricted_text_nor_peer_out_of_the_database(
    roles: dict[str, str], who: str
) -> None:
    with psycopg.connect(roles[who], autocommit=True) as conn:
        assert conn.execute("select count(*) from cases").fetchone()[0] == 0  # not the row itself
        conn.execute("set meetingtui.shared_read = 'on'")  # the functions' flag opens nothing by hand
        assert conn.execute("select count(*) from cases").fetchone()[0] == 0
        conn.execute("set meetingtui.agency_save = 'on'")
        assert conn.execute("select count(*) from cases").fetchone()[0] == 0
        conn.execute("reset all")
        ((version, data),) = conn.execute("select version, data from meetingtui_shared_case(%s)", (CASE,))
        assert version == 1 and data["actions"]  # the case is there, redacted
        text = every_text(conn)
    assert CASE in text
    assert_nothing_restricted(without_own(text, data))
    own = {a["id"] for a in data["actions"].values()} & set(OWN_RESTRICTED)
    assert own == (set(OWN_RESTRICTED) if who == "police" else set())


def test_the_team_reads_everything(roles: dict[str, str]) -> None:
    with psycopg.connect(roles["team"], autocommit=True) as conn:
        (text,) = conn.execute(
            "select meetingtui_document(id, data)::text from cases where id = %s", (CASE,)
        ).fetchone()
        assert conn.execute("select count(*) from meetingtui_shared_case(%s)", (CASE,)).fetchone()[0] == 0
    for word in ("SECRET paragraph", "SECRET decision", "SECRET worry", "SECRET forum", "SECRET action",
                 "SECRET passage", "Police intelligence", *PEERS):  # fmt: skip
        assert word in text
    team = PostgresRepository(roles["team"], listen=False)
    assert team.export_dict(CASE) == secret_case().to_dict()


def test_the_redacted_summary_is_what_the_app_would_derive_from_the_redacted_document(
    roles: dict[str, str],
) -> None:
    """The server redacts the document and its summary columns apart: they must agree, or home and the case
    screen would tell different stories."""
    with psycopg.connect(roles["police"], autocommit=True) as conn:
        ((data, summary, closed, agreed),) = conn.execute(
            "select data, summary, closed, agreed_in from meetingtui_shared_case(%s)", (CASE,)
        )
        listed = conn.execute("select id, summary from meetingtui_shared_summaries()").fetchall()
    want_summary, want_closed = split_summary(case_dict(data))
    assert (summary, closed, agreed) == (want_summary, want_closed, agreed_in(case_dict(data)))
    assert listed == [(CASE, summary)]


# ------------------------------------------------------------------------------------- the app as the login


def test_the_app_as_an_agency_shows_the_case_without_them_and_its_own_actions_marked(
    roles: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    police = PostgresRepository(roles["police"], listen=False)
    assert police.case_ids() == [CASE] and police.has_case(CASE)
    case = police.load_case(CASE)
    exported = police.export_dict(CASE)
    assert case.peers == [] and not any(f.restricted_notes for f in case.forums)
    assert [i.key for i in case.meeting("M1").items if i.restricted] == []
    own = {a.id: a for a in case.actions if a.id in OWN_RESTRICTED}
    assert set(own) == set(OWN_RESTRICTED) and all(a.restricted for a in own.values())
    assert own["A3"].item_key is None  # its item stays hidden
    text = (
        json.dumps(exported)
        + json.dumps(police.summary_raw(CASE))
        + json.dumps(police.closed_actions_raw(CASE))
    )
    text += json.dumps([e.summary.to_dict() for e in police.entries() if e.summary])
    assert_nothing_restricted(without_own(text, {"actions": exported["actions"]}))
    assert search(police, "SECRET", include_restricted=True) == []
    assert search(police, PEERS[0], include_restricted=True) == []
    assert main(["export-case", CASE, "-o", "-", "--store", roles["police"]]) == 0
    out = capsys.readouterr().out
    assert_nothing_restricted(without_own(out, {"actions": exported["actions"]}))


def test_an_agencys_search_index_holds_only_what_it_may_read_and_forgets_an_unshared_case(
    roles: dict[str, str], tmp_path: Path
) -> None:
    """The team store's search index is kept on the reader's machine, built from the documents that login
    reads: an agency's holds its redacted copy only (nothing restricted, no peer map, even asked for the
    restricted view), and a case no longer shared with it is gone from the file at its next search."""
    import sqlite3

    folder = tmp_path / "index"
    police = PostgresRepository(roles["police"], listen=False, index_dir=folder)
    assert police.search("SECRET", include_restricted=True).total == 0
    assert police.search(PEERS[0], include_restricted=True).total == 0
    assert police.search("Police's own restricted action", include_restricted=True).total == 1
    assert police.search("placement").total > 0
    (path,) = folder.glob("team-*.sqlite3")
    with sqlite3.connect(path) as db:
        stored = "\n".join(r[0] for r in db.execute("select text from fields"))
    assert_nothing_restricted(without_own(stored, police.export_dict(CASE)))
    team = PostgresRepository(roles["team"], listen=False, index_dir=folder)
    assert team.search("SECRET", include_restricted=True).total > 0  # the team's own index, its own file
    assert team.search("SECRET").total == 0  # restricted text only when asked for
    assert len(list(folder.glob("team-*.sqlite3"))) == 2
    with psycopg.connect(roles["owner"], autocommit=True) as conn:
        conn.execute("delete from case_access where grantee like 'police%%'")
    assert police.search("placement").total == 0
    with sqlite3.connect(path) as db:
        assert db.execute("select count(*) from fields").fetchone()[0] == 0


def test_an_agency_following_a_live_meeting_is_not_told_the_chair_is_on_a_restricted_item(
    roles: dict[str, str],
) -> None:
    """The live meeting stores the item the chair is on, for followers; on the restricted item an agency's
    copy has no current item at all (its key, ``peers``, and the time it began would say what is being
    discussed), and on an open item it has that item, as the team's has."""
    from meetingtui.core.meeting.lifecycle import edit_meeting, go_to_item

    team = PostgresRepository(roles["team"], listen=False)
    police = PostgresRepository(roles["police"], listen=False)

    def restrict(m):  # type: ignore[no-untyped-def]
        m.item("actions").restricted = True
        return m

    edit_meeting(team, CASE, "M2", restrict)
    go_to_item(team, CASE, "M2", "actions")
    assert team.load_meeting(CASE, "M2").current_item == "actions"
    hidden = police.load_meeting(CASE, "M2")
    assert hidden.current_item is None and hidden.current_since is None
    assert "actions" not in [i.key for i in hidden.items]
    with psycopg.connect(roles["police"], autocommit=True) as conn:
        ((data,),) = conn.execute("select data from meetingtui_shared_case(%s)", (CASE,))
    m2 = next(m for m in data["meetings"].values() if m["id"] == "M2")
    assert "current_item" not in m2 and '"actions"' not in json.dumps(m2)
    go_to_item(team, CASE, "M2", "placement")
    assert police.load_meeting(CASE, "M2").current_item == "placement"


def test_an_agency_updates_its_own_actions_and_the_restricted_parts_stay_whole(roles: dict[str, str]) -> None:
    before = PostgresRepository(roles["admin"], listen=False).export_dict(CASE)
    police = PostgresRepository(roles["police"], listen=False)
    record_disposition(police, CASE, "A3", "done", on=TODAY, note="Cleared and shared\x00")
    record_disposition(police, CASE, "A6", "done", on=TODAY, note="Done as agreed")
    after = PostgresRepository(roles["team"], listen=False).export_dict(CASE)
    for aid in OWN_RESTRICTED:
        a, b = (next(x for x in d["actions"] if x["id"] == aid) for d in (after, before))
        assert a["status"] == "done" and a["updates"][:-1] == b.get("updates", [])
        assert a["updates"][-1]["note"] == ("Cleared and shared\x00" if aid == "A3" else "Done as agreed")
        assert {k: v for k, v in a.items() if k not in ("status", "updates")} == {
            k: v for k, v in b.items() if k not in ("status", "updates")
        }  # its item and restriction as stored, not as the police saw them
    rest = {k: v for k, v in after.items() if k != "actions"}
    assert rest == {k: v for k, v in before.items() if k != "actions"}
    assert [a for a in after["actions"] if a["id"] not in OWN_RESTRICTED] == [
        a for a in before["actions"] if a["id"] not in OWN_RESTRICTED
    ]
    team = PostgresRepository(roles["team"], listen=False)  # the derived columns hold every action still
    assert {a["id"] for a in team.closed_actions_raw(CASE)} >= {"A1", "A3", "A6"}
    assert "A5" in {a.id for a in team.summary(CASE).actions}


def test_a_crafted_save_cannot_wipe_nor_reach_the_restricted_parts(roles: dict[str, str]) -> None:
    with psycopg.connect(roles["police"], autocommit=True) as conn:
        ((version, data),) = conn.execute("select version, data from meetingtui_shared_case(%s)", (CASE,))
        for change in (
            lambda d: d["case"]["1"].__setitem__("peers", []),  # "no peers" is not theirs to say
            lambda d: d["meetings"]["2"].__setitem__("restricted_worries", None),
            lambda d: d["actions"].__setitem__("5", {**d["actions"]["4"], "id": "A5"}),  # a withheld one
        ):
            doc = json.loads(json.dumps(data))
            change(doc)
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="nothing else"):
                conn.execute(
                    "select meetingtui_agency_save(%s, %s, %s::json)", (CASE, version, json.dumps(doc))
                )
    full = PostgresRepository(roles["team"], listen=False).export_dict(CASE)
    assert full == secret_case().to_dict()


async def shown(tmp_path: Path, url: str) -> str:
    """What the case screen (actions and record tabs included) and both meetings show to ``url``'s login."""
    ws = Workspace.open(store=url, data=tmp_path / "d", config=tmp_path / "c", exports=tmp_path / "e")
    ws.today_override = TODAY
    out = []
    for screen in (
        CaseScreen(CASE),
        MeetingScreen(CASE, "M1"),
        MeetingScreen(CASE, "M2", item_key="placement"),
    ):
        app = make_app(ws, start_screen=screen)
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause(0.3)
            for tab in ("tab-actions", "tab-record") if isinstance(screen, CaseScreen) else ():
                app.screen.query_one("#case-tabs", TabbedContent).active = tab
                await pilot.pause(0.2)
            out += [str(w.content) for w in app.screen.query(Static)]
            out += [w.text for w in app.screen.query(TextArea)]
            for table in app.screen.query(DataTable):
                out += [str(table.get_row_at(n)) for n in range(table.row_count)]
    return "\n".join(out)


async def test_the_terminal_app_as_the_police_shows_nothing_restricted(
    tmp_path: Path, roles: dict[str, str]
) -> None:
    team = await shown(tmp_path / "team", roles["team"])
    assert PEERS[0] in team and "Agree a managed contact plan" in team  # what is looked at holds them
    text = await shown(tmp_path / "police", roles["police"])
    assert "Share intelligence on A.M." in text  # their own action, shown
    assert_nothing_restricted(text.replace("Share intelligence on A.M.", ""))


# ------------------------------------------------------------------------------------- the migration


def test_a_database_at_format_5_is_upgraded_and_the_agency_loses_the_restricted_parts(
    pg_server: Server,
) -> None:
    tag, owner, admin = owned_db(pg_server)
    case = secret_case()
    data = case.to_dict(internal=True)
    meetings, actions = data.pop("meetings"), data.pop("actions")
    doc = {
        "case": {"1": data},
        "meetings": {str(n): m for n, m in enumerate(meetings, 1)},
        "actions": {str(n): a for n, a in enumerate(actions, 1)},
        "meta": {"1": {"schema_version": 3, "case_id": CASE}},
    }
    summary, closed = split_summary(case_dict(doc))
    with psycopg.connect(owner, autocommit=True) as conn:
        at_format(conn, 5)
        conn.execute(
            "insert into cases (id, data, summary, closed, agreed_in) values (%s, %s, %s, %s, %s)",
            (
                CASE,
                json.dumps(doc),
                json.dumps(summary),
                json.dumps(closed),
                json.dumps(agreed_in(case_dict(doc))),
            ),
        )
    urls = share(pg_server, tag, owner, admin)
    with psycopg.connect(urls["police"], autocommit=True) as conn:  # the gap step 6 closes
        assert "SECRET" in conn.execute("select data::text from cases").fetchone()[0]
    assert PostgresRepository(owner, listen=False).schema_version == schema.CURRENT
    with psycopg.connect(urls["police"], autocommit=True) as conn:
        assert conn.execute("select count(*) from cases").fetchone()[0] == 0
        ((data6,),) = conn.execute("select data from meetingtui_shared_case(%s)", (CASE,))
    assert_nothing_restricted(without_own(json.dumps(data6), data6))
    police = PostgresRepository(urls["police"], listen=False)
    record_disposition(police, CASE, "A3", "done", on=TODAY, note="after the upgrade")
    assert (
        PostgresRepository(urls["team"], listen=False).export_dict(CASE)["peers"] == case.to_dict()["peers"]
    )
