from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from commitments.models import Figure
from missions.models import Mission


class Command(BaseCommand):
    help = "Load a backup_data file into an empty, migrated database. Refuses a database that already has data."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="A file written by backup_data.")

    def handle(self, *args, backup, **options):
        if Mission.objects.exists() or Figure.objects.exists():
            raise CommandError(
                "This database already has roadmap data; restore into an empty one (create it, then migrate)."
            )
        with transaction.atomic():
            call_command("loaddata", backup, verbosity=0)
        self.stdout.write(f"Restored {backup}: {Figure.objects.count()} figures, {Mission.objects.count()} missions.")
