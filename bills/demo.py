"""Synthetic bills of the VIII convocation for ``seed_demo`` (demo scale).

Every bill is written through the services (``bill_create``, ``vote_record``,
``bill_apply_action``), so the demo data obeys the procedure of DOMAIN.md A6: the walk of each
bill is planned first (end state, dates, titles, law numbers), then replayed step by step with
roll calls that follow faction lines and reach exactly the result each step needs.

Titles and summaries combine real kinds of Kazakhstan's legislation with topics, laws, codes
and treaty partners, in Kazakh, Russian and English; the bills themselves are invented.
Deterministic for a given ``random.Random``.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
import uuid
from collections.abc import Sequence

from django.db.models import Q
from django.test.utils import override_settings

from chambers.models import Committee, Convocation, Seats, Session
from deputies.models import FactionMembership, Mandate

from . import procedure as P
from . import services
from .models import Ballot, Bill, BillEvent, Option, Vote

D = datetime.date
DAY = datetime.timedelta(days=1)
LANGS = ("kk", "ru", "en")
LAW_SUFFIX = "ЗРК"

# --- Vocabulary for titles and summaries (kk, ru, en) ------------------------------------------

# Topics of "amendments to certain legislative acts on …" bills: kk and ru as they follow
# "… мәселелері бойынша" / "по вопросам …", the English topic, the lead committee, and the aim
# (kk dative, ru with "на", en infinitive) used in the summary.
TOPICS = [
    ("денсаулық сақтау", "здравоохранения", "healthcare", "social",
     ("медициналық көмектің сапасы мен қолжетімділігін арттыруға",
      "на повышение качества и доступности медицинской помощи",
      "to improve the quality and accessibility of medical care")),
    ("білім беру", "образования", "education", "social",
     ("педагогтардың мәртебесін көтеруге және білім беру сапасын арттыруға",
      "на повышение статуса педагогов и качества образования",
      "to raise the status of teachers and the quality of education")),
    ("жер қатынастары", "земельных отношений", "land relations", "agrarian",
     ("ауыл шаруашылығы жерлерін ұтымды пайдалануды қамтамасыз етуге",
      "на обеспечение рационального использования земель сельскохозяйственного назначения",
      "to ensure the rational use of agricultural land")),
    ("әлеуметтік қамсыздандыру", "социального обеспечения", "social security", "social",
     ("азаматтарды әлеуметтік қолдаудың атаулылығын күшейтуге",
      "на усиление адресности социальной поддержки граждан",
      "to target social support at those who need it most")),
    ("мемлекеттік басқаруды жетілдіру", "совершенствования государственного управления",
     "improving public administration", "legislation",
     ("мемлекеттік органдардың функцияларын оңтайландыруға",
      "на оптимизацию функций государственных органов",
      "to streamline the functions of state bodies")),
    ("кәсіпкерлікті дамыту", "развития предпринимательства", "entrepreneurship development",
     "economy",
     ("бизнеске түсетін әкімшілік жүктемені азайтуға",
      "на снижение административной нагрузки на бизнес",
      "to reduce the administrative burden on business")),
    ("цифрландыру", "цифровизации", "digitalisation", "economy",
     ("мемлекеттік қызметтерді цифрлық форматқа көшіруге",
      "на перевод государственных услуг в цифровой формат",
      "to move public services into digital form")),
    ("азаматтық қорғау", "гражданской защиты", "civil protection", "international",
     ("төтенше жағдайлардың алдын алу және оларды жою жүйесін күшейтуге",
      "на укрепление системы предупреждения и ликвидации чрезвычайных ситуаций",
      "to strengthen the prevention of and response to emergencies")),
    ("көлік", "транспорта", "transport", "economy",
     ("елдің көлік-логистикалық әлеуетін дамытуға",
      "на развитие транспортно-логистического потенциала страны",
      "to develop the country's transport and logistics potential")),
    ("энергетика", "энергетики", "energy", "economy",
     ("энергиямен жабдықтаудың сенімділігін арттыруға және тарифтік саясатты жетілдіруге",
      "на повышение надёжности энергоснабжения и совершенствование тарифной политики",
      "to make energy supply more reliable and improve tariff policy")),
    ("су шаруашылығы", "водного хозяйства", "water management", "ecology",
     ("су ресурстарын үнемдеуге және суару жүйелерін жаңғыртуға",
      "на экономию водных ресурсов и модернизацию оросительных систем",
      "to save water and modernise irrigation systems")),
    ("қаржы нарығын реттеу", "регулирования финансового рынка", "financial market regulation",
     "finance",
     ("қаржылық қызметтерді тұтынушылардың құқықтарын қорғауға",
      "на защиту прав потребителей финансовых услуг",
      "to protect consumers of financial services")),
    ("агроөнеркәсіптік кешен", "агропромышленного комплекса", "the agro-industrial complex",
     "agrarian",
     ("ауыл шаруашылығы тауарларын өндірушілерді мемлекеттік қолдауды жетілдіруге",
      "на совершенствование государственной поддержки сельхозтоваропроизводителей",
      "to improve state support for farmers")),
    ("экология", "экологии", "ecology", "ecology",
     ("қоршаған ортаға эмиссияларды азайтуға",
      "на сокращение эмиссий в окружающую среду",
      "to cut emissions into the environment")),
    ("әйелдердің құқықтарын және балалардың қауіпсіздігін қамтамасыз ету",
     "обеспечения прав женщин и безопасности детей",
     "ensuring women's rights and children's safety", "social",
     ("отбасылық-тұрмыстық зорлық-зомбылықтың алдын алуға",
      "на профилактику бытового насилия",
      "to prevent domestic violence")),
    ("лудоманияның алдын алу", "профилактики лудомании", "preventing gambling addiction",
     "social",
     ("ойын бизнесін реттеуді күшейтуге және азаматтарды ойынға тәуелділіктен қорғауға",
      "на ужесточение регулирования игорного бизнеса и защиту граждан от игровой "
      "зависимости",
      "to tighten gambling rules and protect people from gambling addiction")),
    ("сыбайлас жемқорлыққа қарсы іс-қимыл", "противодействия коррупции", "anti-corruption",
     "legislation",
     ("сыбайлас жемқорлық тәуекелдерін төмендетуге",
      "на снижение коррупционных рисков",
      "to reduce corruption risks")),
    ("көші-қон", "миграции", "migration", "legislation",
     ("көші-қон процестерін реттеуді жетілдіруге",
      "на совершенствование регулирования миграционных процессов",
      "to improve the regulation of migration")),
    ("дене шынықтыру және спорт", "физической культуры и спорта", "physical culture and sport",
     "social",
     ("бұқаралық спортты дамытуға",
      "на развитие массового спорта",
      "to develop mass sport")),
    ("мәдениет", "культуры", "culture", "social",
     ("тарихи-мәдени мұраны сақтауға",
      "на сохранение историко-культурного наследия",
      "to preserve the historical and cultural heritage")),
    ("сәулет, қала құрылысы және құрылыс қызметі",
     "архитектурной, градостроительной и строительной деятельности",
     "architecture, urban planning and construction", "economy",
     ("құрылыс сапасына бақылауды күшейтуге",
      "на усиление контроля за качеством строительства",
      "to tighten control over the quality of construction")),
    ("мемлекеттік сатып алу", "государственных закупок", "public procurement", "finance",
     ("мемлекеттік сатып алудың ашықтығын арттыруға",
      "на повышение прозрачности государственных закупок",
      "to make public procurement more transparent")),
    ("ақпараттық қауіпсіздік", "информационной безопасности", "information security",
     "international",
     ("дербес деректерді қорғауды күшейтуге",
      "на усиление защиты персональных данных",
      "to strengthen the protection of personal data")),
    ("тұрғын үй қатынастары", "жилищных отношений", "housing relations", "economy",
     ("тұрғын үйдің қолжетімділігін арттыруға",
      "на повышение доступности жилья",
      "to make housing more affordable")),
    ("еңбек қатынастары", "трудовых отношений", "labour relations", "social",
     ("қызметкерлердің еңбек құқықтарын қорғауды күшейтуге",
      "на усиление защиты трудовых прав работников",
      "to strengthen the protection of workers' rights")),
    ("салық әкімшілігін жүргізу", "налогового администрирования", "tax administration",
     "finance",
     ("салық әкімшілігін жүргізуді жеңілдетуге",
      "на упрощение налогового администрирования",
      "to simplify tax administration")),
    ("геология және жер қойнауын пайдалану", "геологии и недропользования",
     "geology and subsoil use", "ecology",
     ("геологиялық барлауға инвестициялар тартуға",
      "на привлечение инвестиций в геологоразведку",
      "to attract investment into geological exploration")),
    ("ветеринария", "ветеринарии", "veterinary matters", "agrarian",
     ("жануарлар ауруларының таралуына жол бермеуге",
      "на недопущение распространения болезней животных",
      "to prevent the spread of animal diseases")),
    ("қылмыстық-атқару жүйесі", "уголовно-исполнительной системы", "the penal system",
     "legislation",
     ("сотталғандарды ресоциализациялауға",
      "на ресоциализацию осуждённых",
      "to help convicts return to society")),
    ("жергілікті өзін-өзі басқару", "местного самоуправления", "local self-government",
     "economy",
     ("жергілікті қоғамдастықтардың дербестігін кеңейтуге",
      "на расширение самостоятельности местных сообществ",
      "to give local communities more autonomy")),
    ("құқық қорғау қызметі", "правоохранительной деятельности", "law enforcement",
     "legislation",
     ("азаматтардың құқықтарын қорғау кепілдіктерін күшейтуге",
      "на усиление гарантий защиты прав граждан",
      "to strengthen safeguards for citizens' rights")),
    ("қорғаныс және әскери қызмет", "обороны и воинской службы",
     "defence and military service", "international",
     ("әскери қызметшілердің әлеуметтік кепілдіктерін кеңейтуге",
      "на расширение социальных гарантий военнослужащих",
      "to extend social guarantees for servicemen")),
    ("туризм", "туристской деятельности", "tourism", "economy",
     ("ішкі және келу туризмін дамытуға",
      "на развитие внутреннего и въездного туризма",
      "to develop domestic and inbound tourism")),
    ("ғылым", "науки", "science", "social",
     ("ғалымдарды қолдауға және ғылымды коммерцияландыруға",
      "на поддержку учёных и коммерциализацию науки",
      "to support scientists and commercialise research")),
    ("байланыс", "связи", "communications", "economy",
     ("ауылдық елді мекендерді интернетпен қамтуға",
      "на обеспечение сельских населённых пунктов интернетом",
      "to bring internet access to rural settlements")),
    ("жол жүрісі қауіпсіздігі", "безопасности дорожного движения", "road safety",
     "legislation",
     ("жол-көлік оқиғаларының санын азайтуға",
      "на снижение числа дорожно-транспортных происшествий",
      "to reduce the number of road accidents")),
    ("оңалту және банкроттық", "реабилитации и банкротства", "rehabilitation and bankruptcy",
     "finance",
     ("борышкерлердің төлем қабілеттілігін қалпына келтіру тетіктерін жетілдіруге",
      "на совершенствование механизмов восстановления платёжеспособности должников",
      "to improve ways of restoring debtors' solvency")),
    ("мүгедектігі бар адамдардың құқықтары", "прав лиц с инвалидностью",
     "the rights of persons with disabilities", "social",
     ("мүгедектігі бар адамдар үшін инклюзивті орта құруға",
      "на создание инклюзивной среды для лиц с инвалидностью",
      "to create an inclusive environment for persons with disabilities")),
    ("бәсекелестікті дамыту", "развития конкуренции", "competition", "economy",
     ("монополияға қарсы реттеуді күшейтуге",
      "на усиление антимонопольного регулирования",
      "to strengthen antitrust regulation")),
    ("жастар саясаты", "молодёжной политики", "youth policy", "social",
     ("жастардың жұмыспен қамтылуын қолдауға",
      "на поддержку занятости молодёжи",
      "to support youth employment")),
]  # fmt: skip

# Laws in force that bills amend: the name in quotes (kk, ru, en) and the lead committee.
LAWS = [
    ("«Білім туралы»", "«Об образовании»", "“On education”", "social"),
    ("«Қазақстан Республикасының мемлекеттік қызметі туралы»",
     "«О государственной службе Республики Казахстан»",
     "“On the civil service of the Republic of Kazakhstan”", "legislation"),
    ("«Қазақстан Республикасындағы жергілікті мемлекеттік басқару және өзін-өзі басқару туралы»",
     "«О местном государственном управлении и самоуправлении в Республике Казахстан»",
     "“On local public administration and self-government in the Republic of Kazakhstan”",
     "economy"),
    ("«Автомобиль көлігі туралы»", "«Об автомобильном транспорте»", "“On road transport”",
     "economy"),
    ("«Электр энергетикасы туралы»", "«Об электроэнергетике»",
     "“On the electric power industry”", "economy"),
    ("«Тұрғын үй қатынастары туралы»", "«О жилищных отношениях»", "“On housing relations”",
     "economy"),
    ("«Қазақстан Республикасындағы банктер және банк қызметі туралы»",
     "«О банках и банковской деятельности в Республике Казахстан»",
     "“On banks and banking in the Republic of Kazakhstan”", "finance"),
    ("«Ойын бизнесі туралы»", "«Об игорном бизнесе»", "“On the gambling business”", "economy"),
    ("«Мемлекеттік сатып алу туралы»", "«О государственных закупках»",
     "“On public procurement”", "finance"),
    ("«Құқықтық актілер туралы»", "«О правовых актах»", "“On legal acts”", "legislation"),
    ("«Қазақстан Республикасындағы баланың құқықтары туралы»",
     "«О правах ребёнка в Республике Казахстан»",
     "“On the rights of the child in the Republic of Kazakhstan”", "social"),
    ("«Қазақстан Республикасындағы тіл туралы»", "«О языках в Республике Казахстан»",
     "“On languages in the Republic of Kazakhstan”", "social"),
    ("«Қазақстан Республикасының ішкі істер органдары туралы»",
     "«Об органах внутренних дел Республики Казахстан»",
     "“On the internal affairs bodies of the Republic of Kazakhstan”", "legislation"),
    ("«Ветеринария туралы»", "«О ветеринарии»", "“On veterinary matters”", "agrarian"),
    ("«Агроөнеркәсіптік кешенді және ауылдық аумақтарды дамытуды мемлекеттік реттеу туралы»",
     "«О государственном регулировании развития агропромышленного комплекса и сельских "
     "территорий»",
     "“On state regulation of the development of the agro-industrial complex and rural "
     "areas”", "agrarian"),
    ("«Жануарларға жауапкершілікпен қарау туралы»", "«Об ответственном обращении с животными»",
     "“On the responsible treatment of animals”", "ecology"),
    ("«Азаматтық қорғау туралы»", "«О гражданской защите»", "“On civil protection”",
     "international"),
    ("«Құқық қорғау қызметі туралы»", "«О правоохранительной службе»",
     "“On law enforcement service”", "legislation"),
    ("«Сыбайлас жемқорлыққа қарсы іс-қимыл туралы»", "«О противодействии коррупции»",
     "“On combating corruption”", "legislation"),
    ("«Қазақстан Республикасындағы туристік қызмет туралы»",
     "«О туристской деятельности в Республике Казахстан»",
     "“On tourism in the Republic of Kazakhstan”", "economy"),
    ("«Дене шынықтыру және спорт туралы»", "«О физической культуре и спорте»",
     "“On physical culture and sport”", "social"),
    ("«Байланыс туралы»", "«О связи»", "“On communications”", "economy"),
    ("«Қазақстан Республикасының ұлттық қауіпсіздігі туралы»",
     "«О национальной безопасности Республики Казахстан»",
     "“On the national security of the Republic of Kazakhstan”", "international"),
    ("«Қазақстан Республикасындағы сәулет, қала құрылысы және құрылыс қызметі туралы»",
     "«Об архитектурной, градостроительной и строительной деятельности в Республике "
     "Казахстан»",
     "“On architectural, urban planning and construction activity in the Republic of "
     "Kazakhstan”", "economy"),
    ("«Нотариат туралы»", "«О нотариате»", "“On notaries”", "legislation"),
    ("«Адвокаттық қызмет және заң көмегі туралы»",
     "«Об адвокатской деятельности и юридической помощи»", "“On advocacy and legal aid”",
     "legislation"),
    ("«Кәсіптік одақтар туралы»", "«О профессиональных союзах»", "“On trade unions”",
     "social"),
    ("«Өнеркәсіптік саясат туралы»", "«О промышленной политике»", "“On industrial policy”",
     "economy"),
    ("«Жол жүрісі туралы»", "«О дорожном движении»", "“On road traffic”", "legislation"),
    ("«Қазақстан Республикасының Ұлттық Банкі туралы»",
     "«О Национальном Банке Республики Казахстан»",
     "“On the National Bank of the Republic of Kazakhstan”", "finance"),
]  # fmt: skip

# New laws: the title (kk, ru, en), the lead committee and the aim.
NEW_LAWS = [
    ("Жасанды интеллект туралы", "Об искусственном интеллекте", "On artificial intelligence",
     "economy",
     ("жасанды интеллект жүйелерін әзірлеу мен қолданудың құқықтық негіздерін белгілеуге",
      "на установление правовых основ разработки и применения систем искусственного "
      "интеллекта",
      "to set the legal framework for developing and using artificial intelligence")),
    ("Платформалық жұмыспен қамту туралы", "О платформенной занятости",
     "On platform employment", "social",
     ("платформалық жұмыспен қамтылған адамдардың әлеуметтік кепілдіктерін қамтамасыз етуге",
      "на обеспечение социальных гарантий лиц, занятых на интернет-платформах",
      "to give social guarantees to people working through online platforms")),
    ("Қоғамдық бақылау туралы", "Об общественном контроле", "On public oversight",
     "legislation",
     ("азаматтарға мемлекеттік органдардың қызметін бақылауға мүмкіндік беруге",
      "на предоставление гражданам возможности контролировать работу государственных органов",
      "to let citizens oversee the work of state bodies")),
    ("Құқық бұзушылық профилактикасы туралы", "О профилактике правонарушений",
     "On the prevention of offences", "legislation",
     ("құқық бұзушылықтардың алдын алу жүйесін жаңғыртуға",
      "на модернизацию системы профилактики правонарушений",
      "to modernise the prevention of offences")),
    ("Өсімдіктер дүниесі туралы", "О растительном мире", "On plant life", "ecology",
     ("өсімдіктер дүниесін қорғауға және молықтыруға",
      "на охрану и воспроизводство растительного мира",
      "to protect and restore plant life")),
    ("Ғылым және технологиялық саясат туралы", "О науке и технологической политике",
     "On science and technology policy", "social",
     ("ғалымдарды қолдауға және ғылымды коммерцияландыруға",
      "на поддержку учёных и коммерциализацию науки",
      "to support scientists and commercialise research")),
    ("Әлеуметтік кәсіпкерлік туралы", "О социальном предпринимательстве",
     "On social entrepreneurship", "economy",
     ("әлеуметтік кәсіпкерлік субъектілерін қолдау шараларын айқындауға",
      "на определение мер поддержки субъектов социального предпринимательства",
      "to set out support for social enterprises")),
    ("Креативті индустриялар туралы", "О креативных индустриях", "On creative industries",
     "social",
     ("креативті индустрияларды дамытудың құқықтық негіздерін айқындауға",
      "на определение правовых основ развития креативных индустрий",
      "to lay the legal groundwork for the creative industries")),
    ("Киберқауіпсіздік туралы", "О кибербезопасности", "On cybersecurity", "international",
     ("ақпараттық-коммуникациялық инфрақұрылымды кибершабуылдардан қорғауға",
      "на защиту информационно-коммуникационной инфраструктуры от кибератак",
      "to protect information and communications infrastructure from cyberattacks")),
    ("Цифрлық активтер туралы", "О цифровых активах", "On digital assets", "finance",
     ("цифрлық активтердің айналымын реттеуге",
      "на регулирование оборота цифровых активов",
      "to regulate the circulation of digital assets")),
    ("Жергілікті өзін-өзі басқару туралы", "О местном самоуправлении",
     "On local self-government", "economy",
     ("жергілікті қоғамдастықтардың дербестігін кеңейтуге",
      "на расширение самостоятельности местных сообществ",
      "to give local communities more autonomy")),
    ("Сутегі энергетикасы туралы", "О водородной энергетике", "On hydrogen energy", "economy",
     ("сутегі энергетикасын дамытуды мемлекеттік қолдауға",
      "на государственную поддержку развития водородной энергетики",
      "to provide state support for hydrogen energy")),
    ("Көміртекті реттеу туралы", "Об углеродном регулировании", "On carbon regulation",
     "ecology",
     ("парниктік газдар шығарындыларын азайтуға",
      "на сокращение выбросов парниковых газов",
      "to cut greenhouse gas emissions")),
    ("Қазақстан Республикасының Ұлттық қоры туралы",
     "О Национальном фонде Республики Казахстан",
     "On the National Fund of the Republic of Kazakhstan", "finance",
     ("Ұлттық қор қаражатын қалыптастыру және пайдалану тәртібін айқындауға",
      "на определение порядка формирования и использования средств Национального фонда",
      "to set the rules for building up and using the National Fund")),
    ("Масс-медиа туралы", "О масс-медиа", "On mass media", "social",
     ("масс-медиа саласындағы қатынастарды жаңғыртуға",
      "на модернизацию отношений в сфере масс-медиа",
      "to modernise the regulation of mass media")),
]  # fmt: skip

# Codes in force that bills amend: kk dative, ru accusative (after "в"), en, lead committee.
CODES = [
    ("Қазақстан Республикасының Бюджет кодексіне", "Бюджетный кодекс Республики Казахстан",
     "the Budget Code of the Republic of Kazakhstan", "finance"),
    ("«Салық және бюджетке төленетін басқа да міндетті төлемдер туралы» Қазақстан "
     "Республикасының Кодексіне (Салық кодексі)",
     "Кодекс Республики Казахстан «О налогах и других обязательных платежах в бюджет» "
     "(Налоговый кодекс)",
     "the Tax Code of the Republic of Kazakhstan", "finance"),
    ("Қазақстан Республикасының Әкімшілік құқық бұзушылық туралы кодексіне",
     "Кодекс Республики Казахстан об административных правонарушениях",
     "the Code of Administrative Offences of the Republic of Kazakhstan", "legislation"),
    ("Қазақстан Республикасының Қылмыстық кодексіне", "Уголовный кодекс Республики Казахстан",
     "the Criminal Code of the Republic of Kazakhstan", "legislation"),
    ("Қазақстан Республикасының Қылмыстық-процестік кодексіне",
     "Уголовно-процессуальный кодекс Республики Казахстан",
     "the Criminal Procedure Code of the Republic of Kazakhstan", "legislation"),
    ("Қазақстан Республикасының Азаматтық процестік кодексіне",
     "Гражданский процессуальный кодекс Республики Казахстан",
     "the Civil Procedure Code of the Republic of Kazakhstan", "legislation"),
    ("Қазақстан Республикасының Кәсіпкерлік кодексіне",
     "Предпринимательский кодекс Республики Казахстан",
     "the Entrepreneurial Code of the Republic of Kazakhstan", "economy"),
    ("Қазақстан Республикасының Экологиялық кодексіне",
     "Экологический кодекс Республики Казахстан",
     "the Environmental Code of the Republic of Kazakhstan", "ecology"),
    ("Қазақстан Республикасының Жер кодексіне", "Земельный кодекс Республики Казахстан",
     "the Land Code of the Republic of Kazakhstan", "agrarian"),
    ("«Халық денсаулығы және денсаулық сақтау жүйесі туралы» Қазақстан Республикасының "
     "Кодексіне",
     "Кодекс Республики Казахстан «О здоровье народа и системе здравоохранения»",
     "the Code of the Republic of Kazakhstan on Public Health and the Healthcare System",
     "social"),
    ("Қазақстан Республикасының Еңбек кодексіне", "Трудовой кодекс Республики Казахстан",
     "the Labour Code of the Republic of Kazakhstan", "social"),
    ("Қазақстан Республикасының Әлеуметтік кодексіне", "Социальный кодекс Республики Казахстан",
     "the Social Code of the Republic of Kazakhstan", "social"),
    ("«Неке (ерлі-зайыптылық) және отбасы туралы» Қазақстан Республикасының Кодексіне",
     "Кодекс Республики Казахстан «О браке (супружестве) и семье»",
     "the Code of the Republic of Kazakhstan on Marriage (Matrimony) and Family", "social"),
    ("«Жер қойнауы және жер қойнауын пайдалану туралы» Қазақстан Республикасының Кодексіне",
     "Кодекс Республики Казахстан «О недрах и недропользовании»",
     "the Code of the Republic of Kazakhstan on Subsoil and Subsoil Use", "ecology"),
    ("Қазақстан Республикасының Азаматтық кодексіне", "Гражданский кодекс Республики Казахстан",
     "the Civil Code of the Republic of Kazakhstan", "legislation"),
    ("Қазақстан Республикасының Әкімшілік рәсімдік-процестік кодексіне",
     "Административный процедурно-процессуальный кодекс Республики Казахстан",
     "the Administrative Procedure Code of the Republic of Kazakhstan", "legislation"),
]  # fmt: skip

# Why an amending bill is needed, when its topic gives no aim of its own.
GENERIC_AIMS = [
    ("құқық қолдану практикасында анықталған олқылықтарды жоюға",
     "на устранение пробелов, выявленных в правоприменительной практике",
     "to close gaps found in practice"),
    ("заң нормаларын Қазақстан Республикасы Президентінің Жолдауына сәйкес келтіруге",
     "на приведение норм в соответствие с Посланием Президента Республики Казахстан",
     "to bring the rules into line with the President's Address to the Nation"),
    ("нормаларды халықаралық стандарттарға сәйкестендіруге",
     "на приведение норм в соответствие с международными стандартами",
     "to align the rules with international standards"),
    ("мемлекеттік органдардың өкілеттіктерін нақтылауға",
     "на уточнение полномочий государственных органов",
     "to clarify the powers of state bodies"),
    ("азаматтар мен бизнес үшін рәсімдерді жеңілдетуге",
     "на упрощение процедур для граждан и бизнеса",
     "to simplify procedures for citizens and business"),
    ("ескірген нормаларды алып тастауға",
     "на исключение устаревших норм",
     "to remove outdated provisions"),
]  # fmt: skip

# A second sentence some summaries carry, as explanatory notes to bills often say.
NOTES = [
    ("Заң жобасын іске асыру республикалық бюджеттен қосымша шығыстарды талап етпейді.",
     "Реализация законопроекта не потребует дополнительных расходов из республиканского "
     "бюджета.",
     "Implementing the bill needs no additional spending from the republican budget."),
    ("Заң жобасы «Ашық НҚА» интернет-порталында жария талқылаудан өтті.",
     "Законопроект прошёл публичное обсуждение на интернет-портале «Открытые НПА».",
     "The bill was put to public discussion on the Open Legal Acts portal."),
    ("Заң жобасы Мемлекет басшысының Қазақстан халқына Жолдауын іске асыру үшін әзірленді.",
     "Законопроект разработан в целях реализации Послания Главы государства народу "
     "Казахстана.",
     "The bill implements the President's Address to the people of Kazakhstan."),
]  # fmt: skip
GOVERNMENT_CONCLUSION = (
    "Заң жобасына Қазақстан Республикасы Үкіметінің қорытындысы алынды.",
    "На законопроект получено заключение Правительства Республики Казахстан.",
    "The Government has given its conclusion on the bill.",
)

# Treaty partners: kk nominative, kk genitive, ru instrumental, ru genitive, en; neighbour.
PARTNERS = [
    ("Өзбекстан Республикасы", "Өзбекстан Республикасының", "Республикой Узбекистан",
     "Республики Узбекистан", "the Republic of Uzbekistan", True),
    ("Қырғыз Республикасы", "Қырғыз Республикасының", "Кыргызской Республикой",
     "Кыргызской Республики", "the Kyrgyz Republic", True),
    ("Түрікменстан", "Түрікменстанның", "Туркменистаном", "Туркменистана", "Turkmenistan",
     True),
    ("Тәжікстан Республикасы", "Тәжікстан Республикасының", "Республикой Таджикистан",
     "Республики Таджикистан", "the Republic of Tajikistan", False),
    ("Ресей Федерациясы", "Ресей Федерациясының", "Российской Федерацией",
     "Российской Федерации", "the Russian Federation", True),
    ("Қытай Халық Республикасы", "Қытай Халық Республикасының",
     "Китайской Народной Республикой", "Китайской Народной Республики",
     "the People's Republic of China", True),
    ("Түркия Республикасы", "Түркия Республикасының", "Турецкой Республикой",
     "Турецкой Республики", "the Republic of Türkiye", False),
    ("Әзербайжан Республикасы", "Әзербайжан Республикасының", "Азербайджанской Республикой",
     "Азербайджанской Республики", "the Republic of Azerbaijan", False),
    ("Корея Республикасы", "Корея Республикасының", "Республикой Корея", "Республики Корея",
     "the Republic of Korea", False),
    ("Біріккен Араб Әмірліктері", "Біріккен Араб Әмірліктерінің",
     "Объединёнными Арабскими Эмиратами", "Объединённых Арабских Эмиратов",
     "the United Arab Emirates", False),
    ("Моңғолия", "Моңғолияның", "Монголией", "Монголии", "Mongolia", False),
    ("Франция Республикасы", "Франция Республикасының", "Французской Республикой",
     "Французской Республики", "the French Republic", False),
    ("Германия Федеративтік Республикасы", "Германия Федеративтік Республикасының",
     "Федеративной Республикой Германия", "Федеративной Республики Германия",
     "the Federal Republic of Germany", False),
    ("Беларусь Республикасы", "Беларусь Республикасының", "Республикой Беларусь",
     "Республики Беларусь", "the Republic of Belarus", False),
    ("Венгрия", "Венгрияның", "Венгрией", "Венгрии", "Hungary", False),
    ("Сауд Арабиясы Корольдігі", "Сауд Арабиясы Корольдігінің",
     "Королевством Саудовская Аравия", "Королевства Саудовская Аравия",
     "the Kingdom of Saudi Arabia", False),
    ("Жапония", "Жапонияның", "Японией", "Японии", "Japan", False),
    ("Үндістан Республикасы", "Үндістан Республикасының", "Республикой Индия",
     "Республики Индия", "the Republic of India", False),
    ("Катар Мемлекеті", "Катар Мемлекетінің", "Государством Катар", "Государства Катар",
     "the State of Qatar", False),
    ("Италия Республикасы", "Италия Республикасының", "Итальянской Республикой",
     "Итальянской Республики", "the Italian Republic", False),
]  # fmt: skip

# Treaty types: kk accusative and genitive, ru genitive, en.
AGREEMENT = ("келісімді", "келісімнің", "Соглашения", "Agreement")
CONVENTION = ("конвенцияны", "конвенцияның", "Конвенции", "Convention")
TREATY = ("шартты", "шарттың", "Договора", "Treaty")

# Treaty subjects: kk (before "туралы"), ru (with its preposition), en, type, neighbours only.
TREATY_SUBJECTS = [
    ("инвестицияларды көтермелеу және өзара қорғау",
     "о поощрении и взаимной защите инвестиций",
     "the promotion and mutual protection of investments", AGREEMENT, False),
    ("табысқа салынатын салықтарға қатысты қосарланған салық салуды болдырмау және салық "
     "салудан жалтарудың алдын алу",
     "об устранении двойного налогообложения в отношении налогов на доход и предотвращении "
     "уклонения от налогообложения",
     "the elimination of double taxation with respect to taxes on income and the prevention "
     "of tax evasion", CONVENTION, False),
    ("халықаралық автомобиль қатынасы", "о международном автомобильном сообщении",
     "international road transport", AGREEMENT, False),
    ("әуе қатынасы", "о воздушном сообщении", "air services", AGREEMENT, False),
    ("әскери-техникалық ынтымақтастық", "о военно-техническом сотрудничестве",
     "military-technical cooperation", AGREEMENT, False),
    ("қылмыстық істер бойынша өзара құқықтық көмек",
     "о взаимной правовой помощи по уголовным делам",
     "mutual legal assistance in criminal matters", TREATY, False),
    ("ұстап беру", "о выдаче", "extradition", TREATY, False),
    ("сотталған адамдарды беру", "о передаче осуждённых лиц",
     "the transfer of sentenced persons", TREATY, False),
    ("азаматтық және отбасылық істер бойынша құқықтық көмек",
     "о правовой помощи по гражданским и семейным делам",
     "legal assistance in civil and family matters", TREATY, False),
    ("еңбек көші-қоны саласындағы ынтымақтастық",
     "о сотрудничестве в области трудовой миграции",
     "cooperation in labour migration", AGREEMENT, False),
    ("трансшекаралық өзендерді пайдалану және қорғау",
     "об использовании и охране трансграничных рек",
     "the use and protection of transboundary rivers", AGREEMENT, True),
    ("мемлекеттік шекараны демаркациялау", "о демаркации государственной границы",
     "the demarcation of the state border", TREATY, True),
    ("білім беру саласындағы ынтымақтастық", "о сотрудничестве в области образования",
     "cooperation in education", AGREEMENT, False),
    ("денсаулық сақтау саласындағы ынтымақтастық",
     "о сотрудничестве в области здравоохранения",
     "cooperation in healthcare", AGREEMENT, False),
    ("визалық талаптардан өзара босату", "о взаимном освобождении от визовых требований",
     "mutual exemption from visa requirements", AGREEMENT, False),
    ("зейнетақымен қамсыздандыру", "о пенсионном обеспечении", "pension provision",
     AGREEMENT, False),
    ("кеден істеріндегі өзара әкімшілік көмек",
     "о взаимной административной помощи в таможенных делах",
     "mutual administrative assistance in customs matters", AGREEMENT, False),
    ("ақпараттық қауіпсіздікті қамтамасыз ету саласындағы ынтымақтастық",
     "о сотрудничестве в области обеспечения информационной безопасности",
     "cooperation in information security", AGREEMENT, False),
    ("стратегиялық әріптестік", "о стратегическом партнёрстве", "strategic partnership",
     TREATY, False),
]  # fmt: skip

# Multilateral treaties, titled whole.
MULTILATERAL = [
    ("Еуразиялық экономикалық одақ туралы 2014 жылғы 29 мамырдағы шартқа өзгерістер енгізу "
     "туралы хаттаманы ратификациялау туралы",
     "О ратификации Протокола о внесении изменений в Договор о Евразийском экономическом "
     "союзе от 29 мая 2014 года",
     "On ratification of the Protocol amending the Treaty on the Eurasian Economic Union of "
     "29 May 2014"),
    ("Түркі инвестициялық қорын құру туралы келісімді ратификациялау туралы",
     "О ратификации Соглашения об учреждении Тюркского инвестиционного фонда",
     "On ratification of the Agreement establishing the Turkic Investment Fund"),
    ("Еңбек саласындағы зорлық-зомбылық пен қудалауды жою туралы 2019 жылғы конвенцияны "
     "ратификациялау туралы",
     "О ратификации Конвенции 2019 года о ликвидации насилия и домогательств в сфере труда",
     "On ratification of the Violence and Harassment Convention, 2019"),
    ("Шанхай ынтымақтастық ұйымына мүше мемлекеттердің халықаралық ақпараттық қауіпсіздікті "
     "қамтамасыз ету саласындағы ынтымақтастығы туралы келісімге өзгерістер енгізу туралы "
     "хаттаманы ратификациялау туралы",
     "О ратификации Протокола о внесении изменений в Соглашение между правительствами "
     "государств – членов Шанхайской организации сотрудничества о сотрудничестве в области "
     "обеспечения международной информационной безопасности",
     "On ratification of the Protocol amending the Agreement among the governments of the "
     "member states of the Shanghai Cooperation Organisation on cooperation in international "
     "information security"),
]  # fmt: skip

# --- The scenarios: how a bill's walk ends ------------------------------------------------------

# "MAJ" is the Majilis part (referral, an optional committee report, one or two readings);
# a token ending in "?" happens for some bills only.
SCENARIOS: dict[str, tuple[str, ...]] = {
    "signed": ("MAJ", "approve", "sign", "in_force?"),
    "signed_amended": ("MAJ", "amend", "accept_amendments", "sign", "in_force?"),
    "signed_readopted": ("MAJ", "refuse", "readopt", "approve", "sign", "in_force?"),
    "signed_conciliation": (
        "MAJ", "amend", "reject_amendments", "conciliation_agreed", "sign", "in_force?",
    ),
    "signed_override": ("MAJ", "approve", "object", "override", "sign", "in_force?"),
    "signed_wording": ("MAJ", "approve", "object", "accept_wording", "in_force?"),
    "rejected_in_committee": ("refer", "report?", "reject_first"),
    "rejected_in_second_reading": ("refer", "report?", "first", "reject_second"),
    "rejected_on_reconsideration": ("MAJ", "refuse", "reject_readoption"),
    "rejected_by_senate_twice": ("MAJ", "refuse", "readopt", "refuse"),
    "rejected_conciliation": ("MAJ", "amend", "reject_amendments", "conciliation_failed"),
    "rejected_objections": ("MAJ", "approve", "object", "accept_objections"),
    "withdrawn_registered": ("withdraw",),
    "withdrawn_committee": ("refer", "report?", "withdraw"),
    "withdrawn_second_reading": ("refer", "first", "withdraw"),
    "withdrawn_senate": ("MAJ", "withdraw"),
    "joint_signed": ("refer", "report?", "to_joint", "joint_adopt", "sign", "in_force?"),
    "at_registered": (),
    "at_committee": ("refer", "report?"),
    "at_second_reading": ("refer", "report?", "first"),
    "at_senate": ("MAJ",),
    "at_reconsideration": ("MAJ", "refuse"),
    "at_senate_amendments": ("MAJ", "amend"),
    "at_conciliation": ("MAJ", "amend", "reject_amendments"),
    "at_president": ("MAJ", "approve"),
    "at_objections": ("MAJ", "approve", "object"),
    "at_joint_sitting": ("refer", "report?", "to_joint"),
}  # fmt: skip

# Bills still open when the bicameral Parliament ended: the last step falls this many days
# before the last day (from, to), so the open stage looks like it does at the end of a term.
PENDING_WINDOWS = {
    "at_registered": (57, 4),
    "at_committee": (455, 4),
    "at_second_reading": (240, 6),
    "at_senate": (170, 6),
    "at_reconsideration": (150, 5),
    "at_senate_amendments": (120, 5),
    "at_conciliation": (150, 5),
    "at_president": (26, 4),
    "at_objections": (29, 1),
    "at_joint_sitting": (120, 4),
}

# How the generated bills (all but the fixed ones below) end.
GENERATED = {
    "signed": 101,
    "signed_amended": 7,
    "signed_readopted": 2,
    "signed_conciliation": 2,
    "signed_override": 1,
    "signed_wording": 1,
    "rejected_in_committee": 3,
    "rejected_in_second_reading": 1,
    "rejected_on_reconsideration": 1,
    "rejected_by_senate_twice": 1,
    "rejected_conciliation": 1,
    "rejected_objections": 1,
    "withdrawn_registered": 1,
    "withdrawn_committee": 4,
    "withdrawn_second_reading": 1,
    "withdrawn_senate": 1,
    "at_registered": 6,
    "at_committee": 22,
    "at_second_reading": 7,
    "at_senate": 9,
    "at_reconsideration": 1,
    "at_senate_amendments": 2,
    "at_conciliation": 1,
    "at_president": 4,
    "at_objections": 1,
}
# Treaties are ratified on the plain path; how many generated bills of each end are treaties.
RATIFICATIONS = {
    "signed": 46,
    "at_registered": 1,
    "at_committee": 3,
    "at_senate": 2,
    "at_president": 1,
    "withdrawn_committee": 1,
}
CODE_AMENDMENTS = 9
# Chance that a generated law is a deputies' bill: their bills fail or stall more often.
DEPUTIES_SHARE = {
    "rejected_in_committee": 1.0,
    "rejected_in_second_reading": 1.0,
    "withdrawn_registered": 0.5,
    "withdrawn_committee": 0.5,
    "withdrawn_second_reading": 0.5,
    "at_registered": 0.45,
    "at_committee": 0.45,
    "at_second_reading": 0.45,
}
DEFAULT_DEPUTIES_SHARE = 0.3

# --- Roll calls -----------------------------------------------------------------------------------

SENATORS = "senate"  # the line of senators, who sit in no faction
# Shares of yes, no, abstain among those present, by faction, when the line is to support
# the motion or to oppose it. Senators and Amanat follow the line closely; OSDP and the
# People's Party dissent most.
LINES = {
    "for": {
        "amanat": (0.97, 0.01, 0.02),
        "auyl": (0.93, 0.03, 0.04),
        "respublica": (0.90, 0.04, 0.06),
        "ak-zhol": (0.86, 0.06, 0.08),
        "peoples-party": (0.74, 0.14, 0.12),
        "osdp": (0.66, 0.20, 0.14),
        None: (0.75, 0.12, 0.13),
        SENATORS: (0.95, 0.02, 0.03),
    },
    "against": {
        "amanat": (0.08, 0.72, 0.20),
        "auyl": (0.30, 0.50, 0.20),
        "respublica": (0.35, 0.45, 0.20),
        "ak-zhol": (0.40, 0.40, 0.20),
        "peoples-party": (0.55, 0.30, 0.15),
        "osdp": (0.65, 0.25, 0.10),
        None: (0.40, 0.40, 0.20),
        SENATORS: (0.15, 0.65, 0.20),
    },
}
ABSENCE = (0.03, 0.12)
OFFICIAL_TOTALS_SHARE = 0.10
MISMATCHES = 3

MAJILIS, SENATE, JOINT = "majilis", "senate", "joint"
WEDNESDAY, THURSDAY = 2, 3  # plenary days of the Majilis and the Senate
# Public holidays of Kazakhstan (month, day): no plenary sittings.
HOLIDAYS = {
    (1, 1), (1, 2), (1, 7), (3, 8), (3, 21), (3, 22), (3, 23), (5, 1), (5, 7), (5, 9),
    (7, 6), (8, 30), (10, 25), (12, 16),
}  # fmt: skip

# token: (action, voting body, motion, passes, line of the majority)
VOTED = {
    "first": (P.Action.FIRST_READING_APPROVED, MAJILIS, "first reading", True, "for"),
    "second": (P.Action.ADOPTED_BY_MAJILIS, MAJILIS, "second reading, as a whole", True, "for"),
    "one_reading": (P.Action.ADOPTED_BY_MAJILIS, MAJILIS, "adoption in one reading", True,
                    "for"),
    "reject_first": (P.Action.REJECTED_BY_MAJILIS, MAJILIS, "first reading", False, "against"),
    "reject_second": (P.Action.REJECTED_BY_MAJILIS, MAJILIS, "second reading, as a whole",
                      False, "against"),
    "approve": (P.Action.APPROVED_BY_SENATE, SENATE, "Senate approval", True, "for"),
    "refuse": (P.Action.NOT_APPROVED_BY_SENATE, SENATE, "Senate approval", False, "against"),
    "amend": (P.Action.AMENDED_BY_SENATE, SENATE, "Senate amendments and additions", True,
              "for"),
    "readopt": (P.Action.READOPTED_BY_MAJILIS, MAJILIS,
                "re-adoption after the Senate's non-approval", True, "for"),
    "reject_readoption": (P.Action.REJECTED_BY_MAJILIS, MAJILIS,
                          "re-adoption after the Senate's non-approval", False, "against"),
    "accept_amendments": (P.Action.AMENDMENTS_ACCEPTED, MAJILIS,
                          "agreement with the Senate's amendments", True, "for"),
    "reject_amendments": (P.Action.AMENDMENTS_REJECTED, MAJILIS,
                          "agreement with the Senate's amendments", False, "against"),
    "joint_adopt": (P.Action.ADOPTED_AT_JOINT_SITTING, JOINT,
                    "first and second readings, as a whole", True, "for"),
}  # fmt: skip
CONCILIATION_MOTION = "text agreed by the conciliation commission"
OVERRIDE_MOTION = "override of the President's objections"


# --- Plans ----------------------------------------------------------------------------------------


@dataclasses.dataclass
class VotePlan:
    body: str
    date: datetime.date
    motion: str
    passes: bool
    line: str


@dataclasses.dataclass
class StepPlan:
    action: str
    date: datetime.date
    votes: list[VotePlan] = dataclasses.field(default_factory=list)
    variant: str | None = None
    committees: tuple[str, ...] = ()
    law_serial: int | None = None


@dataclasses.dataclass
class BillPlan:
    kind: str
    scenario: str
    initiator: str = P.Initiator.GOVERNMENT
    title: dict[str, str] = dataclasses.field(default_factory=dict)
    summary: dict[str, str] = dataclasses.field(default_factory=dict)
    committee: str = "legislation"
    pace: str = "normal"
    priority: bool = False
    registered_on: datetime.date | None = None  # fixed for the budget bills
    in_force: str = "law"  # how the entry into force is dated
    initiators: int = 0  # number of initiating deputies
    steps: list[StepPlan] = dataclasses.field(default_factory=list)


class Calendar:
    """Working days, plenary days and sessions (September to June) of the convocation."""

    def __init__(self, sessions: Sequence[tuple[datetime.date, datetime.date]], first, last):
        self.sessions = sorted(sessions)
        self.first, self.last = first, last

    def working(self, day: datetime.date) -> bool:
        return day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS

    def session_from(self, day: datetime.date) -> datetime.date | None:
        """The day itself when a session sits then, else the first day of the next one."""
        for starts, ends in self.sessions:
            if day <= ends:
                return max(day, starts)
        return None

    def workday(self, day: datetime.date, *, in_session: bool = False) -> datetime.date | None:
        while day <= self.last:
            if in_session:
                day = self.session_from(day)
                if day is None:
                    return None
            if self.working(day):
                return day
            day += DAY
        return None

    def sitting(self, day: datetime.date, weekday: int | None) -> datetime.date | None:
        """The first plenary day on or after ``day`` (any working day when weekday is None)."""
        while True:
            day = self.workday(day, in_session=True)
            if day is None or weekday is None or day.weekday() == weekday:
                return day
            day += datetime.timedelta(days=(weekday - day.weekday()) % 7)


# Gaps in days (from, to) before each step, by pace; "normal" when a pace does not say.
GAPS = {
    "normal": {
        "refer": (2, 10), "report": (14, 45), "first": (30, 100), "second": (14, 50),
        "one_reading": (30, 90), "senate": (14, 50), "senate_late": (61, 95),
        "majilis_again": (14, 40), "amendments": (7, 25), "conciliation": (21, 50),
        "conciliation_failed": (30, 60), "sign": (5, 28), "object": (10, 25),
        "override": (7, 18), "withdraw": (20, 150), "to_joint": (14, 40),
        "joint_adopt": (14, 40), "after_wording": (3, 10),
    },
    "deputies": {"first": (45, 160), "second": (21, 60)},
    "code": {"first": (45, 120), "second": (21, 60)},
    "ratification": {"one_reading": (20, 75), "senate": (14, 40)},
    "budget": {
        "refer": (2, 5), "first": (28, 38), "second": (12, 20), "senate": (12, 20),
        "amendments": (5, 10), "sign": (4, 10),
    },
    "priority": {
        "refer": (2, 5), "first": (10, 20), "second": (7, 12), "one_reading": (10, 20),
        "senate": (7, 14), "sign": (3, 10),
    },
}  # fmt: skip
LATE_SENATE_SHARE = 0.1


class Planner:
    def __init__(self, rng: random.Random, calendar: Calendar):
        self.rng = rng
        self.cal = calendar

    def gap(self, pace: str, name: str) -> datetime.timedelta:
        low, high = GAPS.get(pace, {}).get(name) or GAPS["normal"][name]
        return datetime.timedelta(days=self.rng.randint(low, high))

    def walk(self, bill: BillPlan, registered: datetime.date) -> list[StepPlan] | None:
        """The dated steps of a bill registered on ``registered``; None if they do not fit
        before the end of the convocation."""
        rng, pace = self.rng, bill.pace
        tokens = []
        for token in SCENARIOS[bill.scenario]:
            if token == "MAJ":
                tokens += ["refer", "report?"]
                two = bill.kind in ("code", "budget") or (bill.kind == "law" and rng.random() < 0.7)
                tokens += ["first", "second"] if two else ["one_reading"]
            else:
                tokens.append(token)
        steps: list[StepPlan] = []
        on = registered
        for token in tokens:
            if token.endswith("?"):
                token = token[:-1]
                chance = 0.85 if token == "in_force" else 0.6
                if rng.random() >= chance:
                    continue
            planned = self.step(bill, token, on, pace)
            if planned is None:
                if token == "in_force":
                    continue  # in force after the convocation: not recorded
                return None
            steps += planned
            on = planned[-1].date
        return steps

    def step(
        self, bill: BillPlan, token: str, on: datetime.date, pace: str
    ) -> list[StepPlan] | None:
        cal, rng = self.cal, self.rng
        if token in VOTED:
            action, body, motion, passes, line = VOTED[token]
            gap = {
                "first": "first",
                "reject_first": "first",
                "second": "second",
                "reject_second": "second",
                "one_reading": "one_reading",
                "readopt": "majilis_again",
                "reject_readoption": "majilis_again",
                "accept_amendments": "amendments",
                "reject_amendments": "amendments",
                "joint_adopt": "joint_adopt",
            }.get(token, "senate")
            if gap == "senate" and pace not in ("budget", "priority"):
                late = rng.random() < LATE_SENATE_SHARE
                gap = "senate_late" if late else "senate"
            weekday = {MAJILIS: WEDNESDAY, SENATE: THURSDAY, JOINT: None}[body]
            day = cal.sitting(on + self.gap(pace, gap), weekday)
            if day is None:
                return None
            return [StepPlan(action, day, [VotePlan(body, day, motion, passes, line)])]
        if token == "conciliation_agreed":
            majilis = cal.sitting(on + self.gap(pace, "conciliation"), WEDNESDAY)
            senate = majilis and cal.sitting(majilis + DAY, THURSDAY)
            if senate is None:
                return None
            votes = [
                VotePlan(MAJILIS, majilis, CONCILIATION_MOTION, True, "for"),
                VotePlan(SENATE, senate, CONCILIATION_MOTION, True, "for"),
            ]
            return [StepPlan(P.Action.CONCILIATION_AGREED, senate, votes)]
        if token == "override":
            majilis = cal.sitting(on + self.gap(pace, "override"), WEDNESDAY)
            senate = majilis and cal.sitting(majilis + DAY, THURSDAY)
            if senate is None:
                return None
            votes = [
                VotePlan(MAJILIS, majilis, OVERRIDE_MOTION, True, "for"),
                VotePlan(SENATE, senate, OVERRIDE_MOTION, True, "for"),
            ]
            return [StepPlan(P.Action.OVERRIDE_PASSED, senate, votes)]
        if token == "refer":
            day = cal.workday(on + self.gap(pace, "refer"))
            others = [c for c in MAJILIS_COMMITTEES if c != bill.committee]
            co = tuple(rng.sample(others, rng.choice((0, 0, 1, 1, 2))))
            return day and [StepPlan(P.Action.REFERRED, day, committees=(bill.committee, *co))]
        if token == "report":
            day = cal.workday(on + self.gap(pace, "report"), in_session=True)
            return day and [StepPlan(P.Action.COMMITTEE_REPORT, day, committees=(bill.committee,))]
        if token in ("sign", "object"):
            # The President signs or objects on any working day, in recess too.
            day = cal.workday(on + self.gap(pace, token))
            action = P.Action.SIGNED if token == "sign" else P.Action.RETURNED_WITH_OBJECTIONS
            return day and [StepPlan(action, day)]
        if token in ("accept_objections", "accept_wording"):
            # Not overridden within the month: the objections count as accepted.
            day = cal.workday(P.add_months(on, 1) + datetime.timedelta(rng.randint(1, 3)))
            if day is None:
                return None
            if token == "accept_objections":
                return [StepPlan(P.Action.OBJECTIONS_ACCEPTED, day, variant="rejected")]
            sign = cal.workday(day + self.gap(pace, "after_wording"))
            return sign and [
                StepPlan(P.Action.OBJECTIONS_ACCEPTED, day, variant=P.PRESIDENTS_WORDING),
                StepPlan(P.Action.SIGNED, sign),
            ]
        if token in ("withdraw", "conciliation_failed", "to_joint"):
            action = {
                "withdraw": P.Action.WITHDRAWN,
                "conciliation_failed": P.Action.CONCILIATION_FAILED,
                "to_joint": P.Action.SENT_TO_JOINT_SITTING,
            }[token]
            day = cal.workday(on + self.gap(pace, token), in_session=True)
            return day and [StepPlan(action, day)]
        if token == "in_force":
            day = self.in_force(bill, on)
            return [StepPlan(P.Action.ENTERED_INTO_FORCE, day)] if day <= cal.last else None
        raise ValueError(f"unknown step {token}")

    def in_force(self, bill: BillPlan, signed: datetime.date) -> datetime.date:
        """Laws usually enter into force ten calendar days after their first official
        publication, a day or a few after signing; treaties and budgets have their own terms."""
        rng = self.rng
        published = signed + datetime.timedelta(days=rng.randint(1, 4))
        match bill.in_force:
            case "publication":
                return published
            case "new_year":
                return D(signed.year + 1, 1, 1)
            case "code":
                return (
                    D(signed.year + 1, 1, 1)
                    if rng.random() < 0.5
                    else P.add_months(published, 6) + DAY
                )
        roll = rng.random()
        if roll < 0.7:
            return published + datetime.timedelta(days=10)
        if roll < 0.9:
            return published + datetime.timedelta(days=60)
        return D(signed.year + 1, 1, 1)

    def place(self, bill: BillPlan) -> None:
        """Choose the registration date and the steps: finished bills anywhere in the term,
        open ones so that their last step falls near its end."""
        cal, rng = self.cal, self.rng
        window = PENDING_WINDOWS.get(bill.scenario)
        low = high = None
        if window:
            low = cal.last - datetime.timedelta(days=window[0])
            high = cal.last - datetime.timedelta(days=window[1])
        if bill.registered_on:
            bill.registered_on = cal.workday(bill.registered_on)
            steps = self.walk(bill, bill.registered_on)
            if steps is None:
                raise RuntimeError(f"{bill.title['en']}: does not fit in the convocation")
            bill.steps = steps
            return
        probe = self.walk(bill, cal.first) or []
        span = (probe[-1].date - cal.first).days if probe else 0
        for _ in range(60):
            if window:
                target = low + datetime.timedelta(days=rng.randint(0, (high - low).days))
                start = max(cal.first, target - datetime.timedelta(days=span))
            else:
                room = max(0, (cal.last - cal.first).days - span - 14)
                start = cal.first + datetime.timedelta(days=rng.randint(0, room))
            registered = cal.workday(start)
            if registered is None:
                continue
            steps = self.walk(bill, registered)
            if steps is None:
                continue
            last = steps[-1].date if steps else registered
            if window and not low <= last <= high:
                continue
            bill.registered_on, bill.steps = registered, steps
            return
        # Rare: keep the first plan that fits at all.
        for _ in range(200):
            registered = cal.workday(
                cal.first + datetime.timedelta(days=rng.randint(0, (cal.last - cal.first).days))
            )
            steps = registered and self.walk(bill, registered)
            if steps is not None and registered:
                bill.registered_on, bill.steps = registered, steps
                return
        raise RuntimeError(f"{bill.title['en']}: no walk fits in the convocation")


MAJILIS_COMMITTEES = (
    "legislation",
    "international",
    "finance",
    "economy",
    "agrarian",
    "ecology",
    "social",
)


# --- Titles ---------------------------------------------------------------------------------------


def _sentence(aim) -> dict[str, str]:
    kk, ru, en = aim
    return {
        "kk": f"Заң жобасы {kk} бағытталған.",
        "ru": f"Законопроект направлен {ru}.",
        "en": f"The bill aims {en}.",
    }


def _with(summary: dict[str, str], note) -> dict[str, str]:
    return {lang: f"{summary[lang]} {text}" for lang, text in zip(LANGS, note, strict=True)}


class Titles:
    """Titles and summaries in kk, ru and en, never the same title twice."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def unique(self, make):
        for _ in range(40):
            title, summary, committee = make()
            if title["ru"] not in self.used:
                self.used.add(title["ru"])
                return title, summary, committee
        self.used.add(title["ru"])
        return title, summary, committee

    def note(self, summary, *, deputies: bool) -> dict[str, str]:
        if deputies and self.rng.random() < 0.6:
            return _with(summary, GOVERNMENT_CONCLUSION)
        if self.rng.random() < 0.5:
            return _with(summary, self.rng.choice(NOTES))
        return summary

    def law(self, *, deputies: bool):
        def make():
            rng = self.rng
            full = rng.random() < 0.75  # "amendments and additions" or just "amendments"
            kk_change = "өзгерістер мен толықтырулар" if full else "өзгерістер"
            ru_change = "изменений и дополнений" if full else "изменений"
            en_change = "amendments and additions" if full else "amendments"
            roll = rng.random()
            if roll < 0.55:
                kk, ru, en, committee, aim = rng.choice(TOPICS)
                title = {
                    "kk": f"Қазақстан Республикасының кейбір заңнамалық актілеріне {kk} "
                    f"мәселелері бойынша {kk_change} енгізу туралы",
                    "ru": f"О внесении {ru_change} в некоторые законодательные акты "
                    f"Республики Казахстан по вопросам {ru}",
                    "en": f"On {en_change} to certain legislative acts of the Republic of "
                    f"Kazakhstan on {en}",
                }
            elif roll < 0.85:
                kk, ru, en, committee = rng.choice(LAWS)
                aim = rng.choice(GENERIC_AIMS)
                title = {
                    "kk": f"{kk} Қазақстан Республикасының Заңына {kk_change} енгізу туралы",
                    "ru": f"О внесении {ru_change} в Закон Республики Казахстан {ru}",
                    "en": f"On {en_change} to the Law of the Republic of Kazakhstan {en}",
                }
            else:
                kk, ru, en, committee, aim = rng.choice(NEW_LAWS)
                title = {"kk": kk, "ru": ru, "en": en}
            return title, _sentence(aim), committee

        title, summary, committee = self.unique(make)
        return title, self.note(summary, deputies=deputies), committee

    def code_amendment(self, *, deputies: bool):
        def make():
            kk, ru, en, committee = self.rng.choice(CODES)
            title = {
                "kk": f"{kk} өзгерістер мен толықтырулар енгізу туралы",
                "ru": f"О внесении изменений и дополнений в {ru}",
                "en": f"On amendments and additions to {en}",
            }
            return title, _sentence(self.rng.choice(GENERIC_AIMS)), committee

        title, summary, committee = self.unique(make)
        return title, self.note(summary, deputies=deputies), committee

    def ratification(self):
        def make():
            rng = self.rng
            if rng.random() < 0.07:
                kk, ru, en = rng.choice(MULTILATERAL)
                summary = {
                    "kk": "Ратификациялау халықаралық шарттың Қазақстан Республикасы үшін "
                    "күшіне енуі үшін қажет.",
                    "ru": "Ратификация необходима для вступления международного договора в "
                    "силу для Республики Казахстан.",
                    "en": "Ratification is needed for the treaty to enter into force for the "
                    "Republic of Kazakhstan.",
                }
                return {"kk": kk, "ru": ru, "en": en}, summary, "international"
            partner = rng.choice(PARTNERS)
            p_kk, p_kk_gen, p_ru, p_ru_gen, p_en, neighbour = partner
            subjects = [s for s in TREATY_SUBJECTS if neighbour or not s[4]]
            s_kk, s_ru, s_en, kind, _ = rng.choice(subjects)
            governments = kind is AGREEMENT and rng.random() < 0.3
            denounce = rng.random() < 0.05
            t_acc, t_gen, t_ru, t_en = kind
            if governments:
                kk_parties = f"Қазақстан Республикасының Үкіметі мен {p_kk_gen} Үкіметі"
                ru_parties = (
                    f"между Правительством Республики Казахстан и Правительством {p_ru_gen}"
                )
                en_parties = (
                    f"between the Government of the Republic of Kazakhstan and the "
                    f"Government of {p_en}"
                )
            else:
                kk_parties = f"Қазақстан Республикасы мен {p_kk}"
                ru_parties = f"между Республикой Казахстан и {p_ru}"
                en_parties = f"between the Republic of Kazakhstan and {p_en}"
            verb = (
                ("денонсациялау", "О денонсации", "On denunciation of")
                if denounce
                else ("ратификациялау", "О ратификации", "On ratification of")
            )
            title = {
                "kk": f"{kk_parties} арасындағы {s_kk} туралы {t_acc} {verb[0]} туралы",
                "ru": f"{verb[1]} {t_ru} {ru_parties} {s_ru}",
                "en": f"{verb[2]} the {t_en} {en_parties} on {s_en}",
            }
            if denounce:
                summary = {
                    "kk": f"Заң жобасы {t_gen} Қазақстан Республикасы үшін қолданылуын "
                    "тоқтатуды көздейді.",
                    "ru": f"Законопроект прекращает действие {t_ru} для Республики Казахстан.",
                    "en": f"The bill ends the {t_en}'s application to the Republic of Kazakhstan.",
                }
            else:
                summary = {
                    "kk": f"Заң жобасы Қазақстан Республикасы мен {p_kk} арасындағы "
                    "шарттық-құқықтық базаны нығайтуға бағытталған.",
                    "ru": "Законопроект направлен на укрепление договорно-правовой базы "
                    f"между Республикой Казахстан и {p_ru}.",
                    "en": "The bill strengthens the treaty framework between the Republic of "
                    f"Kazakhstan and {p_en}.",
                }
            return title, summary, "international"

        return self.unique(make)


def _fixed_bills() -> list[BillPlan]:
    """The bills every term has: a budget a year with its companion laws, the new codes,
    constitutional laws and an amendment to the Constitution."""
    bills = []
    budget_ends = {2023: "signed", 2024: "signed_amended", 2025: "signed"}
    for year, scenario in budget_ends.items():
        y = year + 1
        on = D(year, 9, 1)  # the Government submits the budget by the start of the session
        aim = {
            "kk": f"Заң жобасы {y} – {y + 2} жылдарға арналған республикалық бюджеттің "
            "кірістері мен шығыстарын, тапшылығын және Ұлттық қордан берілетін трансферттерді "
            "белгілейді.",
            "ru": f"Законопроект устанавливает доходы и расходы республиканского бюджета на "
            f"{y} – {y + 2} годы, его дефицит и трансферты из Национального фонда.",
            "en": f"The bill sets the revenues and spending of the republican budget for "
            f"{y}–{y + 2}, its deficit and the transfers from the National Fund.",
        }
        bills.append(
            BillPlan(
                kind="budget",
                scenario=scenario,
                title={
                    "kk": f"{y} – {y + 2} жылдарға арналған республикалық бюджет туралы",
                    "ru": f"О республиканском бюджете на {y} – {y + 2} годы",
                    "en": f"On the republican budget for {y}–{y + 2}",
                },
                summary=aim,
                committee="finance",
                pace="budget",
                registered_on=on,
                in_force="new_year",
            )
        )
        companions = [
            {
                "kk": f"Республикалық және облыстық бюджеттер, республикалық маңызы бар "
                f"қалалардың, астананың бюджеттері арасындағы {y} – {y + 2} жылдарға "
                "арналған жалпы сипаттағы трансферттердің көлемдері туралы",
                "ru": "Об объемах трансфертов общего характера между республиканским и "
                "областными бюджетами, бюджетами городов республиканского значения, столицы "
                f"на {y} – {y + 2} годы",
                "en": "On the amounts of general transfers between the republican budget and "
                "the budgets of the regions, cities of republican significance and the "
                f"capital for {y}–{y + 2}",
            },
            {
                "kk": f"Қазақстан Республикасының Ұлттық қорынан {y} – {y + 1} жылдарға "
                "арналған кепілдендірілген трансферт туралы",
                "ru": "О гарантированном трансферте из Национального фонда Республики "
                f"Казахстан на {y} – {y + 1} годы",
                "en": "On the guaranteed transfer from the National Fund of the Republic of "
                f"Kazakhstan for {y}–{y + 1}",
            },
        ]
        for title in companions:
            bills.append(
                BillPlan(
                    kind="law",
                    scenario="signed",
                    title=title,
                    summary=_sentence(
                        (
                            "республикалық бюджетті орындауды қамтамасыз етуге",
                            "на обеспечение исполнения республиканского бюджета",
                            "to secure the execution of the republican budget",
                        )
                    ),
                    committee="finance",
                    pace="budget",
                    registered_on=on,
                    in_force="new_year",
                )
            )

    def constitutional(law_kk, law_ru, law_en, aim, **kwargs):
        return BillPlan(
            kind="constitutional_law",
            title={
                "kk": f"{law_kk} Қазақстан Республикасының Конституциялық заңына өзгерістер "
                "мен толықтырулар енгізу туралы",
                "ru": "О внесении изменений и дополнений в Конституционный закон Республики "
                f"Казахстан {law_ru}",
                "en": "On amendments and additions to the Constitutional Law of the Republic "
                f"of Kazakhstan {law_en}",
            },
            summary=_sentence(aim),
            committee="legislation",
            pace="joint",
            **kwargs,
        )

    bills += [
        constitutional(
            "«Қазақстан Республикасындағы сайлау туралы»",
            "«О выборах в Республике Казахстан»",
            "“On elections in the Republic of Kazakhstan”",
            ("сайлау рәсімдерінің ашықтығын арттыруға",
             "на повышение прозрачности избирательных процедур",
             "to make electoral procedures more transparent"),
            scenario="joint_signed",
            initiator=P.Initiator.PRESIDENT,
        ),
        constitutional(
            "«Қазақстан Республикасының сот жүйесі мен судьяларының мәртебесі туралы»",
            "«О судебной системе и статусе судей Республики Казахстан»",
            "“On the judicial system and the status of judges of the Republic of Kazakhstan”",
            ("судьялардың тәуелсіздігін күшейтуге",
             "на укрепление независимости судей",
             "to strengthen the independence of judges"),
            scenario="joint_signed",
        ),
        constitutional(
            "«Қазақстан Республикасының Парламенті және оның депутаттарының мәртебесі туралы»",
            "«О Парламенте Республики Казахстан и статусе его депутатов»",
            "“On the Parliament of the Republic of Kazakhstan and the status of its deputies”",
            ("депутаттардың сайлаушылармен жұмысын жетілдіруге",
             "на совершенствование работы депутатов с избирателями",
             "to improve how deputies work with their voters"),
            scenario="at_joint_sitting",
            initiator=P.Initiator.DEPUTIES,
            initiators=5,
        ),
        BillPlan(
            kind="constitutional_amendment",
            scenario="joint_signed",
            initiator=P.Initiator.PRESIDENT,
            priority=True,
            title={
                "kk": "Қазақстан Республикасының Конституциясына өзгерістер мен толықтырулар "
                "енгізу туралы",
                "ru": "О внесении изменений и дополнений в Конституцию Республики Казахстан",
                "en": "On amendments and additions to the Constitution of the Republic of "
                "Kazakhstan",
            },
            summary={
                "kk": "Президенттің ұсынысы бойынша енгізілген заң жобасы Конституцияның "
                "жекелеген нормаларын өзгертеді.",
                "ru": "Законопроект, внесённый по предложению Президента, изменяет отдельные "
                "нормы Конституции.",
                "en": "Proposed by the President, the bill amends several provisions of the "
                "Constitution.",
            },
            committee="legislation",
            pace="joint",
            in_force="publication",
        ),
    ]  # fmt: skip

    def code(kk, ru, en, aim, **kwargs):
        return BillPlan(
            kind="code",
            title={"kk": kk, "ru": ru, "en": en},
            summary=_sentence(aim),
            pace="code",
            in_force="code",
            **kwargs,
        )

    bills += [
        code("Қазақстан Республикасының Салық кодексі", "Налоговый кодекс Республики Казахстан",
             "Tax Code of the Republic of Kazakhstan",
             ("салық салуды жеңілдетуге және салық жүйесінің әділдігін арттыруға",
              "на упрощение налогообложения и повышение справедливости налоговой системы",
              "to simplify taxation and make the tax system fairer"),
             scenario="signed", committee="finance"),
        code("Қазақстан Республикасының Су кодексі", "Водный кодекс Республики Казахстан",
             "Water Code of the Republic of Kazakhstan",
             ("су ресурстарын басқаруды жаңғыртуға",
              "на модернизацию управления водными ресурсами",
              "to modernise water resource management"),
             scenario="signed", committee="ecology"),
        code("Қазақстан Республикасының Құрылыс кодексі",
             "Строительный кодекс Республики Казахстан",
             "Construction Code of the Republic of Kazakhstan",
             ("құрылыс саласындағы рәсімдерді бір кодекске біріктіруге",
              "на объединение процедур в сфере строительства в едином кодексе",
              "to bring construction procedures together in one code"),
             scenario="at_second_reading", committee="economy"),
        code("Қазақстан Республикасының Цифрлық кодексі", "Цифровой кодекс Республики Казахстан",
             "Digital Code of the Republic of Kazakhstan",
             ("цифрлық қатынастарды реттейтін нормаларды жүйелеуге",
              "на систематизацию норм, регулирующих цифровые отношения",
              "to systematise the rules governing digital relations"),
             scenario="at_senate", committee="economy", initiator=P.Initiator.DEPUTIES,
             initiators=5),
        BillPlan(
            kind="law",
            scenario="signed",
            title={"kk": "Қазақстан Республикасының Салық кодексін қолданысқа енгізу туралы",
                   "ru": "О введении в действие Налогового кодекса Республики Казахстан",
                   "en": "On the enactment of the Tax Code of the Republic of Kazakhstan"},
            summary=_sentence(("жаңа Салық кодексіне көшу тәртібін белгілеуге",
                               "на установление порядка перехода к новому Налоговому кодексу",
                               "to set out the transition to the new Tax Code")),
            committee="finance",
            pace="code",
            in_force="code",
        ),
    ]  # fmt: skip
    return bills


def _generated_bills(rng: random.Random, titles: Titles) -> list[BillPlan]:
    scenarios = [name for name, n in GENERATED.items() for _ in range(n)]
    rng.shuffle(scenarios)
    bills = [BillPlan(kind="law", scenario=name) for name in scenarios]
    treaties = dict(RATIFICATIONS)
    for bill in bills:
        if treaties.get(bill.scenario):
            treaties[bill.scenario] -= 1
            bill.kind, bill.pace, bill.in_force = "ratification", "ratification", "publication"
    laws = [b for b in bills if b.kind == "law"]
    for bill in rng.sample(laws, CODE_AMENDMENTS):
        bill.kind = "code"
    # A few bills of the President's, and a few priority bills, all on the way to signature.
    plain = [b for b in laws if b.scenario == "signed" and b.kind == "law"]
    for n, bill in enumerate(rng.sample(plain, 4)):
        bill.priority, bill.pace = True, "priority"
        if n < 2:
            bill.initiator = P.Initiator.PRESIDENT
    for bill in bills:
        if bill.kind == "ratification":
            bill.title, bill.summary, bill.committee = titles.ratification()
            continue
        share = DEPUTIES_SHARE.get(bill.scenario, DEFAULT_DEPUTIES_SHARE)
        if not bill.priority and rng.random() < share:
            bill.initiator = P.Initiator.DEPUTIES
            bill.initiators = rng.choice((1, 2, 2, 3, 3, 4, 5))
            bill.pace = "deputies"
        deputies = bill.initiator == P.Initiator.DEPUTIES
        if bill.kind == "code":
            bill.title, bill.summary, bill.committee = titles.code_amendment(deputies=deputies)
            if not deputies:
                bill.pace = "code"
        else:
            bill.title, bill.summary, bill.committee = titles.law(deputies=deputies)
    return bills


def plan_bills(rng: random.Random, calendar: Calendar) -> list[BillPlan]:
    """Every demo bill with its dated steps and law numbers, in order of registration."""
    titles = Titles(rng)
    bills = _fixed_bills()
    for bill in bills:
        titles.used.add(bill.title["ru"])
    bills += _generated_bills(rng, titles)
    planner = Planner(rng, calendar)
    for bill in bills:
        planner.place(bill)
    order = {id(bill): n for n, bill in enumerate(bills)}
    bills.sort(key=lambda b: (b.registered_on, order[id(b)]))
    # Law numbers run in the order of signature within the convocation.
    signatures = [
        (step.date, n, step)
        for n, bill in enumerate(bills)
        for step in bill.steps
        if step.action == P.Action.SIGNED
    ]
    for serial, (_, _, step) in enumerate(sorted(signatures, key=lambda s: s[:2]), start=1):
        step.law_serial = serial
    return bills


# --- Replaying the plans through the services ---------------------------------------------------


class Roster:
    """Who sits in each chamber on a day, with their faction: read once, asked per vote."""

    def __init__(self, convocation: Convocation):
        ends = convocation.ends_on or datetime.date.max
        mandates = list(
            Mandate.objects.filter(chamber__code__in=(MAJILIS, SENATE), starts_on__lte=ends)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=convocation.starts_on))
            .values_list("deputy_id", "chamber__code", "starts_on", "ends_on")
        )
        self.mandates = sorted(mandates)
        self.factions = list(
            FactionMembership.objects.filter(
                mandate__chamber__code=MAJILIS, starts_on__lte=ends
            ).values_list("mandate__deputy_id", "faction__party__code", "starts_on", "ends_on")
        )
        self.cache: dict[tuple[str, datetime.date], list[tuple[int, str | None]]] = {}
        self.seats = {
            code: list(
                Seats.objects.filter(chamber__code=code).values_list(
                    "starts_on", "ends_on", "seats"
                )
            )
            for code in (MAJILIS, SENATE)
        }

    def serving(self, chamber: str, on: datetime.date) -> list[tuple[int, str | None]]:
        key = (chamber, on)
        if key not in self.cache:
            faction = {
                deputy: party
                for deputy, party, starts, ends in self.factions
                if starts <= on and (ends is None or on <= ends)
            }
            self.cache[key] = [
                (deputy, faction.get(deputy) if chamber == MAJILIS else SENATORS)
                for deputy, code, starts, ends in self.mandates
                if code == chamber and starts <= on and (ends is None or on <= ends)
            ]
        return self.cache[key]

    def seats_on(self, chamber: str, on: datetime.date) -> int:
        """As Chamber.seats_on: the latest row in force that day."""
        rows = [r for r in self.seats[chamber] if r[0] <= on and (r[1] is None or on <= r[1])]
        return max(rows)[2]


def _roll_call(rng, members, *, line, passes, threshold, quorum, backers) -> dict[int, str]:
    """Ballots by faction line with some dissent and absence, then changed as little as
    needed so that the count gives the result the step needs."""
    absence = rng.uniform(*ABSENCE)
    options = {}
    for deputy, faction in members:
        if rng.random() < absence:
            options[deputy] = Option.ABSENT
        elif deputy in backers:
            options[deputy] = Option.YES
        else:
            yes, no, _ = LINES[line].get(faction, LINES[line][None])
            roll = rng.random()
            options[deputy] = (
                Option.YES if roll < yes else Option.NO if roll < yes + no else Option.ABSTAIN
            )

    def having(*wanted):
        return [d for d, option in options.items() if option in wanted]

    present = len(members) - len(having(Option.ABSENT))
    while present < quorum:
        comes = rng.choice(having(Option.ABSENT))
        options[comes] = Option.YES if passes else rng.choice((Option.NO, Option.ABSTAIN))
        present += 1
    if passes:
        while len(having(Option.YES)) < threshold:
            pool = having(Option.NO, Option.ABSTAIN) or having(Option.ABSENT)
            options[rng.choice(pool)] = Option.YES
    else:
        while len(having(Option.YES)) >= threshold:
            pool = [d for d in having(Option.YES) if d not in backers] or having(Option.YES)
            options[rng.choice(pool)] = rng.choice((Option.NO, Option.ABSTAIN))
    return options


def _new_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class Replayer:
    def __init__(self, rng: random.Random, convocation: Convocation, votes: int):
        self.rng = rng
        self.convocation = convocation
        self.roster = Roster(convocation)
        self.committees = dict(
            Committee.objects.filter(convocation=convocation, chamber__code=MAJILIS).values_list(
                "code", "pk"
            )
        )
        self.vote_number = 0
        self.mismatches = set(rng.sample(range(votes), min(MISMATCHES, votes)))

    def bill(self, plan: BillPlan) -> Bill:
        rng = self.rng
        initiators = []
        if plan.initiator == P.Initiator.DEPUTIES:
            serving = [d for d, _ in self.roster.serving(MAJILIS, plan.registered_on)]
            initiators = rng.sample(serving, plan.initiators)
        bill = services.bill_create(
            kind=plan.kind,
            initiator_type=plan.initiator,
            title=plan.title,
            summary=plan.summary,
            registered_on=plan.registered_on,
            initiators=initiators,
            convocation=self.convocation,
            priority=plan.priority,
            is_demo=True,
        )
        Bill.objects.filter(pk=bill.pk).update(uuid=_new_uuid(rng))
        stage = P.Stage(bill.stage)
        for step in plan.steps:
            votes = [self.vote(bill, plan, stage, v, set(initiators)).pk for v in step.votes]
            event = services.bill_apply_action(
                bill=bill,
                action=step.action,
                date=step.date,
                votes=votes,
                committees=[self.committees[c] for c in step.committees],
                variant=step.variant,
                law_serial=step.law_serial,
                law_suffix=LAW_SUFFIX if step.law_serial else "",
            )
            stage = P.Stage(event.to_stage)
        return bill

    def vote(self, bill: Bill, plan: BillPlan, stage: P.Stage, vote: VotePlan, backers) -> Vote:
        rng, roster = self.rng, self.roster
        rule = P.vote_rule(P.Kind(plan.kind), stage, P.Body(vote.body), vote.date)
        chambers = (MAJILIS, SENATE) if vote.body == JOINT else (vote.body,)
        ballots, totals = [], dict.fromkeys(Option.values, 0)
        for chamber in chambers:
            seats = roster.seats_on(chamber, vote.date)
            options = _roll_call(
                rng,
                roster.serving(chamber, vote.date),
                line=vote.line,
                passes=vote.passes,
                threshold=P.threshold(rule, seats),
                quorum=P.quorum(seats),
                backers=backers if chamber == MAJILIS else set(),
            )
            ballots += options.items()
            for option in options.values():
                totals[option] += 1
        official, mismatch = None, self.vote_number in self.mismatches
        if mismatch:
            # The announced count differs by one vote from the ballots: one deputy recorded
            # absent (or against) was announced as voting yes.
            official = dict(totals, yes=totals[Option.YES] + 1)
            moved = next(o for o in (Option.ABSENT, Option.NO, Option.ABSTAIN) if totals[o])
            official[moved] -= 1
        elif rng.random() < OFFICIAL_TOTALS_SHARE:
            official = totals
        self.vote_number += 1
        recorded, _ = services.vote_record(
            bill=bill,
            body=vote.body,
            date=vote.date,
            motion=vote.motion,
            ballots=ballots,
            official_totals=official,
            confirm_mismatch=mismatch,
        )
        wanted = P.Outcome.PASSED if vote.passes else P.Outcome.FAILED
        if recorded.result != wanted:
            raise RuntimeError(f"{bill.number}: {vote.motion} gave {recorded.result}")
        Vote.objects.filter(pk=recorded.pk).update(uuid=_new_uuid(rng))
        return recorded


def delete_demo_bills() -> int:
    """Remove the demo bills with everything hanging on them, and their history, leaving no
    trace of the previous demo data. Returns the number of bills removed."""
    ballots = Ballot.objects.filter(vote__bill__is_demo=True)
    if not Ballot._meta.related_objects:
        # The bulk of the rows, and nothing refers to a ballot: one DELETE instead of loading
        # every ballot to send its delete signals.
        ballots._raw_delete(ballots.db)
    # Their history goes too, below: recording each deletion first would only slow this down.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        deleted = Bill.objects.filter(is_demo=True).delete()[1].get(Bill._meta.label, 0)
    old_bills = Bill.history.model.objects.filter(is_demo=True).values("id")
    old_votes = Vote.history.model.objects.filter(bill_id__in=old_bills).values("id")
    Ballot.history.model.objects.filter(vote_id__in=old_votes).delete()
    Vote.history.model.objects.filter(bill_id__in=old_bills).delete()
    BillEvent.history.model.objects.filter(bill_id__in=old_bills).delete()
    Bill.history.model.objects.filter(is_demo=True).delete()
    return deleted


def calendar_for(convocation: Convocation) -> Calendar:
    """Sessions of the convocation, to the last day the 2023 rules (and so the services)
    accept: the bicameral Parliament ended on 1 July 2026."""
    last = min(convocation.ends_on or P.ERA_2023.ends, P.era_on(convocation.starts_on).ends)
    sessions = Session.objects.filter(convocation=convocation).values_list("starts_on", "ends_on")
    return Calendar(
        [(s, e or last) for s, e in sessions] or [(convocation.starts_on, last)],
        first=convocation.starts_on + datetime.timedelta(days=5),
        last=last,
    )


def seed_bills(*, rng: random.Random, convocation: Convocation) -> dict:
    """Create the demo bills of a convocation through the services; returns counts by kind
    of row. Needs the convocation's deputies (deputies.demo.seed_composition) first."""
    plans = plan_bills(rng, calendar_for(convocation))
    votes = sum(len(step.votes) for plan in plans for step in plan.steps)
    replay = Replayer(rng, convocation, votes)
    for plan in plans:
        replay.bill(plan)
    demo = Bill.objects.filter(is_demo=True, convocation=convocation)
    return {
        "bills": demo.count(),
        "bill events": BillEvent.objects.filter(bill__in=demo).count(),
        "votes": Vote.objects.filter(bill__in=demo).count(),
        "ballots": Ballot.objects.filter(vote__bill__in=demo).count(),
        "laws": demo.filter(stage=P.Stage.SIGNED).count(),
    }
