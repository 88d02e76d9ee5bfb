"""Party colours, the faction leader flag and the chamber offices (the Bureau, DOMAIN.md B6).

SQLite adds a NOT NULL column by rebuilding the table, which would drop the triggers of 0002
on deputies_factionmembership and fail on the one on deputies_mandate that reads it; so on
SQLite those triggers are dropped before the rebuild and created again after it.
"""

from importlib import import_module

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

_integrity = import_module("deputies.migrations.0002_integrity")


def _sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements():
                schema_editor.execute(sql)

    return run


drop_triggers = _sqlite(_integrity.sqlite_backward)
create_triggers = _sqlite(_integrity.sqlite_forward)


class Migration(migrations.Migration):
    dependencies = [
        ("deputies", "0003_reference_data"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, create_triggers),
        migrations.AddField(
            model_name="factionmembership",
            name="is_leader",
            field=models.BooleanField(
                default=False,
                help_text="Leads the faction in this period.",
                verbose_name="faction leader",
            ),
        ),
        migrations.AddField(
            model_name="party",
            name="color",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Its seats on seating charts, as #rrggbb: the portal's choice for telling "
                    "parties apart, not an official party colour."
                ),
                max_length=7,
                validators=[
                    django.core.validators.RegexValidator(
                        "^#[0-9a-fA-F]{6}$", "Write the colour as #rrggbb."
                    )
                ],
                verbose_name="colour",
            ),
        ),
        migrations.CreateModel(
            name="ChamberOffice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("starts_on", models.DateField(verbose_name="starts on")),
                ("ends_on", models.DateField(blank=True, null=True, verbose_name="ends on")),
                (
                    "role",
                    models.CharField(
                        choices=[("chair", "chair"), ("deputy_chair", "deputy chair")],
                        max_length=20,
                        verbose_name="office",
                    ),
                ),
                (
                    "mandate",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="chamber_offices",
                        to="deputies.mandate",
                    ),
                ),
            ],
            options={
                "verbose_name": "chamber office",
                "verbose_name_plural": "chamber offices",
                "ordering": ["role", "starts_on"],
                "abstract": False,
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("ends_on__isnull", True),
                            ("ends_on__gte", models.F("starts_on")),
                            _connector="OR",
                        ),
                        name="deputies_chamberoffice_ends_after_start",
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
