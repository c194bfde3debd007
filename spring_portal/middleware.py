import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class DatabaseUnavailableMiddleware:
    """Answer a friendly 503 in the site layout when PostgreSQL cannot be reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            logger.error("Database unavailable: %s", exception)
            request.user = _anonymous()
            response = TemplateResponse(request, "503.html", status=503)
            response["Retry-After"] = "30"
            return response.render()
        return None


def is_database_unavailable(exception) -> bool:
    """True for errors that mean PostgreSQL cannot be reached (not for bad queries)."""
    return isinstance(exception, (OperationalError, InterfaceError)) or (
        isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
    )


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


class StaffMultiFactorMiddleware:
    """Staff must have two-factor authentication (TOTP) before they reach the admin.

    A staff member without an authenticator is sent to the TOTP set-up page; the
    admin itself logs in through allauth's rate-limited, MFA-aware login.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.MFA_REQUIRED_FOR_STAFF
            and request.path.startswith(f"/{settings.ADMIN_PATH}")
            and request.user.is_authenticated
            and request.user.is_staff
            and not _has_totp(request.user)
        ):
            from django.contrib import messages
            from django.shortcuts import redirect
            from django.utils.translation import gettext as _

            messages.warning(
                request,
                _("Moderators must turn on two-factor authentication before using moderation."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
