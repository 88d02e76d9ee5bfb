"""Synthetic but realistic-looking names and places for the ``seed_demo`` command.

Pure data, no Django.  The people produced by :func:`full_name` are invented combinations
of common names; they are demo deputies, not real persons.

Names are ``(kk, ru)`` tuples: Kazakh Cyrillic and the usual Russian spelling.  English
forms are never typed by hand; they come from :func:`translit` applied to the Kazakh form.

Transliteration convention (ASCII, close to the 2021 Kazakh Latin alphabet without
diacritics): Қ→Q, Ж→J, Ғ→G, Ң→N, Ә→A, Ө→O, Ұ/Ү/У→U, І/И/Й→I, Ы→Y, Х→Kh, Һ→H, Ш→Sh,
Ч→Ch, Щ→Shch, Ц→Ts, Ё→Yo, Ю→Yu, Я→Ya, Э→E, Ъ/Ь dropped, other letters as usual.
Examples: Әбенов→Abenov, Қайрат→Qairat, Жетісу→Jetisu, Ұлытау→Ulytau, Шымкент→Shymkent.

Name order in every language, English included, is surname first, as in Kazakhstan's
official lists: "Әбенов Мұрат Әділұлы" / "Абенов Мурат Адилович" / "Abenov Murat Adiluly".
Kazakh patronymics are the father's name + ұлы / қызы; people with Russian given names
(~10%) get a Russian father's name, a Russian (or Korean) surname and a Russian-style
patronymic in every language, as official Kazakh-language lists write them.

REGIONS are the 17 oblasts and 3 cities that each elect two senators since 2023, with
official names (the Russian names of the 2022 oblasts keep Kazakh letters: "область
Жетісу").  DISTRICTS are 29 single-member Majilis districts; their allocation to regions
(and their numbering) is illustrative for demo data, roughly by population, and does not
reproduce the Central Election Commission's actual boundaries.
"""

import random

MALE_NAMES = [
    ("Нұрлан", "Нурлан"), ("Мұрат", "Мурат"), ("Қайрат", "Кайрат"), ("Ерлан", "Ерлан"),
    ("Асқар", "Аскар"), ("Бауыржан", "Бауыржан"), ("Дәурен", "Даурен"), ("Серік", "Серик"),
    ("Ержан", "Ержан"), ("Арман", "Арман"), ("Дархан", "Дархан"), ("Ғалым", "Галым"),
    ("Болат", "Болат"), ("Азамат", "Азамат"), ("Алмас", "Алмас"), ("Айдос", "Айдос"),
    ("Бекзат", "Бекзат"), ("Дамир", "Дамир"), ("Әділ", "Адил"), ("Ерболат", "Ерболат"),
    ("Жандос", "Жандос"), ("Жасұлан", "Жасулан"), ("Қанат", "Канат"), ("Мақсат", "Максат"),
    ("Нұржан", "Нуржан"), ("Олжас", "Олжас"), ("Рустем", "Рустем"), ("Самат", "Самат"),
    ("Талғат", "Талгат"), ("Ербол", "Ербол"), ("Ермек", "Ермек"), ("Асхат", "Асхат"),
    ("Бақыт", "Бакыт"), ("Ғабит", "Габит"), ("Дулат", "Дулат"), ("Еркін", "Еркин"),
    ("Жанболат", "Жанболат"), ("Қуаныш", "Куаныш"), ("Мирас", "Мирас"), ("Нұрбол", "Нурбол"),
    ("Ақылбек", "Акылбек"), ("Сәкен", "Сакен"), ("Төлеген", "Тулеген"), ("Ұлан", "Улан"),
    ("Шыңғыс", "Шынгыс"), ("Бекболат", "Бекболат"), ("Ілияс", "Ильяс"), ("Ерасыл", "Ерасыл"),
    ("Әлихан", "Алихан"), ("Санжар", "Санжар"), ("Темірлан", "Темирлан"), ("Айбек", "Айбек"),
    ("Данияр", "Данияр"), ("Марат", "Марат"), ("Жомарт", "Жомарт"), ("Ибраһим", "Ибрагим"),
    ("Мейрам", "Мейрам"),
    # other names common in Kazakhstan
    ("Руслан", "Руслан"), ("Тимур", "Тимур"), ("Артур", "Артур"), ("Сергей", "Сергей"),
    ("Александр", "Александр"), ("Андрей", "Андрей"),
]  # fmt: skip

FEMALE_NAMES = [
    ("Әйгерім", "Айгерим"), ("Айгүл", "Айгуль"), ("Гүлнар", "Гульнар"), ("Динара", "Динара"),
    ("Жанар", "Жанар"), ("Мадина", "Мадина"), ("Әсем", "Асем"), ("Ақмарал", "Акмарал"),
    ("Ботагөз", "Ботагоз"), ("Гүлмира", "Гульмира"), ("Дана", "Дана"), ("Жібек", "Жибек"),
    ("Индира", "Индира"), ("Ләззат", "Ляззат"), ("Мөлдір", "Молдир"), ("Назерке", "Назерке"),
    ("Салтанат", "Салтанат"), ("Сәуле", "Сауле"), ("Толқын", "Толкын"), ("Ұлжан", "Улжан"),
    ("Шынар", "Шынар"), ("Айжан", "Айжан"), ("Айнұр", "Айнур"), ("Аружан", "Аружан"),
    ("Балжан", "Балжан"), ("Гүлжан", "Гульжан"), ("Дариға", "Дарига"), ("Жазира", "Жазира"),
    ("Жұлдыз", "Жулдыз"), ("Зарина", "Зарина"), ("Қарлығаш", "Карлыгаш"), ("Күлпаш", "Кульпаш"),
    ("Меруерт", "Меруерт"), ("Нұргүл", "Нургуль"), ("Перизат", "Перизат"), ("Райхан", "Райхан"),
    ("Сания", "Сания"), ("Тоғжан", "Тогжан"), ("Үміт", "Умит"), ("Фариза", "Фариза"),
    ("Шолпан", "Шолпан"), ("Ақбота", "Акбота"), ("Ардақ", "Ардак"), ("Гүлнұр", "Гульнур"),
    ("Жансая", "Жансая"), ("Зәуре", "Зауре"), ("Іңкәр", "Инкар"), ("Камшат", "Камшат"),
    ("Маржан", "Маржан"), ("Нұрсұлу", "Нурсулу"), ("Сымбат", "Сымбат"), ("Томирис", "Томирис"),
    ("Ұлпан", "Улпан"), ("Әсел", "Асель"), ("Гауһар", "Гаухар"), ("Ләйлә", "Ляйля"),
    ("Эльмира", "Эльмира"),
    # other names common in Kazakhstan
    ("Диана", "Диана"), ("Алина", "Алина"), ("Татьяна", "Татьяна"), ("Ольга", "Ольга"),
    ("Елена", "Елена"), ("Ирина", "Ирина"),
]  # fmt: skip

# Chosen so that the Russian patronymic follows the regular rules (no Михаил, Павел, Илья...).
FATHER_NAMES = [
    ("Әділ", "Адил"), ("Серік", "Серик"), ("Болат", "Болат"), ("Қайрат", "Кайрат"),
    ("Мұрат", "Мурат"), ("Ерлан", "Ерлан"), ("Асқар", "Аскар"), ("Нұрлан", "Нурлан"),
    ("Бауыржан", "Бауыржан"), ("Талғат", "Талгат"), ("Ғалым", "Галым"), ("Қанат", "Канат"),
    ("Бақыт", "Бакыт"), ("Жақсылық", "Жаксылык"), ("Төлеген", "Тулеген"), ("Сәкен", "Сакен"),
    ("Ермек", "Ермек"), ("Марат", "Марат"), ("Жұмабек", "Жумабек"), ("Мұхтар", "Мухтар"),
    ("Оразбек", "Оразбек"), ("Тұрсын", "Турсын"), ("Ахмет", "Ахмет"), ("Бекет", "Бекет"),
    ("Өмірзақ", "Умирзак"), ("Кеңес", "Кенес"), ("Сапар", "Сапар"), ("Нұрлыбек", "Нурлыбек"),
    ("Ерғали", "Ергали"), ("Мұса", "Муса"), ("Дүйсен", "Дуйсен"), ("Есен", "Есен"),
    ("Жомарт", "Жомарт"), ("Сағындық", "Сагындык"), ("Мақсат", "Максат"), ("Бейбіт", "Бейбит"),
    ("Темірхан", "Темирхан"), ("Рахым", "Рахим"), ("Әлібек", "Алибек"), ("Ибраһим", "Ибрагим"),
    ("Абылай", "Абылай"), ("Тоқтар", "Токтар"), ("Жанат", "Жанат"), ("Айдар", "Айдар"),
    ("Бақытжан", "Бакытжан"), ("Қасым", "Касым"), ("Мұхамеджан", "Мухамеджан"),
    ("Рысбек", "Рысбек"), ("Дәулет", "Даулет"), ("Ғабит", "Габит"), ("Амантай", "Амантай"),
    ("Әбдірахман", "Абдрахман"),
    # fathers of people with Russian given names
    ("Александр", "Александр"), ("Владимир", "Владимир"), ("Виктор", "Виктор"),
    ("Сергей", "Сергей"), ("Николай", "Николай"), ("Юрий", "Юрий"), ("Игорь", "Игорь"),
    ("Анатолий", "Анатолий"), ("Олег", "Олег"),
]  # fmt: skip

# Male forms.  Stems ending in -ов/-ев/-ин take -а for women; the others are invariant.
SURNAME_ROOTS = [
    ("Әбенов", "Абенов"), ("Ахметов", "Ахметов"), ("Әлиев", "Алиев"), ("Байжанов", "Байжанов"),
    ("Бекмұхамедов", "Бекмухамедов"), ("Бейсенов", "Бейсенов"),
    ("Досмұхамбетов", "Досмухамбетов"), ("Ерғалиев", "Ергалиев"), ("Есенов", "Есенов"),
    ("Жақыпов", "Жакупов"), ("Жұмабаев", "Жумабаев"), ("Жүнісов", "Жунусов"),
    ("Ибраев", "Ибраев"), ("Исабеков", "Исабеков"), ("Қалиев", "Калиев"), ("Қасымов", "Касымов"),
    ("Қожахметов", "Кожахметов"), ("Қуанышев", "Куанышев"), ("Мұқанов", "Муканов"),
    ("Мұхамеджанов", "Мухамеджанов"), ("Нұрланов", "Нурланов"), ("Нұрпейісов", "Нурпеисов"),
    ("Оспанов", "Оспанов"), ("Омаров", "Омаров"), ("Рахымов", "Рахимов"),
    ("Сәрсенов", "Сарсенов"), ("Сейітов", "Сеитов"), ("Сұлтанов", "Султанов"),
    ("Тұрсынов", "Турсунов"), ("Тоқтаров", "Токтаров"), ("Шәріпов", "Шарипов"),
    ("Ысқақов", "Искаков"), ("Ахметжанов", "Ахметжанов"), ("Әбілов", "Абилов"),
    ("Бекболатов", "Бекболатов"), ("Дәуленов", "Дауленов"), ("Ермеков", "Ермеков"),
    ("Жолдасбеков", "Жолдасбеков"), ("Қайыпов", "Каипов"), ("Мамыров", "Мамыров"),
    ("Нұрғалиев", "Нургалиев"), ("Оразов", "Оразов"), ("Сапаров", "Сапаров"),
    ("Серіков", "Сериков"), ("Сыздықов", "Сыздыков"), ("Тәжібаев", "Тажибаев"),
    ("Тілеубаев", "Тлеубаев"), ("Өтегенов", "Утегенов"), ("Үсенов", "Усенов"),
    ("Бекенов", "Бекенов"), ("Дүйсенов", "Дуйсенов"), ("Ержанов", "Ержанов"),
    ("Жұмағұлов", "Жумагулов"), ("Кенжебаев", "Кенжебаев"), ("Құсайынов", "Кусаинов"),
    ("Мырзахметов", "Мырзахметов"), ("Нығметов", "Нигметов"), ("Сейдахметов", "Сейдахметов"),
    ("Әділов", "Адилов"), ("Байтенов", "Байтенов"), ("Ізбасаров", "Избасаров"),
    ("Смағұлов", "Смагулов"), ("Шаймерденов", "Шаймерденов"),
    ("Мұсин", "Мусин"), ("Исин", "Исин"), ("Ғабдуллин", "Габдуллин"),
    ("Сейфуллин", "Сейфуллин"), ("Кенжин", "Кенжин"), ("Жұмин", "Жумин"),
    # suffixless Kazakh surnames, the same for men and women
    ("Сарым", "Сарым"), ("Шапақ", "Шапак"), ("Сейітқали", "Сейткали"),
    ("Нұрмағамбет", "Нурмагамбет"), ("Жақып", "Жакып"), ("Оспан", "Оспан"),
    ("Серікбай", "Серикбай"), ("Құдайберген", "Кудайберген"), ("Ахмет", "Ахмет"),
    ("Ермекбай", "Ермекбай"), ("Әлімжан", "Алимжан"), ("Қасымбек", "Касымбек"),
    ("Бекмұхамбет", "Бекмухамбет"),
    # surnames of people with Russian given names (Korean ones are invariant)
    ("Иванов", "Иванов"), ("Петров", "Петров"), ("Смирнов", "Смирнов"),
    ("Кузнецов", "Кузнецов"), ("Попов", "Попов"), ("Васильев", "Васильев"),
    ("Соколов", "Соколов"), ("Морозов", "Морозов"), ("Лебедев", "Лебедев"),
    ("Волков", "Волков"), ("Ким", "Ким"), ("Пак", "Пак"),
]  # fmt: skip

# Kazakh forms of the Russian given names, fathers' names and surnames above.
_RUSSIAN = frozenset(
    {
        "Сергей",
        "Александр",
        "Андрей",
        "Татьяна",
        "Ольга",
        "Елена",
        "Ирина",
        "Владимир",
        "Виктор",
        "Николай",
        "Юрий",
        "Игорь",
        "Анатолий",
        "Олег",
        "Иванов",
        "Петров",
        "Смирнов",
        "Кузнецов",
        "Попов",
        "Васильев",
        "Соколов",
        "Морозов",
        "Лебедев",
        "Волков",
        "Ким",
        "Пак",
    }
)


def _pools(names):
    return {r: [n for n in names if (n[0] in _RUSSIAN) == r] for r in (False, True)}


_FATHERS, _SURNAMES = _pools(FATHER_NAMES), _pools(SURNAME_ROOTS)

_LATIN = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e",
    "ё": "yo", "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e",
    "ю": "yu", "я": "ya",
}  # fmt: skip
_TABLE = {ord(c): v for c, v in _LATIN.items()} | {
    ord(c.upper()): v.capitalize() for c, v in _LATIN.items()
}


def translit(kk: str) -> str:
    """Kazakh Cyrillic (title or lower case) → ASCII Latin; other characters pass through."""
    return kk.translate(_TABLE)


def _ru_patronymic(father_ru: str, sex: str) -> str:
    """Russian patronymic: Ерлан→Ерланович, Сергей→Сергеевич, Юрий→Юрьевич, Игорь→Игоревич,
    Муса→Мусаевич, Ергали→Ергалиевич (-овна/-евна for women)."""
    end = "ич" if sex == "m" else "на"
    if father_ru.endswith("ий"):
        return f"{father_ru[:-2]}ьев{end}"
    if father_ru[-1] in "йь":
        return f"{father_ru[:-1]}ев{end}"
    if father_ru[-1] in "аеиоуыэюя":
        return f"{father_ru}ев{end}"
    return f"{father_ru}ов{end}"


def full_name(rng: random.Random) -> dict:
    """A synthetic person: sex, surname/given name/patronymic and the full name (surname first)
    in kk, ru and en.  Uses only ``rng``."""
    sex = rng.choice("mf")
    first = rng.choice(MALE_NAMES if sex == "m" else FEMALE_NAMES)
    russian = first[0] in _RUSSIAN
    father = rng.choice(_FATHERS[russian])
    last = rng.choice(_SURNAMES[russian])
    if sex == "f" and last[0].endswith(("ов", "ев", "ин")):
        last = (last[0] + "а", last[1] + "а")
    patronymic_ru = _ru_patronymic(father[1], sex)
    if russian:
        patronymic = (patronymic_ru, patronymic_ru)
    else:
        patronymic = (father[0] + ("ұлы" if sex == "m" else "қызы"), patronymic_ru)
    parts = {
        key: {"kk": kk, "ru": ru, "en": translit(kk)}
        for key, (kk, ru) in (("last", last), ("first", first), ("patronymic", patronymic))
    }
    full = {
        lang: " ".join(parts[k][lang] for k in ("last", "first", "patronymic"))
        for lang in parts["last"]
    }
    return {"sex": sex, **parts, "full": full}


REGIONS = [
    {"code": "abai", "kk": "Абай облысы", "ru": "область Абай", "en": "Abai Region"},
    {"code": "akmola", "kk": "Ақмола облысы", "ru": "Акмолинская область", "en": "Akmola Region"},
    {"code": "aktobe", "kk": "Ақтөбе облысы", "ru": "Актюбинская область", "en": "Aktobe Region"},
    {"code": "almaty_region", "kk": "Алматы облысы", "ru": "Алматинская область",
     "en": "Almaty Region"},
    {"code": "atyrau", "kk": "Атырау облысы", "ru": "Атырауская область", "en": "Atyrau Region"},
    {"code": "east_kazakhstan", "kk": "Шығыс Қазақстан облысы",
     "ru": "Восточно-Казахстанская область", "en": "East Kazakhstan Region"},
    {"code": "jambyl", "kk": "Жамбыл облысы", "ru": "Жамбылская область", "en": "Jambyl Region"},
    {"code": "jetisu", "kk": "Жетісу облысы", "ru": "область Жетісу", "en": "Jetisu Region"},
    {"code": "karaganda", "kk": "Қарағанды облысы", "ru": "Карагандинская область",
     "en": "Karaganda Region"},
    {"code": "kostanay", "kk": "Қостанай облысы", "ru": "Костанайская область",
     "en": "Kostanay Region"},
    {"code": "kyzylorda", "kk": "Қызылорда облысы", "ru": "Кызылординская область",
     "en": "Kyzylorda Region"},
    {"code": "mangystau", "kk": "Маңғыстау облысы", "ru": "Мангистауская область",
     "en": "Mangystau Region"},
    {"code": "north_kazakhstan", "kk": "Солтүстік Қазақстан облысы",
     "ru": "Северо-Казахстанская область", "en": "North Kazakhstan Region"},
    {"code": "pavlodar", "kk": "Павлодар облысы", "ru": "Павлодарская область",
     "en": "Pavlodar Region"},
    {"code": "turkistan", "kk": "Түркістан облысы", "ru": "Туркестанская область",
     "en": "Turkistan Region"},
    {"code": "ulytau", "kk": "Ұлытау облысы", "ru": "область Ұлытау", "en": "Ulytau Region"},
    {"code": "west_kazakhstan", "kk": "Батыс Қазақстан облысы",
     "ru": "Западно-Казахстанская область", "en": "West Kazakhstan Region"},
    {"code": "astana", "kk": "Астана қаласы", "ru": "город Астана", "en": "Astana city"},
    {"code": "almaty_city", "kk": "Алматы қаласы", "ru": "город Алматы", "en": "Almaty city"},
    {"code": "shymkent", "kk": "Шымкент қаласы", "ru": "город Шымкент", "en": "Shymkent city"},
]  # fmt: skip

# Illustrative allocation of the 29 single-member districts (numbered in this order).
_DISTRICT_SEATS = [
    ("astana", 3), ("almaty_city", 3), ("shymkent", 2), ("abai", 1), ("akmola", 1),
    ("aktobe", 1), ("almaty_region", 2), ("atyrau", 1), ("east_kazakhstan", 1), ("jambyl", 1),
    ("jetisu", 1), ("karaganda", 2), ("kostanay", 1), ("kyzylorda", 1), ("mangystau", 1),
    ("north_kazakhstan", 1), ("pavlodar", 1), ("turkistan", 3), ("ulytau", 1),
    ("west_kazakhstan", 1),
]  # fmt: skip


def _districts():
    regions = {r["code"]: r for r in REGIONS}
    codes = [code for code, seats in _DISTRICT_SEATS for _ in range(seats)]
    result = []
    for number, code in enumerate(codes, start=1):
        r = regions[code]
        kk = r["kk"].replace(" қаласы", " қ.")
        ru = r["ru"].replace("город ", "г. ")
        en = r["en"].removesuffix(" city")
        result.append({
            "number": number,
            "region": code,
            "kk": f"№ {number} сайлау округі ({kk})",
            "ru": f"Избирательный округ № {number} ({ru})",
            "en": f"Electoral district No. {number} ({en})",
        })  # fmt: skip
    return result


DISTRICTS = _districts()
