"""The link indexes give exactly what scanning every record gives, in the dataset's order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitegen.relations import Relations

if TYPE_CHECKING:
    from sitegen.dataset import Dataset


def test_event_indexes_match_a_scan(data: Dataset) -> None:
    rel = data.relations
    assert rel is data.relations  # built once per dataset
    for place in data.by_id["all_places"]:
        assert [data.events[i] for i in rel.events_by_place.get(place, ())] == \
            [e for e in data.events if place in e.countries]
    for org in data.organisations:
        assert [data.events[i] for i in rel.events_by_actor.get(org.id, ())] == \
            [e for e in data.events if org.id in e.actors]
    for project in data.projects:
        assert [data.events[i] for i in rel.events_by_project.get(project.id, ())] == \
            [e for e in data.events if project.id in e.projects]


def test_project_and_fact_indexes_match_a_scan(data: Dataset) -> None:
    rel = Relations.of(data)
    homes = {o.id: o.home for o in data.organisations}
    for place in data.by_id["all_places"]:
        expected = [p for p in data.projects if p.country == place
                    or any(i.country == place and i.stated for i in p.involved_countries)
                    or any(homes[o.id] == place and o.stated for o in p.organisations)]
        assert [data.projects[i] for i in rel.projects_by_place.get(place, ())] == expected
        assert [data.projects[i] for i in rel.project_places.get(place, ())] == \
            [p for p in data.projects if p.country == place]
    for org in data.organisations:
        assert [data.projects[i] for i in rel.projects_by_org.get(org.id, ())] == \
            [p for p in data.projects if any(o.id == org.id for o in p.organisations)]
    subjects = {s for f in data.facts for s in f.subjects}
    assert subjects, "the real data has facts about subjects"
    for subject in subjects:
        assert [data.facts[i] for i in rel.facts_by_subject[subject]] == \
            [f for f in data.facts if subject in f.subjects]


def test_indexes_cannot_be_changed(data: Dataset) -> None:
    import pytest

    with pytest.raises(TypeError):
        data.relations.events_by_actor["cisco"] = ()  # type: ignore[index]
