"""Typed records that round-trip the case-file dicts exactly.

Each record remembers which keys its source carried (``_given``): a file that said ``"end": null`` exports
``"end": null`` again, and one that left the key out leaves it out, which is what lets export followed by
import round-trip exactly. The converters are generated once per class (see ``_compile``).
"""

from __future__ import annotations

import dataclasses as dc
import types
import typing
from collections.abc import Callable
from datetime import date
from typing import Any, Literal, Self, TypeVar

R = TypeVar("R", bound="Record")


def nullable(default: Any = None) -> Any:
    """A field whose schema allows an explicit ``null`` (as opposed to leaving the key out)."""
    return dc.field(default=default, metadata={"nullable": True})


def internal(default_factory: Callable[[], Any] | None = None, default: Any = None) -> Any:
    """App-only state kept in storage but never written to an exchanged case file."""
    if default_factory is not None:
        return dc.field(default_factory=default_factory, metadata={"internal": True}, compare=False)
    return dc.field(default=default, metadata={"internal": True}, compare=False)


def many() -> Any:
    return dc.field(default_factory=list)


@dc.dataclass(frozen=True, slots=True)
class _Field:
    name: str
    type: Any  # the resolved annotation
    nullable: bool
    internal: bool


def _optional_inner(tp: Any) -> Any | None:
    """``X`` for ``X | None``; None for any other type. Other unions are not part of the model."""
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return None
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if len(args) != 1:
        raise TypeError(f"unsupported union {tp}")
    return args[0]


def _plain(tp: Any) -> bool:
    return typing.get_origin(tp) is Literal or tp in (str, int, bool, dict) or tp is Any


class _Source:
    """Python source for one class's converters, with the names it refers to."""

    def __init__(self) -> None:
        self.env: dict[str, Any] = {"fromiso": date.fromisoformat}
        self._n = 0

    def var(self) -> str:
        self._n += 1
        return f"x{self._n}"

    def decode(self, tp: Any, v: str) -> str:
        """An expression decoding the stored value named ``v`` (a simple name) into ``tp``."""
        inner = _optional_inner(tp)
        if inner is not None:
            return v if _plain(inner) else f"(None if {v} is None else {self.decode(inner, v)})"
        if typing.get_origin(tp) is list:
            (item,) = typing.get_args(tp)
            x = self.var()
            return f"[{self.decode(item, x)} for {x} in {v}]"
        if _plain(tp):
            return v
        if tp is date:
            return f"fromiso({v})"
        if isinstance(tp, type) and issubclass(tp, Record):
            self.env[f"from_{tp.__name__}"] = tp._compiled()[0]
            return f"from_{tp.__name__}({v})"
        raise TypeError(f"unsupported field type {tp}")

    def encode(self, tp: Any, v: str) -> str:
        """An expression encoding the value named ``v`` back into its case-file form."""
        inner = _optional_inner(tp)
        if inner is not None:
            return v if _plain(inner) else f"(None if {v} is None else {self.encode(inner, v)})"
        if typing.get_origin(tp) is list:
            (item,) = typing.get_args(tp)
            x = self.var()
            return f"[{self.encode(item, x)} for {x} in {v}]"
        if _plain(tp):
            return v
        if tp is date:
            return f"{v}.isoformat()"
        if isinstance(tp, type) and issubclass(tp, Record):
            self.env[f"to_{tp.__name__}"] = tp._compiled()[1]
            return f"to_{tp.__name__}({v}, internal)"
        raise TypeError(f"unsupported field type {tp}")


def record(cls: type[R]) -> type[R]:
    """``dataclass(kw_only=True)`` with equality and repr shared from :class:`Record` instead of generated per
    class: the model is imported by every command, and generating three methods for each of 17 classes was
    most of its start-up time."""
    return dc.dataclass(kw_only=True, eq=False, repr=False)(cls)


@record
class Record:
    """Base of every record: exact conversion to and from the case-file dicts."""

    _given: frozenset[str] = dc.field(default=frozenset(), repr=False, compare=False)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in self._plan() if not f.internal)

    def __eq__(self, other: object) -> bool:
        """Records are values: equal when of one type with equal fields (app-only state aside)."""
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # mutable values, like the dataclasses they are

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in self._plan())
        return f"{type(self).__name__}({shown})"

    @classmethod
    def _plan(cls) -> tuple[_Field, ...]:
        plan = cls.__dict__.get("_plan_cache")
        if plan is None:
            hints = typing.get_type_hints(cls)
            plan = tuple(
                _Field(
                    f.name, hints[f.name], bool(f.metadata.get("nullable")), bool(f.metadata.get("internal"))
                )
                for f in dc.fields(cls)
                if not f.name.startswith("_")
            )
            type.__setattr__(cls, "_plan_cache", plan)
        return plan

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls._compiled()[0](data)

    def to_dict(self, *, internal: bool = False) -> dict[str, Any]:
        """The case-file dict; ``internal=True`` adds app-only state for storage."""
        return self._compiled()[1](self, internal)

    @classmethod
    def _compiled(cls) -> tuple[Callable[[Any], Any], Callable[[Any, bool], dict[str, Any]]]:
        """This class's converters, generated once from its fields (see ``_compile``)."""
        fns = cls.__dict__.get("_compiled_cache")
        if fns is None:
            fns = _compile(cls)
            type.__setattr__(cls, "_compiled_cache", fns)
        return fns

    def copy(self) -> Self:
        """A deep copy through the dict form (records are small; clarity beats cleverness here)."""
        return type(self).from_dict(self.to_dict(internal=True))


def _compile(cls: type[Record]) -> tuple[Callable[[Any], Any], Callable[[Any, bool], dict[str, Any]]]:
    """Straight-line ``from_dict``/``to_dict`` for one record class, generated from its fields.

    Loading a council's cases decodes tens of thousands of records (every action, update, meeting and event);
    a generic loop over field descriptors, with a call per nested value, cost several times the work itself.
    The generated code does the same: plain values are copied in one ``dict.update``, and nested records,
    lists, dates and optionals are decoded inline, in declaration order:

    - ``from_dict``: a non-dict raises TypeError; each present key is decoded; then an unknown key raises
      ValueError naming the first one (sorted); a missing required field raises the dataclass's own TypeError;
      ``_given`` records the keys the source carried. Absent fields take their defaults as ``__init__`` would.
    - ``to_dict``: ``None`` is written only for a nullable key the source carried; an empty list only if the
      source carried it; internal fields only with ``internal=True``.
    """
    src = _Source()
    env = src.env
    plan = cls._plan()
    fields = {f.name: f for f in dc.fields(cls)}
    env.update(
        cls=cls,
        new=object.__new__,
        name=cls.__name__,
        known=frozenset(f.name for f in plan),
        required=frozenset(
            f.name
            for f in plan
            if fields[f.name].default is dc.MISSING and fields[f.name].default_factory is dc.MISSING
        ),
        defaults={f.name: fields[f.name].default for f in plan if fields[f.name].default is not dc.MISSING},
    )
    # Plain values are copied in one go (``update``); the rest are decoded one by one, in declaration order.
    dec = [
        "def from_dict(data):",
        "    if not isinstance(data, dict):",
        "        raise TypeError(f'{name} expects an object, got {type(data).__name__}')",
        "    d = defaults.copy()",
        "    d.update(data)",
    ]
    enc = ["def to_dict(self, internal):", "    out = {}", "    given = self._given"]
    for f in plan:
        key = repr(f.name)
        expr = src.decode(f.type, "v")
        if expr != "v":
            dec += [f"    if {key} in data:", f"        v = data[{key}]", f"        d[{key}] = {expr}"]
        pad = "    "
        if f.internal:
            enc.append("    if internal:")
            pad = "        "
        enc += [
            f"{pad}v = self.{f.name}",
            f"{pad}if v is None:",
            f"{pad}    if {key} in given:" if f.nullable else f"{pad}    pass",
            f"{pad}        out[{key}] = None" if f.nullable else "",
            f"{pad}elif isinstance(v, list) and not v and {key} not in given:",
            f"{pad}    pass",
            f"{pad}else:",
            f"{pad}    out[{key}] = {src.encode(f.type, 'v')}",
        ]
    dec += [
        "    if not known.issuperset(data):",
        "        raise ValueError(f'{name}: unknown field {sorted(set(data) - known)[0]!r}')",
    ]
    for n, f in enumerate(plan):
        factory = fields[f.name].default_factory
        if factory is not dc.MISSING:
            env[f"factory{n}"] = factory
            dec += [f"    if {f.name!r} not in data:", f"        d[{f.name!r}] = factory{n}()"]
    dec += [
        "    if not data.keys() >= required:",
        "        # the dataclass's own TypeError, naming what is missing",
        "        return cls(_given=frozenset(data), **{k: d[k] for k in data})",
    ]
    if hasattr(cls, "__post_init__"):
        dec.append("    return cls(_given=frozenset(data), **{k: d[k] for k in known})")
    else:
        dec += [
            "    d['_given'] = frozenset(data)",
            "    obj = new(cls)",
            "    obj.__dict__ = d",
            "    return obj",
        ]
    enc.append("    return out")
    exec("\n".join(dec) + "\n\n" + "\n".join(line for line in enc if line), env)
    return env["from_dict"], env["to_dict"]
