"""Hand-over lists (print page and XLSX), marking them handed over, and the follow-up per party."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from safety_walks import services
from safety_walks.models import HandOver, Status
from tests.test_safety_walks_support import advance, make_deficiency, make_report, make_walk, media  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def walk_with_list(area, organisation_a, organisation_b):
    walk = make_walk(area)
    lamp = make_deficiency(walk, party=organisation_a, place="Gångvägen", description="=HYPERLINK(\"http://evil\")",
                           proposed_measure="Byt lampan", priority="high", private_note="Privat: ring Kalle",
                           latitude="58.577500", longitude="16.137800")  # fmt: skip
    bush = make_deficiency(walk, party=organisation_a, place="Busken", category="vegetation", priority="low")
    other = make_deficiency(walk, party=organisation_b, place="Skylten", category="signage")
    # A deficiency from a resident's report in the same area never brings the contact along.
    report = make_report(area, contact="hemlig.kontakt@example.org")
    services.accept_report(report=report, user=None, category="lighting", place="Cykelstället",
                           responsible_party=organisation_a)  # fmt: skip
    return {"walk": walk, "lamp": lamp, "bush": bush, "other": other}


def test_print_page_lists_the_partys_deficiencies_only(client_for, walk_with_list, organisation_a):
    walk = walk_with_list["walk"]
    response = client_for("coordinator").get(
        reverse("sw-handover", args=[walk.pk, organisation_a.slug]), HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Gångvägen" in body and "Busken" in body and "Byt lampan" in body
    assert "Skylten" not in body and "Cykelstället" not in body
    assert "hemlig.kontakt" not in body and "Privat: ring Kalle" not in body
    assert 'class="handover-sheet"' in body and 'class="no-print"' in body
    assert "Not handed over yet." in body


def test_xlsx_has_swedish_friendly_headers_dates_and_text_kept_as_text(client_for, walk_with_list, organisation_a):
    walk = walk_with_list["walk"]
    services.hand_over(walk=walk, organisation=organisation_a, user=None, on=dt.date(2020, 9, 12))
    response = client_for("coordinator").get(
        reverse("sw-handover-xlsx", args=[walk.pk, organisation_a.slug]), HTTP_ACCEPT_LANGUAGE="sv"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="overlamning-2020-09-11-hyresgastforeningen.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    headers = rows[3]
    assert len(headers) == 12 and headers[0] and headers[2]
    data = {row[2]: row for row in rows[4:]}
    assert [row[2] for row in rows[4:]] == ["Gångvägen", "Busken"]  # high priority first
    lamp = data["Gångvägen"]
    assert lamp[3] == 58.5775 and lamp[4] == 16.1378
    assert lamp[10].date() == dt.date(2020, 9, 12)
    # A description that looks like a formula stays text.
    cell = next(c for c in sheet[5] + sheet[6] if c.value == '=HYPERLINK("http://evil")')
    assert cell.data_type == "s"
    flat = repr(rows)
    assert "hemlig.kontakt" not in flat and "Privat" not in flat


def test_xlsx_headers_in_english(client_for, walk_with_list, organisation_a):
    response = client_for("coordinator").get(
        reverse("sw-handover-xlsx", args=[walk_with_list["walk"].pk, organisation_a.slug]), HTTP_ACCEPT_LANGUAGE="en"
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[3][:3] == ("No.", "Category", "Place")
    assert rows[1][0] == "Responsible party: Hyresgästföreningen"


def test_marking_handed_over_records_the_date(client_for, walk_with_list, organisation_a, users):
    walk = walk_with_list["walk"]
    url = reverse("sw-handover-mark", args=[walk.pk, organisation_a.slug])
    client = client_for("coordinator")
    response = client.post(url, {"handed_over_on": "2020-09-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "before the walk took place" in response.content.decode()
    response = client.post(url, {"handed_over_on": "2020-09-12"})
    assert response.status_code == 302
    done = HandOver.objects.get()
    assert (done.handed_over_on, done.items, done.handed_over_by) == (dt.date(2020, 9, 12), 2, users["coordinator"])
    lamp = walk_with_list["lamp"]
    lamp.refresh_from_db()
    assert lamp.status == Status.HANDED_OVER and lamp.handed_over_on == dt.date(2020, 9, 12)
    assert walk_with_list["other"].status == Status.OBSERVED
    page = client.get(reverse("sw-handover", args=[walk.pk, organisation_a.slug]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Handed over on 12 September 2020." in page.content.decode()
    response = client.post(url, {"handed_over_on": "2020-09-13"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "Nothing to hand over" in response.content.decode()


def test_partner_sees_their_hand_over_once_handed_over(client_for, walk_with_list, organisation_a, organisation_b):
    walk = walk_with_list["walk"]
    url = reverse("sw-handover", args=[walk.pk, organisation_a.slug])
    assert client_for("partner_a").get(url).status_code == 404  # still being prepared
    services.hand_over(walk=walk, organisation=organisation_a, user=None, on=dt.date(2020, 9, 12))
    assert client_for("partner_a").get(url).status_code == 200
    assert client_for("partner_b").get(url).status_code == 404
    assert (
        client_for("partner_b").get(reverse("sw-handover-xlsx", args=[walk.pk, organisation_a.slug])).status_code == 404
    )


def test_follow_up_counts_days_open_and_flags_overdue(client_for, area, organisation_a, settings):
    walk = make_walk(area, dt.date(2026, 1, 10))
    old = advance(
        make_deficiency(walk, party=organisation_a, place="Gammal"), Status.HANDED_OVER, on=dt.date(2026, 1, 12)
    )
    recent = make_deficiency(make_walk(area, dt.date(2026, 9, 1)), party=organisation_a, place="Ny")
    advance(recent, Status.HANDED_OVER, Status.ACCEPTED, on=dt.date(2026, 9, 2))
    fixed = make_deficiency(walk, party=organisation_a, place="Lagad")
    advance(fixed, Status.HANDED_OVER, Status.ACCEPTED, on=dt.date(2026, 1, 12))
    advance(fixed, Status.FIXED, on=dt.date(2026, 3, 1))
    with time_machine.travel(dt.datetime(2026, 11, 27, 12, 0), tick=False):
        response = client_for("partner_a").get(
            reverse("sw-followup", args=[organisation_a.slug]), HTTP_ACCEPT_LANGUAGE="en"
        )
        open_items = {item.place: item for item in response.context["open_items"]}
        assert open_items["Gammal"].days_open == 319 and open_items["Gammal"].is_overdue
        assert open_items["Ny"].days_open == 86 and not open_items["Ny"].is_overdue
        assert [item.place for item in response.context["fixed_items"]] == ["Lagad"]
        body = response.content.decode()
        assert "(overdue)" in body and "of which overdue (more than 182 days): 1" in body
        index = client_for("coordinator").get(reverse("sw-followup-index"))
        party = next(p for p in index.context["parties"] if p.pk == organisation_a.pk)
        assert (party.open_count, party.overdue_count, party.fixed_count) == (2, 1, 1)
        settings.KLOCKET_DEFICIENCY_OVERDUE_DAYS = 365
        response = client_for("partner_a").get(reverse("sw-followup", args=[organisation_a.slug]))
        assert not any(item.is_overdue for item in response.context["open_items"])
    assert old.pk


def test_follow_up_index_for_a_partner_lists_only_their_organisation(client_for, area, organisation_a, organisation_b):
    walk = make_walk(area)
    advance(make_deficiency(walk, party=organisation_a), Status.HANDED_OVER)
    advance(make_deficiency(walk, party=organisation_b), Status.HANDED_OVER)
    parties = client_for("partner_b").get(reverse("sw-followup-index")).context["parties"]
    assert [party.pk for party in parties] == [organisation_b.pk]


@pytest.mark.parametrize(("language", "title"), [("sv", "Brister för"), ("en", "Deficiencies for")])
def test_hand_over_pdf_holds_the_partys_list_only(client_for, walk_with_list, organisation_a, language, title):
    """The print page offers a PDF made on the server, like the goals report."""
    from django.utils import translation

    from safety_walks import handover_pdf, selectors

    walk = walk_with_list["walk"]
    url = reverse("sw-handover-pdf", args=[walk.pk, organisation_a.slug])
    page = client_for("coordinator").get(reverse("sw-handover", args=[walk.pk, organisation_a.slug]))
    assert f'href="{url}"' in page.content.decode()
    response = client_for("coordinator").get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response.content.startswith(b"%PDF")
    with translation.override(language):
        flowables = handover_pdf.story(
            walk=walk,
            organisation=organisation_a,
            items=list(selectors.handover_items(walk, organisation_a)),
            last_hand_over=None,
            printed_on=walk.date,
        )
    text = " ".join(_plain_text(flowable) for flowable in flowables)
    assert f"{title} {organisation_a.name}" in text
    assert "Gångvägen" in text and "Busken" in text and "Byt lampan" in text and '=HYPERLINK("http://evil")' in text
    assert "Skylten" not in text and "Cykelstället" not in text
    assert "hemlig.kontakt" not in text and "Privat: ring Kalle" not in text


def _plain_text(flowable) -> str:
    if hasattr(flowable, "getPlainText"):
        return flowable.getPlainText()
    if hasattr(flowable, "_content"):  # KeepTogether
        return " ".join(_plain_text(part) for part in flowable._content)
    if hasattr(flowable, "_cellvalues"):  # Table
        return " ".join(_plain_text(cell) for row in flowable._cellvalues for cell in row)
    return ""
