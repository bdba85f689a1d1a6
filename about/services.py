"""Writes of the about app: storing feedback and the retention rule for its contacts."""

import datetime as dt

from django.utils import timezone

from about.models import AccessibilityFeedback


def submit_feedback(*, page: str, problem: str, contact: str) -> AccessibilityFeedback:
    return AccessibilityFeedback.objects.create(page=page, problem=problem, contact=contact)


def erase_feedback_contacts(*, days: int, dry_run: bool = False) -> int:
    """Erase the contact of feedback answered or closed more than ``days`` days ago; return how many."""
    old = AccessibilityFeedback.objects.contacts_to_erase(before=timezone.now() - dt.timedelta(days=days))
    return old.count() if dry_run else old.update(contact="")
