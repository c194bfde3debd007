"""Two rows saved at the same moment with titles of one slug both succeed, with two slugs."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from events.forms import save_with_unique_slug
from members.services import register_organisation
from spring_portal.slugs import unique_slug
from tests.events.factories import EventFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.hub.factories import DocumentFactory
from tests.practices.factories import PracticeFactory

# The second title differs ("!") only for organisations, whose names are unique regardless of case.
TITLE = "Same title"


def _practice(title):
    return PracticeFactory(title=title).slug


def _organisation(title):
    organisation = OrganisationFactory.build(name=title, slug="", created_by=None)
    return register_organisation(organisation, UserFactory()).slug


def _event(title):
    event = EventFactory.build(title=title, slug="", organiser=OrganisationFactory())
    save_with_unique_slug(event)
    return event.slug


def _document(title):
    return DocumentFactory(title=title, slug="").slug


def _waiting_on_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def _in_thread(work, results, key):
    try:
        results[key] = work()
    except Exception as exc:  # noqa: BLE001 - reported by the test
        results[key] = exc
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("create", [_practice, _organisation, _event, _document])
def test_same_title_saved_concurrently_gets_two_slugs(create):
    """The second INSERT waits on the first's uncommitted slug, then must choose again."""
    results, inserted, release = {}, threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            slug = create(TITLE)
            inserted.set()
            release.wait(10)
        return slug

    holder = threading.Thread(target=_in_thread, args=(first, results, "first"))
    holder.start()
    assert inserted.wait(10), results
    second = lambda: create(f"{TITLE}!")  # noqa: E731
    racer = threading.Thread(target=_in_thread, args=(second, results, "second"))
    racer.start()
    deadline = time.monotonic() + 10
    while not _waiting_on_a_lock() and time.monotonic() < deadline:
        time.sleep(0.02)
    blocked = _waiting_on_a_lock()
    release.set()
    holder.join(10)
    racer.join(10)

    assert blocked  # the race really happened: the second save waited for the first
    assert results["first"] == "same-title"
    # same-title-2, or for events first the year: same-title-2026.
    assert results["second"].startswith("same-title-")


@pytest.mark.django_db(transaction=True)
def test_unique_slug_raises_other_integrity_errors():
    user = UserFactory()
    twin = UserFactory.build(email=user.email)
    with pytest.raises(Exception, match="unique|duplicate"):
        unique_slug(twin, "anything", save=twin.save, field="full_name")
