from django.utils.translation import gettext_lazy as _

from practices.models import Practice
from spring_portal.links import LanguageFeedMixin, SiteUrlFeed
from spring_portal.text import plain_excerpt


class NewPracticesFeed(LanguageFeedMixin, SiteUrlFeed):
    title = _("SPRING portal: new integration practices")
    subtitle = _("Practices newly published in the SPRING database of integration practices.")
    page_url_name = "practices:list"
    feed_url_name = "practices:feed"

    def items(self):
        return (
            Practice.objects.recent(30)
            .select_related("organisation")
            .prefetch_related(self.translations_prefetch())
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return plain_excerpt(item.summary, 600)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.organisation.name if item.organisation_id else None

    def item_categories(self, item):
        return [country.name for country in item.countries]
