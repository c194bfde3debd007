"""Demo content built from the seed pages (shared/seeds): `python manage.py seed_demo`.

Idempotent: running it twice changes nothing. `--reset` removes the demo content
first. Each app contributes through its `<app>.demo` module with
`seed(command)` and `reset(command)` functions, called in dependency order.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from events import demo as events_demo
from hub import demo as hub_demo
from members import demo as members_demo
from practices import demo as practices_demo
from practices import project_demo
from reviews import demo as reviews_demo

# In dependency order (reset runs in reverse).
DEMO_MODULES = [members_demo, practices_demo, reviews_demo, events_demo, hub_demo, project_demo]

MODERATOR_EMAIL = "moderator@spring-portal.eu"
MODERATOR_PASSWORD = "spring-moderator-2026"


class Command(BaseCommand):
    help = "Load the demo content (idempotent). Use --reset to rebuild it."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete demo content first.")

    def handle(self, *args, reset=False, **options):
        modules = DEMO_MODULES
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
