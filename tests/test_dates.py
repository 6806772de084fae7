"""Partial dates: which are valid, how precise they are, how they sort and how they read."""

from __future__ import annotations

import pytest

from sitegen import dates


@pytest.mark.parametrize("value", ["1960s", "2006", "2018-07", "2014-11-24", "2020-02-29"])
def test_valid_dates_pass_unchanged(value: str) -> None:
    assert dates.check_date(value) == value


@pytest.mark.parametrize("value", [
    "2019-13", "2019-00", "2019-02-30", "2021-02-29", "late 60s", "60s", "1965s", "2018.07",
    "2018-7", "18-07-2018", "July 2018", "", "2018-07-01T00:00", " 2018",
])
def test_invalid_dates_are_refused(value: str) -> None:
    with pytest.raises(ValueError, match=r"date|month|day"):
        dates.check_date(value)


@pytest.mark.parametrize(("value", "kind"), [
    ("1960s", "decade"), ("2006", "year"), ("2018-07", "month"), ("2014-11-24", "day"),
])
def test_precision(value: str, kind: str) -> None:
    assert dates.precision(value) == kind


def test_sort_order_is_chronological_with_coarse_dates_first() -> None:
    given = [
        ("2019-11-02", None), ("2019", None), ("1960s", "late"), ("2019-06", None),
        ("1990s", "mid"), ("1980s", None), ("2019-11", None), ("1960s", None), ("2018", None),
    ]
    ordered = sorted(given, key=lambda d: dates.sort_key(*d))
    assert ordered == [
        ("1960s", None), ("1960s", "late"), ("1980s", None), ("1990s", "mid"), ("2018", None),
        ("2019", None), ("2019-06", None), ("2019-11", None), ("2019-11-02", None),
    ]


def test_late_decade_sorts_after_its_early_years_but_before_the_next_decade() -> None:
    late_60s = dates.sort_key("1960s", "late")
    assert dates.sort_key("1965") < late_60s < dates.sort_key("1970s")
    assert dates.sort_key("1990s", "early") < dates.sort_key("1990s", "mid") < \
        dates.sort_key("1990s", "late") < dates.sort_key("2000s")


@pytest.mark.parametrize(("value", "approx", "words"), [
    ("1960s", "late", "late 1960s"),
    ("1990s", "mid", "mid 1990s"),
    ("2006", None, "2006"),
    ("2006", "circa", "c. 2006"),
    ("2018-07", None, "July 2018"),
    ("2014-11-04", None, "4 November 2014"),
    ("2020-12", "early", "early December 2020"),
])
def test_display_keeps_the_precision_the_report_gives(value: str, approx: str | None,
                                                     words: str) -> None:
    assert dates.display(value, approx) == words


@pytest.mark.parametrize(("value", "iso"), [
    ("1960s", "1960"), ("2006", "2006"), ("2018-07", "2018-07"), ("2014-11-24", "2014-11-24"),
])
def test_iso_and_year(value: str, iso: str) -> None:
    assert dates.iso(value) == iso
    assert dates.year_of(value) == int(iso[:4])


@pytest.mark.parametrize(("value", "approx", "label"), [
    ("1960s", "late", "late 1960s"),
    ("1990s", None, "1990s"),
    ("2000", "circa", "c. 2000"),
    ("2006", None, "2006"),
    ("2019-01", None, "2019"),
    ("2014-11-24", None, "2014"),
])
def test_year_label_never_turns_a_decade_into_a_year(value: str, approx: str | None,
                                                     label: str) -> None:
    assert dates.year_label(value, approx) == label
    # It names the year a sortable column orders it by.
    assert str(dates.year_of(value)) in label


@pytest.mark.parametrize(("value", "approx", "words"), [
    ("1960s", "late", "the late 1960s"),
    ("2000s", None, "the 2000s"),
    ("2000", "circa", "c. 2000"),
    ("2018-07", None, "July 2018"),
])
def test_in_sentence_gives_a_decade_its_article(value: str, approx: str | None,
                                                words: str) -> None:
    assert dates.in_sentence(value, approx) == words
