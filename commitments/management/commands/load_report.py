from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from commitments.loading import ReportDataError, ReportLoader, read_fixture_files


class Command(BaseCommand):
    help = (
        "Load the roadmap report's data from fixtures/*.toml. Safe to run again: it adds what is missing "
        "and leaves alone, with a warning, anything edited since it was loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace values edited in the database since loading with the report's values.",
        )
        parser.add_argument("--directory", default=settings.REPORT_FIXTURES_DIR, help="Where the .toml files are.")

    def handle(self, *args, **options):
        try:
            data = read_fixture_files(options["directory"])
            with transaction.atomic():
                result = ReportLoader(overwrite=options["overwrite"]).load(data)
        except ReportDataError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        self.stdout.write(
            f"Report data: {result.created} created, {result.unchanged} unchanged, {result.updated} overwritten, "
            f"{len(result.kept)} edited value(s) kept."
        )
        for line in result.kept:
            self.stderr.write(self.style.WARNING(f"Kept an edited value: {line}"))
        if result.kept:
            self.stderr.write(self.style.WARNING("Run with --overwrite to replace edited values with the report's."))
