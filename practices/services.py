"""Operations on practices that views and the admin share."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from spring_portal.moderation import ModerationState, transition

S = ModerationState
# At most this many "Submit for review" per member in the window.
SUBMISSION_LIMIT = 10
SUBMISSION_WINDOW = 60 * 60
# At most this many new records (drafts included) per member in the window.
CREATION_LIMIT = 20


class RateLimited(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _hit(key, limit, window):
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= limit


def check_rate(user, kind):
    """Count one action of `kind` ("submit" or "create"); raise RateLimited past the limit."""
    limit = SUBMISSION_LIMIT if kind == "submit" else CREATION_LIMIT
    if not _hit(f"practices:rate:{kind}:{user.pk}", limit, SUBMISSION_WINDOW):
        raise RateLimited(
            _(
                "You have reached the limit of %(limit)s in an hour. Your work is kept; "
                "please try again later."
            )
            % {"limit": limit}
        )


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
