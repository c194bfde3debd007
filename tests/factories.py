"""factory_boy factories shared by the whole suite."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from members.enums import MembershipRole, MembershipState, OrganisationState
from members.models import Membership, Organisation, User
from spring_portal.licence import LICENCE_VERSION
from spring_portal.models import IntegrationArea, OrganisationType
from spring_portal.roles import MODERATORS_GROUP

PASSWORD = "correct-horse-battery-staple-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    full_name = factory.Faker("name")
    job_title = "Project officer"
    country = "BE"
    city = "Brussels"
    privacy_consent_at = factory.LazyFunction(timezone.now)
    privacy_consent_version = "2026-11"
    # Members who have submitted before accepted the content licence; tests of the
    # consent itself start from a member who has not (content_licence_version="").
    content_licence_accepted_at = factory.LazyFunction(timezone.now)
    content_licence_version = LICENCE_VERSION

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class ModeratorFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def moderator_group(obj, create, extracted, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
            obj.groups.add(group)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Integration Network {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    country = "BE"
    city = "Brussels"
    description = "An organisation working on migrant integration."
    state = OrganisationState.APPROVED
    org_type = factory.LazyFunction(lambda: OrganisationType.objects.order_by("position").first())
    created_by = factory.SubFactory(UserFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.MEMBER
    state = MembershipState.ACTIVE


def area(slug="language-learning"):
    return IntegrationArea.objects.get(slug=slug)
