"""The admin: who gets in, and every registered admin's pages answer without a server error."""

import pytest
from django.conf import settings
from django.urls import reverse

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["partner_a", "outsider"])
def test_logged_in_user_without_admin_access_gets_no_access_not_a_redirect_loop(client_for, role):
    response = client_for(role).get("/" + settings.ADMIN_PATH, follow=True, **EN)
    assert len(response.redirect_chain) <= 2
    assert response.status_code == 403
    body = response.content.decode()
    assert "No access to the admin" in body and "skip-link" in body  # the site's own look
    staff_link = f'href="{reverse("staff-home")}"'
    assert (staff_link in body) is (role == "partner_a")  # partner staff have staff pages, outsiders not


@pytest.mark.django_db
def test_admin_login_sends_visitors_to_the_portal_login_and_staff_on(client_for):
    url = reverse("admin-login") + "?next=/" + settings.ADMIN_PATH + "activities/"
    response = client_for("anonymous").get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login") + "?next=")
    response = client_for("coordinator").get(url)
    assert response["Location"] == "/" + settings.ADMIN_PATH + "activities/"
    response = client_for("coordinator").get(reverse("admin-login") + "?next=https://evil.example/")
    assert response["Location"] == reverse("admin:index")
