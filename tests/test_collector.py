"""A worker starts with what it loaded frozen, and collects garbage less often (roadmap_site.collector)."""

import json

from roadmap_site.collector import YOUNGEST_THRESHOLD
from tests.processes import run_python

WORKER_START = """
import gc, json, sys, weakref

# Garbage left from before: a cycle that only a collection frees (none runs by itself here).
gc.disable()
class Garbage:
    pass
garbage = Garbage()
garbage.itself = garbage
garbage_left = weakref.ref(garbage)
del garbage

import roadmap_site.wsgi
print(json.dumps({
    "frozen": gc.get_freeze_count(),
    "tracked": len(gc.get_objects()),
    "youngest_threshold": gc.get_threshold()[0],
    "views_loaded": "commitments.views" in sys.modules,
    "garbage_frozen": garbage_left() is not None,
}))
"""


def test_a_worker_starts_with_start_up_frozen_and_a_higher_threshold():
    result = run_python(WORKER_START, DEBUG="1")
    assert result.returncode == 0, result.stderr
    worker = json.loads(result.stdout)
    # Django, the apps and the views' modules (loaded through the URLconf) are left out of every
    # collection: what a full pass still goes through is what the worker allocates from here on.
    assert worker["frozen"] > 50_000
    assert worker["tracked"] < 100
    assert worker["views_loaded"]
    # Collected before freezing: frozen garbage would be kept for good.
    assert not worker["garbage_frozen"]
    assert worker["youngest_threshold"] == YOUNGEST_THRESHOLD > 700
