import json

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from spring_portal.countries import country_groups as _country_groups
from spring_portal.text import plain_excerpt, render_markdown

register = template.Library()


@register.filter
def markdown(value):
    return render_markdown(value)


@register.filter
def excerpt(value, length=200):
    return plain_excerpt(value, int(length))


@register.filter
def accessible(bound_field):
    """Render a field's widget tied to its help text and errors (aria-describedby)."""
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def country_groups(bound_field):
    """A CountryChooser's options grouped "EU and EEA", then "Other countries"."""
    return _country_groups(bound_field)


@register.filter
def marked_required(bound_field):
    """Whether the field shows "(required)": the form requires it, or it is needed
    later (`required_for_review`, for forms that save incomplete drafts). Not in a
    formset's blank extra row, which may stay empty."""
    if bound_field.form.empty_permitted:
        return False
    field = bound_field.field
    return field.required or getattr(field, "required_for_review", False)


# Characters that could close the script element or start a comment in it.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def structured_data(context, data):
    """A schema.org JSON-LD block (a data block, never executed; carries the CSP nonce).

    The one emitter for every page's structured data: absolute URLs in `data` come
    from spring_portal.links.absolute_url (SITE_URL), never from the request.
    """
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>',
        context.get("csp_nonce", ""),
        mark_safe(payload),  # noqa: S308 - JSON with <, > and & escaped above
    )


@register.simple_tag
def facet_fieldsets(facets, id_prefix="f", fieldset_class="facet", list_class="facet__values"):
    """The filter checkboxes of a list page, one <fieldset> per facet with values.

    The same markup as a template loop, built in Python: a practices page has ~130
    facet values, and at ~1,000 template nodes they were a third of an uncached
    list page's rendering time (docs/performance.md)."""
    parts = []
    for facet in facets:
        if not facet.values:
            continue
        items = []
        for number, value in enumerate(facet.values, start=1):
            field_id = f"{id_prefix}-{facet.name}-{number}"
            items.append(
                format_html(
                    '<li><input type="checkbox" name="{}" value="{}" id="{}"{}>'
                    '<label for="{}">{} <span class="facet-count">({})</span></label></li>',
                    facet.name,
                    value.value,
                    field_id,
                    mark_safe(" checked") if value.selected else "",  # noqa: S308 - constant
                    field_id,
                    value.label,
                    intcomma(value.count),
                )
            )
        parts.append(
            format_html(
                '<fieldset{}><legend>{}</legend><ul class="{}">{}</ul></fieldset>',
                format_html(' class="{}"', fieldset_class) if fieldset_class else "",
                facet.label,
                list_class,
                mark_safe("".join(items)),  # noqa: S308 - each item escaped by format_html
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - each part escaped by format_html
