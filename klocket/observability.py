"""Error reports to Sentry (or a Sentry-compatible service such as GlitchTip) when SENTRY_DSN is set.

Residents' data stays out of the reports: no user details, cookies or IP addresses
(send_default_pii left at its default, False), no request bodies (form fields hold names and contacts) and no local
variables of the failing code. Each report is tagged with the request id of the log lines.
SENTRY_ENVIRONMENT and SENTRY_RELEASE are read by the SDK itself.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from klocket.logging import current_request


def traces_sample_rate(environ=os.environ) -> float:
    value = environ.get("SENTRY_TRACES_SAMPLE_RATE", "").strip()
    if not value:
        return 0.0
    try:
        rate = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"SENTRY_TRACES_SAMPLE_RATE={value!r} is not a number between 0 and 1.") from None
    if not 0.0 <= rate <= 1.0:
        raise ImproperlyConfigured(f"SENTRY_TRACES_SAMPLE_RATE={value!r} must be between 0 and 1 (0.05 = 5 %).")
    return rate


def tag_request_id(event, hint):
    """Put the request id on the report, so the log lines of the same request can be found."""
    context = current_request()
    if context is not None:
        event.setdefault("tags", {})["request_id"] = context.request_id
    return event


def init_sentry(environ=os.environ) -> bool:
    """Start the Sentry SDK if SENTRY_DSN is set; True when it was started. Call it from settings."""
    dsn = environ.get("SENTRY_DSN", "").strip()
    if not dsn:
        return False
    rate = traces_sample_rate(environ)

    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.utils import BadDsn, Dsn

    try:
        Dsn(dsn)
    except BadDsn as exc:
        raise ImproperlyConfigured(f"SENTRY_DSN is not a valid Sentry DSN ({exc}).") from None
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        # No user details, cookies or IP addresses: send_default_pii stays unset, which is False
        # (sentry-sdk 2.75 deprecates setting it; older versions default to False too).
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=rate,
        before_send=tag_request_id,
    )
    return True
