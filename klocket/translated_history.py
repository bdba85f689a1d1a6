"""Change history (django-simple-history) for models whose texts are in several languages.

django-modeltrans adds virtual fields (``title_en``, ``title_i18n``) that read from the ``i18n``
JSON field; they have no column. The history copies only the real fields: the ``i18n`` field
itself carries every translation, so each historical record keeps all languages.
"""

from modeltrans.fields import TranslatedVirtualField
from simple_history.models import HistoricalRecords


class TranslatedHistoricalRecords(HistoricalRecords):
    def fields_included(self, model):
        return [field for field in super().fields_included(model) if not isinstance(field, TranslatedVirtualField)]
