"""Template helpers shared by every page."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from parlament.hemicycle import Seat, hemicycle

register = template.Library()

FALLBACK = ("kk", "ru", "en")
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def pick(obj, field: str) -> tuple[str, str]:
    """The field's text in the reader's language, else the first of kk, ru, en that has
    it: (text, language it is in)."""
    current = (get_language() or "kk")[:2]
    for code in (current, *FALLBACK):
        text = getattr(obj, f"{field}_{code}", None)
        if text:
            return text, code
    return "", current


@register.simple_tag
def text(obj, field: str):
    """A translated field, marked with its language and a visible note when it falls back."""
    value, code = pick(obj, field)
    current = (get_language() or "kk")[:2]
    if code == current:
        return value
    note = _("(not translated; shown in %(language)s)") % {
        "language": _(LANGUAGE_NAMES[code]),
    }
    return format_html(
        '<span lang="{}">{}</span> <small class="fallback">{}</small>', code, value, note
    )


@register.simple_tag
def seating(seats, title: str):
    """A hemicycle of Seat(color, label, href) rows."""
    return hemicycle([s if isinstance(s, Seat) else Seat(*s) for s in seats], title=title)


@register.filter
def localized(mapping, language=None):
    """Pick the reader's language from a {"kk", "ru", "en"} dict (procedure texts)."""
    if not mapping:
        return ""
    code = (language or get_language() or "kk")[:2]
    return mapping.get(code) or next((mapping[c] for c in FALLBACK if mapping.get(c)), "")
