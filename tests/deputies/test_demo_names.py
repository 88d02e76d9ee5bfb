import random
import re

import pytest

from deputies.demo_names import (
    _RUSSIAN,
    DISTRICTS,
    FATHER_NAMES,
    FEMALE_NAMES,
    MALE_NAMES,
    REGIONS,
    SURNAME_ROOTS,
    _ru_patronymic,
    full_name,
    translit,
)

KK_WORD = re.compile(r"^[А-ЯЁа-яёӘәҒғҚқҢңӨөҰұҮүҺһІі]+$")
RU_WORD = re.compile(r"^[А-ЯЁа-яё]+$")
LATIN = re.compile(r"^[A-Za-z ]+$")
TABLES = {
    "male": MALE_NAMES,
    "female": FEMALE_NAMES,
    "father": FATHER_NAMES,
    "surname": SURNAME_ROOTS,
}
SUFFIXED = ("ов", "ев", "ин")


def draws(seed, n=500):
    rng = random.Random(seed)
    return [full_name(rng) for _ in range(n)]


@pytest.mark.parametrize("table", TABLES.values(), ids=TABLES.keys())
def test_tables_are_kk_ru_pairs_with_latin_forms(table):
    assert len(table) >= (80 if table is SURNAME_ROOTS else 50)
    assert len(set(table)) == len(table)
    for kk, ru in table:
        assert KK_WORD.match(kk), kk
        assert RU_WORD.match(ru), ru
        assert LATIN.match(translit(kk)), kk


def test_kazakh_forms_use_kazakh_letters():
    kazakh_letters = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
    for table in TABLES.values():
        assert sum(bool(kazakh_letters & set(kk)) for kk, _ in table) > len(table) // 4


def test_surname_mix():
    suffixless = [kk for kk, _ in SURNAME_ROOTS if not kk.endswith(SUFFIXED)]
    assert 0.10 <= len(suffixless) / len(SURNAME_ROOTS) <= 0.20
    assert {"Сарым", "Шапақ", "Сейітқали"} <= set(suffixless)


def test_russian_given_names_are_about_ten_percent():
    for table in (MALE_NAMES, FEMALE_NAMES):
        share = sum(kk in _RUSSIAN for kk, _ in table) / len(table)
        assert 0.03 <= share <= 0.15


@pytest.mark.parametrize(
    "father,sex,expected",
    [
        ("Ерлан", "m", "Ерланович"),
        ("Адил", "f", "Адиловна"),
        ("Сергей", "m", "Сергеевич"),
        ("Николай", "f", "Николаевна"),
        ("Юрий", "m", "Юрьевич"),
        ("Анатолий", "f", "Анатольевна"),
        ("Игорь", "m", "Игоревич"),
        ("Муса", "m", "Мусаевич"),
        ("Ергали", "f", "Ергалиевна"),
    ],
)
def test_russian_patronymic(father, sex, expected):
    assert _ru_patronymic(father, sex) == expected


def test_full_name_shape_and_scripts():
    for person in draws(1):
        assert person["sex"] in ("m", "f")
        for part in ("last", "first", "patronymic"):
            forms = person[part]
            assert set(forms) == {"kk", "ru", "en"}
            assert all(forms.values()), person
            assert KK_WORD.match(forms["kk"]), person
            assert RU_WORD.match(forms["ru"]), person
            assert LATIN.match(forms["en"]), person
            assert forms["en"] == translit(forms["kk"])
        for lang in ("kk", "ru", "en"):
            order = (person["last"][lang], person["first"][lang], person["patronymic"][lang])
            assert person["full"][lang] == " ".join(order)
        assert person["full"]["en"].isascii()


def test_sex_specific_forms():
    people = draws(2)
    assert {p["sex"] for p in people} == {"m", "f"}
    invariant = {kk for kk, _ in SURNAME_ROOTS if not kk.endswith(SUFFIXED)}
    for p in people:
        last, first, patr = p["last"], p["first"], p["patronymic"]
        male = p["sex"] == "m"
        names = MALE_NAMES if male else FEMALE_NAMES
        assert (first["kk"], first["ru"]) in names
        if last["kk"] not in invariant:
            assert last["kk"].endswith(SUFFIXED if male else ("ова", "ева", "ина")), p
            assert last["ru"].endswith(SUFFIXED if male else ("ова", "ева", "ина")), p
        assert patr["ru"].endswith(("ович", "евич") if male else ("овна", "евна")), p
        if first["kk"] in _RUSSIAN:
            assert patr["kk"] == patr["ru"]
            assert last["kk"] == last["ru"]
        else:
            assert patr["kk"].endswith("ұлы" if male else "қызы"), p


class Scripted:
    """Stands in for random.Random: each choice() returns the scripted item (matched on kk)."""

    def __init__(self, *picks):
        self.picks = list(picks)

    def choice(self, seq):
        want = self.picks.pop(0)
        return next(x for x in seq if want in (x, x[0]))


@pytest.mark.parametrize(
    "picks,kk,ru,en",
    [
        (
            ("m", "Мұрат", "Әділ", "Әбенов"),
            "Әбенов Мұрат Әділұлы",
            "Абенов Мурат Адилович",
            "Abenov Murat Adiluly",
        ),
        (
            ("f", "Әйгерім", "Қайрат", "Жақыпов"),
            "Жақыпова Әйгерім Қайратқызы",
            "Жакупова Айгерим Кайратовна",
            "Jaqypova Aigerim Qairatqyzy",
        ),
        (
            ("f", "Гауһар", "Абылай", "Сарым"),
            "Сарым Гауһар Абылайқызы",
            "Сарым Гаухар Абылаевна",
            "Sarym Gauhar Abylaiqyzy",
        ),
        (
            ("f", "Сәуле", "Ерғали", "Мұсин"),
            "Мұсина Сәуле Ерғалиқызы",
            "Мусина Сауле Ергалиевна",
            "Musina Saule Ergaliqyzy",
        ),
        (
            ("m", "Сергей", "Николай", "Ким"),
            "Ким Сергей Николаевич",
            "Ким Сергей Николаевич",
            "Kim Sergei Nikolaevich",
        ),
        (
            ("f", "Ольга", "Юрий", "Васильев"),
            "Васильева Ольга Юрьевна",
            "Васильева Ольга Юрьевна",
            "Vasileva Olga Yurevna",
        ),
    ],
)
def test_full_name_examples(picks, kk, ru, en):
    person = full_name(Scripted(*picks))
    assert person["sex"] == picks[0]
    assert person["full"] == {"kk": kk, "ru": ru, "en": en}


def test_deterministic_and_only_uses_rng():
    random.seed(1)
    first = draws(42)
    random.seed(2)
    assert draws(42) == first
    assert draws(43) != first


def test_variety():
    assert len({p["full"]["kk"] for p in draws(7)}) >= 400


def test_regions():
    assert len(REGIONS) == 20
    codes = [r["code"] for r in REGIONS]
    assert len(set(codes)) == 20
    assert all(re.fullmatch(r"[a-z_]+", c) for c in codes)
    assert all(r["kk"] and r["ru"] and r["en"] for r in REGIONS)
    assert sum(r["kk"].endswith(" облысы") for r in REGIONS) == 17
    cities = {r["code"]: r for r in REGIONS if r["kk"].endswith(" қаласы")}
    assert set(cities) == {"astana", "almaty_city", "shymkent"}
    assert cities["astana"] == {
        "code": "astana",
        "kk": "Астана қаласы",
        "ru": "город Астана",
        "en": "Astana city",
    }


def test_districts():
    regions = {r["code"] for r in REGIONS}
    assert [d["number"] for d in DISTRICTS] == list(range(1, 30))
    assert {d["region"] for d in DISTRICTS} == regions
    for d in DISTRICTS:
        n = d["number"]
        assert f"№ {n} " in d["kk"] and f"№ {n} " in d["ru"] and f"No. {n} " in d["en"]
    assert DISTRICTS[0] == {
        "number": 1,
        "region": "astana",
        "kk": "№ 1 сайлау округі (Астана қ.)",
        "ru": "Избирательный округ № 1 (г. Астана)",
        "en": "Electoral district No. 1 (Astana)",
    }
    seats = {code: sum(d["region"] == code for d in DISTRICTS) for code in regions}
    assert seats["astana"] == seats["almaty_city"] == seats["turkistan"] == 3
    assert seats["shymkent"] == seats["almaty_region"] == 2


@pytest.mark.parametrize(
    "kk,en",
    [
        ("Әбенов", "Abenov"),
        ("Қайрат", "Qairat"),
        ("Ұлытау", "Ulytau"),
        ("Шымкент", "Shymkent"),
        ("Жетісу", "Jetisu"),
        ("Әділұлы", "Adiluly"),
        ("Гауһар", "Gauhar"),
        ("Шыңғыс", "Shyngys"),
        ("Өмірзақ", "Omirzaq"),
        ("Татьяна", "Tatyana"),
        ("Дархан", "Darkhan"),
        ("Сейітқали-Ким 2", "Seiitqali-Kim 2"),
    ],
)
def test_translit(kk, en):
    assert translit(kk) == en
