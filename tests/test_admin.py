"""The admin: who gets in, and every registered admin's pages answer without a server error."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests import images

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


# Every registered admin -------------------------------------------------------------------------

PROJECT_APPS = {"activities", "safety_walks", "goals", "klocket"}


def registered_admins():
    from django.contrib import admin

    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def demo_rows(db, users, settings, tmp_path):
    """The demo data, plus a row of the models it leaves empty."""
    from io import StringIO

    from django.core.management import call_command

    from tests.goals_support import answer, make_wave

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=StringIO())
    answer(make_wave())


def test_every_admin_of_the_portal_uses_the_shared_mixin():
    from klocket.admin_base import PortalAdminMixin, PortalInlineMixin

    project = [
        (model, model_admin) for model, model_admin in registered_admins() if model._meta.app_label in PROJECT_APPS
    ]
    assert len(project) > 15
    for model, model_admin in project:
        assert isinstance(model_admin, PortalAdminMixin), model._meta.label
        for inline in model_admin.inlines:
            assert issubclass(inline, PortalInlineMixin), f"{model._meta.label}: {inline.__name__}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["superuser", "coordinator"])
def test_the_history_page_of_every_admin_answers(client_for, demo_rows, role):
    client = client_for(role)
    opened = 0
    for model, _model_admin in registered_admins():
        row = model._default_manager.order_by("pk").first()
        url = admin_url(model, "history", row.pk if row else 999_999)
        response = client.get(url)  # a server error raises here
        assert response.status_code in {200, 302, 403, 404}, f"{role} GET {url}: {response.status_code}"
        if row is not None and role == "superuser":
            assert response.status_code == 200, f"{role} GET {url}"
            opened += 1
    if role == "superuser":
        assert opened > 15


def test_every_image_field_of_every_admin_is_cleaned_by_the_portal(rf, users):
    from django.db import models

    from klocket.images import ProcessedImageField

    request = rf.get("/")
    request.user = users["superuser"]
    checked = 0
    for model, model_admin in registered_admins():
        forms = [(model, model_admin.get_form(request))]
        forms += [
            (inline.model, inline.get_formset(request).form) for inline in model_admin.get_inline_instances(request)
        ]
        for form_model, form in forms:
            for field in form_model._meta.get_fields():
                if isinstance(field, models.ImageField) and field.name in form.base_fields:
                    assert isinstance(form.base_fields[field.name], ProcessedImageField), (
                        f"{form_model._meta.label}.{field.name} in {type(model_admin).__name__}"
                    )
                    checked += 1
    assert checked >= 4  # logo, activity image, walk photo, report photo


def form_data(response) -> dict:
    """What the admin's change form would post back unchanged."""
    from django.db.models.fields.files import FieldFile

    form = response.context["adminform"].form
    data = {}
    for bound in form:
        if bound.field.disabled or bound.name not in form.fields:
            continue
        value = bound.value()
        if isinstance(value, (list, tuple)):
            data[bound.name] = [str(item) for item in value]
        elif value is not None and not isinstance(value, FieldFile):
            data[bound.name] = value
    return data


def truncated_jpeg():
    from django.core.files.uploadedfile import SimpleUploadedFile

    whole = images.jpeg_with_gps(size=(800, 600)).read()
    return SimpleUploadedFile("half.jpg", whole[: len(whole) // 2], content_type="image/jpeg")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (truncated_jpeg, "The image file is damaged or incomplete."),
        (lambda: images.oversized(size_bytes=10 * 1024 * 1024 + 1), "the limit is 10.0"),
        (images.decompression_bomb, "too large"),
    ],
    ids=["truncated-jpeg", "over-10-mb", "pixel-bomb"],
)
def test_a_bad_photo_in_the_report_admin_gets_a_message_not_a_server_error(
    client_for, area, settings, tmp_path, make_file, message
):
    from tests.test_safety_walks_support import make_report

    settings.MEDIA_ROOT = tmp_path / "media"
    report = make_report(area)
    client = client_for("coordinator")
    url = admin_url(type(report), "change", report.pk)
    data = {**form_data(client.get(url, **EN)), "place": "Changed place", "photo": make_file()}
    response = client.post(url, data, **EN)
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["photo"])
    assert response.context["adminform"].form["place"].value() == "Changed place"  # nothing entered is lost
    report.refresh_from_db()
    assert report.place != "Changed place" and not report.photo


@pytest.mark.django_db
def test_a_good_photo_in_the_report_admin_is_stored_without_its_gps(client_for, area, settings, tmp_path):
    from PIL import Image

    from tests.test_safety_walks_support import make_report

    settings.MEDIA_ROOT = tmp_path / "media"
    report = make_report(area)
    client = client_for("coordinator")
    url = admin_url(type(report), "change", report.pk)
    response = client.post(url, {**form_data(client.get(url)), "photo": images.jpeg_with_gps()})
    assert response.status_code == 302
    report.refresh_from_db()
    with Image.open(report.photo.path) as stored:
        assert images.GPS_IFD not in stored.getexif()


# Hidden fields cannot be filtered, searched or sorted on ------------------------------------------


@pytest.fixture
def reports(area):
    from tests.test_safety_walks_support import make_report

    return [
        make_report(area, contact="hanna.hemlig@example.org", place="Gångtunneln"),
        make_report(area, contact="", place="Torget"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["steering", "coordinator", "superuser"])
@pytest.mark.parametrize(
    "query", ["contact__startswith=h", "contact=hanna.hemlig@example.org", "contact__isnull=1", "contact__regex=^h"]
)
def test_nobody_filters_reports_on_the_contact_in_the_query_string(client_for, reports, role, query):
    url = admin_url(type(reports[0]), "changelist") + "?" + query
    assert client_for(role).get(url).status_code == 400  # the same answer whatever the contact is


@pytest.mark.django_db
def test_the_steering_group_cannot_search_or_sort_reports_by_contact_coordinators_can_search(client_for, reports):
    url = admin_url(type(reports[0]), "changelist")
    steering = client_for("steering")
    response = steering.get(url + "?q=hanna")
    assert response.status_code == 200 and response.context["cl"].result_count == 0
    listed = steering.get(url)
    assert "contact" not in listed.context["cl"].list_display
    assert "hanna" not in listed.content.decode()
    # Sorting by any column index is sorting by a visible column.
    for index in range(len(listed.context["cl"].list_display) + 2):
        assert steering.get(f"{url}?o={index}").status_code == 200
    # The contact's form field is not on the steering group's change page either.
    change = steering.get(admin_url(type(reports[0]), "change", reports[0].pk))
    assert "contact" not in change.context["adminform"].form.fields and "hanna" not in change.content.decode()

    coordinator = client_for("coordinator")
    found = coordinator.get(url + "?q=hanna")
    assert [row.pk for row in found.context["cl"].result_list] == [reports[0].pk]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["steering", "coordinator"])
def test_every_admin_filters_only_by_what_its_list_filters_offer(client_for, demo_rows, role):
    """Each filter link the change list shows works; a lookup on any other field is refused."""
    import re

    client = client_for(role)
    for model, model_admin in registered_admins():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        url = admin_url(model, "changelist")
        page = client.get(url)
        if page.status_code == 403:  # the role may not see this model at all
            continue
        assert page.status_code == 200, url
        body = page.content.decode()
        sidebar = body[body.find('id="changelist-filter"') :] if 'id="changelist-filter"' in body else ""
        for link in sorted(set(re.findall(r'href="(\?[^"]*)"', sidebar)))[:12]:
            link = link.replace("&amp;", "&")
            assert client.get(url + link).status_code == 200, f"{role} {url}{link}"
        offered = {model_admin._filter_path(entry).split("__")[0] for entry in model_admin.list_filter}
        offered.add(model_admin.date_hierarchy or "")
        for field in model._meta.concrete_fields:
            if field.name not in offered:
                response = client.get(f"{url}?{field.name}__isnull=0")
                assert response.status_code == 400, f"{role} may filter {url} on {field.name}"


def test_an_admin_without_its_own_image_field_still_gets_the_portals_cleaning(rf, users):
    from django.contrib import admin

    from klocket.admin_base import PortalAdminMixin
    from klocket.images import DEFAULT_MAX_BYTES, ProcessedImageField
    from safety_walks.models import ResidentReport

    class PlainReportAdmin(PortalAdminMixin, admin.ModelAdmin):
        pass

    request = rf.get("/")
    request.user = users["superuser"]
    field = PlainReportAdmin(ResidentReport, admin.site).get_form(request).base_fields["photo"]
    assert isinstance(field, ProcessedImageField) and field.max_bytes == DEFAULT_MAX_BYTES
    assert not field.required  # the model field is optional
