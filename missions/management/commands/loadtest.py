"""make loadtest: mixed traffic against gunicorn and PostgreSQL, with PostgreSQL restarted mid-run."""

import datetime
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener, urlopen

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count

from commitments.models import Figure, Metric, ReportingPeriod
from departments.accounts import create_account
from missions.management.commands.bench import free_port

PASSWORD = "load-test-password-not-secret"
# What the page after a sign-in (Your returns) and after a saved draft say.
SIGNED_IN = "Your returns"
SAVED = "Draft saved"
PUBLIC = [
    "/",
    "/?period=2023-09-update",
    "/missions/1/",
    "/missions/5/",
    "/commitments/1/",
    "/commitments/16/",
    "/departments/",
    "/departments/dwp/",
    "/about/",
    "/data/figures/",
]
EXPORTS = ["/data/figures.csv", "/data/figures.xlsx?department=DWP", "/data/commitments.json", "/data/departments.ods"]


class KeepRedirects(HTTPRedirectHandler):
    """Hand redirects back to the Browser: urllib would follow them and drop the cookies they set."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = build_opener(KeepRedirects)
REDIRECTS = (301, 302, 303)


class Browser:
    """Just enough of a browser for the admin: cookies (kept by hand, as they are Secure), redirects and CSRF."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}

    def request(self, path, data=None):
        """Send, then follow any redirects as a GET, as a browser does, keeping each response's cookies."""
        status, text = self.send(path, data)
        for _ in range(5):
            if status not in REDIRECTS:
                break
            target = urlsplit(self.location)
            status, text = self.send(target.path + (f"?{target.query}" if target.query else ""))
        return status, text

    def send(self, path, data=None):
        # The app sits "behind a TLS proxy" here (BEHIND_TLS_PROXY=1), so CSRF wants an https referer.
        headers = {"X-Forwarded-Proto": "https", "Referer": self.base.replace("http:", "https:") + path}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = urlencode(data).encode() if data is not None else None
        try:
            response = OPENER.open(Request(self.base + path, data=body, headers=headers), timeout=30)
            status, text, header_list = response.status, response.read(), response.headers
        except HTTPError as error:
            status, text, header_list = error.code, error.read(), error.headers
        for cookie in header_list.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        self.location = header_list.get("Location", "")
        return status, text.decode("utf-8", errors="replace")

    def csrf(self, html):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return match.group(1) if match else ""


def page_title(html):
    """A page's title, and the first message of its error summary if it has one."""
    title = re.search(r"<title>\s*([^<]*?)\s*</title>", html)
    error = re.search(r'govuk-error-summary__list">\s*<li>(?:<a [^>]*>)?([^<]*)', html)
    return (title.group(1) if title else html[:80]) + (f" ({error.group(1)})" if error else "")


class Command(BaseCommand):
    help = "60 seconds of mixed traffic at 32 connections; PostgreSQL is restarted part-way; then checks the data."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--restart-at", type=int, default=20, help="Seconds into the run to restart PostgreSQL.")

    def handle(self, *args, seconds, connections, restart_at, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The load test runs against PostgreSQL: set DATABASE_URL.")
        self.prepare()
        before = set(Figure.objects.values_list("pk", flat=True))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "roadmap_site.wsgi",
                "--workers",
                "4",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "--timeout",
                "60",
            ],
        )
        try:
            self.wait_for(base)
            results, restart = self.run_traffic(base, seconds, connections, restart_at)
        finally:
            server.terminate()
            server.wait(timeout=30)
        connection.close()
        self.report(results, restart, before, Metric.objects.get(slug="vacancy-rate"))

    def prepare(self):
        call_command("migrate", verbosity=0)
        call_command("load_report", verbosity=0)
        ReportingPeriod.objects.get_or_create(
            slug="load-test",
            defaults={
                "name": "Load test return",
                "as_at": datetime.date(2024, 5, 31),
                "as_at_label": "May 2024",
                "state": ReportingPeriod.State.OPEN,
            },
        )
        from django.contrib.auth import get_user_model

        users = get_user_model().objects
        if not users.filter(username="load-lead").exists():
            create_account("load-lead", PASSWORD, "lead", ["DWP"])
        if not users.filter(username="load-admin").exists():
            create_account("load-admin", PASSWORD, "cddo-admin")

    def wait_for(self, base):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urlopen(base + "/", timeout=5)
                return
            except OSError:
                time.sleep(0.3)
        raise CommandError("gunicorn did not start")

    def run_traffic(self, base, seconds, connections, restart_at):
        results, lock = [], threading.Lock()
        started = time.monotonic()
        deadline = started + seconds
        vacancy = Metric.objects.get(slug="vacancy-rate").pk

        def worker(number):
            rng = random.Random(number)
            while time.monotonic() < deadline:
                kind = rng.choices(["page", "export", "login", "save"], weights=[70, 10, 10, 10])[0]
                began = time.monotonic()
                try:
                    status, body, done, value = self.one_request(base, kind, rng, vacancy)
                except (URLError, OSError) as error:
                    status, body, done, value = 0, str(error), False, None
                with lock:
                    results.append(
                        {
                            "at": began - started,
                            "kind": kind,
                            "status": status,
                            "seconds": time.monotonic() - began,
                            "traceback": "Traceback" in body,
                            "done": done,
                            "value": value,
                            "title": page_title(body),
                        }
                    )

        restart = {}

        def restarter():
            time.sleep(restart_at)
            version = sorted(Path("/etc/postgresql").iterdir())[-1].name
            restart["began"] = time.monotonic() - started
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                check=True,
                capture_output=True,
            )
            restart["ended"] = time.monotonic() - started

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
        threads.append(threading.Thread(target=restarter))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results, restart

    def one_request(self, base, kind, rng, vacancy):
        """(status, body, done, value): whether a sign-in or save did what it set out to, and the value saved."""
        browser = Browser(base)
        if kind == "page":
            return *browser.request(rng.choice(PUBLIC)), None, None
        if kind == "export":
            return *browser.request(rng.choice(EXPORTS)), None, None
        username = "load-admin" if kind == "login" else "load-lead"
        # As a browser would, no form is sent unless its page came: a form never seen has no CSRF token.
        status, html = browser.request("/admin/login/")
        if status != 200:
            return status, html, False, None
        status, body = browser.request(
            "/admin/login/?next=/returns/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": browser.csrf(html)},
        )
        signed_in = status == 200 and SIGNED_IN in body
        if kind == "login" or not signed_in:
            return status, body, signed_in, None
        entry = "/returns/dwp/load-test/"
        status, html = browser.request(entry)
        if status != 200:
            return status, html, False, None
        value = f"{rng.randint(50, 99) / 10:.1f}"
        status, body = browser.request(
            entry,
            {
                "csrfmiddlewaretoken": browser.csrf(html),
                "save": "1",
                f"value_{vacancy}": value,
                # A change of more than half since the last period needs a note saying why.
                f"note_{vacancy}": "Load test",
            },
        )
        return status, body, status == 200 and SAVED in body, value

    def report(self, results, restart, before, vacancy):
        statuses = Counter(result["status"] for result in results)
        tracebacks = sum(result["traceback"] for result in results)
        server_errors = statuses.get(500, 0)
        # A 503 is allowed while the database restarts; any other failure is not (a 400 or 403 included).
        unexpected = sum(count for status, count in statuses.items() if status not in (200, 503))
        # A sign-in or save that answered 200 without doing its work (a login page again, say) failed too.
        undone = sum(1 for r in results if r["status"] == 200 and r["done"] is False)
        signed_in = sum(1 for r in results if r["kind"] == "login" and r["done"])
        saved = {r["value"] for r in results if r["kind"] == "save" and r["done"]}
        saves = sum(1 for r in results if r["kind"] == "save" and r["done"])
        after_restart = [r for r in results if r["at"] >= restart.get("ended", 0) and r["status"] == 200]
        recovered = min((r["at"] + r["seconds"] for r in after_restart), default=None)
        recovery = None if recovered is None else max(0.0, recovered - restart["ended"])
        durations = [result["seconds"] * 1000 for result in results]
        duplicates = (
            Figure.objects.values("metric", "period", "department").annotate(n=Count("id")).filter(n__gt=1).count()
        )
        missing = len(before - set(Figure.objects.values_list("pk", flat=True)))
        drafts = list(
            Figure.objects.filter(metric=vacancy, department__code="DWP", period__slug="load-test").values_list(
                "value", flat=True
            )
        )
        # Saves raced each other, so the draft holds whichever came last: one of the values saved.
        draft_kept = len(drafts) == 1 and f"{drafts[0]:.1f}" in saved
        lines = [
            f"Requests: {len(results)} in all, {dict(sorted(statuses.items()))} by status.",
            f"By kind: {dict(Counter(result['kind'] for result in results))}.",
            f"Signed in: {signed_in} sign-ins; saved: {saves} drafts; answered 200 without doing so: {undone}.",
            f"The draft holds {drafts}, {'one of the values saved' if draft_kept else 'NOT one of the values saved'}.",
            f"Latency: median {statistics.median(durations):.0f} ms, 95th percentile "
            f"{sorted(durations)[int(0.95 * (len(durations) - 1))]:.0f} ms.",
            f"PostgreSQL restarted from {restart['began']:.1f} s to {restart['ended']:.1f} s; "
            f"first success after it: {recovery:.1f} s later."
            if recovery is not None
            else "No success after restart.",
            f"500 responses: {server_errors}; responses with a stack trace: {tracebacks}; "
            f"responses neither 200 nor 503: {unexpected}.",
            f"Figures before the run missing after it: {missing}; duplicated figures: {duplicates}.",
        ]
        lines.extend(
            f"  {kind} answered 200 with '{title}': {count}"
            for (kind, title), count in Counter(
                (r["kind"], r["title"]) for r in results if r["status"] == 200 and r["done"] is False
            ).items()
        )
        for line in lines:
            self.stdout.write(line)
        failed = (
            server_errors
            or unexpected
            or undone
            or not draft_kept
            or tracebacks
            or missing
            or duplicates
            or recovery is None
            or recovery > 10
        )
        if failed:
            raise CommandError("The load test failed: see above.")
        self.stdout.write("Load test passed.")
