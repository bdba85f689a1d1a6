"""Numbers an integer column cannot hold match nothing, in every query (forms, URLs, query strings).

Django itself answers ``exact``, ``lt``, ``gt``... on an integer column with a number past the
column's range as an empty (or full) result instead of letting the database driver fail
(``IntegerFieldOverflow`` in ``django.db.models.lookups``). ``in`` lacks that: ``pk__in=[2**63]``
raises ``OverflowError`` on SQLite and an out-of-range error on PostgreSQL, which is what a
multiple-choice field (``ModelMultipleChoiceField``) or a posted list of ids runs. This ``in``
drops such numbers first, so a form says "not one of the available choices" and a page 404s.
Registered for every integer column (primary keys included) in ``KlocketConfig.ready``.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


def _in_range(values, lhs, connection):
    low, high = connection.ops.integer_field_range(lhs.output_field.get_internal_type())
    return [
        value
        for value in values
        if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
    ]


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            self.rhs = _in_range(self.rhs, self.lhs, connection)
        return super().process_rhs(compiler, connection)


def register():
    IntegerField.register_lookup(IntegerFieldIn)
