"""Agenda templates: one TOML file each, so chairs adapt agendas without touching code.

Three places, read in order, a later template replacing an earlier one with the same id: the built-ins
(``agendas/`` in a checkout, ``meetingtui/agendas`` when installed), the user config folder's ``agendas/``, and
the folder given with ``--templates DIR``. A broken user template is skipped with a warning that names the file
and line; it never stops the app from starting. Templates are data only: nothing in them is ever run.
"""

from __future__ import annotations

import dataclasses as dc
from collections.abc import Iterator
from pathlib import Path

from meetingtui.core.config import paths
from meetingtui.core.config.tomlcheck import Table, TomlDoc, read_toml, unwrap
from meetingtui.core.errors import NotFound, UserError
from meetingtui.core.record.model import DEFAULT_MARKING, ITEM_KINDS, Item
from meetingtui.core.text.show import show
from meetingtui.core.workspace import Workspace

TEMPLATE_FIELDS = ("id", "title", "description", "marking", "items")
ITEM_FIELDS = ("key", "title", "kind", "timebox_minutes", "prompts", "restricted")
MAX_TIMEBOX = 600
MAX_TITLE = 300
MAX_PROMPT = 2000
MAX_DESCRIPTION = 2000
MAX_MARKING = 100
# The kind of the item that reviews earlier meetings' actions (the meeting builder adds one when missing).
CARRY_FORWARD_KIND = "previous-actions"


@dc.dataclass
class TemplateItem:
    key: str
    title: str
    timebox_minutes: int
    prompts: list[str]
    kind: str
    restricted: bool = False


@dc.dataclass
class Template:
    id: str
    title: str
    description: str
    marking: str
    items: list[TemplateItem]
    source: Path
    builtin: bool
    # The template this one replaced (a user template with a built-in's id), so lists can say so.
    overrides: Path | None = None

    @property
    def total_minutes(self) -> int:
        return sum(i.timebox_minutes for i in self.items)

    def item(self, key: str) -> TemplateItem | None:
        return next((i for i in self.items if i.key == key), None)


@dc.dataclass
class TemplateSet:
    templates: dict[str, Template] = dc.field(default_factory=dict)
    warnings: list[str] = dc.field(default_factory=list)

    def get(self, template_id: str) -> Template:
        found = self.templates.get(template_id)
        if found is None:
            known = ", ".join(self.templates) or "none"
            raise NotFound(f"template {show(template_id)}: not found (known: {known})")
        return found

    def __iter__(self) -> Iterator[Template]:
        return iter(self.templates.values())

    def __len__(self) -> int:
        return len(self.templates)


# ----------------------------------------------------------------------------------------------- parsing


def parse_template(doc: TomlDoc, *, builtin: bool, default_marking: str = DEFAULT_MARKING) -> Template | None:
    """Check a parsed file completely (every problem goes to ``doc.problems``); the template only if clean."""
    if doc.data is None:
        return None
    top = Table(doc, doc.data, ())
    top.only(TEMPLATE_FIELDS)
    tid = top.ident("id", required=True)
    title = top.text("title", required=True, max_len=MAX_TITLE)
    description = top.text("description", max_len=MAX_DESCRIPTION, one_line=False, empty_ok=True) or ""
    marking = top.text("marking", max_len=MAX_MARKING) or default_marking
    raw_items = top.tables("items", required=True, header="items")
    if "items" in doc.data and isinstance(doc.data["items"], list) and not doc.data["items"]:
        top.say("items", "a template needs at least one [[items]] table")
    items: list[TemplateItem] = []
    first_use: dict[str, int] = {}
    review_line = 0
    for n, raw in raw_items:
        t = Table(doc, raw, ("items", n), f"item {n + 1}: ")
        item = _parse_item(t, first_use)
        if item is not None and item.kind == CARRY_FORWARD_KIND:
            # Earlier actions are reviewed once, and carried-forward actions need one item to land in.
            if review_line:
                t.say(
                    "kind",
                    f"only one {CARRY_FORWARD_KIND} item per template (the first is on line {review_line})",
                )
            else:
                review_line = t.line("kind")
        if item is not None:
            items.append(item)
    doc.sort()
    if doc.problems or tid is None or title is None:
        return None
    return Template(
        id=tid,
        title=title.strip(),
        description=unwrap(description),
        marking=marking,
        items=items,
        source=doc.path,
        builtin=builtin,
    )


def _parse_item(t: Table, first_use: dict[str, int]) -> TemplateItem | None:
    t.only(ITEM_FIELDS)
    key = t.ident("key", required=True)
    title = t.text("title", required=True, max_len=MAX_TITLE)
    kind = t.choice("kind", ITEM_KINDS, required=True)
    timebox = t.integer("timebox_minutes", required=True, minimum=0, maximum=MAX_TIMEBOX, unit=" minutes")
    prompts = t.texts("prompts", max_len=MAX_PROMPT, what="prompt")
    restricted = t.boolean("restricted")
    if key is not None:
        if key in first_use:
            t.say("key", f'key "{key}" is already used on line {first_use[key]} (item keys must be unique)')
            key = None
        else:
            first_use[key] = t.line("key")
    if key is None or title is None or kind is None or timebox is None:
        return None
    return TemplateItem(
        key=key,
        title=title.strip(),
        timebox_minutes=timebox,
        prompts=[unwrap(p) for p in prompts],
        kind=kind,
        restricted=restricted,
    )


def load_template_file(
    path: Path, *, builtin: bool = False, default_marking: str = DEFAULT_MARKING
) -> tuple[Template | None, TomlDoc]:
    doc = read_toml(path)
    return parse_template(doc, builtin=builtin, default_marking=default_marking), doc


def check_template_file(path: Path) -> list[str]:
    """Every problem in one template file as ``FILE:LINE: what is wrong``; ``[]`` when it is fine."""
    return load_template_file(path)[1].problems


# ----------------------------------------------------------------------------------------------- loading


def template_folders(ws: Workspace) -> list[tuple[Path, bool]]:
    """(folder, built-in?) in the order they are read: later folders override earlier ones by id."""
    out = [(paths.builtin_agendas_dir(), True), (ws.user_templates, False)]
    if ws.extra_templates is not None:
        out.append((ws.extra_templates, False))
    return out


def template_files(folder: Path) -> list[Path]:
    """The ``*.toml`` files of a folder in name order (built-ins are numbered so lists show them in order)."""
    try:
        return sorted(p for p in folder.glob("*.toml") if not p.name.startswith(".") and p.is_file())
    except OSError:
        return []


@dc.dataclass
class _Scan:
    found: TemplateSet
    problems: list[str]
    files: int


def _scan(ws: Workspace) -> _Scan:
    """Read every folder once; both loading (warnings) and checking (every problem) are views of this."""
    scan = _Scan(TemplateSet(), [], 0)
    warn = scan.found.warnings
    marking = ws.settings.marking or DEFAULT_MARKING
    for folder, builtin in template_folders(ws):
        if not folder.is_dir():
            if builtin:  # a broken install: say so rather than offer an empty list without a reason
                scan.problems.append(
                    f"{folder}: the built-in templates folder is missing (reinstall meetingtui)"
                )
                warn.append(scan.problems[-1])
            elif folder == ws.extra_templates:  # the user's own config folder may well not exist yet
                what = "is not a folder" if folder.exists() else "no such folder"
                scan.problems.append(f"{folder}: --templates {what}")
                warn.append(f"{folder}: --templates {what}; no templates loaded from it")
            continue
        here: dict[str, Path] = {}
        for path in template_files(folder):
            scan.files += 1
            template, doc = load_template_file(path, builtin=builtin, default_marking=marking)
            if template is None:
                scan.problems.extend(doc.problems)
                more = f"; {len(doc.problems) - 1} more problem(s)" if len(doc.problems) > 1 else ""
                warn.append(f"{doc.problems[0]} (template skipped{more}; meetingtui templates check {path})")
                continue
            if template.id in here:
                msg = (
                    f'{path}:{doc.line(("id",))}: template id "{template.id}" is also used by '
                    f"{here[template.id].name} in the same folder"
                )
                scan.problems.append(msg)
                warn.append(f"{msg} (template skipped)")
                continue
            here[template.id] = path
            replaced = scan.found.templates.get(template.id)
            if replaced is not None:
                template.overrides = replaced.source
            scan.found.templates[template.id] = template
    return scan


def load_templates(ws: Workspace) -> TemplateSet:
    """Built-ins, then the user's, then ``--templates DIR``; broken files are skipped with a warning each."""
    return _scan(ws).found


def check_all(ws: Workspace) -> tuple[int, list[str]]:
    """(number of files checked, every problem) over all the folders templates are loaded from."""
    scan = _scan(ws)
    return scan.files, scan.problems


def source_text(template: Template) -> str:
    """The file a template came from, for copying into the user's folder to adapt."""
    doc = read_toml(template.source)
    if doc.data is None:
        raise UserError(doc.problems[0])
    return doc.text


# ----------------------------------------------------------------------------------------------- meetings


def meeting_items(template: Template) -> list[Item]:
    """Fresh meeting items from a template: the prompts travel with the meeting, so a later edit of the
    template never rewrites what an earlier meeting was asked."""
    return [
        Item(
            key=i.key,
            title=i.title,
            timebox_minutes=i.timebox_minutes,
            prompts=list(i.prompts),
            kind=i.kind,
            restricted=True if i.restricted else None,
        )
        for i in template.items
    ]
