from django import template

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
