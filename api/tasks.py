"""The bulk downloads, regenerated in the task worker when a moderator asks (the
nightly run is the export_open_data command from cron)."""

from django.tasks import task

from api.downloads import export_all


@task
def export_open_data() -> dict:
    return export_all()
