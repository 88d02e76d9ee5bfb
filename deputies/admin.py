from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import (
    ChamberOffice,
    CommitteeMembership,
    Deputy,
    Faction,
    FactionMembership,
    Mandate,
    Party,
)


class MandateInline(TranslationTabularInline):
    model = Mandate
    extra = 0
    fields = ["chamber", "convocation", "basis", "district_number", "constituency"]
    fields += ["starts_on", "ends_on", "end_reason"]
    show_change_link = True


@admin.register(Deputy)
class DeputyAdmin(TranslationAdmin):
    list_display = ["full_name", "birth_date", "is_demo"]
    list_filter = ["is_demo", "mandates__chamber", "mandates__convocation"]
    search_fields = [
        f"{field}_{lang}" for field in ("last_name", "first_name") for lang in ("kk", "ru", "en")
    ]
    inlines = [MandateInline]


@admin.register(Party)
class PartyAdmin(TranslationAdmin):
    list_display = ["short_name", "name", "code", "color", "confirmed"]
    search_fields = ["name_kk", "name_ru", "name_en", "code"]


@admin.register(Faction)
class FactionAdmin(TranslationAdmin):
    list_display = ["name", "party", "chamber", "convocation", "seats_won", "confirmed"]
    list_filter = ["chamber", "convocation"]
    list_select_related = ["party", "chamber", "convocation"]
    search_fields = ["name_kk", "name_ru", "name_en"]


class FactionMembershipInline(admin.TabularInline):
    model = FactionMembership
    extra = 0
    autocomplete_fields = ["faction"]


class CommitteeMembershipInline(admin.TabularInline):
    model = CommitteeMembership
    extra = 0
    autocomplete_fields = ["committee"]


class ChamberOfficeInline(admin.TabularInline):
    model = ChamberOffice
    extra = 0


@admin.register(Mandate)
class MandateAdmin(TranslationAdmin):
    list_display = ["deputy", "chamber", "convocation", "basis", "starts_on", "ends_on"]
    list_filter = ["chamber", "convocation", "basis", "end_reason"]
    list_select_related = ["deputy", "chamber", "convocation"]
    search_fields = ["deputy__last_name_kk", "deputy__last_name_ru", "deputy__last_name_en"]
    autocomplete_fields = ["deputy"]
    inlines = [FactionMembershipInline, CommitteeMembershipInline, ChamberOfficeInline]


@admin.register(FactionMembership)
class FactionMembershipAdmin(admin.ModelAdmin):
    list_display = ["mandate", "faction", "is_leader", "starts_on", "ends_on"]
    list_filter = ["faction", "is_leader"]
    list_select_related = ["mandate__deputy", "mandate__chamber", "mandate__convocation", "faction"]
    raw_id_fields = ["mandate"]


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(admin.ModelAdmin):
    list_display = ["mandate", "committee", "role", "starts_on", "ends_on"]
    list_filter = ["committee__chamber", "role", "committee"]
    list_select_related = [
        "mandate__deputy",
        "mandate__chamber",
        "mandate__convocation",
        "committee",
    ]
    raw_id_fields = ["mandate"]


@admin.register(ChamberOffice)
class ChamberOfficeAdmin(admin.ModelAdmin):
    list_display = ["mandate", "role", "starts_on", "ends_on"]
    list_filter = ["mandate__chamber", "role"]
    list_select_related = ["mandate__deputy", "mandate__chamber", "mandate__convocation"]
    raw_id_fields = ["mandate"]
