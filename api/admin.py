from django.contrib import admin

from api.models import EmbedOrigin


@admin.register(EmbedOrigin)
class EmbedOriginAdmin(admin.ModelAdmin):
    list_display = ["origin", "organisation", "note", "created"]
    search_fields = ["origin", "note"]
    autocomplete_fields = []
