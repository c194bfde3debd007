import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST, require_safe

from events import services
from events.calendar import build_calendar, event_calendar
from events.enums import RegistrationStatus
from events.filters import EventFilter
from events.forms import EventForm, time_zone_names
from events.models import Event
from spring_portal import machine_translation, ratelimit
from spring_portal.author_moves import author_move_view
from spring_portal.caching import QueryParams, cache_public_page
from spring_portal.content_translations import (
    localize,
    reader_translations,
    unknown_language_redirect,
)
from spring_portal.moderation import ModerationState, allowed_moves, transition
from spring_portal.roles import is_moderator
from spring_portal.spreadsheets import safe_cell

PAGE_SIZE = 12
WAITING_MESSAGE = _lazy(
    "The event is full: you are on the waiting list. We will email you if a place frees up."
)
FEED_LIMIT = 200


# Access helpers: one per need, called first in every view.


def get_event_for_view(request, slug):
    """The event, or 404 unless it is published or the user is its author, one of
    its organisers or a moderator."""
    event = get_object_or_404(Event.objects.select_related("organiser", "project"), slug=slug)
    if event.is_public:
        return event
    user = request.user
    if event.is_author(user) or is_moderator(user) or event.is_organiser(user):
        return event
    raise Http404


def get_event_for_edit(request, slug):
    """The event for its author to edit; 403 for others who can see it or when locked."""
    event = get_event_for_view(request, slug)
    if not event.is_author(request.user):
        raise PermissionDenied
    if not event.is_editable:
        raise PermissionDenied(_("This event cannot be edited in its current state."))
    return event


def get_event_for_registrants(request, slug):
    """The event for its organisers and moderators; 403 for others who can see it."""
    event = get_event_for_view(request, slug)
    if not event.can_manage_registrations(request.user):
        raise PermissionDenied
    return event


# Public pages.


@cache_public_page(params=QueryParams.of(EventFilter, "page"))
@require_safe
def event_list(request, period="upcoming"):
    base = Event.objects.published().select_related("organiser")
    base = base.past() if period == "past" else base.upcoming()
    # The cards in the reader's language: one query for the page (issue 17).
    base = base.prefetch_related(reader_translations())
    filterset = EventFilter(request.GET or None, queryset=base, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/list.html",
        {
            "filterset": filterset,
            "page": page,
            "period": period,
            "query": query.urlencode(),
        },
    )


@cache_public_page(params=QueryParams(single={"lang"}))
@require_safe
def event_detail(request, slug):
    if redirect_to := unknown_language_redirect(request):
        return redirect_to
    event = get_event_for_view(request, slug)
    shown = localize(event, requested=request.GET.get("lang"))
    user = request.user
    registration = None
    if user.is_authenticated and event.uses_portal_registration:
        registration = event.registrations.filter(user=user).first()
    waiting_position = None
    if registration and registration.status == RegistrationStatus.WAITING:
        waiting_position = (
            event.registrations.waiting()
            .filter(waiting_since__lte=registration.waiting_since)
            .count()
        )
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "shown": shown,
            "machine_translation": machine_translation.available() and is_moderator(user),
            "speakers": list(event.speakers.all()),
            "materials": list(event.materials.all()),
            "registration": registration,
            "waiting_position": waiting_position,
            "can_manage": event.can_manage_registrations(user),
            "is_author": event.is_author(user),
            "now": timezone.now(),
        },
    )


@require_GET
def event_ics(request, slug):
    event = get_event_for_view(request, slug)
    response = HttpResponse(event_calendar(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_GET
def feed_ics(request):
    """Upcoming published events as an .ics feed, filtered like the list."""
    base = Event.objects.published().upcoming().select_related("organiser")
    filterset = EventFilter(request.GET, queryset=base, request=request)
    if not filterset.is_valid():
        return HttpResponseBadRequest(
            _("Invalid calendar feed query. %(errors)s") % {"errors": filterset.error_message()},
            content_type="text/plain; charset=utf-8",
        )
    body = build_calendar(filterset.qs[:FEED_LIMIT], name=_("SPRING events"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="spring-events.ics"'
    return response


# Registration.


@login_required
@require_POST
def register(request, slug):
    event = get_event_for_view(request, slug)
    try:
        registration = services.register(event, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if registration.status == RegistrationStatus.WAITING:
            messages.info(
                request,
                WAITING_MESSAGE,
            )
        else:
            messages.success(
                request,
                _("You are registered. A confirmation with a calendar file is on its way."),
            )
    return redirect(event)


@login_required
@require_POST
def cancel(request, slug):
    event = get_event_for_view(request, slug)
    try:
        services.cancel(event, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(event)


@login_required
@require_GET
def registrants(request, slug):
    event = get_event_for_registrants(request, slug)
    rows = event.registrations.exclude(status=RegistrationStatus.CANCELLED).select_related("user")
    return render(
        request,
        "events/registrants.html",
        {
            "event": event,
            "registered": [r for r in rows if r.status == RegistrationStatus.REGISTERED],
            "waiting": sorted(
                (r for r in rows if r.status == RegistrationStatus.WAITING),
                key=lambda r: (r.waiting_since, r.pk),
            ),
        },
    )


@login_required
@require_GET
def registrants_csv(request, slug):
    event = get_event_for_registrants(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-registrants.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [_("Name"), _("Email"), _("Organisation"), _("Country"), _("Status"), _("Registered")]
    )
    rows = (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user")
        .order_by("status", "created_at", "pk")
    )
    for registration in rows:
        user = registration.user
        writer.writerow(
            [
                safe_cell(user.full_name),
                safe_cell(user.email),
                safe_cell(user.organisation_name),
                user.country.code if user.country else "",
                registration.get_status_display(),
                timezone.localtime(registration.created_at, event.tz).isoformat(),
            ]
        )
    return response


# Proposals by members.


@login_required
def propose(request):
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.check_rate(request.user, "events:propose")
            event = _save_event(form, request)
        except ratelimit.RateLimited as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if event.state == ModerationState.SUBMITTED:
                messages.success(request, _("Thank you! Your event was sent to the moderators."))
            else:
                messages.success(request, _("Your draft is saved. Submit it when it is ready."))
            return redirect("events:mine")
    return render(
        request,
        "events/form.html",
        {"form": form, "time_zones": time_zone_names(), "editing": False},
    )


@login_required
def edit(request, slug):
    event = get_event_for_edit(request, slug)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = _save_event(form, request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your event is saved."))
            return redirect("events:mine")
    return render(
        request,
        "events/form.html",
        {
            "form": form,
            "event": event,
            "time_zones": time_zone_names(),
            "editing": True,
            "last_message": event.history().exclude(message="").first(),
        },
    )


def _save_event(form, request):
    """Save the event and its speakers, and submit it when asked; all or nothing."""
    with transaction.atomic():
        event = form.save()
        if "submit" in request.POST:
            transition(event, ModerationState.SUBMITTED, request.user)
    return event


# Submit, withdraw or reopen, named by the form's "move" field.
author_transition = author_move_view(
    get_event_for_view, lambda event, move, done: reverse("events:mine")
)


@login_required
@require_GET
def mine(request):
    events = (
        Event.objects.authored_by(request.user)
        .select_related("organiser")
        .order_by("-created_at", "-pk")
    )
    rows = [(event, allowed_moves(event, request.user)) for event in events]
    return render(request, "events/mine.html", {"rows": rows})
