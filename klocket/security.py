"""Security headers Django does not set itself."""

from django.conf import settings

DEFAULT_PERMISSIONS_POLICY = (
    # The camera and position serve the safety-walk form on staff phones; nothing else is used.
    "camera=(self), geolocation=(self), microphone=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.value = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response


class RejectNullCharactersMiddleware:
    """Answer 400 to a request whose parameters hold a NUL character.

    No person types one; PostgreSQL cannot store or compare text with it, so letting it reach a
    query would turn a fuzzer's probe into a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            from klocket.views import bad_request

            return bad_request(request)
        return self.get_response(request)


def _has_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in value for value in query.getlist(key)) for key in query)
