"""Operations on practices that views and the admin share."""

import difflib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from practices import notifications
from practices.models import CONTENT_FIELDS, CONTENT_M2M, Collection, CollectionItem
from spring_portal import ratelimit
from spring_portal.moderation import ModerationState, transition
from spring_portal.ratelimit import RateLimited  # noqa: F401 - views catch services.RateLimited
from spring_portal.tasks import after_commit

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


def _display(practice, name):
    """A field's value as a reader would see it, for the revision diff."""
    field = practice._meta.get_field(name)
    if field.many_to_many:
        return ", ".join(sorted(str(term) for term in getattr(practice, name).all()))
    value = getattr(practice, name)
    if getattr(field, "multiple", False) or isinstance(value, (list, tuple)):  # countries
        return ", ".join(str(getattr(item, "name", item)) for item in value)
    if field.choices and not field.is_relation:
        return str(dict(field.flatchoices or ()).get(value, value))
    return "" if value is None else str(value)


def _words_diff(old: str, new: str):
    """Word-level diff as (old_html, new_html): removed words in <del>, added in <ins>."""
    old_words, new_words = old.split(), new.split()
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    old_parts, new_parts = [], []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed, added = " ".join(old_words[a1:a2]), " ".join(new_words[b1:b2])
        if op == "equal":
            old_parts.append(escape(removed))
            new_parts.append(escape(added))
            continue
        if removed:
            old_parts.append(format_html("<del>{}</del>", removed))
        if added:
            new_parts.append(format_html("<ins>{}</ins>", added))
    return mark_safe(" ".join(old_parts)), mark_safe(" ".join(new_parts))  # noqa: S308 - escaped


def revision_changes(revision):
    """What a revision changes in its published practice: (label, old, new) per field.

    Text is compared word by word, so a moderator sees exactly what to re-check.
    """
    original = revision.revision_of
    if original is None:
        return []
    changes = []
    for name in (*CONTENT_FIELDS, *CONTENT_M2M):
        old, new = _display(original, name), _display(revision, name)
        if old != new:
            label = revision._meta.get_field(name).verbose_name
            changes.append((label, *_words_diff(old, new)))
    return changes


# --- transfers, messages to owners, collections ----------------------------------------------


class ContactClosed(PermissionDenied):
    """The practice's owners switched messages through the portal off."""


@transaction.atomic
def declare_transfer(form, practice, user):
    """Save a new transfer of `practice` by `user` and send it to the moderators."""
    check_rate(user, "transfer")
    transfer = form.save(commit=False)
    transfer.practice = practice
    transfer.created_by = user
    transfer.save()
    transition(transfer, S.SUBMITTED, user)
    return transfer


@transaction.atomic
def update_transfer(form, user):
    """Save the declarer's changes (later: the results). One sent back for changes goes
    to the moderators again, and so does a published one whose text or place changed
    (its status and dates go live at once). Returns True when it went to review."""
    transfer = form.save()
    reviewed = transfer.state == S.PUBLISHED and bool(
        transfer.REVIEWED_FIELDS & set(form.changed_data)
    )
    if transfer.state == S.CHANGES_REQUESTED or reviewed:
        transition(transfer, S.SUBMITTED, user)
        return True
    return False


def confirm_transfer(transfer, user):
    """The practice's owner confirms a published transfer (once)."""
    if not transfer.practice.is_author(user):
        raise PermissionDenied(_("Only the practice's owners can confirm a transfer."))
    if not transfer.is_public:
        raise ValidationError(_("Only a published transfer can be confirmed."))
    if transfer.owner_confirmed_at:
        return transfer
    transfer.owner_confirmed_at = timezone.now()
    transfer.owner_confirmed_by = user
    transfer.save(update_fields=["owner_confirmed_at", "owner_confirmed_by", "updated_at"])
    return transfer


def set_contact(practice, enabled, user):
    if not practice.is_author(user):
        raise PermissionDenied(_("Only the practice's owners can change this."))
    practice.contact_enabled = enabled
    practice.save(update_fields=["contact_enabled"])


@transaction.atomic
def send_message(form, practice, user, thread=None):
    """Store a message to the practice's owners (or a reply in `thread`) and deliver it
    once saved. Raises ContactClosed and RateLimited."""
    if thread is None and not practice.contact_enabled:
        raise ContactClosed(_("The owners of this practice do not take messages on the portal."))
    ratelimit.check_rate(user, "practices:contact")
    message = form.save(commit=False)
    message.practice = practice
    message.thread = thread
    message.sender = user
    message.save()
    after_commit(lambda: notifications.message_sent(message))
    return message


@transaction.atomic
def save_to_collection(user, practice, collection=None, new_name=""):
    """Bookmark `practice` into `collection` or a new one named `new_name`; returns
    (collection, added) where added is False when it was there already."""
    if collection is None:
        collection = Collection.objects.create(owner=user, name=new_name)
    elif collection.owner_id != user.pk:
        raise PermissionDenied
    last = collection.items.aggregate(last=Max("position"))["last"]
    _item, added = CollectionItem.objects.get_or_create(
        collection=collection,
        practice=practice,
        defaults={"position": 0 if last is None else last + 1},
    )
    if added:
        collection.save(update_fields=["updated_at"])
    return collection, added
