import pytest
from django.urls import reverse

from tests.hub.factories import CallFactory, DocumentFactory, DraftDocumentFactory, NewsPostFactory

pytestmark = pytest.mark.django_db


def test_sitemap_lists_public_news_documents_and_calls(client):
    post = NewsPostFactory()
    document = DocumentFactory()
    draft = DraftDocumentFactory()
    call = CallFactory()
    response = client.get(reverse("hub:sitemap"))
    body = response.content.decode()
    assert response.status_code == 200
    assert post.get_absolute_url() in body
    assert document.get_absolute_url() in body
    assert call.get_absolute_url() in body
    assert draft.get_absolute_url() not in body
    assert "/topics/language-learning/" in body


def test_robots_txt_points_to_sitemap_and_hides_admin(client):
    response = client.get("/robots.txt")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_structured_data_escapes_closing_script_tags(client):
    post = NewsPostFactory(title="</script><script>alert(1)</script>")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html


def test_seed_demo_adds_hub_content_idempotently():
    import io

    from django.core.management import call_command

    from hub.models import Call, Document, NewsPost

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert NewsPost.objects.published().count() == 6
    assert NewsPost.objects.get(slug__startswith="administration-numerique").language == "fr"
    assert Document.objects.published().count() == 4
    assert Call.objects.open().filter(slug="spring-call-best-integration-practices").exists()
    assert Call.objects.past().count() == 1
