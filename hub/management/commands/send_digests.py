from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from hub.digests import PERIODS, send_digest
from members.enums import DigestFrequency


class Command(BaseCommand):
    help = (
        "Email each member the newly published items matching what they follow. "
        "Run daily with --frequency daily and weekly with --frequency weekly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=[str(f) for f in PERIODS],
            help="Only members with this digest frequency (default: every frequency).",
        )

    def handle(self, *args, frequency=None, **options):
        frequencies = [frequency] if frequency else [str(f) for f in PERIODS]
        users = (
            get_user_model()
            .objects.filter(is_active=True, digest_frequency__in=frequencies)
            .exclude(digest_frequency=DigestFrequency.NEVER)
            .exclude(email="")
            .order_by("pk")
        )
        total = users.count()
        sent = 0
        for position, user in enumerate(users.iterator(), start=1):
            if send_digest(user, user.digest_frequency):
                sent += 1
            self.stdout.write(f"{position}/{total} members, {sent} digests sent", ending="\r")
            self.stdout.flush()
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Done: {sent} digests sent to {total} members with a digest.")
        )
