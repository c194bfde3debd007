"""Cursor (keyset) paging: a page starts after the sort key of the previous page's last
item, so it stays stable while records are added or removed elsewhere in the list
(an offset would skip or repeat items). The cursor is that key, opaque to clients
(api.http.encode_cursor)."""

import datetime

from django.db.models import Q

from api.http import ApiError, decode_cursor, encode_cursor


def _parse(model, field_name, value):
    field = model._meta.pk if field_name == "pk" else model._meta.get_field(field_name)
    try:
        parsed = field.to_python(value)
    except Exception:  # noqa: BLE001 - any malformed value is the client's bad cursor
        parsed = None
    if parsed is None:
        raise ApiError(400, "Invalid cursor", "Use the `next` link of a previous page.")
    if isinstance(parsed, datetime.datetime) and parsed.tzinfo is None:
        raise ApiError(400, "Invalid cursor", "Use the `next` link of a previous page.")
    return parsed


def after(model, order: list[str], cursor: str | None) -> Q:
    """The condition "comes after the cursor's key" for `order` (field names, "-" for
    descending, ending with "pk" or "-pk"); an empty condition without a cursor."""
    values = decode_cursor(cursor, len(order))
    if values is None:
        return Q()
    keys = [(name.lstrip("-"), name.startswith("-")) for name in order]
    parsed = [_parse(model, name, value) for (name, _desc), value in zip(keys, values, strict=True)]
    condition = Q()
    equal = Q()
    for (name, descending), value in zip(keys, parsed, strict=True):
        lookup = f"{name}__lt" if descending else f"{name}__gt"
        condition |= equal & Q(**{lookup: value})
        equal &= Q(**{name: value})
    return condition


def key_of(record, order: list[str]) -> list:
    """The cursor values of `record` for `order`."""
    values = []
    for name in order:
        value = getattr(record, name.lstrip("-"))
        values.append(value.isoformat() if hasattr(value, "isoformat") else value)
    return values


def keyset_page(queryset, order: list[str], cursor: str | None, limit: int):
    """(records of the page, next cursor or None): `limit` records after the cursor."""
    rows = list(queryset.filter(after(queryset.model, order, cursor)).order_by(*order)[: limit + 1])
    if len(rows) > limit:
        return rows[:limit], encode_cursor(key_of(rows[limit - 1], order))
    return rows, None
