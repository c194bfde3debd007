"""Demo data for issue 18: transfers, a conversation with a practice's owner and collections."""

import io
from types import SimpleNamespace

from members import demo as members_demo
from practices import demo
from practices.models import Collection, ContactMessage, Transfer
from spring_portal.moderation import ModerationState as S


def _command():
    return SimpleNamespace(stdout=io.StringIO())


def test_demo_seeds_transfers_messages_and_collections_once(db):
    members_demo.seed(_command())
    for _ in range(2):
        demo.seed(_command())
    assert Transfer.objects.published().count() == 4
    assert Transfer.objects.filter(state=S.SUBMITTED).count() == 1
    ghent = Transfer.objects.get(city="Ghent")
    assert (ghent.country.code, ghent.region, ghent.organisation.slug) == (
        "BE",
        "BE23",
        "welcome-network-ghent",
    )
    assert Collection.objects.shared().get().items.count() == 4
    assert ContactMessage.objects.filter(thread__isnull=True).count() == 1


def test_demo_reset_removes_collections(db):
    members_demo.seed(_command())
    demo.seed(_command())
    demo.reset(_command())
    assert not Collection.objects.exists()
    assert not Transfer.objects.exists()
