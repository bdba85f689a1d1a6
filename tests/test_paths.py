"""klocket.paths.int_path gives the same paths as reverse(), also under a script prefix."""

import pytest
from django.urls import reverse, set_script_prefix

from klocket.paths import int_path


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("occurrence-detail", {"pk": 1}),
        ("occurrence-detail", {"pk": 9_007_199_254_740_993}),
        ("calendar-day", {"year": 2026, "month": 3, "day": 29}),
        ("calendar-month", {"year": 2000, "month": 12}),
        ("calendar-week", {"year": 2026, "week": 1}),
    ],
)
def test_same_as_reverse(name, params):
    assert int_path(name, **params) == reverse(name, kwargs=params)


def test_follows_the_script_prefix():
    try:
        set_script_prefix("/klocket/")
        assert int_path("occurrence-detail", pk=7) == "/klocket/evenemang/7/" == reverse("occurrence-detail", args=[7])
    finally:
        set_script_prefix("/")
    assert int_path("occurrence-detail", pk=7) == "/evenemang/7/"


def test_only_whole_numbers():
    with pytest.raises(ValueError):
        int_path("occurrence-detail", pk="7/../../admin")
