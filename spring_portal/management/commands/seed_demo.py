"""Demo content built from the seed pages (shared/seeds): `python manage.py seed_demo`.

Idempotent: running it twice changes nothing. `--reset` removes the demo content
first. Each app contributes through an optional `<app>.demo` module with
`seed(command)` and `reset(command)` functions, called in dependency order.
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_APPS = ["members", "practices", "events", "hub"]

MODERATOR_EMAIL = "moderator@spring-portal.eu"
MODERATOR_PASSWORD = "spring-moderator-2026"


def demo_modules():
    modules = []
    for app in DEMO_APPS:
        try:
            modules.append(import_module(f"{app}.demo"))
        except ModuleNotFoundError as exc:
            if exc.name not in {app, f"{app}.demo"}:
                raise
    return modules


class Command(BaseCommand):
    help = "Load the demo content (idempotent). Use --reset to rebuild it."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete demo content first.")

    def handle(self, *args, reset=False, **options):
        modules = demo_modules()
        with transaction.atomic():
            if reset:
                for module in reversed(modules):
                    module.reset(self)
                self.stdout.write("Demo content removed.")
            for module in modules:
                module.seed(self)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(
            f"Moderator login: {MODERATOR_EMAIL} / {MODERATOR_PASSWORD} (development only)"
        )
