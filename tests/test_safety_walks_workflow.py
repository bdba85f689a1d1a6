"""The status workflow, the next walk's checklist and hand-overs: services and their refusals."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from safety_walks import selectors, services
from safety_walks.models import CheckResult, Deficiency, HandOver, Status, StatusChange
from tests.test_safety_walks_support import (
    FIRST_WALK,
    NEXT_WALK,
    advance,
    make_deficiency,
    make_walk,
)

pytestmark = pytest.mark.django_db


def history(deficiency):
    return list(
        StatusChange.objects.filter(deficiency=deficiency).values_list("from_status", "to_status", "check_result")
    )


def test_full_workflow_writes_history_with_dates(area, organisation_a, users):
    walk = make_walk(area)
    deficiency = make_deficiency(walk, party=organisation_a)
    assert deficiency.status == Status.OBSERVED and deficiency.found_on == FIRST_WALK
    advance(deficiency, Status.HANDED_OVER, on=dt.date(2020, 9, 12))
    advance(deficiency, Status.ACCEPTED, on=dt.date(2020, 9, 14), user=users["partner_a"])
    advance(deficiency, Status.FIXED, on=dt.date(2020, 9, 18))
    deficiency = services.change_status(
        deficiency=deficiency, to_status=Status.VERIFIED, user=users["coordinator"], walk=make_walk(area, NEXT_WALK)
    )
    deficiency.refresh_from_db()
    assert deficiency.status == Status.VERIFIED
    assert deficiency.handed_over_on == dt.date(2020, 9, 12)
    assert deficiency.fixed_on == dt.date(2020, 9, 18)
    assert history(deficiency) == [
        ("", "observed", ""),
        ("observed", "handed_over", ""),
        ("handed_over", "accepted", ""),
        ("accepted", "fixed", ""),
        ("fixed", "verified", ""),
    ]
    last = StatusChange.objects.filter(deficiency=deficiency).last()
    assert last.walk.date == NEXT_WALK and last.changed_on == NEXT_WALK and last.changed_by == users["coordinator"]


@pytest.mark.parametrize(
    ("path", "wanted"),
    [
        ([], Status.FIXED),  # observed straight to fixed skips hand-over and acceptance
        ([], Status.ACCEPTED),
        ([Status.HANDED_OVER], Status.FIXED),  # skips accepted
        ([Status.HANDED_OVER, Status.ACCEPTED], Status.VERIFIED),  # skips fixed
        ([Status.HANDED_OVER, Status.DECLINED], Status.ACCEPTED),  # closed stays closed
    ],
)
def test_skipped_or_backward_steps_are_refused_with_a_translated_message(area, organisation_a, path, wanted):
    deficiency = advance(make_deficiency(make_walk(area), party=organisation_a), *path)
    before = history(deficiency)
    with translation.override("en"), pytest.raises(ValidationError, match="cannot become") as caught:
        services.change_status(deficiency=deficiency, to_status=wanted, user=None)
    assert caught.value.code == "invalid_transition"
    assert "Possible next steps" in caught.value.messages[0]
    deficiency.refresh_from_db()
    assert deficiency.status == (path[-1] if path else Status.OBSERVED)
    assert history(deficiency) == before


def test_declined_needs_a_reason(area, organisation_a):
    deficiency = advance(make_deficiency(make_walk(area), party=organisation_a), Status.HANDED_OVER)
    with translation.override("en"), pytest.raises(ValidationError, match="Say why"):
        services.change_status(deficiency=deficiency, to_status=Status.DECLINED, user=None, decline_reason="  ")
    services.change_status(
        deficiency=deficiency, to_status=Status.DECLINED, user=None, decline_reason="Vägen uppfyller kraven."
    )
    deficiency.refresh_from_db()
    assert deficiency.status == Status.DECLINED and deficiency.decline_reason == "Vägen uppfyller kraven."
    assert StatusChange.objects.filter(deficiency=deficiency).last().note == "Vägen uppfyller kraven."


def test_the_database_refuses_a_declined_deficiency_without_reason(area, organisation_a):
    deficiency = make_deficiency(make_walk(area), party=organisation_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Deficiency.objects.filter(pk=deficiency.pk).update(status=Status.DECLINED, decline_reason="")


def test_a_fixed_deficiency_can_be_reopened_with_a_note(area, organisation_a):
    deficiency = advance(
        make_deficiency(make_walk(area), party=organisation_a), Status.HANDED_OVER, Status.ACCEPTED, Status.FIXED
    )
    with translation.override("en"), pytest.raises(ValidationError, match="reopened"):
        services.change_status(deficiency=deficiency, to_status=Status.ACCEPTED, user=None)
    services.change_status(deficiency=deficiency, to_status=Status.ACCEPTED, user=None, note="Lampan slocknade igen.")
    deficiency.refresh_from_db()
    assert deficiency.status == Status.ACCEPTED and deficiency.fixed_on is None


def test_verified_only_at_a_later_walk_of_the_same_area(area, organisation_a):
    from activities.models import Area

    walk = make_walk(area)
    deficiency = advance(make_deficiency(walk, party=organisation_a), Status.HANDED_OVER, Status.ACCEPTED, Status.FIXED)
    other_area = Area.objects.create(name="Navestad", slug="navestad")
    for wrong in [None, walk, make_walk(other_area, NEXT_WALK)]:
        with translation.override("en"), pytest.raises(ValidationError, match="later walk"):
            services.change_status(deficiency=deficiency, to_status=Status.VERIFIED, user=None, walk=wrong)
    deficiency.refresh_from_db()
    assert deficiency.status == Status.FIXED


def test_partner_staff_may_not_hand_over_or_verify(area, organisation_a):
    deficiency = make_deficiency(make_walk(area), party=organisation_a)
    with pytest.raises(ValidationError):
        services.change_status(deficiency=deficiency, to_status=Status.HANDED_OVER, user=None, as_partner=True)
    deficiency = advance(deficiency, Status.HANDED_OVER)
    services.change_status(deficiency=deficiency, to_status=Status.ACCEPTED, user=None, as_partner=True)


def test_a_stale_copy_cannot_overwrite_a_newer_step(area, organisation_a):
    """Two staff opened the same deficiency: the second step is checked against the locked row."""
    deficiency = advance(make_deficiency(make_walk(area), party=organisation_a), Status.HANDED_OVER, Status.ACCEPTED)
    stale = Deficiency.objects.get(pk=deficiency.pk)
    services.change_status(deficiency=deficiency, to_status=Status.FIXED, user=None)
    assert stale.status == Status.ACCEPTED
    with pytest.raises(ValidationError):
        services.change_status(deficiency=stale, to_status=Status.FIXED, user=None)
    assert StatusChange.objects.filter(deficiency=deficiency, to_status=Status.FIXED).count() == 1


# The next walk's checklist ---------------------------------------------------------------------


@pytest.fixture
def earlier(area, organisation_a, organisation_b):
    """Deficiencies of the first walk in every state the next walk may meet."""
    walk = make_walk(area)
    return {
        "observed": make_deficiency(walk, place="A"),
        "handed": advance(make_deficiency(walk, party=organisation_a, place="B"), Status.HANDED_OVER),
        "accepted": advance(
            make_deficiency(walk, party=organisation_b, place="C"), Status.HANDED_OVER, Status.ACCEPTED
        ),
        "fixed": advance(
            make_deficiency(walk, party=organisation_a, place="D"),
            Status.HANDED_OVER,
            Status.ACCEPTED,
            Status.FIXED,
            on=dt.date(2020, 9, 18),
        ),
        "declined": advance(
            make_deficiency(walk, party=organisation_a, place="E"), Status.HANDED_OVER, Status.DECLINED
        ),
    }


def test_checklist_carries_over_every_earlier_unverified_deficiency_of_the_area(area, earlier):
    from activities.models import Area

    next_walk = make_walk(area, NEXT_WALK)
    found_now = make_deficiency(next_walk, place="Ny brist")
    other = make_walk(Area.objects.create(name="Navestad", slug="navestad"), FIRST_WALK)
    make_deficiency(other, place="Annat område")
    carried = list(selectors.carried_over(next_walk))
    assert [item.place for item in carried] == ["A", "B", "C", "D"]
    assert found_now not in carried


def test_checklist_marks_fixed_partly_and_not_fixed(area, earlier, users):
    next_walk = make_walk(area, NEXT_WALK)
    results = [
        (earlier["observed"].pk, CheckResult.FIXED, "Lagad."),
        (earlier["handed"].pk, CheckResult.PARTLY_FIXED, "En av två lampor."),
        (earlier["accepted"].pk, CheckResult.NOT_FIXED, ""),
        (earlier["fixed"].pk, CheckResult.FIXED, "Ny matta."),
    ]
    counts = services.record_checklist(walk=next_walk, results=results, user=users["coordinator"])
    assert counts == {"fixed": 2, "partly_fixed": 1, "not_fixed": 1}
    state = {key: Deficiency.objects.get(pk=item.pk) for key, item in earlier.items()}
    assert state["observed"].status == Status.VERIFIED and state["observed"].fixed_on == NEXT_WALK
    assert state["fixed"].status == Status.VERIFIED and state["fixed"].fixed_on == dt.date(2020, 9, 18)
    assert state["handed"].status == Status.HANDED_OVER
    assert state["accepted"].status == Status.ACCEPTED
    assert history(state["observed"])[-2:] == [("observed", "fixed", "fixed"), ("fixed", "verified", "fixed")]
    assert history(state["handed"])[-1] == ("handed_over", "handed_over", "partly_fixed")
    assert history(state["accepted"])[-1] == ("accepted", "accepted", "not_fixed")
    checks = StatusChange.objects.filter(walk=next_walk).exclude(check_result="")
    assert {check.changed_by for check in checks} == {users["coordinator"]}
    # Verified ones leave the list; the others stay for the walk after.
    assert [item.place for item in selectors.carried_over(make_walk(area, dt.date(2021, 4, 1)))] == ["B", "C"]


def test_checklist_reopens_what_the_party_marked_fixed_but_is_not(area, earlier):
    next_walk = make_walk(area, NEXT_WALK)
    services.record_checklist(walk=next_walk, results=[(earlier["fixed"].pk, CheckResult.NOT_FIXED, "")], user=None)
    reopened = Deficiency.objects.get(pk=earlier["fixed"].pk)
    assert reopened.status == Status.ACCEPTED and reopened.fixed_on is None
    assert history(reopened)[-1] == ("fixed", "accepted", "not_fixed")


def test_checklist_ignores_deficiencies_outside_the_carry_over(area, earlier):
    next_walk = make_walk(area, NEXT_WALK)
    found_now = make_deficiency(next_walk)
    counts = services.record_checklist(
        walk=next_walk,
        results=[(found_now.pk, CheckResult.FIXED, ""), (earlier["declined"].pk, CheckResult.FIXED, "")],
        user=None,
    )
    assert counts["fixed"] == 0
    assert Deficiency.objects.get(pk=found_now.pk).status == Status.OBSERVED


# Hand-over --------------------------------------------------------------------------------------


def test_hand_over_marks_the_partys_observed_items_and_records_the_date(area, organisation_a, organisation_b, users):
    walk = make_walk(area)
    mine = [make_deficiency(walk, party=organisation_a, place=f"P{i}") for i in range(3)]
    theirs = make_deficiency(walk, party=organisation_b)
    done = services.hand_over(
        walk=walk, organisation=organisation_a, user=users["coordinator"], on=dt.date(2020, 9, 12)
    )
    assert done.items == 3 and done.handed_over_on == dt.date(2020, 9, 12)
    for item in mine:
        item.refresh_from_db()
        assert (item.status, item.handed_over_on) == (Status.HANDED_OVER, dt.date(2020, 9, 12))
        assert history(item)[-1] == ("observed", "handed_over", "")
    theirs.refresh_from_db()
    assert theirs.status == Status.OBSERVED
    with translation.override("en"), pytest.raises(ValidationError, match="Nothing to hand over"):
        services.hand_over(walk=walk, organisation=organisation_a, user=None)
    with translation.override("en"), pytest.raises(ValidationError, match="before the walk"):
        services.hand_over(walk=walk, organisation=organisation_b, user=None, on=dt.date(2020, 9, 1))
    assert HandOver.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_staff_stepping_at_once_only_one_step_wins(area, organisation_a):
    """On PostgreSQL two threads race (the row lock serialises them); SQLite runs them one after the other."""
    import threading

    from django.db import connection

    deficiency = advance(make_deficiency(make_walk(area), party=organisation_a), Status.HANDED_OVER, Status.ACCEPTED)
    racing = connection.vendor == "postgresql"
    barrier = threading.Barrier(2)
    outcomes = []

    def step(to_status, **extra):
        from django.db import connection as thread_connection

        try:
            if racing:
                barrier.wait(timeout=10)
            services.change_status(deficiency=deficiency, to_status=to_status, user=None, **extra)
            outcomes.append(("done", to_status))
        except ValidationError:
            outcomes.append(("refused", to_status))
        finally:
            if racing:
                thread_connection.close()

    steps = [(Status.FIXED, {}), (Status.DECLINED, {"decline_reason": "Ingen budget."})]
    if racing:
        threads = [threading.Thread(target=step, args=(status,), kwargs=extra) for status, extra in steps]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    else:
        for status, extra in steps:
            step(status, **extra)
    assert sorted(outcome for outcome, _status in outcomes) == ["done", "refused"]
    winner = next(status for outcome, status in outcomes if outcome == "done")
    deficiency.refresh_from_db()
    assert deficiency.status == winner
    assert StatusChange.objects.filter(deficiency=deficiency, from_status=Status.ACCEPTED).count() == 1
