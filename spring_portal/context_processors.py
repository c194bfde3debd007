from django.conf import settings

from spring_portal.licence import LICENCE_LABEL, LICENCE_NAME, LICENCE_URL
from spring_portal.navigation import main_nav
from spring_portal.roles import is_moderator


def _alternates(request):
    """The current page in every language, for hreflang links and the switcher."""
    from django.urls import translate_url

    path = request.get_full_path()
    return [
        {"code": code, "name": name, "url": translate_url(path, code)}
        for code, name in settings.LANGUAGES
    ]


def site(request):
    user = getattr(request, "user", None)
    return {
        "SITE_URL": settings.SITE_URL,
        "SITE_NAME": "SPRING",
        "main_nav": main_nav(request),
        "user_is_moderator": bool(user and is_moderator(user)),
        "ADMIN_PATH": settings.ADMIN_PATH,
        "language_alternates": _alternates(request),
        "LICENCE_NAME": LICENCE_NAME,
        "LICENCE_LABEL": LICENCE_LABEL,
        "LICENCE_URL": LICENCE_URL,
    }
