"""How a bill becomes law in the bicameral Parliament (1995 – 30 June 2026), as data.

Pure Python, no Django: stages, actions, vote thresholds, deadlines and the three rule sets
(eras) of /work/shared/design/DOMAIN.md, Part A (A3–A7), each rule citing its article from
Part B. The rule set is chosen by the date of each action, not by the date of the bill.
Rules that DOMAIN.md marks (R), recalled but not confirmed by a source, carry
``confirmed=False``.

Source abbreviations: "Const." is the Constitution of 30 August 1995 as amended; "Const. Law on
Parliament" is the Constitutional Law "On the Parliament and the status of its deputies"
(N 2529 of 16 October 1995) in the text of the era; [Sn] are the sources listed in DOMAIN.md.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType

# --- Vocabulary (DOMAIN.md A3, A5, A6) --------------------------------------------------------


class Stage(StrEnum):
    REGISTERED = "registered"
    MAJILIS_COMMITTEE = "majilis_committee"
    MAJILIS_SECOND_READING = "majilis_second_reading"
    SENATE = "senate"
    MAJILIS_RECONSIDERATION = "majilis_reconsideration"
    SENATE_AMENDMENTS = "senate_amendments"
    CONCILIATION = "conciliation"
    JOINT_SITTING = "joint_sitting"
    PRESIDENT = "president"
    OBJECTIONS = "objections"
    SIGNED = "signed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


FINAL_STAGES = frozenset({Stage.SIGNED, Stage.REJECTED, Stage.WITHDRAWN})
NON_FINAL_STAGES = frozenset(Stage) - FINAL_STAGES


class Kind(StrEnum):
    LAW = "law"
    CODE = "code"
    RATIFICATION = "ratification"
    BUDGET = "budget"
    CONSTITUTIONAL_LAW = "constitutional_law"
    CONSTITUTIONAL_AMENDMENT = "constitutional_amendment"

    @property
    def is_constitutional(self) -> bool:
        return self in (Kind.CONSTITUTIONAL_LAW, Kind.CONSTITUTIONAL_AMENDMENT)


class Initiator(StrEnum):
    GOVERNMENT = "government"
    DEPUTIES = "deputies"
    PRESIDENT = "president"


class Action(StrEnum):
    """The actions of DOMAIN.md A6, in the order of its table."""

    INTRODUCED = "introduced"
    REFERRED = "referred"
    COMMITTEE_REPORT = "committee_report"
    FIRST_READING_APPROVED = "first_reading_approved"
    ADOPTED_BY_MAJILIS = "adopted_by_majilis"
    REJECTED_BY_MAJILIS = "rejected_by_majilis"
    APPROVED_BY_SENATE = "approved_by_senate"
    NOT_APPROVED_BY_SENATE = "not_approved_by_senate"
    READOPTED_BY_MAJILIS = "readopted_by_majilis"
    AMENDED_BY_SENATE = "amended_by_senate"
    AMENDMENTS_ACCEPTED = "amendments_accepted"
    AMENDMENTS_REJECTED = "amendments_rejected"
    CONCILIATION_AGREED = "conciliation_agreed"
    CONCILIATION_FAILED = "conciliation_failed"
    SENT_TO_JOINT_SITTING = "sent_to_joint_sitting"
    ADOPTED_AT_JOINT_SITTING = "adopted_at_joint_sitting"
    SIGNED = "signed"
    RETURNED_WITH_OBJECTIONS = "returned_with_objections"
    OVERRIDE_PASSED = "override_passed"
    OBJECTIONS_ACCEPTED = "objections_accepted"
    WITHDRAWN = "withdrawn"
    ENTERED_INTO_FORCE = "entered_into_force"


class Body(StrEnum):
    """Who votes, or where an action happens."""

    MAJILIS = "majilis"
    SENATE = "senate"
    JOINT = "joint"


class Rule(StrEnum):
    SIMPLE = "simple"
    TWO_THIRDS = "two_thirds"
    THREE_QUARTERS = "three_quarters"


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NO_QUORUM = "no_quorum"


ORDINARY_KINDS = frozenset({Kind.LAW, Kind.CODE, Kind.RATIFICATION, Kind.BUDGET})
ALL_KINDS = frozenset(Kind)
_CL = frozenset({Kind.CONSTITUTIONAL_LAW})
_CA = frozenset({Kind.CONSTITUTIONAL_AMENDMENT})
LANGS = ("kk", "ru", "en")
_RULE_STRENGTH = {Rule.SIMPLE: 1, Rule.TWO_THIRDS: 2, Rule.THREE_QUARTERS: 3}
_ACTION_ORDER = {action: n for n, action in enumerate(Action)}

# --- Thresholds (DOMAIN.md A4): counted from the established seats, never from those present --


def threshold(rule: Rule, seats: int) -> int:
    """Yes votes needed: simple floor(s/2)+1, two thirds ceil(2s/3), three quarters ceil(3s/4)."""
    _check_seats(seats)
    match Rule(rule):
        case Rule.SIMPLE:
            return seats // 2 + 1
        case Rule.TWO_THIRDS:
            return -(-2 * seats // 3)
        case Rule.THREE_QUARTERS:
            return -(-3 * seats // 4)


def quorum(seats: int) -> int:
    """At least two thirds of the established seats present (Const. Law on Parliament art. 7)."""
    _check_seats(seats)
    return -(-2 * seats // 3)


def outcome(*, rule: Rule, seats: int, yes: int, present: int) -> Outcome:
    """The result of one chamber's count; ``present`` is yes + no + abstain."""
    _check_seats(seats)
    if yes < 0 or present < 0:
        raise ValueError("vote counts must not be negative")
    if not yes <= present <= seats:
        raise ValueError(f"need yes ≤ present ≤ seats, got {yes}, {present}, {seats}")
    if present < quorum(seats):
        return Outcome.NO_QUORUM
    return Outcome.PASSED if yes >= threshold(rule, seats) else Outcome.FAILED


def _check_seats(seats: int) -> None:
    if not isinstance(seats, int) or seats <= 0:
        raise ValueError(f"seats must be a positive integer, got {seats!r}")


# --- Errors -------------------------------------------------------------------------------------


class ProcedureError(Exception):
    """A request the procedure does not allow. ``message`` is in kk, ru and en."""

    def __init__(
        self, code: str, message: Mapping[str, str], allowed: Iterable[Action] = ()
    ) -> None:
        super().__init__(message["en"])
        self.code = code
        self.message = dict(message)
        self.allowed = tuple(allowed)


def _names(items: Iterable[str], lang: str) -> str:
    items = list(items)
    if items:
        return ", ".join(items)
    return {"en": "none", "ru": "нет", "kk": "жоқ"}[lang]


# --- The rule tables ----------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteRequirement:
    """A recorded vote the action needs. JOINT is one joint-sitting vote counted per chamber."""

    body: Body
    rule: Rule
    must: Outcome = Outcome.PASSED


@dataclass(frozen=True)
class Transition:
    action: Action
    from_stages: frozenset[Stage]  # empty: a new bill
    to_stage: Stage | None  # None: the bill stays where it is
    kinds: frozenset[Kind]
    votes: tuple[VoteRequirement, ...]
    source: str
    confirmed: bool = True
    # Other stages the action may lead to; next_stage() picks one from history or a variant.
    also_to: frozenset[Stage] = frozenset()

    def targets(self, current: Stage | None) -> frozenset[Stage | None]:
        return frozenset({self.to_stage or current}) | self.also_to


def _row(
    action: Action,
    from_stages: Iterable[Stage],
    to_stage: Stage | None,
    kinds: Iterable[Kind],
    votes: Iterable[VoteRequirement] = (),
    *,
    source: str,
    confirmed: bool = True,
    also_to: Iterable[Stage] = (),
) -> Transition:
    return Transition(
        action=action,
        from_stages=frozenset(from_stages),
        to_stage=to_stage,
        kinds=frozenset(kinds),
        votes=tuple(votes),
        source=source,
        confirmed=confirmed,
        also_to=frozenset(also_to),
    )


def _m(rule: Rule, must: Outcome = Outcome.PASSED) -> VoteRequirement:
    return VoteRequirement(Body.MAJILIS, rule, must)


def _s(rule: Rule, must: Outcome = Outcome.PASSED) -> VoteRequirement:
    return VoteRequirement(Body.SENATE, rule, must)


def _j(rule: Rule) -> VoteRequirement:
    return VoteRequirement(Body.JOINT, rule)


# Short names for the tables below.
_SIMPLE, _TT, _TQ = Rule.SIMPLE, Rule.TWO_THIRDS, Rule.THREE_QUARTERS
_FAILED = Outcome.FAILED

# Stages where a committee (of a chamber, both chambers or a conciliation commission) works.
_COMMITTEE_STAGES = NON_FINAL_STAGES - {Stage.REGISTERED, Stage.PRESIDENT}
_ACT = "Const. Law on Parliament"

# The same in every era; the article numbers are the same in the 1995, 1999 and 2007 texts.
_SHARED = (
    _row(Action.INTRODUCED, (), Stage.REGISTERED, ALL_KINDS,
         source=f"Const. art. 61 p.1 [S1]; {_ACT} art. 15 p.2 [S8][S9]"),
    _row(Action.REFERRED, {Stage.REGISTERED}, Stage.MAJILIS_COMMITTEE, ALL_KINDS,
         source=f"{_ACT} art. 15 p.3 [S8]"),
    _row(Action.COMMITTEE_REPORT, _COMMITTEE_STAGES, None, ALL_KINDS,
         source=f"{_ACT} art. 15 p.3, art. 20 p.2 [S8]"),
    _row(Action.SIGNED, {Stage.PRESIDENT}, Stage.SIGNED, ALL_KINDS,
         source=f"{_ACT} art. 19 p.2–3 [S8]"),
    _row(Action.RETURNED_WITH_OBJECTIONS, {Stage.PRESIDENT}, Stage.OBJECTIONS, ALL_KINDS,
         source=f"{_ACT} art. 19 p.2 [S8]"),
    _row(Action.OBJECTIONS_ACCEPTED, {Stage.OBJECTIONS}, Stage.REJECTED, ALL_KINDS,
         source=f"{_ACT} art. 20 p.1–2 [S8]", also_to={Stage.PRESIDENT}),
    # DOMAIN.md A5 names withdrawal by the initiator; no article for it was found.
    _row(Action.WITHDRAWN, NON_FINAL_STAGES, Stage.WITHDRAWN, ALL_KINDS,
         source="DOMAIN.md A5 (article not found)", confirmed=False),
    _row(Action.ENTERED_INTO_FORCE, {Stage.SIGNED}, None, ALL_KINDS,
         source=f"Const. art. 62.2 [S7]; {_ACT} art. 19 p.1 [S8]"),
)  # fmt: skip


def _ordinary_path(
    kinds: frozenset[Kind], rule: Rule, *, source: str, confirmed: bool = True
) -> tuple[Transition, ...]:
    """Majilis → Senate → President, every passing vote held to ``rule`` (A6, B3 steps 4–8b)."""
    src = source
    return (
        _row(Action.FIRST_READING_APPROVED, {Stage.MAJILIS_COMMITTEE},
             Stage.MAJILIS_SECOND_READING, kinds, [_m(rule)], source=src, confirmed=confirmed),
        _row(Action.ADOPTED_BY_MAJILIS, {Stage.MAJILIS_COMMITTEE, Stage.MAJILIS_SECOND_READING},
             Stage.SENATE, kinds, [_m(rule)], source=src, confirmed=confirmed),
        _row(Action.REJECTED_BY_MAJILIS, {Stage.MAJILIS_COMMITTEE, Stage.MAJILIS_SECOND_READING},
             Stage.REJECTED, kinds, [_m(rule, _FAILED)], source=src, confirmed=confirmed),
        _row(Action.APPROVED_BY_SENATE, {Stage.SENATE}, Stage.PRESIDENT, kinds, [_s(rule)],
             source=src, confirmed=confirmed),
        _row(Action.AMENDED_BY_SENATE, {Stage.SENATE}, Stage.SENATE_AMENDMENTS, kinds, [_s(rule)],
             source=f"{src}; {_ACT} art. 18 p.2", confirmed=confirmed),
        _row(Action.AMENDMENTS_ACCEPTED, {Stage.SENATE_AMENDMENTS}, Stage.PRESIDENT, kinds,
             [_m(rule)], source=f"{_ACT} art. 18 p.2 [S8]", confirmed=confirmed),
        _row(Action.AMENDMENTS_REJECTED, {Stage.SENATE_AMENDMENTS}, Stage.CONCILIATION, kinds,
             [_m(rule, _FAILED)], source=f"{_ACT} art. 18 p.2 [S8]", confirmed=confirmed),
        # The conciliation commission itself is (R) in DOMAIN.md B3 step 8b.
        _row(Action.CONCILIATION_AGREED, {Stage.CONCILIATION}, Stage.PRESIDENT, kinds,
             [_m(rule), _s(rule)], source=f"{_ACT} art. 18 p.2 [S8][S13]; commission (R)",
             confirmed=False),
        _row(Action.CONCILIATION_FAILED, {Stage.CONCILIATION}, Stage.REJECTED, kinds,
             source=f"{_ACT} art. 18 p.2 [S8][S13]; commission (R)", confirmed=False),
    )  # fmt: skip


def _senate_refusal(
    kinds: frozenset[Kind], rule: Rule, *, source: str, confirmed: bool = True
) -> tuple[Transition, ...]:
    """Senate says no: back to the Majilis, which may re-pass by 2/3; a second no ends it."""
    return (
        _row(Action.NOT_APPROVED_BY_SENATE, {Stage.SENATE}, Stage.MAJILIS_RECONSIDERATION, kinds,
             [_s(rule, _FAILED)], source=source, confirmed=confirmed, also_to={Stage.REJECTED}),
        _row(Action.READOPTED_BY_MAJILIS, {Stage.MAJILIS_RECONSIDERATION}, Stage.SENATE, kinds,
             [_m(_TT)], source=source, confirmed=confirmed),
        _row(Action.REJECTED_BY_MAJILIS, {Stage.MAJILIS_RECONSIDERATION}, Stage.REJECTED, kinds,
             [_m(_TT, _FAILED)], source=source, confirmed=confirmed),
    )  # fmt: skip


def _joint_sitting(
    kinds: frozenset[Kind], rule: Rule, *, source: str, confirmed: bool = True
) -> tuple[Transition, ...]:
    return (
        _row(Action.SENT_TO_JOINT_SITTING, {Stage.REGISTERED, Stage.MAJILIS_COMMITTEE},
             Stage.JOINT_SITTING, kinds, source=source, confirmed=confirmed),
        _row(Action.ADOPTED_AT_JOINT_SITTING, {Stage.JOINT_SITTING}, Stage.PRESIDENT, kinds,
             [_j(rule)], source=source, confirmed=confirmed),
    )  # fmt: skip


def _override(
    kinds: frozenset[Kind], votes: Iterable[VoteRequirement], *, source: str, confirmed: bool
) -> Transition:
    return _row(Action.OVERRIDE_PASSED, {Stage.OBJECTIONS}, Stage.PRESIDENT, kinds, votes,
                source=source, confirmed=confirmed)  # fmt: skip


_ORDINARY_SRC = f"Const. art. 62.5 [S7]; {_ACT} art. 18 p.1 [S8]"
_CL_SRC = "Const. art. 62.4 [S7]"
_CA_SRC = "Const. art. 53 p.1, art. 62.3 [S3][S7]"

# 1 January 2023 – 30 June 2026 (DOMAIN.md A6): constitutional laws only at a joint sitting.
_TABLE_2023 = (
    *_SHARED,
    *_ordinary_path(ORDINARY_KINDS, _SIMPLE, source=f"{_ORDINARY_SRC}; verbs from 2023 [S12][S13]"),
    # "same after 2022 (R)" in DOMAIN.md B3 step 8a.
    *_senate_refusal(ORDINARY_KINDS, _SIMPLE, source=f"{_ACT} art. 18 p.1 [S8] (R after 2022)",
                     confirmed=False),
    *_joint_sitting(_CL, _TT, source=f"{_CL_SRC}; joint sitting from 2023 [S12]"),
    *_joint_sitting(_CA, _TQ, source=_CA_SRC),
    # The 2022 wording of Const. art. 44 was not read; the 2007 article 20 is assumed.
    _override(ORDINARY_KINDS, [_m(_TT), _s(_TT)], source=f"{_ACT} art. 20 p.2 [S8] (R after 2022)",
              confirmed=False),
    _override(_CL | _CA, [_m(_TQ), _s(_TQ)], source=f"{_ACT} art. 20 p.5 [S8] (R after 2022)",
              confirmed=False),
)  # fmt: skip

# 19 June 2007 – 31 December 2022 (A7): constitutional laws Majilis → Senate, 2/3 at each vote;
# a constitutional law refused by either chamber goes back to its initiator (art. 18 p.2-1).
_CL_2007_SRC = f"Const. art. 62.4 [S7]; {_ACT} art. 18 p.2-1 [S8]"
_TABLE_2007 = (
    *_SHARED,
    *_ordinary_path(ORDINARY_KINDS, _SIMPLE, source=_ORDINARY_SRC),
    *_senate_refusal(ORDINARY_KINDS, _SIMPLE, source=f"{_ACT} art. 18 p.1 [S8]"),
    *_ordinary_path(_CL, _TT, source=_CL_2007_SRC),
    _row(Action.NOT_APPROVED_BY_SENATE, {Stage.SENATE}, Stage.REJECTED, _CL, [_s(_TT, _FAILED)],
         source=_CL_2007_SRC),
    *_joint_sitting(_CA, _TQ, source=_CA_SRC),
    _override(ORDINARY_KINDS, [_m(_TT), _s(_TT)], source=f"{_ACT} art. 20 p.2 [S8]",
              confirmed=True),
    _override(_CL, [_m(_TQ), _s(_TQ)], source=f"{_ACT} art. 20 p.5 [S8]", confirmed=True),
    # Article 20 p.5 names constitutional laws; amendments are assumed to follow them.
    _override(_CA, [_m(_TQ), _s(_TQ)], source=f"{_ACT} art. 20 p.5 [S8] (R)", confirmed=False),
)  # fmt: skip

# 30 August 1995 – 18 June 2007 (A7): articles 18–20 of the 1995 text (unchanged in 1999 [S9]);
# constitutional laws and amendments by the later Constitution's rules, (R) for this period.
_TEXT_1995 = "1995 text [S9]"
_TABLE_1995 = (
    *_SHARED,
    *_ordinary_path(ORDINARY_KINDS, _SIMPLE, source=f"{_ACT} art. 18 p.1, {_TEXT_1995}"),
    *_senate_refusal(ORDINARY_KINDS, _SIMPLE, source=f"{_ACT} art. 18 p.1, {_TEXT_1995}"),
    *_ordinary_path(_CL, _TT, source=f"{_CL_SRC} (R for 1995–2007)", confirmed=False),
    *_senate_refusal(_CL, _TT, source=f"{_CL_SRC} (R for 1995–2007)", confirmed=False),
    *_joint_sitting(_CA, _TQ, source=f"{_CA_SRC} (R for 1995–2007)", confirmed=False),
    # The override is voted at a joint sitting, counted per chamber (art. 20 p.5); the
    # Majilis's preliminary 2/3 decision (art. 20 p.2) is not a separate requirement here.
    _override(ORDINARY_KINDS, [_j(_TT)], source=f"{_ACT} art. 20 p.5, {_TEXT_1995}",
              confirmed=True),
    _override(_CL | _CA, [_j(_TT)], source=f"{_ACT} art. 20 p.5, {_TEXT_1995} (R)",
              confirmed=False),
)  # fmt: skip


# --- Verbs and labels ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Verb:
    """A chamber's verb for passing a law, in the forms the labels and next steps need."""

    en: str  # "adopts"
    en_past: str  # "Adopted"
    ru: str  # "принимает"
    ru_if: str  # "примет" (after "если")
    ru_past: str  # "Принят"
    kk: str  # "қабылдайды"
    kk_if: str  # "қабылдаса"
    kk_past: str  # "қабылдады"
    kk_past_not: str  # "қабылдамады"
    kk_if_not: str  # "қабылдамаса"


ADOPTS = Verb("adopts", "Adopted", "принимает", "примет", "Принят",
              "қабылдайды", "қабылдаса", "қабылдады", "қабылдамады", "қабылдамаса")  # fmt: skip
APPROVES = Verb("approves", "Approved", "одобряет", "одобрит", "Одобрен",
                "мақұлдайды", "мақұлдаса", "мақұлдады", "мақұлдамады", "мақұлдамаса")  # fmt: skip

STAGE_LABELS: dict[Stage, dict[str, str]] = {
    Stage.REGISTERED: {
        "kk": "Мәжілісте тіркелді",
        "ru": "Зарегистрирован в Мажилисе",
        "en": "Registered in the Majilis",
    },
    Stage.MAJILIS_COMMITTEE: {
        "kk": "Мәжіліс комитетінде",
        "ru": "В комитете Мажилиса",
        "en": "In a Majilis committee",
    },
    Stage.MAJILIS_SECOND_READING: {
        "kk": "Мәжілісте екінші оқылымды күтуде",
        "ru": "Ожидает второго чтения в Мажилисе",
        "en": "Awaiting second reading in the Majilis",
    },
    Stage.SENATE: {"kk": "Сенатта", "ru": "В Сенате", "en": "In the Senate"},
    Stage.MAJILIS_RECONSIDERATION: {
        "kk": "Сенат Мәжіліске қайтарды",
        "ru": "Возвращён Сенатом в Мажилис",
        "en": "Returned to the Majilis by the Senate",
    },
    Stage.SENATE_AMENDMENTS: {
        "kk": "Мәжіліс Сенаттың өзгерістерін қарауда",
        "ru": "Мажилис рассматривает изменения Сената",
        "en": "Majilis considering the Senate's amendments",
    },
    Stage.CONCILIATION: {
        "kk": "Келісу комиссиясында",
        "ru": "В согласительной комиссии",
        "en": "In a conciliation commission",
    },
    Stage.JOINT_SITTING: {
        "kk": "Палаталардың бірлескен отырысының қарауында",
        "ru": "На рассмотрении совместного заседания палат",
        "en": "Before a joint sitting of the chambers",
    },
    Stage.PRESIDENT: {
        "kk": "Президенттің қол қоюында",
        "ru": "На подписи у Президента",
        "en": "With the President for signature",
    },
    Stage.OBJECTIONS: {
        "kk": "Президенттің қарсылықтарымен қайтарылды",
        "ru": "Возвращён с возражениями Президента",
        "en": "Returned with the President's objections",
    },
    Stage.SIGNED: {"kk": "Қол қойылды", "ru": "Подписан", "en": "Signed into law"},
    Stage.REJECTED: {"kk": "Қабылданбады", "ru": "Отклонён", "en": "Rejected"},
    Stage.WITHDRAWN: {"kk": "Кері қайтарып алынды", "ru": "Отозван", "en": "Withdrawn"},
}

# Era-independent labels: "passed" where the verb changed in 2023 (see Era.verb).
ACTION_LABELS: dict[Action, dict[str, str]] = {
    Action.INTRODUCED: {
        "kk": "Мәжіліске енгізілді",
        "ru": "Внесён в Мажилис",
        "en": "Introduced in the Majilis",
    },
    Action.REFERRED: {
        "kk": "Комитеттерге жіберілді",
        "ru": "Направлен в комитеты",
        "en": "Referred to committees",
    },
    Action.COMMITTEE_REPORT: {
        "kk": "Комитет қорытындысы",
        "ru": "Заключение комитета",
        "en": "Committee conclusion",
    },
    Action.FIRST_READING_APPROVED: {
        "kk": "Мәжілісте бірінші оқылымнан өтті",
        "ru": "Прошёл первое чтение в Мажилисе",
        "en": "Passed first reading in the Majilis",
    },
    Action.ADOPTED_BY_MAJILIS: {
        "kk": "Мәжілістен өтті",
        "ru": "Прошёл Мажилис",
        "en": "Passed by the Majilis",
    },
    Action.REJECTED_BY_MAJILIS: {
        "kk": "Мәжіліс қолдамады",
        "ru": "Отклонён Мажилисом",
        "en": "Rejected by the Majilis",
    },
    Action.APPROVED_BY_SENATE: {
        "kk": "Сенаттан өтті",
        "ru": "Прошёл Сенат",
        "en": "Passed by the Senate",
    },
    Action.NOT_APPROVED_BY_SENATE: {
        "kk": "Сенаттан өтпеді",
        "ru": "Не прошёл Сенат",
        "en": "Not passed by the Senate",
    },
    Action.READOPTED_BY_MAJILIS: {
        "kk": "Мәжілістен қайта өтті",
        "ru": "Повторно прошёл Мажилис",
        "en": "Passed again by the Majilis",
    },
    Action.AMENDED_BY_SENATE: {
        "kk": "Сенат өзгерістер мен толықтырулар енгізді",
        "ru": "Сенат внёс изменения и дополнения",
        "en": "Amended by the Senate",
    },
    Action.AMENDMENTS_ACCEPTED: {
        "kk": "Мәжіліс Сенаттың өзгерістерімен келісті",
        "ru": "Мажилис согласился с изменениями Сената",
        "en": "Majilis agreed with the Senate's amendments",
    },
    Action.AMENDMENTS_REJECTED: {
        "kk": "Мәжіліс Сенаттың өзгерістеріне қарсы болды",
        "ru": "Мажилис возразил против изменений Сената",
        "en": "Majilis objected to the Senate's amendments",
    },
    Action.CONCILIATION_AGREED: {
        "kk": "Келісу комиссиясында келісілді",
        "ru": "Согласован в согласительной комиссии",
        "en": "Agreed in conciliation",
    },
    Action.CONCILIATION_FAILED: {
        "kk": "Келісімге қол жеткізілмеді",
        "ru": "Согласие не достигнуто",
        "en": "Conciliation failed",
    },
    Action.SENT_TO_JOINT_SITTING: {
        "kk": "Палаталардың бірлескен отырысына шығарылды",
        "ru": "Вынесен на совместное заседание палат",
        "en": "Sent to a joint sitting of the chambers",
    },
    Action.ADOPTED_AT_JOINT_SITTING: {
        "kk": "Палаталардың бірлескен отырысында қабылданды",
        "ru": "Принят на совместном заседании палат",
        "en": "Adopted at a joint sitting of the chambers",
    },
    Action.SIGNED: {
        "kk": "Президент қол қойды",
        "ru": "Подписан Президентом",
        "en": "Signed by the President",
    },
    Action.RETURNED_WITH_OBJECTIONS: {
        "kk": "Президент қарсылықтарымен қайтарды",
        "ru": "Возвращён Президентом с возражениями",
        "en": "Returned by the President with objections",
    },
    Action.OVERRIDE_PASSED: {
        "kk": "Президенттің қарсылықтары еңсерілді",
        "ru": "Возражения Президента преодолены",
        "en": "President's objections overridden",
    },
    Action.OBJECTIONS_ACCEPTED: {
        "kk": "Президенттің қарсылықтары қабылданды",
        "ru": "Возражения Президента приняты",
        "en": "President's objections accepted",
    },
    Action.WITHDRAWN: {
        "kk": "Бастамашы кері қайтарып алды",
        "ru": "Отозван инициатором",
        "en": "Withdrawn by the initiator",
    },
    Action.ENTERED_INTO_FORCE: {
        "kk": "Күшіне енді",
        "ru": "Вступил в силу",
        "en": "Entered into force",
    },
}


def _verb_labels(majilis: Verb, senate: Verb) -> dict[Action, dict[str, str]]:
    """The labels whose verb follows the era (DOMAIN.md B3, changes from 1 January 2023)."""
    m, s = majilis, senate
    return {
        **ACTION_LABELS,
        Action.FIRST_READING_APPROVED: {
            "kk": f"Мәжіліс бірінші оқылымда {m.kk_past}",
            "ru": f"{m.ru_past} Мажилисом в первом чтении",
            "en": f"{m.en_past} by the Majilis in first reading",
        },
        Action.ADOPTED_BY_MAJILIS: {
            "kk": f"Мәжіліс {m.kk_past}",
            "ru": f"{m.ru_past} Мажилисом",
            "en": f"{m.en_past} by the Majilis",
        },
        Action.REJECTED_BY_MAJILIS: {
            "kk": f"Мәжіліс {m.kk_past_not}",
            "ru": "Отклонён Мажилисом",
            "en": "Rejected by the Majilis",
        },
        Action.READOPTED_BY_MAJILIS: {
            "kk": f"Мәжіліс қайта {m.kk_past}",
            "ru": f"Повторно {m.ru_past.lower()} Мажилисом",
            "en": f"{m.en_past} again by the Majilis",
        },
        Action.APPROVED_BY_SENATE: {
            "kk": f"Сенат {s.kk_past}",
            "ru": f"{s.ru_past} Сенатом",
            "en": f"{s.en_past} by the Senate",
        },
        Action.NOT_APPROVED_BY_SENATE: {
            "kk": f"Сенат {s.kk_past_not}",
            "ru": f"Не {s.ru_past.lower()} Сенатом",
            "en": f"Not {s.en_past.lower()} by the Senate",
        },
    }


# --- Clocks (DOMAIN.md A6 end, B3 steps 7, 9–11) ------------------------------------------------


def add_months(start: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's end (art. 19 p.2 as amended 2013)."""
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(start.day, last))


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th Monday-to-Friday after ``start``; public holidays are not known here."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


@dataclass(frozen=True)
class Clock:
    name: str
    source: str
    days: int = 0
    months: int = 0
    working_days: int = 0
    confirmed: bool = True

    def due(self, start: date) -> date:
        if self.months:
            return add_months(start, self.months)
        if self.working_days:
            return add_working_days(start, self.working_days)
        return start + timedelta(days=self.days)


CLOCK_LABELS: dict[str, dict[str, str]] = {
    "senate": {
        "kk": "Сенаттың қарау мерзімі",
        "ru": "Срок рассмотрения в Сенате",
        "en": "Senate's period for consideration",
    },
    "to_president": {
        "kk": "Президентке жіберу мерзімі",
        "ru": "Срок направления Президенту",
        "en": "Period for sending to the President",
    },
    "president": {
        "kk": "Президенттің қол қою мерзімі",
        "ru": "Срок подписания Президентом",
        "en": "President's period for signature",
    },
    "president_after_override": {
        "kk": "Қарсылықтар еңсерілгеннен кейінгі қол қою мерзімі",
        "ru": "Срок подписания после преодоления возражений",
        "en": "Signature after the objections were overridden",
    },
    "override": {
        "kk": "Қарсылықтарды еңсеру мерзімі",
        "ru": "Срок преодоления возражений",
        "en": "Period to override the objections",
    },
    "priority": {
        "kk": "Басым заң жобасының мерзімі",
        "ru": "Срок для приоритетного законопроекта",
        "en": "Priority bill's period",
    },
}


def _clocks(*clocks: Clock) -> Mapping[str, Clock]:
    return MappingProxyType({clock.name: clock for clock in clocks})


_CLOCKS_2007 = (
    Clock("senate", f"{_ACT} art. 18 p.1 [S8]", days=60),
    # Shown inside the President's clock: there is no separate "sent to the President" action.
    Clock("to_president", f"{_ACT} art. 19 p.2 [S8]", days=10),
    Clock("president", f"{_ACT} art. 19 p.2 [S8]", months=1),
    Clock("president_after_override", f"{_ACT} art. 20 p.2 [S8]", months=1),
    # The month pauses outside the session (art. 20 p.1 as amended 2013); not modelled.
    Clock("override", f"{_ACT} art. 20 p.1 [S8]", months=1),
)
_CLOCKS_1995 = _clocks(
    Clock("senate", f"{_ACT} art. 18 p.1, {_TEXT_1995}", days=60),
    Clock("to_president", f"{_ACT} art. 19 p.2, {_TEXT_1995}", days=10),
    Clock("president", f"{_ACT} art. 19 p.2, {_TEXT_1995}; holidays not counted (R)",
          working_days=15, confirmed=False),
    Clock("president_after_override", f"{_ACT} art. 20 p.5, {_TEXT_1995}", days=7),
    Clock("override", f"{_ACT} art. 20 p.1, {_TEXT_1995}", months=1),
)  # fmt: skip
_CLOCKS_2007_ERA = _clocks(
    *_CLOCKS_2007,
    # Two months since 2017; before that an "urgent" bill had one month (art. 17) (R).
    Clock("priority", "Const. art. 61 p.2 [S1] (R before 2017)", months=2, confirmed=False),
)
_CLOCKS_2023 = _clocks(*_CLOCKS_2007, Clock("priority", "Const. art. 61 p.2 [S1]", months=2))


# --- Eras ---------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Era:
    code: str
    starts: date
    ends: date  # inclusive
    initiators: frozenset[Initiator]
    transitions: tuple[Transition, ...]
    majilis_verb: Verb
    senate_verb: Verb
    clocks: Mapping[str, Clock]
    source: str
    labels: Mapping[Action, dict[str, str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        labels = MappingProxyType(_verb_labels(self.majilis_verb, self.senate_verb))
        object.__setattr__(self, "labels", labels)

    def verb(self, action: Action) -> dict[str, str]:
        """The display label of an action in this era, in kk, ru and en."""
        return self.labels[Action(action)]

    @property
    def override_at_joint_sitting(self) -> bool:
        """Whether the override is one joint-sitting vote (1995) rather than one per chamber."""
        return any(
            req.body == Body.JOINT
            for t in self.transitions
            if t.action == Action.OVERRIDE_PASSED
            for req in t.votes
        )

    @property
    def period(self) -> str:
        return f"{self.starts.year}–{self.ends.year}"

    @property
    def confirmed(self) -> bool:
        return not self.unconfirmed

    @property
    def unconfirmed(self) -> tuple[Transition | Clock, ...]:
        """The rows and clocks modelled from recollection (R)."""
        rows = [t for t in self.transitions if not t.confirmed]
        return (*rows, *(c for c in self.clocks.values() if not c.confirmed))

    def contains(self, on: date) -> bool:
        return self.starts <= on <= self.ends


ERA_1995 = Era(
    code="1995",
    starts=date(1995, 8, 30),
    ends=date(2007, 6, 18),
    initiators=frozenset({Initiator.GOVERNMENT, Initiator.DEPUTIES}),
    transitions=_TABLE_1995,
    majilis_verb=APPROVES,
    senate_verb=ADOPTS,
    clocks=_CLOCKS_1995,
    source=f"Const. of 30 Aug 1995; {_ACT} (N 2529), 1995 text and 1999 text [S9]",
)
ERA_2007 = Era(
    code="2007",
    starts=date(2007, 6, 19),
    ends=date(2022, 12, 31),
    initiators=frozenset(Initiator),
    transitions=_TABLE_2007,
    majilis_verb=APPROVES,
    senate_verb=ADOPTS,
    clocks=_CLOCKS_2007_ERA,
    source="Law of 21 May 2007 N 254; Const. Law of 19 Jun 2007 N 266 [S8]",
)
ERA_2023 = Era(
    code="2023",
    starts=date(2023, 1, 1),
    ends=date(2026, 6, 30),
    initiators=frozenset(Initiator),
    transitions=_TABLE_2023,
    majilis_verb=ADOPTS,
    senate_verb=APPROVES,
    clocks=_CLOCKS_2023,
    source="Referendum of 5 Jun 2022; Regulations from 1 Jan 2023 [S12][S13]",
)
ERAS = (ERA_1995, ERA_2007, ERA_2023)


def era_on(on: date) -> Era:
    """The rule set in force on ``on``; none before the 1995 Constitution or after June 2026."""
    for era in ERAS:
        if era.starts <= on <= era.ends:  # era.contains(on), inlined: a hot path
            return era
    if on < ERA_1995.starts:
        raise ProcedureError(
            "before_constitution",
            {
                "kk": f"{on} — 1995 жылғы 30 тамыздағы Конституциядан бұрынғы күн.",
                "ru": f"Дата {on} предшествует Конституции 30 августа 1995 года.",
                "en": f"{on} is before the Constitution of 30 August 1995.",
            },
        )
    raise ProcedureError(
        "no_bicameral_parliament",
        {
            "kk": f"{on} күні екі палаталы Парламент жоқ: оның өкілеттігі "
            "2026 жылғы 1 шілдеде тоқтады.",
            "ru": f"На {on} двухпалатного Парламента нет: его полномочия прекратились "
            "1 июля 2026 года.",
            "en": f"There is no bicameral Parliament on {on}: its powers ended on 1 July 2026.",
        },
    )


def _era_or_none(on: date | None) -> Era | None:
    if on is None:
        return None
    try:
        return era_on(on)
    except ProcedureError:
        return None


# --- Progress tracker ---------------------------------------------------------------------------

MAIN_PATH = (
    Stage.REGISTERED,
    Stage.MAJILIS_COMMITTEE,
    Stage.MAJILIS_SECOND_READING,
    Stage.SENATE,
    Stage.PRESIDENT,
    Stage.SIGNED,
)
JOINT_PATH = (Stage.REGISTERED, Stage.JOINT_SITTING, Stage.PRESIDENT, Stage.SIGNED)
STAGE_ORDER: dict[str, tuple[Stage, ...]] = {"main": MAIN_PATH, "joint": JOINT_PATH}


def goes_to_joint_sitting(kind: Kind, on: date) -> bool:
    era = era_on(on)
    return any(
        t.action == Action.SENT_TO_JOINT_SITTING and kind in t.kinds for t in era.transitions
    )


def path_for(kind: Kind, on: date) -> tuple[Stage, ...]:
    """The stages a progress tracker shows for a bill of ``kind`` under the rules of ``on``."""
    return JOINT_PATH if goes_to_joint_sitting(kind, on) else MAIN_PATH


# --- Bill state and transitions ------------------------------------------------------------------


@dataclass(frozen=True)
class BillState:
    kind: Kind
    stage: Stage | None  # None = not yet introduced
    history: tuple[tuple[Action, date], ...] = ()  # previous actions in order
    stage_since: date | None = None  # when the bill entered its current stage
    priority: bool = False  # presidential priority bill (two-month clock from registration)

    @property
    def registered_on(self) -> date | None:
        for action, on in self.history:
            if action == Action.INTRODUCED:
                return on
        return self.stage_since if self.stage == Stage.REGISTERED else None


def _matches(t: Transition, state: BillState) -> bool:
    if state.kind not in t.kinds:
        return False
    if state.stage is None:
        return not t.from_stages
    return state.stage in t.from_stages


# After the chambers' powers ended (1 July 2026) the President still signs a law they passed,
# and a signed law still enters into force (A1); nothing else happens under these rules.
AFTER_PARLIAMENT = frozenset({Action.SIGNED, Action.ENTERED_INTO_FORCE})


def allowed_actions(state: BillState, on: date) -> list[Transition]:
    """What may happen next on ``on``, in the order of DOMAIN.md A6."""
    last = ERAS[-1]
    if on > last.ends:
        rows = [t for t in last.transitions if t.action in AFTER_PARLIAMENT and _matches(t, state)]
    else:
        rows = [t for t in era_on(on).transitions if _matches(t, state)]
    return sorted(rows, key=lambda t: _ACTION_ORDER[t.action])


def transition(state: BillState, action: Action, on: date) -> Transition:
    """The rule that lets ``action`` happen on ``on``, or ProcedureError "action_not_allowed"."""
    action = Action(action)
    allowed = allowed_actions(state, on)
    for t in allowed:
        if t.action == action:
            return t
    era = era_on(on)
    names = [t.action.value for t in allowed]
    stage = {
        "kk": state.stage or "жаңа заң жобасы",
        "ru": state.stage or "новый законопроект",
        "en": state.stage or "new bill",
    }
    raise ProcedureError(
        "action_not_allowed",
        {
            "kk": f"«{action}» әрекетіне «{stage['kk']}» сатысында жол берілмейді "
            f"(«{state.kind}» түрі, {era.period} жылдардағы ереже). "
            f"Рұқсат етілгені: {_names(names, 'kk')}.",
            "ru": f"Действие «{action}» недопустимо на стадии «{stage['ru']}» "
            f"(вид «{state.kind}», правила {era.period} гг.). "
            f"Допустимо: {_names(names, 'ru')}.",
            "en": f"Action “{action}” is not allowed from stage “{stage['en']}” "
            f"for a “{state.kind}” under the rules of {era.period}. "
            f"Allowed: {_names(names, 'en')}.",
        },
        allowed=[t.action for t in allowed],
    )


def check_initiator(initiator: Initiator, on: date) -> None:
    """Raise "initiator_not_allowed" unless ``initiator`` could introduce bills on ``on``."""
    initiator = Initiator(initiator)
    era = era_on(on)
    if initiator in era.initiators:
        return
    names = [i.value for i in Initiator if i in era.initiators]
    raise ProcedureError(
        "initiator_not_allowed",
        {
            "kk": f"{on} күні «{initiator}» үшін заң шығару бастамашылығы құқығы болған жоқ "
            f"({era.period} жылдардағы ереже). Рұқсат етілгені: {_names(names, 'kk')}.",
            "ru": f"На {on} у «{initiator}» не было права законодательной инициативы "
            f"(правила {era.period} гг.). Допустимо: {_names(names, 'ru')}.",
            "en": f"“{initiator}” had no right of legislative initiative on {on} "
            f"(rules of {era.period}). Allowed: {_names(names, 'en')}.",
        },
    )


PRESIDENTS_WORDING = "presidents_wording"
# Variants a caller may choose, per action; the first is the default.
VARIANTS: dict[Action, tuple[str, ...]] = {
    Action.OBJECTIONS_ACCEPTED: ("rejected", PRESIDENTS_WORDING),
}


def next_stage(state: BillState, action: Action, on: date, *, variant: str | None = None) -> Stage:
    """Where ``action`` takes the bill, resolving targets that depend on history or a variant."""
    t = transition(state, action, on)
    _check_variant(t.action, variant)
    refused_before = any(past == Action.NOT_APPROVED_BY_SENATE for past, _ in state.history)
    if t.action == Action.NOT_APPROVED_BY_SENATE and refused_before:
        # A second refusal of the same bill ends it (Const. Law on Parliament art. 18 p.1).
        return Stage.REJECTED
    if t.action == Action.OBJECTIONS_ACCEPTED and variant == PRESIDENTS_WORDING:
        return Stage.PRESIDENT
    if t.to_stage is None and state.stage is not None:
        return state.stage
    return t.to_stage


def _check_variant(action: Action, variant: str | None) -> None:
    variants = VARIANTS.get(action, ())
    if variant is None or variant in variants:
        return
    raise ProcedureError(
        "variant_not_allowed",
        {
            "kk": f"«{action}» әрекетінің «{variant}» нұсқасы жоқ. "
            f"Нұсқалар: {_names(variants, 'kk')}.",
            "ru": f"У действия «{action}» нет варианта «{variant}». "
            f"Варианты: {_names(variants, 'ru')}.",
            "en": f"Action “{action}” has no variant “{variant}”. "
            f"Variants: {_names(variants, 'en')}.",
        },
    )


_BODY_OF = {  # genitive in ru and kk: "голосование Мажилиса", "Мәжілістің дауыс беруі"
    Body.MAJILIS: {"kk": "Мәжілістің", "ru": "Мажилиса", "en": "the Majilis"},
    Body.SENATE: {"kk": "Сенаттың", "ru": "Сената", "en": "the Senate"},
    Body.JOINT: {
        "kk": "палаталардың бірлескен отырысының",
        "ru": "на совместном заседании палат",
        "en": "a joint sitting of the chambers",
    },
}
RULE_LABELS: dict[Rule, dict[str, str]] = {
    Rule.SIMPLE: {
        "kk": "жалпы санның көпшілігі",
        "ru": "большинство от общего числа",
        "en": "a majority of all members",
    },
    Rule.TWO_THIRDS: {
        "kk": "жалпы санның үштен екісі",
        "ru": "две трети от общего числа",
        "en": "two thirds of all members",
    },
    Rule.THREE_QUARTERS: {
        "kk": "жалпы санның төрттен үші",
        "ru": "три четверти от общего числа",
        "en": "three quarters of all members",
    },
}
_NO_VOTES: Mapping = MappingProxyType({})


def _check_votes(
    t: Transition, outcomes: Mapping[Body, Outcome], rules: Mapping[Body, Rule]
) -> None:
    a = t.action
    expected = {req.body for req in t.votes}
    for body in outcomes:
        if Body(body) not in expected:
            b = _BODY_OF[Body(body)]
            raise ProcedureError(
                "vote_not_expected",
                {
                    "kk": f"«{a}» әрекеті {b['kk']} дауыс беруін көздемейді.",
                    "ru": f"Действие «{a}» не предусматривает голосования {b['ru']}.",
                    "en": f"Action “{a}” takes no vote of {b['en']}.",
                },
            )
    for req in t.votes:
        b, need = _BODY_OF[req.body], RULE_LABELS[req.rule]
        if req.body not in outcomes:
            raise ProcedureError(
                "vote_required",
                {
                    "kk": f"«{a}» әрекеті үшін {b['kk']} дауыс беруі қажет "
                    f"({need['kk']}, нәтиже «{req.must}»).",
                    "ru": f"Для действия «{a}» нужно голосование {b['ru']} "
                    f"({need['ru']}, результат «{req.must}»).",
                    "en": f"Action “{a}” needs a recorded vote of {b['en']} "
                    f"({need['en']}, result “{req.must}”).",
                },
            )
        got = Outcome(outcomes[req.body])
        if got != req.must:
            raise ProcedureError(
                "vote_result_mismatch",
                {
                    "kk": f"«{a}» әрекетіне тіркелген {b['kk']} дауыс беруінің нәтижесі "
                    f"«{got}», ал «{req.must}» қажет.",
                    "ru": f"Голосование {b['ru']} по действию «{a}» имеет результат "
                    f"«{got}», а нужен «{req.must}».",
                    "en": f"The vote of {b['en']} attached to “{a}” has result “{got}”, "
                    f"but the action needs “{req.must}”.",
                },
            )
        held = Rule(rules.get(req.body, req.rule))
        # A pass under a stricter rule proves a pass; a failure under a looser one, a failure.
        stronger = _RULE_STRENGTH[held] - _RULE_STRENGTH[req.rule]
        if (stronger < 0) if req.must == Outcome.PASSED else (stronger > 0):
            have = RULE_LABELS[held]
            raise ProcedureError(
                "vote_rule_mismatch",
                {
                    "kk": f"«{a}» әрекеті бойынша {b['kk']} дауыс беруі «{have['kk']}» "
                    f"ережесімен өткізілген, ал «{need['kk']}» қажет.",
                    "ru": f"Голосование {b['ru']} по действию «{a}» проведено по правилу "
                    f"«{have['ru']}», а требуется «{need['ru']}».",
                    "en": f"The vote of {b['en']} attached to “{a}” was held to "
                    f"{have['en']}, but the rule is {need['en']}.",
                },
            )


def _check_date(state: BillState, on: date) -> None:
    if not state.history or on >= state.history[-1][1]:
        return
    previous, previous_on = state.history[-1]
    raise ProcedureError(
        "date_before_previous_action",
        {
            "kk": f"{on} күні алдыңғы әрекеттен («{previous}», {previous_on}) бұрын.",
            "ru": f"Дата {on} раньше предыдущего действия («{previous}», {previous_on}).",
            "en": f"The date {on} is before the previous action (“{previous}” on {previous_on}).",
        },
    )


def apply(
    state: BillState,
    action: Action,
    on: date,
    *,
    outcomes: Mapping[Body, Outcome] = _NO_VOTES,
    rules: Mapping[Body, Rule] = _NO_VOTES,
    variant: str | None = None,
) -> BillState:
    """The bill after ``action`` on ``on``, given the results (and rules) of its votes.

    A vote whose rule is not given is taken to have been held to the rule required.
    """
    _check_date(state, on)
    t = transition(state, action, on)
    _check_votes(t, outcomes, rules)
    stage = next_stage(state, t.action, on, variant=variant)
    moved = stage != state.stage
    return BillState(
        kind=state.kind,
        stage=stage,
        history=(*state.history, (t.action, on)),
        stage_since=on if moved else state.stage_since,
        priority=state.priority,
    )


def vote_rule(kind: Kind, stage: Stage, body: Body, on: date) -> Rule:
    """The rule a vote of ``body`` on a bill of ``kind`` in ``stage`` is held to on ``on``."""
    kind, stage, body = Kind(kind), Stage(stage), Body(body)
    era = era_on(on)
    for t in era.transitions:
        if kind in t.kinds and stage in t.from_stages:
            for req in t.votes:
                if req.body == body:
                    return req.rule
    b = _BODY_OF[body]
    raise ProcedureError(
        "no_vote_expected",
        {
            "kk": f"«{stage}» сатысында {b['kk']} дауыс беруі көзделмеген "
            f"(«{kind}» түрі, {era.period} жылдардағы ереже).",
            "ru": f"На стадии «{stage}» голосование {b['ru']} не предусмотрено "
            f"(вид «{kind}», правила {era.period} гг.).",
            "en": f"No vote of {b['en']} is expected at stage “{stage}” "
            f"for a “{kind}” under the rules of {era.period}.",
        },
    )


# --- Deadlines ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    name: str
    label: dict[str, str]
    due: date
    days_left: int  # negative = overdue
    overdue: bool
    source: str
    confirmed: bool = True

    @property
    def days_over(self) -> int:
        return max(0, -self.days_left)


# Stages in which a priority bill is still before Parliament.
_IN_PARLIAMENT = NON_FINAL_STAGES - {Stage.PRESIDENT, Stage.OBJECTIONS}


_STAGE_CLOCKS = {Stage.SENATE: "senate", Stage.PRESIDENT: "president", Stage.OBJECTIONS: "override"}

# Where a clock can run: a stage with a clock of its own, or any stage before Parliament for a
# priority bill. deadline() is None elsewhere, so a caller may leave other bills out unread.
CLOCKED_STAGES = frozenset(_STAGE_CLOCKS)
PRIORITY_CLOCKED_STAGES = _IN_PARLIAMENT
# The stages in which deadline() reads a bill's last action (an override restarts the
# President's clock).
LAST_ACTION_STAGES = frozenset({Stage.PRESIDENT})


def _stage_clock(state: BillState) -> tuple[Clock, date] | None:
    if state.stage not in _STAGE_CLOCKS or state.stage_since is None:
        return None
    era = _era_or_none(state.stage_since)
    if era is None:
        return None
    name = _STAGE_CLOCKS[state.stage]
    last = state.history[-1][0] if state.history and state.stage in LAST_ACTION_STAGES else None
    if last == Action.OVERRIDE_PASSED:
        name = "president_after_override"
    clock = era.clocks[name]
    return clock, clock.due(state.stage_since)


def _priority_clock(state: BillState) -> tuple[Clock, date] | None:
    if not state.priority or state.stage not in _IN_PARLIAMENT:
        return None
    registered = state.registered_on
    era = _era_or_none(registered)
    if era is None:
        return None
    clock = era.clocks.get("priority")
    return (clock, clock.due(registered)) if clock and registered else None


def clock_history(state: BillState) -> tuple[tuple[Action, date], ...]:
    """The part of a state's history that deadline() reads: the first introduction of a
    priority bill in PRIORITY_CLOCKED_STAGES (its clock counts from registration) and, in
    LAST_ACTION_STAGES, the last action. A state keeping only these has the same deadline, so
    a caller may read these events instead of whole histories (and nothing else may read
    such a state)."""
    history = state.history
    introductions = (event for event in history if event[0] == Action.INTRODUCED)
    priority_clock = state.priority and state.stage in PRIORITY_CLOCKED_STAGES
    first = next(introductions, None) if priority_clock else None
    last = history[-1:] if state.stage in LAST_ACTION_STAGES else ()
    return ((first,) if first else ()) + last


def deadline(state: BillState, today: date) -> Deadline | None:
    """The nearest running clock, counted under the rules of the day it started.

    Informational only: late events are never refused.
    """
    stage_clock, priority_clock = _stage_clock(state), _priority_clock(state)
    if stage_clock and priority_clock:
        clock, due = min(stage_clock, priority_clock, key=lambda pair: pair[1])
    elif stage_clock or priority_clock:
        clock, due = stage_clock or priority_clock
    else:
        return None
    days_left = (due - today).days
    return Deadline(
        name=clock.name,
        label=CLOCK_LABELS[clock.name],
        due=due,
        days_left=days_left,
        overdue=days_left < 0,
        source=clock.source,
        confirmed=clock.confirmed,
    )


# --- Next step in plain words -------------------------------------------------------------------

_MEMBERS = {  # "of all {members}"
    Body.MAJILIS: {"kk": "депутаттардың", "ru": "депутатов Мажилиса", "en": "deputies"},
    Body.SENATE: {"kk": "сенаторлардың", "ru": "депутатов Сената", "en": "senators"},
    Body.JOINT: {
        "kk": "әр палата депутаттарының",
        "ru": "депутатов каждой из палат",
        "en": "deputies of each chamber",
    },
}


def _majority(rule: Rule, body: Body, seats: Mapping[Body, int] | None) -> dict[str, str]:
    """A phrase like 'by two thirds of all deputies (66 of 98)', in kk, ru and en."""
    who = _MEMBERS[body]
    text = {
        Rule.SIMPLE: {
            "kk": f"{who['kk']} жалпы санының көпшілік даусымен",
            "ru": f"большинством голосов от общего числа {who['ru']}",
            "en": f"by a majority of all {who['en']}",
        },
        Rule.TWO_THIRDS: {
            "kk": f"{who['kk']} жалпы санының кемінде үштен екісінің даусымен",
            "ru": f"не менее чем двумя третями голосов от общего числа {who['ru']}",
            "en": f"by two thirds of all {who['en']}",
        },
        Rule.THREE_QUARTERS: {
            "kk": f"{who['kk']} жалпы санының кемінде төрттен үшінің даусымен",
            "ru": f"не менее чем тремя четвертями голосов от общего числа {who['ru']}",
            "en": f"by three quarters of all {who['en']}",
        },
    }[rule]
    counts = _counts(rule, body, seats)
    return {lang: f"{phrase}{counts[lang]}" for lang, phrase in text.items()}


_CHAMBER_NAMES = {
    Body.MAJILIS: {"kk": "Мәжіліс", "ru": "Мажилис", "en": "Majilis"},
    Body.SENATE: {"kk": "Сенат", "ru": "Сенат", "en": "Senate"},
}


def _counts(rule: Rule, body: Body, seats: Mapping[Body, int] | None) -> dict[str, str]:
    """Votes needed, e.g. " (66 of 98)", per chamber at a joint sitting; empty without seats."""
    chambers = (Body.MAJILIS, Body.SENATE) if body == Body.JOINT else (body,)
    if not seats or any(chamber not in seats for chamber in chambers):
        return dict.fromkeys(LANGS, "")

    def count(chamber: Body, lang: str) -> str:
        n = seats[chamber]
        need = threshold(rule, n)
        text = {"kk": f"кемінде {need} дауыс, барлығы {n} орын", "ru": f"{need} из {n}",
                "en": f"{need} of {n}"}[lang]  # fmt: skip
        if body != Body.JOINT:
            return text
        name = _CHAMBER_NAMES[chamber][lang]
        return {"kk": f"{name}: {text}", "ru": f"{name} — {text}", "en": f"{name} {text}"}[lang]

    sep = {"kk": "; ", "ru": ", ", "en": ", "}
    return {lang: f" ({sep[lang].join(count(c, lang) for c in chambers)})" for lang in LANGS}


def _who_initiates(era: Era) -> dict[str, str]:
    if Initiator.PRESIDENT in era.initiators:
        return {
            "kk": "Президент, Үкімет немесе депутаттар",
            "ru": "Президентом, Правительством или депутатами",
            "en": "the President, the Government or deputies",
        }
    return {
        "kk": "Үкімет немесе депутаттар",
        "ru": "Правительством или депутатами",
        "en": "the Government or deputies",
    }


_ENDED = {
    Stage.REJECTED: {
        "kk": "Қарау аяқталды: заң жобасы қабылданбады.",
        "ru": "Рассмотрение завершено: законопроект отклонён.",
        "en": "The procedure is over: the bill was rejected.",
    },
    Stage.WITHDRAWN: {
        "kk": "Қарау аяқталды: бастамашы заң жобасын кері қайтарып алды.",
        "ru": "Рассмотрение завершено: инициатор отозвал законопроект.",
        "en": "The procedure is over: the initiator withdrew the bill.",
    },
}
_HANDED_OVER = {
    "kk": "Екі палаталы Парламент 2026 жылғы 1 шілдеде жұмысын тоқтатты; аяқталмаған заң "
    "жобалары жаңа Құрылтайға берілуге тиіс.",
    "ru": "Двухпалатный Парламент прекратил работу 1 июля 2026 года; незавершённые "
    "законопроекты должны быть переданы новому Курултаю.",
    "en": "The bicameral Parliament ended on 1 July 2026; unfinished bills were to be "
    "handed over to the new Kurultai.",
}
_KIND_AT_JOINT = {  # accusative: what the chambers consider
    Kind.CONSTITUTIONAL_LAW: {
        "kk": "конституциялық заңның жобасын",
        "ru": "проект конституционного закона",
        "en": "constitutional law",
    },
    Kind.CONSTITUTIONAL_AMENDMENT: {
        "kk": "Конституцияға өзгерістер енгізу туралы заң жобасын",
        "ru": "проект закона об изменениях в Конституцию",
        "en": "amendment to the Constitution",
    },
}


def next_step(
    state: BillState, on: date, *, seats: Mapping[Body, int] | None = None
) -> dict[str, str]:
    """What happens next, in plain words (kk, ru, en), under the rules in force on ``on``.

    With ``seats`` (the chambers' established seats) the texts give the votes needed.
    """
    if state.stage == Stage.SIGNED:
        if any(action == Action.ENTERED_INTO_FORCE for action, _ in state.history):
            return {"kk": "Заң күшіне енді.", "ru": "Закон вступил в силу.",
                    "en": "The law is in force."}  # fmt: skip
        return {
            "kk": "Заңға қол қойылды. Ол қорытынды бабында көрсетілген тәртіппен, әдетте ресми "
            "жарияланғаннан кейін күшіне енеді.",
            "ru": "Закон подписан. Он вступает в силу в порядке, указанном в его "
            "заключительной статье, обычно после официального опубликования.",
            "en": "The law is signed. It enters into force as its final article provides, "
            "usually after official publication.",
        }
    if state.stage in _ENDED:
        return dict(_ENDED[state.stage])
    try:
        era = era_on(on)
    except ProcedureError as error:
        if error.code == "no_bicameral_parliament":
            return dict(_HANDED_OVER)
        raise
    return _step_text(state, era, on, seats)


def _step_text(
    state: BillState, era: Era, on: date, seats: Mapping[Body, int] | None
) -> dict[str, str]:
    kind, m, s = state.kind, era.majilis_verb, era.senate_verb
    joint = goes_to_joint_sitting(kind, on)

    def maj(stage: Stage, body: Body) -> dict[str, str] | None:
        try:
            return _majority(vote_rule(kind, stage, body, on), body, seats)
        except ProcedureError:
            return None

    match state.stage:
        case None:
            who = _who_initiates(era)
            return {
                "kk": f"Заң жобасын Мәжіліске {who['kk']} енгізеді.",
                "ru": f"Законопроект вносится в Мажилис {who['ru']}.",
                "en": f"The bill is introduced in the Majilis by {who['en']}.",
            }
        case Stage.REGISTERED:
            text = {
                "kk": "Мәжіліс заң жобасын жетекші және қосалқы орындаушы комитеттерге жібереді.",
                "ru": "Мажилис направляет законопроект в головной и соисполнительные комитеты.",
                "en": "The Majilis refers the bill to its lead and co-executing committees.",
            }
            if joint:
                text["kk"] += " Содан кейін заң жобасы палаталардың бірлескен отырысында қаралады."
                text["ru"] += " Затем законопроект рассматривается на совместном заседании палат."
                text["en"] += " The bill is then considered at a joint sitting of the chambers."
            return text
        case Stage.MAJILIS_COMMITTEE if joint:
            return {
                "kk": "Комитет заң жобасын палаталардың бірлескен отырысында қарауға дайындайды.",
                "ru": "Комитет готовит законопроект к рассмотрению на совместном заседании палат.",
                "en": "The committee prepares the bill for a joint sitting of the chambers.",
            }
        case Stage.MAJILIS_COMMITTEE if v := maj(Stage.MAJILIS_COMMITTEE, Body.MAJILIS):
            return {
                "kk": f"Жетекші комитет қорытынды дайындайды, содан кейін Мәжіліс заң жобасын "
                f"{v['kk']} бірінші оқылымда немесе бірден бір оқылымда {m.kk}.",
                "ru": f"Головной комитет готовит заключение, после чего Мажилис {m.ru} "
                f"законопроект в первом чтении или сразу в одном чтении {v['ru']}.",
                "en": f"The lead committee gives its conclusion; then the Majilis {m.en} the "
                f"bill in first reading, or at once in one reading, {v['en']}.",
            }
        case Stage.MAJILIS_SECOND_READING if v := maj(Stage.MAJILIS_SECOND_READING, Body.MAJILIS):
            return {
                "kk": f"Мәжіліс екінші оқылымда түзетулерді қарайды және заң жобасын "
                f"{v['kk']} {m.kk}.",
                "ru": f"Мажилис рассматривает поправки во втором чтении и {m.ru} "
                f"законопроект {v['ru']}.",
                "en": f"The Majilis considers amendments in second reading and {m.en} the bill "
                f"{v['en']}.",
            }
        case Stage.SENATE if v := maj(Stage.SENATE, Body.SENATE):
            n = era.clocks["senate"].days
            return {
                "kk": f"Сенат заңды {n} күн ішінде қарайды және оны {v['kk']} {s.kk}. "
                "Сенат оның орнына өзгерістер мен толықтырулар енгізе алады, оларды "
                "Мәжіліс қарайды.",
                "ru": f"Сенат рассматривает закон в течение {n} дней и {s.ru} его {v['ru']}. "
                "Сенат может вместо этого внести изменения и дополнения, по которым затем "
                "голосует Мажилис.",
                "en": f"The Senate considers the law within {n} days and {s.en} it {v['en']}. "
                "It may instead propose amendments, which the Majilis then votes on.",
            }
        case Stage.MAJILIS_RECONSIDERATION if v := maj(Stage.MAJILIS_RECONSIDERATION, Body.MAJILIS):
            return {
                "kk": f"Егер Мәжіліс заңды {v['kk']} қайта {m.kk_if}, ол Сенатқа қайта "
                f"жіберіледі; Сенат оны екінші рет {s.kk_if_not}, заң жобасы қабылданбай "
                "қалады.",
                "ru": f"Если Мажилис повторно {m.ru_if} закон {v['ru']}, он вновь поступает в "
                "Сенат; повторный отказ Сената означает, что законопроект отклонён.",
                "en": f"If the Majilis {m.en} the law again {v['en']}, it returns to the "
                "Senate; if the Senate refuses it a second time, the bill fails.",
            }
        case Stage.SENATE_AMENDMENTS if v := maj(Stage.SENATE_AMENDMENTS, Body.MAJILIS):
            return {
                "kk": "Мәжіліс Сенат енгізген өзгерістер мен толықтырулар бойынша дауыс береді: "
                f"егер ол {v['kk']} келіссе, заң Президентке жіберіледі, әйтпесе "
                "келіспеушіліктерді келісу комиссиясы қарайды.",
                "ru": "Мажилис голосует по изменениям и дополнениям Сената: если он согласится "
                f"с ними {v['ru']}, закон направляется Президенту, если нет — разногласия "
                "разрешаются согласительной комиссией.",
                "en": "The Majilis votes on the Senate's amendments: if it agrees "
                f"{v['en']}, the law goes to the President; if not, a conciliation commission "
                "takes up the disagreement.",
            }
        case Stage.CONCILIATION if (v := maj(Stage.CONCILIATION, Body.MAJILIS)) and (
            w := maj(Stage.CONCILIATION, Body.SENATE)
        ):
            return {
                "kk": "Палаталардың келісу комиссиясы келісілген мәтін әзірлейді, содан кейін әр "
                f"палата ол бойынша дауыс береді: Мәжіліс — {v['kk']}, Сенат — {w['kk']}.",
                "ru": "Согласительная комиссия палат вырабатывает согласованный текст, после "
                f"чего каждая палата голосует по нему: Мажилис — {v['ru']}, Сенат — "
                f"{w['ru']}.",
                "en": "A conciliation commission of both chambers works out an agreed text; "
                f"then each chamber votes on it: the Majilis {v['en']}, the Senate {w['en']}.",
            }
        case Stage.JOINT_SITTING if v := maj(Stage.JOINT_SITTING, Body.JOINT):
            what = _KIND_AT_JOINT[kind]
            return {
                "kk": f"Палаталар {what['kk']} бірлескен отырыста кемінде екі оқылымда "
                f"қарайды және оны {v['kk']} қабылдайды.",
                "ru": f"Палаты рассматривают {what['ru']} на совместном заседании не менее чем "
                f"в двух чтениях и принимают его {v['ru']}.",
                "en": f"The chambers consider the {what['en']} at a joint sitting in at least "
                f"two readings and adopt it {v['en']}.",
            }
        case Stage.PRESIDENT:
            return _president_text(state, era)
        case Stage.OBJECTIONS:
            return _objections_text(state, era, on, seats)
    return {
        "kk": f"{on} күнгі ережелер бойынша бұл түрдегі заң жобасының осы сатыда кері "
        "қайтарып алудан басқа келесі қадамы жоқ.",
        "ru": f"По правилам на {on} у законопроекта этого вида на этой стадии нет "
        "дальнейшего шага, кроме отзыва.",
        "en": f"Under the rules in force on {on}, a bill of this kind has no next step from "
        "this stage other than withdrawal.",
    }


def _term(clock: Clock) -> dict[str, str]:
    """The clock's length after "within" ("в течение", "... ішінде")."""
    if clock.months == 1:
        return {"kk": "бір ай ішінде", "ru": "одного месяца", "en": "one month"}
    if clock.working_days:
        n = clock.working_days
        return {
            "kk": f"{n} жұмыс күні ішінде",
            "ru": f"{n} рабочих дней",
            "en": f"{n} working days",
        }
    n = clock.days
    return {"kk": f"{n} күн ішінде", "ru": f"{n} дней", "en": f"{n} days"}


def _president_text(state: BillState, era: Era) -> dict[str, str]:
    if state.history and state.history[-1][0] == Action.OVERRIDE_PASSED:
        term = _term(era.clocks["president_after_override"])
        return {
            "kk": f"Қарсылықтар еңсерілді: Президент заңға {term['kk']} қол қояды.",
            "ru": f"Возражения преодолены: Президент подписывает закон в течение {term['ru']}.",
            "en": f"The objections were overridden: the President signs the law within "
            f"{term['en']}.",
        }
    term, send = _term(era.clocks["president"]), era.clocks["to_president"].days
    return {
        "kk": f"Заң дауыс беруден кейін {send} күн ішінде Президентке жіберіледі. Президент "
        f"{term['kk']} оған қол қояды не заңды немесе оның жекелеген баптарын қарсылықтарымен "
        "қайтарады; мерзімінде қайтарылмаған заң қол қойылды деп саналады.",
        "ru": f"Закон в течение {send} дней после голосования направляется Президенту. "
        f"Президент в течение {term['ru']} подписывает его либо возвращает закон или отдельные "
        "его статьи с возражениями; не возвращённый в срок закон считается подписанным.",
        "en": f"The law goes to the President within {send} days of the vote. The President "
        f"signs it within {term['en']} or returns it, or some of its articles, with "
        "objections; a law not returned in time counts as signed.",
    }


def _objections_text(
    state: BillState, era: Era, on: date, seats: Mapping[Body, int] | None
) -> dict[str, str]:
    otherwise = {
        "kk": " Әйтпесе қарсылықтар қабылданды деп есептеледі: заң қабылданбаған не Президент "
        "ұсынған редакцияда қабылданған болып саналады.",
        "ru": " Иначе возражения считаются принятыми: закон считается непринятым или принятым "
        "в редакции Президента.",
        "en": " Otherwise the objections are accepted: the law fails or takes the President's "
        "wording.",
    }
    kind = state.kind
    if era.override_at_joint_sitting:
        v = _majority(vote_rule(kind, Stage.OBJECTIONS, Body.JOINT, on), Body.JOINT, seats)
        text = {
            "kk": "Парламент бір ай ішінде қарсылықтарды палаталардың бірлескен отырысында "
            f"{v['kk']} еңсере алады.",
            "ru": "В течение месяца Парламент может преодолеть возражения на совместном "
            f"заседании палат {v['ru']}.",
            "en": "Within one month Parliament may override the objections at a joint sitting "
            f"{v['en']}.",
        }
    else:
        v = _majority(vote_rule(kind, Stage.OBJECTIONS, Body.MAJILIS, on), Body.MAJILIS, seats)
        w = _majority(vote_rule(kind, Stage.OBJECTIONS, Body.SENATE, on), Body.SENATE, seats)
        text = {
            "kk": f"Парламент бір ай ішінде қарсылықтарды еңсере алады: алдымен Мәжіліс — "
            f"{v['kk']}, содан кейін Сенат — {w['kk']}.",
            "ru": f"В течение месяца Парламент может преодолеть возражения: сначала Мажилис — "
            f"{v['ru']}, затем Сенат — {w['ru']}.",
            "en": f"Within one month Parliament may override the objections: first the "
            f"Majilis {v['en']}, then the Senate {w['en']}.",
        }
    return {lang: text[lang] + otherwise[lang] for lang in text}


# --- Status -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    stage: Stage | None
    allowed: list[Transition]
    next_step: dict[str, str]
    deadline: Deadline | None


def status(state: BillState, today: date, *, seats: Mapping[Body, int] | None = None) -> Status:
    """Everything a bill page shows about where the bill stands on ``today``."""
    return Status(
        stage=state.stage,
        allowed=allowed_actions(state, today) if today >= ERA_1995.starts else [],
        next_step=next_step(state, today, seats=seats),
        deadline=deadline(state, today),
    )
