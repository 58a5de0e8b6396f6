"""PostgreSQL: the run's database, EXPLAIN ANALYZE summaries, server settings,
the machine, and pgbench.

The Django imports are local: this module is imported before Django is set up.
"""

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from urllib.parse import urlsplit, urlunsplit

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432"


def database_url(base, name):
    """``base`` (a server URL, any database name in it ignored) pointed at ``name``."""
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def create_database(base, name):
    import psycopg

    with psycopg.connect(database_url(base, "postgres"), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(base, name):
    import psycopg

    with psycopg.connect(database_url(base, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _walk_plan(node, depth, lines, nodes):
    label = node["Node Type"]
    if node.get("Index Name"):
        label += f" using {node['Index Name']}"
    if node.get("Relation Name"):
        label += f" on {node['Relation Name']}"
    details = [f"rows={node.get('Actual Rows')}", f"loops={node.get('Actual Loops')}"]
    if node.get("Rows Removed by Filter"):
        details.append(f"removed_by_filter={node['Rows Removed by Filter']}")
    if node.get("Rows Removed by Index Recheck"):
        details.append(f"removed_by_recheck={node['Rows Removed by Index Recheck']}")
    if node.get("Sort Method"):
        details.append(f"sort={node['Sort Method']}")
    details.append(f"time={node.get('Actual Total Time')}ms")
    lines.append(f"{'  ' * depth}{label} ({', '.join(details)})")
    nodes.append(node)
    for child in node.get("Plans", ()):
        _walk_plan(child, depth + 1, lines, nodes)


def explain(sql, table=None):
    """EXPLAIN (ANALYZE, BUFFERS) of ``sql``: timings, whether ``table`` was read through
    an index or scanned whole, rows the scan threw away, and the plan as short lines."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
        raw = cursor.fetchone()[0]
    document = json.loads(raw) if isinstance(raw, str) else raw
    top = document[0]
    lines, nodes = [], []
    _walk_plan(top["Plan"], 0, lines, nodes)
    on_table = [n for n in nodes if table is None or n.get("Relation Name") == table]
    scans = sorted({n["Node Type"] for n in on_table if "Scan" in n["Node Type"]})
    indexes = sorted({n["Index Name"] for n in nodes if n.get("Index Name")})
    plan = top["Plan"]
    return {
        "planning_ms": round(top.get("Planning Time", 0), 3),
        "execution_ms": round(top.get("Execution Time", 0), 3),
        "scans": scans,
        "indexes_used": indexes,
        "seq_scan": any(n["Node Type"] == "Seq Scan" for n in on_table),
        "rows_scanned": sum(
            (n.get("Actual Rows", 0) + n.get("Rows Removed by Filter", 0))
            * n.get("Actual Loops", 1)
            for n in on_table
            if "Scan" in n["Node Type"] and n["Node Type"] != "Bitmap Index Scan"
        ),
        "rows_removed_by_filter": sum(
            n.get("Rows Removed by Filter", 0) * n.get("Actual Loops", 1) for n in on_table
        ),
        "shared_hit_blocks": plan.get("Shared Hit Blocks"),
        "shared_read_blocks": plan.get("Shared Read Blocks"),
        "plan": lines,
        "sql": sql if len(sql) <= 2000 else sql[:2000] + " …",
    }


def server_settings():
    from django.db import connection

    names = (
        "server_version",
        "shared_buffers",
        "work_mem",
        "effective_cache_size",
        "synchronous_commit",
        "fsync",
        "max_wal_size",
        "random_page_cost",
        "jit",
    )
    values = {}
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"SHOW {name}")
            values[name] = cursor.fetchone()[0]
        cursor.execute("SELECT version()")
        values["version"] = cursor.fetchone()[0]
    return values


def machine_info():
    import django
    import psycopg

    cpu_model = ""
    memory_gib = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu_model = next(
                (line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")),
                "",
            )
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kib = int(next(line for line in handle if line.startswith("MemTotal")).split()[1])
            memory_gib = round(kib / 1024 / 1024, 1)
    except (OSError, StopIteration, ValueError):
        pass
    return {
        "cpu_count": os.cpu_count(),
        # Other work on the machine shows up in the timings: this says how much there was.
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "cpu_model": cpu_model,
        "memory_gib": memory_gib,
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "django": django.get_version(),
        "psycopg": psycopg.__version__,
        "postgres": server_settings(),
    }


def pgbench_path():
    return shutil.which("pgbench")


def run_pgbench(url, script, *, clients, seconds):
    """Run ``script`` (pgbench's custom-script syntax) for ``seconds`` with ``clients``
    connections, simple query protocol (as Django sends it); returns tps and latency."""
    executable = pgbench_path()
    if executable is None:
        return None
    parts = urlsplit(url)
    env = dict(os.environ)
    if parts.password:
        env["PGPASSWORD"] = parts.password
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as handle:
        handle.write(script)
        path = handle.name
    try:
        command = [
            executable,
            "--no-vacuum",
            "--protocol=simple",
            f"--client={clients}",
            f"--jobs={clients}",
            f"--time={seconds}",
            f"--file={path}",
            f"--host={parts.hostname or '127.0.0.1'}",
            f"--port={parts.port or 5432}",
            f"--username={parts.username or 'postgres'}",
            parts.path.lstrip("/"),
        ]
        completed = subprocess.run(
            command, capture_output=True, text=True, env=env, check=False, timeout=seconds + 120
        )
    finally:
        os.unlink(path)
    if completed.returncode != 0:
        return {"error": (completed.stderr or completed.stdout).strip()[-2000:]}
    output = completed.stdout
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", output)
    latency = re.search(r"latency average = ([\d.]+) ms", output)
    transactions = re.search(r"number of transactions actually processed: (\d+)", output)
    return {
        "clients": clients,
        "seconds": seconds,
        "per_second": float(tps.group(1)) if tps else None,
        "latency_mean_ms": float(latency.group(1)) if latency else None,
        "transactions": int(transactions.group(1)) if transactions else None,
        "command": " ".join([*command[:-1], "<database>"]).replace(path, "<script>"),
    }
