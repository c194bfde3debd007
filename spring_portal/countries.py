"""The country chooser shared by the submission forms: EU and EEA countries first."""

from django import forms
from django.utils.translation import gettext_lazy as _

# The 27 EU member states plus Iceland, Liechtenstein and Norway (the EEA).
EU_EEA = frozenset(
    {
        *("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"),
        *("IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
        *("IS", "LI", "NO"),
    }
)


class CountryChooser(forms.CheckboxSelectMultiple):
    """Checkboxes instead of a 250-entry Ctrl-click list; the same name and values are
    posted. ui/field.html renders it grouped (see `country_groups`), and
    static/js/country-chooser.js adds a filter box and chips for the chosen ones."""


def country_groups(bound_field):
    """[(group label, [option subwidgets])]: EU and EEA first, then the others, each in
    the choices' (alphabetical) order; a group without options is left out."""
    eu, other = [], []
    for option in bound_field.subwidgets:
        value = str(option.data["value"])
        if not value:
            continue
        (eu if value in EU_EEA else other).append(option)
    groups = [(_("EU and EEA"), eu), (_("Other countries"), other)]
    return [(label, options) for label, options in groups if options]


def grouped_country_choices(choices):
    """A single-country <select>'s choices with <optgroup>s: the empty choice, EU and
    EEA, then the others. Validation accepts the same values as before."""
    choices = list(choices)
    blank = [choice for choice in choices if not choice[0]]
    eu = [choice for choice in choices if choice[0] and choice[0] in EU_EEA]
    other = [choice for choice in choices if choice[0] and choice[0] not in EU_EEA]
    return [*blank, (_("EU and EEA"), eu), (_("Other countries"), other)]


class RegionSelect(forms.Select):
    """The NUTS 2 region <select>, one optgroup per country (works without JavaScript).

    Each option carries its country (data-country) and the select names the country
    field it follows (data-region-for); static/js/region-picker.js then offers only the
    regions of the chosen country or countries."""

    def __init__(self, country_field, attrs=None):
        super().__init__({"data-region-for": country_field, **(attrs or {})})

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        from spring_portal.places import regions

        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        region = regions().get(str(value))
        if region is not None:
            option["attrs"]["data-country"] = region.country
        return option


def region_field_setup(form, country_field="country"):
    """Give the form's `region` field the grouped picker (choices in the active language)."""
    from spring_portal.places import region_choices

    field = form.fields["region"]
    field.widget = RegionSelect(country_field)
    field.widget.choices = region_choices()


class RegionAdminMixin:
    """The grouped region <select> in the admin too (moderators pick, not type, a code)."""

    region_country_field = "country"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "region":
            from spring_portal.places import region_choices

            widget = RegionSelect(self.region_country_field)
            widget.choices = region_choices()
            return db_field.formfield(widget=widget)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
