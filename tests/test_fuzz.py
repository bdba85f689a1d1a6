"""Property-based robustness: random paths, query strings and form posts never give a 500.

Every named URL of the portal is requested with random values for its path parameters
(including real ids from the demo data) and random query parameters, as an anonymous
visitor and as a coordinator; every page with a form gets random posts built from its own
field names. Hypothesis keeps the failing example small when something breaks.
"""

import re
import string
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

KNOWN_QUERY_KEYS = [
    "plats", "form", "for", "arrangor", "sprak", "q", "fran", "dagar", "alla", "page", "sida", "next",
    "kvartal", "period", "hus", "ar", "status", "kategori", "ansvarig", "format", "from", "to",
    "till", "aktivitet", "indelning",
]  # fmt: skip
# Numbers past what a database integer holds: 2**63 (one past SQLite's and PostgreSQL's bigint),
# 10**30, and one past PostgreSQL's integer. Every form, query parameter and path takes them.
HUGE_NUMBERS = ["9223372036854775808", str(10**30), "2147483648"]
HUGE_VALUES = [*HUGE_NUMBERS, f"{10**30}_{10**30}", f"1_{10**30}", "-9223372036854775809"]
NASTY_TEXT = st.one_of(
    st.sampled_from(HUGE_VALUES),
    st.text(max_size=40),
    st.sampled_from(
        ["", "0", "-1", "99999999999999999999", "2026-02-30", "2026-13-01", "../../etc/passwd", "<script>", "'", "%",
         "\x00", "a" * 3000, "1e9", "NaN", "true", "🙂", "ÅÄÖ", "kunskapens-hus", "youth", "studiecirkel", "2026"]
    ),
)  # fmt: skip
SKIP_NAMES = {"logout"}  # ends the session the fuzzer uses


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name, prefix + str(pattern.pattern)


ROUTES = sorted(set(_patterns()))


def _path_strategy(route: str):
    parts = re.split(r"(<[^>]+>)", route)
    strategies = []
    for part in parts:
        match = re.fullmatch(r"<(?:(\w+):)?(\w+)>", part)
        if not match:
            strategies.append(st.just(part))
        elif match.group(1) == "int":
            strategies.append(
                st.one_of(
                    st.integers(1, 400),
                    st.integers(0, 10**32),
                    st.sampled_from([2026, 1, 12, 28, 2**63, 10**30, 2**31]),
                ).map(str)
            )
        elif match.group(1) == "slug":
            strategies.append(
                st.one_of(
                    st.sampled_from(["kunskapens-hus", "hyresgastforeningen", "sensus", "en", "sv", "x"]),
                    st.text(string.ascii_lowercase + string.digits + "-_", min_size=1, max_size=30),
                )
            )
        else:
            strategies.append(
                st.one_of(st.sampled_from(["en", "sv", "ar", "MQ", "abc"]), st.text(string.ascii_letters, min_size=1))
            )
    return st.tuples(*strategies).map(lambda pieces: "/" + "".join(pieces))


QUERY = st.dictionaries(st.one_of(st.sampled_from(KNOWN_QUERY_KEYS), st.text(max_size=10)), NASTY_TEXT, max_size=4)


@pytest.fixture
def demo(transactional_db, settings):
    from tests.conftest import restore_reference_rows

    restore_reference_rows()
    settings.DEBUG = True  # load_demo refuses demo logins otherwise
    call_command("load_demo", "--with-users", verbosity=0)
    settings.DEBUG = False


def _client(role, users):
    from django.test import Client

    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(users[role])
    return client


def _fuzz_settings(examples):
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@pytest.mark.parametrize("role", ["anonymous", "coordinator", "partner_a"])
def test_random_get_never_500(role, users, demo):
    """Every route, random path values and query strings, for a visitor, a coordinator and partner staff."""
    client = _client(role, users)
    for name, route in ROUTES:
        if name not in SKIP_NAMES:
            _get_checker(client, name, route)()


def _get_checker(client, name, route):
    @_fuzz_settings(8)
    @given(path=_path_strategy(route), query=QUERY)
    @example(path=re.sub(r"<int:\w+>", HUGE_NUMBERS[0], "/" + route).replace("<", "").replace(">", ""), query={})
    @example(path=re.sub(r"<int:\w+>", HUGE_NUMBERS[1], "/" + route).replace("<", "").replace(">", ""), query={})
    def check(path, query):
        response = client.get(path, query)
        assert response.status_code < 500, f"{name}: GET {path} {query} -> {response.status_code}"

    return check


def _form_pages():
    """Names of routes without path parameters, whose GET page has a POST form."""
    return [(name, route) for name, route in ROUTES if "<" not in route and name not in SKIP_NAMES]


FIELD_NAME = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', re.I)


@pytest.mark.parametrize("role", ["anonymous", "coordinator"])
def test_random_post_never_500(role, users, demo):
    """Every page with a form, random posts built from its own field names."""
    client = _client(role, users)
    for name, route in _form_pages():
        page = client.get("/" + route)
        if page.status_code != 200 or b'method="post"' not in page.content.lower():
            continue
        fields = sorted(set(FIELD_NAME.findall(page.content.decode())) - {"csrfmiddlewaretoken"})
        _post_checker(client, name, route, fields)()


def _post_checker(client, name, route, fields):
    @_fuzz_settings(10)
    @given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(fields, NASTY_TEXT)))
    def check(data):
        response = client.post("/" + route, data)
        assert response.status_code < 500, f"{name}: POST /{route} {data} -> {response.status_code}"

    return check


# Out-of-range numbers, always tried -------------------------------------------------------------------------
#
# Random values rarely hit 2**63 exactly, so every page of the demo data a coordinator can reach is
# requested with each huge number in each integer path segment, in each known query parameter, and
# (for pages with a form) in each field of the form.

HREF = re.compile(r'\b(?:href|action)="([^"#]*)"', re.I)
ADMIN_PREFIX = re.compile(r"^/[^/]*admin[^/]*/")


def _reachable_pages(client, limit_per_route=2, max_pages=400):
    """Concrete paths of the demo data, a few per route, found by following the portal's own links."""
    queue = ["/", "/personal/"] + ["/" + route for name, route in _form_pages()]
    seen, per_route, pages = set(queue), {}, []
    while queue and len(pages) < max_pages:
        path = queue.pop(0)
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.url_name in SKIP_NAMES or match.namespace == "admin" or ADMIN_PREFIX.match(path):
            continue
        if per_route.get(match.url_name, 0) >= limit_per_route:
            continue
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        per_route[match.url_name] = per_route.get(match.url_name, 0) + 1
        pages.append((match.url_name, path, response.content.decode()))
        for link in HREF.findall(response.content.decode()):
            parts = urlsplit(unescape(link))
            if not parts.netloc and parts.path.startswith("/") and parts.path not in seen:
                seen.add(parts.path)
                queue.append(parts.path)
    return pages


def _huge_path_variants(path):
    """The path with each of its numbers, one at a time, replaced by each huge number."""
    numbers = list(re.finditer(r"\d+", path))
    for number in numbers:
        for huge in HUGE_NUMBERS:
            yield path[: number.start()] + huge + path[number.end() :]


@pytest.mark.parametrize("role", ["anonymous", "coordinator"])
def test_out_of_range_numbers_never_500(role, users, demo):
    """2**63, 10**30 and 2**31 in every path number, query parameter and form field: 404 or a form error."""
    crawler = _client("coordinator", users)
    pages = _reachable_pages(crawler)
    routes_reached = {name for name, _path, _html in pages}
    assert {"attendance-circle", "staff-activity-edit", "sw-walk", "sw-public-deficiency"} <= routes_reached
    client = _client(role, users)
    failures = []
    for name, path, html in pages:
        fields = sorted(set(FIELD_NAME.findall(html)) - {"csrfmiddlewaretoken"})
        for variant in _huge_path_variants(path):
            status = client.get(variant).status_code
            if status >= 500:
                failures.append(f"{name}: GET {variant} -> {status}")
        query_keys = [*KNOWN_QUERY_KEYS, "indikator", "organisation", *fields]  # the page's filter forms too
        for huge in HUGE_VALUES:
            status = client.get(path, dict.fromkeys(query_keys, huge)).status_code
            if status >= 500:
                failures.append(f"{name}: GET {path}?<every key>={huge} -> {status}")
        if role == "anonymous" and not path.startswith("/rapportera") and not path.startswith("/trygghet"):
            continue
        if 'method="post"' not in html.lower():
            continue
        posts = [dict.fromkeys(fields, huge) for huge in HUGE_VALUES] + [{field: HUGE_NUMBERS[0]} for field in fields]
        for data in posts:
            status = client.post(path, data).status_code
            if status >= 500:
                failures.append(f"{name}: POST {path} {data} -> {status}")
    assert not failures, "\n".join(failures[:40])
