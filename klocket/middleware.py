"""A request id for every request, and one log line per request with its timing.

The id comes from the proxy's X-Request-ID header when it is a sane token (1-64 characters of
A-Z a-z 0-9 - _ .), so nginx's access log, the portal's log and Sentry share it; otherwise the
portal makes one. It is sent back in the X-Request-ID response header, so a resident's screenshot
of an error page or a support ticket can quote it.
"""

import logging
import re
import time
import uuid

from django.core.signals import request_finished

from klocket.logging import RequestContext, bind_request, clear_request

HEADER = "X-Request-ID"
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Successful answers to these paths are logged at DEBUG: load balancers poll them every few seconds.
QUIET_PATHS = {"/healthz"}

logger = logging.getLogger("klocket.request")


def request_id_from(request) -> str:
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    if isinstance(incoming, str) and VALID_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        request_finished.connect(clear_request, dispatch_uid="klocket-clear-request-context")

    def __call__(self, request):
        request_id = request_id_from(request)
        request.request_id = request_id
        context = RequestContext(request_id=request_id, method=request.method, path=request.path, request=request)
        # Bound until the response is closed (clear_request), replacing whatever came before.
        bind_request(context)
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response[HEADER] = request_id
        status = response.status_code
        if status >= 500:
            level = logging.WARNING  # the error itself is logged (and sent to Sentry) by Django
        elif status < 400 and request.path in QUIET_PATHS:
            level = logging.DEBUG
        else:
            level = logging.INFO
        logger.log(
            level,
            "%s %s %s %.1fms",
            request.method,
            context.display_path(),
            status,
            duration_ms,
            extra={"status": status, "duration_ms": duration_ms},
        )
        return response
