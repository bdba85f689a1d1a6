"""The residents' safety survey: anonymous answers, one per browser and wave, a rate limit, no IP
address stored, results only from 10 answers, and results recorded as measurements."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from goals import services
from goals.forms import new_form_key
from goals.models import Measurement, SurveyResponse, SurveyWave
from goals.selectors import wave_results
from tests.goals_support import answer, make_wave

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, the source language (Swedish comes from the catalogue)."""
    with translation.override("en"):
        yield


def _form(**changes):
    data = {"safety": "fairly_safe", "attractiveness": "4", "visits": "weekly", "age_band": "", "gender": ""}
    data.update(changes)
    data.setdefault("form_key", new_form_key())
    return data


def test_no_open_wave():
    response = Client().get(reverse("goals-survey"), **EN)
    assert response.status_code == 200
    assert "No survey is open right now" in response.content.decode()


def test_a_resident_answers_once(db):
    wave = make_wave()
    client = Client()
    page = client.get(reverse("goals-survey"), **EN)
    content = page.content.decode()
    assert "How safe do you feel going out alone late in the evening in your own area?" in content
    assert "we do not store your IP address" in content
    response = client.post(reverse("goals-survey"), _form(age_band="26-64", gender="f"), **EN)
    assert response.status_code == 302
    assert response["Location"] == reverse("goals-survey-thanks")
    saved = SurveyResponse.objects.get()
    assert (saved.wave, saved.safety, saved.attractiveness, saved.age_band, saved.gender) == (
        wave, "fairly_safe", 4, "26-64", "f"
    )  # fmt: skip
    assert saved.submitted_on == timezone.localdate()
    # The same browser: told it has answered, and a second answer is refused.
    again = client.get(reverse("goals-survey"), **EN)
    assert "You have already answered" in again.content.decode()
    second = client.post(reverse("goals-survey"), _form(), **EN)
    assert second.status_code == 409
    assert "You have already answered" in second.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_the_same_form_sent_twice_is_stored_once(db):
    make_wave()
    data = _form()
    assert Client().post(reverse("goals-survey"), data).status_code == 302
    other_browser = Client()
    response = other_browser.post(reverse("goals-survey"), data, **EN)
    assert response.status_code == 409
    assert SurveyResponse.objects.count() == 1


def test_a_tampered_cookie_does_not_count(db):
    wave = make_wave()
    client = Client()
    client.cookies[f"klocket_enkat_{wave.pk}"] = str(wave.pk)
    assert client.post(reverse("goals-survey"), _form()).status_code == 302


def test_missing_answers_keep_what_was_chosen(db):
    make_wave()
    response = Client().post(reverse("goals-survey"), _form(safety="", visits="monthly"), **EN)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Choose how safe you feel." in content
    assert 'value="monthly" id="id_visits_2" checked' in content
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [{"safety": "🙂"}, {"attractiveness": "9"}, {"attractiveness": "x"}, {"gender": "q"}, {"age_band": "0-6"},
     {"form_key": "forged"}],
)  # fmt: skip
def test_bad_answers_are_refused_with_a_message(db, changes):
    make_wave()
    response = Client().post(reverse("goals-survey"), _form(**changes), **EN)
    assert response.status_code == 400
    assert "Please correct the errors below" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_robots_filling_the_hidden_field_are_thanked_but_not_stored(db):
    make_wave()
    response = Client().post(reverse("goals-survey"), _form(website="http://spam.example"))
    assert response.status_code == 302
    assert not SurveyResponse.objects.exists()


def test_rate_limit_per_connection(db, settings):
    settings.KLOCKET_SURVEY_RATE = "2/h"
    make_wave()
    for _number in range(2):
        assert Client().post(reverse("goals-survey"), _form()).status_code == 302
    response = Client().post(reverse("goals-survey"), _form(safety="very_unsafe"), **EN)
    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many answers in a short time" in content
    assert 'value="very_unsafe" id="id_safety_3" checked' in content
    assert SurveyResponse.objects.count() == 2


def test_no_ip_address_is_stored(db):
    make_wave()
    Client(REMOTE_ADDR="203.0.113.77").post(reverse("goals-survey"), _form())
    row = SurveyResponse.objects.values().get()
    assert not any("203.0.113" in str(value) for value in row.values())
    assert {field.name for field in SurveyResponse._meta.fields} == {
        "id", "wave", "safety", "attractiveness", "visits", "age_band", "gender", "submitted_on", "form_key"
    }  # fmt: skip


def test_closed_wave_refuses_answers():
    today = timezone.localdate()
    wave = make_wave(opens=today - dt.timedelta(days=30), closes=today - dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.submit_answer(
            wave=wave, safety="very_safe", attractiveness=3, visits="never", form_key="k", today=today
        )
    assert "No survey is open right now" in Client().get(reverse("goals-survey"), **EN).content.decode()


def test_overlapping_waves_are_refused():
    make_wave(opens=dt.date(2026, 3, 1), closes=dt.date(2026, 3, 31))
    other = SurveyWave(name="Overlap", opens_on=dt.date(2026, 3, 20), closes_on=dt.date(2026, 4, 10))
    with pytest.raises(ValidationError):
        other.full_clean()


def _closed_wave_with(answers: int):
    wave = make_wave(opens=dt.date(2025, 3, 1), closes=dt.date(2025, 3, 31))
    for number in range(answers):
        answer(
            wave,
            safety=["very_safe", "fairly_safe", "fairly_unsafe", "not_out"][number % 4],
            attractiveness=number % 5 + 1,
            today=dt.date(2025, 3, 2),
        )
    return wave


def test_results_are_shown_and_recorded_only_from_10_answers(client_for):
    wave = _closed_wave_with(9)
    results = wave_results(wave)
    assert not results.enough
    with pytest.raises(ValidationError) as error:
        services.record_wave_results(wave=wave)
    assert "results are recorded from 10 answers" in str(error.value)
    page = client_for("steering").get(reverse("goals-waves"), **EN).content.decode()
    assert "Shown from 10 answers" in page
    answer(wave, safety="very_safe", attractiveness=5, today=dt.date(2025, 3, 3))
    results = wave_results(wave)
    assert results.enough and results.answers == 10
    # very safe 3+1, fairly safe 2, fairly unsafe 2, not out 2: safe 6/10, unsafe 2/10
    assert results.share_safe == 60 and results.share_unsafe == 20
    assert results.mean_attractiveness == pytest.approx((1 + 2 + 3 + 4 + 5 + 1 + 2 + 3 + 4 + 5) / 10)
    saved = services.record_wave_results(wave=wave)
    values = {m.indicator.code: (m.value, m.sample_size, m.period) for m in saved}
    assert values["survey-share-safe"] == (60, 10, "2025-03-31")
    assert values["survey-share-unsafe"] == (20, 10, "2025-03-31")
    # Recording again updates the same measurements.
    services.record_wave_results(wave=wave)
    assert Measurement.objects.filter(wave=wave).count() == 3


def test_an_open_wave_is_not_recorded_yet():
    wave = make_wave()
    for _number in range(10):
        answer(wave)
    with pytest.raises(ValidationError) as error:
        services.record_wave_results(wave=wave)
    assert "is open until" in str(error.value)


def test_record_button(client_for):
    wave = _closed_wave_with(10)
    client = client_for("steering")
    response = client.post(reverse("goals-wave-record", args=[wave.pk]), **EN)
    assert response.status_code == 302
    assert Measurement.objects.filter(wave=wave).count() == 3
    assert client_for("coordinator").post(reverse("goals-wave-record", args=[wave.pk])).status_code == 404


def test_recorded_results_reach_the_dashboard(client_for):
    wave = _closed_wave_with(12)
    services.record_wave_results(wave=wave)
    content = client_for("steering").get(reverse("goals-dashboard"), {"kvartal": "2025-Q1"}, **EN).content.decode()
    assert "12 answers" in content
