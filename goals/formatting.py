"""Values as people read them, in the page's language: 1 234, 45,3 %, 0,82, "No data yet"."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from goals.computations import Change
from goals.models import Direction, ListStatus, Status, Unit

DECIMALS = {
    Unit.COUNT: 0,
    Unit.PERCENT: 1,
    Unit.SCORE: 2,
    Unit.HOURS: 0,
    Unit.DAYS: 1,
    Unit.MEAN_1_5: 1,
    Unit.LIST_STATUS: 0,
}


def no_data() -> str:
    return _("No data yet")


def number(value, decimals: int = 0) -> str:
    if decimals and float(value) == int(float(value)) and abs(float(value)) >= 10:
        decimals = 0
    return number_format(round(float(value), decimals), decimals, force_grouping=True)


def plural_count(value, text: str) -> int:
    """The number ngettext picks the noun's form by, given the value as shown: the whole number,
    or 2 (plural) when a fraction is shown ("1 day", "1,0 days", "1,5 days")."""
    return round(float(value)) if text.replace("\u00a0", "").replace(" ", "").isdigit() else 2


def format_value(value, unit: str) -> str:
    """The value with its unit where one is usual; "No data yet" for None, never 0."""
    if value is None:
        return no_data()
    if unit == Unit.LIST_STATUS:
        return str(ListStatus.from_level(int(value)).label)
    text = number(value, DECIMALS.get(unit, 1))
    if unit == Unit.PERCENT:
        return f"{text}\u00a0%"
    if unit == Unit.DAYS:
        return ngettext("%(days)s day", "%(days)s days", plural_count(value, text)) % {"days": text}
    return text


def format_axis(value, unit: str) -> str:
    if unit == Unit.PERCENT:
        return f"{number(value, 0)}\u00a0%"
    if unit in (Unit.SCORE,):
        return number(value, 2)
    if unit == Unit.MEAN_1_5:
        return number(value, 1)
    return number(value, 0 if float(value) == int(float(value)) else 1)


def format_change(delta: Change | None, unit: str) -> str:
    """ "+12 (+8 %)", "−2,5 percentage points", "unchanged"; "" without a comparison."""
    if delta is None:
        return ""
    if delta.movement == "same":
        return _("unchanged")
    if unit == Unit.LIST_STATUS:
        return _("lower on the list") if delta.difference < 0 else _("higher on the list")
    sign = "+" if delta.difference > 0 else "−"
    amount = number(abs(delta.difference), DECIMALS.get(unit, 1))
    if unit == Unit.PERCENT:
        points = plural_count(abs(delta.difference), amount)
        return ngettext("%(sign)s%(amount)s percentage point", "%(sign)s%(amount)s percentage points", points) % {
            "sign": sign,
            "amount": amount,
        }
    if unit == Unit.DAYS:
        days = plural_count(abs(delta.difference), amount)
        return ngettext("%(sign)s%(amount)s day", "%(sign)s%(amount)s days", days) % {"sign": sign, "amount": amount}
    if unit in (Unit.COUNT, Unit.HOURS) and delta.percent is not None:
        percent = number(abs(delta.percent), 0)
        return f"{sign}{amount} ({sign}{percent}\u00a0%)"
    return f"{sign}{amount}"


def better_or_worse(delta: Change | None, direction: str) -> str:
    """ "better", "worse" or "" (unchanged, unknown, or a direction without a simple better)."""
    if delta is None or direction == Direction.TARGET:
        return ""
    better = delta.is_better
    if better is None:
        return ""
    return "better" if better else "worse"


def status_label(status: str | None) -> str:
    if not status:
        return _("No status")
    return str(Status(status).label)
