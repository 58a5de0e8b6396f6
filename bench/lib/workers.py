"""Worker processes: a scenario's load from several processes at once.

The Django imports are local: this module is imported before Django is set up.
"""

import os
import random
import time

from .context import setup_django


def run_processes(target, processes, args, *, timeout, start_method="spawn"):
    """Run ``target(*args, barrier, results)`` in ``processes`` fresh interpreters (each
    with its own database connection), started together; returns their results.

    ``start_method="fork"`` forks them from this process instead, as a preloading web
    server forks its workers: they share the loaded Django (the Finnish dictionary alone
    is ~290 MB and seconds of start-up per interpreter), for runs with many workers."""
    import multiprocessing

    from django.db import connections

    connections.close_all()
    spawn = multiprocessing.get_context(start_method)
    barrier = spawn.Barrier(processes)
    results = spawn.Queue()
    workers = [
        spawn.Process(target=target, args=(*args, barrier, results)) for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    try:
        collected = [results.get(timeout=timeout) for _ in workers]
    finally:
        for worker in workers:
            worker.join(timeout=30)
    errors = [item["error"] for item in collected if "error" in item]
    if errors:
        raise RuntimeError("worker failed:\n" + "\n".join(errors))
    return collected


def audit_record_worker(url, actor_ids, unit_ids, seconds, barrier, results):
    """Call ``audit.record`` in a loop for ``seconds``; one process, one connection."""
    try:
        setup_django(url)
        from kohtaamo.accounts.models import Unit, User
        from kohtaamo.core import audit

        actors = list(User.objects.filter(pk__in=actor_ids))
        for actor in actors:
            actor.active_memberships()
        units = list(Unit.objects.filter(pk__in=unit_ids).select_related("organisation"))
        rng = random.Random(os.getpid())

        def record():
            audit.record(
                audit.Action.VIEW,
                rng.choice(units),
                actor=rng.choice(actors),
                fields=("name", "phone"),
                purpose="benchmark",
            )

        for _ in range(50):
            record()
        barrier.wait(timeout=120)
        latencies = []
        started = time.perf_counter()
        deadline = started + seconds
        while True:
            begun = time.perf_counter()
            if begun >= deadline:
                break
            record()
            latencies.append((time.perf_counter() - begun) * 1000)
        results.put(
            {"count": len(latencies), "seconds": time.perf_counter() - started, "ms": latencies}
        )
    except Exception:
        import traceback

        results.put({"error": traceback.format_exc()})
        barrier.abort()
