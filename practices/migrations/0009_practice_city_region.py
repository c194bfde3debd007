import django.db.models
from django.db import migrations

import spring_portal.places
import spring_portal.text


class Migration(migrations.Migration):
    """The free-text "region or city" becomes the city; region is now a NUTS 2 code."""

    dependencies = [
        ("practices", "0008_transfers_contact_collections"),
    ]

    operations = [
        migrations.RenameField(model_name="practice", old_name="region", new_name="city"),
        migrations.AlterField(
            model_name="practice",
            name="city",
            field=django.db.models.CharField(
                blank=True,
                max_length=200,
                validators=[spring_portal.text.validate_single_line],
                verbose_name="city or locality",
            ),
        ),
        migrations.AddField(
            model_name="practice",
            name="region",
            field=django.db.models.CharField(
                blank=True,
                help_text="The NUTS 2 region where the practice takes place, if it is in one region.",
                max_length=4,
                validators=[spring_portal.places.validate_region_code],
                verbose_name="region",
            ),
        ),
    ]
