import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.hub.factories import CallFactory

pytestmark = pytest.mark.django_db


def test_call_list_separates_open_and_past_calls(client):
    today = timezone.localdate()
    CallFactory(title="Open call", closes_on=today + datetime.timedelta(days=5))
    CallFactory(
        title="Past call",
        opens_on=today - datetime.timedelta(days=60),
        closes_on=today - datetime.timedelta(days=30),
    )
    response = client.get(reverse("hub:call_list"))
    assert [c.title for c in response.context["open_calls"]] == ["Open call"]
    assert [c.title for c in response.context["past_calls"]] == ["Past call"]
    assert "5 days left" in response.content.decode()


def test_call_detail_links_submission_to_the_call(client):
    call = CallFactory(slug="spring-best-practices")
    response = client.get(reverse("hub:call_detail", kwargs={"slug": call.slug}))
    html = response.content.decode()
    assert "/practices/submit/?call=spring-best-practices" in html
    assert "Submit a practice" in html
    assert '"expires"' in html


def test_call_detail_closed_call_has_no_submit_link(client):
    today = timezone.localdate()
    call = CallFactory(
        opens_on=today - datetime.timedelta(days=60), closes_on=today - datetime.timedelta(days=1)
    )
    html = client.get(call.get_absolute_url()).content.decode()
    assert "This call is closed" in html
    assert "?call=" not in html


def test_call_detail_unpublished_call_is_404(client):
    call = CallFactory(is_published=False)
    assert client.get(call.get_absolute_url()).status_code == 404


def test_call_days_left_counts_to_closing_day():
    call = CallFactory.build(closes_on=timezone.localdate() + datetime.timedelta(days=3))
    assert call.days_left == 3


def test_call_card_excerpt_is_escaped_once(client):
    CallFactory(text='**R&D** & <tea> "time"')
    html = client.get(reverse("hub:call_list")).content.decode()
    assert "<p>R&amp;D &amp; &quot;time&quot;</p>" in html
