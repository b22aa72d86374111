"""What counts as naming a peer in free text (the disclosure check, search and the shared screen share it):
initials in capitals in any spacing, initials typed in lower case with their dots, a name or its parts; not the
ordinary words and everyday abbreviations that look like initials."""

from __future__ import annotations

import pytest

from meetingtui.core.text.peers import mentions_any

PEERS = ["K.B.", "A.M.", "Tyler Smith", "RK"]


@pytest.mark.parametrize(
    "text",
    [
        "K.B. was there",
        "with K B",
        "KB's mum",
        "k.b.'s mum called",
        "k. b. again",
        "t.s. said so",
        "r.k",
        "A.M. is a risk",
        "tyler",
        "Smith family",
    ],
)
def test_a_peer_is_found_however_the_initials_are_typed(text: str) -> None:
    found = mentions_any(PEERS)
    assert found is not None and found.search(text), text


@pytest.mark.parametrize(
    "text",
    [
        "seen at 10 a.m.",
        "I am here",
        "the kb of memory",
        "e.g. college",
        "ok.b. is not a word",
        "park",
        "remarks",
        "okb",
    ],
)
def test_ordinary_words_and_everyday_abbreviations_are_not_a_peer(text: str) -> None:
    found = mentions_any(PEERS)
    assert found is not None and not found.search(text), text


def test_the_shared_screen_mask_covers_lower_case_initials() -> None:
    found = mentions_any(PEERS)
    assert found is not None
    assert found.sub("[peer]", "Ask k.b.'s youth worker, not A.M., at 10 a.m.") == (
        "Ask [peer]'s youth worker, not [peer], at 10 a.m."
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("R. trusts his key worker and K.; he attends mentoring", True),  # K.B. shortened
        ("with K. again", True),
        ("then K.B.", True),
        ("B.K. is someone else", False),  # another pair of initials, not K.B.'s first alone
        ("OK. Fine.", False),
        ("Kay. said", False),
        ("R. went to college", False),  # the young person's own initial (R.M.), though R.K. is a peer
        ("R.K. went too", True),
    ],
)
def test_a_peer_shortened_to_one_initial_unless_it_is_the_young_persons(text: str, found: bool) -> None:
    from meetingtui.core.text.peers import own_initial

    peers = mentions_any(PEERS, own_initial("R.M."))
    assert peers is not None and bool(peers.search(text)) is found, text


def test_the_young_persons_own_initial_is_read_from_any_spelling_of_their_name() -> None:
    from meetingtui.core.text.peers import own_initial

    assert [own_initial(n) for n in ("R.M.", "Riley", "émile", " 'Jo' ", "", None)] == [
        "R",
        "R",
        "E",
        "J",
        None,
        None,
    ]
