"""The API against its own OpenAPI document (schemathesis): every endpoint, random valid and
invalid parameters; never a 500, every response as documented. In-process through the
portal's WSGI application: no server, no network."""

import datetime as dt

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from activities.models import Activity, Language, Occurrence
from api.views import api
from klocket.wsgi import application

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI application closes old connections at each request's start and end, which would
    close the test's own transaction on PostgreSQL; Django's test client disconnects the same
    handlers (django.test.client.ClientHandler)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(activity, organisation_b, settings):
    settings.KLOCKET_API_RATE = "100000/m"
    activity.co_organisers.add(organisation_b)
    activity.languages.set(Language.objects.all()[:2])
    activity.cost = "20 kr"
    activity.save()
    start = timezone.now() + dt.timedelta(days=1)
    for day in range(3):
        Occurrence.objects.create(
            activity=activity, start=start + dt.timedelta(days=day), end=start + dt.timedelta(days=day, hours=2)
        )
    Occurrence.objects.filter(pk=Occurrence.objects.first().pk).update(cancelled=True, cancel_reason="Sjuk")
    Activity.objects.create(title="Utkast", organiser=organisation_b, venue=activity.venue)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_as_its_openapi_document_says(case, api_data):
    # The test client does not undo gzip: ask for the body as it is.
    case.call_and_validate(
        headers={"Accept-Encoding": "identity"},
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )
