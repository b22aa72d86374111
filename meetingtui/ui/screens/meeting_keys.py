"""The meeting screen's own keys, kept apart from the screen so each module stays small.

Most carry ``priority=True`` because the notes editor and the capture line would otherwise swallow them; ``i``
is priority too so it reaches the notes from anywhere (no capture starts with "i").
"""

from __future__ import annotations

from textual.binding import Binding

from meetingtui.ui.screens.meeting_extras import EXTRA_BINDINGS

MEETING_BINDINGS = [
    Binding("ctrl+down", "next_item", "Next", id="meeting.next", tooltip="Next agenda item", priority=True),
    Binding("ctrl+up", "prev_item", "Prev", id="meeting.prev", tooltip="Previous agenda item", priority=True),
    Binding(
        "ctrl+l",
        "capture",
        "Capture",
        id="meeting.capture",
        tooltip="Capture line: a: action, d: decision, n: note, present+ …",
        priority=True,
    ),
    Binding(
        "ctrl+t",
        "new_action",
        "Action",
        id="meeting.action",
        tooltip="Add an action (owner, due date, what)",
        priority=True,
    ),
    Binding(
        "ctrl+o",
        "new_decision",
        "Decision",
        id="meeting.decision",
        tooltip="Record a decision with reason and dissent",
        priority=True,
    ),
    Binding(
        "ctrl+g",
        "attendance",
        "People",
        id="meeting.attendance",
        tooltip="Attendance: present, apologies, absent, late, left",
        priority=True,
    ),
    Binding(
        "ctrl+r",
        "room_view",
        "Share",
        id="meeting.room",
        tooltip="Shared-screen view for the room",
        priority=True,
    ),
    Binding("s", "start", "Start", id="meeting.start", tooltip="Start the meeting"),
    Binding("e", "end", "End", id="meeting.end", tooltip="End the meeting (minutes become a draft)"),
    Binding(
        "x",
        "toggle_restricted",
        "Restrict",
        id="meeting.restrict",
        tooltip="Restrict this item (not in family minutes or on the shared screen)",
    ),
    Binding(
        "X",
        "restrict_part",
        "Restrict part",
        id="meeting.restrict_part",
        show=False,
        tooltip="Restrict one paragraph, decision, action, Signs of Safety line or forum's notes",
    ),
    Binding("u", "undo", "Undo", id="meeting.undo", show=False, tooltip="Undo the last capture"),
    Binding(  # priority: from an empty capture line too (no capture starts with "i")
        "i",
        "edit_notes",
        "Notes",
        id="meeting.notes",
        show=False,
        tooltip="Type notes for this item",
        priority=True,
    ),
    Binding(
        "k",
        "edit_sos",
        "Scale",
        id="meeting.sos",
        show=False,
        tooltip="Signs of Safety columns, scale and next meeting date",
    ),
    Binding(
        "c",
        "catalogue",
        "Catalogue",
        id="meeting.catalogue",
        show=False,
        tooltip="Browse the catalogue of national and local interventions",
    ),
    Binding(
        "w",
        "write_minutes",
        "Minutes",
        id="meeting.minutes",
        show=False,
        tooltip="Write the Word minutes",
    ),
    Binding(
        "f",
        "ask_correction",
        "Correction asked",
        id="meeting.ask_correction",
        show=False,
        tooltip="Record a correction an attendee asked for on this item of the draft minutes",
    ),
    Binding(
        "F",
        "decide_correction",
        "Decide correction",
        id="meeting.decide_correction",
        show=False,
        tooltip="Accept or decline the oldest undecided correction on this item",
    ),
    Binding("a", "approve", "Approve", id="meeting.approve", tooltip="Approve the minutes (locks them)"),
    Binding("o", "reopen", "Reopen", id="meeting.reopen", tooltip="Reopen approved minutes (recorded)"),
    Binding("escape", "leave_editor", "Leave editor", id="meeting.escape", show=False),
    Binding("q", "close", "Back", id="meeting.back", tooltip="Back to the case"),
    *EXTRA_BINDINGS,
]
