"""Places below the country: the NUTS 2 regions of the EU, the EFTA countries and the UK.

The list (code, ISO country, name) is committed in spring_portal/data/nuts2.json,
generated once by `manage.py build_geodata` from Eurostat's NUTS 2024 tables (UK:
NUTS 2018; EFTA: Eurostat's statistical regions, coded the same way). Region names
are the official ones, in the country's own language, as Eurostat publishes them.

    region_choices()                 # for a <select>: optgroups by country
    validate_region("BE10", ["BE"])  # ValidationError unless BE10 lies in one of them
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

DATA = Path(__file__).resolve().parent / "data" / "nuts2.json"


@dataclass(frozen=True)
class Region:
    code: str
    country: str
    name: str


@cache
def regions() -> dict[str, Region]:
    """code -> Region, in code order."""
    return {
        code: Region(code, country, name) for code, country, name in json.loads(DATA.read_text())
    }


@cache
def regions_by_country() -> dict[str, list[Region]]:
    grouped: dict[str, list[Region]] = {}
    for region in regions().values():
        grouped.setdefault(region.country, []).append(region)
    return grouped


def region_name(code: str) -> str:
    region = regions().get(code)
    return region.name if region else code


def region_choices():
    """The empty choice, then one optgroup per country (by translated name) with its
    regions: a region <select> usable without JavaScript."""
    groups = sorted(
        ((countries.name(code), code) for code in regions_by_country()), key=lambda g: g[0]
    )
    return [
        ("", _("Not known or several regions")),
        *(
            (name, [(r.code, f"{r.name} ({r.code})") for r in regions_by_country()[code]])
            for name, code in groups
        ),
    ]


def validate_region_code(value):
    if value and value not in regions():
        raise ValidationError(
            _("“%(value)s” is not a NUTS 2 region code."),
            code="unknown_region",
            params={"value": value},
        )


def validate_region(value, country_codes):
    """The region must lie in one of the chosen countries."""
    validate_region_code(value)
    if not value:
        return
    country = regions()[value].country
    if country not in {str(code) for code in country_codes}:
        raise ValidationError(
            _("%(region)s is in %(country)s: choose that country too, or another region."),
            code="region_outside_country",
            params={"region": regions()[value].name, "country": countries.name(country)},
        )
