"""Identity resolution over one block of name forms: a pure function of forms, counts and pins."""

from __future__ import annotations

import random

from app.speakers.identity import Form, Placement, resolve_block


def grouping(forms: list[Form]) -> set[frozenset[str]]:
    """The partition of form names the placements make (new groups and existing ids alike)."""
    names = {f.id: f.name for f in forms}
    groups: dict[object, set[str]] = {}
    for p in resolve_block(forms):
        key: object = ("new", p.new_group) if p.speaker_id is None else p.speaker_id
        groups.setdefault(key, set()).add(names[p.form_id])
    for f in forms:  # fixed forms stay where they are
        if f.pinned or f.context:
            groups.setdefault(f.speaker_id, set()).add(f.name)
    return {frozenset(g) for g in groups.values()}


def forms(*specs: tuple[str, int]) -> list[Form]:
    return [Form(i + 1, name, "person", count, None) for i, (name, count) in enumerate(specs)]


def test_resolve_block_joins_variants_and_never_merges_relatives() -> None:
    block = forms(
        ("Donald Trump", 833), ("Donald J. Trump", 125), ("Eric Trump", 5), ("Ivanka Trump", 4)
    )
    assert grouping(block) == {
        frozenset({"Donald Trump", "Donald J. Trump"}),
        frozenset({"Eric Trump"}),
        frozenset({"Ivanka Trump"}),
    }


def test_resolve_block_gives_a_bare_surname_to_the_person_who_dominates_it() -> None:
    block = forms(("Donald Trump", 833), ("Eric Trump", 5), ("Trump", 10), ("Mr. Trump", 3))
    assert frozenset({"Donald Trump", "Trump", "Mr. Trump"}) in grouping(block)


def test_resolve_block_keeps_an_ambiguous_surname_apart() -> None:
    block = forms(("Hillary Clinton", 60), ("Bill Clinton", 40), ("Clinton", 7))
    assert grouping(block) == {
        frozenset({"Hillary Clinton"}),
        frozenset({"Bill Clinton"}),
        frozenset({"Clinton"}),
    }


def test_resolve_block_lets_the_honorific_settle_a_shared_surname() -> None:
    block = forms(("Hillary Clinton", 60), ("Bill Clinton", 40), ("Mrs. Clinton", 7))
    assert frozenset({"Hillary Clinton", "Mrs. Clinton"}) in grouping(block)


def test_resolve_block_gives_surname_only_speakers_one_row_when_nobody_is_full_named() -> None:
    assert grouping(forms(("Priebus", 3), ("Mr. Priebus", 2))) == {
        frozenset({"Priebus", "Mr. Priebus"})
    }


def test_resolve_block_same_grouping_whatever_the_order() -> None:
    specs = [
        ("Donald Trump", 40),
        ("Donald J. Trump", 9),
        ("Trump", 4),
        ("Eric Trump", 3),
        ("Hillary Clinton", 30),
        ("Hilary Clinton", 1),
        ("Bill Clinton", 20),
        ("Clinton", 2),
    ]
    expected = grouping(forms(*specs))
    for seed in range(10):
        shuffled = specs[:]
        random.Random(seed).shuffle(shuffled)
        assert grouping(forms(*shuffled)) == expected


def test_resolve_block_never_moves_pinned_forms_or_joins_pinned_speakers() -> None:
    block = [
        Form(1, "Donald Trump", "person", 50, 1, pinned=True),
        Form(2, "Donald J. Trump", "person", 10, 2, pinned=True),  # split off by a curator
        Form(3, "Donald John Trump", "person", 1, None),
    ]
    placements = resolve_block(block)
    assert placements == [Placement(3, 1)]  # joins the more quoted of the two, moves nothing


def test_resolve_block_keeps_the_id_that_carries_most_quotes() -> None:
    block = [
        Form(1, "Trump", "person", 10, 7),
        Form(2, "Donald Trump", "person", 100, 3),
    ]
    assert set(resolve_block(block)) == {Placement(1, 3), Placement(2, 3)}


def test_resolve_block_groups_organisations_by_their_key() -> None:
    block = [
        Form(1, "The New York Times", "organisation", 5, 4),
        Form(2, "New York Times", "organisation", 2, 9),
    ]
    assert set(resolve_block(block)) == {Placement(1, 4), Placement(2, 4)}
