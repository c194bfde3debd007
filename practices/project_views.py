"""Funded projects: the public list and pages, and members' submissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from practices.forms import ProjectForm
from practices.models import Project
from practices.project_filters import ProjectFilter, project_listing
from spring_portal import ratelimit
from spring_portal.author_moves import author_move_view
from spring_portal.caching import QueryParams, cache_public_page
from spring_portal.decorators import verified_member_required
from spring_portal.moderation import ModerationState, allowed_moves, transition

PROJECTS_PER_PAGE = 20


@cache_public_page(params=QueryParams.of(ProjectFilter, "q", "page"))
@require_safe
def project_list(request):
    listing = project_listing(request.GET)
    page = Paginator(listing.projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "practices/project_list.html", {"listing": listing, "page": page})


def get_project_for_view(request, slug):
    """A published project, or one the member submitted, or any for moderators (else 404)."""
    project = get_object_or_404(Project.objects.with_outputs(), slug=slug)
    if project.can_view(request.user):
        return project
    raise Http404


def get_project_for_edit(request, slug):
    """The project if the member may change it now (404 unseen, 403 not theirs or locked)."""
    project = get_project_for_view(request, slug)
    if not project.is_author(request.user) or not project.is_editable:
        raise PermissionDenied
    return project


@cache_public_page
@require_safe
def project_detail(request, slug):
    project = get_project_for_view(request, slug)
    context = {"project": project}
    if not project.is_public:
        context["history"] = [c for c in project.history() if c.message]
        context["can_edit"] = project.is_author(request.user) and project.is_editable
        context["can_withdraw"] = ModerationState.WITHDRAWN in allowed_moves(project, request.user)
    return render(request, "practices/project_detail.html", context)


def _save_and_maybe_submit(request, form):
    """Save the form's project; send it to the moderators unless "save as draft"."""
    with transaction.atomic():
        project = form.save(commit=False)
        if project.created_by_id is None:
            project.created_by = request.user
        project.save()
        form.save_m2m()
        project.update_search_vector()
        if "save_draft" not in request.POST:
            transition(project, ModerationState.SUBMITTED, request.user)
    return project


@verified_member_required
@require_http_methods(["GET", "POST"])
def project_submit(request):
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.check_rate(request.user, "projects:submit")
            project = _save_and_maybe_submit(request, form)
        except ratelimit.RateLimited as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if "save_draft" in request.POST:
                messages.success(request, _("Your project is saved as a draft."))
            else:
                messages.success(
                    request, _("Thank you. The moderation team will review your project.")
                )
            return redirect(project)
    return render(request, "practices/project_form.html", {"form": form, "project": None})


@verified_member_required
@require_http_methods(["GET", "POST"])
def project_edit(request, slug):
    project = get_project_for_edit(request, slug)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            project = _save_and_maybe_submit(request, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if "save_draft" in request.POST:
                messages.success(request, _("Your changes are saved."))
            else:
                messages.success(request, _("Your project is sent to the moderation team."))
            return redirect(project)
    last_message = project.history().exclude(message="").first()
    return render(
        request,
        "practices/project_form.html",
        {"form": form, "project": project, "last_message": last_message},
    )


project_withdraw = author_move_view(
    get_project_for_view, lambda project, move, done: reverse("projects:mine"), move="withdraw"
)


@login_required
@require_GET
def my_projects(request):
    projects = (
        Project.objects.authored_by(request.user)
        .select_related("programme")
        .order_by("-updated_at")
    )
    return render(request, "practices/my_projects.html", {"projects": projects})
