"""Memory management for the few reads that build many objects at once."""

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while many objects are built that all stay alive (a bulk
    evaluation, every procedure of a region, a region's dashboard figures read back from the shared store).

    Every 700 allocations the collector scans the young objects, and now and then the whole heap: its
    passes over objects that are still in use free nothing, and took over a quarter of a national evaluation
    and up to 55 ms of one unpickling of a region's figures (which takes 6 ms). Reference counting frees
    memory as usual meanwhile, and the collector resumes afterwards (only if it was running: a caller that
    paused it keeps it paused)."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
