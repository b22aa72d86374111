"""The live meeting's timers (the running app's autosave, a follower's re-read) and the claim they depend on:
one app at a time runs a meeting, and it asks before every write whether it still does.

On the team store the claim is a lock held by a database session of its own, which the server drops with a
dropped network (Wi-Fi in a meeting room) or an ended session; the app's other connection reconnects by itself,
so without asking, the chair's app went on saving while a second app, opened meanwhile, ran the same meeting:
two writers, and one person's notes replaced by the other's (found from outside). So before each save the
screen asks whether it still holds the claim, takes it back when it is free, and otherwise becomes a follower
of the app that now runs the meeting, keeping what it had not saved in a private file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from meetingtui.core import disk
from meetingtui.core.errors import UserError

AUTOSAVE_SECONDS = 0.4  # the running app saves typed notes this often
FOLLOW_SECONDS = 0.5  # a follower asks this often whether the case changed


class MeetingClaim:
    """Mixed into MeetingScreen (which provides ws, lease, follow, the notes state and the timers)."""

    ws: Any
    app: Any
    lease: Any
    follow: bool
    read_only_why: str
    case_id: str
    meeting_id: str
    meeting: Any
    _pending_notes: dict[str, str]
    _timer: Any

    def _autosave_tick(self) -> None:
        """Save typed notes; with none waiting, redraw when another process saved the case (a CLI verb, or an
        import or restore forced under the meeting), so the screen never goes on showing what was replaced."""
        if (
            not self._pending_notes
            and self._asking_replaced is None
            and self.ws.repo.changed_on_disk(self.case_id)
        ):
            try:
                self.reload(from_disk=True)
            except UserError as exc:  # damaged or removed under us: say so once, keep what is on screen
                if not self._save_error_shown:
                    self._save_error_shown = True
                    self.app.say(f"Cannot re-read the case: {exc}", severity="error", timeout=15)  # type: ignore[attr-defined]
                return
        saving = bool(self._pending_notes)
        self.flush_notes()
        # A save starts from the stored case, so what another program changed meanwhile (an action marked done
        # from the CLI) is in it, and no longer "changed on disk" for this process: while someone typed without
        # a pause the screen went on showing the old actions and alerts (found from outside). The case's
        # summary says whether anything it shows changed.
        if saving and not self._pending_notes and self._asking_replaced is None:
            try:
                if self.ws.repo.summary_raw(self.case_id) != self._shown_summary:
                    self.reload(from_disk=True)
            except UserError:
                pass  # the next tick's check reports it

    def _follow_tick(self) -> None:
        if self.ws.repo.changed_on_disk(self.case_id):
            self.reload()

    def _still_running(self) -> bool:
        """Whether this app may write the meeting now. False while the store cannot be reached (the text
        stays here and is tried again), and for good once another app runs it (this one follows)."""
        if self.follow:
            return False
        if self.lease is None or self.lease.held():
            return True
        try:
            lease = self.ws.repo.claim_session(self.case_id, self.meeting_id)
        except UserError:
            return False  # not reachable yet: ask again on the next save
        if lease is not None:
            self.lease = lease
            self.app.say(
                "The connection to the store dropped and came back: this meetingtui still runs the meeting.",
                severity="warning",
                timeout=8,
            )
            return True
        self.lease = None
        self._taken_over()
        return False

    def _claim_or_refuse(self) -> None:
        """A one-line refusal (what was typed stays as it is) unless this app may write the meeting now."""
        if not self._still_running():
            raise UserError(
                "not saved: another meetingtui runs this meeting now; this one follows it"
                if self.follow
                else "not saved: the store cannot be reached; try again"
            )

    def _taken_over(self) -> None:
        """Another app runs the meeting now: follow it, and keep what was typed here and not saved."""
        self._sync_typed_notes()  # type: ignore[attr-defined]
        kept = self._keep_unsaved()
        self.follow = True
        self.read_only_why = "another app runs it now"
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_interval(FOLLOW_SECONDS, self._follow_tick)  # type: ignore[attr-defined]
        self._pending_notes.clear()
        self._unsaved_since = None
        where = f" What you had typed and not saved is in {kept}." if kept else ""
        self.app.say(
            "This meetingtui lost its claim on the meeting while the connection to the store was down, and "
            f"another one runs it now: opened read-only, following its changes.{where}",
            severity="error",
            timeout=30,
        )
        self.reload()  # type: ignore[attr-defined]
        self.lock_editing()  # type: ignore[attr-defined]
        self.refresh_bindings()  # type: ignore[attr-defined]

    def _keep_unsaved(self) -> Path | None:
        """The unsaved notes, each under its item's title, in a private file in the exports folder."""
        if not self._pending_notes:
            return None
        titles = {i.key: i.title for i in self.meeting.items} if self.meeting is not None else {}
        body = "".join(
            f"{titles.get(key, key)}\n\n{text}\n\n"
            for key, text in self._pending_notes.items()
            if text.strip()
        )
        if not body:
            return None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = Path(self.ws.exports_dir) / f"unsaved-notes-{self.case_id}-{self.meeting_id}-{stamp}.txt"
        try:
            disk.ensure_dir(path.parent)
            disk.write_new(path, body.encode())
        except (OSError, UserError):
            return None
        return path
