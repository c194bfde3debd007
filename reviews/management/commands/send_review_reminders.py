from django.core.management.base import BaseCommand

from reviews.services import send_reminders


class Command(BaseCommand):
    help = (
        "Remind reviewers of the reviews due within REVIEW_REMINDER_DAYS days or overdue: "
        "one email digest per reviewer and an in-portal notification per review. Run daily; "
        "a reviewer is reminded at most once a day."
    )

    def handle(self, *args, **options):
        count = send_reminders()
        self.stdout.write(self.style.SUCCESS(f"Done: {count} reviewers reminded."))
