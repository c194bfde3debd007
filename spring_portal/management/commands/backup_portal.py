from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from spring_portal.backup import backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format) and the media folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "destination", nargs="?", help="Folder to write (default: backups/<time>)"
        )

    def handle(self, *args, destination=None, **options):
        target = Path(destination or f"backups/{timezone.now():%Y%m%d-%H%M%S}")
        try:
            backup(target)
        except Exception as exc:  # noqa: BLE001 - report any tool failure as a command error
            raise CommandError(f"Backup failed: {getattr(exc, 'stderr', b'') or exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written to {target}"))
