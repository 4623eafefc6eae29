"""make bench: server time, queries, throughput against a static file, and transfer sizes, at scale."""

import gzip
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import Request, urlopen

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from commitments import publication
from commitments.models import PublishedExport
from missions import synthetic
from roadmap_site.collector import tune_for_serving

PAGES = {
    "home": "/",
    "mission": "/missions/5/",
    "commitment": "/commitments/16/",
    "departments": "/departments/",
    "department": "/departments/dwp/",
    "about": "/about/",
    "data page": "/data/",
    "figures table": "/data/figures/",
    "departments table": "/data/departments/",
    "commitments table": "/data/commitments/",
    "figures.csv": "/data/figures.csv",
    "figures.xlsx": "/data/figures.xlsx",
    "departments.ods": "/data/departments.ods",
    "commitments.json": "/data/commitments.json",
    # Whole tables and each period's figures are published after each change; other filters
    # are built on request.
    "figures.xlsx, one period": "/data/figures.xlsx?period=2024-02-update",
    "figures.xlsx, one mission": "/data/figures.xlsx?mission=4",
    "figures.csv, one department": "/data/figures.csv?department=S001",
}
# The in-process requests' origin (Django's test client), for which the bench publishes.
ORIGIN = "http://testserver"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Command(BaseCommand):
    help = "Benchmark every page type and export on a synthetic dataset about twenty times the report's."

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", dest="json_path", default="bench-results.json", help="Where to write the results as JSON."
        )
        parser.add_argument("--runs", type=int, default=15, help="Timed requests per page, cold and warm each.")
        parser.add_argument("--seconds", type=int, default=5, help="How long wrk loads each page.")

    def handle(self, *args, json_path, runs, seconds, **options):
        call_command("load_report", verbosity=0)
        dataset = synthetic.build()
        self.stdout.write(
            f"Dataset: {dataset['departments']} departments, {dataset['metrics']} metrics, "
            f"{dataset['periods']} periods, {dataset['figures']} figures."
        )
        started = time.perf_counter()
        publication.publish(ORIGIN)
        publish_seconds = time.perf_counter() - started
        self.stdout.write(f"Publishing the exports, as after a change, took {publish_seconds:.2f} s.")
        results = {
            "dataset": dataset,
            "machine": self.machine(),
            "publish_seconds": round(publish_seconds, 2),
            "published": {
                export.address: round(export.build_seconds * 1000)
                for export in PublishedExport.objects.order_by("address")
            },
            "pages": {},
        }
        # As a worker does when it starts (roadmap_site/wsgi.py), so that the in-process server
        # times are a worker's. This process freezes about 90,000 objects, a worker about 80,000.
        tune_for_serving()
        for name, url in PAGES.items():
            results["pages"][name] = self.server_time(url, runs)
        port = free_port()
        with self.gunicorn(port):
            base = f"http://127.0.0.1:{port}"
            static_path = self.static_path(base)
            static_rps = self.throughput(base + static_path, seconds)
            results["static"] = {"path": static_path, "requests_per_second": static_rps}
            for name, url in PAGES.items():
                rps = self.throughput(base + url, seconds)
                results["pages"][name]["requests_per_second"] = rps
                results["pages"][name]["ratio_to_static"] = round(rps / static_rps, 2)
            results["transfer"] = {page: self.transfer(base, PAGES[page]) for page in ("mission", "commitment")}
        Path(json_path).write_text(json.dumps(results, indent=1))
        self.report(results)
        self.stdout.write(f"Results written to {json_path}.")

    def machine(self):
        return {"cpus": os.cpu_count(), "python": sys.version.split()[0], "database": connection.vendor}

    def server_time(self, url, runs):
        client = Client(HTTP_ACCEPT_ENCODING="gzip")
        cold, warm, queries = [], [], 0
        for _ in range(runs):
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                cold.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            # The most any run took: on PostgreSQL a worker rereads the data version now and then.
            queries = max(queries, len(captured))
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url)
            warm.append((time.perf_counter() - started) * 1000)
        return {
            "queries": queries,
            "cold_ms_median": round(statistics.median(cold), 2),
            "cold_ms_p95": round(percentile(cold, 0.95), 2),
            "warm_ms_median": round(statistics.median(warm), 2),
            "warm_ms_p95": round(percentile(warm, 0.95), 2),
        }

    def gunicorn(self, port):
        command = self

        class Server:
            def __enter__(self):
                self.process = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "roadmap_site.wsgi",
                        "--workers",
                        "2",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--log-level",
                        "warning",
                    ],
                    env={**os.environ, "ALLOWED_HOSTS": "127.0.0.1,localhost"},
                )
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    try:
                        urlopen(f"http://127.0.0.1:{port}/", timeout=5)
                        return self
                    except OSError:
                        time.sleep(0.3)
                command.stderr.write("gunicorn did not start")
                raise SystemExit(1)

            def __exit__(self, *exc):
                self.process.terminate()
                self.process.wait(timeout=10)

        return Server()

    def static_path(self, base):
        html = urlopen(base + "/").read().decode()
        return re.search(r'href="(/static/css/roadmap\.[0-9a-f]+\.css)"', html).group(1)

    def throughput(self, url, seconds):
        # Prime every worker's cache first, so this measures the warm page.
        for _ in range(8):
            urlopen(Request(url, headers={"Accept-Encoding": "gzip"}), timeout=60).read()
        output = subprocess.run(
            ["wrk", "-t2", "-c16", f"-d{seconds}s", "-H", "Accept-Encoding: gzip", url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def transfer(self, base, url):
        """Bytes over the wire for a first visit (page and every asset) and a repeat (assets cached)."""

        def fetch(path):
            response = urlopen(Request(base + path, headers={"Accept-Encoding": "gzip"}), timeout=60)
            body = response.read()
            return body, response.headers

        html_body, _ = fetch(url)
        html = gzip.decompress(html_body).decode() if html_body[:2] == b"\x1f\x8b" else html_body.decode()
        assets = set(re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html))
        for stylesheet in [asset for asset in assets if asset.endswith(".css")]:
            css_body, _ = fetch(stylesheet)
            css = gzip.decompress(css_body).decode() if css_body[:2] == b"\x1f\x8b" else css_body.decode()
            folder = stylesheet.rsplit("/", 1)[0]
            # Browsers take the first font format they support: woff2.
            assets |= {f"{folder}/{ref}" for ref in re.findall(r"url\(([^)]+\.(?:woff2|svg))\)", css)}
        sizes = {asset: len(fetch(asset)[0]) for asset in sorted(assets)}
        cache_control = {asset: fetch(asset)[1].get("Cache-Control", "") for asset in sorted(assets)}
        return {
            "first_visit_bytes": len(html_body) + sum(sizes.values()),
            "repeat_visit_bytes": len(html_body),
            "assets": sizes,
            "assets_cache_control": sorted(set(cache_control.values())),
        }

    def report(self, results):
        header = f"{'page':<30}{'queries':>8}{'cold ms (med/p95)':>20}{'warm ms (med/p95)':>20}"
        self.stdout.write(f"\n{header}{'req/s':>9}{'vs static':>10}")
        for name, row in results["pages"].items():
            self.stdout.write(
                f"{name:<30}{row['queries']:>8}{row['cold_ms_median']:>11}/{row['cold_ms_p95']:<8}"
                f"{row['warm_ms_median']:>11}/{row['warm_ms_p95']:<8}{row['requests_per_second']:>9.0f}"
                f"{row['ratio_to_static']:>10}"
            )
        static = results["static"]
        self.stdout.write(f"{'static file':<30}{'':>8}{'':>20}{'':>20}{static['requests_per_second']:>9.0f}{1.0:>10}")
        for page, transfer in results["transfer"].items():
            self.stdout.write(
                f"\n{page} page transfer: first visit {transfer['first_visit_bytes'] / 1024:.0f} KB, "
                f"repeat visit {transfer['repeat_visit_bytes'] / 1024:.1f} KB "
                f"(assets cached with: {', '.join(transfer['assets_cache_control'])})"
            )
        self.stdout.write(f"\nPublishing after a change took {results['publish_seconds']} s; each export's build:")
        periods = {}
        for address, milliseconds in results["published"].items():
            if "?period=" in address:
                periods[address] = milliseconds
            else:
                self.stdout.write(f"  {address:<30}{milliseconds:>7} ms")
        if periods:
            largest = max(periods, key=periods.get)
            self.stdout.write(
                f"  each period's figures: {len(periods)} files, {sum(periods.values())} ms in all, "
                f"the largest {largest} ({periods[largest]} ms)"
            )
