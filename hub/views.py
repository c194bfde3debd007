from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)
from django_countries import countries

from hub.digests import user_for_unsubscribe_token
from hub.enums import FollowKind
from hub.filters import DocumentFilter, document_listing
from hub.forms import DigestSettingsForm, DocumentForm, EvidenceSummaryForm, FollowForm
from hub.home import home_sections
from hub.models import Call, Document, EvidenceSummary, Follow, NewsPost
from hub.structured import call_schema, document_schema, news_schema
from members.enums import DigestFrequency
from members.models import Organisation
from spring_portal import machine_translation, ratelimit
from spring_portal.author_moves import author_move_view
from spring_portal.caching import QueryParams, cache_public_page
from spring_portal.content_translations import (
    attach_reader_translations,
    localize,
    reader_translations,
    unknown_language_redirect,
)
from spring_portal.forms import has_control_characters
from spring_portal.links import absolute_url
from spring_portal.models import IntegrationArea, TargetGroup
from spring_portal.moderation import ModerationState, allowed_moves, transition
from spring_portal.roles import is_moderator

NEWS_PER_PAGE = 10
DOCUMENTS_PER_PAGE = 20


@require_safe
@cache_public_page
def home(request):
    """The newsletter-style home page (sections in hub/home.py)."""
    return render(request, "hub/home.html", {"sections": home_sections()})


# News


@cache_public_page(params=QueryParams(single=("tag", "page")))
@require_safe
def news_list(request):
    # The cards in the reader's language: one query for the page (issue 17).
    posts = NewsPost.objects.published().prefetch_related("tags", reader_translations())
    tag = None
    if request.GET.get("tag"):
        tag = IntegrationArea.objects.filter(slug=request.GET["tag"]).first()
        posts = posts.filter(tags=tag) if tag else posts.none()
    page = Paginator(posts, NEWS_PER_PAGE).get_page(request.GET.get("page"))
    tags = (
        IntegrationArea.objects.filter(news_posts__in=NewsPost.objects.published())
        .annotate(count=Count("news_posts"))
        .order_by("position", "name")
    )
    return render(
        request,
        "hub/news_list.html",
        {
            "page": page,
            "tags": tags,
            "tag": tag,
            "unknown_tag": bool(request.GET.get("tag")) and not tag,
        },
    )


def get_news_for_view(request, slug):
    """A news post visitors may see; moderators also preview drafts."""
    posts = NewsPost.objects.all() if is_moderator(request.user) else NewsPost.objects.published()
    return get_object_or_404(posts.prefetch_related("tags"), slug=slug)


LANG_PARAM = QueryParams(single={"lang"})


def _shown(request, record):
    """The record in the reader's language, and the moderator's machine-draft switch."""
    return {
        "shown": localize(record, requested=request.GET.get("lang")),
        "machine_translation": machine_translation.available() and is_moderator(request.user),
    }


@cache_public_page(params=LANG_PARAM)
@require_safe
def news_detail(request, slug):
    if redirect_to := unknown_language_redirect(request):
        return redirect_to
    post = get_news_for_view(request, slug)
    context = {"post": post, "schema": news_schema(post), **_shown(request, post)}
    return render(request, "hub/news_detail.html", context)


# Evidence summaries


@cache_public_page(params=QueryParams(single=("area", "page")))
@require_safe
def evidence_list(request):
    summaries = EvidenceSummary.objects.published().for_listing().order_by("-published_at", "-pk")
    area = None
    if request.GET.get("area"):
        area = IntegrationArea.objects.filter(slug=request.GET["area"]).first()
        summaries = summaries.filter(areas=area) if area else summaries.none()
    page = Paginator(summaries, NEWS_PER_PAGE).get_page(request.GET.get("page"))
    areas = (
        IntegrationArea.objects.filter(evidence_summaries__in=EvidenceSummary.objects.published())
        .annotate(count=Count("evidence_summaries"))
        .order_by("position", "name")
    )
    return render(
        request,
        "hub/evidence_list.html",
        {
            "page": page,
            "areas": areas,
            "area": area,
            "area_param": request.GET.get("area", ""),
            "can_write": is_moderator(request.user),
        },
    )


def get_evidence_for_view(request, slug):
    """A published summary; moderators also see drafts and archived ones."""
    summaries = EvidenceSummary.objects.prefetch_related("areas", "target_groups")
    if not is_moderator(request.user):
        summaries = summaries.published()
    return get_object_or_404(summaries, slug=slug)


@cache_public_page
@require_safe
def evidence_detail(request, slug):
    summary = get_evidence_for_view(request, slug)
    return render(
        request,
        "hub/evidence_detail.html",
        {"summary": summary, "sources": summary.sources(), "can_write": is_moderator(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def evidence_write(request):
    """Moderators write a summary here (or in the admin); it is published at once or kept
    as a draft to finish in the admin."""
    if not is_moderator(request.user):
        raise PermissionDenied
    form = EvidenceSummaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                summary = form.save(commit=False)
                summary.created_by = request.user
                summary.save()
                form.save_m2m()
                if "save_draft" not in request.POST:
                    transition(summary, ModerationState.PUBLISHED, request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if "save_draft" in request.POST:
                messages.success(request, _("The summary is saved as a draft."))
            else:
                messages.success(request, _("The summary is published."))
            return redirect(summary)
    return render(request, "hub/evidence_form.html", {"form": form})


# Calls for submissions


@cache_public_page
@require_safe
def call_list(request):
    today = timezone.localdate()
    lists = {
        "open_calls": list(Call.objects.open(today).order_by("closes_on")),
        "upcoming_calls": list(
            Call.objects.visible().filter(opens_on__gt=today).order_by("opens_on")
        ),
        "past_calls": list(Call.objects.past(today)),
    }
    # The cards in the reader's language: one query for the three lists (issue 17).
    attach_reader_translations(call for calls in lists.values() for call in calls)
    return render(request, "hub/call_list.html", lists)


@cache_public_page(params=LANG_PARAM)
@require_safe
def call_detail(request, slug):
    if redirect_to := unknown_language_redirect(request):
        return redirect_to
    call = get_object_or_404(Call.objects.visible(), slug=slug)
    context = {"call": call, "schema": call_schema(call), **_shown(request, call)}
    return render(request, "hub/call_detail.html", context)


# Documents library


@cache_public_page(params=QueryParams.of(DocumentFilter, "q", "page"))
@require_safe
def document_list(request):
    listing = document_listing(request.GET)
    page = Paginator(listing.documents, DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "hub/document_list.html", {"listing": listing, "page": page})


def get_document_for_view(request, slug):
    """A published document, or one the member authored, or any for moderators (else 404)."""
    document = get_object_or_404(
        Document.objects.select_related("organisation", "project").prefetch_related(
            "areas", "target_groups"
        ),
        slug=slug,
    )
    if document.is_public or is_moderator(request.user) or document.is_author(request.user):
        return document
    raise Http404


def get_document_for_edit(request, slug):
    """The document if the member may change it now (404 unseen, 403 not theirs or locked)."""
    document = get_document_for_view(request, slug)
    if not document.is_author(request.user) or not document.is_editable:
        raise PermissionDenied
    return document


@cache_public_page(params=LANG_PARAM)
@require_safe
def document_detail(request, slug):
    if redirect_to := unknown_language_redirect(request):
        return redirect_to
    document = get_document_for_view(request, slug)
    context = {
        "document": document,
        "schema": document_schema(document),
        **_shown(request, document),
    }
    if not document.is_public:
        context["history"] = [c for c in document.history() if c.message]
        context["can_edit"] = document.is_author(request.user) and document.is_editable
        context["can_withdraw"] = ModerationState.WITHDRAWN in allowed_moves(document, request.user)
    return render(request, "hub/document_detail.html", context)


@require_GET
def document_download(request, slug):
    document = get_document_for_view(request, slug)
    if not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    filename = f"{document.slug}.pdf"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def member_organisations(user):
    return (
        Organisation.objects.approved()
        .filter(memberships__user=user, memberships__state="active")
        .distinct()
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_submit(request):
    organisations = member_organisations(request.user)
    if not organisations.exists():
        return render(request, "hub/document_no_organisation.html")
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.check_rate(request.user, "documents:submit")
            with transaction.atomic():
                document = form.save(commit=False)
                document.created_by = request.user
                document.save()
                form.save_m2m()
                if "save_draft" not in request.POST:
                    transition(document, ModerationState.SUBMITTED, request.user)
        except ratelimit.RateLimited as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if "save_draft" in request.POST:
                messages.success(request, _("Your document is saved as a draft."))
            else:
                messages.success(
                    request, _("Thank you. The moderation team will review your document.")
                )
            return redirect(document)
    return render(request, "hub/document_form.html", {"form": form, "document": None})


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, slug):
    document = get_document_for_edit(request, slug)
    organisations = Organisation.objects.filter(
        Q(pk=document.organisation_id) | Q(pk__in=member_organisations(request.user).values("pk"))
    )
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        instance=document,
        organisations=organisations,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        if "save_draft" not in request.POST:
            try:
                transition(document, ModerationState.SUBMITTED, request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
                return render(request, "hub/document_form.html", _edit_context(form, document))
            messages.success(request, _("Your document is sent to the moderation team."))
        else:
            messages.success(request, _("Your changes are saved."))
        return redirect(document)
    return render(request, "hub/document_form.html", _edit_context(form, document))


def _edit_context(form, document):
    # The moderators' latest message, repeated above the form they asked changes to.
    last_message = document.history().exclude(message="").first()
    return {"form": form, "document": document, "last_message": last_message}


document_withdraw = author_move_view(
    get_document_for_view, lambda document, move, done: reverse("hub:my_documents"), move="withdraw"
)


@login_required
@require_GET
def my_documents(request):
    documents = (
        Document.objects.filter(
            Q(created_by=request.user)
            | Q(
                organisation__memberships__user=request.user,
                organisation__memberships__state="active",
                organisation__memberships__role="admin",
            )
        )
        .select_related("organisation")
        .distinct()
        .order_by("-updated_at")
    )
    return render(request, "hub/my_documents.html", {"documents": documents})


# Topics and following


@cache_public_page
@require_safe
def topic(request, slug):
    area = get_object_or_404(IntegrationArea.objects.active(), slug=slug)
    news = list(NewsPost.objects.published().filter(tags=area)[:6])
    documents = list(
        Document.objects.published().filter(areas=area).select_related("organisation")[:6]
    )
    # The cards in the reader's language: one query for both lists (issue 17).
    attach_reader_translations([*news, *documents])
    return render(request, "hub/topic.html", {"area": area, "news": news, "documents": documents})


def _safe_next(request, fallback):
    target = request.POST.get("next") or ""
    # Only a path on this site: redirect() would take any other word for a view name.
    if (
        target.startswith("/")
        and not has_control_characters(target)
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return fallback


@login_required
@require_POST
def follow(request):
    form = FollowForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This topic cannot be followed."))
    else:
        Follow.objects.get_or_create(user=request.user, **form.lookup())
        messages.success(request, _("You now follow %(topic)s.") % {"topic": _topic_label(form)})
    return redirect(_safe_next(request, reverse("hub:following")))


@login_required
@require_POST
def unfollow(request):
    form = FollowForm(request.POST)
    if form.is_valid():
        Follow.objects.filter(user=request.user, **form.lookup()).delete()
        messages.success(
            request, _("You no longer follow %(topic)s.") % {"topic": _topic_label(form)}
        )
    else:
        messages.error(request, _("This topic cannot be unfollowed."))
    return redirect(_safe_next(request, reverse("hub:following")))


def _topic_label(form):
    target = form.cleaned_data["target"]
    if form.cleaned_data["kind"] == FollowKind.COUNTRY:
        return countries.name(target)
    return str(target)


@login_required
@require_http_methods(["GET", "POST"])
def following(request):
    digest_form = DigestSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and digest_form.is_valid():
        digest_form.save(commit=False).save(update_fields=["digest_frequency"])
        messages.success(request, _("Your digest setting is saved."))
        return redirect("hub:following")
    follows = list(Follow.objects.for_user(request.user))
    followed = {(f.kind, str(f.value)) for f in follows}
    choices = {
        FollowKind.AREA: [
            (a.pk, a.name)
            for a in IntegrationArea.objects.active()
            if (FollowKind.AREA, str(a.pk)) not in followed
        ],
        FollowKind.TARGET_GROUP: [
            (g.pk, g.name)
            for g in TargetGroup.objects.active()
            if (FollowKind.TARGET_GROUP, str(g.pk)) not in followed
        ],
        FollowKind.ORGANISATION: [
            (o.pk, o.name)
            for o in Organisation.objects.approved().only("pk", "name")
            if (FollowKind.ORGANISATION, str(o.pk)) not in followed
        ],
        FollowKind.COUNTRY: [
            (code, name) for code, name in countries if (FollowKind.COUNTRY, code) not in followed
        ],
    }
    pickers = [
        {"kind": kind, "label": label, "choices": choices[kind]}
        for kind, label in FollowKind.choices
    ]
    return render(
        request,
        "hub/following.html",
        {"follows": follows, "pickers": pickers, "digest_form": digest_form},
    )


@csrf_exempt  # The signed token is the credential; mail clients POST without a session.
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request, token):
    user = user_for_unsubscribe_token(token)
    if user is None:
        return render(request, "hub/unsubscribed.html", {"invalid": True}, status=400)
    if user.digest_frequency != DigestFrequency.NEVER:
        user.digest_frequency = DigestFrequency.NEVER
        user.save(update_fields=["digest_frequency"])
    return render(request, "hub/unsubscribed.html", {"invalid": False})


# Site-wide


@require_GET
def robots_txt(request):
    from django.conf import settings

    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_PATH}",
        "Disallow: /accounts/",
        "Disallow: /digests/",
        "Disallow: /following/",
        f"Sitemap: {absolute_url(reverse('hub:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
