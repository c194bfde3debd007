from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from members.enums import MembershipState
from members.models import Organisation
from spring_portal.roles import is_moderator


def get_organisation_for_view(request, slug):
    """The organisation, or 404 when it is not public and the user is neither its
    requester nor a moderator."""
    organisation = get_object_or_404(Organisation.objects.select_related("org_type"), slug=slug)
    if not organisation.is_public and not (
        organisation.is_author(request.user) or is_moderator(request.user)
    ):
        raise Http404
    return organisation


@require_GET
def organisation_detail(request, slug):
    organisation = get_organisation_for_view(request, slug)
    members = (
        organisation.memberships.filter(state=MembershipState.ACTIVE, user__is_public=True)
        .select_related("user")
        .order_by("user__full_name")
    )
    return render(
        request,
        "members/organisation_detail.html",
        {"organisation": organisation, "public_memberships": members},
    )
