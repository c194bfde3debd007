import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import QueryDict
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


class QueryStringGuardMiddleware:
    """Drop NUL characters from the querystring before any view reads it.

    PostgreSQL cannot compare text with NUL, so such a value would turn any filter,
    search or lookup into a server error; no browser sends one in a real link, and
    the lists are forgiving, so the rest of the query still applies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Answer a friendly 503 in the site layout when PostgreSQL cannot be reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            logger.error("Database unavailable: %s", exception)
            if request.path.startswith("/api/"):
                from api.http import problem

                return problem(
                    503,
                    "Service unavailable",
                    "The database cannot be reached. Please try again in a moment.",
                    request.path,
                    {"Retry-After": "30"},
                )
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


class PreferredLanguageMiddleware:
    """Send a visitor to their language's URL: the language they chose (cookie),
    else, on the first visit, the browser's. English pages have no prefix, so
    only unprefixed page URLs are considered; a chosen English is respected."""

    SKIP_PREFIXES = ("/static/", "/media/", "/i18n/", "/healthz", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        target = self._preferred_url(request)
        if target:
            from django.http import HttpResponseRedirect

            response = HttpResponseRedirect(target)
            response.headers["Vary"] = "Accept-Language, Cookie"
            return response
        return self.get_response(request)

    def _preferred_url(self, request):
        from django.urls import translate_url
        from django.utils.translation import get_language_from_path

        if request.method not in ("GET", "HEAD"):
            return None
        if get_language_from_path(request.path_info):
            return None
        wanted = preferred_language(request)
        if not wanted or wanted == settings.LANGUAGE_CODE:
            return None
        target = translate_url(request.get_full_path(), wanted)
        return target if target != request.get_full_path() else None


def preferred_language(request):
    """The supported language a visitor chose (cookie) or their browser asks for,
    or None where the portal does not redirect by language (static files, admin)."""
    from django.utils.translation.trans_real import get_supported_language_variant

    path = request.path_info
    if path.startswith(PreferredLanguageMiddleware.SKIP_PREFIXES) or path.startswith(
        f"/{settings.ADMIN_PATH}"
    ):
        return None
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    wanted = chosen or _browser_language(request.headers.get("Accept-Language", ""))
    try:
        return get_supported_language_variant(wanted) if wanted else None
    except LookupError:
        return None


def _browser_language(header: str):
    from django.utils.translation.trans_real import parse_accept_lang_header

    for code, _quality in parse_accept_lang_header(header):
        if code != "*":
            return code
    return None
