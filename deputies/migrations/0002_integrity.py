"""Rules across rows that a CHECK constraint cannot express, enforced by the database itself.

- a deputy holds no two overlapping mandates;
- a mandate is in one faction at a time;
- a committee has one chair at a time;
- a faction or committee membership lies within its mandate.

PostgreSQL gets exclusion constraints and a trigger; SQLite gets triggers. Periods are
inclusive at both ends and an empty end means "ongoing".
"""

from django.db import migrations

FAR = "'9999-12-31'"
MEMBERSHIPS = ["deputies_factionmembership", "deputies_committeemembership"]

# (name, table, column that must differ to coexist, extra row condition or "")
EXCLUSIONS = [
    ("mandate_no_overlap", "deputies_mandate", "deputy_id", ""),
    ("faction_membership_no_overlap", "deputies_factionmembership", "mandate_id", ""),
    ("committee_one_chair", "deputies_committeemembership", "committee_id", "role = 'chair'"),
]


def _within(alias_new: str) -> str:
    return (
        f"SELECT 1 FROM deputies_mandate m WHERE m.id = {alias_new}.mandate_id "
        f"AND m.starts_on <= {alias_new}.starts_on AND (m.ends_on IS NULL OR "
        f"({alias_new}.ends_on IS NOT NULL AND {alias_new}.ends_on <= m.ends_on))"
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
    for table in MEMBERSHIPS:
        for event in ("INSERT", "UPDATE"):
            yield (
                f"CREATE TRIGGER {table}_within_mandate_{event.lower()} BEFORE {event} ON {table} "
                f"WHEN NOT EXISTS ({_within('NEW')}) "
                f"BEGIN SELECT RAISE(ABORT, 'membership_outside_mandate'); END"
            )
        yield (
            f"CREATE TRIGGER {table}_mandate_shrink BEFORE UPDATE OF starts_on, ends_on "
            f"ON deputies_mandate WHEN EXISTS (SELECT 1 FROM {table} t WHERE t.mandate_id = NEW.id "
            f"AND (t.starts_on < NEW.starts_on OR (NEW.ends_on IS NOT NULL AND "
            f"(t.ends_on IS NULL OR t.ends_on > NEW.ends_on)))) "
            f"BEGIN SELECT RAISE(ABORT, 'membership_outside_mandate'); END"
        )


def sqlite_backward():
    for name, _table, _column, _condition in EXCLUSIONS:
        yield f"DROP TRIGGER IF EXISTS {name}_insert"
        yield f"DROP TRIGGER IF EXISTS {name}_update"
    for table in MEMBERSHIPS:
        yield f"DROP TRIGGER IF EXISTS {table}_within_mandate_insert"
        yield f"DROP TRIGGER IF EXISTS {table}_within_mandate_update"
        yield f"DROP TRIGGER IF EXISTS {table}_mandate_shrink"


def postgresql_forward():
    yield "CREATE EXTENSION IF NOT EXISTS btree_gist"
    for name, table, column, condition in EXCLUSIONS:
        where = f" WHERE ({condition})" if condition else ""
        yield (
            f"ALTER TABLE {table} ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"({column} WITH =, daterange(starts_on, ends_on, '[]') WITH &&){where}"
        )
    yield f"""
        CREATE FUNCTION deputies_membership_within_mandate() RETURNS trigger AS $$
        BEGIN
            IF NOT EXISTS ({_within("NEW")}) THEN
                RAISE EXCEPTION 'membership_outside_mandate' USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql"""
    yield f"""
        CREATE FUNCTION deputies_mandate_keeps_memberships() RETURNS trigger AS $$
        BEGIN
            IF EXISTS (
                SELECT 1 FROM ({
        " UNION ALL ".join(f"SELECT mandate_id, starts_on, ends_on FROM {t}" for t in MEMBERSHIPS)
    }) t
                WHERE t.mandate_id = NEW.id AND (t.starts_on < NEW.starts_on OR
                    (NEW.ends_on IS NOT NULL AND (t.ends_on IS NULL OR t.ends_on > NEW.ends_on)))
            ) THEN
                RAISE EXCEPTION 'membership_outside_mandate' USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql"""
    for table in MEMBERSHIPS:
        yield (
            f"CREATE TRIGGER {table}_within_mandate BEFORE INSERT OR UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION deputies_membership_within_mandate()"
        )
    yield (
        "CREATE TRIGGER deputies_mandate_keeps_memberships BEFORE UPDATE OF starts_on, ends_on "
        "ON deputies_mandate FOR EACH ROW EXECUTE FUNCTION deputies_mandate_keeps_memberships()"
    )


def postgresql_backward():
    for table in MEMBERSHIPS:
        yield f"DROP TRIGGER IF EXISTS {table}_within_mandate ON {table}"
    yield "DROP TRIGGER IF EXISTS deputies_mandate_keeps_memberships ON deputies_mandate"
    yield "DROP FUNCTION IF EXISTS deputies_membership_within_mandate()"
    yield "DROP FUNCTION IF EXISTS deputies_mandate_keeps_memberships()"
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
    dependencies = [("deputies", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": sqlite_forward, "postgresql": postgresql_forward}),
            _run({"sqlite": sqlite_backward, "postgresql": postgresql_backward}),
        )
    ]
