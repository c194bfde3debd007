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
