import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from departments.accounts import ROLES, create_account
from departments.models import Department


class Command(BaseCommand):
    help = (
        "Create a CDDO administrator, department lead or reviewer account. The password is asked for, "
        "or read from the ROADMAP_ACCOUNT_PASSWORD environment variable when there is no terminal."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--department", action="append", default=[], help="A lead's department code; repeatable.")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, department, email, **options):
        password = os.environ.get("ROADMAP_ACCOUNT_PASSWORD") or getpass.getpass(f"Password for {username}: ")
        try:
            user = create_account(username, password, role, department, email)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except Department.DoesNotExist as error:
            raise CommandError(f"No department with code among {department}.") from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Created {user.username} as {ROLES[role]}.")
