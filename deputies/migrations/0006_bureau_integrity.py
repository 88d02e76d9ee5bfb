"""Rules for the bureau rows that a CHECK constraint cannot express, as in 0002:

- a faction has one leader at a time;
- a deputy holds one chamber office at a time (chair or deputy chair);
- a chamber office lies within its mandate, and a mandate cannot shrink away from it.

One chair per chamber at a time is checked by ChamberOffice.clean(): the chamber is the
mandate's, so no single-table constraint can see it.
"""

from django.db import migrations

FAR = "'9999-12-31'"
OFFICES = "deputies_chamberoffice"

# (name, table, column that must differ to coexist, extra row condition or "")
EXCLUSIONS = [
    ("faction_one_leader", "deputies_factionmembership", "faction_id", "is_leader"),
    ("chamber_office_no_overlap", OFFICES, "mandate_id", ""),
]


def _within(alias_new: str) -> str:
    return (
        f"SELECT 1 FROM deputies_mandate m WHERE m.id = {alias_new}.mandate_id "
        f"AND m.starts_on <= {alias_new}.starts_on AND (m.ends_on IS NULL OR "
        f"({alias_new}.ends_on IS NOT NULL AND {alias_new}.ends_on <= m.ends_on))"
    )


_OUTSIDE = (
    f"SELECT 1 FROM {OFFICES} t WHERE t.mandate_id = NEW.id "
    "AND (t.starts_on < NEW.starts_on OR (NEW.ends_on IS NOT NULL AND "
    "(t.ends_on IS NULL OR t.ends_on > NEW.ends_on)))"
)


def sqlite_forward():
    for name, table, column, condition in EXCLUSIONS:
        both = f"AND o.{condition} AND NEW.{condition}" if condition else ""
        clash = (
            f"SELECT 1 FROM {table} o WHERE o.{column} = NEW.{column} {both} "
            f"AND o.starts_on <= COALESCE(NEW.ends_on, {FAR}) "
            f"AND NEW.starts_on <= COALESCE(o.ends_on, {FAR})"
        )
        yield (
            f"CREATE TRIGGER {name}_insert BEFORE INSERT ON {table} WHEN EXISTS ({clash}) "
            f"BEGIN SELECT RAISE(ABORT, '{name}'); END"
        )
        yield (
            f"CREATE TRIGGER {name}_update BEFORE UPDATE ON {table} "
            f"WHEN EXISTS ({clash} AND o.id <> NEW.id) "
            f"BEGIN SELECT RAISE(ABORT, '{name}'); END"
        )
    for event in ("INSERT", "UPDATE"):
        yield (
            f"CREATE TRIGGER {OFFICES}_within_mandate_{event.lower()} BEFORE {event} "
            f"ON {OFFICES} WHEN NOT EXISTS ({_within('NEW')}) "
            f"BEGIN SELECT RAISE(ABORT, 'membership_outside_mandate'); END"
        )
    yield (
        f"CREATE TRIGGER {OFFICES}_mandate_shrink BEFORE UPDATE OF starts_on, ends_on "
        f"ON deputies_mandate WHEN EXISTS ({_OUTSIDE}) "
        f"BEGIN SELECT RAISE(ABORT, 'membership_outside_mandate'); END"
    )


def sqlite_backward():
    for name, _table, _column, _condition in EXCLUSIONS:
        yield f"DROP TRIGGER IF EXISTS {name}_insert"
        yield f"DROP TRIGGER IF EXISTS {name}_update"
    yield f"DROP TRIGGER IF EXISTS {OFFICES}_within_mandate_insert"
    yield f"DROP TRIGGER IF EXISTS {OFFICES}_within_mandate_update"
    yield f"DROP TRIGGER IF EXISTS {OFFICES}_mandate_shrink"


def postgresql_forward():
    for name, table, column, condition in EXCLUSIONS:
        where = f" WHERE ({condition})" if condition else ""
        yield (
            f"ALTER TABLE {table} ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"({column} WITH =, daterange(starts_on, ends_on, '[]') WITH &&){where}"
        )
    # deputies_membership_within_mandate() comes from 0002 and reads only NEW.mandate_id.
    yield (
        f"CREATE TRIGGER {OFFICES}_within_mandate BEFORE INSERT OR UPDATE ON {OFFICES} "
        f"FOR EACH ROW EXECUTE FUNCTION deputies_membership_within_mandate()"
    )
    yield f"""
        CREATE FUNCTION deputies_mandate_keeps_offices() RETURNS trigger AS $$
        BEGIN
            IF EXISTS ({_OUTSIDE}) THEN
                RAISE EXCEPTION 'membership_outside_mandate' USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql"""
    yield (
        "CREATE TRIGGER deputies_mandate_keeps_offices BEFORE UPDATE OF starts_on, ends_on "
        "ON deputies_mandate FOR EACH ROW EXECUTE FUNCTION deputies_mandate_keeps_offices()"
    )


def postgresql_backward():
    yield "DROP TRIGGER IF EXISTS deputies_mandate_keeps_offices ON deputies_mandate"
    yield "DROP FUNCTION IF EXISTS deputies_mandate_keeps_offices()"
    yield f"DROP TRIGGER IF EXISTS {OFFICES}_within_mandate ON {OFFICES}"
    for name, table, _column, _condition in EXCLUSIONS:
        yield f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}"


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise NotImplementedError(f"No integrity rules for the {vendor} database.")
        for sql in statements[vendor]():
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("deputies", "0005_party_colours")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": sqlite_forward, "postgresql": postgresql_forward}),
            _run({"sqlite": sqlite_backward, "postgresql": postgresql_backward}),
        )
    ]
