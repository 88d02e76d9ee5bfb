from modeltranslation.translator import TranslationOptions, register

from .models import Deputy, Faction, Mandate, Party


@register(Deputy)
class DeputyTranslation(TranslationOptions):
    fields = ("last_name", "first_name", "patronymic")


@register(Party)
class PartyTranslation(TranslationOptions):
    fields = ("name", "short_name")


@register(Faction)
class FactionTranslation(TranslationOptions):
    fields = ("name",)


@register(Mandate)
class MandateTranslation(TranslationOptions):
    fields = ("constituency",)
