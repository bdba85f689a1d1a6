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
