"""Numbers past what an integer column holds are "no such id", never a 500 (klocket/lookups.py).

tests/test_fuzz.py posts them into every form and path of the demo data; these name the cases
that were reported.
"""

import pytest
from django.urls import reverse

from activities.models import Organisation
from safety_walks.forms import WalkForm

HUGE = [2**63, 10**30, -(2**63) - 1]


@pytest.mark.parametrize("huge", HUGE)
def test_in_lookup_with_out_of_range_numbers_matches_nothing(organisation_a, huge):
    assert list(Organisation.objects.filter(pk__in=[huge])) == []
    assert list(Organisation.objects.filter(pk__in=[huge, organisation_a.pk])) == [organisation_a]


@pytest.mark.parametrize("huge", HUGE)
def test_multiple_choice_with_out_of_range_id_is_a_form_error(area, organisation_a, huge):
    form = WalkForm(data={"organisations": [str(huge)], "area": area.pk, "date": "2026-05-01"})
    assert not form.is_valid()
    assert "organisations" in form.errors


def test_30_digit_id_in_a_path_is_404(client_for):
    client = client_for("coordinator")
    path = reverse("staff-activity-edit", args=[1]).replace("/1/", f"/{10**30}/")
    assert client.get(path).status_code == 404
    assert client.get(f"/evenemang/{10**30}/").status_code == 404


@pytest.mark.parametrize("huge", HUGE[:2])
def test_presence_grid_with_out_of_range_session_is_not_500(client_for, organisation_a, venue, huge):
    from tests.test_attendance_helpers import circle_with_presence

    circle, people = circle_with_presence(organisation_a, venue)
    data = {"session": [str(huge)], "present": [f"{people[0].pk}_{huge}"], "shown": [f"{huge}_{huge}"]}
    response = client_for("partner_a").post(reverse("attendance-circle", args=[circle.pk]), data)
    assert response.status_code in (200, 302)
