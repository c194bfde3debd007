"""Collections: members bookmark practices into named lists, private or shared by link."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.enums import CollectionVisibility
from practices.models import Collection, CollectionItem
from spring_portal.moderation import ModerationState as S
from tests.practices.factories import CollectionFactory, PublishedPracticeFactory

pytestmark = pytest.mark.django_db


def test_save_practice_into_a_new_collection(client, member):
    practice = PublishedPracticeFactory()
    client.force_login(member)
    response = client.post(
        f"/practices/{practice.slug}/save/", {"new_name": "For our 2027 AMIF application"}
    )
    assert response.status_code == 302
    collection = Collection.objects.get(owner=member)
    assert collection.name == "For our 2027 AMIF application"
    assert collection.visibility == CollectionVisibility.PRIVATE
    assert list(collection.practices.all()) == [practice]


def test_save_twice_keeps_one_item(client, member):
    practice = PublishedPracticeFactory()
    collection = CollectionFactory(owner=member)
    client.force_login(member)
    for _ in range(2):
        client.post(f"/practices/{practice.slug}/save/", {"collection": collection.pk})
    assert CollectionItem.objects.filter(collection=collection).count() == 1


def test_save_needs_a_collection_or_a_name(client, member):
    practice = PublishedPracticeFactory()
    client.force_login(member)
    response = client.post(f"/practices/{practice.slug}/save/", {})
    assert response.status_code == 200
    assert "Choose one of your collections" in response.content.decode()


def test_cannot_save_into_someone_elses_collection(client, member, other_member):
    practice = PublishedPracticeFactory()
    theirs = CollectionFactory(owner=other_member)
    client.force_login(member)
    response = client.post(f"/practices/{practice.slug}/save/", {"collection": theirs.pk})
    assert response.status_code == 200
    assert not CollectionItem.objects.exists()


def test_private_collection_is_not_readable_by_link(client):
    collection = CollectionFactory()
    assert client.get(f"/collections/{collection.token}/").status_code == 404


def test_shared_collection_is_readable_anonymously_and_not_indexed(client):
    collection = CollectionFactory(visibility=CollectionVisibility.SHARED)
    practice = PublishedPracticeFactory()
    draft = PublishedPracticeFactory(state=S.DRAFT, published_at=None)
    CollectionItem.objects.create(collection=collection, practice=practice, position=0)
    CollectionItem.objects.create(collection=collection, practice=draft, position=1)
    response = client.get(f"/collections/{collection.token}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert practice.title in html
    assert draft.title not in html


def test_other_member_cannot_open_my_collection(client, other_member):
    collection = CollectionFactory()
    client.force_login(other_member)
    assert client.get(f"/my/collections/{collection.pk}/").status_code == 404
    assert client.post(f"/my/collections/{collection.pk}/delete/").status_code == 404
    assert Collection.objects.filter(pk=collection.pk).exists()


def test_owner_shares_renames_removes_and_deletes(client, member):
    collection = CollectionFactory(owner=member)
    item = CollectionItem.objects.create(collection=collection, practice=PublishedPracticeFactory())
    client.force_login(member)
    response = client.post(
        f"/my/collections/{collection.pk}/",
        {"name": "Shared list", "description": "", "visibility": "shared"},
    )
    assert response.status_code == 302
    collection.refresh_from_db()
    assert (collection.name, collection.is_shared) == ("Shared list", True)
    assert collection.token in client.get(f"/my/collections/{collection.pk}/").content.decode()
    client.post(f"/my/collections/{collection.pk}/items/{item.pk}/remove/")
    assert not CollectionItem.objects.exists()
    client.post(f"/my/collections/{collection.pk}/delete/")
    assert not Collection.objects.exists()


def test_create_collection_rejects_empty_name_in_place(client, member):
    client.force_login(member)
    response = client.post(
        "/my/collections/", {"name": "", "description": "Kept", "visibility": "private"}
    )
    assert response.status_code == 200
    assert "Kept" in response.content.decode()
    assert not Collection.objects.exists()


def _count(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_collection_pages_queries_do_not_grow(client, member):
    collection = CollectionFactory(owner=member, visibility=CollectionVisibility.SHARED)
    CollectionItem.objects.create(collection=collection, practice=PublishedPracticeFactory())
    client.force_login(member)
    urls = ["/my/collections/", f"/my/collections/{collection.pk}/"]
    shared = f"/collections/{collection.token}/"
    before = [_count(client, url) for url in urls]
    anonymous_before = _count(client.__class__(), shared)
    for position in range(1, 4):
        CollectionItem.objects.create(
            collection=collection, practice=PublishedPracticeFactory(), position=position
        )
        CollectionFactory(owner=member)
    assert [_count(client, url) for url in urls] == before
    assert _count(client.__class__(), shared) == anonymous_before
