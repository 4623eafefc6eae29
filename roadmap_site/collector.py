"""The garbage collector, set for a worker whose cold pages build thousands of objects each.

With CPython's defaults, a cold page at twenty times the report's size set off a dozen of the
collector's youngest passes, and about one request in a dozen a full pass through every object
the worker held: some 80,000 from start-up (Django, the apps and their libraries), which live as
long as the worker does. On this project's machine a full pass took about 90 ms, in the middle of
a request, and over 160 cold requests the collector took 1.5 to 1.7 s in all.

Frozen, start-up's objects are never gone through again; and with a higher threshold the
collector passes less often. Over the same 160 requests it took 0.4 to 0.6 s, with one full pass
at most, and the 95th percentile of a cold home page fell from 128-150 ms to 87-120 ms.
"""

import gc
from importlib import import_module

from django.conf import settings

# Allocations (less deallocations) between the youngest passes: CPython's is 700. At 50,000 the
# longest pause grew again, to 100 ms.
YOUNGEST_THRESHOLD = 10_000


def tune_for_serving():
    """Leave what start-up loaded out of every later pass, and pass less often.

    Called once the application is loaded, before any request. The URLconf is imported first, as
    the first request would otherwise do, so that the views' modules are frozen with the rest;
    and garbage is collected first, or it would be kept for good.
    """
    import_module(settings.ROOT_URLCONF)
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNGEST_THRESHOLD, *gc.get_threshold()[1:])
