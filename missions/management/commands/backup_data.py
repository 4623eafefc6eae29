from django.core.management import call_command
from django.core.management.base import BaseCommand

from missions.backup import EXCLUDED


class Command(BaseCommand):
    help = (
        "Write everything (figures, statuses, texts, their history, returns, accounts and roles) to one XML "
        "file that restore_data loads into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="The file to write, for example backup-2024-05-31.xml.")

    def handle(self, *args, output, **options):
        # XML rather than JSON: Django's JSON rounds timestamps to the millisecond, and the
        # history's timestamps should come back exactly as they were.
        call_command(
            "dumpdata",
            format="xml",
            natural_foreign=True,
            exclude=EXCLUDED,
            output=output,
            verbosity=0,
        )
        self.stdout.write(f"Backed up to {output}.")
