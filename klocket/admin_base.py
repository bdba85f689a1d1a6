"""What every admin of the portal shares (``PortalAdminMixin``, put first in each ModelAdmin's bases).

- Fields only some roles may see (``restricted_fields``: name -> check of the user) are left out
  of the form, the list columns, the search, the sorting and the filters of everyone else.
- The change list filters only by what its ``list_filter`` and ``date_hierarchy`` offer: an
  allow-list. Django would otherwise accept any lookup on the model's own fields in the query
  string (``?contact__startswith=h``), and a role could rebuild a hidden value one letter at a
  time from which rows are listed; a lookup outside the list answers 400.
- Image fields take the portal's image cleaning (klocket/images.py): a damaged, oversized or
  pixel-bomb file gets a message next to the field, never a server error.
- The history page works on models without simple-history: Django's own log of admin changes.
"""

from collections.abc import Callable

from django.contrib import admin
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404
from django.utils.text import capfirst

from klocket.images import DEFAULT_MAX_BYTES, DEFAULT_MAX_SIDE, ProcessedImageField

# What a list filter adds to its field's path: Django's FieldListFilter classes ask for
# path__exact, path__isnull, path__gte/__lt (dates), path__in, path__isempty, and for a relation
# path__<primary key>__exact.
FILTER_LOOKUPS = frozenset({"exact", "iexact", "isnull", "isempty", "in", "gte", "gt", "lte", "lt", "id", "pk"})
DATE_HIERARCHY_PARTS = ("year", "month", "day")


def keeps_history(model) -> bool:
    """Whether simple-history records this model's changes."""
    return bool(getattr(model._meta, "simple_history_manager_attribute", None))


def _first_part(entry) -> str:
    """The own field a list_display / search_fields / ordering entry reads (``-place`` -> place)."""
    if not isinstance(entry, str):
        return ""
    return entry.lstrip("-^=@").split(LOOKUP_SEP, 1)[0]


class ImageFieldsMixin:
    """Every image field of an admin form (inlines too) goes through the portal's image cleaning."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.ImageField) and db_field.editable:
            return ProcessedImageField(
                max_bytes=DEFAULT_MAX_BYTES,
                max_side=DEFAULT_MAX_SIDE,
                required=not db_field.blank,
                label=capfirst(db_field.verbose_name),
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class PortalAdminMixin(ImageFieldsMixin):
    # field name -> the check a user must pass to see it, e.g. {"contact": permissions.is_coordinator}
    restricted_fields: dict[str, Callable] = {}

    # Fields hidden from this request's user -------------------------------------------------

    def hidden_fields(self, request) -> frozenset[str]:
        return frozenset(name for name, may_see in self.restricted_fields.items() if not may_see(request.user))

    def _without_hidden(self, request, entries):
        hidden = self.hidden_fields(request)
        kept = []
        for entry in entries:
            name = entry if isinstance(entry, str) else getattr(entry, "admin_order_field", None) or ""
            if _first_part(name) in hidden:
                continue
            kept.append(entry)
        return kept

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or []), *sorted(self.hidden_fields(request))]

    def get_fields(self, request, obj=None):
        hidden = self.hidden_fields(request)
        return [name for name in super().get_fields(request, obj) if name not in hidden]

    def get_fieldsets(self, request, obj=None):
        hidden = self.hidden_fields(request)
        return [
            (name, {**options, "fields": [field for field in options["fields"] if field not in hidden]})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_readonly_fields(self, request, obj=None):
        hidden = self.hidden_fields(request)
        return [name for name in super().get_readonly_fields(request, obj) if name not in hidden]

    def get_list_display(self, request):
        return self._without_hidden(request, super().get_list_display(request))

    def get_sortable_by(self, request):
        return self._without_hidden(request, super().get_sortable_by(request))

    def get_search_fields(self, request):
        return self._without_hidden(request, super().get_search_fields(request))

    def get_ordering(self, request):
        return self._without_hidden(request, super().get_ordering(request) or ())

    def get_list_filter(self, request):
        hidden = self.hidden_fields(request)
        return [
            entry for entry in super().get_list_filter(request) if _first_part(self._filter_path(entry)) not in hidden
        ]

    # Filters: an allow-list ------------------------------------------------------------------

    @staticmethod
    def _filter_path(entry) -> str:
        if isinstance(entry, (tuple, list)):
            entry = entry[0]
        if isinstance(entry, models.Field):
            return entry.name
        return entry if isinstance(entry, str) else ""

    def lookup_allowed(self, lookup, value, request):
        parts = lookup.split(LOOKUP_SEP)
        if parts[0] in self.hidden_fields(request):
            return False
        if self.date_hierarchy and lookup in {f"{self.date_hierarchy}__{part}" for part in DATE_HIERARCHY_PARTS}:
            return True
        for entry in self.get_list_filter(request):
            if isinstance(entry, type) and issubclass(entry, admin.SimpleListFilter):
                if lookup == entry.parameter_name:
                    return True
                continue
            path = self._filter_path(entry).split(LOOKUP_SEP)
            if parts[: len(path)] == path and set(parts[len(path) :]) <= FILTER_LOOKUPS:
                return super().lookup_allowed(lookup, value, request)
        return False

    # History ---------------------------------------------------------------------------------

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if not keeps_history(model):
            # No simple-history here: Django's own history page (the admin's change log).
            self.object_history_template = None

    def history_view(self, request, object_id, extra_context=None):
        if keeps_history(self.model):
            return super().history_view(request, object_id, extra_context)
        return admin.ModelAdmin.history_view(self, request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not keeps_history(self.model):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


class PortalInlineMixin(ImageFieldsMixin):
    """For inlines: the same image cleaning."""
