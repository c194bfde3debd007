"""Community figures for the Join page and the home page, computed from data."""

from django.db.models import Count, Q

from members.models import Organisation, User


def community_figures():
    """Members, the countries they come from, organisations and communities of practice.

    The one definition used by every page: members are active accounts that are not
    staff; organisations are the approved ones.
    """
    members = User.objects.filter(is_active=True, is_staff=False).aggregate(
        members=Count("pk"),
        countries=Count("country", distinct=True, filter=~Q(country="")),
    )
    organisations = Organisation.objects.approved().aggregate(
        organisations=Count("pk"),
        communities=Count("pk", filter=Q(is_community_of_practice=True)),
    )
    return {**members, **organisations}
