"""Who may do what: the moderator role, shared by every app."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

MODERATORS_GROUP = "Moderators"
# Apps whose models are portal content (their changes also refresh the page cache).
MODERATED_APPS = ("spring_portal", "members", "practices", "events", "hub", "reviews")

ALL = ("add", "change", "delete", "view")
# What moderators may do, reviewed model by model. A model missing here gets no
# permission at all (tests/spring_portal/test_roles.py fails until it is reviewed).
# Nothing outside the portal's apps (auth groups and permissions, MFA
# authenticators, sites, sessions) is ever granted: those hand out privileges.
MODERATOR_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "spring_portal.integrationarea": ALL,
    "spring_portal.targetgroup": ALL,
    "spring_portal.organisationtype": ALL,
    "spring_portal.fundingprogramme": ALL,
    # The moderation history is an audit trail: read only.
    "spring_portal.statechange": ("view",),
    # Translations are offered from the records' pages; moderators review and correct them.
    "spring_portal.contenttranslation": ("view", "change", "delete"),
    # The typo vocabulary, written by the search code alone.
    "spring_portal.searchword": (),
    # Accounts: UserAdmin limits a moderator's change to the profile and
    # deactivation. Creating or deleting accounts, staff flags, groups,
    # permissions and passwords stay with superusers.
    "members.user": ("view", "change"),
    "members.organisation": ALL,
    # Edits are written by administrators; moderators read them and decide name changes.
    "members.organisationedit": ("view", "change"),
    "members.membership": ALL,
    "members.invitation": ALL,
    "members.partner": ALL,
    # A member's own notifications are personal: no one else reads them.
    "members.notification": (),
    "practices.practice": ALL,
    "practices.practiceimage": ALL,
    "practices.practicedocument": ALL,
    "practices.assessment": ALL,
    "practices.project": ALL,
    "practices.transfer": ALL,
    # Messages between members and collections are theirs: moderators read and
    # remove them when someone reports abuse, and change nothing.
    "practices.contactmessage": ("view", "delete"),
    "practices.collection": ("view", "delete"),
    "practices.collectionitem": ("view", "delete"),
    "events.event": ALL,
    "events.speaker": ALL,
    "events.material": ALL,
    "events.registration": ALL,
    "hub.call": ALL,
    "hub.newspost": ALL,
    "hub.document": ALL,
    "hub.evidencesummary": ALL,
    "hub.follow": ALL,
    "hub.digestdelivery": ("view",),
    # Review panels: moderators invite reviewers, open panels and assign; the scores
    # are the reviewers' own (read through the panel), and panels are never deleted.
    "reviews.reviewer": ALL,
    "reviews.reviewpanel": ("add", "change", "view"),
    "reviews.reviewassignment": ("change", "view"),
    "reviews.criterionscore": ("view",),
}


def is_moderator(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_moderator", None)
    if cached is None:
        cached = user.is_staff and user.groups.filter(name=MODERATORS_GROUP).exists()
        user._is_moderator = cached
    return cached


def moderator_permissions():
    """The Permission rows MODERATOR_PERMISSIONS names."""
    wanted = Q(pk__in=[])
    for label, actions in MODERATOR_PERMISSIONS.items():
        app_label, model_name = label.split(".")
        wanted |= Q(
            content_type__app_label=app_label,
            content_type__model=model_name,
            codename__in=[f"{action}_{model_name}" for action in actions],
        )
    return Permission.objects.filter(wanted)


def sync_moderators_group(sender=None, **kwargs):
    """Give the Moderators group exactly the reviewed MODERATOR_PERMISSIONS.

    Runs after each migrate; a permission added to the group by hand (or by an
    older version of this function) is taken away again.
    """
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.set(moderator_permissions())
