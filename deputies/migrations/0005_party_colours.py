"""Seating-chart colours for the VIII convocation's parties: the portal's own choice, picked
to tell the six factions apart on a white page, not the parties' official colours."""

from django.db import migrations

COLOURS = {
    "amanat": "#1f6fb2",
    "auyl": "#3a8f3a",
    "respublica": "#e07b00",
    "ak-zhol": "#0f8b8d",
    "peoples-party": "#c0392b",
    "osdp": "#8e44ad",
}


def load(apps, schema_editor):
    Party = apps.get_model("deputies", "Party")
    for code, colour in COLOURS.items():
        Party.objects.filter(code=code, color="").update(color=colour)


class Migration(migrations.Migration):
    dependencies = [("deputies", "0004_bureau_and_colours")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
