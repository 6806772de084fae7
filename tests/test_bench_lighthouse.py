"""`make lighthouse` judges each page on Lighthouse's own median run and shows the spread."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from benchmarks import lighthouse, run


def _report(fcp: float, tti: float, performance: float, seo: float = 1.0) -> dict[str, Any]:
    """The parts of a Lighthouse report (LHR) that the median choice and the summary read."""
    categories = {c: {"score": 1.0, "auditRefs": []} for c in lighthouse.CATEGORIES}
    categories["performance"]["score"] = performance
    categories["seo"] = {"score": seo, "auditRefs": [{"id": "document-title", "weight": 1}]}
    audits: dict[str, Any] = {
        name: {"numericValue": 0, "score": 1, "title": name} for name in (
            "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
            "speed-index", "total-byte-weight")}
    audits["first-contentful-paint"] = {"numericValue": fcp, "score": 1, "title": "FCP"}
    audits["interactive"] = {"numericValue": tti, "score": 1, "title": "TTI"}
    audits["document-title"] = {"score": seo, "title": "Document has a title",
                                "displayValue": "", "details": {"items": [{"selector": "head"}]}}
    return {"categories": categories, "audits": audits}


def _need_node() -> None:
    ready = shutil.which("node") and (lighthouse.ROOT / "node_modules" / "lighthouse").is_dir()
    if ready:
        return
    if os.environ.get("CI"):
        pytest.fail("node or node_modules/lighthouse is missing (CI: a failure, not a skip)")
    pytest.skip("node or node_modules/lighthouse is missing: run `npm ci`")


def test_the_median_run_is_the_one_lighthouse_picks(tmp_path: Path) -> None:
    _need_node()
    # Lighthouse picks the run nearest the median first paint and time to interactive: the
    # middle one here, written last so that neither first nor last place is what passes.
    runs = [_report(900, 2000, 0.99), _report(2600, 6000, 0.80), _report(1500, 3500, 0.96)]
    paths = []
    for i, report in enumerate(runs):
        paths.append(tmp_path / f"r{i}.json")
        paths[-1].write_text(json.dumps(report), encoding="utf-8")
    assert lighthouse.median_run(paths) == 2
    assert lighthouse.median_run(paths[:1]) == 0


def test_a_page_is_judged_on_its_median_run_and_the_table_shows_the_spread() -> None:
    median = lighthouse.summarise("/x/", _report(1500, 3500, 0.96))
    median.update(type="chapter", performance_runs=[99, 80, 96])
    assert lighthouse.meets(median)
    row = lighthouse.table([median]).splitlines()[1]
    assert row.split()[:3] == ["chapter", "96", "80-99"] and row.endswith("PASS")

    low = lighthouse.summarise("/y/", _report(1500, 3500, 0.94))
    low.update(type="timeline", performance_runs=[94, 97, 93])
    assert not lighthouse.meets(low)
    assert lighthouse.table([low]).splitlines()[1].endswith("FAIL")


def test_a_lost_point_is_listed_with_where_to_look() -> None:
    result = lighthouse.summarise("/z/", _report(1500, 3500, 1.0, seo=0.0))
    result.update(type="home", performance_runs=[100])
    assert result["scores"]["seo"] == 0 and not lighthouse.meets(result)
    [missed] = result["missed"]
    assert missed["id"] == "document-title" and missed["where"] == ["head"]
    assert "- seo: document-title" in lighthouse.table([result])


def test_make_bench_lists_each_page_type_with_its_runs_spread() -> None:
    page = lighthouse.summarise("/timeline/", _report(1500, 3500, 0.96))
    page.update(type="timeline", performance_runs=[93, 96, 98])
    [(what, shown, ok)] = [t for t in run.targets({"lighthouse": [page]})
                           if t[0].startswith("Lighthouse")]
    assert what == "Lighthouse timeline" and ok is True
    assert shown == "96 100 100 100 (performance 93-98 over 3 runs)"
