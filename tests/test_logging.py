"""Structured logs: one JSON object per line, a request id from the proxy (or made up) on every line
of a request and on the response, timing per request, and Sentry only when SENTRY_DSN is set."""

import io
import json
import logging
import logging.config
import re

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import path, reverse

from klocket import observability
from klocket.logging import (
    JsonFormatter,
    RequestContext,
    TextFormatter,
    bind_request,
    current_request,
    logging_config,
    unbind_request,
)
from klocket.middleware import HEADER

MIDDLEWARE = "klocket.middleware.RequestIdMiddleware"
GENERATED_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def with_request_ids(settings, tmp_path):
    """The middleware first in the stack (where settings put it), media in a scratch folder."""
    settings.MIDDLEWARE = [MIDDLEWARE, *[name for name in settings.MIDDLEWARE if name != MIDDLEWARE]]
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def log_lines():
    """Every line the portal logs while the test runs, formatted as in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger(name) for name in ("klocket", "django.request")]
    previous = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)

    def lines(logger_name=None):
        parsed = [json.loads(line) for line in stream.getvalue().splitlines()]
        return [line for line in parsed if logger_name is None or line["logger"] == logger_name]

    yield lines
    for logger, level in previous:
        logger.removeHandler(handler)
        logger.setLevel(level)


def make_record(message="Läxhjälp saved %s", args=("twice",), exc_info=None, **extra):
    record = logging.getLogger("klocket.test").makeRecord(
        "klocket.test", logging.INFO, __file__, 1, message, args, exc_info, extra=extra
    )
    return record


# The formatter ------------------------------------------------------------------------------------------------


def test_json_line_shape():
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError:
        import sys

        record = make_record(exc_info=sys.exc_info(), status=201, duration_ms=3.5, request=object())
    line = JsonFormatter().format(record)
    assert "\n" not in line  # the traceback stays on its one line
    entry = json.loads(line)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", entry["time"])
    assert entry["level"] == "INFO" and entry["logger"] == "klocket.test"
    assert entry["message"] == "Läxhjälp saved twice"
    assert entry["status"] == 201 and entry["duration_ms"] == 3.5
    assert "ZeroDivisionError" in entry["exc_info"] and "Traceback" in entry["exc_info"]
    assert "request" not in entry  # objects are not dumped into the log
    assert "request_id" not in entry  # logged outside a request


def test_json_line_inside_a_request_carries_its_fields():
    token = bind_request(RequestContext(request_id="abc-1", method="POST", path="/personal/"))
    try:
        entry = json.loads(JsonFormatter().format(make_record()))
    finally:
        unbind_request(token)
    assert entry["request_id"] == "abc-1" and entry["method"] == "POST" and entry["path"] == "/personal/"
    assert "user_id" not in entry


def test_django_status_code_becomes_status():
    entry = json.loads(JsonFormatter().format(make_record("Not Found: /x", (), status_code=404)))
    assert entry["status"] == 404 and "status_code" not in entry


def test_text_lines_for_development():
    formatter = TextFormatter()
    assert "[-] klocket.test: Läxhjälp saved twice" in formatter.format(make_record())
    token = bind_request(RequestContext(request_id="abc-2", method="GET", path="/"))
    try:
        record = make_record()
        assert "[abc-2] klocket.test" in formatter.format(record)
    finally:
        unbind_request(token)
    assert not hasattr(record, "request_id")  # other handlers see the record unchanged


# The middleware ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_request_id_from_the_proxy_is_kept_and_logged_with_timing(client, with_request_ids, log_lines):
    response = client.get(reverse("home"), HTTP_X_REQUEST_ID="lb-42.abc_DEF")
    assert response.status_code == 200
    assert response[HEADER] == "lb-42.abc_DEF"
    (line,) = log_lines("klocket.request")
    assert line["request_id"] == "lb-42.abc_DEF"
    assert line["method"] == "GET" and line["path"] == "/" and line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["level"] == "INFO" and line["message"].startswith("GET / 200 ")
    assert "user_id" not in line


@pytest.mark.django_db
def test_every_line_of_a_request_carries_its_id(client, with_request_ids, settings, log_lines):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get(reverse("healthz"), HTTP_X_REQUEST_ID="trace-7")
    assert response.status_code == 503
    (warning,) = log_lines("klocket.health")
    assert warning["request_id"] == "trace-7" and warning["path"] == "/healthz" and warning["level"] == "WARNING"
    assert "exc_info" in warning
    (line,) = log_lines("klocket.request")
    assert line["request_id"] == "trace-7" and line["status"] == 503


@pytest.mark.django_db
@pytest.mark.parametrize(
    "incoming",
    ["", "a" * 65, "has space", "<script>", "åäö", "id\r\nSet-Cookie: x=1", "a;b", "../etc"],
)
def test_bad_incoming_request_ids_are_replaced(client, with_request_ids, log_lines, incoming):
    response = client.get(reverse("home"), HTTP_X_REQUEST_ID=incoming)
    assert GENERATED_ID.fullmatch(response[HEADER])
    (line,) = log_lines("klocket.request")
    assert line["request_id"] == response[HEADER]


@pytest.mark.django_db
def test_requests_without_an_id_get_distinct_ones(client, with_request_ids):
    first = client.get(reverse("home"))[HEADER]
    second = client.get(reverse("home"))[HEADER]
    assert GENERATED_ID.fullmatch(first) and GENERATED_ID.fullmatch(second) and first != second


@pytest.mark.django_db
def test_the_signed_in_users_id_is_logged_never_their_name(client_for, users, with_request_ids, log_lines):
    client = client_for("coordinator")
    assert client.get(reverse("staff-home")).status_code == 200
    (line,) = log_lines("klocket.request")
    assert line["user_id"] == users["coordinator"].pk
    assert "coordinator" not in json.dumps(line)


@pytest.mark.django_db
def test_logging_costs_no_queries(client, with_request_ids, log_lines, django_assert_num_queries):
    # healthz makes one query (SELECT 1); the log line must not load a session or a user for its user_id.
    with django_assert_num_queries(1):
        assert client.get(reverse("healthz")).status_code == 200
    (line,) = log_lines("klocket.request")
    assert line["level"] == "DEBUG"  # load balancers poll it: quiet unless it fails


@pytest.mark.django_db
def test_password_reset_tokens_stay_out_of_the_log(client, with_request_ids, log_lines):
    url = reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "c0ffee-secret-token"})
    client.get(url)
    (line,) = log_lines("klocket.request")
    assert line["path"] == "/konto/losenord/<uidb64>/<token>/"
    assert "c0ffee-secret-token" not in json.dumps(log_lines())


@pytest.mark.django_db
def test_not_found_is_logged_with_its_status(client, with_request_ids, log_lines):
    assert client.get("/no-such-page/", HTTP_X_REQUEST_ID="r-404").status_code == 404
    (line,) = log_lines("klocket.request")
    assert line["status"] == 404 and line["level"] == "INFO"
    (django_line,) = log_lines("django.request")
    assert django_line["request_id"] == "r-404" and django_line["status"] == 404


def broken_view(request):
    raise RuntimeError("something broke")


urlpatterns = [path("broken/", broken_view)]


@pytest.mark.django_db
def test_a_server_error_is_logged_with_its_request_id_and_traceback(with_request_ids, settings, log_lines):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/broken/", HTTP_X_REQUEST_ID="r-500")
    assert response.status_code == 500 and response[HEADER] == "r-500"
    (line,) = log_lines("klocket.request")
    assert line["status"] == 500 and line["level"] == "WARNING"
    (error,) = log_lines("django.request")
    assert error["level"] == "ERROR" and error["request_id"] == "r-500" and error["status"] == 500
    assert "RuntimeError: something broke" in error["exc_info"]


@pytest.mark.django_db
def test_the_request_context_ends_with_the_response(client, with_request_ids):
    client.get(reverse("home"), HTTP_X_REQUEST_ID="r-1")
    assert current_request() is None


# Configuration ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_logging_config_applies(log_format):
    try:
        logging.config.dictConfig(logging_config(log_format=log_format, level="info"))
        handler = logging.getLogger().handlers[0]
        expected = JsonFormatter if log_format == "json" else TextFormatter
        assert isinstance(handler.formatter, expected)
        assert logging.getLogger().level == logging.INFO
    finally:
        logging.config.dictConfig(django_settings.LOGGING)


def test_logging_config_refuses_bad_values():
    with pytest.raises(ImproperlyConfigured, match="DJANGO_LOG_FORMAT='xml'"):
        logging_config(log_format="xml", level="INFO")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_LOG_LEVEL='LOUD'"):
        logging_config(log_format="json", level="LOUD")


# Sentry -----------------------------------------------------------------------------------------------------------


@pytest.fixture
def sentry_calls(monkeypatch):
    import sentry_sdk

    calls = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **kwargs: calls.append(kwargs))
    return calls


def test_sentry_stays_off_without_a_dsn(sentry_calls):
    assert observability.init_sentry({}) is False
    assert observability.init_sentry({"SENTRY_DSN": "  "}) is False
    assert sentry_calls == []


def test_sentry_starts_with_a_dsn_and_sends_no_personal_data(sentry_calls):
    from sentry_sdk.integrations.django import DjangoIntegration

    assert observability.init_sentry({"SENTRY_DSN": "https://key@sentry.example.org/3"}) is True
    (options,) = sentry_calls
    assert options["dsn"] == "https://key@sentry.example.org/3"
    assert any(isinstance(integration, DjangoIntegration) for integration in options["integrations"])
    assert options.get("send_default_pii", False) is False  # unset is False (setting it is deprecated in 2.75)
    assert options["max_request_body_size"] == "never" and options["include_local_variables"] is False
    assert options["traces_sample_rate"] == 0.0


def test_sentry_traces_sample_rate_from_the_environment(sentry_calls):
    observability.init_sentry({"SENTRY_DSN": "https://key@sentry.example.org/3", "SENTRY_TRACES_SAMPLE_RATE": "0.05"})
    assert sentry_calls[0]["traces_sample_rate"] == 0.05


@pytest.mark.parametrize("rate", ["often", "1.5", "-0.1"])
def test_sentry_bad_sample_rate_is_refused(sentry_calls, rate):
    with pytest.raises(ImproperlyConfigured, match="SENTRY_TRACES_SAMPLE_RATE"):
        observability.init_sentry({"SENTRY_DSN": "https://key@sentry.example.org/3", "SENTRY_TRACES_SAMPLE_RATE": rate})
    assert sentry_calls == []


def test_sentry_bad_dsn_is_named(sentry_calls):
    with pytest.raises(ImproperlyConfigured, match="SENTRY_DSN is not a valid Sentry DSN"):
        observability.init_sentry({"SENTRY_DSN": "not-a-dsn"})
    assert sentry_calls == []


def test_sentry_reports_carry_the_request_id():
    assert observability.tag_request_id({}, {}) == {}
    token = bind_request(RequestContext(request_id="abc-3", method="GET", path="/"))
    try:
        assert observability.tag_request_id({"tags": {"x": "1"}}, {})["tags"] == {"x": "1", "request_id": "abc-3"}
    finally:
        unbind_request(token)
