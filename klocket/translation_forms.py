"""Form fields for texts in the site's other languages, on the same page as the Swedish text.

``TranslatedFieldsMixin`` adds, for every field the model translates (its ``i18n`` field's
``fields``) that the form shows, one optional field per other language: ``title_en``,
``title_ar``... Each input carries ``lang`` and ``dir`` so the browser, spell checkers and screen
readers handle the script. The Swedish field stays as it was (required where the model says
so). Used by the staff activity form and the admin alike, so the rule lives in one place.
"""

import copy

from django.contrib.admin.utils import flatten_fieldsets
from django.utils.translation import gettext_lazy as _

from klocket import content_languages


class TranslatedFieldsMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.translation_fields: dict[str, list[str]] = {}
        i18n = self.instance.i18n or {}
        translated = self._meta.model._meta.get_field("i18n").fields
        for code in content_languages.other_languages():
            names = []
            for field in translated:
                if field not in self.fields:
                    continue
                name = content_languages.field_key(field, code)
                base = self.fields[field]
                extra = copy.deepcopy(base)
                extra.required = False
                extra.label = base.label
                extra.help_text = ""
                extra.widget.attrs.update({"lang": code, "dir": content_languages.direction(code)})
                self.fields[name] = extra
                self.initial.setdefault(name, i18n.get(name, ""))
                names.append(name)
            if names:
                self.translation_fields[code] = names
        for field in translated:
            if field in self.fields:
                self.fields[field].widget.attrs.update({"lang": content_languages.default_language(), "dir": "ltr"})

    def own_fields(self):
        """The bound fields besides the other languages' (rendered first, then the sections)."""
        extra = {name for names in self.translation_fields.values() for name in names}
        return [field for field in self if field.name not in extra]

    def translation_sections(self):
        """(code, name in its own script, bound fields, open) per other language, for ``<details>``:
        open when something is written in it or one of its fields has an error."""
        sections = []
        for code, names in self.translation_fields.items():
            fields = [self[name] for name in names]
            is_open = any(field.value() or field.errors for field in fields)
            sections.append((code, content_languages.language_name(code), fields, is_open))
        return sections

    def _post_clean(self):
        super()._post_clean()
        i18n = dict(self.instance.i18n or {})
        for names in self.translation_fields.values():
            for name in names:
                value = (self.cleaned_data.get(name) or "").strip()
                if value:
                    i18n[name] = value
                else:
                    i18n.pop(name, None)
        self.instance.i18n = i18n


# The same words as on the staff pages (templates/includes/translation_sections.html).
TRANSLATIONS_HELP = _(
    "Swedish (above) is required; the other languages are optional. A reader sees the text in their "
    "language when it is written here, otherwise the Swedish text."
)


class TranslatedAdminMixin:
    """Admin: the form gets the other languages' fields (``TranslatedFieldsMixin``) and the page
    one collapsed section (rendered as ``<details>``) per language below the Swedish fields."""

    def _translation_names(self) -> set[str]:
        translated = self.model._meta.get_field("i18n").fields
        return {
            content_languages.field_key(field, code)
            for code in content_languages.other_languages()
            for field in translated
        }

    def get_form(self, request, obj=None, **kwargs):
        # The other languages' fields are the form's own (added by TranslatedFieldsMixin), not the
        # model's: they are left out of the fields the admin asks the model form for.
        fields = kwargs["fields"] if "fields" in kwargs else flatten_fieldsets(self.get_fieldsets(request, obj))
        if fields is not None:
            names = self._translation_names()
            kwargs["fields"] = [field for field in fields if field not in names]
        form = super().get_form(request, obj, **kwargs)
        if not issubclass(form, TranslatedFieldsMixin):
            form = type(form.__name__, (TranslatedFieldsMixin, form), {})
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        names = self._translation_names()
        if any(name in names for name in flatten_fieldsets(fieldsets)):
            return fieldsets
        translated = self.model._meta.get_field("i18n").fields
        for code in content_languages.other_languages():
            fieldsets.append(
                (
                    content_languages.language_name(code),
                    {
                        "classes": ["collapse"],
                        "description": TRANSLATIONS_HELP,
                        "fields": [content_languages.field_key(field, code) for field in translated],
                    },
                )
            )
        return fieldsets
