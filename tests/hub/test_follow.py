import pytest
from django.urls import reverse

from hub.enums import FollowKind
from hub.models import Follow
from members.enums import DigestFrequency
from tests.factories import OrganisationFactory, area
from tests.hub.factories import DocumentFactory, NewsPostFactory

pytestmark = pytest.mark.django_db


def test_topic_page_lists_news_and_documents_of_the_area(client):
    language = area("language-learning")
    NewsPostFactory(title="Language news", tags=[language])
    NewsPostFactory(title="Housing news", tags=[area("housing-and-settlement")])
    DocumentFactory(title="Language toolkit", areas=[language])
    response = client.get(reverse("hub:topic", kwargs={"slug": "language-learning"}))
    html = response.content.decode()
    assert "Language news" in html
    assert "Language toolkit" in html
    assert "Housing news" not in html
    assert "Log in to follow" in html


def test_topic_page_unknown_area_is_404(client):
    assert client.get(reverse("hub:topic", kwargs={"slug": "nope"})).status_code == 404


def test_follow_area_from_topic_page(member_client, member):
    language = area("language-learning")
    topic_url = reverse("hub:topic", kwargs={"slug": language.slug})
    response = member_client.post(
        reverse("hub:follow"), {"kind": "area", "value": language.pk, "next": topic_url}
    )
    assert response.status_code == 302
    assert response["Location"] == topic_url
    assert Follow.objects.filter(user=member, kind=FollowKind.AREA, area=language).count() == 1
    html = member_client.get(topic_url).content.decode()
    assert "Unfollow" in html


def test_follow_twice_keeps_one_follow(member_client, member):
    language = area("language-learning")
    for _ in range(2):
        member_client.post(reverse("hub:follow"), {"kind": "area", "value": language.pk})
    assert Follow.objects.filter(user=member).count() == 1


def test_follow_country_and_organisation(member_client, member):
    organisation = OrganisationFactory()
    member_client.post(reverse("hub:follow"), {"kind": "country", "value": "dk"})
    member_client.post(reverse("hub:follow"), {"kind": "organisation", "value": organisation.pk})
    follows = {(f.kind, str(f.value)) for f in Follow.objects.filter(user=member)}
    assert follows == {("country", "DK"), ("organisation", str(organisation.pk))}


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "area", "value": "999999"},
        {"kind": "area", "value": "abc"},
        {"kind": "country", "value": "XX"},
        {"kind": "planet", "value": "1"},
        {},
    ],
)
def test_follow_bad_input_redirects_with_message(member_client, member, data):
    response = member_client.post(reverse("hub:follow"), data)
    assert response.status_code == 302
    assert Follow.objects.filter(user=member).count() == 0


def test_follow_ignores_external_next(member_client):
    language = area("language-learning")
    response = member_client.post(
        reverse("hub:follow"),
        {"kind": "area", "value": language.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("hub:following")


def test_follow_pending_organisation_is_refused(member_client, member):
    organisation = OrganisationFactory(state="pending")
    member_client.post(reverse("hub:follow"), {"kind": "organisation", "value": organisation.pk})
    assert Follow.objects.filter(user=member).count() == 0


def test_follow_requires_login(client):
    language = area("language-learning")
    response = client.post(reverse("hub:follow"), {"kind": "area", "value": language.pk})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert Follow.objects.count() == 0


def test_unfollow_removes_only_that_follow(member_client, member):
    language = area("language-learning")
    housing = area("housing-and-settlement")
    Follow.objects.create(user=member, kind=FollowKind.AREA, area=language)
    Follow.objects.create(user=member, kind=FollowKind.AREA, area=housing)
    member_client.post(reverse("hub:unfollow"), {"kind": "area", "value": language.pk})
    assert list(Follow.objects.filter(user=member).values_list("area__slug", flat=True)) == [
        "housing-and-settlement"
    ]


def test_unfollow_does_not_touch_other_members(member_client, other_member):
    language = area("language-learning")
    Follow.objects.create(user=other_member, kind=FollowKind.AREA, area=language)
    member_client.post(reverse("hub:unfollow"), {"kind": "area", "value": language.pk})
    assert Follow.objects.filter(user=other_member).count() == 1


def test_following_page_lists_follows_and_saves_digest(member_client, member):
    Follow.objects.create(user=member, kind=FollowKind.COUNTRY, country="DK")
    response = member_client.get(reverse("hub:following"))
    assert "Denmark" in response.content.decode()
    member_client.post(reverse("hub:following"), {"digest_frequency": "weekly"})
    member.refresh_from_db()
    assert member.digest_frequency == DigestFrequency.WEEKLY


def test_following_page_rejects_unknown_frequency(member_client, member):
    response = member_client.post(reverse("hub:following"), {"digest_frequency": "hourly"})
    assert response.status_code == 200
    assert response.context["digest_form"].errors
    member.refresh_from_db()
    assert member.digest_frequency == DigestFrequency.NEVER


def test_following_page_requires_login(client):
    assert client.get(reverse("hub:following")).status_code == 302
