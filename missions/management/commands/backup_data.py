from django.core.management import call_command
from django.core.management.base import BaseCommand

from missions.backup import EXCLUDED


class Command(BaseCommand):
    help = (
        "Write everything (figures, statuses, texts, their history, returns, accounts and roles) to one JSON "
        "file that restore_data loads into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="The file to write, for example backup-2024-05-31.json.")

    def handle(self, *args, output, **options):
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=EXCLUDED,
            indent=1,
            output=output,
            verbosity=0,
        )
        self.stdout.write(f"Backed up to {output}.")
