from django.db import migrations


def name_site(apps, schema_editor):
    site_model = apps.get_model("sites", "Site")
    site_model.objects.update_or_create(
        pk=1, defaults={"domain": "spring-portal.eu", "name": "SPRING portal"}
    )


class Migration(migrations.Migration):
    dependencies = [("spring_portal", "0002_seed_taxonomy"), ("sites", "0002_alter_domain_unique")]

    operations = [migrations.RunPython(name_site, migrations.RunPython.noop)]
