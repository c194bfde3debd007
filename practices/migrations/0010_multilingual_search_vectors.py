"""Recompute the stored search vectors: each text under its own language's
configuration, accents folded, translations included (issue 17)."""

from django.db import migrations


def refresh(apps, schema_editor):
    # The live model: the vector is defined by code (one UPDATE over every practice).
    from practices.models import Practice

    Practice.refresh_search_vectors(Practice.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0009_practice_city_region"),
        ("spring_portal", "0010_search_word"),
    ]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
