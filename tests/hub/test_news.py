import datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.enums import NewsStatus
from tests.factories import area
from tests.hub.factories import NewsPostFactory

ATOM = "{http://www.w3.org/2005/Atom}"

pytestmark = pytest.mark.django_db


def test_news_list_shows_published_posts_only(client):
    NewsPostFactory(title="Published post")
    NewsPostFactory(title="Draft post", status=NewsStatus.DRAFT)
    NewsPostFactory(title="Scheduled post", publish_at=timezone.now() + datetime.timedelta(days=1))
    response = client.get(reverse("hub:news_list"))
    assert response.status_code == 200
    assert [p.title for p in response.context["page"].object_list] == ["Published post"]


def test_news_list_tag_filter_keeps_tagged_posts(client):
    NewsPostFactory(title="On language", tags=[area("language-learning")])
    NewsPostFactory(title="On housing", tags=[area("housing-and-settlement")])
    response = client.get(reverse("hub:news_list"), {"tag": "language-learning"})
    assert [p.title for p in response.context["page"].object_list] == ["On language"]


def test_news_list_unknown_tag_shows_nothing(client):
    NewsPostFactory()
    response = client.get(reverse("hub:news_list"), {"tag": "no-such-area"})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []


def test_news_list_bad_page_number_is_not_an_error(client):
    NewsPostFactory()
    response = client.get(reverse("hub:news_list"), {"page": "abc"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 12])
def test_news_list_query_count_is_constant(client, django_assert_num_queries, count):
    for _ in range(count):
        NewsPostFactory(tags=[area("language-learning"), area("housing-and-settlement")])
    # paginator count, posts, their tags, their reader-language translations, the tag list
    with django_assert_num_queries(5):
        response = client.get(reverse("hub:news_list"))
    assert response.status_code == 200


def test_news_detail_renders_markdown_and_metadata(client):
    post = NewsPostFactory(body="Text with <script>alert(1)</script> and **bold**.")
    response = client.get(post.get_absolute_url())
    html = response.content.decode()
    assert "<strong>bold</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert 'property="og:title"' in html
    assert '"@type": "NewsArticle"' in html


def test_news_detail_draft_is_404_for_anonymous_and_member(client, member_client):
    post = NewsPostFactory(status=NewsStatus.DRAFT)
    assert client.get(post.get_absolute_url()).status_code == 404
    assert member_client.get(post.get_absolute_url()).status_code == 404


def test_news_detail_draft_previewed_by_moderator(moderator_client):
    post = NewsPostFactory(status=NewsStatus.DRAFT)
    response = moderator_client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "Preview" in response.content.decode()


def test_news_post_with_image_requires_alt_text():
    from django.core.exceptions import ValidationError

    post = NewsPostFactory.build(image="news/photo.jpg", image_alt="")
    with pytest.raises(ValidationError) as excinfo:
        post.clean()
    assert "image_alt" in excinfo.value.message_dict


def test_news_feed_is_atom_with_published_posts(client):
    NewsPostFactory(title="In the feed")
    NewsPostFactory(title="Not in the feed", status=NewsStatus.DRAFT)
    response = client.get(reverse("hub:news_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "In the feed" in body
    assert "Not in the feed" not in body


def test_news_feed_gives_back_raw_title_and_summary(client):
    NewsPostFactory(title='Tom & Jerry "café" <b>', summary='R&D & <tea> "time"')
    response = client.get(reverse("hub:news_feed"))
    entry = ElementTree.fromstring(response.content).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == 'Tom & Jerry "café" <b>'
    assert entry.findtext(f"{ATOM}summary") == 'R&D & <tea> "time"'


def test_news_list_page_links_keep_the_query(client):
    NewsPostFactory.create_batch(11)
    # The empty filter is dropped by the redirect to the canonical query string.
    response = client.get(reverse("hub:news_list"), {"tag": "", "page": "2"}, follow=True)
    assert response.redirect_chain == [("/news/?page=2", 302)]
    assert 'href="?page=1"' in response.content.decode()
