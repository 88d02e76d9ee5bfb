"""Search finds bills in all three languages; PostgreSQL stems and ranks, SQLite folds case."""

import datetime

import pytest
from django.db import connection

from bills import services
from bills.models import Bill
from bills.search import search_bills

ON = datetime.date(2024, 5, 6)
TAX = {
    "kk": "Салық кодексіне өзгерістер енгізу туралы",
    "ru": "О внесении изменений в Налоговый кодекс",
    "en": "On amendments to the Tax Code",
}
ROADS = {
    "kk": "Автомобиль жолдары туралы",
    "ru": "Об автомобильных дорогах",
    "en": "On motor roads",
}


@pytest.fixture
def bills(parliament):
    def create(title, summary=None):
        return services.bill_create(
            kind="law", initiator_type="government", title=title, summary=summary, registered_on=ON
        )

    return {
        "tax": create(TAX),
        "roads": create(ROADS, {"ru": "Меняет налоговые льготы для перевозчиков", "kk": ""}),
        "other": create({"kk": "Білім туралы", "ru": "Об образовании", "en": "On education"}),
    }


def found(text):
    return [b.title_en for b in search_bills(Bill.objects.all(), text)]


@pytest.mark.parametrize("text", ["налоговый", "НАЛОГОВЫЙ", "Салық", "САЛЫҚ", "tax code"])
def test_finds_cyrillic_and_latin_whatever_the_case(bills, text):
    assert found(text)[0] == "On amendments to the Tax Code"
    assert "On education" not in found(text)


def test_kazakh_word_prefixes_match_suffixed_forms(bills):
    # "жол" (road) is a prefix of "жолдары"; Kazakh has no stemmer, prefixes stand in.
    assert found("жол") == ["On motor roads"]


def test_every_word_must_match(bills):
    assert found("налоговый кодекс") == ["On amendments to the Tax Code"]
    assert found("налоговый образовании") == []


def test_blank_query_keeps_everything(bills):
    assert len(found("  ")) == 3


def test_registration_number_is_searchable(bills):
    assert found(bills["other"].number) == ["On education"]


def test_edits_are_searchable(bills):
    bill = bills["other"]
    services.bill_edit(
        bill=bill,
        title={"kk": "Ғылым туралы", "ru": "О науке", "en": "On science"},
        summary={},
        priority=False,
    )
    assert found("науке") == ["On science"]
    assert found("образовании") == []


def test_russian_word_forms_and_ranking_on_postgresql(postgresql, bills):
    # Stemming: "налоговым" and "налоговые" share the stem of "Налоговый".
    results = found("налоговым")
    assert results[0] == "On amendments to the Tax Code"  # in the title: ranks first
    assert results[1] == "On motor roads"  # only in the Russian summary
    assert found("amendment") == ["On amendments to the Tax Code"]


def test_misspellings_found_by_trigrams_on_postgresql(postgresql, bills):
    assert found("автомобилных")[0] == "On motor roads"


def test_a_word_most_bills_have_lists_them_newest_first_on_postgresql(
    postgresql, bills, monkeypatch
):
    # "налоговым" ranks the Tax Code first (test above); past RANK_AT_MOST matches, ranking
    # gives way to the newest first.
    Bill.objects.filter(pk=bills["roads"].pk).update(registered_on=ON + datetime.timedelta(1))
    monkeypatch.setattr("bills.search.RANK_AT_MOST", 1)
    assert found("налоговым") == ["On motor roads", "On amendments to the Tax Code"]


def test_an_exact_match_leaves_similar_words_out_on_postgresql(postgresql, bills):
    # "автомобильных" matches the roads bill exactly; similar words elsewhere are not asked for.
    assert found("автомобильных") == ["On motor roads"]


def test_indexes_on_postgresql(postgresql):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'bills_bill' "
            "AND indexname LIKE 'bills_bill_search_%' ORDER BY 1"
        )
        names = [row[0] for row in cursor.fetchall()]
    assert names == [f"bills_bill_search_{n}" for n in ("en", "kk", "ru", "trgm")]
