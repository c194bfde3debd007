from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from api import pages as api_pages
from spring_portal import review, translation_views, views

admin.site.site_header = _("SPRING portal administration")
admin.site.site_title = _("SPRING portal")
admin.site.index_title = _("Moderation and content")
admin.site.index_template = "admin/spring_index.html"
# One door: the admin logs in through allauth's rate-limited, MFA-aware login.
admin.site.login = secure_admin_login(admin.site.login)

# Pages: English at /, French at /fr/, German at /de/.
urlpatterns = i18n_patterns(
    path("about/", views.about, name="about"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("accounts/", include("allauth.urls")),
    path(
        "translations/<str:app_label>/<str:model>/<int:pk>/offer/",
        translation_views.offer,
        name="translation_offer",
    ),
    path("translations/<int:pk>/edit/", translation_views.edit, name="translation_edit"),
    path(
        "translations/<str:app_label>/<str:model>/<int:pk>/machine/",
        translation_views.machine_draft,
        name="translation_machine_draft",
    ),
    path("", include("members.urls")),
    path("practices/", include("practices.urls")),
    path("projects/", include("practices.project_urls")),
    path("", include("practices.community_urls")),
    path("review/", include("reviews.urls")),
    path("methodology/", views.methodology, name="methodology"),
    path("events/", include("events.urls")),
    path("", include("hub.urls")),
    path("", include("insights.urls")),
    prefix_default_language=False,
)
urlpatterns += [
    path("healthz", views.healthz, name="healthz"),
    # The open data API, in English only (no language prefix).
    path("api/v1/", include("api.urls")),
    path("i18n/switch/", views.switch_language, name="switch_language"),
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media, name="media"),
    path(
        f"{settings.ADMIN_PATH}review/",
        admin.site.admin_view(review.review_queue),
        name="admin_review_queue",
    ),
    path(
        f"{settings.ADMIN_PATH}review/<str:app_label>/<str:model_name>/<int:pk>/assign/",
        admin.site.admin_view(review.assign),
        name="admin_review_assign",
    ),
    path(
        f"{settings.ADMIN_PATH}open-data/regenerate/",
        admin.site.admin_view(api_pages.regenerate_downloads),
        name="admin_open_data_regenerate",
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
]

handler400 = "spring_portal.views.bad_request"
handler403 = "spring_portal.views.permission_denied"
handler404 = "spring_portal.views.page_not_found"
handler500 = "spring_portal.views.server_error"
