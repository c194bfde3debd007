"""Operations on practices that views and the admin share."""

from django.core.exceptions import ValidationError
from django.db import transaction

from spring_portal import ratelimit
from spring_portal.moderation import ModerationState, transition
from spring_portal.ratelimit import RateLimited  # noqa: F401 - views catch services.RateLimited

S = ModerationState


def check_rate(user, kind):
    """Count one practice action of `kind` ("submit" or "create") towards the member's limit."""
    ratelimit.check_rate(user, f"practices:{kind}")


@transaction.atomic
def save_draft(form, images, documents, user):
    """Save the form and its uploads; a new record is created by and for `user`."""
    practice = form.save(commit=False)
    if not practice.pk:
        practice.created_by = user
    practice.save()
    form.save_m2m()
    for formset in (images, documents):
        formset.instance = practice
        formset.save()
    practice.update_search_vector()
    return practice


def submit_for_review(practice, user):
    """Move to "submitted"; raises ValidationError listing every missing field.

    Only complete submissions count towards the rate limit, so a member who
    fixes missing fields one by one is not locked out.
    """
    missing = practice.missing_for_review()
    if missing:
        raise ValidationError(missing)
    check_rate(user, "submit")
    return transition(practice, S.SUBMITTED, user)


def revision_for_edit(practice, user):
    """The record to edit: a published practice is edited through a draft revision."""
    if practice.state != S.PUBLISHED or practice.revision_of_id:
        return practice
    return practice.open_revision() or practice.create_revision(user)


def errors_by_field(error: ValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {
            field: [str(m) for e in errors for m in e.messages]
            for field, errors in error.error_dict.items()
        }
    return {None: error.messages}
