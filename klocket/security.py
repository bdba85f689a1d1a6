"""Security headers Django does not set itself."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

DEFAULT_PERMISSIONS_POLICY = (
    # The camera and position serve the safety-walk form on staff phones; nothing else is used.
    "camera=(self), geolocation=(self), microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.value = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response


class PrivateResponsesMiddleware:
    """``Cache-Control: private, no-store`` on every response to a logged-in user.

    Staff pages, exports and photos hold names and personal data: no shared proxy may keep them,
    nor the browser's cache on a shared computer. Anonymous responses are left as their views
    made them (the public page cache's ETag and 304 answers, the public photos' max-age).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _logged_in(request):
            # Replaces whatever the view set (a photo's max-age, never_cache's longer list).
            response["Cache-Control"] = "private, no-store"
            if response.has_header("Expires"):
                del response["Expires"]
        return response


def _logged_in(request) -> bool:
    """Whether the response goes to a logged-in user, without loading a session that is not there.

    ``request.user`` is lazy until read; without a session cookie it can only be anonymous,
    unless the view logged someone in (``login()`` sets a real user object).
    """
    user = getattr(request, "user", None)
    if user is None:
        return False
    if isinstance(user, SimpleLazyObject) and settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return bool(user.is_authenticated)


class RejectNullCharactersMiddleware:
    """Answer 400 to a request whose parameters hold a NUL character.

    No person types one; PostgreSQL cannot store or compare text with it, so letting it reach a
    query would turn a fuzzer's probe into a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            if request.path.startswith("/api/"):
                # The JSON API answers in JSON (api/errors.py writes the same shape).
                from django.http import JsonResponse
                from django.utils.translation import gettext

                message = gettext("A parameter holds a character that is not allowed.")
                return JsonResponse({"error": "invalid_parameter", "parameter": None, "message": message}, status=400)
            from klocket.views import bad_request

            return bad_request(request)
        return self.get_response(request)


def _has_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in value for value in query.getlist(key)) for key in query)
