"""Which speaker each name form is: identity resolution over one block of name forms.

A block is every person's name form that ends in one surname ("Donald Trump", "Donald J.
Trump", "Eric Trump", "Trump", "Mrs. Trump"), plus, as fixed context, full names whose first
name is the block's word (so "Bernie" can find "Bernie Sanders"). Organisations form blocks of
their own key. ``resolve_block`` is a pure function of the block's forms, their quote counts
and the curators' pins, so the grouping does not depend on the order articles came in:

1. Pinned forms (placed by a curator) stay with their speaker, and context forms with theirs.
2. Full names join when they may be one person (``names.same_person``: compatible first and
   middle names, one spelling edit, no contradicting gender), most-quoted first; a form never
   joins two speakers that are kept apart by pins: it goes with the more quoted one.
3. A surname alone ("Trump", "Mrs. Clinton") joins the full-named person who holds at least
   ``DOMINANCE`` of the quotes of everyone it could mean; otherwise it stays a speaker of its
   own, so "Clinton" meaning two people is not forced onto either. A lone word that is no
   one's surname but a known first name goes the same way by first name.
4. Each group keeps the existing speaker id that carries most of its quotes (the lowest id on
   a tie), so ids are stable; a group with none gets a new row.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from app.extract.names import FIRST_NAME_GENDER
from app.speakers.names import NameParts, org_key, parse_name, same_person, surname_fits

# The share of the candidates' quotes one full-named person needs to own a bare surname.
DOMINANCE = 0.8


@dataclass(frozen=True, slots=True)
class Form:
    """A name form (an alias row) as resolution sees it."""

    id: int
    name: str
    kind: str  # "person" or "organisation"
    quote_count: int
    speaker_id: int | None  # where it is now; None for a form new in this transaction
    pinned: bool = False
    context: bool = False  # from another block: read, never moved


@dataclass(frozen=True, slots=True)
class Placement:
    """Where resolution puts a form: an existing speaker, or new group ``new_group``."""

    form_id: int
    speaker_id: int | None
    new_group: int = -1


class _Groups:
    """Groups of form indexes, each remembering whether a pin or context fixes it."""

    def __init__(self) -> None:
        self.members: list[list[int]] = []
        self.fixed_speaker: list[int | None] = []

    def add(self, member: int, fixed: int | None = None) -> int:
        self.members.append([member])
        self.fixed_speaker.append(fixed)
        return len(self.members) - 1

    def keyed(
        self, member: int, by_key: dict[Hashable, int], key: Hashable, fixed: int | None = None
    ) -> int:
        """Put ``member`` in the group kept under ``key``, made on first use."""
        if key in by_key:
            self.members[by_key[key]].append(member)
        else:
            by_key[key] = self.add(member, fixed)
        return by_key[key]


def resolve_block(forms: Sequence[Form]) -> list[Placement]:
    """Place every movable form of one block (see the module docstring)."""
    persons = [i for i, f in enumerate(forms) if f.kind == "person" or _surname_as_org(forms, i)]
    taken = set(persons)
    orgs = [i for i in range(len(forms)) if i not in taken]
    groups = _Groups()
    group_of: dict[int, int] = {}
    _group_organisations(forms, orgs, groups, group_of)
    _group_persons(forms, persons, groups, group_of)
    return _place(forms, groups)


def _surname_as_org(forms: Sequence[Form], i: int) -> bool:
    """A one-word "organisation" that is the surname of a full-named person in the block is
    that surname: the tagger often calls a lone surname an organisation ("Sanders")."""
    form = forms[i]
    if form.kind == "person" or form.pinned or len(form.name.split()) != 1:
        return False
    word = org_key(form.name)
    return any(
        f.kind == "person" and parse_name(f.name).full and parse_name(f.name).last == word
        for f in forms
    )


def _group_organisations(
    forms: Sequence[Form], orgs: list[int], groups: _Groups, group_of: dict[int, int]
) -> None:
    """Same key, one organisation; a shorter name that ends another ("Times", "Security
    Council") joins it when that one dominates the names it could mean."""
    keys = {i: org_key(forms[i].name) for i in orgs}
    by_key: dict[Hashable, int] = {}
    order = sorted(
        orgs, key=lambda i: (-len(keys[i].split()), -forms[i].quote_count, forms[i].name)
    )
    for i in order:
        form = forms[i]
        fixed = form.speaker_id if form.pinned or form.context else None
        key = (keys[i], fixed)
        if key not in by_key and fixed is None:
            owner = _org_owner(forms, keys, groups, group_of, keys[i])
            if owner is not None:
                groups.members[owner].append(i)
                group_of[i] = owner
                continue
        group_of[i] = groups.keyed(i, by_key, key, fixed)


def _org_owner(
    forms: Sequence[Form],
    keys: dict[int, str],
    groups: _Groups,
    group_of: dict[int, int],
    key: str,
) -> int | None:
    candidates = {group_of[j] for j in group_of if j in keys and keys[j].endswith(f" {key}")}
    return _dominant(forms, groups, candidates)


def _dominant(forms: Sequence[Form], groups: _Groups, candidates: set[int]) -> int | None:
    """The candidate group holding at least ``DOMINANCE`` of the candidates' quotes."""
    if not candidates:
        return None
    weights = {g: _weight(forms, groups.members[g]) for g in candidates}
    best = min(weights, key=lambda g: (-weights[g], g))
    total = sum(weights.values())
    return best if total and weights[best] >= DOMINANCE * total else None


def _group_persons(
    forms: Sequence[Form], persons: list[int], groups: _Groups, group_of: dict[int, int]
) -> None:
    parts = {i: parse_name(forms[i].name) for i in persons}
    order = sorted(persons, key=lambda i: (-forms[i].quote_count, forms[i].name))
    fixed_by_speaker: dict[Hashable, int] = {}
    # 1. pins and context
    for i in order:
        form = forms[i]
        if (form.pinned or form.context) and form.speaker_id is not None:
            group_of[i] = groups.keyed(i, fixed_by_speaker, form.speaker_id, form.speaker_id)
    # 2. full names
    for i in order:
        if i in group_of or not parts[i].full:
            continue
        matches = sorted(
            {
                group_of[j]
                for j in group_of
                if forms[j].kind == "person" and same_person(parts[i], parts[j])
            },
            key=lambda g: (-_weight(forms, groups.members[g]), g),
        )
        if not matches:
            group_of[i] = groups.add(i)
            continue
        target = matches[0]
        groups.members[target].append(i)
        group_of[i] = target
        for other in matches[1:]:  # the form shows these are one person, unless pins disagree
            if groups.fixed_speaker[other] is None or groups.fixed_speaker[target] is None:
                _absorb(groups, group_of, target, other)
    # 3. surnames alone, and lone first names
    bare: dict[Hashable, int] = {}
    genders: dict[str, set[str]] = {}
    for i in order:
        if i not in group_of and parts[i].gender:
            genders.setdefault(parts[i].last, set()).add(parts[i].gender)
    for i in order:
        if i in group_of:
            continue
        owner = _owner(forms, parts, groups, group_of, parts[i])
        if owner is None:
            # "Mr. Priebus" and "Priebus" are one speaker unless "Mrs. Priebus" speaks too
            split = len(genders.get(parts[i].last, ())) > 1
            key = (parts[i].last, parts[i].gender if split else "")
            group_of[i] = groups.keyed(i, bare, key)
        else:
            groups.members[owner].append(i)
            group_of[i] = owner


def _absorb(groups: _Groups, group_of: dict[int, int], target: int, other: int) -> None:
    if groups.fixed_speaker[target] is None:
        groups.fixed_speaker[target] = groups.fixed_speaker[other]
    for j in groups.members[other]:
        group_of[j] = target
    groups.members[target].extend(groups.members[other])
    groups.members[other] = []


def _weight(forms: Sequence[Form], members: list[int]) -> int:
    return sum(forms[j].quote_count for j in members)


def _owner(
    forms: Sequence[Form],
    parts: dict[int, NameParts],
    groups: _Groups,
    group_of: dict[int, int],
    bare: NameParts,
) -> int | None:
    """The group a surname alone (or a lone first name) means, if one dominates."""
    candidates = {
        group_of[j]
        for j in group_of
        if forms[j].kind == "person" and parts[j].full and surname_fits(bare, parts[j])
    }
    if not candidates and bare.last in FIRST_NAME_GENDER:
        candidates = {
            group_of[j]
            for j in group_of
            if forms[j].kind == "person" and parts[j].full and parts[j].first == bare.last
        }
    return _dominant(forms, groups, candidates)


def _place(forms: Sequence[Form], groups: _Groups) -> list[Placement]:
    """Give each group a speaker id: its fixed one, else the existing id carrying most of its
    quotes that no other group kept, else a new row."""
    taken: set[int] = {s for s in groups.fixed_speaker if s is not None}
    placements: list[Placement] = []
    live = [g for g, members in enumerate(groups.members) if members]
    live.sort(key=lambda g: (-_weight(forms, groups.members[g]), min(groups.members[g])))
    for n, g in enumerate(live):
        members = groups.members[g]
        speaker = groups.fixed_speaker[g]
        if speaker is None:
            votes: dict[int, int] = {}
            for j in members:
                sid = forms[j].speaker_id
                if sid is not None and sid not in taken:
                    votes[sid] = votes.get(sid, 0) + max(forms[j].quote_count, 1)
            if votes:
                speaker = min(votes, key=lambda s: (-votes[s], s))
                taken.add(speaker)
        for j in members:
            if not forms[j].context and not forms[j].pinned:
                placements.append(
                    Placement(forms[j].id, speaker, new_group=-1 if speaker is not None else n)
                )
    return placements
