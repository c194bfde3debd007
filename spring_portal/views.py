import sys
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from members.models import Partner
from spring_portal.middleware import is_database_unavailable
from spring_portal.uploads import PUBLIC_FOLDERS, serving_headers


@require_safe
def about(request):
    partners = Partner.objects.select_related("organisation").order_by("position", "name")
    return render(request, "spring_portal/about.html", {"partners": partners})


@require_safe
def privacy(request):
    return render(request, "spring_portal/privacy.html")


@require_safe
def methodology(request):
    """The assessment criteria, the score scale, how evidence levels are reached and how
    review panels work; every evidence label links here."""
    from practices.enums import EvidenceLevel, Score
    from practices.models import CRITERIA

    context = {
        "criteria": CRITERIA,
        "scores": Score.choices,
        "levels": EvidenceLevel,
        "min_reviewers": settings.REVIEW_MIN_REVIEWERS,
        "threshold": settings.REVIEW_DIVERGENCE_THRESHOLD,
    }
    return render(request, "spring_portal/methodology.html", context)


@require_safe
def accessibility(request):
    return render(request, "spring_portal/accessibility.html")


@require_safe
def switch_language(request):
    """Show the current page in another language and remember the choice.

    A plain link (no form, no CSRF token), so that public pages stay cacheable;
    the choice is kept in the language cookie and on a member's profile.
    """
    language = request.GET.get("language", "")
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    if language not in dict(settings.LANGUAGES):
        return redirect(next_url)
    # translate_url() resolves the path in the active language, so a French page
    # must be resolved as French (its /fr/ prefix) before it is reversed in German.
    page_language = get_language_from_path(urlsplit(next_url).path) or settings.LANGUAGE_CODE
    with translation.override(page_language):
        target = translate_url(next_url, language)
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        httponly=True,
    )
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


@never_cache
@require_safe
def healthz(request):
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "database": "unavailable", "detail": exc.__class__.__name__},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form expired or the browser sent no cookie, in the site layout."""
    referer = request.headers.get("Referer", "")
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return render(request, "403_csrf.html", {"back_url": referer if safe else "/"}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without context processors: they may need the database that just failed.
    if is_database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render({}), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render({}))


@require_safe
def media(request, path):
    """Public uploads (photos, logos, news images, event materials) when no web server
    serves MEDIA_ROOT: never as HTML, never a script, never outside the public folders."""
    if ".." in path.split("/") or not path.startswith(PUBLIC_FOLDERS):
        raise Http404
    if not default_storage.exists(path):
        raise Http404
    content_type, disposition = serving_headers(path)
    response = FileResponse(default_storage.open(path, "rb"), content_type=content_type)
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser rendered the bytes, the file could run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    return response
