"""Reading an electronic-voting export (CSV) into ballots. Pure: no database.

The file has a header row naming at least the columns ``deputy`` and ``option``; a deputy is
given by id or by full name in Kazakh, Russian or English (any case); an option in English,
Russian or Kazakh. UTF-8 with or without a byte order mark, separated by commas or semicolons.

The caller passes the people serving that day in the counted chamber(s), and the other deputies
a file may name (to tell "not serving that day" from a typo). Every bad row is reported with its
line number; the services still validate whatever is finally recorded.
"""

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

OPTIONS = ("yes", "no", "abstain", "absent")
OPTION_WORDS = {
    **{option: option for option in OPTIONS},
    "за": "yes",
    "против": "no",
    "воздержался": "abstain",
    "воздержалась": "abstain",
    "отсутствовал": "absent",
    "отсутствовала": "absent",
    "жақтап": "yes",
    "қарсы": "no",
    "қалыс": "abstain",
    "қатыспады": "absent",
}
COLUMNS = ("deputy", "option")
LANGUAGES = ("kk", "ru", "en")


def normalize(text: str) -> str:
    """Case, spacing and ё/е do not matter when matching names and options."""
    return " ".join(text.casefold().replace("ё", "е").split())


@dataclass(frozen=True)
class Person:
    """A deputy the file may name: id, chamber code and the spellings of the name."""

    id: int
    chamber: str
    names: frozenset[str]

    @classmethod
    def of(cls, deputy, chamber: str) -> "Person":
        """From a Deputy with its kk/ru/en name columns loaded (no query)."""
        names = set()
        for lang in LANGUAGES:
            last, first, patronymic = (
                getattr(deputy, f"{part}_{lang}", "") or ""
                for part in ("last_name", "first_name", "patronymic")
            )
            if not (last and first):
                continue
            names |= {
                f"{last} {first} {patronymic}",
                f"{last} {first}",
                f"{first} {last}",
                f"{first} {patronymic} {last}",
            }
        return cls(deputy.pk, chamber, frozenset(normalize(n) for n in names))


@dataclass(frozen=True)
class Row:
    line: int
    deputy: int
    chamber: str
    option: str


@dataclass(frozen=True)
class Problem:
    line: int
    code: str  # bad_file, missing_column, unknown_deputy, ambiguous_name, not_serving,
    # duplicate_deputy, bad_option
    value: str
    message: str


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    serving: Sequence[Person] = ()

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def ballots(self) -> list[tuple[int, str]]:
        return [(row.deputy, row.option) for row in self.rows]

    def totals(self) -> dict[str, dict[str, int]]:
        """Per chamber code, each option counted; serving deputies not in the file are absent."""
        given = {row.deputy: row.option for row in self.rows}
        counts: dict[str, Counter] = {}
        for person in self.serving:
            counts.setdefault(person.chamber, Counter())[given.get(person.id, "absent")] += 1
        return {chamber: {o: c[o] for o in OPTIONS} for chamber, c in counts.items()}


def decode(data: bytes | str) -> str:
    """UTF-8 text without its byte order mark; UnicodeDecodeError for anything else."""
    if isinstance(data, bytes):
        data = data.decode("utf-8-sig")
    return data.removeprefix("\ufeff")


def _delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if header.count(";") > header.count(",") else ","


def parse_ballots(
    data: bytes | str, *, serving: Sequence[Person], others: Iterable[Person] = ()
) -> Parsed:
    """The ballots of an export, with every bad row listed by its line number."""
    parsed = Parsed(serving=serving)
    try:
        text = decode(data)
    except UnicodeDecodeError:
        parsed.problems.append(
            Problem(1, "bad_file", "", _("The file is not UTF-8 text: export it as CSV UTF-8."))
        )
        return parsed

    by_id = {p.id: p for p in serving}
    by_name: dict[str, set[int]] = {}
    for person in serving:
        for name in person.names:
            by_name.setdefault(name, set()).add(person.id)
    other_ids = {p.id for p in others if p.id not in by_id}
    other_names = {name for p in others if p.id not in by_id for name in p.names}

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    columns = None
    seen: dict[int, int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if columns is None:
            header = [normalize(cell) for cell in cells]
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                parsed.problems.append(
                    Problem(
                        line,
                        "missing_column",
                        ", ".join(missing),
                        _("The header row needs the columns “deputy” and “option”; missing: "
                          "%(columns)s.") % {"columns": ", ".join(missing)},
                    )
                )  # fmt: skip
                return parsed
            columns = {c: header.index(c) for c in COLUMNS}
            continue

        deputy_cell, option_cell = (
            cells[columns[c]].strip() if columns[c] < len(cells) else "" for c in COLUMNS
        )
        person = _deputy(deputy_cell, line, parsed, by_id, by_name, other_ids, other_names)
        option = OPTION_WORDS.get(normalize(option_cell))
        if option is None:
            parsed.problems.append(
                Problem(
                    line,
                    "bad_option",
                    option_cell,
                    _("“%(value)s” is not a vote: use yes, no, abstain or absent (за, против, "
                      "воздержался, отсутствовал; жақтап, қарсы, қалыс, қатыспады).")
                    % {"value": option_cell},
                )
            )  # fmt: skip
        if person is None:
            continue
        if person.id in seen:
            parsed.problems.append(
                Problem(
                    line,
                    "duplicate_deputy",
                    deputy_cell,
                    _("This deputy already has a ballot on line %(line)s.")
                    % {"line": seen[person.id]},
                )
            )
            continue
        seen[person.id] = line
        if option is not None:
            parsed.rows.append(Row(line, person.id, person.chamber, option))
    if columns is None:
        parsed.problems.append(Problem(1, "bad_file", "", _("The file is empty.")))
    return parsed


def _deputy(value, line, parsed, by_id, by_name, other_ids, other_names) -> Person | None:
    def problem(code, template, **extra):
        message = template % {"value": value, **extra}
        parsed.problems.append(Problem(line, code, value, message))

    if not value:
        problem("unknown_deputy", _("The deputy is missing."))
        return None
    if value.isdigit():
        pk = int(value)
        if pk in by_id:
            return by_id[pk]
        if pk in other_ids:
            problem("not_serving", _("Deputy %(value)s was not serving in this chamber that day."))
        else:
            problem("unknown_deputy", _("No deputy serving that day has the id %(value)s."))
        return None
    key = normalize(value)
    matches = by_name.get(key, set())
    if len(matches) == 1:
        return by_id[next(iter(matches))]
    if matches:
        problem(
            "ambiguous_name",
            _("“%(value)s” names several deputies (ids %(ids)s): give the id instead."),
            ids=", ".join(str(pk) for pk in sorted(matches)),
        )
    elif key in other_names:
        problem("not_serving", _("“%(value)s” was not serving in this chamber that day."))
    else:
        problem("unknown_deputy", _("No deputy serving that day is called “%(value)s”."))
    return None
