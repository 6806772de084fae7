"""Lighthouse on one page of every type: the phone profile, the site served gzipped.

Runs the npm `lighthouse` CLI (package.json, `npm ci`) with Debian's Chromium on the built
site, served by benchmarks.static_server on 127.0.0.1. Lighthouse's default settings are its
phone profile: a mid-range phone's screen, a 4x slower CPU and a slow 4G network (simulated).
Targets, from the developers' guide: performance >= 95; accessibility, best practices and
SEO 100. The audits that cost points are listed, so a miss says what to fix.

One run of a page can move its performance score by several points (Lighthouse simulates the
phone from one fast trace; its docs/variability.md). As Lighthouse advises and Lighthouse CI
does by default, each page is run three times (`--runs`) and judged on the run Lighthouse
itself picks as the median (core/lib/median-run.js, through benchmarks/median_run.mjs); the
table also shows the lowest and highest performance score of the runs.

Usage: python -m benchmarks.lighthouse SITE_DIR [--json OUT] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.project import ROOT
from benchmarks.static_server import serving
from benchmarks.weight import CHROMIUM, page_type, site_pages

CLI = ROOT / "node_modules" / ".bin" / "lighthouse"
MEDIAN_RUN = Path(__file__).with_name("median_run.mjs")
RUNS = 3  # Lighthouse CI's default number of runs per address
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def available() -> str | None:
    """Why Lighthouse cannot run here, or None when it can."""
    if not CLI.exists():
        return f"{CLI} is missing: run `npm ci`"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: apt-get install chromium"
    return None


def run_page(url: str, runs: int = RUNS) -> dict[str, Any]:
    """Lighthouse's median run of `runs` on one address: its scores, the audits that cost
    points, and every run's performance score."""
    command = [str(CLI), url, "--output=json", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={FLAGS}"]
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    with tempfile.TemporaryDirectory(prefix="bench-lh-") as temp:
        paths = []
        for i in range(runs):
            out = Path(temp) / f"report-{i}.json"
            done = subprocess.run([*command, f"--output-path={out}"], env=env,
                                  capture_output=True, text=True, check=False, timeout=300)
            if done.returncode != 0 or not out.exists():
                return {"url": url, "error": done.stderr[-2000:]}
            paths.append(out)
        reports = [json.loads(path.read_text(encoding="utf-8")) for path in paths]
        chosen = median_run(paths)
    result = summarise(url, reports[chosen])
    result["performance_runs"] = [_score(r, "performance") for r in reports]
    return result


def median_run(reports: list[Path]) -> int:
    """The index of the run Lighthouse's computeMedianRun picks among these reports."""
    if len(reports) == 1:
        return 0
    node = shutil.which("node") or "node"
    done = subprocess.run([node, str(MEDIAN_RUN), *map(str, reports)], capture_output=True,
                          text=True, check=True, timeout=60)
    return int(done.stdout.strip())


def summarise(url: str, report: dict[str, Any]) -> dict[str, Any]:
    """One report's scores, the audits that cost points and the main timings."""
    scores = {c: _score(report, c) for c in CATEGORIES}
    missed = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                missed.append({"category": category, "id": ref["id"], "score": audit["score"],
                               "title": audit["title"], "value": audit.get("displayValue", ""),
                               "where": _where(audit)})
    metrics = {k: report["audits"][k].get("numericValue") for k in (
        "first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
        "cumulative-layout-shift", "speed-index", "total-byte-weight")}
    return {"url": url, "scores": scores, "missed": missed, "metrics": metrics}


def _score(report: dict[str, Any], category: str) -> int:
    """A category's score out of 100."""
    return round(100 * (report["categories"][category]["score"] or 0))


def _where(audit: dict[str, Any]) -> list[str]:
    """A few of the elements or files an audit names, to know where to look."""
    out = []
    for item in (audit.get("details") or {}).get("items", [])[:3]:
        node, source = item.get("node") or {}, item.get("source")
        found = (node.get("selector") or item.get("selector") or item.get("url") or
                 (source.get("url") if isinstance(source, dict) else source) or
                 item.get("description") or "")
        if found:
            out.append(str(found)[:160])
    return out


def run(site: Path, chapters: set[str], runs: int = RUNS) -> list[dict[str, Any]]:
    """One page of each type (its largest), through Lighthouse."""
    chosen: dict[str, str] = {}
    for folder in site_pages(site):
        kind = page_type(folder, chapters)
        size = (site / folder / "index.html").stat().st_size
        if kind not in chosen or size > (site / chosen[kind] / "index.html").stat().st_size:
            chosen[kind] = folder
    results = []
    with serving(site) as base:
        for kind, folder in sorted(chosen.items()):
            result = run_page(base + (folder + "/" if folder else ""), runs)
            result["type"] = kind
            result["url"] = "/" + folder + ("/" if folder else "")
            results.append(result)
    return results


def meets(result: dict[str, Any]) -> bool:
    """Whether a page reaches every target."""
    scores = result.get("scores") or {}
    return bool(scores) and all(scores[c] >= t for c, t in TARGETS.items())


def main() -> int:
    """Command line: run, print a table, optionally write JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lighthouse", description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--runs", type=int, default=RUNS, help="runs per page (default 3)")
    args = parser.parse_args()
    reason = available()
    if reason:
        print(f"lighthouse: {reason}")
        return 1
    chapters = {p.stem for p in (ROOT / "content").glob("*.md") if p.stem != "index"}
    results = run(args.site, chapters, max(1, args.runs))
    print(table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0 if all(meets(r) for r in results) else 1


def table(results: list[dict[str, Any]]) -> str:
    """The median runs' scores as a text table (with every run's lowest and highest
    performance score), and the audits that cost points."""
    lines = [f"{'page type':<16} {'perf':>4} {'runs':>7} {'a11y':>4} {'bp':>4} {'seo':>4}  page"]
    for r in results:
        if "error" in r:
            lines.append(f"{r['type']:<16} error: {r['error'][-200:]}")
            continue
        s = r["scores"]
        runs = r.get("performance_runs") or [s["performance"]]
        spread = f"{min(runs)}-{max(runs)}"
        mark = "PASS" if meets(r) else "FAIL"
        lines.append(f"{r['type']:<16} {s['performance']:>4} {spread:>7} {s['accessibility']:>4} "
                     f"{s['best-practices']:>4} {s['seo']:>4}  {r['url']} {mark}")
        for m in r["missed"]:
            lines.append(f"{'':<18}- {m['category']}: {m['id']} {m['value']}".rstrip())
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
