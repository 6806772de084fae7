"""A cold build's citations are formatted ahead, in worker processes: exactly what the pages then
ask for, the same entries as formatted here, errors raised here, and no process when the memo
already has them."""

from __future__ import annotations

import json
from typing import Any, ClassVar

import pytest
from conftest import DATA, ROOT

from sitegen import cite, cite_csl, cite_prefetch, cite_sources, memo, site, workers
from sitegen.charts import site_from_config
from sitegen.cite_config import read_mkdocs_yaml
from sitegen.cite_csl import MEMO, Request
from sitegen.dataset import Dataset, load

# Each test starts as a cold build does: nothing formatted yet.
pytestmark = pytest.mark.usefixtures("fresh_memo")


def refuse_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(count: int, module: str) -> workers.Workers:
        raise AssertionError("worker processes started")

    monkeypatch.setattr(workers, "Workers", refuse)


def some_requests(data: Dataset) -> list[Request]:
    """Every source in every style, as HTML and as plain text: a few hundred requests."""
    records = [cite_csl.source_record(s) for s in data.sources]
    return [Request((record,), style, output) for output in ("html", "plain")
            for style in cite_csl.STYLES for record in records]


class Recorded(cite_prefetch.Prefetch):
    """A prefetch that keeps itself where the test can look at it."""

    made: ClassVar[list[Recorded]] = []

    def __init__(self, processes: int | None = None) -> None:
        super().__init__(processes)
        Recorded.made.append(self)


def assemble(monkeypatch: pytest.MonkeyPatch) -> tuple[site.Assembled, Recorded]:
    """The real site assembled in this process (on a fresh dataset), and its prefetch."""
    Recorded.made.clear()
    monkeypatch.setattr(cite_prefetch, "Prefetch", Recorded)
    config = ROOT / "mkdocs.yml"
    info = read_mkdocs_yaml(config)
    written = site.read_written(ROOT / info.docs_dir)
    built = site.assemble(load(DATA), info, site_from_config(config), written)
    (prefetch,) = Recorded.made
    return built, prefetch


def test_a_cold_build_formats_ahead_exactly_what_its_pages_ask(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "cpus", lambda: 2)  # one worker, whatever this machine has
    before = memo.computed(MEMO)
    cold, prefetch = assemble(monkeypatch)
    asked = memo._used[MEMO]
    # Nothing was formatted where it was asked for: all of it came from the prefetch ...
    assert memo.computed(MEMO) == before
    # ... which formatted nothing the pages did not ask for, some of it in a worker process.
    assert prefetch.made_here + prefetch.made_elsewhere == len(asked) > 600
    assert prefetch.made_elsewhere > 0

    # A second build finds all of it in the memo: no process, nothing formatted, same site.
    refuse_workers(monkeypatch)
    memo._used.clear()
    warm, prefetch = assemble(monkeypatch)
    assert prefetch.made_here == prefetch.made_elsewhere == 0
    assert memo.computed(MEMO) == before
    assert warm.files == cold.files and warm.written == cold.written
    assert warm.heads == cold.heads and warm.blocks == cold.blocks
    # Every page's Markdown still ends with its block, which a front end may take out.
    pages = {**cold.pages, **cold.written}
    assert set(cold.blocks) == set(pages)
    assert all(pages[p].endswith(f"\n\n{cold.block(p)}\n") for p in cold.blocks)
    assert all(cold.block(p).startswith('<div class="cite-block"') for p in cold.blocks)


def test_entries_from_a_worker_are_those_formatted_here(data: Dataset) -> None:
    requests = some_requests(data)
    before = memo.computed(MEMO)  # other tests in this process may have formatted some
    with cite_prefetch.Prefetch(processes=1) as prefetch:
        pending = prefetch.add(requests)
        first = pending.chunks[0].future
        assert first is not None
        first.result()  # the worker formats this one whatever this process does meanwhile
        pending.wait()
    assert prefetch.made_elsewhere > 0
    assert prefetch.made_here + prefetch.made_elsewhere == len(requests)
    for request in requests:
        here = cite_csl._format_bibliography(list(request.records), request.style,
                                             request.output)
        assert json.loads(memo._stores[MEMO][request.key]) == here
        assert cite_csl.formatted(request) == here
    assert memo.computed(MEMO) == before


def test_a_workers_error_is_raised_here(data: Dataset) -> None:
    bad = Request((cite_csl.source_record(data.sources[0]),), "no-such-style")
    with cite_prefetch.Prefetch(processes=1) as prefetch:
        pending = prefetch.add([bad, *some_requests(data)])
        first = pending.chunks[0].future
        assert first is not None
        with pytest.raises(KeyError, match="no-such-style"):
            first.result()
        with pytest.raises(KeyError, match="no-such-style"):
            pending.wait()


def test_a_worker_that_dies_is_an_error_here_not_a_hang(data: Dataset) -> None:
    with cite_prefetch.Prefetch(processes=1) as prefetch:
        pending = prefetch.add(some_requests(data))
        first = pending.chunks[0].future
        assert first is not None and prefetch._pool is not None
        first.result()
        (process,) = prefetch._pool._processes
        process.kill()
        with pytest.raises(workers.WorkerError, match="stopped"):
            pending.wait()


def test_a_worker_with_other_code_refuses_to_format(data: Dataset,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cite_csl, "code_version", lambda: ("another", "version"))
    with cite_prefetch.Prefetch(processes=1) as prefetch:
        pending = prefetch.add(some_requests(data))
        first = pending.chunks[0].future
        assert first is not None
        with pytest.raises(RuntimeError, match="is not the code"):
            first.result()


def test_a_few_misses_are_formatted_here_without_a_process(
        data: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_workers(monkeypatch)
    requests = some_requests(data)[: cite_prefetch.MIN_FOR_WORKERS - 1]
    before = memo.computed(MEMO)
    with cite_prefetch.Prefetch(processes=4) as prefetch:
        prefetch.add(requests).wait()
    assert prefetch.made_here == len(requests)
    assert all(cite_csl.formatted(r) for r in requests)
    assert memo.computed(MEMO) == before


def test_what_the_memo_has_starts_no_process(data: Dataset,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    requests = some_requests(data)
    for request in requests:
        cite_csl.formatted(request)
    refuse_workers(monkeypatch)
    with cite_prefetch.Prefetch(processes=4) as prefetch:
        pending = prefetch.add(requests)
        assert pending.chunks == []
        pending.wait()
    assert (prefetch.hits, prefetch.made_here, prefetch.made_elsewhere) == (len(requests), 0, 0)


def test_a_request_added_twice_is_formatted_once(data: Dataset) -> None:
    requests = some_requests(data)[:30]
    with cite_prefetch.Prefetch(processes=0) as prefetch:
        first = prefetch.add(requests)
        again = prefetch.add([*requests[10:], *requests])
        again.wait()
        first.wait()
    assert prefetch.made_here == len(requests)


def test_the_call_sites_ask_what_their_requests_say(data: Dataset,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[Request] = []

    def spy(request: Request) -> Any:
        asked.append(request)
        return real(request)

    real = cite_csl.formatted
    monkeypatch.setattr(cite_csl, "formatted", spy)
    record = cite.report_record(data)
    cite.formats(record)
    cite_sources.entries(data)
    cite.based_on(load(DATA))  # a new dataset: its note is made afresh
    assert asked == [*cite.style_requests(record), *cite_sources.requests(data),
                     cite.based_on_request(data)]
