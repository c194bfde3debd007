"""Factories for the members tests (the shared ones live in tests/factories.py)."""

import factory

from members.models import Invitation
from tests.factories import OrganisationFactory, UserFactory


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    invited_by = factory.SubFactory(UserFactory)
