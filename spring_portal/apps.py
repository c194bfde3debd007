from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SpringPortalConfig(AppConfig):
    name = "spring_portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import m2m_changed, post_delete, post_save

        # Imported for their side effects: the deploy checks and the __any_of lookup.
        from spring_portal import checks, lookups  # noqa: F401
        from spring_portal.caching import bump_content_version
        from spring_portal.roles import MODERATED_APPS, sync_moderators_group

        post_migrate.connect(sync_moderators_group, dispatch_uid="sync_moderators_group")
        # Any change to portal content invalidates the anonymous page cache.
        for model in apps.get_models():
            if model._meta.app_label in MODERATED_APPS:
                uid = f"bump-cache-{model._meta.label}"
                post_save.connect(bump_content_version, sender=model, dispatch_uid=uid)
                post_delete.connect(bump_content_version, sender=model, dispatch_uid=uid)
        m2m_changed.connect(bump_content_version, dispatch_uid="bump-cache-m2m")
