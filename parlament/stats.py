"""The statistics page: the latest result of each report (bills.reports), drawn as SVG on the
server, with a data table beside every chart. It only reads Report rows: the figures are
computed by the Celery jobs, never here.

Queries: the demo-data flag (context processor), the latest convocation, the reports. Three,
whatever the number of reports, bills or deputies.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from bills import procedure as P
from bills import reports
from bills.models import InitiatorType, Kind, Report
from bills.services import report_key
from parlament.templatetags.portal import localized

ACCENT = "#00558c"
OUTCOME_COLORS = {
    "signed": "#2e7d32",
    "rejected": "#c62828",
    "withdrawn": "#6b7780",
    "pending": "#b38f00",
}
INITIATOR_COLORS = {"government": "#00558c", "deputies": "#7b3f98", "president": "#b35900"}
# How many rows the deputy and deadline tables show; the dump holds everything.
TOP = 10


def stats(request):
    convocation = reports.default_convocation()
    keys = {Report.Kind.DEADLINES: report_key({})}
    if convocation:
        by_convocation = report_key({"convocation": convocation.roman})
        keys |= {kind: by_convocation for kind in reports.PARAMETERS if kind not in keys}
    wanted = Q(pk__in=[])
    for kind, key in keys.items():
        wanted |= Q(kind=kind, key=key)
    found = {
        row.kind: row
        for row in Report.objects.filter(wanted).only(
            "id", "kind", "key", "status", "data", "file", "generated_at"
        )
    }
    sections = {kind: _section(found.get(kind)) for kind in Report.Kind.values}
    builders = {
        Report.Kind.CONVOCATION_SUMMARY: _summary,
        Report.Kind.DEPUTIES: _deputies,
        Report.Kind.COMMITTEES: _committees,
        Report.Kind.DEADLINES: _deadlines,
        Report.Kind.ACTIVITY: _activity,
        Report.Kind.DUMP: _dump,
    }
    for kind, section in sections.items():
        if section["data"] is not None:
            section |= builders[kind](section["data"])
    context = {"convocation": convocation, **sections}
    return render(request, "parlament/stats.html", context)


def _section(report: Report | None) -> dict:
    """What every section shows: its result (None: not computed yet), when it was computed,
    and whether a newer run is under way or failed."""
    if report is None or report.generated_at is None or report.data is None:
        return {"report": report, "data": None, "generated_at": None, "note": _status(report)}
    return {
        "report": report,
        "data": report.data,
        "generated_at": report.generated_at,
        "note": _status(report, shown=True),
    }


def _status(report: Report | None, *, shown: bool = False) -> str:
    if report is None:
        return ""
    if report.status in (Report.Status.QUEUED, Report.Status.RUNNING):
        return _("A new computation is under way.")
    if report.status == Report.Status.FAILED:
        if shown:
            return _("The last computation failed; this is the previous result.")
        return _("The last computation failed.")
    return ""


# --- Sections -----------------------------------------------------------------------------------


def _summary(data: dict) -> dict:
    outcome = [
        Bar(
            _outcome_label(name),
            data["by_outcome"].get(name, 0),
            OUTCOME_COLORS[name],
        )
        for name in OUTCOME_COLORS
    ]
    initiators = [
        Bar(capfirst(InitiatorType(value).label), n, INITIATOR_COLORS.get(value, ACCENT))
        for value, n in data["by_initiator"].items()
    ]
    kinds = [(capfirst(Kind(value).label), n) for value, n in data["by_kind"].items()]
    counters = data["counters"]
    stages = [
        {
            "label": localized(P.STAGE_LABELS[P.Stage(stage)]),
            **figures,
        }
        for stage, figures in data["days_in_stage"].items()
    ]
    return {
        "outcome": outcome,
        "outcome_chart": column_chart(
            outcome,
            id="chart-outcome",
            title=_("Bills by outcome"),
            desc=_describe(outcome),
        ),
        "initiators": initiators,
        "initiator_chart": column_chart(
            initiators,
            id="chart-initiators",
            title=_("Bills by initiator"),
            desc=_describe(initiators),
        ),
        "kinds": kinds,
        "counters": [
            (_("Adopted by the Majilis (including re-adopted)"), counters["adopted_by_majilis"]),
            (_("Approved by the Senate"), counters["approved_by_senate"]),
            (_("Amended by the Senate"), counters["amended_by_senate"]),
            (_("Adopted at a joint sitting of the chambers"), counters["adopted_at_joint_sitting"]),
            (_("Signed by the President"), counters["signed"]),
            (_("Entered into force"), counters["entered_into_force"]),
            (_("Rejected"), counters["rejected"]),
            (_("Withdrawn"), counters["withdrawn"]),
            (_("Pending"), counters["pending"]),
        ],
        "share_percent": _percent(data["deputy_initiated_share"]),
        "stages": stages,
        "stage_chart": row_chart(
            [
                Bar(row["label"], row["median"] or 0, ACCENT, _days_text(row["median"]))
                for row in stages
                if row["count"]
            ],
            id="chart-stages",
            title=_("Median days in each stage"),
            desc=_(
                "Completed stays only: bills still in a stage are not counted; the table gives "
                "their number."
            ),
        ),
    }


def _outcome_label(name: str) -> str:
    if name == "pending":
        return _("Pending")
    return localized(P.STAGE_LABELS[P.Stage(name)])


def _deputies(data: dict) -> dict:
    factions = data.get("factions", {})

    def row(deputy: dict) -> dict:
        faction = deputy["factions"][0] if deputy["factions"] else None
        return {
            **deputy,
            "name": localized(deputy["name"]),
            "url": _url("deputies:detail", deputy["deputy"]),
            "faction": localized(factions[faction]["name"]) if faction in factions else "",
            "attendance_percent": _percent(deputy["attendance"]),
        }

    listed = data["deputies"]
    against = sorted(
        (d for d in listed if d["against"]), key=lambda d: (-d["against"], d["name"]["kk"])
    )
    absent = sorted(
        (d for d in listed if d["ballots"]), key=lambda d: (d["attendance"], d["name"]["kk"])
    )
    return {
        "totals": data["totals"],
        "attendance_percent": _percent(data["totals"]["attendance"]),
        "against": [row(d) for d in against[:TOP]],
        "absent": [row(d) for d in absent[:TOP]],
        "deputy_count": len(listed),
    }


def _committees(data: dict) -> dict:
    return {
        "rows": [
            {
                **row,
                "name": localized(row["name"]),
                "url": _url("chambers:committee", row["committee"]),
            }
            for row in data["committees"]
        ]
    }


def _deadlines(data: dict) -> dict:
    return {
        "reference_date": datetime.date.fromisoformat(data["reference_date"]),
        "by_stage": [
            (localized(P.STAGE_LABELS[P.Stage(stage)]), n) for stage, n in data["by_stage"].items()
        ],
        "bills": [
            {
                **bill,
                "title": localized(bill["title"]),
                "label": localized(bill["label"]),
                "stage": localized(P.STAGE_LABELS[P.Stage(bill["stage"])]),
                "url": _url("bills:detail", bill["bill"]),
                "due": datetime.date.fromisoformat(bill["due"]),
            }
            for bill in data["bills"][:TOP]
        ],
    }


def _activity(data: dict) -> dict:
    months = [
        {**row, "label": _month(row["month"]), "year": row["month"][:4]} for row in data["months"]
    ]
    series = [
        ("events", _("Steps of bills (events) per month"), ACCENT),
        ("votes", _("Votes per month"), "#7b3f98"),
        ("signed", _("Laws signed per month"), "#2e7d32"),
    ]
    charts = [
        month_chart(
            months,
            name,
            color,
            id=f"chart-{name}",
            title=title,
            desc=_("Total: %(total)s.") % {"total": data["totals"][name]},
        )
        for name, title, color in series
    ]
    return {"months": months, "charts": charts}


def _dump(data: dict) -> dict:
    return {"files": data["files"], "counts": list(data["counts"].items())}


# --- Helpers ------------------------------------------------------------------------------------


def _url(name: str, public_id: str) -> str:
    try:
        return reverse(name, args=[public_id])
    except NoReverseMatch:
        return ""


def _percent(ratio: float | None) -> str:
    if ratio is None:
        return "—"
    return f"{number_format(round(ratio * 100, 1), 1)} %"


def _days_text(days: float | None) -> str:
    if days is None:
        return "—"
    return number_format(days, 1 if days % 1 else 0)


def _month(key: str) -> str:
    year, month = map(int, key.split("-"))
    return capfirst(date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT"))


def _describe(bars: list["Bar"]) -> str:
    return "; ".join(f"{bar.label}: {bar.text}" for bar in bars) + "."


# --- Charts: SVG with fill attributes, no inline styles (the CSP forbids them) ---------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    color: str = ACCENT
    value_text: str = ""

    @property
    def text(self) -> str:
        return self.value_text or number_format(self.value)


def _svg(id: str, title: str, desc: str, width: float, height: float, body) -> SafeString:
    return format_html(
        '<svg class="chart" id="{}" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc"><title id="{}-title">{}</title>'
        '<desc id="{}-desc">{}</desc>{}</svg>',
        id,
        f"{width:.0f}",
        f"{height:.0f}",
        id,
        id,
        id,
        title,
        id,
        desc,
        body,
    )


def column_chart(bars: list[Bar], *, id: str, title: str, desc: str) -> SafeString:
    """Vertical bars with their value above and their label below, wrapped to the bar's
    width (Kazakh and Russian labels run long)."""
    width, height, top, bottom = 420, 230, 24, 54
    plot = height - top - bottom
    peak = max((bar.value for bar in bars), default=0) or 1
    slot = width / max(len(bars), 1)
    columns = []
    for i, bar in enumerate(bars):
        centre, size = slot * i + slot / 2, plot * bar.value / peak
        lines = format_html_join(
            "",
            '<tspan x="{}" dy="{}">{}</tspan>',
            (
                (f"{centre:.1f}", "0" if n == 0 else "1.15em", line)
                for n, line in enumerate(_wrap(bar.label, int(slot / 7.5)))
            ),
        )
        columns.append(
            format_html(
                '<g><title>{}: {}</title><rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                '</rect><text class="value" x="{}" y="{}" text-anchor="middle">{}</text>'
                '<text class="label" x="{}" y="{}" text-anchor="middle">{}</text></g>',
                bar.label,
                bar.text,
                f"{slot * i + slot * 0.2:.1f}",
                f"{top + plot - size:.1f}",
                f"{slot * 0.6:.1f}",
                f"{size:.1f}",
                bar.color,
                f"{centre:.1f}",
                f"{top + plot - size - 6:.1f}",
                bar.text,
                f"{centre:.1f}",
                f"{top + plot + 16:.1f}",
                lines,
            )
        )
    axis = format_html(
        '<line class="axis" x1="0" y1="{}" x2="{}" y2="{}" stroke="#4a5560"></line>',
        top + plot,
        width,
        top + plot,
    )
    return _svg(
        id, title, desc, width, height, format_html_join("", "{}", ((c,) for c in columns)) + axis
    )


def _wrap(label: str, limit: int, most: int = 3) -> list[str]:
    """Words in lines of about `limit` characters, at most `most` lines."""
    lines: list[str] = []
    for word in str(label).split():
        if lines and len(lines[-1]) + 1 + len(word) <= max(limit, 1):
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = [*lines[: most - 1], " ".join(lines[most - 1 :])]
    return lines


def row_chart(bars: list[Bar], *, id: str, title: str, desc: str) -> SafeString:
    """Horizontal bars, each under its label (labels of any length fit) with its value."""
    width, row, label_gap = 420, 40, 16
    height = max(len(bars), 1) * row
    peak = max((bar.value for bar in bars), default=0) or 1
    usable = width - 60
    body = format_html_join(
        "",
        '<g><title>{}: {}</title><text class="label" x="0" y="{}">{}</text>'
        '<rect x="0" y="{}" width="{}" height="14" fill="{}"></rect>'
        '<text class="value" x="{}" y="{}">{}</text></g>',
        (
            (
                bar.label,
                bar.text,
                f"{row * i + 12:.1f}",
                bar.label,
                f"{row * i + label_gap:.1f}",
                f"{max(usable * bar.value / peak, 1):.1f}",
                bar.color,
                f"{max(usable * bar.value / peak, 1) + 6:.1f}",
                f"{row * i + label_gap + 12:.1f}",
                bar.text,
            )
            for i, bar in enumerate(bars)
        ),
    )
    return _svg(id, title, desc, width, height, body)


def month_chart(
    months: list[dict], name: str, color: str, *, id: str, title: str, desc: str
) -> SafeString:
    """One bar per month; the year is written under each January (and the first month)."""
    width, height, top, bottom = 600, 170, 18, 26
    plot = height - top - bottom
    peak = max((m[name] for m in months), default=0) or 1
    slot = width / max(len(months), 1)
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>',
        (
            (
                f"{slot * i + slot * 0.1:.2f}",
                f"{top + plot - plot * m[name] / peak:.2f}",
                f"{slot * 0.8:.2f}",
                f"{plot * m[name] / peak:.2f}",
                color,
                m["label"],
                number_format(m[name]),
            )
            for i, m in enumerate(months)
        ),
    )
    years = format_html_join(
        "",
        '<text class="label" x="{}" y="{}">{}</text>',
        (
            (f"{slot * i:.1f}", height - 8, m["year"])
            for i, m in enumerate(months)
            if i == 0 or m["month"].endswith("-01")
        ),
    )
    scale = format_html(
        '<line class="axis" x1="0" y1="{}" x2="{}" y2="{}" stroke="#4a5560"></line>'
        '<line class="grid" x1="0" y1="{}" x2="{}" y2="{}" stroke="#d5dbe1"></line>'
        '<text class="value" x="{}" y="{}" text-anchor="end">{}</text>',
        top + plot,
        width,
        top + plot,
        top,
        width,
        top,
        width,
        top - 4,
        number_format(peak),
    )
    return _svg(id, title, desc, width, height, bars + years + scale)
