"""The benchmark's synthetic data: valid under the real schema, and N times the real records."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from benchmarks import synthetic
from sitegen.dataset import load
from sitegen.pages import events_for, org_projects

if TYPE_CHECKING:
    from sitegen.dataset import Dataset

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def tenfold(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """The real data at 10x, written and loaded (load() validates it)."""
    return synthetic.write(DATA, 10, tmp_path_factory.mktemp("synthetic") / "data")


def test_tenfold_has_ten_times_the_growing_records(data: Dataset, tenfold: Dataset) -> None:
    for kind in (*synthetic.GROWING, "footnotes"):
        assert len(getattr(tenfold, kind)) == 10 * len(getattr(data, kind)), kind
    assert synthetic.growing_count(tenfold) == 10 * synthetic.growing_count(data)


def test_fixed_sets_do_not_grow(data: Dataset, tenfold: Dataset) -> None:
    assert [c.id for c in tenfold.countries] == [c.id for c in data.countries]
    assert [p.id for p in tenfold.partners] == [p.id for p in data.partners]
    assert tenfold.report == data.report
    assert {k: len(t.rows) for k, t in tenfold.tables.items()} == \
        {k: len(t.rows) for k, t in data.tables.items()}


def test_clones_point_at_their_own_copy(data: Dataset, tenfold: Dataset) -> None:
    # Each copy has the real data's shape: a clone's links lead to clones of the same copy.
    for org in data.organisations:
        clone = tenfold.get("organisations", f"{org.id}-x3")
        assert clone.name == f"{org.name} (copy 3)"
        # countries and partners are fixed; other places are cloned
        fixed = org.home in {p.id for p in (*data.countries, *data.partners)}
        assert clone.home == (org.home if fixed or org.home is None else f"{org.home}-x3")
        assert [e.id for e in events_for(tenfold, actor=clone.id)] == \
            [f"{e.id}-x3" for e in events_for(data, actor=org.id)]
        assert [p.id for p in org_projects(tenfold, clone.id)] == \
            [f"{p.id}-x3" for p in org_projects(data, org.id)]


def test_clone_citations_follow_their_footnotes(data: Dataset, tenfold: Dataset) -> None:
    offset = 2 * len(data.footnotes)
    for event in data.events:
        clone = tenfold.get("events", f"{event.id}-x2")
        assert [c.footnote for c in clone.cite] == \
            [tuple(n + offset for n in c.footnote) for c in event.cite]
    for footnote in data.footnotes:
        moved = tenfold.footnote(footnote.number + offset)
        assert moved.section == footnote.section
        assert len(moved.cites) == len(footnote.cites)


def test_written_files_load_again(tenfold: Dataset) -> None:
    again = load(tenfold.root)
    assert again.record_count == tenfold.record_count


def test_factor_below_one_is_refused(data: Dataset) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        synthetic.records(data, 0)
