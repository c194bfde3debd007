"""One review queue across practices, events, documents and organisations.

Moderators work in the Django admin; this page, inside it, lists everything waiting
for a decision, oldest first, with the waiting time and the moderator looking after
each record. One query per kind, whatever the length of the queue.
"""

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

# model label -> the states in which a record waits for a moderator
WAITING = {
    "practices.Practice": ("submitted", "in_review"),
    "practices.Transfer": ("submitted", "in_review"),
    "events.Event": ("submitted", "in_review"),
    "hub.Document": ("submitted", "in_review"),
    "practices.Project": ("submitted", "in_review"),
    "members.Organisation": ("pending",),
    "spring_portal.ContentTranslation": ("submitted", "in_review"),
}
# Relations a record's name reads (a transfer is named after its practice).
NAMED_AFTER = {"practices.Transfer": ("practice",)}
SHOW = {"all": _("All"), "unassigned": _("Unassigned"), "mine": _("Assigned to me")}


@dataclass
class QueueItem:
    record: object
    kind: str
    waiting_since: datetime | None
    change_url: str
    assign_url: str

    @property
    def waited(self):
        return timezone.now() - self.waiting_since if self.waiting_since else None


def _models(request):
    """The moderated models this user may change, with their admin."""
    for label in WAITING:
        model = apps.get_model(label)
        model_admin = admin.site._registry.get(model)
        if model_admin and model_admin.has_change_permission(request):
            yield model, model_admin


def queue_items(request, show="all") -> list[QueueItem]:
    items = []
    for model, _model_admin in _models(request):
        opts = model._meta
        records = model.objects.filter(state__in=WAITING[opts.label]).select_related(
            "assigned_to", *NAMED_AFTER.get(opts.label, ())
        )
        if show == "unassigned":
            records = records.filter(assigned_to__isnull=True)
        elif show == "mine":
            records = records.filter(assigned_to=request.user)
        for record in records:
            items.append(
                QueueItem(
                    record=record,
                    kind=opts.verbose_name,
                    waiting_since=record.submitted_at or record.state_changed_at,
                    change_url=reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]
                    ),
                    assign_url=reverse(
                        "admin_review_assign", args=[opts.app_label, opts.model_name, record.pk]
                    ),
                )
            )
    oldest = timezone.now()
    items.sort(key=lambda item: (item.waiting_since or oldest, item.kind, item.record.pk))
    return items


def review_queue(request):
    show = request.GET.get("show", "all")
    if show not in SHOW:
        show = "all"
    if not any(True for _ in _models(request)):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": _("Review queue"),
        "items": queue_items(request, show),
        "show": show,
        "show_choices": SHOW.items(),
    }
    return TemplateResponse(request, "admin/review_queue.html", context)


@require_POST
def assign(request, app_label, model_name, pk):
    """Take a record (or give it back with unassign=1); the queue shows who has what."""
    label = f"{app_label}.{model_name}".lower()
    model = next((m for m, _a in _models(request) if m._meta.label_lower == label), None)
    if model is None:
        raise Http404
    record = get_object_or_404(model, pk=pk)
    assignee = None if request.POST.get("unassign") else request.user
    model.objects.filter(pk=record.pk).update(assigned_to=assignee)
    if assignee:
        messages.success(request, _("“%(record)s” is assigned to you.") % {"record": record})
    else:
        messages.success(request, _("“%(record)s” is unassigned.") % {"record": record})
    return HttpResponseRedirect(request.POST.get("next") or reverse("admin_review_queue"))
