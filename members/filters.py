"""Filters of the organisation and member directories (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from members.enums import MembershipState
from members.models import Organisation, User
from spring_portal.models import IntegrationArea, OrganisationType


def _used_countries(queryset):
    """Only the countries that appear in the directory, sorted by name (one query)."""
    codes = set(queryset.exclude(country="").values_list("country", flat=True).distinct())
    return [(code, name) for code, name in countries if code in codes]


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"),
        method="filter_name",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    type = django_filters.ModelChoiceFilter(
        label=_("Type"),
        field_name="org_type",
        to_field_name="slug",
        queryset=OrganisationType.objects.active(),
        empty_label=_("All types"),
    )
    country = django_filters.ChoiceFilter(label=_("Country"), empty_label=_("All countries"))
    area = django_filters.ModelChoiceFilter(
        label=_("Integration area"),
        field_name="areas",
        to_field_name="slug",
        queryset=IntegrationArea.objects.active(),
        empty_label=_("All areas"),
    )
    cop = django_filters.ChoiceFilter(
        label=_("Community of practice"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        method="filter_cop",
        empty_label=_("Any"),
    )

    class Meta:
        model = Organisation
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["country"].extra["choices"] = lambda: _used_countries(
            Organisation.objects.approved()
        )

    def filter_cop(self, queryset, name, value):
        return queryset.filter(is_community_of_practice=value == "yes")

    def filter_name(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value))


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name"),
        field_name="full_name",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    country = django_filters.ChoiceFilter(label=_("Country"), empty_label=_("All countries"))
    area = django_filters.ModelChoiceFilter(
        label=_("Area of expertise"),
        field_name="areas",
        to_field_name="slug",
        queryset=IntegrationArea.objects.active(),
        empty_label=_("All areas"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        method="filter_organisation",
        to_field_name="slug",
        queryset=Organisation.objects.approved().only("name", "slug"),
        empty_label=_("All organisations"),
    )

    class Meta:
        model = User
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["country"].extra["choices"] = lambda: _used_countries(User.objects.public())

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(
            memberships__organisation=value, memberships__state=MembershipState.ACTIVE
        )
