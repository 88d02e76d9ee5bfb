"""Hand-written SQL, in three places:
- the short aggregate reads (bills.reports, queries.overdue_bills): each does a few
  milliseconds of database work, and the ORM took about as long again to build the query
  (bench/reports.py measures every report against raw SQL);
- the API's link tables (bills.api), with ids passed as one array on PostgreSQL (`among`);
- the faction lines (`faction_lines`): one definition for the services, the bulk loader and
  verify_data.

The SQL runs on PostgreSQL and SQLite alike but for the fragments below. Values come back as
the driver gives them: on SQLite a computed date is a string (`date`), a UUID column 32 hex
digits (`uuid_text`).
"""

import datetime

from django.db import connection

from .models import PRESENT


def rows(query: str, params: list) -> list[tuple]:
    """Rows of a query on the default database. Parameters are always passed, so a literal
    percent sign is written "%%" on both databases."""
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def placeholders(values) -> str:
    """ "%s, %s, …" for an IN list of `values` (which must not be empty)."""
    return ", ".join(["%s"] * len(values))


def among(column: str, ids) -> tuple[str, list]:
    """A condition that `column` is one of `ids` (integers, not empty), with its parameters.
    PostgreSQL gets one array literal: parsing and planning a list of a few hundred
    constants took longer than running the query."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", ["{" + ",".join(map(str, ids)) + "}"]
    return f"{column} IN ({placeholders(ids)})", list(ids)


def month(column: str) -> str:
    """The 'YYYY-MM' of a date column."""
    if connection.vendor == "sqlite":
        return f"strftime('%%Y-%%m', {column})"
    return f"to_char({column}, 'YYYY-MM')"


def days(end: str, start: str) -> str:
    """Whole days from `start` to `end`, two dates, as an integer (PostgreSQL subtracts dates;
    SQLite's julianday of a date is exact)."""
    if connection.vendor == "sqlite":
        return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"
    return f"({end} - {start})"


def date(value) -> datetime.date | None:
    """A date computed by a query (SQLite gives the ISO string)."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def uuid_text(column: str) -> str:
    """A UUID column as its canonical text (SQLite keeps 32 hex digits): the driver makes no
    UUID object of it."""
    if connection.vendor == "sqlite":
        parts = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
        return " || '-' || ".join(f"substr({column}, {at}, {n})" for at, n in parts)
    return f"CAST({column} AS text)"


def faction_lines(where: str) -> str:
    """SELECT vote_id, faction_id, option: the line of each faction in the votes whose ballots
    `b` meet `where`, the option chosen by more than half of the faction's members present
    (yes, no or abstain); no row where no option has such a majority. The services and the
    bulk loader store these rows (bills_factionline); `verify` compares them with this."""
    options = [option.value for option in PRESENT]
    counts = ", ".join(
        f"""SUM(CASE WHEN b."option" = '{option}' THEN 1 ELSE 0 END) AS n_{option}"""
        for option in options
    )
    line = " ".join(f"WHEN 2 * n_{option} > present THEN '{option}'" for option in options)
    majority = " OR ".join(f"2 * n_{option} > present" for option in options)
    return f"""
        SELECT vote_id, faction_id, CASE {line} END
        FROM (SELECT b.vote_id, b.faction_id, {counts},
                     SUM(CASE WHEN b."option" <> 'absent' THEN 1 ELSE 0 END) AS present
              FROM bills_ballot b
              WHERE b.faction_id IS NOT NULL AND ({where})
              GROUP BY b.vote_id, b.faction_id) options
        WHERE {majority}"""


def store_faction_lines(where: str, params: list) -> None:
    """Store the lines of the votes whose ballots `b` meet `where` (which have none yet)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO bills_factionline (vote_id, faction_id, "option") {faction_lines(where)}',
            params,
        )
