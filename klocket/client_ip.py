"""The client's address, as far as the portal may trust it.

Behind nginx (``DJANGO_BEHIND_PROXY=1``) every request comes from 127.0.0.1; nginx puts the
address it saw into ``X-Real-IP`` (deploy/nginx/klocket.conf: ``proxy_set_header X-Real-IP
$remote_addr``, which replaces whatever the client sent). The header is believed only on a
connection from one of ``DJANGO_TRUSTED_PROXIES`` (addresses or networks, loopback by default):
a client that reaches gunicorn directly could send any ``X-Real-IP`` it likes, so its own
address counts. Without the proxy setting the header is always ignored.

Used by login throttling (``AXES_CLIENT_IP_CALLABLE``) and by the rate limits of public forms
(``RATELIMIT_IP_META_KEY``); anything else that needs the client's address should call it too.
"""

import ipaddress

from django.conf import settings

REAL_IP_HEADER = "HTTP_X_REAL_IP"


def _valid_address(value) -> str | None:
    """The address in its normal written form, or None if ``value`` is not one IP address."""
    try:
        return str(ipaddress.ip_address(str(value or "").strip()))
    except ValueError:
        return None


def _from_trusted_proxy(address: str | None) -> bool:
    if address is None:
        return False
    ip = ipaddress.ip_address(address)
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 on a dual-stack socket is 127.0.0.1
    return any(ip.version == network.version and ip in network for network in settings.TRUSTED_PROXIES)


def client_ip(request) -> str | None:
    """The client's IP address: nginx's ``X-Real-IP`` when behind a trusted proxy, else ``REMOTE_ADDR``.

    A missing or malformed ``X-Real-IP`` (a probe sent straight to gunicorn) falls back to
    ``REMOTE_ADDR``, so callers always get the address of the connection at worst.
    """
    meta = getattr(request, "META", {})
    remote = meta.get("REMOTE_ADDR")
    connection = _valid_address(remote)
    if getattr(settings, "BEHIND_PROXY", False) and _from_trusted_proxy(connection):
        real = _valid_address(meta.get(REAL_IP_HEADER))
        if real:
            return real
    return connection or remote
