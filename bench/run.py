"""Run Kohtaamo's benchmarks (``make bench``).

Creates a fresh PostgreSQL database for the run, migrates it, runs every scenario in
``bench/scenarios/`` (or one, with ``--only``), writes ``bench/results/<scenario>.json``
and prints a summary. The database is dropped at the end unless ``--keep`` is given.

    .venv/bin/python bench/run.py [--only NAME] [--scale 1.0] [--keep] [--seed N] [--list]

``BENCH_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432``) names the server;
any database name in it is ignored. Speed is measured, never asserted: a scenario fails
only when the measured code returns a wrong answer.
"""

import argparse
import datetime
import importlib
import json
import os
import pkgutil
import sys
import time
import traceback
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"


def scenario_names():
    """Every scenario, ``bench/scenarios/<name>.py`` or a package
    ``bench/scenarios/<name>/``, imported (Django must be set up)."""
    names = [
        found.name
        for found in pkgutil.iter_modules([str(BENCH_DIR / "scenarios")])
        if not found.name.startswith("_")
    ]
    modules = {name: importlib.import_module(f"bench.scenarios.{name}") for name in names}
    return sorted(names, key=lambda name: (getattr(modules[name], "ORDER", 100), name)), modules


def print_summary(name, result):
    measurements = result.get("measurements", {})
    throughput = result.get("throughput", {})
    print(f"\n{name}")
    if measurements:
        width = max(len(key) for key in measurements) + 2
        header = f"  {'measurement':<{width}}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}"
        print(header + f"{'p99 ms':>10}{'mean ms':>10}")
        for key, stats in measurements.items():
            print(
                f"  {key:<{width}}{stats['count']:>6}{stats['p50_ms']:>10.2f}"
                f"{stats['p95_ms']:>10.2f}{stats['p99_ms']:>10.2f}{stats['mean_ms']:>10.2f}"
            )
    for key, stats in throughput.items():
        rate = stats.get("per_second")
        text = f"{rate:,.0f}/s" if rate is not None else stats.get("note", "skipped")
        print(f"  {key}: {text}")
    for note in result.get("findings", ()):
        print(f"  ! {note}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", metavar="NAME", help="run this scenario")
    parser.add_argument("--scale", type=float, default=1.0, help="data size (1.0 = national)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--seed", type=int, default=2025, help="random seed for the data")
    parser.add_argument("--list", action="store_true", help="list the scenarios and stop")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from bench import lib

    base = os.environ.get("BENCH_DATABASE_URL", lib.DEFAULT_DATABASE_URL)
    database = f"kohtaamo_bench_{time.strftime('%Y%m%d_%H%M%S')}_{os.getpid()}"
    url = lib.database_url(base, database)
    # Setting Django up opens no connection: the database is created just below.
    lib.setup_django(url)
    names, modules = scenario_names()
    if args.list:
        for name in names:
            print(f"{name}: {getattr(modules[name], 'DESCRIPTION', '')}")
        return 0
    if args.only:
        unknown = sorted(set(args.only) - set(names))
        if unknown:
            parser.error(f"no such scenario: {', '.join(unknown)} (have: {', '.join(names)})")
        names = [name for name in names if name in args.only]

    print(f"Kohtaamo benchmarks: database {database}, scale {args.scale}, {', '.join(names)}")
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        print(f"Note: load average {load:.1f} on {os.cpu_count()} CPUs; timings will be slower.")
    lib.create_database(base, database)
    failures = []
    try:
        from django.core.management import call_command

        with lib.Stopwatch() as watch:
            call_command("migrate", interactive=False, verbosity=0)
        lib.log(f"migrated in {watch.seconds} s")
        machine = lib.machine_info()
        context = lib.Context(
            scale=args.scale, seed=args.seed, database_url=url, database_name=database
        )
        RESULTS_DIR.mkdir(exist_ok=True)
        for name in names:
            print(f"\n== {name}", flush=True)
            started_at = datetime.datetime.now(datetime.UTC)
            started = time.perf_counter()
            try:
                result = modules[name].run(context)
            except Exception:
                traceback.print_exc()
                failures.append(name)
                continue
            document = {
                "scenario": name,
                "description": getattr(modules[name], "DESCRIPTION", ""),
                "started_at": started_at.isoformat(timespec="seconds"),
                "duration_s": round(time.perf_counter() - started, 1),
                "scale": args.scale,
                "seed": args.seed,
                "machine": {
                    **machine,
                    "load_average_at_end": [round(value, 2) for value in os.getloadavg()],
                },
                **result,
            }
            path = RESULTS_DIR / f"{name}.json"
            path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
            print_summary(name, result)
            print(f"  -> {path.relative_to(ROOT)} ({document['duration_s']} s)")
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"\nKept database {database}: {url}")
        else:
            lib.drop_database(base, database)
    if failures:
        print(f"\nFailed: {', '.join(failures)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
