"""The Program catalogue: objectives, activities, implementers and Appendix I.

The catalogue is reference data read from a reviewed TOML file in ``resources/catalogue``.
It is plain, immutable data so that exports, validation and the UI can share it freely
between threads. Implementers added or renamed later live in the database and are merged in
by the storage layer; this module only knows the shipped text.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from app.core.catalogue_texts import (
    ENGLISH,
    LocalText,
    OfficialTexts,
    fallback_note,
    official_texts,
)
from app.core.i18n import current_language, normalise_language
from app.core.resources import resource_path

DEFAULT_CATALOGUE_FILE = "ag-res-2141.toml"

ObjectiveKind = Literal["general", "specific"]
GROUP_ORDER = ("oas", "member-states", "multilateral", "other")


class CatalogueError(ValueError):
    """The catalogue file is missing, unreadable or inconsistent."""


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    section: str
    name: str


@dataclass(frozen=True, slots=True)
class Implementer:
    id: str
    group: str
    kind: str
    name: str
    short_name: str
    named_in_resolution: bool = True


@dataclass(frozen=True, slots=True)
class Objective:
    kind: ObjectiveKind
    number: int
    text: str

    @property
    def label(self) -> str:
        return f"{'G' if self.kind == 'general' else ''}{self.number}"


@dataclass(frozen=True, slots=True)
class Activity:
    number: int
    section: str
    heading: str
    text: str
    implementers: tuple[str, ...]
    objectives: tuple[int, ...] = ()
    heading_note: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AppendixBlock:
    first: int
    last: int
    columns: tuple[int, ...]


@dataclass(frozen=True)
class Catalogue:
    id: str
    version: str
    resolution: str
    title: str
    short_title: str
    adopted: str
    groups: tuple[Group, ...]
    implementers: tuple[Implementer, ...]
    objectives: tuple[Objective, ...]
    activities: tuple[Activity, ...]
    appendix_caveat: str = ""
    appendix_blocks: tuple[AppendixBlock, ...] = ()
    _activity_index: dict[int, Activity] = field(default_factory=dict, repr=False, compare=False)
    _implementer_index: dict[str, Implementer] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._activity_index.update((a.number, a) for a in self.activities)
        self._implementer_index.update((i.id, i) for i in self.implementers)

    def activity(self, number: int) -> Activity:
        try:
            return self._activity_index[number]
        except KeyError:
            raise KeyError(f"activity {number} is not in catalogue {self.id}") from None

    def has_activity(self, number: int) -> bool:
        return number in self._activity_index

    def implementer(self, implementer_id: str) -> Implementer:
        return self._implementer_index[implementer_id]

    def group(self, group_id: str) -> Group:
        for group in self.groups:
            if group.id == group_id:
                return group
        raise KeyError(group_id)

    def specific_objectives(self) -> tuple[Objective, ...]:
        return tuple(o for o in self.objectives if o.kind == "specific")

    def general_objectives(self) -> tuple[Objective, ...]:
        return tuple(o for o in self.objectives if o.kind == "general")

    def assigned_activities(self, implementer_id: str) -> tuple[int, ...]:
        return tuple(a.number for a in self.activities if implementer_id in a.implementers)

    def cross_references(self) -> list[tuple[int, int]]:
        """(activity, specific objective) pairs of Appendix I."""
        return [(a.number, o) for a in self.activities for o in a.objectives]

    # -- The resolution's texts in a language (official ones, else English marked [EN]) -------

    def official_texts(self, language: str) -> OfficialTexts:
        return official_texts(self.id, normalise_language(language))

    def _in(self, language: str, official: str | None, english: str) -> LocalText:
        language = normalise_language(language)
        if language == ENGLISH or not official:
            return LocalText(english, ENGLISH, language)
        return LocalText(official, language, language)

    def title_in(self, language: str) -> LocalText:
        return self._in(language, self.official_texts(language).title, self.title)

    def short_title_in(self, language: str) -> LocalText:
        return self._in(language, self.official_texts(language).short_title, self.short_title)

    def group_name_in(self, group_id: str, language: str) -> LocalText:
        """The name of an implementer group (section III) in ``language``."""
        official = self.official_texts(language).groups.get(group_id)
        return self._in(language, official, self.group(group_id).name)

    def objective_text(self, objective: Objective, language: str) -> LocalText:
        official = self.official_texts(language).objectives.get(objective.label)
        return self._in(language, official, objective.text)

    def activity_text(self, number: int, language: str) -> LocalText:
        """Activity ``number``'s text in ``language``: the official one, else English."""
        official = self.official_texts(language).activities.get(number)
        return self._in(language, official, self.activity(number).text)

    def specific_objective_text(self, number: int, language: str) -> LocalText:
        for objective in self.specific_objectives():
            if objective.number == number:
                return self.objective_text(objective, language)
        raise KeyError(f"specific objective {number} is not in catalogue {self.id}")

    def appendix_caveat_in(self, language: str) -> LocalText:
        """Focal's note on the transcription of Appendix I: English only, marked elsewhere."""
        return self._in(language, None, self.appendix_caveat)

    def is_complete_in(self, language: str) -> bool:
        """Whether every text of the resolution has its official version in ``language``."""
        language = normalise_language(language)
        if language == ENGLISH:
            return True
        texts = self.official_texts(language)
        return (
            bool(texts.title and texts.short_title)
            and all(g.id in texts.groups for g in self.groups)
            and all(o.label in texts.objectives for o in self.objectives)
            and all(a.number in texts.activities for a in self.activities)
        )


def _require(table: Mapping[str, Any], key: str, where: str) -> Any:
    try:
        return table[key]
    except KeyError:
        raise CatalogueError(f"{where}: missing '{key}'") from None


def parse_catalogue(data: Mapping[str, Any]) -> Catalogue:
    """Build and check a :class:`Catalogue` from the loaded TOML tables."""
    head = _require(data, "catalogue", "catalogue file")
    groups = tuple(
        Group(id=g["id"], section=g["section"], name=g["name"]) for g in data.get("groups", [])
    )
    implementers = tuple(
        Implementer(
            id=i["id"],
            group=i["group"],
            kind=i.get("kind", ""),
            name=i["name"],
            short_name=i.get("short_name") or i["name"],
            named_in_resolution=bool(i.get("named_in_resolution", True)),
        )
        for i in data.get("implementers", [])
    )
    objectives = tuple(
        Objective(kind=o["kind"], number=int(o["number"]), text=o["text"])
        for o in data.get("objectives", [])
    )
    appendix = data.get("appendix_i", {})
    rows: Mapping[str, list[int]] = appendix.get("rows", {})
    activities = tuple(
        Activity(
            number=int(a["number"]),
            section=a.get("section", ""),
            heading=a.get("heading", ""),
            text=a["text"],
            implementers=tuple(a.get("implementers", ())),
            objectives=tuple(int(o) for o in rows.get(str(a["number"]), ())),
            heading_note=a.get("heading_note", ""),
            notes=tuple(a.get("notes", ())),
        )
        for a in data.get("activities", [])
    )
    blocks = tuple(
        AppendixBlock(
            first=b["activities"][0], last=b["activities"][1], columns=tuple(b["columns"])
        )
        for b in appendix.get("blocks", [])
    )
    catalogue = Catalogue(
        id=_require(head, "id", "[catalogue]"),
        version=str(_require(head, "version", "[catalogue]")),
        resolution=head.get("resolution", ""),
        title=head.get("title", ""),
        short_title=head.get("short_title", head.get("title", "")),
        adopted=str(head.get("adopted", "")),
        groups=groups,
        implementers=implementers,
        objectives=objectives,
        activities=activities,
        appendix_caveat=appendix.get("caveat", ""),
        appendix_blocks=blocks,
    )
    problems = check_catalogue(catalogue, rows.keys())
    if problems:
        raise CatalogueError("; ".join(problems))
    return catalogue


def check_catalogue(catalogue: Catalogue, row_keys: Iterable[str] = ()) -> list[str]:
    """Consistency problems in a catalogue; empty when it is sound."""
    problems: list[str] = []
    group_ids = {g.id for g in catalogue.groups}
    implementer_ids = [i.id for i in catalogue.implementers]
    if len(set(implementer_ids)) != len(implementer_ids):
        problems.append("implementer ids are not unique")
    problems += [
        f"implementer {i.id} has unknown group {i.group}"
        for i in catalogue.implementers
        if i.group not in group_ids
    ]
    numbers = [a.number for a in catalogue.activities]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append("activities are not numbered 1..n without gaps")
    specific = {o.number for o in catalogue.specific_objectives()}
    known = set(implementer_ids)
    for activity in catalogue.activities:
        if not activity.implementers:
            problems.append(f"activity {activity.number} has no implementer")
        problems += [
            f"activity {activity.number} names unknown implementer {i}"
            for i in activity.implementers
            if i not in known
        ]
        problems += [
            f"activity {activity.number} refers to unknown objective {o}"
            for o in activity.objectives
            if o not in specific
        ]
    problems += [
        f"Appendix I row {key} is not an activity"
        for key in row_keys
        if not key.isdigit() or int(key) not in set(numbers)
    ]
    return problems


def check_official_texts(catalogue: Catalogue, texts: OfficialTexts) -> list[str]:
    """Texts of ``texts`` that name something ``catalogue`` does not have; empty when sound."""
    groups = {g.id for g in catalogue.groups}
    objectives = {o.label for o in catalogue.objectives}
    where = f"{catalogue.id}.{texts.language}"
    return (
        [f"{where}: unknown group {key}" for key in texts.groups if key not in groups]
        + [f"{where}: unknown objective {key}" for key in texts.objectives if key not in objectives]
        + [
            f"{where}: unknown activity {number}"
            for number in (*texts.activities, *texts.notes)
            if not catalogue.has_activity(number)
        ]
    )


def load_catalogue(path: Path) -> Catalogue:
    import tomllib  # here: the desktop start-up reads a parsed copy (app.storage.quick_read)

    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise CatalogueError(f"cannot read the catalogue {path}: {error.strerror}") from error
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"the catalogue {path} is not valid TOML: {error}") from error
    return parse_catalogue(data)


def with_implementers(catalogue: Catalogue, implementers: Iterable[Implementer]) -> Catalogue:
    """``catalogue`` with the implementers as a database holds them (added, renamed).

    The Program's text stays the shipped one; only who reports changes over the years. The
    storage layer and the start-up's quick read both build the catalogue this way.
    """
    return replace(
        catalogue,
        implementers=tuple(implementers),
        _activity_index={},
        _implementer_index={},
    )


@functools.cache
def default_catalogue() -> Catalogue:
    """The shipped catalogue of AG/RES. 2141, loaded once per process."""
    return load_catalogue(resource_path("catalogue", DEFAULT_CATALOGUE_FILE))


def activity_display_text(
    catalogue: Catalogue, number: int, language: str | None = None
) -> tuple[str, str]:
    """Activity ``number``'s text for the window, and a note to show under it ("" if none).

    In the interface language unless ``language`` is given. Where the official text in that
    language is missing, the English text comes marked "[EN]" with a note that says why.
    """
    text = catalogue.activity_text(number, language or current_language())
    return text.marked, fallback_note(text.requested) if text.is_fallback else ""


def format_activity_numbers(numbers: Iterable[int]) -> str:
    """'1-4, 7, 9-10' for [1, 2, 3, 4, 7, 9, 10]: how seed 004 writes grouped rows."""
    ordered = sorted(set(numbers))
    parts: list[str] = []
    start = previous = None
    for number in ordered:
        if start is None:
            start = previous = number
        elif previous is not None and number == previous + 1:
            previous = number
        else:
            parts.append(_span(start, previous))
            start = previous = number
    if start is not None:
        parts.append(_span(start, previous))
    return ", ".join(parts)


def _span(start: int, end: int | None) -> str:
    if end is None or end == start:
        return str(start)
    if end == start + 1:
        return f"{start}, {end}"
    return f"{start}-{end}"


def parse_activity_numbers(text: str) -> tuple[int, ...]:
    """Inverse of :func:`format_activity_numbers`; raises ValueError on anything else."""
    numbers: list[int] = []
    for part in text.replace(";", ",").split(","):
        part = part.strip().rstrip(".")
        if not part:
            continue
        if "-" in part or "–" in part:
            low, high = (int(p.strip()) for p in part.replace("–", "-").split("-", 1))
            if high < low:
                raise ValueError(f"'{part}' is not a range of activity numbers")
            numbers.extend(range(low, high + 1))
        else:
            numbers.append(int(part))
    if not numbers:
        raise ValueError("no activity number")
    return tuple(sorted(set(numbers)))
