"""The shipped catalogue of AG/RES. 2141: counts, assignments and Appendix I."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.catalogue import (
    CatalogueError,
    format_activity_numbers,
    parse_activity_numbers,
    parse_catalogue,
)
from app.core.resources import resource_path


def test_hundred_activities_numbered_without_gaps(catalogue):
    assert [a.number for a in catalogue.activities] == list(range(1, 101))
    assert all(a.text.strip() for a in catalogue.activities)


def test_objectives(catalogue):
    assert len(catalogue.general_objectives()) == 3
    assert [o.number for o in catalogue.specific_objectives()] == list(range(1, 21))


def test_every_activity_has_existing_implementers(catalogue):
    ids = {i.id for i in catalogue.implementers}
    for activity in catalogue.activities:
        assert activity.implementers, activity.number
        assert set(activity.implementers) <= ids


def test_groups_follow_section_iii(catalogue):
    assert [g.id for g in catalogue.groups] == ["oas", "member-states", "multilateral", "other"]
    states = [i for i in catalogue.implementers if i.kind == "state"]
    assert len(states) == 35
    assert {i.group for i in states} == {"member-states"}
    forums = [i for i in catalogue.implementers if i.kind == "forum"]
    assert len(forums) == 7


def test_shared_activities_go_to_every_member_of_their_group(catalogue):
    organs = {i.id for i in catalogue.implementers if i.group == "oas" and i.named_in_resolution}
    multilateral = {i.id for i in catalogue.implementers if i.group == "multilateral"}
    for number in (30, 31, 32):
        assert set(catalogue.activity(number).implementers) == organs
    for number in (84, 85):
        assert set(catalogue.activity(number).implementers) == multilateral
    assert set(catalogue.activity(93).implementers) == {"migrants", "cso"}
    assert catalogue.assigned_activities("iachr")[:4] == (1, 2, 3, 4)
    assert len(catalogue.assigned_activities("mex")) == 33


def test_unnamed_implementers_are_marked(catalogue):
    unnamed = [i for i in catalogue.implementers if not i.named_in_resolution]
    assert unnamed, "seed 004 reports implementers the resolution does not name"
    assert all(not catalogue.assigned_activities(i.id) for i in unnamed)


def test_appendix_i_cross_references(catalogue):
    references = catalogue.cross_references()
    assert len(references) == 207
    specific = {o.number for o in catalogue.specific_objectives()}
    assert {activity for activity, _ in references} <= set(range(1, 66))
    assert {objective for _, objective in references} <= specific
    assert catalogue.activity(2).objectives == (1, 8, 12, 13, 14)
    assert catalogue.activity(1).objectives == (9, 13)
    assert "41-65" in catalogue.appendix_caveat
    last_block = catalogue.appendix_blocks[-1]
    assert (last_block.first, last_block.last) == (41, 65)
    assert len(last_block.columns) == 18


def test_catalogue_identity(catalogue):
    assert catalogue.id == "ag-res-2141"
    assert catalogue.version
    assert catalogue.resolution == "AG/RES. 2141 (XXXV-O/05)"


def _raw() -> dict:
    with resource_path("catalogue", "ag-res-2141.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_inconsistent_catalogue_is_refused():
    data = _raw()
    data["activities"][4]["implementers"] = ["nobody"]
    data["appendix_i"]["rows"]["7"] = [21]
    with pytest.raises(CatalogueError, match="unknown implementer nobody"):
        parse_catalogue(data)


def test_gap_in_numbering_is_reported():
    data = _raw()
    del data["activities"][50]
    with pytest.raises(CatalogueError, match="without gaps"):
        parse_catalogue(data)


def test_format_activity_numbers_like_seed_004():
    assert format_activity_numbers([1, 2, 3, 4]) == "1-4"
    assert format_activity_numbers([30, 31, 33, 35, 36, 37]) == "30, 31, 33, 35-37"
    assert format_activity_numbers([7]) == "7"


@given(st.sets(st.integers(min_value=1, max_value=100), min_size=1))
def test_activity_numbers_round_trip(numbers):
    assert parse_activity_numbers(format_activity_numbers(numbers)) == tuple(sorted(numbers))


@pytest.mark.parametrize("text", ["", "abc", "5-3", "1,,x"])
def test_bad_activity_numbers(text):
    with pytest.raises(ValueError):
        parse_activity_numbers(text)
