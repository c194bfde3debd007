"""What members do with a practice beyond reading it: declare a transfer (“we are
adapting this practice”), write to its owners, and keep it in a collection."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from practices import services
from practices.forms import (
    CollectionForm,
    ContactMessageForm,
    ReplyForm,
    SaveToCollectionForm,
    TransferForm,
)
from practices.models import Collection, CollectionItem, ContactMessage, Practice, Transfer
from spring_portal.decorators import verified_member_required
from spring_portal.moderation import EDITABLE_STATES, ModerationState
from spring_portal.roles import is_moderator

S = ModerationState
# States in which the declarer may still change a transfer (the results come later).
TRANSFER_EDITABLE_STATES = EDITABLE_STATES | {S.SUBMITTED, S.IN_REVIEW, S.PUBLISHED}


def _data(request):
    return request.POST if request.method == "POST" else None


# --- access helpers -----------------------------------------------------------------------


def get_public_practice(slug):
    """A published practice (transfers, messages and bookmarks are about public ones)."""
    practice = get_object_or_404(
        Practice.objects.published().select_related("organisation"), slug=slug
    )
    return practice


def get_transfer_for_declarer(request, pk):
    """A transfer the user declared (or whose organisation they administer): 404 if they
    may not see it, 403 for moderators, who change it in the moderation area."""
    transfer = get_object_or_404(Transfer.objects.select_related("practice"), pk=pk)
    if not transfer.is_author(request.user):
        if is_moderator(request.user):
            raise PermissionDenied(_("Moderators change transfers in the moderation area."))
        raise Http404
    return transfer


def get_thread_for_participant(request, pk):
    """The first message of a conversation the user takes part in, else 404."""
    message = get_object_or_404(
        ContactMessage.objects.select_related("practice", "sender"), pk=pk, thread__isnull=True
    )
    if not message.is_participant(request.user):
        raise Http404
    return message


def get_collection_for_owner(request, pk):
    return get_object_or_404(Collection, pk=pk, owner=request.user)


# --- transfers ---------------------------------------------------------------------------


@verified_member_required
@require_http_methods(["GET", "POST"])
def transfer_declare(request, slug):
    practice = get_public_practice(slug)
    form = TransferForm(_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_transfer(form, practice, request.user)
        except services.RateLimited as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "Thank you. Moderators will review your transfer; once published it "
                    "appears on the practice page and its owners are told."
                ),
            )
            return redirect("community:my_transfers")
    return render(request, "practices/transfer_form.html", {"form": form, "practice": practice})


@verified_member_required
@require_http_methods(["GET", "POST"])
def transfer_edit(request, pk):
    transfer = get_transfer_for_declarer(request, pk)
    if transfer.state not in TRANSFER_EDITABLE_STATES:
        raise PermissionDenied(
            _("This transfer cannot be changed while it is %(state)s.")
            % {"state": transfer.get_state_display().lower()}
        )
    was_public = transfer.is_public
    form = TransferForm(_data(request), instance=transfer, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            to_review = services.update_transfer(form, request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if to_review and was_public:
                messages.success(
                    request,
                    _(
                        "Your changes were saved and go to the moderators; the transfer "
                        "shows again once they publish it."
                    ),
                )
            else:
                messages.success(request, _("Your transfer was saved."))
            return redirect("community:my_transfers")
    return render(
        request,
        "practices/transfer_form.html",
        {
            "form": form,
            "practice": transfer.practice,
            "transfer": transfer,
            "last_message": transfer.history().exclude(message="").first(),
        },
    )


@login_required
@require_safe
def my_transfers(request):
    transfers = list(
        Transfer.objects.authored_by(request.user)
        .select_related("practice", "organisation")
        .order_by("-updated_at", "-pk")
    )
    for transfer in transfers:
        transfer.can_edit = transfer.state in TRANSFER_EDITABLE_STATES
    return render(request, "practices/my_transfers.html", {"transfers": transfers})


@login_required
@require_POST
def transfer_confirm(request, pk):
    transfer = get_object_or_404(Transfer.objects.select_related("practice"), pk=pk)
    if not transfer.can_view(request.user):
        raise Http404
    try:
        services.confirm_transfer(transfer, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You confirmed this transfer. Thank you."))
    return redirect(transfer.get_absolute_url())


# --- contacting the owners ----------------------------------------------------------------


@verified_member_required
@require_http_methods(["GET", "POST"])
def practice_contact(request, slug):
    practice = get_public_practice(slug)
    is_owner = practice.is_author(request.user)
    form = ContactMessageForm(_data(request))
    status = 200
    if request.method == "POST":
        if not practice.contact_enabled or is_owner:
            status = 403
        elif form.is_valid():
            try:
                message = services.send_message(form, practice, request.user)
            except services.RateLimited as exc:
                form.add_error(None, exc.message)
                status = 429
            except services.ContactClosed:
                status = 403
            else:
                messages.success(
                    request,
                    _(
                        "Your message was sent to the owners of the practice. Their answer "
                        "arrives on the portal (and by email if they reply by email)."
                    ),
                )
                return redirect(message.get_absolute_url())
    return render(
        request,
        "practices/contact_form.html",
        {"form": form, "practice": practice, "is_owner": is_owner},
        status=status,
    )


@login_required
@require_POST
def contact_switch(request, slug):
    practice = get_public_practice(slug)
    enabled = request.POST.get("enabled") == "1"
    services.set_contact(practice, enabled, request.user)
    if enabled:
        messages.success(request, _("Members can now write to you about this practice."))
    else:
        messages.success(request, _("Messages about this practice are switched off."))
    return redirect(practice)


@login_required
@require_safe
def message_list(request):
    threads = list(
        ContactMessage.objects.threads_for(request.user)
        .select_related("practice", "sender")
        .annotate(reply_count=Count("replies"))
        .order_by("-created_at", "-pk")
    )
    return render(request, "practices/message_list.html", {"threads": threads})


@verified_member_required
@require_http_methods(["GET", "POST"])
def message_thread(request, pk):
    thread = get_thread_for_participant(request, pk)
    form = ReplyForm(_data(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.send_message(form, thread.practice, request.user, thread=thread)
        except services.RateLimited as exc:
            form.add_error(None, exc.message)
            status = 429
        else:
            messages.success(request, _("Your answer was sent."))
            return redirect(thread.get_absolute_url())
    replies = list(thread.replies.select_related("sender"))
    return render(
        request,
        "practices/message_thread.html",
        {
            "thread": thread,
            "conversation": [thread, *replies],
            "form": form,
            "is_owner": thread.practice.is_author(request.user),
        },
        status=status,
    )


# --- collections ---------------------------------------------------------------------------


def _items_prefetch():
    return Prefetch(
        "items",
        queryset=CollectionItem.objects.filter(practice__state=S.PUBLISHED).select_related(
            "practice", "practice__organisation"
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def collection_list(request):
    form = CollectionForm(_data(request))
    if request.method == "POST" and form.is_valid():
        collection = form.save(commit=False)
        collection.owner = request.user
        collection.save()
        messages.success(request, _("Your collection was created."))
        return redirect(collection)
    collections = (
        Collection.objects.filter(owner=request.user)
        .annotate(practice_count=Count("items", filter=Q(items__practice__state=S.PUBLISHED)))
        .order_by("-updated_at", "-pk")
    )
    return render(
        request, "practices/collection_list.html", {"collections": collections, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def collection_detail(request, pk):
    collection = get_collection_for_owner(request, pk)
    form = CollectionForm(_data(request), instance=collection)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your collection was saved."))
        return redirect(collection)
    items = list(_items_prefetch().queryset.filter(collection=collection))
    return render(
        request,
        "practices/collection_detail.html",
        {"collection": collection, "items": items, "form": form},
    )


@login_required
@require_POST
def collection_delete(request, pk):
    collection = get_collection_for_owner(request, pk)
    collection.delete()
    messages.success(request, _("The collection was deleted."))
    return redirect("community:collections")


@login_required
@require_POST
def collection_remove(request, pk, item_pk):
    collection = get_collection_for_owner(request, pk)
    get_object_or_404(CollectionItem, pk=item_pk, collection=collection).delete()
    messages.success(request, _("The practice was removed from the collection."))
    return redirect(collection)


@login_required
@require_http_methods(["GET", "POST"])
def collection_save(request, slug):
    practice = get_public_practice(slug)
    form = SaveToCollectionForm(_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        collection, added = services.save_to_collection(
            request.user,
            practice,
            form.cleaned_data["collection"],
            form.cleaned_data["new_name"],
        )
        if added:
            messages.success(
                request,
                _("Saved to “%(name)s”.") % {"name": collection.name},
            )
        else:
            messages.info(
                request,
                _("This practice is already in “%(name)s”.") % {"name": collection.name},
            )
        return redirect(practice)
    containing = list(
        Collection.objects.filter(owner=request.user, items__practice=practice).order_by("name")
    )
    return render(
        request,
        "practices/collection_save.html",
        {"form": form, "practice": practice, "containing": containing},
    )


@require_safe
def collection_shared(request, token):
    """A collection shared by link: anyone with the link reads it; it is not indexed."""
    collection = get_object_or_404(Collection.objects.shared().select_related("owner"), token=token)
    items = list(_items_prefetch().queryset.filter(collection=collection))
    response = render(
        request,
        "practices/collection_shared.html",
        {"collection": collection, "items": items},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
