"""Unique slugs that stay unique when two requests save the same title at once.

Choosing a free slug and inserting it are two statements: another request can
take the slug in between, and the unique index then raises IntegrityError.
`unique_slug()` saves inside a savepoint and, when the slug was taken meanwhile,
chooses again; the last attempt adds a random suffix, so it always ends.
"""

import uuid
from itertools import chain, count

from django.db import IntegrityError, transaction
from django.utils.text import slugify

ATTEMPTS = 4


def slug_base(text, *, fallback, max_length=200, reserved=()):
    """The slugified `text` (or `fallback`), moved off `reserved` path segments."""
    base = slugify(text)[:max_length].strip("-") or fallback
    if base in reserved:
        base = f"{base}-{fallback}"
    return base


def _with_suffix(base, suffix, max_length):
    return f"{base[: max_length - len(suffix)]}{suffix}"


def free_slug(model, base, *, max_length=200, extra=(), exclude_pk=None, field="slug"):
    """The first of `base`, `extra`, `base-2`, `base-3`... no other row of `model` uses.

    Free when read: save with unique_slug() to keep it free.
    """
    others = model._default_manager.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    prefix = base[: max_length - 8]
    taken = set(others.filter(**{f"{field}__startswith": prefix}).values_list(field, flat=True))
    numbered = (_with_suffix(base, f"-{n}", max_length) for n in count(2))
    return next(slug for slug in chain([base], extra, numbered) if slug not in taken)


def unique_slug(instance, base, *, save=None, max_length=200, extra=(), field="slug"):
    """Give `instance` a free slug made from `base` and save it with `save()`, race-safely.

    `save` defaults to instance.save; a model's own save() passes its super().save.
    Returns the slug. Other integrity errors are raised as they are.
    """
    save = save or instance.save
    model = type(instance)
    for attempt in range(ATTEMPTS):
        if attempt < ATTEMPTS - 1:
            slug = free_slug(
                model,
                base,
                max_length=max_length,
                extra=extra,
                exclude_pk=instance.pk,
                field=field,
            )
        else:
            slug = _with_suffix(base, f"-{uuid.uuid4().hex[:8]}", max_length)
        setattr(instance, field, slug)
        try:
            with transaction.atomic():
                save()
        except IntegrityError:
            clash = model._default_manager.filter(**{field: slug})
            if instance.pk is not None:
                clash = clash.exclude(pk=instance.pk)
            if attempt == ATTEMPTS - 1 or not clash.exists():
                raise
        else:
            return slug
