"""Working days: weekends and England and Wales bank holidays, which every circulation deadline counts in."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from meetingtui.core.rules.workdays import (
    BANK_HOLIDAYS,
    COVERED_UNTIL,
    add_working_days,
    bank_holiday,
    is_covered,
    is_working_day,
    working_days_between,
)


def _easter(y: int) -> date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher), independent of the table."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(y, month, day + 1)


def _monday(y: int, month: int, *, last: bool) -> date:
    if last:
        d = (date(y, month + 1, 1) if month < 12 else date(y + 1, 1, 1)) - timedelta(days=1)
        return d - timedelta(days=d.weekday())
    d = date(y, month, 1)
    return d + timedelta(days=(7 - d.weekday()) % 7)


def _standing_rules(y: int) -> set[date]:
    """The Banking and Financial Dealings Act pattern, with weekend days moved to the next free weekday."""
    new_year = date(y, 1, 1)
    while new_year.weekday() >= 5:
        new_year += timedelta(days=1)
    easter = _easter(y)
    days = {
        new_year,
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        _monday(y, 5, last=False),
        _monday(y, 5, last=True),
        _monday(y, 8, last=True),
    }
    taken: set[date] = set()
    for d in (date(y, 12, 25), date(y, 12, 26)):
        while d.weekday() >= 5 or d in taken:
            d += timedelta(days=1)
        taken.add(d)
    return days | taken


# The one-off changes by proclamation since 2020: (added, removed).
ONE_OFFS = {
    2020: ({date(2020, 5, 8)}, {date(2020, 5, 4)}),
    2022: ({date(2022, 6, 2), date(2022, 6, 3), date(2022, 9, 19)}, {date(2022, 5, 30)}),
    2023: ({date(2023, 5, 8)}, set()),
}


@pytest.mark.parametrize("year", range(2020, COVERED_UNTIL + 1))
def test_table_matches_the_rules_and_the_known_one_offs(year: int) -> None:
    added, removed = ONE_OFFS.get(year, (set(), set()))
    want = (_standing_rules(year) - removed) | added
    got = {d for d in BANK_HOLIDAYS if d.year == year}
    assert got == want
    assert all(d.weekday() < 5 for d in got)


def test_table_covers_every_year_through_2030() -> None:
    # Reminder: extend the table (and COVERED_UNTIL) before 2031.
    assert COVERED_UNTIL >= 2030
    for year in range(2020, COVERED_UNTIL + 1):
        assert is_covered(date(year, 6, 1))
        assert sum(1 for d in BANK_HOLIDAYS if d.year == year) >= 8
    assert not is_covered(date(COVERED_UNTIL + 1, 1, 1))


def test_christmas_2026_and_easter_2027() -> None:
    assert bank_holiday(date(2026, 12, 25)) == "Christmas Day"
    assert bank_holiday(date(2026, 12, 28)) == "Boxing Day (substitute day)"
    assert not is_working_day(date(2026, 12, 26))  # Saturday
    assert is_working_day(date(2026, 12, 24))
    assert is_working_day(date(2026, 12, 29))
    assert not is_working_day(date(2027, 3, 26))  # Good Friday
    assert not is_working_day(date(2027, 3, 29))  # Easter Monday
    assert is_working_day(date(2027, 3, 25))


def test_add_working_days() -> None:
    fri = date(2026, 11, 27)
    assert add_working_days(fri, 0) == fri
    assert add_working_days(fri, 1) == date(2026, 11, 30)  # Monday
    assert add_working_days(date(2026, 11, 28), 1) == date(2026, 11, 30)  # from a Saturday
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)  # over Christmas
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)  # over Easter
    assert add_working_days(date(2026, 11, 26), 10) == date(2026, 12, 10)
    assert add_working_days(date(2026, 12, 18), 10) == date(2027, 1, 6)  # 25, 28 Dec and 1 Jan off
    with pytest.raises(ValueError):
        add_working_days(fri, -1)


def test_working_days_between_is_the_inverse() -> None:
    start = date(2026, 12, 1)
    for n in range(0, 40):
        assert working_days_between(start, add_working_days(start, n)) == n
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 29)) == 1
    assert working_days_between(date(2026, 12, 29), date(2026, 12, 24)) == -1
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 29)) == 0  # Fri to Sun


def test_outside_the_table_only_weekends_are_skipped() -> None:
    assert is_working_day(date(2031, 12, 25))  # unknown year: a Thursday counts
    assert not is_working_day(date(2031, 12, 27))  # Saturday
