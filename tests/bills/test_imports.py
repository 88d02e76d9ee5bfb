"""Reading e-voting exports: pure parsing, no database."""

from bills import imports
from bills.imports import Person, normalize, parse_ballots
from tests.factories import DeputyFactory


def person(pk, *names, chamber="majilis"):
    return Person(pk, chamber, frozenset(normalize(n) for n in names))


# Deputies 3 and 4 are both "Ким Олег": that short name is ambiguous.
SERVING = [
    person(1, "Абаев Серік", "Абаев Серик", "Abayev Serik"),
    person(2, "Бекова Айгүл", "Бекова Айгуль", "Bekova Aigul"),
    person(3, "Ким Олег", "Kim Oleg"),
    person(4, "Ким Олег Петрович", "Ким Олег"),
    person(5, "Сенатов Арман", chamber="senate"),
]
LEFT = [person(9, "Ушедший Нурлан", "Ushedshiy Nurlan")]


def codes(parsed):
    return [(p.line, p.code) for p in parsed.problems]


def test_ids_names_in_every_language_and_options_in_three_languages():
    text = (
        "deputy,option\n"
        "1,за\n"
        "bekova aigul,ҚАРСЫ\n"
        "КИМ ОЛЕГ ПЕТРОВИЧ,abstain\n"
        "Сенатов  Арман,қатыспады\n"
    )
    parsed = parse_ballots(text, serving=SERVING)
    assert parsed.problems == []
    assert parsed.ok
    assert parsed.ballots == [(1, "yes"), (2, "no"), (4, "abstain"), (5, "absent")]
    # Deputy 3 is not in the file: absent.
    assert parsed.totals() == {
        "majilis": {"yes": 1, "no": 1, "abstain": 1, "absent": 1},
        "senate": {"yes": 0, "no": 0, "abstain": 0, "absent": 1},
    }


def test_semicolons_with_a_byte_order_mark_and_extra_columns():
    data = "\ufeffNo;Deputy;Option\r\n1;Абаев Серік;против\r\n2;Bekova Aigul;воздержалась\r\n"
    parsed = parse_ballots(data.encode("utf-8"), serving=SERVING)
    assert parsed.problems == []
    assert parsed.ballots == [(1, "no"), (2, "abstain")]


def test_every_bad_row_is_listed_by_line():
    text = (
        "deputy,option\n"
        "1,yes\n"
        "\n"  # blank lines are skipped but keep their number
        "Ким Олег,yes\n"  # line 4: ambiguous
        "Nobody Atall,no\n"  # line 5: unknown
        "9,yes\n"  # line 6: not serving that day (by id)
        "ushedshiy nurlan,yes\n"  # line 7: not serving that day (by name)
        "abayev serik,no\n"  # line 8: a second ballot for deputy 1
        "2,maybe\n"  # line 9: bad option
        "77,yes\n"  # line 10: unknown id
        ",yes\n"  # line 11: no deputy
    )
    parsed = parse_ballots(text, serving=SERVING, others=LEFT)
    assert codes(parsed) == [
        (4, "ambiguous_name"),
        (5, "unknown_deputy"),
        (6, "not_serving"),
        (7, "not_serving"),
        (8, "duplicate_deputy"),
        (9, "bad_option"),
        (10, "unknown_deputy"),
        (11, "unknown_deputy"),
    ]
    assert not parsed.ok
    assert "3, 4" in parsed.problems[0].message
    assert "2" in parsed.problems[4].message  # the line of the first ballot


def test_a_file_without_the_columns_or_not_in_utf8():
    assert codes(parse_ballots("name,vote\nx,yes\n", serving=SERVING)) == [(1, "missing_column")]
    assert codes(parse_ballots("deputy,option\n1,за\n".encode("cp1251"), serving=SERVING)) == [
        (1, "bad_file")
    ]
    assert codes(parse_ballots("", serving=SERVING)) == [(1, "bad_file")]
    assert not parse_ballots("deputy,option\n", serving=SERVING).ok  # no ballots at all


def test_person_from_a_deputy_knows_every_spelling():
    deputy = DeputyFactory.build(
        id=7,
        last_name_kk="Әлиев",
        first_name_kk="Бақыт",
        last_name_ru="Алиев",
        first_name_ru="Бахыт",
        patronymic_ru="Ерланович",
        last_name_en="Aliyev",
        first_name_en="Bakhyt",
    )
    found = Person.of(deputy, "majilis")
    assert found.id == 7
    assert {"әлиев бақыт", "алиев бахыт ерланович", "бахыт алиев", "aliyev bakhyt"} <= found.names
    parsed = imports.parse_ballots("deputy;option\nALIYEV Bakhyt;yes\n", serving=[found])
    assert parsed.ballots == [(7, "yes")]
