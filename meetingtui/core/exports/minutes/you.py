"""Writing the record's words to the young person: their name becomes "you" ("explain to J." -> "explain to
you"), and so does a pronoun that plainly means them in the same sentence ("check J. knows his advocate's
name" -> "check you know your advocate's name").

The pronouns are changed only where it is safe to: after the young person was named in that sentence, and
before anyone else is (a capitalised name, initials such as "R.K.", or a word for a person such as "mum" or
"manager"), so "Chris will call his manager" and "tell J. that Chris will call him" keep their pronouns. Once
"he" or "she" has been read as the young person, a later "him" or "her" in the sentence is someone else (it
would say "himself" otherwise) and is left. A "her" that could be either ("tell her mum") is left as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


def is_initials(name: str) -> bool:
    """Whether the case's name for the young person is initials ("J.T.", "JT", "J. T."), not a name."""
    words = name.split()
    return bool(words) and (
        all("." in w or len(w) <= 2 for w in words) or re.fullmatch(r"[A-Z]{2,3}", name.strip()) is not None
    )


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NO_SURNAME = r"(?!\s+[A-Z][a-z])"  # "J." or "Jordan" followed by a surname is someone else


@cache
def _you_pattern(name: str) -> re.Pattern[str] | None:
    """The ways the record names the young person: their name and first name, their initials in any spacing
    ("J.T.", "JT", "J. T."), and the first initial with its full stop ("J.") unless a surname follows it."""
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", name)
    if not words:
        return None
    letters = [w[0].upper() for w in words]
    forms: list[str] = []
    if not is_initials(name):
        forms.append(r"\s+".join(re.escape(w) for w in words))
        forms.append(re.escape(words[0]) + _NO_SURNAME)
    else:
        letters = list("".join(words).upper())
    if len(letters) > 1:
        forms.append(r"\.?\s?".join(re.escape(ch) for ch in letters) + r"\.?")
    forms.append(re.escape(letters[0]) + r"\." + _NO_SURNAME)
    alternatives = "|".join(f"(?:{f})" for f in forms)
    return re.compile(rf"(?<![A-Za-z.])(?:{alternatives})(?P<own>['’]s)?(?![A-Za-z])")


_AGREE = {
    "is": "are",
    "was": "were",
    "has": "have",
    "does": "do",
    "goes": "go",
    "says": "say",
    "tries": "try",
    "worries": "worry",
    "misses": "miss",
    "isn't": "aren't",
    "wasn't": "weren't",
    "hasn't": "haven't",
    "doesn't": "don't",
} | {
    w + "s": w
    for w in [
        "want",
        "need",
        "like",
        "love",
        "hate",
        "feel",
        "live",
        "stay",
        "attend",
        "keep",
        "get",
        "know",
        "agree",
        "think",
        "trust",
        "play",
        "enjoy",
        "see",
        "seem",
        "come",
        "understand",
        "tell",
        "ask",
        "speak",
        "spend",
        "struggle",
    ]
}
_AGREE_RE = re.compile(r"\b([Yy]ou) (" + "|".join(re.escape(w) for w in _AGREE) + r")(?![\w'’])")

# The pronouns that can mean the young person: (he or she, what it becomes; None for "her", which is decided
# by the words around it).
_PRONOUNS: dict[str, tuple[str, str | None]] = {
    "he": ("m", "you"),
    "him": ("m", "you"),
    "his": ("m", "your"),
    "himself": ("m", "yourself"),
    "he'll": ("m", "you'll"),
    "he'd": ("m", "you'd"),
    "he's": ("m", "you're"),
    "she": ("f", "you"),
    "her": ("f", None),
    "hers": ("f", "yours"),
    "herself": ("f", "yourself"),
    "she'll": ("f", "you'll"),
    "she'd": ("f", "you'd"),
    "she's": ("f", "you're"),
}


_SUBJECT = {"he", "she", "he'll", "he'd", "he's", "she'll", "she'd", "she's"}
# "he's been" is "he has been": "you've been".
_HAS = {"been", "got", "had", "done", "gone", "seen", "made", "told", "said", "asked", "started", "moved"}
# Words for a person: the pronouns after one may be theirs.
_PEOPLE = _words(
    """mum mom mother dad father parent parents stepmum stepdad brother sister sibling siblings carer
    carers friend friends boyfriend girlfriend partner teacher manager officer worker keyworker advocate
    mentor coach nurse doctor nan gran granny grandma grandmother grandad grandpa grandfather grandparent
    grandparents uncle aunt auntie cousin son daughter baby man woman men women boy girl guy someone
    somebody person neighbour peer"""
)
# After "her", a word that shows it is "her" the person ("tell her the date", "call her back"), not "her
# school".
_AFTER_OBJECT = _words(
    """to that about and or but if when what how why where who whether on in at with for from of by into up
    back out off down over again soon today tomorrow now later before after so because the a an this these
    those some any all know first once every each too as than until while yet not please"""
)
# Before "her", a verb after which "her" with a noun could be either ("tell her mum", "give her advice").
_EITHER_AFTER = _words(
    """tell told give gave show showed send sent ask asked offer offered bring brought help let make call
    phone ring visit meet see remind support contact invite take pay teach text email write buy get find"""
)
_TOKEN = re.compile(
    r"(?P<init>(?:[A-Z]\.){2,})|(?P<word>[A-Za-z]+(?:['’][A-Za-z]+)?)|(?P<end>[.!?](?=[\s\"”’')]|$))"
)


@dataclass
class _Sentence:
    """What is known in the sentence being read: whether the young person has been named and no one else
    since, which of he or she meant them, and whether "he" or "she" did."""

    live: bool = False
    gender: str | None = None
    subject: bool = False


def _her(word: str | None, before: str | None) -> str | None:
    """ "her" as the young person: "your" before a noun, "you" as the person; None when it could be either."""
    if word is None or word.lower() in _AFTER_OBJECT:
        return "you"
    if before is not None and before.lower() in _EITHER_AFTER:
        return None
    return "your"


def _someone_else(tokens: list[re.Match[str]], n: int) -> bool:
    """Whether the n-th word names a person other than the young person: a name, initials, an acronym
    ("the IRO"), or a word for a person ("his mum", "the manager"). "the Eastfield motor project" is a
    thing, and "an advocate" nobody in particular."""
    t = tokens[n]
    word = t.group("word")
    if word is None:
        return True  # initials
    k = n - 1
    if word[0].isupper() and word != "I":
        if word.isupper():
            return True
        while k >= 0 and (w := tokens[k].group("word")) and w[0].isupper() and not w.isupper():
            k -= 1  # back over the rest of the name: "the Larch Lodge staff"
        return k < 0 or (tokens[k].group("word") or "").lower() not in ("the", "a", "an")
    return word.lower() in _PEOPLE and (k < 0 or (tokens[k].group("word") or "").lower() not in ("a", "an"))


def _swap_pronouns(segment: str, s: _Sentence) -> str:
    """The text after a mention of the young person, its pronouns for them made "you" while ``s`` allows."""
    tokens = list(_TOKEN.finditer(segment))
    out: list[str] = []
    pos = 0
    for n, t in enumerate(tokens):
        if t.group("end"):
            s.live, s.gender, s.subject = False, None, False  # a new sentence: nobody is named in it yet
            continue
        if not s.live:
            continue
        word = t.group("word")
        key = (word or "").lower().replace("’", "'")
        if t.group("init") or key not in _PRONOUNS:
            if _someone_else(tokens, n):
                s.live = False  # what follows may be theirs
            continue
        gender, new = _PRONOUNS[key]
        if s.gender is not None and gender != s.gender:
            continue  # the other of he or she: someone else
        following = tokens[n + 1].group("word") if n + 1 < len(tokens) else None
        if key == "her":
            before = tokens[n - 1].group("word") if n > 0 else None
            new = _her(following, before)
        if key.endswith("'s") and following is not None and following.lower() in _HAS:
            new = "you've"
        if new is None or (new == "you" and key not in _SUBJECT and s.subject):
            continue
        s.gender = gender
        s.subject |= key in _SUBJECT
        if word[0].isupper():
            new = new.capitalize()
        if "’" in word:
            new = new.replace("'", "’")
        out.append(segment[pos : t.start()] + new)
        pos = t.end()
    out.append(segment[pos:])
    return "".join(out)


def to_you(text: str, name: str) -> str:
    """The record's text with the young person named as "you" ("explain to J." -> "explain to you", "J.'s
    wishes" -> "your wishes"), capitalised where a sentence starts, and their pronouns after that in the same
    sentence too ("J. says he" -> "you say you"). Other people's names, and pronouns that may be theirs, are
    left alone."""
    pattern = _you_pattern(" ".join(name.split()))
    if pattern is None or not text:
        return text
    out: list[str] = []
    pos = 0
    sentence = _Sentence()
    for m in pattern.finditer(text):
        out.append(_swap_pronouns(text[pos : m.start()], sentence))
        word = "your" if m.group("own") else "you"
        before = text[: m.start()].rstrip()
        if not before or before.endswith((".", "!", "?")):
            word = word.capitalize()
            sentence = _Sentence()
        after = text[m.end() :]
        # "explain to J." ends a sentence too: its full stop stays when the initials took it.
        took_stop = not m.group("own") and m.group(0).endswith(".")
        ends = took_stop and (not after.strip() or re.match(r"\s+[A-Z]", after) is not None)
        out.append(word + "." if ends else word)
        sentence = _Sentence() if ends else sentence
        sentence.live = not ends
        pos = m.end()
    out.append(_swap_pronouns(text[pos:], sentence))
    return _AGREE_RE.sub(lambda m: f"{m.group(1)} {_AGREE[m.group(2)]}", "".join(out))
