from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Chamber, Committee, Convocation, Seats, Session, Sitting


@admin.register(Chamber)
class ChamberAdmin(TranslationAdmin):
    list_display = ["name", "code", "position"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]


class SeatsInline(admin.TabularInline):
    model = Seats
    extra = 0
    autocomplete_fields = ["chamber"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Convocation)
class ConvocationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "legislature", "starts_on", "ends_on", "confirmed"]
    list_filter = ["legislature", "confirmed"]
    inlines = [SeatsInline, SessionInline]


@admin.register(Committee)
class CommitteeAdmin(TranslationAdmin):
    list_display = ["name", "chamber", "convocation", "starts_on", "ends_on", "confirmed"]
    list_filter = ["chamber", "convocation", "confirmed"]
    list_select_related = ["chamber", "convocation"]
    search_fields = ["name_kk", "name_ru", "name_en", "code"]


@admin.register(Sitting)
class SittingAdmin(admin.ModelAdmin):
    list_display = ["date", "chamber", "joint", "convocation"]
    list_filter = ["joint", "chamber", "convocation"]
    list_select_related = ["chamber", "convocation"]
    date_hierarchy = "date"


@admin.register(Seats)
class SeatsAdmin(admin.ModelAdmin):
    list_display = ["chamber", "convocation", "seats", "starts_on", "ends_on", "confirmed"]
    list_filter = ["chamber", "confirmed"]
    list_select_related = ["chamber", "convocation"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "number", "starts_on", "ends_on"]
    list_filter = ["convocation"]
    list_select_related = ["convocation"]
