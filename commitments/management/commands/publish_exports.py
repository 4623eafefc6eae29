import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.management.base import BaseCommand, CommandError

from commitments import publication
from commitments.models import PublishedExport


class Command(BaseCommand):
    help = (
        "Build every whole-table export, and each period's figures, for the data as it is now, so that no reader "
        "waits for one. "
        "For deploy scripts, after load_report or restore_data: changes made through the site publish by themselves."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "origin",
            nargs="?",
            help="The site's scheme and host as readers reach it, for example https://roadmap.example.gov.uk; "
            "by default SITE_URL.",
        )

    def handle(self, *args, origin, **options):
        if origin and settings.SITE_URL and origin.rstrip("/") != settings.SITE_URL:
            # The files would name SITE_URL whatever address was given here.
            raise CommandError(f"SITE_URL is {settings.SITE_URL}: publish for it, with no address.")
        origin = origin or settings.SITE_URL
        if not origin:
            raise CommandError("Give the site's address, such as https://roadmap.example.gov.uk, or set SITE_URL.")
        parts = urlsplit(origin)
        if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path not in {"", "/"}:
            raise CommandError(
                f"Give the site's scheme and host only, such as https://roadmap.example.gov.uk; not {origin}"
            )
        started = time.perf_counter()
        try:
            publication.publish(f"{parts.scheme}://{parts.netloc}")
        except DisallowedHost as error:
            message = f"{parts.netloc} is not in ALLOWED_HOSTS, so the site would not answer to it."
            raise CommandError(message) from error
        self.stdout.write(
            f"Published {PublishedExport.objects.count()} exports for {parts.scheme}://{parts.netloc} "
            f"in {time.perf_counter() - started:.1f} s."
        )
