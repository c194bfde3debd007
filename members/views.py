import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from events import selectors as event_selectors
from members import services
from members.adapter import landing_url
from members.dashboard import dashboard_for
from members.enums import InvitationState, MembershipRole, MembershipState, OrganisationState
from members.filters import MemberFilter, OrganisationFilter
from members.forms import (
    AccountDeleteForm,
    InvitationAcceptForm,
    InviteForm,
    JoinRequestForm,
    LeaveForm,
    OrganisationEditForm,
    OrganisationForm,
    PreferencesForm,
    ProfileForm,
)
from members.models import Membership, Notification, Organisation, OrganisationEdit, User
from members.notifications import mark_read
from members.signals import INVITATION_SESSION_KEY
from members.stats import community_figures
from practices import selectors as practice_selectors
from spring_portal import machine_translation, ratelimit
from spring_portal.caching import QueryParams, cache_public_page
from spring_portal.content_translations import (
    attach_reader_translations,
    localize,
    reader_translations,
    unknown_language_redirect,
)
from spring_portal.decorators import verified_member_required
from spring_portal.roles import is_moderator

PAGE_SIZE = 20


# Access helpers: 404 for what the user may not see, 403 for what they may not change.


def get_organisation_for_view(request, slug):
    """The organisation, or 404 when it is not public and the user is neither its
    requester nor a moderator."""
    organisation = get_object_or_404(Organisation.objects.select_related("org_type"), slug=slug)
    if not organisation.is_public and not (
        organisation.is_author(request.user) or is_moderator(request.user)
    ):
        raise Http404
    return organisation


def get_organisation_for_manage(request, slug):
    """The organisation, when the user is one of its administrators (403 otherwise)."""
    organisation = get_organisation_for_view(request, slug)
    if not services.is_org_admin(request.user, organisation):
        raise PermissionDenied
    return organisation


def get_organisation_for_edit(request, slug):
    """The organisation, when the user administers it and it may be edited from the
    portal (403 otherwise; suspended and rejected ones are left to the moderators)."""
    organisation = get_organisation_for_manage(request, slug)
    if organisation.state not in services.EDITABLE_ORGANISATION_STATES:
        raise PermissionDenied
    return organisation


def get_membership_for_manage(request, slug, pk):
    organisation = get_organisation_for_manage(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organisation"), pk=pk, organisation=organisation
    )
    return organisation, membership


def _posted(request):
    """The POST data when the form was sent (even empty), else None (an unbound form)."""
    return request.POST if request.method == "POST" else None


# Join and profile


@cache_public_page
@require_safe
def join(request):
    return render(request, "members/join.html", {"figures": community_figures()})


@login_required
@require_GET
def welcome(request):
    """Where a new account arrives once its email address is verified."""
    return redirect(landing_url(request, reverse("members:dashboard")))


@login_required
def profile_edit(request):
    user = request.user
    first_time = user.profile_completed_at is None
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=user)
        if form.is_valid():
            form.save()
            services.complete_profile(user, form.cleaned_data.get("organisation"))
            messages.success(request, _("Your profile is saved."))
            return redirect("members:profile_edit")
    else:
        form = ProfileForm(instance=user)
    return render(request, "members/profile_form.html", {"form": form, "first_time": first_time})


# Organisations


@cache_public_page(params=QueryParams.of(OrganisationFilter, "page"))
@require_safe
def organisation_list(request):
    base = (
        Organisation.objects.approved()
        .select_related("org_type")
        .only(
            "name",
            "slug",
            "acronym",
            "country",
            "city",
            "logo",
            "description",
            "is_community_of_practice",
            "language",
            "org_type__name",
            # The type's label in the reader's language (else a query per row on /fr/).
            *(f"org_type__name_{code}" for code, _name in settings.LANGUAGES if code != "en"),
        )
        # The cards in the reader's language: one query for the page (issue 17).
        .prefetch_related(reader_translations())
    )
    filterset = OrganisationFilter(request.GET or None, queryset=base)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    page = Paginator(queryset.order_by("name"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/organisation_list.html",
        {"filter": filterset, "page": page},
    )


@verified_member_required
def organisation_register(request):
    if request.method == "POST":
        form = OrganisationForm(request.POST, request.FILES, uploader=request.user)
        if form.is_valid():
            try:
                ratelimit.check_rate(request.user, "organisations:register")
            except ratelimit.RateLimited as exc:
                form.add_error(None, exc.message)
                return render(request, "members/organisation_form.html", {"form": form})
            organisation = form.save(commit=False)
            try:
                services.register_organisation(
                    organisation, request.user, form.cleaned_data["areas"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
                return render(request, "members/organisation_form.html", {"form": form})
            messages.success(
                request,
                _(
                    "Thank you. “%(name)s” is waiting for approval by the moderators; "
                    "we will email you their decision."
                )
                % {"name": organisation.name},
            )
            return redirect("members:my_organisations")
    else:
        form = OrganisationForm()
    return render(request, "members/organisation_form.html", {"form": form})


@login_required
@require_GET
def my_organisations(request):
    memberships = (
        request.user.memberships.select_related("organisation")
        .exclude(state=MembershipState.DECLINED)
        .order_by("organisation__name")
    )
    registered = Organisation.objects.filter(created_by=request.user).order_by("-created_at")
    return render(
        request,
        "members/my_organisations.html",
        {"memberships": memberships, "registered": registered},
    )


@cache_public_page(params=QueryParams(single={"lang"}))
@require_safe
def organisation_detail(request, slug):
    if redirect_to := unknown_language_redirect(request):
        return redirect_to
    organisation = get_organisation_for_view(request, slug)
    shown = localize(organisation, requested=request.GET.get("lang"))
    members = (
        organisation.memberships.filter(state=MembershipState.ACTIVE, user__is_public=True)
        .select_related("user")
        .order_by("user__full_name")
    )
    own = None
    if request.user.is_authenticated:
        own = organisation.memberships.filter(user=request.user).first()
    practices = practice_selectors.for_organisation(organisation, limit=10)
    events = event_selectors.for_organisation(organisation)
    # Their cards in the reader's language: one query for both lists (issue 17).
    attach_reader_translations([*practices, *events.upcoming, *events.past])
    return render(
        request,
        "members/organisation_detail.html",
        {
            "organisation": organisation,
            "shown": shown,
            "machine_translation": machine_translation.available() and is_moderator(request.user),
            "public_memberships": members,
            "own_membership": own,
            "join_form": JoinRequestForm(),
            "organisation_practices": practices,
            "organisation_transfers": practice_selectors.transfers_by(organisation),
            "organisation_events": events,
        },
    )


@verified_member_required
@require_POST
def organisation_join(request, slug):
    organisation = get_organisation_for_view(request, slug)
    form = JoinRequestForm(request.POST)
    if form.is_valid():
        try:
            ratelimit.check_rate(request.user, "memberships:request")
            services.request_membership(request.user, organisation, form.cleaned_data["message"])
        except ratelimit.RateLimited as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Your request is sent. The administrators of %(name)s will answer by email.")
                % {"name": organisation.name},
            )
    else:
        messages.error(
            request, " ".join(message for errors in form.errors.values() for message in errors)
        )
    return redirect(organisation)


@login_required
def organisation_leave(request, slug):
    organisation = get_organisation_for_view(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("organisation"),
        organisation=organisation,
        user=request.user,
    )
    needs_successor = (
        membership.is_admin
        and Membership.objects.admins().filter(organisation=organisation).count() == 1
    )
    form = LeaveForm(_posted(request), membership=membership, needs_successor=needs_successor)
    if request.method == "POST" and form.is_valid():
        try:
            services.leave(membership, form.cleaned_data.get("successor"))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("You have left %(name)s.") % {"name": organisation.name})
            return redirect("members:my_organisations")
    has_others = Membership.objects.active().filter(organisation=organisation).count() > 1
    return render(
        request,
        "members/organisation_leave.html",
        {
            "organisation": organisation,
            "membership": membership,
            "form": form,
            "needs_successor": needs_successor,
            "can_leave": not needs_successor or has_others,
        },
    )


@login_required
def organisation_manage(request, slug):
    organisation = get_organisation_for_manage(request, slug)
    invite_form = InviteForm(_posted(request))
    if request.method == "POST" and invite_form.is_valid():
        try:
            ratelimit.check_rate(request.user, "invitations:send")
            invitation = services.invite(
                organisation, invite_form.cleaned_data["email"], request.user
            )
        except ratelimit.RateLimited as exc:
            invite_form.add_error(None, exc.message)
        except ValidationError as exc:
            invite_form.add_error("email", exc)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("members:organisation_manage", slug=organisation.slug)
    memberships = (
        organisation.memberships.exclude(state=MembershipState.DECLINED)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    requests = [m for m in memberships if m.state == MembershipState.REQUESTED]
    active = [m for m in memberships if m.state == MembershipState.ACTIVE]
    admin_count = sum(1 for m in active if m.is_admin)
    invitations = organisation.invitations.pending().filter(
        created_at__gte=timezone.now() - services.INVITATION_VALIDITY
    )
    return render(
        request,
        "members/organisation_manage.html",
        {
            "organisation": organisation,
            "requests": requests,
            "active": active,
            "admin_count": admin_count,
            "invitations": invitations,
            "invite_form": invite_form,
        },
    )


HISTORY_PAGE_SIZE = 10


@login_required
def organisation_edit(request, slug):
    """Its administrators edit the organisation page: most fields are published at
    once (with history); a new name or acronym waits for the moderators."""
    organisation = get_organisation_for_edit(request, slug)
    pending = OrganisationEdit.objects.pending_names().filter(organisation=organisation).first()
    # The form works on its own copy: a refused submission leaves the page's heading alone.
    form = OrganisationEditForm(
        _posted(request),
        request.FILES or None,
        instance=Organisation.objects.get(pk=organisation.pk),
        pending_request=pending,
    )
    if request.method == "POST" and form.is_valid():
        try:
            published, name_request = services.edit_organisation(
                organisation,
                form.cleaned_data,
                request.user,
                logo_changed="logo" in form.changed_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if published:
                messages.success(request, _("Your changes are published."))
            if name_request:
                messages.success(
                    request,
                    _("The new name is sent to the moderators; we will email you their decision."),
                )
            if not published and not name_request:
                messages.info(request, _("Nothing was changed."))
            return redirect("members:organisation_edit", slug=organisation.slug)
    history = Paginator(
        organisation.edits.select_related("edited_by", "decided_by"), HISTORY_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "members/organisation_edit.html",
        {
            "organisation": organisation,
            "form": form,
            "pending": pending,
            "page": history,
        },
    )


@login_required
@require_POST
def membership_decide(request, slug, pk):
    organisation, membership = get_membership_for_manage(request, slug, pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.decide_membership_request(membership, request.user, approve=approve)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        name = membership.user.get_full_name()
        messages.success(
            request,
            _("%(name)s is now a member.") % {"name": name}
            if approve
            else _("You declined the request of %(name)s.") % {"name": name},
        )
    return redirect("members:organisation_manage", slug=organisation.slug)


@login_required
@require_POST
def membership_role(request, slug, pk):
    organisation, membership = get_membership_for_manage(request, slug, pk)
    role = request.POST.get("role")
    if role not in MembershipRole.values:
        messages.error(request, _("Unknown role."))
    else:
        try:
            services.set_role(membership, role, request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(name)s is now: %(role)s.")
                % {"name": membership.user.get_full_name(), "role": membership.get_role_display()},
            )
    return redirect("members:organisation_manage", slug=organisation.slug)


@login_required
@require_POST
def membership_remove(request, slug, pk):
    organisation, membership = get_membership_for_manage(request, slug, pk)
    try:
        services.remove_member(membership, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(name)s was removed from the organisation.")
            % {"name": membership.user.get_full_name()},
        )
    return redirect("members:organisation_manage", slug=organisation.slug)


@login_required
@require_POST
def invitation_cancel(request, slug, pk):
    organisation = get_organisation_for_manage(request, slug)
    invitation = get_object_or_404(
        organisation.invitations.filter(state=InvitationState.PENDING), pk=pk
    )
    services.cancel_invitation(invitation, request.user)
    messages.success(request, _("The invitation was cancelled."))
    return redirect("members:organisation_manage", slug=organisation.slug)


def invitation_accept(request, token):
    """The link from the invitation email. Without an account, sign up first: the
    invitation is kept in the session and accepted once the email is verified."""
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationExpired:
        return render(request, "members/invitation_invalid.html", {"expired": True}, status=410)
    except services.InvitationInvalid:
        return render(request, "members/invitation_invalid.html", {"expired": False}, status=404)
    organisation = invitation.organisation
    if not request.user.is_authenticated:
        request.session[INVITATION_SESSION_KEY] = token
        return render(
            request,
            "members/invitation_accept.html",
            {"invitation": invitation, "organisation": organisation},
        )
    form = InvitationAcceptForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.accept_invitation(invitation, request.user)
        request.session.pop(INVITATION_SESSION_KEY, None)
        messages.success(request, _("Welcome to %(name)s.") % {"name": organisation.name})
        return redirect(organisation)
    return render(
        request,
        "members/invitation_accept.html",
        {"invitation": invitation, "organisation": organisation, "form": form},
    )


# Member directory


@cache_public_page(params=QueryParams.of(MemberFilter, "page"))
@require_safe
def member_list(request):
    base = User.objects.public().prefetch_related(
        "areas",
        Prefetch(
            "memberships",
            queryset=Membership.objects.active()
            .filter(organisation__state=OrganisationState.APPROVED)
            .select_related("organisation")
            .only("user_id", "organisation__name", "organisation__slug"),
            to_attr="public_memberships",
        ),
    )
    filterset = MemberFilter(request.GET or None, queryset=base)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    page = Paginator(queryset.order_by("full_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "members/member_list.html", {"filter": filterset, "page": page})


# Account


@login_required
def account_preferences(request):
    form = PreferencesForm(_posted(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your email preferences are saved."))
        return redirect("members:account_preferences")
    return render(request, "members/account_preferences.html", {"form": form})


@login_required
def account_data(request):
    if request.method == "POST":
        data = services.export_user_data(request.user)
        response = HttpResponse(
            json.dumps(data, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        stamp = timezone.now().strftime("%Y-%m-%d")
        response["Content-Disposition"] = f'attachment; filename="spring-my-data-{stamp}.json"'
        return response
    return render(request, "members/account_data.html")


@login_required
def account_delete(request):
    handovers = services.organisation_handovers(request.user)
    form = AccountDeleteForm(_posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_account(user)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect(reverse("hub:home"))
    return render(request, "members/account_delete.html", {"form": form, "handovers": handovers})


# My SPRING and notifications


@login_required
@require_safe
def dashboard(request):
    board = dashboard_for(request.user)
    return render(request, "members/dashboard.html", {"board": board})


@login_required
@require_safe
def notification_list(request):
    notifications = Notification.objects.for_user(request.user).unread_first()
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/notification_list.html", {"page_obj": page})


@login_required
@require_POST
def notification_open(request, pk):
    """Mark the member's notification read and go where it points (404 for anyone else's)."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    mark_read(Notification.objects.filter(pk=notification.pk))
    return redirect(notification.url or reverse("members:notification_list"))


@login_required
@require_POST
def notifications_read_all(request):
    count = mark_read(Notification.objects.for_user(request.user))
    if count:
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("members:notification_list")
