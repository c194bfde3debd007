from django import template

from spring_portal.countries import country_groups as _country_groups
from spring_portal.text import plain_excerpt, render_markdown

register = template.Library()


@register.filter
def markdown(value):
    return render_markdown(value)


@register.filter
def excerpt(value, length=200):
    return plain_excerpt(value, int(length))


@register.simple_tag(takes_context=True)
def querystring_without(context, *keys):
    """The current query string without the given keys (for removing one filter)."""
    query = context["request"].GET.copy()
    for key in keys:
        query.pop(key, None)
    return query.urlencode()


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
