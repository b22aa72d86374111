"""The interventions catalogue: national and local options a stuck meeting can think "outside the box" from,
set against what this young person has already tried.

The national seed ships with the package; the council's own list is ``interventions.toml`` in the config folder
(an entry there with the same name replaces the national one). Names are matched loosely (case, accents,
punctuation and known aliases do not matter) because the history was typed by people, not picked from a list:
"Curfew with electronic monitoring" must still be recognised as the curfew already judged not effective.
"""

from __future__ import annotations

import dataclasses as dc
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from meetingtui.core.config import paths
from meetingtui.core.config.tomlcheck import Table, TomlDoc, read_toml, unwrap
from meetingtui.core.record.model import CATEGORIES, Case, Intervention
from meetingtui.core.workspace import Workspace

NATIONAL_FILE = "interventions-national.toml"
LOCAL_EXAMPLE_FILE = "interventions-local.example.toml"
LOCAL_NAME = "interventions.toml"
NOT_EFFECTIVE = "not effective"

ENTRY_FIELDS = (
    "name",
    "aliases",
    "category",
    "agency",
    "provider",
    "description",
    "duration",
    "ages",
    "evidence",
)
_SHORT = 200
_LONG = 2000


@dc.dataclass
class Entry:
    name: str
    category: str
    description: str = ""
    agency: str = ""
    provider: str = ""
    duration: str = ""
    ages: str = ""
    evidence: str = ""
    aliases: list[str] = dc.field(default_factory=list)
    source: Path | None = None

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dc.dataclass
class Catalogue:
    entries: list[Entry] = dc.field(default_factory=list)
    warnings: list[str] = dc.field(default_factory=list)

    def get(self, name: str) -> Entry | None:
        """The entry a name (or alias) refers to."""
        wanted = normalise(name)
        return next((e for e in self.entries if wanted in {normalise(n) for n in e.names}), None)


# -------------------------------------------------------------------------------------------- matching


def normalise(text: str) -> str:
    """Lower case, no accents, words separated by single spaces: "Sports & Youth-work" -> "sports and youth work"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("&", " and "))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"[^\W_]+", plain))


def _has_words(text: str, words: str) -> bool:
    """Whether normalised ``words`` appear, whole and in order, in normalised ``text``."""
    return bool(words) and f" {words} " in f" {text} "


def names_match(entry: Entry, name: str) -> bool:
    """Whether a name from a history refers to this entry: it is the entry's name or an alias, or contains one
    ("Referral Order (12 months)", "Curfew with electronic monitoring")."""
    typed = normalise(name)
    return any(_has_words(typed, normalise(n)) for n in entry.names)


def search(entries: Sequence[Entry], text: str) -> list[Entry]:
    """Entries containing every word of ``text``; those matching on their name or an alias come first."""
    words = normalise(text).split()
    if not words:
        return list(entries)
    by_name, by_text = [], []
    for e in entries:
        names = " ".join(normalise(n) for n in e.names)
        rest = " ".join(normalise(x) for x in (e.description, e.agency, e.provider))
        if all(w in names for w in words):
            by_name.append(e)
        elif all(w in names or w in rest for w in words):
            by_text.append(e)
    return by_name + by_text


def _when(iv: Intervention) -> date:
    return max((d for d in (iv.started, iv.ended) if d is not None), default=date.min)


def tried_all(case: Case, entry: Entry) -> list[Intervention]:
    """This young person's history entries for a catalogue entry, most recent first."""
    found = [iv for iv in case.interventions if names_match(entry, iv.name)]
    return sorted(found, key=_when, reverse=True)


def tried(case: Case, entry: Entry) -> Intervention | None:
    """The most recent time this young person had this intervention, or None."""
    found = tried_all(case, entry)
    return found[0] if found else None


def not_in_catalogue(case: Case, entries: Iterable[Entry]) -> list[Intervention]:
    """History entries that match no catalogue entry (still worth showing beside the catalogue)."""
    entries = list(entries)
    return [iv for iv in case.interventions if not any(names_match(e, iv.name) for e in entries)]


def not_effective_match(case: Case, name: str, entries: Sequence[Entry] | None = None) -> Intervention | None:
    """The history entry, already judged not effective, that a proposed intervention repeats; None if it is new.

    ``name`` is what the meeting is about to agree ("another referral order", "Curfew", "MST"). It repeats a
    history entry when it contains that entry's name, or the name or an alias of the catalogue entry the
    history entry is (pass the loaded catalogue's entries so local aliases count; default: the national seed).
    """
    proposal = normalise(name)
    if not proposal:
        return None
    pool = national_entries() if entries is None else entries
    failed = sorted((iv for iv in case.interventions if iv.outcome == NOT_EFFECTIVE), key=_when, reverse=True)
    for iv in failed:
        names = [iv.name] + [n for e in pool if names_match(e, iv.name) for n in e.names]
        if any(_has_words(proposal, normalise(n)) for n in names):
            return iv
    return None


# ---------------------------------------------------------------------------------------------- loading


def parse_catalogue(doc: TomlDoc, *, default_category: str) -> list[Entry]:
    """Every clean entry of a parsed file; each problem goes to ``doc.problems`` and its entry is left out."""
    if doc.data is None:
        return []
    top = Table(doc, doc.data, ())
    top.only(("interventions",))
    out: list[Entry] = []
    first_line: dict[str, int] = {}
    for n, raw in top.tables("interventions", header="interventions"):
        before = len(doc.problems)
        t = Table(doc, raw, ("interventions", n), f"intervention {n + 1}: ")
        t.only(ENTRY_FIELDS)
        name = t.text("name", required=True, max_len=_SHORT)
        fields = {
            f: t.text(f, max_len=_LONG if f in ("description", "evidence") else _SHORT, one_line=False) or ""
            for f in ("agency", "provider", "description", "duration", "ages", "evidence")
        }
        category = t.choice("category", CATEGORIES) or default_category
        aliases = t.texts("aliases", max_len=_SHORT, what="alias")
        if name is not None:
            key = normalise(name)
            if not key:
                t.say("name", "name must contain letters or digits")
            elif key in first_line:
                t.say("name", f'"{name}" is already in this file on line {first_line[key]}')
            else:
                first_line[key] = t.line("name")
        if name is None or len(doc.problems) > before:
            continue
        out.append(
            Entry(
                name=name.strip(),
                category=category,
                aliases=[unwrap(a) for a in aliases],
                source=doc.path,
                **{k: unwrap(v) for k, v in fields.items()},
            )
        )
    doc.sort()
    return out


def load_catalogue_file(path: Path, *, default_category: str = "local") -> tuple[list[Entry], TomlDoc]:
    doc = read_toml(path)
    return parse_catalogue(doc, default_category=default_category), doc


def check_catalogue_file(path: Path) -> list[str]:
    """Every problem in one catalogue file as ``FILE:LINE: what is wrong``; ``[]`` when it is fine."""
    return load_catalogue_file(path, default_category=_default_category(path))[1].problems


def _default_category(path: Path) -> str:
    return "national" if path.name == NATIONAL_FILE else "local"


def national_path() -> Path:
    return paths.package_data(NATIONAL_FILE)


def local_example_path() -> Path:
    return paths.package_data(LOCAL_EXAMPLE_FILE)


def example_text() -> str:
    """The example local list, for a council to copy into its config folder and edit."""
    return local_example_path().read_text(encoding="utf-8")


def local_path(ws: Workspace) -> Path:
    return ws.config_dir / LOCAL_NAME


@functools.cache
def _national() -> tuple[tuple[Entry, ...], tuple[str, ...]]:
    entries, doc = load_catalogue_file(national_path(), default_category="national")
    return tuple(entries), tuple(doc.problems)


def national_entries() -> list[Entry]:
    return [dc.replace(e, aliases=list(e.aliases)) for e in _national()[0]]


def catalogue_files(ws: Workspace) -> list[Path]:
    """The files the catalogue is read from: the national seed, and the local list when there is one."""
    local = local_path(ws)
    return [national_path(), *([local] if local.exists() else [])]


def load_catalogue(ws: Workspace) -> Catalogue:
    """The national seed, then the council's local list (same name replaces); a broken local file or entry is
    left out with a warning, never a crash."""
    cat = Catalogue(entries=national_entries(), warnings=list(_national()[1][:1]))
    local = local_path(ws)
    if not local.exists():
        return cat
    entries, doc = load_catalogue_file(local, default_category="local")
    if doc.problems:
        kept = "nothing from it was used" if doc.data is None else "entries with problems were left out"
        more = f"; {len(doc.problems) - 1} more problem(s)" if len(doc.problems) > 1 else ""
        cat.warnings.append(f"{doc.problems[0]} ({kept}{more}; meetingtui catalogue --check)")
    position = {normalise(e.name): n for n, e in enumerate(cat.entries)}
    for e in entries:
        n = position.get(normalise(e.name))
        if n is None:
            cat.entries.append(e)
        else:
            cat.entries[n] = e
    return cat
