"""Full-text search over bills in Kazakh, Russian and English.

PostgreSQL: a stored tsvector per language with a GIN index — Russian with the `russian`
configuration, English with `english`, Kazakh with `simple` and prefix matching (there is no
Kazakh stemmer), plus trigram similarity over the folded text for misspellings when nothing
matches exactly; results are ranked, unless a word is so common that more than RANK_AT_MOST
bills match (newest first then). SQLite: every word must occur in the case-folded text
(Python's casefold handles Cyrillic, which SQLite's LIKE does not).
"""

import re
from collections.abc import Iterable, Mapping

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import F, Q

from .models import Bill

CONFIGS = {"kk": "simple", "ru": "russian", "en": "english"}
WORD = re.compile(r"\w+", re.UNICODE)
MIN_FUZZY_LENGTH = 5
# Ranking reads every match's vectors: past this many matches, newest first instead.
RANK_AT_MOST = 1000


def words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(text or "")]


def folded(number: str, titles: Mapping[str, str], summaries: Mapping[str, str]) -> str:
    """The search_text of a bill with this number, titles and summaries (by language)."""
    parts = [number]
    for code in CONFIGS:
        parts += [titles.get(code) or "", summaries.get(code) or ""]
    return " ".join(words(" ".join(parts)))


def folded_text(bill: Bill) -> str:
    return folded(
        bill.number,
        {code: getattr(bill, f"title_{code}") for code in CONFIGS},
        {code: getattr(bill, f"summary_{code}") for code in CONFIGS},
    )


def _vectors() -> dict:
    return {
        f"search_{code}": SearchVector(f"title_{code}", weight="A", config=config)
        + SearchVector(f"summary_{code}", weight="B", config=config)
        for code, config in CONFIGS.items()
    }


def index_bills(ids: Iterable[int]) -> None:
    """Refresh the search columns of these bills (after their texts changed)."""
    ids = list(ids)
    bills = list(Bill.objects.filter(pk__in=ids))
    for bill in bills:
        bill.search_text = folded_text(bill)
    Bill.objects.bulk_update(bills, ["search_text"], batch_size=500)
    if connection.vendor == "postgresql":
        Bill.objects.filter(pk__in=ids).update(**_vectors())


def index_vectors(queryset) -> int:
    """Fill the tsvector columns of every bill in the queryset with one UPDATE (bulk loads,
    which write search_text themselves with ``folded``). Nothing to do on SQLite."""
    if connection.vendor != "postgresql":
        return 0
    return queryset.update(**_vectors())


def search_bills(queryset, text: str):
    """Bills matching the words, best first (PostgreSQL) or newest first (SQLite)."""
    terms = words(text)
    if not terms:
        return queryset
    if connection.vendor != "postgresql":
        for term in terms:
            queryset = queryset.filter(search_text__contains=term)
        return queryset
    # Every word must match in some language. Kazakh adds suffixes to stems ("салық",
    # "салықтар"), so Kazakh words match as prefixes. Only when no bill matches every word
    # that way do longer words match by trigram similarity, which forgives misspellings:
    # comparing a common word with every bill's text would cost seconds.
    exact = queryset
    for term in terms:
        exact = exact.filter(_matches(term))
    phrase = " ".join(terms)
    kazakh = SearchQuery(" & ".join(f"{t}:*" for t in terms), config="simple", search_type="raw")
    rank = (
        SearchRank(F("search_kk"), kazakh)
        + SearchRank(F("search_ru"), SearchQuery(phrase, config="russian"))
        + SearchRank(F("search_en"), SearchQuery(phrase, config="english"))
    )
    found = len(exact.values_list("pk", flat=True)[: RANK_AT_MOST + 1])
    if found > RANK_AT_MOST:  # a word nearly every bill has says nothing of relevance
        return exact.order_by("-registered_on", "-id")
    if found:
        return exact.annotate(rank=rank).order_by("-rank", "-registered_on", "-id")
    fuzzy = queryset
    for term in terms:
        match = _matches(term)
        if term.isalpha() and len(term) >= MIN_FUZZY_LENGTH:
            match |= Q(search_text__trigram_word_similar=term)
        fuzzy = fuzzy.filter(match)
    rank += TrigramWordSimilarity(phrase, "search_text")
    return fuzzy.annotate(rank=rank).order_by("-rank", "-registered_on", "-id")


def _matches(term: str) -> Q:
    """A word in one of the languages' vectors; short words and numbers (a registration
    number) also inside the folded text, where the trigram index serves."""
    match = (
        Q(search_kk=SearchQuery(f"{term}:*", config="simple", search_type="raw"))
        | Q(search_ru=SearchQuery(term, config="russian"))
        | Q(search_en=SearchQuery(term, config="english"))
    )
    if not (term.isalpha() and len(term) >= MIN_FUZZY_LENGTH):
        match |= Q(search_text__contains=term)
    return match
