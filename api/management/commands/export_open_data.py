from django.core.management.base import BaseCommand

from api.downloads import BY_NAME, export_all, export_dataset


class Command(BaseCommand):
    help = (
        "Write the open data bulk downloads (CSV, JSON and their schema per dataset) into "
        "OPEN_DATA_ROOT, served under /api/v1/downloads/. Run nightly from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dataset", choices=sorted(BY_NAME), help="Only this dataset (default: all)."
        )

    def handle(self, *args, dataset=None, **options):
        counts = {dataset: export_dataset(BY_NAME[dataset])} if dataset else export_all()
        if options["verbosity"] == 0:
            return
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} records")
        self.stdout.write(self.style.SUCCESS("Open data downloads written."))
