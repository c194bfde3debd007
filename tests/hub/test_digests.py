import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hub.digests import unsubscribe_token
from hub.enums import FollowKind, NewsStatus
from hub.models import DigestDelivery, Follow
from members.enums import DigestFrequency
from tests.factories import OrganisationFactory, UserFactory, area
from tests.hub.factories import DocumentFactory, NewsPostFactory

pytestmark = pytest.mark.django_db


def send(frequency=None):
    out = io.StringIO()
    args = ["--frequency", frequency] if frequency else []
    call_command("send_digests", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def daily_reader():
    user = UserFactory(digest_frequency=DigestFrequency.DAILY)
    Follow.objects.create(user=user, kind=FollowKind.AREA, area=area("language-learning"))
    return user


def test_digest_sends_matching_news_and_documents(daily_reader, mailoutbox):
    NewsPostFactory(title="Language news", tags=[area("language-learning")])
    DocumentFactory(title="Language toolkit", areas=[area("language-learning")])
    NewsPostFactory(title="Housing news", tags=[area("housing-and-settlement")])
    output = send("daily")
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert mailoutbox[0].to == [daily_reader.email]
    assert "Language news" in body
    assert "Language toolkit" in body
    assert "Housing news" not in body
    assert "1 digests sent" in output


def test_digest_never_sends_the_same_item_twice(daily_reader, mailoutbox):
    NewsPostFactory(title="Language news", tags=[area("language-learning")])
    send("daily")
    send("daily")
    assert len(mailoutbox) == 1
    NewsPostFactory(title="Second news", tags=[area("language-learning")])
    send("daily")
    assert len(mailoutbox) == 2
    assert "Language news" not in mailoutbox[1].body
    assert "Second news" in mailoutbox[1].body
    assert DigestDelivery.objects.filter(user=daily_reader).count() == 2


def test_digest_leaves_out_old_drafts_and_scheduled_items(daily_reader, mailoutbox):
    language = area("language-learning")
    NewsPostFactory(tags=[language], publish_at=timezone.now() - datetime.timedelta(days=3))
    NewsPostFactory(tags=[language], status=NewsStatus.DRAFT)
    NewsPostFactory(tags=[language], publish_at=timezone.now() + datetime.timedelta(hours=2))
    send("daily")
    assert mailoutbox == []


def test_weekly_digest_covers_the_past_week(mailoutbox):
    user = UserFactory(digest_frequency=DigestFrequency.WEEKLY)
    Follow.objects.create(user=user, kind=FollowKind.AREA, area=area("language-learning"))
    NewsPostFactory(
        title="Five days old",
        tags=[area("language-learning")],
        publish_at=timezone.now() - datetime.timedelta(days=5),
    )
    send("daily")
    assert mailoutbox == []
    send("weekly")
    assert "Five days old" in mailoutbox[0].body


def test_digest_matches_organisation_and_its_country(mailoutbox):
    organisation = OrganisationFactory(country="DK")
    by_org = UserFactory(digest_frequency=DigestFrequency.DAILY)
    by_country = UserFactory(digest_frequency=DigestFrequency.DAILY)
    Follow.objects.create(user=by_org, kind=FollowKind.ORGANISATION, organisation=organisation)
    Follow.objects.create(user=by_country, kind=FollowKind.COUNTRY, country="DK")
    DocumentFactory(title="Danish survey", organisation=organisation)
    send()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([by_org.email, by_country.email])


def test_digest_matches_practices_by_country(mailoutbox):
    from tests.practices.factories import PublishedPracticeFactory

    user = UserFactory(digest_frequency=DigestFrequency.DAILY)
    Follow.objects.create(user=user, kind=FollowKind.COUNTRY, country="DK")
    PublishedPracticeFactory(title="Denmark: Integration houses – FAKTI", countries=["DK"])
    PublishedPracticeFactory(title="Belgium: Language café – NGO", countries=["BE"])
    send()
    assert "FAKTI" in mailoutbox[0].body
    assert "Language café" not in mailoutbox[0].body


def test_digest_nothing_for_members_without_digest(mailoutbox):
    user = UserFactory(digest_frequency=DigestFrequency.NEVER)
    Follow.objects.create(user=user, kind=FollowKind.AREA, area=area("language-learning"))
    NewsPostFactory(tags=[area("language-learning")])
    send()
    assert mailoutbox == []
    assert DigestDelivery.objects.count() == 0


def test_digest_nothing_when_nothing_matches(daily_reader, mailoutbox):
    NewsPostFactory(tags=[area("housing-and-settlement")])
    output = send("daily")
    assert mailoutbox == []
    assert "0 digests sent to 1 members" in output


def test_digest_email_has_working_unsubscribe_link(daily_reader, mailoutbox, client):
    NewsPostFactory(tags=[area("language-learning")])
    send("daily")
    link = next(
        line.split()[-1]
        for line in mailoutbox[0].body.splitlines()
        if "/digests/unsubscribe/" in line
    )
    response = client.get(link.replace("http://testserver", ""))
    assert response.status_code == 200
    daily_reader.refresh_from_db()
    assert daily_reader.digest_frequency == DigestFrequency.NEVER


def test_unsubscribe_works_by_post_without_login(daily_reader):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    url = reverse("hub:digest_unsubscribe", kwargs={"token": unsubscribe_token(daily_reader)})
    assert csrf_client.post(url).status_code == 200
    daily_reader.refresh_from_db()
    assert daily_reader.digest_frequency == DigestFrequency.NEVER


def test_unsubscribe_with_tampered_token_changes_nothing(daily_reader, client):
    token = unsubscribe_token(daily_reader)
    response = client.get(reverse("hub:digest_unsubscribe", kwargs={"token": token[:-2] + "xx"}))
    assert response.status_code == 400
    daily_reader.refresh_from_db()
    assert daily_reader.digest_frequency == DigestFrequency.DAILY
