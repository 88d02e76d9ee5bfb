"""The chambers, convocations I–VIII with their established seats, sessions, and the VIII
convocation's committees (DOMAIN.md B1, B6). Rows marked confirmed=False are recalled facts
that no source has confirmed yet (R in DOMAIN.md)."""

import datetime

from django.db import migrations

D = datetime.date

CHAMBERS = [
    ("majilis", 1, "Мәжіліс", "Мажилис", "Majilis"),
    ("senate", 2, "Сенат", "Сенат", "Senate"),
]

# number, starts, ends, confirmed, source
CONVOCATIONS = [
    (1, D(1996, 1, 30), D(1999, 11, 30), False, "S23 (first session); end R"),
    (2, D(1999, 12, 1), D(2004, 11, 2), False, "R"),
    (3, D(2004, 11, 3), D(2007, 6, 20), False, "R (Majilis dissolved early)"),
    (4, D(2007, 9, 2), D(2011, 11, 16), False, "R"),
    (5, D(2012, 1, 20), D(2016, 1, 20), True, "S24b"),
    (6, D(2016, 3, 25), D(2021, 1, 14), True, "S22 (Majilis to 2020-12-30, Senate to 2021-01-14)"),
    (7, D(2021, 1, 15), D(2023, 1, 19), True, "S22"),
    (8, D(2023, 3, 29), D(2026, 7, 1), True, "S32, S45"),
]

# convocation, chamber, seats, starts (None = with the convocation), confirmed, source
SEATS = [
    (1, "majilis", 67, None, False, "B1: 67 single-member (R)"),
    (1, "senate", 47, None, False, "B1: 40 elected + 7 appointed (R)"),
    (2, "majilis", 77, None, True, "S4, S9: 67 single-member + 10 party-list"),
    (2, "senate", 39, None, True, "S20: 32 elected + 7 appointed"),
    (3, "majilis", 77, None, True, "S4, S9"),
    (3, "senate", 39, None, True, "S20"),
    (4, "majilis", 107, None, True, "S5, S8, S19: 98 party-list + 9 Assembly of People"),
    (4, "senate", 47, None, True, "S19, S21: 32 elected + 15 appointed"),
    (5, "majilis", 107, None, True, "S5, S19"),
    (5, "senate", 47, None, True, "S19, S21"),
    (6, "majilis", 107, None, True, "S5, S19"),
    (6, "senate", 47, None, True, "S19, S21"),
    (6, "senate", 49, D(2018, 6, 19), False, "S16, S22: two senators for Shymkent (date R)"),
    (7, "majilis", 107, None, True, "S5, S19"),
    (7, "senate", 49, None, True, "S16, S22"),
    (8, "majilis", 98, None, True, "S6, S14, S15: 69 party-list + 29 single-member"),
    (8, "senate", 50, None, True, "S6, S14, S17: 40 elected + 10 appointed"),
]

# code, kk, ru, en
MAJILIS_COMMITTEES = [
    (
        "legislation",
        "Заңнама және сот-құқықтық реформа комитеті",
        "Комитет по законодательству и судебно-правовой реформе",
        "Committee on Legislation and Judicial-Legal Reform",
    ),
    (
        "international",
        "Халықаралық істер, қорғаныс және қауіпсіздік комитеті",
        "Комитет по международным делам, обороне и безопасности",
        "Committee on International Affairs, Defence and Security",
    ),
    (
        "finance",
        "Қаржы және бюджет комитеті",
        "Комитет по финансам и бюджету",
        "Committee on Finance and Budget",
    ),
    (
        "economy",
        "Экономикалық реформа және өңірлік даму комитеті",
        "Комитет по экономической реформе и региональному развитию",
        "Committee on Economic Reform and Regional Development",
    ),
    (
        "agrarian",
        "Аграрлық мәселелер комитеті",
        "Комитет по аграрным вопросам",
        "Committee on Agrarian Affairs",
    ),
    (
        "ecology",
        "Экология мәселелері және табиғатты пайдалану комитеті",
        "Комитет по экологии и природопользованию",
        "Committee on Ecology and Nature Use",
    ),
    (
        "social",
        "Әлеуметтік-мәдени даму комитеті",
        "Комитет по социально-культурному развитию",
        "Committee on Socio-Cultural Development",
    ),
]
SENATE_COMMITTEES = [
    (
        "constitutional",
        "Конституциялық заңнама, сот жүйесі және құқық қорғау органдары комитеті",
        "Комитет по конституционному законодательству, судебной системе и "
        "правоохранительным органам",
        "Committee on Constitutional Legislation, Judicial System and Law Enforcement",
    ),
    (
        "international",
        "Халықаралық қатынастар, қорғаныс және қауіпсіздік комитеті",
        "Комитет по международным отношениям, обороне и безопасности",
        "Committee on International Relations, Defence and Security",
    ),
    (
        "finance",
        "Қаржы және бюджет комитеті",
        "Комитет по финансам и бюджету",
        "Committee on Finance and Budget",
    ),
    (
        "economy",
        "Экономикалық саясат, инновациялық даму және кәсіпкерлік комитеті",
        "Комитет по экономической политике, инновационному развитию и предпринимательству",
        "Committee on Economic Policy, Innovation and Entrepreneurship",
    ),
    (
        "agrarian",
        "Аграрлық мәселелер, табиғатты пайдалану және ауылдық аумақтарды дамыту комитеті",
        "Комитет по аграрным вопросам, природопользованию и развитию сельских территорий",
        "Committee on Agrarian Affairs, Nature Use and Rural Development",
    ),
    (
        "social",
        "Әлеуметтік-мәдени даму және ғылым комитеті",
        "Комитет по социально-культурному развитию и науке",
        "Committee on Socio-Cultural Development and Science",
    ),
    (
        "regional",
        "Өңірлік даму және жергілікті өзін-өзі басқару комитеті",
        "Комитет по региональному развитию и местному самоуправлению",
        "Committee on Regional Development and Local Self-Government",
    ),
]


def _working_day(day: datetime.date, step: int) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=step)
    return day


def sessions(starts: datetime.date, ends: datetime.date):
    """Sessions run from the first working day of September to the last working day of June
    (Const. Law on Parliament art. 6); the first starts with the convocation, the last ends
    with it. Public holidays are not taken into account."""
    number, current = 1, starts
    while current <= ends:
        year = current.year if current.month <= 6 else current.year + 1
        session_end = min(_working_day(D(year, 6, 30), -1), ends)
        if current <= session_end:
            yield number, current, session_end
            number += 1
        current = _working_day(D(year, 9, 1), 1)


def load(apps, schema_editor):
    Chamber = apps.get_model("chambers", "Chamber")
    Convocation = apps.get_model("chambers", "Convocation")
    Seats = apps.get_model("chambers", "Seats")
    Session = apps.get_model("chambers", "Session")
    Committee = apps.get_model("chambers", "Committee")

    chambers = {}
    for code, position, kk, ru, en in CHAMBERS:
        chambers[code], _ = Chamber.objects.update_or_create(
            code=code,
            defaults=dict(position=position, name=kk, name_kk=kk, name_ru=ru, name_en=en),
        )
    convocations = {}
    for number, starts, ends, confirmed, source in CONVOCATIONS:
        convocations[number], _ = Convocation.objects.update_or_create(
            legislature="parliament",
            number=number,
            defaults=dict(starts_on=starts, ends_on=ends, confirmed=confirmed, source=source),
        )
        for session_number, session_starts, session_ends in sessions(starts, ends):
            Session.objects.update_or_create(
                convocation=convocations[number],
                number=session_number,
                defaults=dict(starts_on=session_starts, ends_on=session_ends),
            )
    # A seats row lasts until the next row of the same chamber in that convocation.
    for index, (number, chamber, seats, starts, confirmed, source) in enumerate(SEATS):
        convocation = convocations[number]
        following = [row[3] for row in SEATS[index + 1 :] if row[0] == number and row[1] == chamber]
        ends = following[0] - datetime.timedelta(days=1) if following else convocation.ends_on
        Seats.objects.update_or_create(
            convocation=convocation,
            chamber=chambers[chamber],
            starts_on=starts or convocation.starts_on,
            defaults=dict(seats=seats, ends_on=ends, confirmed=confirmed, source=source),
        )
    viii = convocations[8]
    for chamber, rows in (("majilis", MAJILIS_COMMITTEES), ("senate", SENATE_COMMITTEES)):
        for code, kk, ru, en in rows:
            Committee.objects.update_or_create(
                chamber=chambers[chamber],
                convocation=viii,
                code=code,
                defaults=dict(
                    name=kk,
                    name_kk=kk,
                    name_ru=ru,
                    name_en=en,
                    starts_on=viii.starts_on,
                    ends_on=viii.ends_on,
                    confirmed=False,
                    source="DOMAIN.md B6 (R); S32, S56",
                ),
            )


class Migration(migrations.Migration):
    dependencies = [("chambers", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
