"""The VIII convocation's parties and their Majilis factions (DOMAIN.md B6: six factions
formed in 2023; seats won: S15, S16). The Senate has no party factions."""

from django.db import migrations

# code, short kk/ru/en, full kk/ru/en, list seats, total seats
PARTIES = [
    (
        "amanat",
        ("AMANAT", "AMANAT", "Amanat"),
        ('"AMANAT" партиясы', 'Партия "AMANAT"', "Amanat Party"),
        40,
        62,
    ),
    (
        "auyl",
        ("Ауыл", "Ауыл", "Auyl"),
        (
            '"Ауыл" халықтық-демократиялық патриоттық партиясы',
            'Народно-демократическая патриотическая партия "Ауыл"',
            "Auyl People's Democratic Patriotic Party",
        ),
        8,
        8,
    ),
    (
        "respublica",
        ("Respublica", "Respublica", "Respublica"),
        ('"Respublica" партиясы', 'Партия "Respublica"', "Respublica Party"),
        6,
        6,
    ),
    (
        "ak-zhol",
        ("Ақ жол", "Ак жол", "Ak Zhol"),
        (
            '"Ақ жол" демократиялық партиясы',
            'Демократическая партия "Ак жол"',
            "Ak Zhol Democratic Party",
        ),
        6,
        6,
    ),
    (
        "peoples-party",
        ("Халық партиясы", "Народная партия", "People's Party"),
        (
            "Қазақстан Халық партиясы",
            "Народная партия Казахстана",
            "People's Party of Kazakhstan",
        ),
        5,
        5,
    ),
    (
        "osdp",
        ("ЖСДП", "ОСДП", "OSDP"),
        (
            "Жалпыұлттық социал-демократиялық партия",
            "Общенациональная социал-демократическая партия",
            "Nationwide Social Democratic Party",
        ),
        4,
        4,
    ),
]

FACTION_WORD = ("фракциясы", "Фракция", "faction")


def load(apps, schema_editor):
    Chamber = apps.get_model("chambers", "Chamber")
    Convocation = apps.get_model("chambers", "Convocation")
    Party = apps.get_model("deputies", "Party")
    Faction = apps.get_model("deputies", "Faction")

    majilis = Chamber.objects.get(code="majilis")
    viii = Convocation.objects.get(legislature="parliament", number=8)
    for code, short, full, _list_seats, total in PARTIES:
        party, _ = Party.objects.update_or_create(
            code=code,
            defaults=dict(
                short_name=short[0],
                short_name_kk=short[0],
                short_name_ru=short[1],
                short_name_en=short[2],
                name=full[0],
                name_kk=full[0],
                name_ru=full[1],
                name_en=full[2],
                source="S15, S16",
            ),
        )
        name_kk = f'"{short[0]}" {FACTION_WORD[0]}'
        Faction.objects.update_or_create(
            party=party,
            chamber=majilis,
            convocation=viii,
            defaults=dict(
                name=name_kk,
                name_kk=name_kk,
                name_ru=f'{FACTION_WORD[1]} "{short[1]}"',
                name_en=f"{short[2]} {FACTION_WORD[2]}",
                seats_won=total,
                starts_on=viii.starts_on,
                ends_on=viii.ends_on,
                # ElectionGuide gives OSDP 5 seats and independents 6 (S17).
                confirmed=code != "osdp",
                source="S15, S16, S32",
            ),
        )


class Migration(migrations.Migration):
    dependencies = [("deputies", "0002_integrity"), ("chambers", "0002_reference_data")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
