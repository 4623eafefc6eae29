import time
import uuid
import weakref

import psycopg
from django.db import connections, models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class MissionQuerySet(models.QuerySet):
    def for_dashboard(self, period, status_only=False):
        """Missions with their commitments, each ready for its status as at ``period``
        (see ``MetricQuerySet.for_dashboard`` for ``status_only``)."""
        # Imported here because commitments' models import this module.
        from commitments.models import Commitment

        commitments = Commitment.objects.for_dashboard(period, shared_relations=True, status_only=status_only)
        return self.prefetch_related(Prefetch("commitments", queryset=commitments, to_attr="dashboard_commitments"))


class Mission(models.Model):
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField()
    sponsor_name = models.CharField(max_length=200)
    sponsor_role = models.CharField(max_length=300)
    sponsor_quote = models.TextField()
    source_page = models.CharField(max_length=20, help_text="Page or pages of the source report.")
    history = HistoricalRecords()

    objects = MissionQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                name="mission_number_unique",
                violation_error_message="A mission with this number already exists.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="mission_number_positive",
                violation_error_message="Mission numbers start at 1.",
            ),
        ]

    def __str__(self):
        return f"Mission {self.number}: {self.title}"

    def get_absolute_url(self):
        return reverse("missions:detail", args=[self.number])


# PostgreSQL tells each listening connection when a change to the data commits (NOTIFY), so a
# worker reads the token once per connection and then only after a notification: checking for
# one reads the socket (4 µs), where asking cost two round trips with the health check (0.3 ms).
CHANGES_CHANNEL = "roadmap_data_version"
# Read again after this long regardless, in case notifications can't arrive (a pooler in
# transaction mode drops LISTEN; a dead connection can look open): bounds any staleness.
LISTENED_TOKEN_MAX_AGE_SECONDS = 5
# Per connection: the token read while listening, and when.
tokens_read_while_listening = weakref.WeakKeyDictionary()
TOKEN_QUERY = "SELECT token FROM {table} WHERE id = {singleton}"


class DataVersionQuerySet(models.QuerySet):
    def current_token(self):
        """The token of the data now committed; "" before the first change (a flushed database)."""
        connection = connections[self.db]
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            # In a transaction, LISTEN would take effect only at its commit, and the transaction
            # may have changed the data itself: read, and leave the notifications for later.
            return self.read_token(connection)
        raw = connection.connection
        known = tokens_read_while_listening.pop(raw, None) if raw is not None else None
        if known is not None:
            token, read_at = known
            fresh = time.monotonic() - read_at < LISTENED_TOKEN_MAX_AGE_SECONDS
            if fresh and not self.changes_notified(raw):
                tokens_read_while_listening[raw] = known
                return token
        # A connection already listening needs only the read; a new one (Django connects
        # lazily, and again after an outage) listens first.
        connection.ensure_connection()
        listening = known is not None and connection.connection is raw
        token = self.read_token(connection, listen=not listening)
        tokens_read_while_listening[connection.connection] = (token, time.monotonic())
        return token

    def read_token(self, connection, listen=False):
        # Every cached page is served after this lookup, so it skips the ORM's query building:
        # 16 µs rather than 260 µs, which was half of a cached page's time in the process.
        table = connection.ops.quote_name(self.model._meta.db_table)
        select = TOKEN_QUERY.format(table=table, singleton=int(self.model.SINGLETON))
        with connection.cursor() as cursor:
            if listen:
                # One round trip, so that a page's query count is the same on either database.
                # Statements sent together run in one transaction, and LISTEN takes effect only
                # when that commits: committing before the read means a change that commits
                # during the read is notified, where after it, it went unnoticed for up to 5 s.
                # BEGIN makes the COMMIT explicit; without it PostgreSQL logs a warning each time.
                cursor.execute(f"BEGIN; LISTEN {CHANGES_CHANNEL}; COMMIT; {select}")
                for _ in range(3):
                    cursor.nextset()
            else:
                cursor.execute(select)
            row = cursor.fetchone()
        return str(row[0]) if row else ""

    @staticmethod
    def changes_notified(raw_connection):
        try:
            # A list, not any(): every waiting notification is read, so none is seen twice.
            return bool(list(raw_connection.notifies(timeout=0)))
        except psycopg.Error:
            # A broken connection (the server restarted): read the token, which reconnects.
            return True

    def lock(self):
        """Hold the version row until the caller's transaction ends, without changing it.

        Every writer in a transaction takes it before the rows it changes, whether or not its
        change is public: so writers queue in one order rather than deadlock, and one deciding
        whether its change is public sees any approval committed before it.
        """
        list(self.select_for_update().filter(pk=DataVersion.SINGLETON).values_list("pk"))

    def bump(self):
        """Mark the public data as changed, inside the caller's transaction.

        The new token becomes visible to other workers only when the change itself commits, so
        no worker can read the new token and then still read the old data; PostgreSQL delivers
        the notification at that commit too.
        """
        if not self.filter(pk=DataVersion.SINGLETON).update(token=uuid.uuid4(), changed_at=timezone.now()):
            self.update_or_create(pk=DataVersion.SINGLETON, defaults={"token": uuid.uuid4()})
        connection = connections[self.db]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"NOTIFY {CHANGES_CHANNEL}")


class DataVersion(models.Model):
    """One row that changes whenever anything a public page shows changes.

    Cached pages are keyed by its token. It lives in the database, not the cache, because every
    worker and every management command writes through the database; a version kept in one
    worker's local-memory cache left the others serving stale pages. The token is random rather
    than a counter so that a fresh or restored database never reuses the key of an old page.
    """

    SINGLETON = 1

    token = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(default=timezone.now)

    objects = DataVersionQuerySet.as_manager()

    def __str__(self):
        return f"Data version {self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
