from django.contrib import admin

from spring_portal.models import (
    FundingProgramme,
    IntegrationArea,
    OrganisationType,
    StateChange,
    TargetGroup,
)


class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "name_fr", "name_de", "slug", "position", "is_active"]
    list_editable = ["name_fr", "name_de", "position", "is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


for model in (IntegrationArea, TargetGroup, OrganisationType, FundingProgramme):
    admin.site.register(model, TermAdmin)


@admin.register(StateChange)
class StateChangeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "content_type", "object_id", "actor", "from_state", "to_state"]
    list_filter = ["content_type", "to_state"]
    readonly_fields = [f.name for f in StateChange._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
