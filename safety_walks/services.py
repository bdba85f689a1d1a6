"""Writes that touch several rows: recording deficiencies, the status workflow, the next walk's
checklist, hand-overs and the moderation of residents' reports.

Every function is atomic and locks the deficiencies it changes, so two staff members (a
coordinator on the walk and a partner at the office) cannot overwrite each other's step.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safety_walks.models import (
    PARTNER_TRANSITIONS,
    TRANSITIONS,
    CheckResult,
    Deficiency,
    DeficiencyPhoto,
    HandOver,
    ResidentReport,
    SafetyWalk,
    Source,
    Status,
    StatusChange,
)


def _label(status) -> str:
    return str(Status(status).label) if status else "–"


def _log(deficiency, from_status, *, user, on, note="", walk=None, check_result=""):
    return StatusChange.objects.create(
        deficiency=deficiency,
        from_status=from_status,
        to_status=deficiency.status,
        changed_on=on,
        note=note,
        changed_by=user if user and user.is_authenticated else None,
        walk=walk,
        check_result=check_result,
    )


@transaction.atomic
def save_walk(*, form, user) -> SafetyWalk:
    """Save a walk's form with its organisations; the creator is recorded on a new walk."""
    walk = form.save(commit=False)
    if walk.pk is None:
        walk.created_by = user
    walk.save()
    form.save_m2m()
    return walk


@transaction.atomic
def add_deficiency(
    *, walk: SafetyWalk, user, photo=None, photo_description: str = "", photo_public: bool = False, **fields
) -> Deficiency:
    """Record a deficiency seen on ``walk`` (status observed), with an optional first photo."""
    deficiency = Deficiency.objects.create(
        source=Source.WALK,
        walk=walk,
        area=walk.area,
        found_on=walk.date,
        status=Status.OBSERVED,
        created_by=user,
        **fields,
    )
    _log(deficiency, "", user=user, on=walk.date, walk=walk)
    if photo is not None:
        add_photo(deficiency=deficiency, image=photo, description=photo_description, is_public=photo_public, user=user)
    return deficiency


def add_photo(*, deficiency, image, description="", is_public=False, user=None) -> DeficiencyPhoto:
    photo = DeficiencyPhoto(
        deficiency=deficiency, image=image, description=description, is_public=is_public, uploaded_by=user
    )
    photo.save()
    return photo


@transaction.atomic
def change_status(
    *,
    deficiency: Deficiency,
    to_status: str,
    user,
    note: str = "",
    decline_reason: str = "",
    walk: SafetyWalk | None = None,
    on: dt.date | None = None,
    as_partner: bool = False,
) -> Deficiency:
    """Move a deficiency one step along the workflow; anything else raises ValidationError.

    ``as_partner`` limits the steps to what the responsible organisation's staff may do.
    """
    deficiency = Deficiency.objects.select_for_update().get(pk=deficiency.pk)
    current = deficiency.status
    on = on or timezone.localdate()
    allowed = (PARTNER_TRANSITIONS if as_partner else TRANSITIONS).get(current, set())
    if to_status not in allowed:
        steps = ", ".join(_label(value) for value in Status.values if value in allowed) or _("none")
        raise ValidationError(
            _('A deficiency that is "%(current)s" cannot become "%(wanted)s". Possible next steps: %(steps)s.')
            % {"current": _label(current), "wanted": _label(to_status), "steps": steps},
            code="invalid_transition",
        )
    note = note.strip()
    if to_status == Status.DECLINED:
        decline_reason = decline_reason.strip()
        if not decline_reason:
            raise ValidationError(_("Say why the deficiency will not be fixed."), code="reason_required")
        deficiency.decline_reason = decline_reason
    elif to_status == Status.HANDED_OVER:
        if on < deficiency.found_on:
            raise ValidationError(_("A deficiency cannot be handed over before it was found."), code="date")
        deficiency.handed_over_on = on
    elif to_status == Status.FIXED:
        if on < deficiency.found_on:
            raise ValidationError(_("A deficiency cannot be fixed before it was found."), code="date")
        deficiency.fixed_on = on
    elif to_status == Status.ACCEPTED and current == Status.FIXED:
        if not note:
            raise ValidationError(_("Say why the deficiency is reopened."), code="note_required")
        deficiency.fixed_on = None
    elif to_status == Status.VERIFIED:
        if walk is None or walk.area_id != deficiency.area_id or walk.date <= deficiency.found_on:
            raise ValidationError(
                _("A fix is verified at a later walk in the same area than the one where it was found."),
                code="later_walk_required",
            )
        on = walk.date
    deficiency.status = to_status
    deficiency.save()
    if to_status == Status.DECLINED and not note:
        note = deficiency.decline_reason
    _log(deficiency, current, user=user, on=on, note=note, walk=walk)
    return deficiency


@transaction.atomic
def hand_over(*, walk: SafetyWalk, organisation, user, on: dt.date | None = None) -> HandOver:
    """Mark the walk's observed deficiencies for ``organisation`` as handed over on ``on``."""
    on = on or timezone.localdate()
    if on < walk.date:
        raise ValidationError(_("The list cannot be handed over before the walk took place."), code="date")
    items = list(
        Deficiency.objects.select_for_update()
        .filter(walk=walk, responsible_party=organisation, status=Status.OBSERVED)
        .order_by("pk")
    )
    if not items:
        raise ValidationError(
            _("Nothing to hand over: every deficiency on this list has already been handed over."), code="empty"
        )
    for deficiency in items:
        deficiency.status = Status.HANDED_OVER
        deficiency.handed_over_on = on
    Deficiency.objects.bulk_update(items, ["status", "handed_over_on", "updated_at"])
    author = user if user and user.is_authenticated else None
    StatusChange.objects.bulk_create(
        StatusChange(
            deficiency=deficiency,
            from_status=Status.OBSERVED,
            to_status=Status.HANDED_OVER,
            changed_on=on,
            changed_by=author,
            note=_("Handed over to %(party)s.") % {"party": organisation.name},
        )
        for deficiency in items
    )
    return HandOver.objects.create(
        walk=walk, organisation=organisation, handed_over_on=on, items=len(items), handed_over_by=author
    )


@transaction.atomic
def record_checklist(*, walk: SafetyWalk, results, user) -> dict[str, int]:
    """Record what the group saw of earlier deficiencies at this walk.

    ``results`` holds (deficiency id, CheckResult, note). Fixed means fixed and verified at this
    walk; partly fixed or not fixed keeps the item open, and reopens one the party had marked
    fixed. Every check writes the status history with the walk.
    """
    from safety_walks.selectors import carried_over

    wanted = {pk: (result, note.strip()) for pk, result, note in results if result}
    counts = dict.fromkeys(CheckResult.values, 0)
    if not wanted:
        return counts
    for deficiency in carried_over(walk).select_for_update(of=("self",)).filter(pk__in=wanted):
        result, note = wanted[deficiency.pk]
        current = deficiency.status
        if result == CheckResult.FIXED:
            if current != Status.FIXED:
                deficiency.status, deficiency.fixed_on = Status.FIXED, walk.date
                deficiency.save()
                _log(deficiency, current, user=user, on=walk.date, note=note, walk=walk, check_result=result)
                note = ""
            deficiency.status = Status.VERIFIED
            deficiency.save()
            _log(deficiency, Status.FIXED, user=user, on=walk.date, note=note, walk=walk, check_result=result)
        elif current == Status.FIXED:
            # The party said fixed; the group did not see it fixed: back on the party's list.
            deficiency.status, deficiency.fixed_on = Status.ACCEPTED, None
            if deficiency.handed_over_on is None:
                deficiency.handed_over_on = walk.date
            deficiency.save()
            _log(deficiency, current, user=user, on=walk.date, note=note, walk=walk, check_result=result)
        else:
            _log(deficiency, current, user=user, on=walk.date, note=note, walk=walk, check_result=result)
        counts[result] += 1
    return counts


def _create_report(**fields) -> ResidentReport:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return ResidentReport.objects.create(**fields)
        except IntegrityError:
            # A reference number already taken (one in a trillion): draw another.
            fields.pop("reference", None)
            if "photo" in fields and fields["photo"]:
                fields["photo"].seek(0)
    raise IntegrityError("Could not draw a free reference number")


def submit_report(*, area, category, place, description, latitude=None, longitude=None, photo=None, contact=""):
    """A resident's report, held for moderation; returns it with its reference number."""
    return _create_report(
        area=area,
        category=category,
        place=place,
        description=description,
        latitude=latitude,
        longitude=longitude,
        photo=photo or "",
        contact=contact,
    )


def _lock_received(report) -> ResidentReport:
    report = ResidentReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ResidentReport.Status.RECEIVED:
        raise ValidationError(_("This report has already been moderated."), code="moderated")
    return report


def _moderated(report, *, user, status, deficiency=None, public_reply="", note=""):
    report.status = status
    report.deficiency = deficiency
    report.public_reply = public_reply.strip()
    report.moderation_note = note.strip()
    report.moderated_at = timezone.now()
    report.moderated_by = user
    report.save()
    return report


@transaction.atomic
def accept_report(*, report, user, copy_photo=True, public_reply="", note="", **fields) -> Deficiency:
    """Turn a report into a new deficiency of its area. The reporter's contact stays behind."""
    report = _lock_received(report)
    found_on = timezone.localdate(report.received_at)
    deficiency = Deficiency.objects.create(
        source=Source.REPORT, walk=None, area=report.area, found_on=found_on, created_by=user, **fields
    )
    _log(deficiency, "", user=user, on=found_on, note=_("From a resident's report."))
    if copy_photo and report.photo:
        with report.photo.open("rb") as stored:
            copy = ContentFile(stored.read(), name=report.photo.name.rsplit("/", 1)[-1])
        add_photo(deficiency=deficiency, image=copy, is_public=False, user=user)
    _moderated(report, user=user, status=ResidentReport.Status.ACCEPTED, deficiency=deficiency,
               public_reply=public_reply, note=note)  # fmt: skip
    return deficiency


@transaction.atomic
def link_report(*, report, deficiency, user, public_reply="", note="") -> ResidentReport:
    """The report is about a deficiency already known: follow that one instead."""
    report = _lock_received(report)
    return _moderated(report, user=user, status=ResidentReport.Status.ACCEPTED, deficiency=deficiency,
                      public_reply=public_reply, note=note)  # fmt: skip


@transaction.atomic
def reject_report(*, report, user, public_reply, note="") -> ResidentReport:
    if not public_reply.strip():
        raise ValidationError(_("Tell the reporter why the report is closed."), code="reply_required")
    report = _lock_received(report)
    return _moderated(report, user=user, status=ResidentReport.Status.REJECTED, public_reply=public_reply, note=note)
