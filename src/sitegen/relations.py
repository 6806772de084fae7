"""Who is linked to whom in the dataset, indexed once so that pages look links up, not scan.

Every profile page lists the events, projects and facts of one record. Scanning all records
for each page made the build quadratic in the data (benchmarks/RESULTS.md); these indexes,
built in one pass, keep it linear.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitegen.dataset import Dataset

# id -> positions of the records that name it, in the dataset's order
Positions = Mapping[str, tuple[int, ...]]


def _freeze(index: Mapping[str, Iterable[int]]) -> Positions:
    return MappingProxyType({key: tuple(sorted(set(found))) for key, found in index.items()})


@dataclass(frozen=True)
class Relations:
    """Indexes from an id to the events, projects and facts that name it."""

    events_by_place: Positions
    events_by_actor: Positions
    events_by_project: Positions
    projects_by_place: Positions
    projects_by_org: Positions
    facts_by_subject: Positions
    project_places: Positions  # place id -> projects located there (country only)

    @classmethod
    def of(cls, data: Dataset) -> Relations:
        """Index the dataset's links in one pass over its records."""
        by_place: defaultdict[str, list[int]] = defaultdict(list)
        by_actor: defaultdict[str, list[int]] = defaultdict(list)
        by_project: defaultdict[str, list[int]] = defaultdict(list)
        for i, event in enumerate(data.events):
            for place in event.countries:
                by_place[place].append(i)
            for actor in event.actors:
                by_actor[actor].append(i)
            for project_id in event.projects:
                by_project[project_id].append(i)
        projects_place: defaultdict[str, list[int]] = defaultdict(list)
        projects_org: defaultdict[str, list[int]] = defaultdict(list)
        located: defaultdict[str, list[int]] = defaultdict(list)
        homes = {o.id: o.home for o in data.organisations}
        for i, project in enumerate(data.projects):
            located[project.country].append(i)
            projects_place[project.country].append(i)
            # A country takes part through what the report states, not what it only implies
            # (an invitation, a company mentioned beside the project): model.Participation.
            for involved in project.involved_countries:
                if involved.stated:
                    projects_place[involved.country].append(i)
            for part in project.organisations:
                projects_org[part.id].append(i)
                home = homes.get(part.id)
                if home and part.stated:
                    projects_place[home].append(i)
        facts: defaultdict[str, list[int]] = defaultdict(list)
        for i, fact in enumerate(data.facts):
            for subject in fact.subjects:
                facts[subject].append(i)
        return cls(_freeze(by_place), _freeze(by_actor), _freeze(by_project),
                   _freeze(projects_place), _freeze(projects_org), _freeze(facts),
                   _freeze(located))
