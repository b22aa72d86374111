"""The compiled yes/no check (schema_fast) answers exactly as the path-naming walk does: it says a document is
valid only when the walk finds no problem (else a damaged case could be indexed, opened or saved unreported),
and it says no whenever the walk finds one. Checked on the demo files of every version and on thousands of
documents each damaged in one place."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest

from meetingtui.core.record.schema import SCHEMA_RESOURCES, case_validator

FIXTURES = Path(__file__).parent / "fixtures"
DEMOS = {1: "case-file-v1-demo.json", 2: "case-file-v2-demo.json", 3: "case-file-v3-demo.json"}

# Values unlike what a field holds: each replaces one value somewhere in a valid document.
ODD = [
    None,
    True,
    0,
    -1,
    10**12,
    1.5,
    "",
    "x",
    "2026-02-30",
    "25:00",
    "A B",
    "a" * 5000,
    [],
    {},
    ["x"],
    {"k": 1},
]


def _slow(version: int, doc: Any) -> list:
    v = case_validator(version)
    out: list = []
    v._check(doc, v.schema, "", out)
    return out


def _places(doc: Any, path: tuple = ()) -> list[tuple]:
    """Every place in the document a value sits (dict key or list index), depth first."""
    out = []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out.append((*path, k))
            out += _places(v, (*path, k))
    elif isinstance(doc, list):
        for n, v in enumerate(doc):
            out.append((*path, n))
            out += _places(v, (*path, n))
    return out


def _parent(doc: Any, place: tuple) -> Any:
    for step in place[:-1]:
        doc = doc[step]
    return doc


def _damaged(doc: Any, rng: random.Random) -> Any:
    """The document with one change: a value replaced, a key removed or an unknown key added."""
    doc = copy.deepcopy(doc)
    place = rng.choice(_places(doc))
    parent = _parent(doc, place)
    what = rng.random()
    if what < 0.7:
        parent[place[-1]] = copy.deepcopy(rng.choice(ODD))
    elif isinstance(parent, dict) and what < 0.85:
        del parent[place[-1]]
    elif isinstance(parent, dict):
        parent["zz_unknown"] = 1
    else:
        parent.append(copy.deepcopy(rng.choice(ODD)))
    return doc


@pytest.mark.parametrize("version", sorted(DEMOS))
def test_the_check_agrees_with_the_walk(version: int) -> None:
    assert version in SCHEMA_RESOURCES
    doc = json.loads((FIXTURES / DEMOS[version]).read_text(encoding="utf-8"))
    v = case_validator(version)
    assert _slow(version, doc) == [] and v.validate(doc) == []
    rng = random.Random(version)
    damaged = 0
    for _ in range(600):
        bad = _damaged(doc, rng)
        slow = _slow(version, bad)
        damaged += bool(slow)
        assert v.validate(bad) == slow  # the same problems, named the same way
        fast = v._fast[id(v.schema)][1]
        assert fast(bad) == (not slow), bad
    assert damaged > 200  # most single changes really are damage


def test_a_case_object_alone_agrees_too() -> None:
    """``check_case_record`` validates the bare case against ``$defs/case``: a node of its own."""
    from meetingtui.core.record.schema import check_case_record

    doc = json.loads((FIXTURES / DEMOS[3]).read_text(encoding="utf-8"))["case"]
    v = case_validator()
    rng = random.Random(7)
    for _ in range(500):
        bad = _damaged(doc, rng)
        out: list = []
        v._check(bad, v.defs["case"], "case", out)
        if out:
            assert check_case_record(bad) == out
        else:
            assert v.validate(bad, node=v.defs["case"], path="case") == []
