from modeltranslation.translator import TranslationOptions, register
from simple_history import register as record_history

from .models import SEARCH_FIELDS, Bill


@register(Bill)
class BillTranslation(TranslationOptions):
    fields = ("title", "summary")


# Registered here so that the history keeps every language's title and summary.
record_history(Bill, app="bills", excluded_fields=list(SEARCH_FIELDS))
