"""Hand-over lists per responsible party (print page and XLSX), marking them handed over, and
the follow-up of each party's open deficiencies.

Residents' contact details never appear here: the lists hold only the deficiencies' own fields.
"""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from klocket import permissions
from safety_walks import access, selectors, services
from safety_walks import handover_pdf as pdf
from safety_walks.forms import HandOverForm
from safety_walks.models import HandOver
from safety_walks.views_staff import _walk_or_404


def _handover_context(request, walk_pk, slug):
    walk = _walk_or_404(walk_pk)
    organisation = access.get_party_or_404(request.user, slug)
    items = selectors.handover_items(walk, organisation)
    if not access.reads_everything(request.user):
        # Partner staff see what was handed to them, not what is still being prepared.
        items = items.filter(handed_over_on__isnull=False)
    if not access.reads_everything(request.user) and not items.exists():
        access.require(False)
    return {
        "walk": walk,
        "organisation": organisation,
        "items": items,
        "last_hand_over": HandOver.objects.filter(walk=walk, organisation=organisation)
        .order_by("-handed_over_on", "-pk")
        .first(),
        "is_coordinator": permissions.is_coordinator(request.user),
    }


@access.any_role_required
@require_safe
def handover(request, pk, slug):
    """The list to print (or save as PDF from the browser) for one responsible party."""
    context = _handover_context(request, pk, slug)
    context["printed_on"] = timezone.localdate()
    return render(request, "safety_walks/staff/handover.html", context)


@access.any_role_required
@require_safe
def handover_pdf(request, pk, slug):
    """The same list as a PDF, made on the server (no print dialogue needed)."""
    context = _handover_context(request, pk, slug)
    content = pdf.handover_pdf(
        walk=context["walk"],
        organisation=context["organisation"],
        items=list(context["items"]),
        last_hand_over=context["last_hand_over"],
        printed_on=timezone.localdate(),
    )
    name = f"overlamning-{context['walk'].date.isoformat()}-{slugify(context['organisation'].slug)}.pdf"
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _cell_text(value) -> str:
    return "" if value is None else str(value)


@access.any_role_required
@require_safe
def handover_xlsx(request, pk, slug):
    context = _handover_context(request, pk, slug)
    walk, organisation = context["walk"], context["organisation"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Deficiencies")[:31]
    sheet.append([_("Safety walk %(date)s, %(area)s") % {"date": walk.date.isoformat(), "area": walk.area.name}])
    sheet.append([_("Responsible party: %(party)s") % {"party": organisation.name}])
    sheet.append([])
    headers = [
        _("No."),
        _("Category"),
        _("Place"),
        _("Latitude"),
        _("Longitude"),
        _("Description"),
        _("Proposed measure"),
        _("Priority"),
        _("Status"),
        _("Found on"),
        _("Handed over on"),
        _("Photos"),
    ]
    sheet.append(headers)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=14)
    for item in context["items"]:
        sheet.append(
            [
                item.pk,
                str(item.get_category_display()),
                item.place,
                float(item.latitude) if item.latitude is not None else None,
                float(item.longitude) if item.longitude is not None else None,
                item.description,
                item.proposed_measure,
                str(item.get_priority_display()),
                str(item.get_status_display()),
                item.found_on,
                item.handed_over_on,
                len(item.photos.all()),
            ]
        )
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            if isinstance(cell.value, str):
                # Text stays text: a description starting with "=" is never a formula.
                cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif hasattr(cell.value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
    widths = [6, 22, 30, 11, 11, 50, 40, 10, 18, 12, 14, 8]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A5"
    out = io.BytesIO()
    workbook.save(out)
    name = f"overlamning-{walk.date.isoformat()}-{slugify(organisation.slug)}.xlsx"
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@access.coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def handover_mark(request, pk, slug):
    context = _handover_context(request, pk, slug)
    walk, organisation = context["walk"], context["organisation"]
    form = HandOverForm(request.POST or None, walk=walk)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.hand_over(
                walk=walk, organisation=organisation, user=request.user, on=form.cleaned_data["handed_over_on"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s deficiency handed over to %(party)s on %(date)s.",
                    "%(count)s deficiencies handed over to %(party)s on %(date)s.",
                    done.items,
                )
                % {"count": done.items, "party": organisation.name, "date": done.handed_over_on.isoformat()},
            )
            return redirect("sw-handover", pk=walk.pk, slug=organisation.slug)
    context["form"] = form
    context["waiting"] = context["items"].filter(status="observed").count()
    return render(request, "safety_walks/staff/handover_mark.html", context)


@access.any_role_required
@require_safe
def followup_index(request):
    parties = selectors.followup_overview(access.party_organisations(request.user))
    return render(
        request,
        "safety_walks/staff/followup_index.html",
        {"parties": parties, "overdue_days": selectors.overdue_days()},
    )


@access.any_role_required
@require_safe
def followup(request, slug):
    organisation = access.get_party_or_404(request.user, slug)
    items = selectors.followup_items(organisation)
    return render(
        request,
        "safety_walks/staff/followup.html",
        {
            "organisation": organisation,
            "open_items": items["open"],
            "fixed_items": items["fixed"],
            "overdue_days": selectors.overdue_days(),
            "overdue_count": sum(1 for item in items["open"] if item.is_overdue),
        },
    )
