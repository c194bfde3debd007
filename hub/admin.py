from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hub.models import Call, DigestDelivery, Document, EvidenceSummary, Follow, NewsPost
from spring_portal.admin import ModerationAdminMixin


@admin.register(NewsPost)
class NewsPostAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "publish_at", "is_highlight", "is_spotlight", "language"]
    list_filter = ["status", "is_highlight", "is_spotlight", "language", "tags"]
    list_editable = ["is_highlight", "is_spotlight"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["tags"]
    date_hierarchy = "publish_at"
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body", "language", "tags")}),
        (_("Image"), {"fields": ("image", "image_alt")}),
        (_("Publication"), {"fields": ("status", "publish_at", "is_highlight", "is_spotlight")}),
    )


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "accepts", "opens_on", "closes_on", "is_published"]
    list_filter = ["accepts", "is_published"]
    search_fields = ["title", "text"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "closes_on"


@admin.register(Document)
class DocumentAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = ["title", "doc_type", "organisation", "year", "state", "submitted_at"]
    list_filter = ["state", "doc_type", "year", "areas"]
    search_fields = ["title", "summary", "publisher", "organisation__name"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["areas", "target_groups"]
    autocomplete_fields = ["organisation", "project"]
    readonly_fields = [
        "state",
        "created_by",
        "created_at",
        "submitted_at",
        "published_at",
        "state_changed_at",
    ]
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "doc_type", "languages", "year")}),
        (_("Publisher"), {"fields": ("organisation", "publisher", "project")}),
        (_("Topics"), {"fields": ("areas", "target_groups")}),
        (_("File or link"), {"fields": ("file", "url")}),
        (
            _("Moderation"),
            {
                "fields": (
                    "state",
                    "created_by",
                    "created_at",
                    "submitted_at",
                    "published_at",
                    "state_changed_at",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")

    def save_model(self, request, obj, form, change):
        if not change and not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "area", "target_group", "organisation", "country"]
    list_filter = ["kind"]
    search_fields = ["user__email"]
    raw_id_fields = ["user", "organisation"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(admin.ModelAdmin):
    list_display = ["user", "content_type", "object_id", "sent_at"]
    list_filter = ["content_type"]
    search_fields = ["user__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EvidenceSummary)
class EvidenceSummaryAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = ["title", "state", "created_by", "published_at"]
    list_filter = ["state", "areas"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["areas", "target_groups"]
    autocomplete_fields = ["cited_practices", "cited_documents", "cited_projects"]
    readonly_fields = ["state", "created_by", "created_at", "published_at", "state_changed_at"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body")}),
        (_("Topics"), {"fields": ("areas", "target_groups")}),
        (_("Sources"), {"fields": ("cited_practices", "cited_documents", "cited_projects")}),
        (
            _("Moderation"),
            {"fields": ("state", "created_by", "created_at", "published_at", "state_changed_at")},
        ),
    )

    def save_model(self, request, obj, form, change):
        if not change and not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
