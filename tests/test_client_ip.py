"""The client's address behind nginx: login throttling and rate limits count per resident.

Behind the proxy (DJANGO_BEHIND_PROXY=1, ``settings.BEHIND_PROXY``) nginx's X-Real-IP is the
client's address; without it the header is the client's own and is ignored.
"""

import ipaddress

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse
from django_ratelimit.core import is_ratelimited

from klocket import env
from klocket.client_ip import client_ip
from tests.conftest import PASSWORD

RESIDENT_A = "203.0.113.10"
RESIDENT_B = "198.51.100.20"


def fail_login(client, address=None, username="coordinator"):
    extra = {"HTTP_X_REAL_IP": address} if address else {}
    return client.post(reverse("login"), {"username": username, "password": "wrong"}, **extra)


def login(client, address=None, username="coordinator"):
    extra = {"HTTP_X_REAL_IP": address} if address else {}
    return client.post(reverse("login"), {"username": username, "password": PASSWORD}, **extra)


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_PROXY = True
    return settings


@pytest.fixture
def not_behind_proxy(settings):
    settings.BEHIND_PROXY = False
    return settings


def env_networks_of(*items):
    return tuple(ipaddress.ip_network(item) for item in items)


def request_from(remote_addr="127.0.0.1", real_ip=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if real_ip is not None:
        extra["HTTP_X_REAL_IP"] = real_ip
    return RequestFactory().get("/", **extra)


# The function ---------------------------------------------------------------------------------------------


def test_behind_the_proxy_x_real_ip_is_the_client(behind_proxy):
    assert client_ip(request_from(real_ip=RESIDENT_A)) == RESIDENT_A
    assert client_ip(request_from(real_ip=" 2001:DB8::0:1 ")) == "2001:db8::1"  # normal form, one counter


@pytest.mark.parametrize("header", [None, "", "unknown", "203.0.113.10, 10.0.0.1", "999.1.1.1", "<script>"])
def test_behind_the_proxy_a_missing_or_malformed_header_falls_back_to_the_connection(behind_proxy, header):
    assert client_ip(request_from("127.0.0.1", header)) == "127.0.0.1"


def test_without_the_proxy_a_forged_x_real_ip_is_ignored(not_behind_proxy):
    assert client_ip(request_from("192.0.2.5", RESIDENT_A)) == "192.0.2.5"


@pytest.mark.parametrize("remote", ["192.0.2.5", "10.0.0.9", "2001:db8::5", None, "garbage"])
def test_behind_the_proxy_x_real_ip_from_an_untrusted_connection_is_ignored(behind_proxy, remote):
    # Straight to gunicorn (not through nginx): the client's own header would let it pick any address.
    behind_proxy.TRUSTED_PROXIES = env_networks_of("127.0.0.1", "::1")
    assert client_ip(request_from(remote, RESIDENT_A)) == remote


@pytest.mark.parametrize("remote", ["10.0.0.9", "::ffff:10.0.0.1", "2001:db8::5"])
def test_behind_the_proxy_configured_proxy_networks_are_trusted(behind_proxy, remote):
    behind_proxy.TRUSTED_PROXIES = env_networks_of("10.0.0.0/24", "2001:db8::/64")
    assert client_ip(request_from(remote, RESIDENT_A)) == RESIDENT_A
    assert client_ip(request_from("127.0.0.1", RESIDENT_A)) == "127.0.0.1"  # loopback is no longer listed


def test_trusted_proxies_default_to_loopback_and_refuse_bad_values(monkeypatch):
    assert env.env_networks("DJANGO_TRUSTED_PROXIES_UNSET", ["127.0.0.1", "::1"]) == env_networks_of("127.0.0.1", "::1")
    monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", "10.0.0.0/8, nginx.local")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_TRUSTED_PROXIES.*nginx.local"):
        env.env_networks("DJANGO_TRUSTED_PROXIES", [])


def test_axes_and_the_rate_limits_use_it(settings):
    assert settings.AXES_CLIENT_IP_CALLABLE == "klocket.client_ip.client_ip"
    assert settings.RATELIMIT_IP_META_KEY == "klocket.client_ip.client_ip"


# Login throttling (django-axes) ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_behind_the_proxy_each_address_has_its_own_lockout_counter(client, users, behind_proxy):
    limit = behind_proxy.AXES_FAILURE_LIMIT
    for _attempt in range(limit):
        fail_login(client, RESIDENT_A)
    # The attacker's address is locked, even with the right password...
    assert login(client, RESIDENT_A).status_code == 429
    # ...the coordinator at home is not.
    response = login(client, RESIDENT_B)
    assert response.status_code == 302 and response["Location"] == reverse("staff-home")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {RESIDENT_A}


@pytest.mark.django_db
def test_behind_the_proxy_failures_from_two_addresses_do_not_add_up(client, users, behind_proxy):
    limit = behind_proxy.AXES_FAILURE_LIMIT
    for _attempt in range(limit - 1):
        fail_login(client, RESIDENT_A)
        fail_login(client, RESIDENT_B)
    failures = dict(AccessAttempt.objects.values_list("ip_address", "failures_since_start"))
    assert failures == {RESIDENT_A: limit - 1, RESIDENT_B: limit - 1}
    # 2 × (limit − 1) failures in all, but fewer than the limit from each address: nobody is locked.
    assert login(client, RESIDENT_A).status_code == 302
    client.post(reverse("logout"))
    assert login(client, RESIDENT_B).status_code == 302


@pytest.mark.django_db
def test_without_the_proxy_a_forged_x_real_ip_does_not_escape_the_lock(client, users, not_behind_proxy):
    limit = not_behind_proxy.AXES_FAILURE_LIMIT
    for attempt in range(limit):
        fail_login(client, f"203.0.113.{attempt + 1}")  # a new forged address every time
    assert login(client, "198.51.100.99").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


@pytest.mark.django_db
def test_behind_the_proxy_rotating_x_real_ip_straight_to_gunicorn_still_locks(client, users, behind_proxy):
    limit = behind_proxy.AXES_FAILURE_LIMIT
    direct = {"REMOTE_ADDR": "192.0.2.77"}  # not nginx: not in DJANGO_TRUSTED_PROXIES
    for attempt in range(limit):
        client.post(
            reverse("login"),
            {"username": "coordinator", "password": "wrong"},
            HTTP_X_REAL_IP=f"203.0.113.{attempt + 1}",
            **direct,
        )
    response = client.post(
        reverse("login"), {"username": "coordinator", "password": PASSWORD}, HTTP_X_REAL_IP="198.51.100.99", **direct
    )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.77"}


# Rate limits of public forms (django-ratelimit) -----------------------------------------------------------


def test_behind_the_proxy_rate_limits_count_per_resident(behind_proxy):
    def limited(address):
        request = request_from("127.0.0.1", address)
        return is_ratelimited(request, group="client-ip-test", key="ip", rate="1/h", increment=True)

    assert not limited(RESIDENT_A)
    assert limited(RESIDENT_A)
    assert not limited(RESIDENT_B)


def test_without_the_proxy_rate_limits_ignore_x_real_ip(not_behind_proxy):
    def limited(address):
        request = request_from("192.0.2.5", address)
        return is_ratelimited(request, group="client-ip-test", key="ip", rate="1/h", increment=True)

    assert not limited(RESIDENT_A)
    assert limited(RESIDENT_B)


def test_behind_the_proxy_rate_limits_ignore_x_real_ip_sent_straight_to_gunicorn(behind_proxy):
    def limited(address):
        request = request_from("192.0.2.77", address)
        return is_ratelimited(request, group="client-ip-test", key="ip", rate="1/h", increment=True)

    assert not limited(RESIDENT_A)
    assert limited(RESIDENT_B)  # a new forged address does not make a new counter
