"""Writes of the goals app: measurements, reference distributions, survey answers and wave results.

Each write is atomic; rows two people may write at once are locked first (``select_for_update``)
and the database's unique constraints have the last word, turned into clear messages.
"""

import datetime as dt
import hashlib
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activities.models import Gender
from goals.formatting import format_value
from goals.models import (
    Indicator,
    Measurement,
    ReferenceDistribution,
    ReferenceShare,
    Safety,
    SurveyResponse,
    SurveyWave,
    Unit,
    VisitFrequency,
    min_answers,
)
from goals.models.reference import SUM_TOLERANCE
from goals.periods import Period, PeriodError
from goals.selectors import wave_results

# Indicators the survey's results are recorded in (codes from the data migration).
SURVEY_SAFE = "survey-share-safe"
SURVEY_UNSAFE = "survey-share-unsafe"
SURVEY_ATTRACTIVENESS = "survey-attractiveness"

RANGES = {
    Unit.PERCENT: (Decimal(0), Decimal(100)),
    Unit.SCORE: (Decimal(0), Decimal(1)),
    Unit.MEAN_1_5: (Decimal(1), Decimal(5)),
    Unit.LIST_STATUS: (Decimal(0), Decimal(3)),
}
WHOLE_NUMBERS = {Unit.COUNT, Unit.LIST_STATUS}
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+)$")


# Values and periods -------------------------------------------------------------------------------


def parse_number(text) -> Decimal:
    """A number as people type it: 12, 12,5 or 12.5, with spaces as thousand separators and an optional %."""
    raw = str(text if text is not None else "").strip().replace("\u00a0", " ").replace("\u2212", "-")
    raw = raw.removesuffix("%").strip().replace(" ", "")
    if not _NUMBER.match(raw):
        raise ValidationError(
            _("“%(text)s” is not a number. Write digits, with a decimal comma if needed, e.g. 12,5.")
            % {"text": str(text)[:40]},
            code="not_a_number",
        )
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern above lets only numbers through
        raise ValidationError(_("Enter a number."), code="not_a_number") from None


def plain(value: Decimal) -> str:
    """A decimal as people write it in a form field: 1200, 12.5 (no exponent, no trailing zeros)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_value(text, unit: str) -> Decimal:
    """A value for an indicator of ``unit``, checked against the unit's range."""
    value = parse_number(text)
    if unit in WHOLE_NUMBERS and value != value.to_integral_value():
        raise ValidationError(_("Enter a whole number, e.g. 120."), code="not_whole")
    low, high = RANGES.get(unit, (Decimal(0), None))
    if value < low or (high is not None and value > high):
        if high is None:
            message = _("The value cannot be negative.")
        else:
            message = _("Enter a value from %(low)s to %(high)s.") % {"low": low, "high": high}
        raise ValidationError(message, code="out_of_range")
    if abs(value) >= Decimal("1e10"):
        raise ValidationError(_("The value is too large."), code="out_of_range")
    return value.quantize(Decimal("0.0001"))


def parse_period(text) -> Period:
    try:
        return Period.parse(text)
    except PeriodError as error:
        raise ValidationError(str(error), code="unknown_period") from None


# Measurements ---------------------------------------------------------------------------------------


@transaction.atomic
def record_measurement(
    *,
    indicator: Indicator,
    period: str,
    value,
    source: str,
    source_url: str = "",
    note: str = "",
    sample_size: int | None = None,
    user=None,
    replace: bool = False,
    today: dt.date | None = None,
) -> Measurement:
    """Store a value of ``indicator`` for a period typed by a person (see ``Period.parse``).

    Raises ``ValidationError`` (with field names) for an unknown period, a period that has not
    begun, a value in the wrong format or range, a missing source, and a second value for the
    same period unless ``replace``.
    """
    today = today or timezone.localdate()
    errors = {}
    parsed = None
    try:
        parsed = parse_period(period)
        if parsed.start > today:
            errors["period"] = [_("The period has not begun yet: enter values for periods that have.")]
    except ValidationError as error:
        errors["period"] = error.messages
    try:
        number = value if isinstance(value, Decimal) else parse_value(value, indicator.unit)
    except ValidationError as error:
        errors["value"] = error.messages
    if not (source or "").strip():
        errors["source"] = [_("Say where the figure comes from.")]
    if errors:
        raise ValidationError(errors)
    Indicator.objects.select_for_update().get(pk=indicator.pk)
    existing = Measurement.objects.filter(indicator=indicator, period=parsed.code).first()
    if existing is not None and not replace:
        raise ValidationError(
            {
                "period": [
                    _("%(indicator)s already has the value %(value)s for %(period)s. Tick “Replace” to change it.")
                    % {
                        "indicator": indicator.name,
                        "value": format_value(existing.value, indicator.unit),
                        "period": parsed.label,
                    }
                ]
            },
            code="duplicate",
        )
    measurement = existing or Measurement(indicator=indicator, period=parsed.code)
    measurement.period_kind = parsed.kind
    measurement.period_start, measurement.period_end = parsed.start, parsed.end
    measurement.value = number
    measurement.source = source.strip()
    measurement.source_url = source_url or ""
    measurement.note = note or ""
    measurement.sample_size = sample_size
    measurement.entered_by = user if getattr(user, "pk", None) else None
    measurement._history_user = measurement.entered_by
    measurement.save()
    return measurement


# Reference distribution ---------------------------------------------------------------------------


def check_shares(shares: dict[str, Decimal]) -> Decimal:
    total = sum(shares.values(), Decimal(0))
    if abs(total - 100) > Decimal(SUM_TOLERANCE):
        raise ValidationError(
            _("The shares add up to %(total)s %%; they must add up to 100 %% (±%(tolerance)s for rounding).")
            % {"total": total.normalize(), "tolerance": SUM_TOLERANCE},
            code="sum_not_100",
        )
    return total


@transaction.atomic
def set_reference_distribution(
    *, name: str, source: str, shares: dict[str, Decimal], source_url: str = "", year=None, user=None
) -> ReferenceDistribution:
    """Put a new distribution in use (the previous one is kept, not in use)."""
    check_shares(shares)
    for percent in shares.values():
        if percent < 0 or percent > 100:
            raise ValidationError(_("Each share is from 0 to 100 per cent."), code="share_range")
    ReferenceDistribution.objects.select_for_update().filter(is_active=True).update(is_active=False)
    distribution = ReferenceDistribution(
        name=name, source=source, source_url=source_url, year=year, is_active=True, created_by=user
    )
    distribution._history_user = user
    distribution.save()
    ReferenceShare.objects.bulk_create(
        ReferenceShare(distribution=distribution, band=band, percent=percent) for band, percent in shares.items()
    )
    from goals.cache import invalidate

    invalidate()  # bulk_create sends no signals
    return distribution


# The survey -----------------------------------------------------------------------------------------


class AlreadyAnswered(Exception):
    """This browser (or this very form) has already answered the wave."""


def form_key_hash(key: str) -> str:
    return hashlib.sha256(f"goals.survey:{key}".encode()).hexdigest()


def submit_answer(
    *,
    wave: SurveyWave,
    safety: str,
    attractiveness: int,
    visits: str,
    age_band: str = "",
    gender: str = "",
    form_key: str,
    today: dt.date | None = None,
) -> SurveyResponse:
    """Store one anonymous answer. Raises ``ValidationError`` when the wave is not open or a value
    is not a choice, and ``AlreadyAnswered`` when the same form was sent before."""
    today = today or timezone.localdate()
    if not wave.is_open(today):
        raise ValidationError(_("This survey is closed."), code="closed")
    if (
        safety not in Safety.values
        or visits not in VisitFrequency.values
        or attractiveness not in range(1, 6)
        or (gender and gender not in Gender.values)
    ):
        raise ValidationError(_("Choose one of the answers given."), code="invalid_choice")
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                wave=wave,
                safety=safety,
                attractiveness=attractiveness,
                visits=visits,
                age_band=age_band or "",
                gender=gender or "",
                submitted_on=today,
                form_key=form_key_hash(form_key),
            )
    except IntegrityError:
        raise AlreadyAnswered from None


@transaction.atomic
def record_wave_results(*, wave: SurveyWave, user=None, now: dt.datetime | None = None) -> list[Measurement]:
    """Turn a closed wave's results into measurements of goal #3's survey indicators.

    Refused while the wave is open and below the minimum number of answers (10 by default).
    Running it again updates the same measurements.
    """
    now = now or timezone.now()
    wave = SurveyWave.objects.select_for_update().get(pk=wave.pk)
    if not wave.has_closed(timezone.localdate(now)):
        raise ValidationError(
            _("The wave is open until %(date)s: its results are recorded once it has closed.")
            % {"date": wave.closes_on.isoformat()},
            code="still_open",
        )
    results = wave_results(wave)
    if not results.enough:
        raise ValidationError(
            ngettext(
                "The wave has %(answers)s answer; results are recorded from %(minimum)s answers.",
                "The wave has %(answers)s answers; results are recorded from %(minimum)s answers.",
                results.answers,
            )
            % {"answers": results.answers, "minimum": min_answers()},
            code="too_few",
        )
    values = {
        SURVEY_SAFE: results.share_safe,
        SURVEY_UNSAFE: results.share_unsafe,
        SURVEY_ATTRACTIVENESS: results.mean_attractiveness,
    }
    period = Period.day(wave.closes_on)
    saved = []
    for indicator in Indicator.objects.filter(code__in=values):
        value = values[indicator.code]
        if value is None:
            continue
        measurement, _created = Measurement.objects.update_or_create(
            indicator=indicator,
            period=period.code,
            defaults={
                "period_kind": period.kind,
                "period_start": period.start,
                "period_end": period.end,
                "value": Decimal(str(round(value, 4))),
                "sample_size": results.answers,
                "source": f"KLOCKET:s trygghetsenkät, {wave.name}"[:200],
                "wave": wave,
                "entered_by": user if getattr(user, "pk", None) else None,
            },
        )
        saved.append(measurement)
    wave.results_published_at = now
    wave.save(update_fields=["results_published_at"])
    return saved
