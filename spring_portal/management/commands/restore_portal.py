from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from spring_portal.backup import restore


class Command(BaseCommand):
    help = "Restore a backup made by backup_portal into the configured database and media folder."

    def add_arguments(self, parser):
        parser.add_argument("source", help="Backup folder (holds database.dump and media.tar.gz)")

    def handle(self, *args, source, **options):
        try:
            restore(Path(source))
        except Exception as exc:  # noqa: BLE001 - report any tool failure as a command error
            raise CommandError(f"Restore failed: {getattr(exc, 'stderr', b'') or exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Restored {source}"))
