from modeltranslation.translator import TranslationOptions, register

from .models import Chamber, Committee


@register(Chamber)
class ChamberTranslation(TranslationOptions):
    fields = ("name",)


@register(Committee)
class CommitteeTranslation(TranslationOptions):
    fields = ("name",)
