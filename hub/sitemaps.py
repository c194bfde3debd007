from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.models import Event
from hub.models import Call, Document, NewsPost
from practices.models import Practice
from spring_portal.models import IntegrationArea


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
        return ["hub:home", "about", "hub:news_list", "hub:document_list", "hub:call_list"]

    def location(self, item):
        return reverse(item)


def _published_sitemap(model):
    class PublishedSitemap(Sitemap):
        changefreq = "monthly"

        def items(self):
            return model.objects.published().order_by("pk")

    return PublishedSitemap


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
    }
