"""Every write to bills and votes: validated against the procedure, atomic, audited.

Admin, API, commands and tasks call these functions; they never decide the law themselves.
Each refusal is a DomainError and leaves the database as it was.
"""

import datetime
import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.files import File
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from chambers.models import Chamber, Committee, Convocation, Seats
from deputies.models import Deputy, FactionMembership, Mandate

from . import procedure, reports, sql, tasks
from .models import Ballot, Bill, BillEvent, Body, Option, Report, Tally, Vote
from .search import index_bills

P = procedure
CLERK_GROUPS = {Body.MAJILIS: "Majilis clerks", Body.SENATE: "Senate clerks"}
OFFICIAL_LANGUAGES = ("kk", "ru")


class DomainError(Exception):
    """A refused write: a stable code, a message in the active language, the HTTP status the
    API answers with, and the field it concerns when there is one."""

    def __init__(self, code, message, *, status=400, field=None, allowed=(), **details):
        super().__init__(str(message))
        self.code = code
        self.message = str(message)
        self.status = status
        self.field = field
        self.allowed = [str(a) for a in allowed]
        self.details = details

    @classmethod
    def from_procedure(cls, error: P.ProcedureError, *, status=409, field=None):
        language = (get_language() or "kk")[:2]
        message = error.message.get(language, error.message["en"])
        return cls(error.code, message, status=status, field=field, allowed=error.allowed)


# --- Who may record what ----------------------------------------------------------------------

# Where an action happens, and so which chamber's clerks record it. None: outside the
# chambers (the President), recorded by the clerks of either chamber.
_ACTION_BODY = {
    P.Action.INTRODUCED: Body.MAJILIS,
    P.Action.REFERRED: Body.MAJILIS,
    P.Action.FIRST_READING_APPROVED: Body.MAJILIS,
    P.Action.ADOPTED_BY_MAJILIS: Body.MAJILIS,
    P.Action.REJECTED_BY_MAJILIS: Body.MAJILIS,
    P.Action.READOPTED_BY_MAJILIS: Body.MAJILIS,
    P.Action.AMENDMENTS_ACCEPTED: Body.MAJILIS,
    P.Action.AMENDMENTS_REJECTED: Body.MAJILIS,
    P.Action.APPROVED_BY_SENATE: Body.SENATE,
    P.Action.NOT_APPROVED_BY_SENATE: Body.SENATE,
    P.Action.AMENDED_BY_SENATE: Body.SENATE,
    P.Action.CONCILIATION_AGREED: Body.JOINT,
    P.Action.CONCILIATION_FAILED: Body.JOINT,
    P.Action.SENT_TO_JOINT_SITTING: Body.JOINT,
    P.Action.ADOPTED_AT_JOINT_SITTING: Body.JOINT,
    P.Action.OVERRIDE_PASSED: Body.JOINT,
    P.Action.SIGNED: None,
    P.Action.RETURNED_WITH_OBJECTIONS: None,
    P.Action.OBJECTIONS_ACCEPTED: None,
    P.Action.ENTERED_INTO_FORCE: None,
}
_STAGE_BODY = {
    P.Stage.SENATE: Body.SENATE,
    P.Stage.CONCILIATION: Body.JOINT,
    P.Stage.JOINT_SITTING: Body.JOINT,
    P.Stage.PRESIDENT: None,
    P.Stage.OBJECTIONS: None,
}


def action_body(action: P.Action, stage: P.Stage | None) -> str | None:
    """The chamber where an action happens (committee reports and withdrawals: where the
    bill is)."""
    if action in _ACTION_BODY:
        return _ACTION_BODY[action]
    return _STAGE_BODY.get(stage, Body.MAJILIS)


def clerk_bodies(user) -> set[str]:
    """The chambers a user may record for; a superuser records for all."""
    if user is None or user.is_superuser:
        return {Body.MAJILIS, Body.SENATE, Body.JOINT}
    names = set(user.groups.values_list("name", flat=True))
    bodies = {body for body, group in CLERK_GROUPS.items() if group in names}
    if bodies == {Body.MAJILIS, Body.SENATE}:
        bodies.add(Body.JOINT)
    return bodies


def authorize(user, body: str | None) -> None:
    """`user=None` is the system itself (demo data, imports run by an operator)."""
    bodies = clerk_bodies(user)
    allowed = bool(bodies) if body is None else body in bodies
    if not allowed:
        raise DomainError(
            "chamber_not_allowed",
            _("You do not record for the %(body)s: ask a clerk of that chamber.")
            % {"body": Body(body).label if body else _("chambers")},
            status=403,
        )


def ensure_clerk_groups() -> dict[str, Group]:
    return {body: Group.objects.get_or_create(name=name)[0] for body, name in CLERK_GROUPS.items()}


# --- Bills ------------------------------------------------------------------------------------


def _parliament_on(on: datetime.date) -> Convocation:
    convocation = (
        Convocation.objects.active_on(on)
        .filter(legislature=Convocation.PARLIAMENT)
        .order_by("-starts_on")
        .first()
    )
    if convocation is None:
        raise DomainError(
            "no_convocation",
            _("No convocation of Parliament sat on %(date)s.") % {"date": on},
            field="registered_on",
        )
    return convocation


def _serving_initiators(ids: Iterable[int], on: datetime.date) -> list[Deputy]:
    ids = list(dict.fromkeys(ids))
    deputies = list(Deputy.objects.serving_on(on).filter(pk__in=ids))
    missing = sorted(set(ids) - {d.pk for d in deputies})
    if missing:
        raise DomainError(
            "initiator_not_serving",
            _("Deputies %(ids)s held no mandate on %(date)s.")
            % {"ids": ", ".join(map(str, missing)), "date": on},
            field="initiators",
        )
    return deputies


def _check_titles(title: Mapping[str, str]) -> None:
    for language in OFFICIAL_LANGUAGES:
        if not (title.get(language) or "").strip():
            raise DomainError(
                "title_required",
                _("The title in %(language)s is required: laws are enacted in Kazakh and Russian.")
                % {"language": language},
                field="title",
            )


@transaction.atomic
def bill_create(
    *,
    kind: str,
    initiator_type: str,
    title: Mapping[str, str],
    registered_on: datetime.date,
    summary: Mapping[str, str] | None = None,
    initiators: Iterable[int] = (),
    convocation: Convocation | None = None,
    priority: bool = False,
    user=None,
    is_demo: bool = False,
) -> Bill:
    """Register a bill in the Majilis: it starts at stage `registered`."""
    authorize(user, Body.MAJILIS)
    _check_titles(title)
    initiator_ids = list(initiators)
    if initiator_type == P.Initiator.DEPUTIES and not initiator_ids:
        raise DomainError(
            "initiators_required",
            _("A deputies' bill names at least one initiating deputy."),
            field="initiators",
        )
    if initiator_type != P.Initiator.DEPUTIES and initiator_ids:
        raise DomainError(
            "initiators_not_expected",
            _("Only a deputies' bill names initiating deputies."),
            field="initiators",
        )
    try:
        P.check_initiator(P.Initiator(initiator_type), registered_on)
        state = P.apply(
            P.BillState(kind=P.Kind(kind), stage=None), P.Action.INTRODUCED, registered_on
        )
    except P.ProcedureError as error:
        raise DomainError.from_procedure(error, status=400, field="initiator_type") from None
    deputies = _serving_initiators(initiator_ids, registered_on)
    convocation = convocation or _parliament_on(registered_on)
    # The serial is per convocation; the lock keeps two registrations from sharing one.
    Convocation.objects.select_for_update().get(pk=convocation.pk)
    last = Bill.objects.filter(convocation=convocation).aggregate(last=Max("serial"))["last"]
    serial = (last or 0) + 1
    summary = summary or {}
    bill = Bill.objects.create(
        number=f"{convocation.roman}-{serial:04d}",
        serial=serial,
        convocation=convocation,
        kind=kind,
        initiator_type=initiator_type,
        registered_on=registered_on,
        priority=priority,
        stage=state.stage,
        stage_since=state.stage_since,
        is_demo=is_demo,
        title=title.get("kk", ""),
        summary=summary.get("kk", ""),
        **{f"title_{lang}": title.get(lang) or "" for lang in ("kk", "ru", "en")},
        **{f"summary_{lang}": summary.get(lang) or "" for lang in ("kk", "ru", "en")},
    )
    bill.initiators.set(deputies)
    index_bills([bill.pk])
    BillEvent.objects.create(
        bill=bill,
        sequence=1,
        action=P.Action.INTRODUCED,
        date=registered_on,
        body=Body.MAJILIS,
        to_stage=state.stage,
        recorded_by=user,
    )
    return bill


@transaction.atomic
def bill_edit(
    *,
    bill: Bill,
    title: Mapping[str, str],
    summary: Mapping[str, str],
    priority: bool,
    expected_version: int | None = None,
    user=None,
) -> Bill:
    """Correct a bill's texts or priority; its stage moves only by actions."""
    bill = Bill.objects.select_for_update().get(pk=bill.pk)
    _check_version(bill, expected_version)
    authorize(user, None)  # a clerk of either chamber may correct a bill's texts
    _check_titles(title)
    for code in ("kk", "ru", "en"):
        setattr(bill, f"title_{code}", title.get(code) or "")
        setattr(bill, f"summary_{code}", summary.get(code) or "")
    bill.title, bill.summary = bill.title_kk, bill.summary_kk
    bill.priority = priority
    bill.version += 1
    bill._change_reason = "edited"
    bill.save()
    index_bills([bill.pk])
    return bill


def bill_state(bill: Bill, events=None) -> P.BillState:
    """The procedure's view of a bill; pass its events when they are already loaded."""
    if events is None:
        pairs = bill.events.order_by("sequence").values_list("action", "date")
    else:
        pairs = [(e.action, e.date) for e in sorted(events, key=lambda e: e.sequence)]
    history = tuple((P.Action(action), on) for action, on in pairs)
    return P.BillState(
        kind=P.Kind(bill.kind),
        stage=P.Stage(bill.stage),
        history=history,
        stage_since=bill.stage_since,
        priority=bill.priority,
    )


def bill_status(bill: Bill, today: datetime.date, *, events=None) -> P.Status:
    """Where a bill stands on a day, with the chambers' seats of that day (or, once the
    chambers are gone, of the day the bill entered its stage) for the thresholds it names.
    Pass the bill's events when they are already loaded."""
    rows = list(
        Seats.objects.filter(chamber__code__in=[Body.MAJILIS, Body.SENATE])
        .filter(
            Q(pk__in=Seats.objects.active_on(today))
            | Q(pk__in=Seats.objects.active_on(bill.stage_since))
        )
        .order_by("-starts_on")
        .values_list("chamber__code", "starts_on", "ends_on", "seats")
    )
    seats = {}
    for code in (Body.MAJILIS, Body.SENATE):
        for on in (today, bill.stage_since):
            found = [
                n
                for c, starts, ends, n in rows
                if c == code and starts <= on and (ends is None or on <= ends)
            ]
            if found:
                seats[P.Body(code)] = found[0]
                break
    return P.status(bill_state(bill, events), today, seats=seats)


def _check_version(obj, expected: int | None) -> None:
    if expected is not None and expected != obj.version:
        raise DomainError(
            "conflict",
            _(
                "Someone else changed this %(what)s while you were editing it (version "
                "%(theirs)s, yours %(yours)s). Reload it and apply your change again."
            )
            % {"what": obj._meta.verbose_name, "theirs": obj.version, "yours": expected},
            status=409,
        )


def _majilis_committees(ids: Sequence[int], on: datetime.date) -> list[Committee]:
    committees = {
        c.pk: c
        for c in Committee.objects.active_on(on).filter(pk__in=ids, chamber__code=Chamber.MAJILIS)
    }
    missing = [i for i in ids if i not in committees]
    if missing:
        raise DomainError(
            "committee_not_active",
            _("Committees %(ids)s are not Majilis committees working on %(date)s.")
            % {"ids": ", ".join(map(str, missing)), "date": on},
            field="committees",
        )
    return [committees[i] for i in ids]


def _votes_for_action(bill: Bill, ids: Sequence[int], on: datetime.date) -> list[Vote]:
    votes = list(Vote.objects.filter(pk__in=ids))
    unknown = set(ids) - {v.pk for v in votes}
    if unknown:
        raise DomainError(
            "vote_not_found",
            _("There is no vote %(ids)s.") % {"ids": ", ".join(map(str, sorted(unknown)))},
            field="votes",
        )
    for vote in votes:
        if vote.bill_id != bill.pk:
            raise DomainError(
                "vote_of_another_bill",
                _("Vote %(vote)s was held on another bill.") % {"vote": vote.pk},
                status=409,
                field="votes",
            )
        if vote.stage != bill.stage or vote.date < bill.stage_since or vote.date > on:
            raise DomainError(
                "vote_not_at_this_stage",
                _(
                    "Vote %(vote)s of %(date)s was not held at the bill's current stage, "
                    "before this action."
                )
                % {"vote": vote.pk, "date": vote.date},
                status=409,
                field="votes",
            )
        if vote.events.exists():
            raise DomainError(
                "vote_already_used",
                _("Vote %(vote)s already backs another step of the bill.") % {"vote": vote.pk},
                status=409,
                field="votes",
            )
    bodies = Counter(v.body for v in votes)
    if any(n > 1 for n in bodies.values()):
        raise DomainError(
            "one_vote_per_chamber",
            _("Attach one vote per chamber."),
            field="votes",
        )
    return votes


@transaction.atomic
def bill_apply_action(
    *,
    bill: Bill,
    action: str,
    date: datetime.date,
    votes: Sequence[int] = (),
    committees: Sequence[int] = (),
    note: str = "",
    variant: str | None = None,
    law_serial: int | None = None,
    law_suffix: str = "",
    user=None,
    expected_version: int | None = None,
) -> BillEvent:
    """Move a bill one step along the procedure and append the event that records it."""
    try:
        action = P.Action(action)
    except ValueError:
        raise DomainError(
            "unknown_action",
            _("“%(action)s” is not an action of the procedure.") % {"action": action},
            field="action",
        ) from None
    bill = Bill.objects.select_for_update().get(pk=bill.pk)
    _check_version(bill, expected_version)
    authorize(user, action_body(action, bill.stage))
    attached = _votes_for_action(bill, list(votes), date)
    state = bill_state(bill)
    try:
        new = P.apply(
            state,
            action,
            date,
            outcomes={P.Body(v.body): P.Outcome(v.result) for v in attached},
            rules={P.Body(v.body): P.Rule(v.rule) for v in attached},
            variant=variant,
        )
    except P.ProcedureError as error:
        raise DomainError.from_procedure(error) from None

    chosen = _majilis_committees(list(committees), date) if committees else []
    if action == P.Action.REFERRED:
        if not chosen:
            raise DomainError(
                "committee_required",
                _("Name the lead committee (first) and any co-executing committees."),
                field="committees",
            )
        bill.lead_committee = chosen[0]
    if action == P.Action.SIGNED:
        bill.signed_on = date
        if law_serial is not None:
            bill.law_serial, bill.law_suffix = law_serial, law_suffix
            bill.law_convocation = _parliament_on(date)
    if action == P.Action.ENTERED_INTO_FORCE:
        bill.in_force_on = date

    sequence = (bill.events.aggregate(last=Max("sequence"))["last"] or 0) + 1
    event = BillEvent.objects.create(
        bill=bill,
        sequence=sequence,
        action=action,
        date=date,
        body=action_body(action, state.stage) or "",
        from_stage=state.stage,
        to_stage=new.stage,
        note=note,
        recorded_by=user,
    )
    event.votes.set(attached)
    event.committees.set(chosen)
    if action == P.Action.REFERRED:
        bill.co_committees.set(chosen[1:])
    bill.stage, bill.stage_since = new.stage, new.stage_since
    bill.version += 1
    bill.save()
    return event


# --- Votes ------------------------------------------------------------------------------------


def _chambers_counted(body: str) -> list[Chamber]:
    codes = [Body.MAJILIS, Body.SENATE] if body == Body.JOINT else [body]
    return list(Chamber.objects.filter(code__in=codes).order_by("position"))


def _seated(chambers: list[Chamber], on: datetime.date) -> dict[int, Mandate]:
    return {m.deputy_id: m for m in Mandate.objects.serving_on(on).filter(chamber__in=chambers)}


def _validate_ballots(ballots, serving: dict[int, Mandate], on) -> dict[int, str]:
    chosen: dict[int, str] = {}
    repeated, strangers, bad = [], [], []
    for line, (deputy, option) in enumerate(ballots, start=1):
        deputy_id = getattr(deputy, "pk", deputy)
        if option not in Option.values:
            bad.append(f"{line}: {option}")
        elif deputy_id in chosen:
            repeated.append(str(deputy_id))
        elif deputy_id not in serving:
            strangers.append(str(deputy_id))
        chosen[deputy_id] = option
    if bad:
        raise DomainError(
            "bad_option",
            _("Each ballot is yes, no, abstain or absent; got %(items)s.")
            % {"items": "; ".join(bad)},
            field="ballots",
        )
    if repeated:
        raise DomainError(
            "duplicate_ballot",
            _("One ballot per deputy: deputies %(ids)s appear twice.")
            % {"ids": ", ".join(repeated)},
            field="ballots",
        )
    if strangers:
        raise DomainError(
            "deputy_not_serving",
            _("Deputies %(ids)s held no mandate in this chamber on %(date)s.")
            % {"ids": ", ".join(strangers), "date": on},
            field="ballots",
        )
    return chosen


def _overall(results: list[str]) -> str:
    if P.Outcome.NO_QUORUM in results:
        return P.Outcome.NO_QUORUM
    return P.Outcome.PASSED if all(r == P.Outcome.PASSED for r in results) else P.Outcome.FAILED


def vote_record(
    *,
    bill: Bill,
    body: str,
    date: datetime.date,
    motion: str,
    ballots: Sequence[tuple[int | Deputy, str]],
    official_totals: Mapping[str, int] | None = None,
    confirm_mismatch: bool = False,
    user=None,
    change_reason: str | None = None,
) -> tuple[Vote, bool]:
    """Record a roll call on a bill. Deputies serving that day with no ballot are absent.

    The rule comes from the bill's kind and stage on that date; the threshold and quorum from
    the established seats. Returns the vote and whether it was created: re-sending the same
    vote returns the one already recorded.
    """
    authorize(user, body)
    with transaction.atomic():
        bill = Bill.objects.select_for_update().get(pk=bill.pk)
        existing = Vote.objects.filter(bill=bill, body=body, date=date, motion=motion).first()
        if existing is not None:
            return _same_vote(existing, ballots), False
        vote = _vote_create(
            bill,
            body,
            date,
            motion,
            ballots,
            official_totals,
            confirm_mismatch,
            user,
            change_reason,
        )
        return vote, True


def _same_vote(existing: Vote, ballots) -> Vote:
    recorded = dict(existing.ballots.values_list("deputy_id", "option"))
    sent = {getattr(d, "pk", d): o for d, o in ballots}
    if any(recorded.get(deputy) != option for deputy, option in sent.items()):
        raise DomainError(
            "vote_exists",
            _("A different vote on this motion was already recorded that day (vote %(vote)s).")
            % {"vote": existing.pk},
            status=409,
        )
    return existing


def _vote_create(
    bill, body, date, motion, ballots, official_totals, confirm_mismatch, user, change_reason
):
    if not motion.strip():
        raise DomainError("motion_required", _("Say what was voted on."), field="motion")
    if date < bill.stage_since:
        raise DomainError(
            "vote_before_stage",
            _("The bill reached its current stage on %(since)s, after this vote's date.")
            % {"since": bill.stage_since},
            field="date",
        )
    try:
        rule = P.vote_rule(P.Kind(bill.kind), P.Stage(bill.stage), P.Body(body), date)
    except P.ProcedureError as error:
        raise DomainError.from_procedure(error, field="chamber") from None

    chambers = _chambers_counted(body)
    serving = _seated(chambers, date)
    chosen = _validate_ballots(ballots, serving, date)
    tallies = []
    for chamber in chambers:
        # Joint sittings are counted per chamber, each against its own established seats.
        seats = chamber.seats_on(date)
        options = Counter(
            chosen.get(d, Option.ABSENT) for d, m in serving.items() if m.chamber_id == chamber.pk
        )
        present = options[Option.YES] + options[Option.NO] + options[Option.ABSTAIN]
        tallies.append(
            Tally(
                chamber=chamber,
                seats=seats,
                threshold=P.threshold(rule, seats),
                quorum=P.quorum(seats),
                result=P.outcome(rule=rule, seats=seats, yes=options[Option.YES], present=present),
                **{option: options[option] for option in Option.values},
            )
        )
    computed = {o: sum(getattr(t, o) for t in tallies) for o in Option.values}
    mismatch = bool(official_totals) and any(
        official_totals.get(o) is not None and official_totals[o] != computed[o]
        for o in Option.values
    )
    if mismatch and not confirm_mismatch:
        raise DomainError(
            "totals_mismatch",
            _(
                "The official totals %(official)s differ from the ballots %(ballots)s. Check "
                "the ballots, or confirm to record the vote with the difference shown."
            )
            % {"official": _totals_text(official_totals), "ballots": _totals_text(computed)},
            status=409,
            field="official_totals",
            computed=computed,
        )

    official = official_totals or {}
    vote = Vote(
        bill=bill,
        body=body,
        date=date,
        motion=motion.strip(),
        stage=bill.stage,
        rule=rule,
        result=_overall([t.result for t in tallies]),
        totals_mismatch=mismatch,
        recorded_by=user,
        **{f"official_{o}": official.get(o) for o in Option.values},
    )
    vote._change_reason = change_reason  # kept in the vote's history (e.g. "CSV import: …")
    vote.save()
    for tally in tallies:
        tally.vote = vote
    Tally.objects.bulk_create(tallies)
    factions = dict(
        FactionMembership.objects.active_on(date)
        .filter(mandate__in=[m.pk for m in serving.values()])
        .values_list("mandate__deputy_id", "faction_id")
    )
    rows = [
        Ballot(
            vote=vote,
            deputy_id=deputy,
            chamber_id=mandate.chamber_id,
            option=chosen.get(deputy, Option.ABSENT),
            faction_id=factions.get(deputy),
        )
        for deputy, mandate in serving.items()
    ]
    bulk_create_with_history(rows, Ballot, default_user=user, default_change_reason=change_reason)
    sql.store_faction_lines("b.vote_id = %s", [vote.pk])
    bill.save(update_fields=["updated_at"])
    return vote


def _totals_text(totals: Mapping[str, int | None]) -> str:
    return ", ".join(f"{o} {totals.get(o)}" for o in Option.values if totals.get(o) is not None)


# --- Reports ----------------------------------------------------------------------------------


def report_key(parameters: Mapping) -> str:
    return json.dumps(parameters, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def report_request(*, kind: str, parameters: Mapping | None = None, user=None) -> Report:
    """Queue a report; while one of the same kind and parameters is queued or running, that
    one is returned instead of starting another."""
    if kind not in Report.Kind.values:
        raise DomainError(
            "unknown_report",
            _("“%(kind)s” is not a kind of report. Kinds: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(Report.Kind.values)},
            field="kind",
        )
    try:
        parameters = reports.clean_parameters(kind, dict(parameters or {}))
    except ValueError as error:
        raise DomainError("bad_parameters", str(error), field="parameters") from None
    with transaction.atomic():
        report, _created = Report.objects.select_for_update().get_or_create(
            kind=kind, key=report_key(parameters), defaults={"parameters": parameters}
        )
        if report.status in (Report.Status.QUEUED, Report.Status.RUNNING) and not _created:
            return report
        report.status = Report.Status.QUEUED
        report.requested_by = user if getattr(user, "is_authenticated", False) else None
        report.requested_at = timezone.now()
        report.save()
        transaction.on_commit(lambda: tasks.build_report.delay(report.pk))
    return report


def report_build(*, report_id: int) -> Report:
    """Compute a report and replace its result in one transaction. Running it again for a
    request that already finished does nothing."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        finished = report.finished_at and report.requested_at
        if report.status == Report.Status.DONE and finished and report.finished_at >= finished:
            return report
        report.status = Report.Status.RUNNING
        report.started_at = timezone.now()
        report.attempts += 1
        report.save(update_fields=["status", "started_at", "attempts"])
    try:
        with tempfile.TemporaryDirectory() as workdir:
            result = reports.compute(report.kind, report.parameters, workdir=Path(workdir))
            with transaction.atomic():
                report = Report.objects.select_for_update().get(pk=report_id)
                old_file = report.file.name
                if result.file:
                    with open(result.file, "rb") as handle:
                        report.file.save(result.file.name, File(handle), save=False)
                report.data = result.data
                report.generated_at = result.generated_at
                report.status = Report.Status.DONE
                report.finished_at = timezone.now()
                report.error = ""
                report.save()
                if old_file and old_file != report.file.name:
                    storage = report.file.storage
                    transaction.on_commit(lambda: storage.delete(old_file))
    except Exception as error:
        Report.objects.filter(pk=report_id).update(
            status=Report.Status.FAILED, error=f"{type(error).__name__}: {error}"
        )
        raise
    return report


def reports_request_all(*, user=None) -> list[Report]:
    """Every kind of report for the latest convocation (nightly, and at `make run`)."""
    return [report_request(kind=kind, user=user) for kind in Report.Kind.values]
