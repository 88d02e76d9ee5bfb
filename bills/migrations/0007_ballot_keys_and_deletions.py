import django.db.models.deletion
from django.db import migrations, models

# The latest deletion of a bill or a vote, read by parlament.api.latest_change (whose
# DELETIONS_INDEXED names these models): a partial index holds the deletions alone (the same
# SQL on PostgreSQL and SQLite). Historical models are generated, so the index lives here
# rather than in a model's Meta.
DELETIONS = [
    (
        f"CREATE INDEX {table}_deleted ON {table} (history_date) WHERE history_type = '-'",
        f"DROP INDEX {table}_deleted",
    )
    for table in ("bills_historicalbill", "bills_historicalvote")
]


class Migration(migrations.Migration):
    dependencies = [
        ("bills", "0006_indexes_for_scale"),
        ("deputies", "0006_bureau_integrity"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ballot",
            name="deputy",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="ballots",
                to="deputies.deputy",
            ),
        ),
        migrations.AlterField(
            model_name="ballot",
            name="vote",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="ballots",
                to="bills.vote",
            ),
        ),
        *(migrations.RunSQL(create, drop) for create, drop in DELETIONS),
    ]
