import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from hub.enums import FollowKind
from hub.models import Follow
from spring_portal.search import highlight as highlight_headline

register = template.Library()

# Characters that could close the script element or start a comment in it.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def structured_data(context, data):
    """A schema.org JSON-LD block (a data block, never executed; carries the CSP nonce)."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>',
        context.get("csp_nonce", ""),
        mark_safe(payload),  # noqa: S308 - JSON with <, > and & escaped above
    )


@register.simple_tag(takes_context=True)
def follow_state(context, kind, target):
    """{'kind', 'value', 'label', 'following'} for a follow button on `target`."""
    if kind == FollowKind.COUNTRY:
        code = getattr(target, "code", target)
        value, label = str(code), str(getattr(target, "name", code))
        lookup = {"country": value}
    else:
        field = {"area": "area", "target_group": "target_group", "organisation": "organisation"}[
            kind
        ]
        value, label = str(target.pk), str(target)
        lookup = {f"{field}_id": target.pk}
    user = context.get("user") or getattr(context.get("request"), "user", None)
    following = bool(
        user
        and user.is_authenticated
        and Follow.objects.filter(user=user, kind=kind, **lookup).exists()
    )
    return {"kind": kind, "value": value, "label": label, "following": following}


@register.filter
def highlight(headline):
    """A search headline as HTML: escaped text with the matches in <mark>."""
    return highlight_headline(headline)
