"""Request counts live in one shared cache, so every worker obeys the same limit."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis server at {REDIS_URL}")
    return client


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _production_env(tmp_path, **extra):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "KOHTAAMO_ENV", "DATABASE_URL", "CACHE_URL", "REDIS_URL"}
    }
    environment.update(
        PYTHONPATH=str(ROOT),
        KOHTAAMO_ENV="production",
        SECRET_KEY="s" * 20 + "-a-long-random-production-secret-for-the-test",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    )
    return environment


def _served_by(access_log, path):
    if not access_log.exists():
        return set()
    lines = [line.split() for line in access_log.read_text().splitlines()]
    return {line[0] for line in lines if len(line) == 3 and line[2] == path}


def _wait_for_workers(port, process, access_log, workers, seconds=120):
    """Until every worker has answered a health check (they boot slowly on a busy machine)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("gunicorn stopped: " + process.stderr.read().decode()[-2000:])
        try:
            with ThreadPoolExecutor(max_workers=workers * 2) as pool:
                list(pool.map(_status, [f"http://127.0.0.1:{port}/healthz"] * workers * 2))
        except OSError:
            time.sleep(0.3)
            continue
        if len(_served_by(access_log, "/healthz")) >= workers:
            return
    pytest.fail("gunicorn's workers did not all start")


def _status(url):
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_three_gunicorn_workers_share_one_api_throttle_count_in_redis(tmp_path):
    redis = _redis()
    prefix = f"kohtaamo-test-{uuid.uuid4().hex[:12]}"
    port = _free_port()
    access_log = tmp_path / "access.log"
    # A day's window, so the test cannot straddle two windows in practice.
    environment = _production_env(
        tmp_path,
        CACHE_URL=REDIS_URL,
        CACHE_KEY_PREFIX=prefix,
        API_THROTTLE_RATE="10/day",
        SECURE_SSL_REDIRECT="off",
    )
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "kohtaamo.wsgi",
        "--workers",
        "3",
        "--timeout",
        "120",
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        str(access_log),
        "--access-logformat",
        "%(p)s %(s)s %(U)s",
    ]
    server = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        _wait_for_workers(port, server, access_log, workers=3)
        url = f"http://127.0.0.1:{port}/api/hsds/"
        with ThreadPoolExecutor(max_workers=6) as pool:
            answers = Counter(pool.map(_status, [url] * 30))
    finally:
        server.terminate()
        server.wait(timeout=30)
        for key in redis.scan_iter(f"{prefix}:*"):
            redis.delete(key)

    workers = _served_by(access_log, "/api/hsds/")
    assert len(workers) > 1, "the requests should have been spread over several workers"
    assert answers == {200: 10, 429: 20}, answers


def test_production_without_a_shared_cache_fails_the_deployment_check(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "kohtaamo.E001" in result.stderr + result.stdout
    assert "CACHE_URL" in result.stderr + result.stdout


def test_production_with_redis_uses_django_s_redis_cache(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env=_production_env(tmp_path, REDIS_URL="redis://127.0.0.1:6379/3"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == (
        "django.core.cache.backends.redis.RedisCache"
    ), result.stderr


@pytest.mark.django_db
def test_a_cache_that_does_not_answer_lets_requests_through_with_a_warning(
    client, settings, caplog
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    response = client.get("/api/hsds/")
    assert response.status_code == 200
    assert "the cache did not answer" in caplog.text
