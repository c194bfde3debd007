from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SpringPortalConfig(AppConfig):
    name = "spring_portal"
    verbose_name = _("Portal")

    def ready(self):
        from spring_portal.roles import sync_moderators_group

        post_migrate.connect(sync_moderators_group, dispatch_uid="sync_moderators_group")
