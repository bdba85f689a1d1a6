"""Measurements entered by hand and the reference distribution: clear messages for bad input,
nothing entered lost, one value per period unless replaced."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from goals import services
from goals.models import Indicator, Measurement, ReferenceDistribution, Unit

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, the source language (Swedish comes from the catalogue)."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("12", Unit.COUNT, Decimal("12")),
        ("1 234", Unit.COUNT, Decimal("1234")),
        ("12,5", Unit.PERCENT, Decimal("12.5")),
        ("12.5 %", Unit.PERCENT, Decimal("12.5")),
        ("0,82", Unit.SCORE, Decimal("0.82")),
        ("3,4", Unit.MEAN_1_5, Decimal("3.4")),
    ],
)
def test_values_as_people_type_them(text, unit, expected):
    assert services.parse_value(text, unit) == expected


@pytest.mark.parametrize(
    ("text", "unit", "code"),
    [
        ("tolv", Unit.COUNT, "not_a_number"),
        ("12,5,3", Unit.COUNT, "not_a_number"),
        ("", Unit.COUNT, "not_a_number"),
        ("12,5", Unit.COUNT, "not_whole"),
        ("-3", Unit.COUNT, "out_of_range"),
        ("120", Unit.PERCENT, "out_of_range"),
        ("1,2", Unit.SCORE, "out_of_range"),
        ("0", Unit.MEAN_1_5, "out_of_range"),
        ("NaN", Unit.PERCENT, "not_a_number"),
        ("1e9", Unit.COUNT, "not_a_number"),
    ],
)
def test_values_in_the_wrong_format(text, unit, code):
    with pytest.raises(ValidationError) as error:
        services.parse_value(text, unit)
    assert error.value.code == code
    assert error.value.messages[0]


def test_record_and_replace(users):
    indicator = Indicator.objects.get(code="visits")
    today = dt.date(2025, 11, 1)
    saved = services.record_measurement(
        indicator=indicator, period="2019", value="1 200", source="Årsrapport 2019", user=users["steering"], today=today
    )
    assert (saved.period, saved.period_kind, saved.period_start, saved.period_end) == (
        "2019", "year", dt.date(2019, 1, 1), dt.date(2019, 12, 31)
    )  # fmt: skip
    assert saved.entered_by == users["steering"]
    with pytest.raises(ValidationError) as error:
        services.record_measurement(indicator=indicator, period="2019", value="1300", source="Ny källa", today=today)
    assert "already has the value 1" in str(error.value.message_dict["period"])
    assert "200 for 2019" in str(error.value.message_dict["period"])
    services.record_measurement(
        indicator=indicator, period="2019", value="1300", source="Ny källa", replace=True, today=today
    )
    assert Measurement.objects.get(indicator=indicator, period="2019").value == 1300
    assert saved.history.count() == 2  # the audit trail keeps both


def test_record_refuses_unknown_and_future_periods_and_missing_source():
    indicator = Indicator.objects.get(code="survey-share-safe")
    with pytest.raises(ValidationError) as error:
        services.record_measurement(
            indicator=indicator, period="våren", value="abc", source=" ", today=dt.date(2025, 11, 1)
        )
    assert set(error.value.message_dict) == {"period", "value", "source"}
    with pytest.raises(ValidationError) as error:
        services.record_measurement(
            indicator=indicator, period="2026-Q1", value="50", source="x", today=dt.date(2025, 11, 1)
        )
    assert "has not begun" in str(error.value)


def test_measurement_page_keeps_what_was_entered(client_for):
    client = client_for("steering")
    url = reverse("goals-measurement-add")
    data = {
        "indicator": "survey-share-safe",
        "period": "2025-Q5",
        "value": "femtio",
        "source": "Norrköpings trygghetsmätning",
        "source_url": "",
        "note": "Från kommunens rapport",
    }
    response = client.post(url, data, **EN)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Please correct the errors below" in content
    assert "is not a period we know" in content
    assert "is not a number" in content
    assert 'value="Norrköpings trygghetsmätning"' in content
    assert "Från kommunens rapport" in content
    assert not Measurement.objects.exists()


def test_measurement_page_saves(client_for):
    client = client_for("steering")
    response = client.post(
        reverse("goals-measurement-add"),
        {"indicator": "survey-share-safe", "period": "2024", "value": "71,5", "source": "Norrköpings kommun",
         "sample_size": "412"},
        **EN,
    )  # fmt: skip
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.value == Decimal("71.5") and measurement.sample_size == 412
    assert response["Location"] == reverse("goals-goal", args=[3])


def test_measurement_page_duplicate_period(client_for):
    client = client_for("steering")
    data = {"indicator": "survey-share-safe", "period": "2024", "value": "70", "source": "A"}
    client.post(reverse("goals-measurement-add"), data)
    response = client.post(reverse("goals-measurement-add"), {**data, "value": "72"}, **EN)
    assert response.status_code == 400
    assert "Tick “Replace” to change it." in response.content.decode()
    response = client.post(reverse("goals-measurement-add"), {**data, "value": "72", "replace": "on"})
    assert response.status_code == 302
    assert Measurement.objects.get().value == 72


def test_measurement_page_rejects_an_unknown_indicator(client_for):
    response = client_for("steering").post(
        reverse("goals-measurement-add"), {"indicator": "nope", "period": "2024", "value": "1", "source": "A"}
    )
    assert response.status_code == 400


def test_police_list_is_not_entered_as_a_measurement(client_for):
    content = client_for("steering").get(reverse("goals-measurement-add")).content.decode()
    assert "police-list-status" not in content


def _shares(values):
    from activities.models import age_bands

    return {f"share_{band.code}": value for band, value in zip(age_bands(), values, strict=True)}


def test_reference_distribution_must_add_up_to_100(client_for):
    client = client_for("steering")
    data = {
        "name": "Befolkning 2024",
        "source": "Norrköpings kommun",
        **_shares(["8", "10", "5", "6", "9", "50", "10"]),
    }
    response = client.post(reverse("goals-reference"), data, **EN)
    assert response.status_code == 400
    content = response.content.decode()
    assert "The shares add up to 98 %; they must add up to 100 %" in content
    assert 'value="Befolkning 2024"' in content
    assert not ReferenceDistribution.objects.exists()


def test_reference_distribution_bad_number(client_for):
    data = {"name": "B", "source": "S", **_shares(["åtta", "10", "5", "6", "9", "50", "12"])}
    response = client_for("steering").post(reverse("goals-reference"), data, **EN)
    assert response.status_code == 400
    assert "is not a number" in response.content.decode()


def test_reference_distribution_in_use_changes_the_target(client_for):
    client = client_for("steering")
    data = {"name": "Befolkning 2024", "source": "SCB via Norrköpings kommun", "year": "2024",
            **_shares(["8,5", "10", "5", "6", "9", "51,5", "10"])}  # fmt: skip
    assert client.post(reverse("goals-reference"), data).status_code == 302
    first = ReferenceDistribution.objects.get(is_active=True)
    assert first.shares.get(band="26-64").percent == Decimal("51.5")
    data["name"] = "Befolkning 2025"
    client.post(reverse("goals-reference"), data)
    assert ReferenceDistribution.objects.get(is_active=True).name == "Befolkning 2025"
    assert ReferenceDistribution.objects.count() == 2
    from goals.selectors import active_reference

    assert active_reference().band_percent["26-64"] == 51.5


def test_plain_decimals():
    assert services.plain(Decimal("1200.0000")) == "1200"
    assert services.plain(Decimal("12.5000")) == "12.5"


def test_reference_tolerates_rounding():
    assert services.check_shares({"a": Decimal("33.3"), "b": Decimal("33.3"), "c": Decimal("33.3")})
    with pytest.raises(ValidationError):
        services.check_shares({"a": Decimal("33.3"), "b": Decimal("33.3"), "c": Decimal("33.2")})


def test_admin_measurement_form_uses_the_same_checks(client_for):
    client = client_for("superuser")
    indicator = Indicator.objects.get(code="visits")
    url = reverse("admin:goals_measurement_add")
    response = client.post(url, {"indicator": indicator.pk, "period": "2025-Q7", "value": "tio", "source": "A"}, **EN)
    assert response.status_code == 200
    assert "is not a period we know" in response.content.decode()
    response = client.post(url, {"indicator": indicator.pk, "period": "2025 Q2", "value": "10", "source": "A"})
    assert response.status_code == 302
    saved = Measurement.objects.get()
    assert saved.period == "2025-Q2" and saved.period_end == dt.date(2025, 6, 30)


def test_admin_reference_shares_must_add_up(client_for):
    client = client_for("superuser")
    url = reverse("admin:goals_referencedistribution_add")
    data = {
        "name": "X", "source": "Y", "is_active": "on",
        "shares-TOTAL_FORMS": "2", "shares-INITIAL_FORMS": "0",
        "shares-0-band": "0-6", "shares-0-percent": "40",
        "shares-1-band": "7-12", "shares-1-percent": "40",
    }  # fmt: skip
    response = client.post(url, data, **EN)
    assert response.status_code == 200
    assert "must add up to 100" in response.content.decode()
