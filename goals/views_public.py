"""Public pages: the goals' summary (aggregates only, groups under 5 people hidden) and the
residents' safety survey (anonymous, one answer per browser and wave)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited

from activities.models import Gender, age_bands
from goals import cache, computations, selectors, services
from goals.dashboard import build_dashboard
from goals.forms import PublicYearForm, SurveyForm, new_form_key
from goals.models import Computation, Safety, SurveyWave, min_answers
from goals.periods import Period, last_full_year

COOKIE_SALT = "goals.survey.answered"
COOKIE_DAYS_AFTER_CLOSE = 60
# One cookie per wave, "this browser has answered" (listed on the cookie page, about/cookies.py).
COOKIE_PREFIX = "klocket_enkat_"


# The public summary ---------------------------------------------------------------------------------------


def _age_gender_table(evenness) -> dict | None:
    """Visits by age band (rows) and gender (columns) with small cells hidden, or None without data."""
    if evenness is None:
        return None
    rows = {}
    for group in evenness.groups:
        rows.setdefault(group.band, {})[group.gender] = group.visits
    hidden = computations.suppress_table(rows)
    labels = {band.code: band.label for band in age_bands()}
    genders = [Gender.FEMALE, Gender.MALE]
    return {
        "genders": [(gender, gender.label) for gender in genders],
        "rows": [(labels.get(band, band), [hidden[band].get(gender) for gender in genders]) for band in hidden],
        "unscored": computations.suppress(evenness.unscored_visits),
        "total": computations.suppress(evenness.scored_visits + evenness.unscored_visits),
    }


def _public_wave(waves) -> selectors.WaveResults | None:
    """The latest wave whose results were recorded (closed, enough answers)."""
    for results in waves:
        if results.wave.results_published_at is not None and results.enough:
            return results
    return None


def _wave_table(results: selectors.WaveResults | None) -> dict | None:
    if results is None:
        return None
    rows = [(label, computations.suppress(count)) for label, count in results.safety_rows()]
    safe_shown = not computations.is_small(results.safe) and not computations.is_small(results.answers - results.safe)
    unsafe_shown = not computations.is_small(results.unsafe) and not computations.is_small(
        results.answers - results.unsafe
    )
    return {
        "results": results,
        "rows": rows,
        "share_safe": results.share_safe if safe_shown else None,
        "share_unsafe": results.share_unsafe if unsafe_shown else None,
    }


def _hidden_survey_values(goals, waves) -> set[str]:
    """Survey shares from a wave where the group behind the share, or the rest, is under 5 people."""
    by_wave = {results.wave.pk: results for results in waves}
    hidden = set()
    for _goal, shown in goals:
        for summary in shown:
            measurement = summary.current.measurement if summary.current else None
            results = by_wave.get(measurement.wave_id) if measurement is not None else None
            if results is None:
                continue
            count = {services.SURVEY_SAFE: results.safe, services.SURVEY_UNSAFE: results.unsafe}.get(
                summary.indicator.code
            )
            if count is not None and (computations.is_small(count) or computations.is_small(results.answers - count)):
                hidden.add(summary.indicator.code)
    return hidden


def public_context(today, year: Period | None = None) -> dict:
    """The public figures of a year (by default the last full one), small groups hidden."""
    year = year or last_full_year(today)
    board = build_dashboard(year, today=today)
    goals = []
    evenness = None
    for goal in board.goals:
        shown = [summary for summary in goal.indicators if summary.indicator.is_public]
        for summary in shown:
            if summary.indicator.computation == Computation.EVENNESS and summary.evenness is not None:
                evenness = summary.evenness
        goals.append((goal, shown))
    waves = selectors.waves_with_results()
    return {
        "board": board,
        "period": year,
        "goals": goals,
        "age_gender": _age_gender_table(evenness),
        "wave": _wave_table(_public_wave(waves)),
        "hidden_codes": _hidden_survey_values(goals, waves),
        "people_computations": [Computation.VISITS],
        "small": computations.SMALL_CELL,
    }


@require_safe
def public_summary(request):
    today = timezone.localdate()
    default = last_full_year(today)
    form = PublicYearForm(request.GET or None, today=today)
    problem = ""
    year = default
    if form.is_bound:
        if form.is_valid():
            year = Period.year(int(form.cleaned_data["ar"])) if form.cleaned_data["ar"] else default
        else:
            problem = _("That year is not one we have figures for, so %(year)s is shown.") % {"year": default.label}

    def render_body():
        context = public_context(today, year)
        context["form"] = PublicYearForm({"ar": year.code}, today=today)
        return render_to_string("goals/_public_body.html", context)

    body = cache.get_or_render(("public", today.isoformat(), year.code), render_body)
    return render(
        request,
        "goals/public_summary.html",
        {"body": body, "problem": problem, "period": year},
    )


# The survey -----------------------------------------------------------------------------------------------


def _cookie_name(wave: SurveyWave) -> str:
    return f"{COOKIE_PREFIX}{wave.pk}"


def has_answered(request, wave: SurveyWave) -> bool:
    return request.get_signed_cookie(_cookie_name(wave), default=None, salt=COOKIE_SALT) == str(wave.pk)


def _remember_answer(response, wave: SurveyWave, today) -> None:
    days = (wave.closes_on - today).days + COOKIE_DAYS_AFTER_CLOSE
    response.set_signed_cookie(
        _cookie_name(wave),
        str(wave.pk),
        salt=COOKIE_SALT,
        max_age=max(days, 1) * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _survey_rate() -> str:
    return getattr(settings, "KLOCKET_SURVEY_RATE", "20/h")


@require_http_methods(["GET", "HEAD", "POST"])
def survey(request):
    today = timezone.localdate()
    wave = selectors.open_wave(today)
    context = {"wave": wave, "min_answers": min_answers(), "safety_note": Safety.DOES_NOT_GO_OUT.label}
    if wave is None:
        return render(request, "goals/survey.html", {**context, "closed": True})
    if has_answered(request, wave):
        status = 409 if request.method == "POST" else 200
        return render(request, "goals/survey.html", {**context, "answered": True}, status=status)
    if request.method != "POST":
        return render(request, "goals/survey.html", {**context, "form": SurveyForm()})
    form = SurveyForm(request.POST)
    # The limit counts per address in the cache under a hashed key: no address is stored in clear.
    limited = is_ratelimited(
        request, group="goals.survey", key="ip", rate=_survey_rate(), method="POST", increment=True
    )
    status = 400
    if limited:
        status = 429
        form.is_valid()
    elif form.is_valid():
        if form.is_robot:
            return redirect("goals-survey-thanks")
        data = form.cleaned_data
        try:
            services.submit_answer(
                wave=wave,
                safety=data["safety"],
                attractiveness=data["attractiveness"],
                visits=data["visits"],
                age_band=data["age_band"],
                gender=data["gender"],
                form_key=data["form_key"],
                today=today,
            )
        except services.AlreadyAnswered:
            response = render(request, "goals/survey.html", {**context, "answered": True}, status=409)
            _remember_answer(response, wave, today)
            return response
        except ValidationError as error:
            form.add_error(None, error)
        else:
            response = redirect("goals-survey-thanks")
            _remember_answer(response, wave, today)
            return response
    # Answers stay as they were; the form gets a fresh key for the next try.
    form.data = form.data.copy()
    form.data["form_key"] = new_form_key()
    return render(
        request,
        "goals/survey.html",
        {**context, "form": form, "forms": [form], "has_errors": bool(form.errors), "limited": limited},
        status=status,
    )


@require_safe
def survey_thanks(request):
    return render(request, "goals/survey_thanks.html", {"min_answers": min_answers()})
