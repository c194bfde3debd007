from django.conf import settings
from django.contrib import sitemaps
from django.urls import reverse

from events.models import Event
from hub.models import Call, Document, EvidenceSummary, NewsPost
from practices.models import Practice, Project
from spring_portal.models import IntegrationArea


class Sitemap(sitemaps.Sitemap):
    """Locations on SITE_URL (Django's come from the Site row and the request's scheme)."""

    def get_urls(self, page=1, site=None, protocol=None):
        scheme, _, domain = settings.SITE_URL.partition("://")
        return self._urls(page, scheme, domain)


class NewsSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return NewsPost.objects.published().order_by("-publish_at")

    def lastmod(self, item):
        return item.updated_at


class DocumentSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Document.objects.published().order_by("-published_at")

    def lastmod(self, item):
        return item.updated_at


class CallSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Call.objects.visible().order_by("-closes_on")


class TopicSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return IntegrationArea.objects.active()

    def location(self, item):
        return reverse("hub:topic", kwargs={"slug": item.slug})


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return [
            "hub:home",
            "about",
            "hub:news_list",
            "hub:document_list",
            "hub:call_list",
            "projects:list",
            "hub:evidence_list",
            "insights:map",
            "insights:statistics",
        ]

    def location(self, item):
        return reverse(item)


def _published_sitemap(model):
    class PublishedSitemap(Sitemap):
        changefreq = "monthly"

        def items(self):
            return model.objects.published().order_by("pk")

    return PublishedSitemap


class TranslationSitemap(Sitemap):
    """Each published translation's language version (record URL with ?lang=), for
    records that are public themselves."""

    changefreq = "monthly"

    def items(self):
        from spring_portal.content_translations import ContentTranslation

        translations = (
            ContentTranslation.objects.published()
            .select_related("content_type")
            .prefetch_related("record")
            .order_by("pk")
        )
        return [
            translation
            for translation in translations
            if translation.record is not None and translation.record.is_translation_public()
        ]

    def lastmod(self, item):
        return item.updated_at


def sitemaps():
    """Every sitemap section."""
    return {
        "pages": PagesSitemap,
        "news": NewsSitemap,
        "documents": DocumentSitemap,
        "calls": CallSitemap,
        "topics": TopicSitemap,
        "practices": _published_sitemap(Practice),
        "events": _published_sitemap(Event),
        "projects": _published_sitemap(Project),
        "evidence": _published_sitemap(EvidenceSummary),
        "translations": TranslationSitemap,
    }
