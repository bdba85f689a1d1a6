"""The accessibility statement's facts (about/assessment.py) stay true: every automated check it
names exists in the suite, every page it says is checked with axe-core is visited by a browser
test, and the statement shows them all."""

import ast
from pathlib import Path

import pytest
from django.urls import resolve, reverse
from django.utils import translation

from about import assessment

ROOT = Path(__file__).resolve().parent.parent
E2E_SOURCES = "\n".join(path.read_text() for path in (ROOT / "tests" / "e2e").glob("test_*.py"))


def _defined_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


TESTS = [test for check in assessment.AUTOMATED_CHECKS for test in check.tests]


@pytest.mark.parametrize("test", TESTS)
def test_each_listed_check_exists_in_the_suite(test):
    file, function = test.split("::")
    assert (ROOT / file).is_file(), f"{file} does not exist"
    assert function in _defined_functions(ROOT / file), f"{test} does not exist"


def test_every_check_names_at_least_one_test():
    assert all(check.tests for check in assessment.AUTOMATED_CHECKS)


@pytest.mark.parametrize("path", [path for _name, path in assessment.AXE_CHECKED_PAGES])
def test_each_page_said_to_be_checked_is_visited_by_a_browser_test(path):
    resolve(path)  # a real page of the portal
    assert f'"{path}"' in E2E_SOURCES, f"no browser test opens {path}"


def test_the_browser_checks_run_axe_and_the_phone_width():
    assert "def assert_no_axe_violations" in (ROOT / "tests" / "e2e" / "conftest.py").read_text()
    assert "wcag21aa" in (ROOT / "tests" / "e2e" / "conftest.py").read_text()


def test_the_statement_shows_every_check_page_and_the_review_date(client, db):
    page = client.get(reverse("about-accessibility"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with translation.override("en"):
        for check in assessment.AUTOMATED_CHECKS:
            assert f"<strong>{check.name}</strong>" in page
        for name, path in assessment.AXE_CHECKED_PAGES:
            assert f'<a href="{path}">{name}</a>' in page
    assert "last reviewed on 4 December 2026" in page
    assert "assessed the portal ourselves on 4 December 2026" in page
