"""Lighthouse on one page of every type: the phone profile, the site served gzipped.

Runs the npm `lighthouse` CLI (package.json, `npm ci`) with Debian's Chromium on the built
site, served by benchmarks.static_server on 127.0.0.1. Lighthouse's default settings are its
phone profile: a mid-range phone's screen, a 4x slower CPU and a slow 4G network (simulated).
Targets, from the developers' guide: performance >= 95; accessibility, best practices and
SEO 100. The audits that cost points are listed, so a miss says what to fix.

Usage: python -m benchmarks.lighthouse SITE_DIR [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.project import ROOT
from benchmarks.static_server import serving
from benchmarks.weight import CHROMIUM, page_type, site_pages

CLI = ROOT / "node_modules" / ".bin" / "lighthouse"
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


def run_page(url: str) -> dict[str, Any]:
    """Lighthouse's scores for one address, and the audits that cost points."""
    with tempfile.TemporaryDirectory(prefix="bench-lh-") as temp:
        out = Path(temp) / "report.json"
        command = [str(CLI), url, "--output=json", f"--output-path={out}", "--quiet",
                   f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={FLAGS}"]
        env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False,
                              timeout=300)
        if done.returncode != 0 or not out.exists():
            return {"url": url, "error": done.stderr[-2000:]}
        report = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
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


def run(site: Path, chapters: set[str]) -> list[dict[str, Any]]:
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
            result = run_page(base + (folder + "/" if folder else ""))
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
    args = parser.parse_args()
    reason = available()
    if reason:
        print(f"lighthouse: {reason}")
        return 1
    chapters = {p.stem for p in (ROOT / "content").glob("*.md") if p.stem != "index"}
    results = run(args.site, chapters)
    print(table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0 if all(meets(r) for r in results) else 1


def table(results: list[dict[str, Any]]) -> str:
    """The scores as a text table, with the audits that cost points."""
    lines = [f"{'page type':<16} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4}  page"]
    for r in results:
        if "error" in r:
            lines.append(f"{r['type']:<16} error: {r['error'][-200:]}")
            continue
        s = r["scores"]
        mark = "PASS" if meets(r) else "FAIL"
        lines.append(f"{r['type']:<16} {s['performance']:>4} {s['accessibility']:>4} "
                     f"{s['best-practices']:>4} {s['seo']:>4}  {r['url']} {mark}")
        for m in r["missed"]:
            lines.append(f"{'':<18}- {m['category']}: {m['id']} {m['value']}".rstrip())
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
