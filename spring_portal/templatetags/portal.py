import json

from django import template
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
