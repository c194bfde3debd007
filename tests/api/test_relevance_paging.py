"""Relevance paging in the API reaches every result: the ranked head, then the rest
newest first (a common word's results past the ranked candidates were unreachable)."""

import pytest

from api import practices as api_practices
from tests.practices.factories import PublishedPracticeFactory

pytestmark = pytest.mark.django_db


def test_relevance_cursor_walks_past_the_ranked_head_to_every_result(client, monkeypatch):
    # A small ranked head, as a word found in most of 100,000 practices has (the names
    # of the bound before and after the fix).
    for name in ("RANK_CANDIDATES", "ID_LIST_MAX", "COUNT_CAP"):
        monkeypatch.setattr(api_practices, name, 5, raising=False)
    made = {
        PublishedPracticeFactory(summary=f"Housing advice, number {n}.").slug for n in range(13)
    }
    PublishedPracticeFactory(summary="Language cafe.")
    seen = []
    url = "/api/v1/practices?q=housing&limit=4"
    pages = 0
    while url:
        data = client.get(url).json()
        assert data["count"] == 13
        seen += [item["slug"] for item in data["items"]]
        url = data["next"]
        pages += 1
        assert pages < 10
    assert len(seen) == len(set(seen)) == 13
    assert set(seen) == made
