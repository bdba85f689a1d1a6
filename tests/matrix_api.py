"""Permission matrix cases for the API and the embeddable calendar (see test_permission_matrix.py):
public data, the same for every role."""

from django.urls import reverse

from tests.test_permission_matrix import PUBLIC, ROLES

CASES = {
    "api-page": (lambda f: reverse("api-page"), PUBLIC),
    "embed-builder": (lambda f: reverse("embed-builder"), PUBLIC),
    "embed-calendar": (lambda f: reverse("embed-calendar"), PUBLIC),
    "api-v1:api-root": (lambda f: reverse("api-v1:api-root"), dict.fromkeys(ROLES, 404)),
    "api-v1:openapi-json": (lambda f: reverse("api-v1:openapi-json"), PUBLIC),
    "api-v1:list_events": (lambda f: reverse("api-v1:list_events"), PUBLIC),
    "api-v1:get_event": (lambda f: reverse("api-v1:get_event", args=[f("occurrence").pk]), PUBLIC),
    "api-v1:list_activities": (lambda f: reverse("api-v1:list_activities"), PUBLIC),
    "api-v1:get_activity": (lambda f: reverse("api-v1:get_activity", args=[f("activity").pk]), PUBLIC),
    "api-v1:list_places": (lambda f: reverse("api-v1:list_places"), PUBLIC),
    "api-v1:get_place": (lambda f: reverse("api-v1:get_place", args=[f("venue").slug]), PUBLIC),
    "api-v1:list_partners": (lambda f: reverse("api-v1:list_partners"), PUBLIC),
    "api-v1:get_partner": (lambda f: reverse("api-v1:get_partner", args=[f("organisation_a").slug]), PUBLIC),
    "api-v1:list_areas": (lambda f: reverse("api-v1:list_areas"), PUBLIC),
}
