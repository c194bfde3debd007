from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from hub.models import Document, EvidenceSummary, NewsPost
from spring_portal.links import LanguageFeedMixin, SiteUrlFeed

FEED_SIZE = 20


class NewsFeed(LanguageFeedMixin, SiteUrlFeed):
    title = _("SPRING portal: news")
    subtitle = _("EU highlights and news on migrant integration.")
    page_url_name = "hub:news_list"
    feed_url_name = "hub:news_feed"

    def items(self):
        return NewsPost.objects.published().prefetch_related("tags", self.translations_prefetch())[
            :FEED_SIZE
        ]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class DocumentFeed(LanguageFeedMixin, SiteUrlFeed):
    title = _("SPRING portal: documents")
    subtitle = _("Reports, toolkits, studies, policy briefs and guidelines on migrant integration.")
    page_url_name = "hub:document_list"
    feed_url_name = "hub:document_feed"

    def items(self):
        return (
            Document.objects.published()
            .select_related("organisation")
            .prefetch_related("areas", self.translations_prefetch())
            .order_by("-published_at")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.publisher_name or None

    def item_categories(self, item):
        return [item.get_doc_type_display()] + [area.name for area in item.areas.all()]


class EvidenceFeed(SiteUrlFeed):
    feed_type = Atom1Feed
    title = _("SPRING portal: evidence summaries")
    subtitle = _("What the evidence says on migrant integration, with its sources.")
    page_url_name = "hub:evidence_list"
    feed_url_name = "hub:evidence_feed"

    def items(self):
        return (
            EvidenceSummary.objects.published()
            .prefetch_related("areas")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [area.name for area in item.areas.all()]
