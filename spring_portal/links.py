"""Absolute links to the portal, always built from settings.SITE_URL.

Never from the request: its Host header is chosen by whoever sends it, and a link
built from it would land in cached pages (JSON-LD, canonical links), feeds,
sitemaps and emails (password reset) served to everyone else.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed


def absolute_url(path: str) -> str:
    """SITE_URL + path, for a path on this site ("/practices/x/")."""
    return f"{settings.SITE_URL}{path}"


def on_site(url: str) -> str:
    """The same path, query and fragment as `url`, on SITE_URL whatever host it names."""
    parts = urlsplit(url)
    rebuilt = parts.path or "/"
    if parts.query:
        rebuilt += f"?{parts.query}"
    if parts.fragment:
        rebuilt += f"#{parts.fragment}"
    return absolute_url(rebuilt)


class SiteUrlFeed(Feed):
    """A syndication feed whose links come from SITE_URL (Django's use the Site row
    and the request's scheme). Subclasses name their page and feed URLs."""

    page_url_name: str
    feed_url_name: str

    def link(self):
        return absolute_url(reverse(self.page_url_name))

    def feed_url(self):
        return absolute_url(reverse(self.feed_url_name))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())


class LanguageAtomFeed(Atom1Feed):
    """Atom with each entry's language (xml:lang) and a hreflang link per published
    translation (issue 17)."""

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for version in item.get("language_versions", ()):
            handler.addQuickElement(
                "link",
                "",
                {"rel": "alternate", "hreflang": version["language"], "href": version["url"]},
            )


class LanguageFeedMixin:
    """For a SiteUrlFeed of translatable records: items() must prefetch
    translations_prefetch() so the entries cost no query each."""

    feed_type = LanguageAtomFeed

    @staticmethod
    def translations_prefetch():
        from django.db.models import Prefetch

        from spring_portal.content_translations import ContentTranslation

        return Prefetch(
            "translations",
            queryset=ContentTranslation.objects.published(),
            to_attr="published_translations",
        )

    def item_extra_kwargs(self, item):
        return {
            "language": item.original_language,
            "language_versions": [
                {
                    "language": translation.language,
                    "url": absolute_url(translation_url(item, translation.language)),
                }
                for translation in getattr(item, "published_translations", ())
            ],
        }


def translation_url(record, language: str) -> str:
    return f"{record.get_absolute_url()}?lang={language}"
