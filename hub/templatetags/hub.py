from django import template

from hub.enums import FollowKind
from hub.models import Follow
from spring_portal.search import highlight as highlight_headline

register = template.Library()


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
