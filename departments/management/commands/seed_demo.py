import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from commitments.models import ReportingPeriod
from departments.accounts import create_account

# Published here on purpose: these accounts exist only on a developer's machine with DEBUG on.
DEMO_ACCOUNTS = [
    ("cddo-admin", "cddo-admin", (), "demo-cddo-admin-password"),
    ("dwp-lead", "lead", ("DWP",), "demo-dwp-lead-password"),
    ("hmrc-lead", "lead", ("HMRC",), "demo-hmrc-lead-password"),
    ("reviewer", "reviewer", (), "demo-reviewer-password"),
]
DEMO_PERIOD = {
    "slug": "next-return-demo",
    "name": "Next six-monthly return (demo)",
    "as_at": datetime.date(2024, 5, 31),
    "as_at_label": "May 2024 (a demonstration period)",
    "state": ReportingPeriod.State.OPEN,
    "note": "A demonstration period, open for returns, created by seed_demo for trying the return workflow.",
}


class Command(BaseCommand):
    help = "With DEBUG on only: create one demo account per role and an open demo period, and print the logins."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo creates accounts with published passwords, so it runs only with DEBUG=1.")
        ReportingPeriod.objects.get_or_create(slug=DEMO_PERIOD["slug"], defaults=DEMO_PERIOD)
        users = get_user_model().objects
        self.stdout.write("Demo accounts (sign in at http://127.0.0.1:8000/admin/):")
        for username, role, departments, password in DEMO_ACCOUNTS:
            if not users.filter(username=username).exists():
                create_account(username, password, role, departments)
            self.stdout.write(f"  {username:<12} password {password:<28} {role} {' '.join(departments)}")
