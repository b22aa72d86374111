"""The live meeting's notes autosave: what the notes box holds is taken as typed before anything saves, moves
or reloads, and saved on a timer, before moving and when leaving; text the disk or the rules refuse is kept and
said. Mixed into :class:`.meeting.MeetingScreen` (which provides the notes state, the repository and the bar)."""

from __future__ import annotations

from typing import Any

from textual.widgets import TextArea

from meetingtui.core.errors import Busy, NotFound, StorageUnavailable, UserError
from meetingtui.core.meeting import contents


class MeetingNotes:
    ws: Any
    app: Any
    case_id: str
    meeting_id: str
    meeting: Any
    follow: bool
    viewing: str | None
    _loading_notes: bool
    _loaded_notes: tuple[str, str] | None
    _pending_notes: dict[str, str]
    _base_notes: dict[str, str | None]
    _refused: dict[str, str]
    _asking_replaced: str | None
    _unsaved_since: float | None
    _save_error_shown: bool
    _leave_unsaved: Any

    def _sync_typed_notes(self) -> None:
        """Take what the notes box holds now as typed, without waiting for its Changed message.

        TextArea reports typing in a Changed message queued behind the keys already waiting: in a burst
        ("typed text", Esc, Ctrl+↓) the move to the next item ran first, loaded that item's notes over the box,
        and the late message then matched nothing, so the typed words were lost (found from outside). Read
        before anything saves, moves or reloads, the box itself is the truth for the item it was loaded with."""
        if self._loading_notes or self.follow or self.viewing is None or self._loaded_notes is None:
            return
        found = self.query("#notes").results(TextArea)
        notes = next(found, None)
        key, loaded = self._loaded_notes
        if notes is None or notes.read_only or key != self.viewing:  # None: the screen is being taken down
            return
        if notes.text != self._pending_notes.get(key, loaded):
            self._pending_notes[key] = notes.text

    def flush_notes(self) -> None:
        """Save whatever notes are unsaved. Called on a timer, before moving, and when leaving.

        Text the disk refuses (full, read-only), or that cannot be saved yet (another copy holds the case for
        longer than a moment), stays here and is tried again on the next tick; text the rules refuse (a note
        over the size limit) stays on screen, marked NOT SAVED, until it is changed."""
        import time

        self._sync_typed_notes()
        if not self._pending_notes or self.follow:
            return
        if not self._still_running():
            if not self.follow and self._unsaved_since is None:  # the store cannot be reached: kept here
                self._unsaved_since = time.monotonic()
            self._tick()
            return
        for key, text in list(self._pending_notes.items()):
            if self._refused.get(key) == text:
                continue
            if self._asking_replaced == key:
                continue
            try:
                contents.save_notes(
                    self.ws.repo, self.case_id, self.meeting_id, key, text, base=self._base_notes.get(key)
                )
            except contents.NotesReplaced as exc:
                self._notes_replaced(key, exc.stored)
                continue
            except (StorageUnavailable, Busy, NotFound) as exc:  # a meeting removed may come back (an import)
                if self._unsaved_since is None:
                    self._unsaved_since = time.monotonic()
                if not self._save_error_shown:
                    self._save_error_shown = True
                    reason = exc.reason if isinstance(exc, StorageUnavailable) else str(exc)
                    self.app.say(  # type: ignore[attr-defined]
                        f"Notes NOT saved: {reason}. Keep typing: they are kept here and saved as soon as "
                        "they can be.",
                        severity="error",
                        timeout=15,
                    )
                self._tick()
                return
            except UserError as exc:
                self._refused[key] = text
                self.app.say(f"Notes NOT saved: {exc}", severity="error", timeout=15)  # type: ignore[attr-defined]
                self._tick()
                continue
            self._refused.pop(key, None)
            self._base_notes[key] = text
            # The meeting held in memory too: coming back to this item on a draft (no reload on moving) showed
            # the notes from before this save, and typing there saved over it (found from outside).
            saved = self.meeting.item(key) if self.meeting is not None else None
            if saved is not None:
                saved.notes = text or None
            if self._loaded_notes is not None and self._loaded_notes[0] == key:
                self._loaded_notes = (
                    key,
                    text,
                )  # the box's text is saved now, not typed (see _sync_typed_notes)
            if self._pending_notes.get(key) == text:
                del self._pending_notes[key]
        if self._unsaved_since is not None and not self._refused:
            self._unsaved_since = None
            self._save_error_shown = False
            self._leave_unsaved = None
            self.app.say("Notes saved again.")  # type: ignore[attr-defined]
            self._tick()
