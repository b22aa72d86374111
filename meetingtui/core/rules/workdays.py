"""Working days in England and Wales: weekends and bank holidays off.

Deadlines such as "actions circulated within 1 working day" and "draft minutes approved within 10 working days"
are counted in working days, so a meeting on a Friday before a bank holiday Monday has until Tuesday.

The bank holidays are a shipped table rather than a library: the set is small, changes only by proclamation,
and a table keeps the CLI free of another dependency. Source: the GOV.UK list of UK bank holidays
(https://www.gov.uk/bank-holidays, England and Wales division) for the years it publishes; later years follow
the standing rules of the Banking and Financial Dealings Act 1971 (New Year's Day, Good Friday, Easter Monday,
first and last Monday of May, last Monday of August, Christmas and Boxing Day, each moved to the next free
weekday when it falls on a weekend). One-off days are included: VE Day 2020 (early May holiday moved to
Friday 8 May), the Platinum Jubilee (spring holiday moved to Thursday 2 June and Friday 3 June 2022), the State
Funeral of Queen Elizabeth II (19 September 2022) and the Coronation of King Charles III (8 May 2023).

KEEP IT CURRENT: the table ends with 2030 (``COVERED_UNTIL``). Extend it before 2031, and add any one-off day
announced by proclamation for a covered year. Outside the table only weekends are skipped.
"""

from __future__ import annotations

from datetime import date, timedelta

FIRST_YEAR = 2020
COVERED_UNTIL = 2030

_TABLE: dict[str, str] = {
    # 2020
    "2020-01-01": "New Year's Day",
    "2020-04-10": "Good Friday",
    "2020-04-13": "Easter Monday",
    "2020-05-08": "Early May bank holiday (VE day)",
    "2020-05-25": "Spring bank holiday",
    "2020-08-31": "Summer bank holiday",
    "2020-12-25": "Christmas Day",
    "2020-12-28": "Boxing Day (substitute day)",
    # 2021
    "2021-01-01": "New Year's Day",
    "2021-04-02": "Good Friday",
    "2021-04-05": "Easter Monday",
    "2021-05-03": "Early May bank holiday",
    "2021-05-31": "Spring bank holiday",
    "2021-08-30": "Summer bank holiday",
    "2021-12-27": "Christmas Day (substitute day)",
    "2021-12-28": "Boxing Day (substitute day)",
    # 2022
    "2022-01-03": "New Year's Day (substitute day)",
    "2022-04-15": "Good Friday",
    "2022-04-18": "Easter Monday",
    "2022-05-02": "Early May bank holiday",
    "2022-06-02": "Spring bank holiday",
    "2022-06-03": "Platinum Jubilee bank holiday",
    "2022-08-29": "Summer bank holiday",
    "2022-09-19": "Bank Holiday for the State Funeral of Queen Elizabeth II",
    "2022-12-26": "Boxing Day",
    "2022-12-27": "Christmas Day (substitute day)",
    # 2023
    "2023-01-02": "New Year's Day (substitute day)",
    "2023-04-07": "Good Friday",
    "2023-04-10": "Easter Monday",
    "2023-05-01": "Early May bank holiday",
    "2023-05-08": "Bank holiday for the coronation of King Charles III",
    "2023-05-29": "Spring bank holiday",
    "2023-08-28": "Summer bank holiday",
    "2023-12-25": "Christmas Day",
    "2023-12-26": "Boxing Day",
    # 2024
    "2024-01-01": "New Year's Day",
    "2024-03-29": "Good Friday",
    "2024-04-01": "Easter Monday",
    "2024-05-06": "Early May bank holiday",
    "2024-05-27": "Spring bank holiday",
    "2024-08-26": "Summer bank holiday",
    "2024-12-25": "Christmas Day",
    "2024-12-26": "Boxing Day",
    # 2025
    "2025-01-01": "New Year's Day",
    "2025-04-18": "Good Friday",
    "2025-04-21": "Easter Monday",
    "2025-05-05": "Early May bank holiday",
    "2025-05-26": "Spring bank holiday",
    "2025-08-25": "Summer bank holiday",
    "2025-12-25": "Christmas Day",
    "2025-12-26": "Boxing Day",
    # 2026
    "2026-01-01": "New Year's Day",
    "2026-04-03": "Good Friday",
    "2026-04-06": "Easter Monday",
    "2026-05-04": "Early May bank holiday",
    "2026-05-25": "Spring bank holiday",
    "2026-08-31": "Summer bank holiday",
    "2026-12-25": "Christmas Day",
    "2026-12-28": "Boxing Day (substitute day)",
    # 2027
    "2027-01-01": "New Year's Day",
    "2027-03-26": "Good Friday",
    "2027-03-29": "Easter Monday",
    "2027-05-03": "Early May bank holiday",
    "2027-05-31": "Spring bank holiday",
    "2027-08-30": "Summer bank holiday",
    "2027-12-27": "Christmas Day (substitute day)",
    "2027-12-28": "Boxing Day (substitute day)",
    # 2028 (standing rules; not yet published by GOV.UK when written)
    "2028-01-03": "New Year's Day (substitute day)",
    "2028-04-14": "Good Friday",
    "2028-04-17": "Easter Monday",
    "2028-05-01": "Early May bank holiday",
    "2028-05-29": "Spring bank holiday",
    "2028-08-28": "Summer bank holiday",
    "2028-12-25": "Christmas Day",
    "2028-12-26": "Boxing Day",
    # 2029 (standing rules)
    "2029-01-01": "New Year's Day",
    "2029-03-30": "Good Friday",
    "2029-04-02": "Easter Monday",
    "2029-05-07": "Early May bank holiday",
    "2029-05-28": "Spring bank holiday",
    "2029-08-27": "Summer bank holiday",
    "2029-12-25": "Christmas Day",
    "2029-12-26": "Boxing Day",
    # 2030 (standing rules)
    "2030-01-01": "New Year's Day",
    "2030-04-19": "Good Friday",
    "2030-04-22": "Easter Monday",
    "2030-05-06": "Early May bank holiday",
    "2030-05-27": "Spring bank holiday",
    "2030-08-26": "Summer bank holiday",
    "2030-12-25": "Christmas Day",
    "2030-12-26": "Boxing Day",
}

BANK_HOLIDAYS: dict[date, str] = {date.fromisoformat(k): v for k, v in _TABLE.items()}


def is_covered(d: date) -> bool:
    """Whether the table knows the bank holidays of ``d``'s year."""
    return FIRST_YEAR <= d.year <= COVERED_UNTIL


def bank_holiday(d: date) -> str | None:
    """The bank holiday's name, or None."""
    return BANK_HOLIDAYS.get(d)


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and d not in BANK_HOLIDAYS


def add_working_days(d: date, n: int) -> date:
    """The n-th working day after ``d`` (``d`` itself when n is 0, whatever day it is).

    A deadline of "within 1 working day" of a Friday meeting is therefore the Monday, or the Tuesday when
    that Monday is a bank holiday.
    """
    if n < 0:
        raise ValueError(f"add_working_days: n must not be negative ({n})")
    day = d
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(a: date, b: date) -> int:
    """Working days after ``a`` up to and including ``b``; negative when ``b`` is before ``a``.

    The inverse of :func:`add_working_days`: ``working_days_between(d, add_working_days(d, n)) == n``.
    """
    if b < a:
        return -working_days_between(b, a)
    days = (b - a).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    day = a + timedelta(days=weeks * 7)
    for _ in range(rest):
        day += timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    return count - sum(1 for h in BANK_HOLIDAYS if a < h <= b and h.weekday() < 5)
