"""The portal with the benchmark's baselines beside it, served by gunicorn as
`bench.server:application` (PostgreSQL only):

- /api/raw-bench/bills/ — the bills list of GET /api/v1/bills/ built from one raw SQL query
  (with `stage=` and `include=actions` as the API has them): the least a server must do for
  the same JSON;
- /bench/trivial/ — a Django view that answers "ok": the cost of the framework alone.

Both go through the same middleware as the portal.
"""

import datetime
import uuid

LANGS = ("kk", "ru", "en")
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

_ACTIONS = """
       (SELECT json_agg(json_build_array(e.sequence, e.action, e.date, e.body, e.from_stage,
               e.to_stage, e.note,
               (SELECT json_agg(json_build_array(ch.code, cv.number, cm.code)
                               ORDER BY ch.position, cm.name, cm.id)
                  FROM bills_billevent_committees ec
                  JOIN chambers_committee cm ON cm.id = ec.committee_id
                  JOIN chambers_chamber ch ON ch.id = cm.chamber_id
                  JOIN chambers_convocation cv ON cv.id = cm.convocation_id
                 WHERE ec.billevent_id = e.id),
               (SELECT json_agg(v.uuid ORDER BY v.date DESC, v.id DESC)
                  FROM bills_billevent_votes ev
                  JOIN bills_vote v ON v.id = ev.vote_id
                 WHERE ev.billevent_id = e.id)) ORDER BY e.sequence)
          FROM bills_billevent e WHERE e.bill_id = b.id),"""

_SQL = """
SELECT b.id, b.uuid, b.number, c.number, b.kind, b.initiator_type,
       b.title_kk, b.title_ru, b.title_en, b.summary_kk, b.summary_ru, b.summary_en,
       b.registered_on, b.priority, b.stage, b.stage_since,
       lc.code, lch.code, lcc.number, lc.name_kk, lc.name_ru, lc.name_en,
       b.law_serial, lawc.number, b.law_suffix, b.signed_on, b.in_force_on, b.updated_at,
       b.version,
       (SELECT json_agg(json_build_array(d.uuid, d.last_name_kk, d.first_name_kk,
               d.patronymic_kk, d.last_name_ru, d.first_name_ru, d.patronymic_ru,
               d.last_name_en, d.first_name_en, d.patronymic_en)
               ORDER BY d.last_name_kk, d.first_name_kk, d.uuid)
          FROM bills_bill_initiators bi
          JOIN deputies_deputy d ON d.id = bi.deputy_id
         WHERE bi.bill_id = b.id),
       (SELECT json_agg(json_build_array(cm.code, ch.code, cv.number,
               cm.name_kk, cm.name_ru, cm.name_en) ORDER BY cm.name_kk, cm.id)
          FROM bills_bill_co_committees bc
          JOIN chambers_committee cm ON cm.id = bc.committee_id
          JOIN chambers_chamber ch ON ch.id = cm.chamber_id
          JOIN chambers_convocation cv ON cv.id = cm.convocation_id
         WHERE bc.bill_id = b.id),{actions}
       (SELECT count(*) FROM bills_bill b {where})
  FROM (SELECT * FROM bills_bill b {where}
         ORDER BY b.registered_on DESC, b.id DESC LIMIT %s OFFSET %s) b
  JOIN chambers_convocation c ON c.id = b.convocation_id
  LEFT JOIN chambers_committee lc ON lc.id = b.lead_committee_id
  LEFT JOIN chambers_chamber lch ON lch.id = lc.chamber_id
  LEFT JOIN chambers_convocation lcc ON lcc.id = lc.convocation_id
  LEFT JOIN chambers_convocation lawc ON lawc.id = b.law_convocation_id
 ORDER BY b.registered_on DESC, b.id DESC
"""


def _texts(values):
    return {lang: value or "" for lang, value in zip(LANGS, values, strict=True)}


def _uuid(value):
    return str(uuid.UUID(str(value)))


def _day(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def _public_id(chamber, convocation, code):
    return f"{chamber}-{_ROMAN[convocation - 1].lower()}-{code}"


def _committee(code, chamber, convocation, names):
    key = _public_id(chamber, convocation, code)
    return {"id": key, "ocd_id": f"ocd-organization/{key}", "name": _texts(names)}


def _action(e):
    sequence, action, date, body, from_stage, to_stage, note, committees, votes = e
    return {
        "sequence": sequence,
        "action": action,
        "date": date,
        "chamber": body,
        "from_stage": from_stage,
        "to_stage": to_stage,
        "committees": [_public_id(*k) for k in committees or ()],
        "votes": votes or [],
        "note": note,
    }


def raw_bills(request):
    import orjson
    from django.db import connection
    from django.http import HttpResponse
    from django.utils import timezone

    per_page = int(request.GET.get("per_page", 50))
    actions = "actions" in request.GET.get("include", "")
    where, params = "", []
    if "stage" in request.GET:
        where, params = "WHERE b.stage = %s", [request.GET["stage"]]
    sql = _SQL.format(actions=_ACTIONS if actions else "", where=where)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *params, per_page, 0])
        rows = cursor.fetchall()
    results = []
    for r in rows:
        bill_id = _uuid(r[1])
        law = None
        if r[22] is not None:
            numeral = _ROMAN[r[23] - 1] if r[23] else None
            law = {
                "serial": r[22],
                "convocation": numeral,
                "suffix": r[24],
                "text": f"{r[22]}{f'-{numeral}' if numeral else ''} {r[24]}".strip(),
            }
        initiators = []
        for d in r[29] or ():
            names = {}
            for i, lang in enumerate(LANGS):
                names[lang] = " ".join(p for p in d[1 + 3 * i : 4 + 3 * i] if p)
            person = _uuid(d[0])
            initiators.append({"id": person, "ocd_id": f"ocd-person/{person}", "name": names})
        bill = {
            "id": bill_id,
            "ocd_id": f"ocd-bill/{bill_id}",
            "number": r[2],
            "convocation": _ROMAN[r[3] - 1],
            "kind": r[4],
            "initiator_type": r[5],
            "initiators": initiators,
            "title": _texts(r[6:9]),
            "summary": _texts(r[9:12]),
            "registered_on": _day(r[12]),
            "priority": bool(r[13]),
            "stage": r[14],
            "stage_since": _day(r[15]),
            "lead_committee": None if r[16] is None else _committee(*r[16:19], r[19:22]),
            "co_committees": [_committee(*k[:3], k[3:6]) for k in r[30] or ()],
            "law_number": law,
            "signed_on": _day(r[25]),
            "in_force_on": _day(r[26]),
            "updated_at": timezone.localtime(r[27]).isoformat(),
            "version": r[28],
        }
        if actions:
            bill["actions"] = [_action(e) for e in r[31] or ()]
        results.append(bill)
    total = rows[0][-1] if rows else 0
    body = {
        "results": results,
        "pagination": {
            "page": 1,
            "per_page": per_page,
            "total_items": total,
            "max_page": max(1, -(-total // per_page)),
        },
    }
    return HttpResponse(orjson.dumps(body), content_type="application/json")


def trivial(request):
    from django.http import HttpResponse

    return HttpResponse(b"ok", content_type="text/plain")


def _urls():
    from django.urls import path

    from parlament.urls import urlpatterns as site

    return [
        path("api/raw-bench/bills/", raw_bills),
        path("bench/trivial/", trivial),
        *site,
    ]


def __getattr__(name):
    # gunicorn imports `application`; Django then asks this module for `urlpatterns`.
    if name == "urlpatterns":
        return _urls()
    if name == "application":
        import django
        from django.conf import settings

        django.setup(set_prefix=False)
        settings.ROOT_URLCONF = "bench.server"
        from django.core.handlers.wsgi import WSGIHandler

        return WSGIHandler()
    raise AttributeError(name)
