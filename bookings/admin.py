from django.contrib import admin

from bookings.models import Booking, Message, Registration


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["activity", "enabled", "scope", "capacity", "max_per_person", "opens", "closes"]
    list_filter = ["enabled", "scope"]
    search_fields = ["activity__title"]
    autocomplete_fields = ["activity"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """For coordinators' support; capacity changes and promotion go through the staff pages' services."""

    list_display = ["name", "activity", "occurrence", "status", "places", "checked_in", "created"]
    list_filter = ["status", "checked_in", "is_walk_in"]
    search_fields = ["activity__title"]
    raw_id_fields = ["activity", "occurrence"]
    readonly_fields = ["status", "created", "cancelled_at", "anonymised_at"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["booking", "kind", "status", "attempts", "created", "sent_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["booking", "kind", "created", "sent_at", "last_error"]
