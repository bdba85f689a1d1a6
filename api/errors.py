"""The API's errors: JSON naming the parameter, in the requested language, never a 500."""

from django.http import JsonResponse
from django.utils.translation import gettext as _


class ApiError(Exception):
    """A request the API refuses; ``parameter`` names the query parameter at fault."""

    def __init__(self, parameter: str | None, message: str, *, status: int = 400, code: str = "invalid_parameter"):
        super().__init__(message)
        self.parameter = parameter
        self.message = message
        self.status = status
        self.code = code


def error_response(error: ApiError) -> JsonResponse:
    body = {"error": error.code, "parameter": error.parameter, "message": error.message}
    return JsonResponse(body, status=error.status, json_dumps_params={"ensure_ascii": False})


def unknown_parameter(name: str) -> ApiError:
    return ApiError(name, _("Unknown parameter %(name)s.") % {"name": name}, code="unknown_parameter")


def not_found() -> ApiError:
    return ApiError(None, _("Not found."), status=404, code="not_found")
