"""Deployment settings, health check and base pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "KOHTAAMO_ENV"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deployment_check_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        KOHTAAMO_ENV="production",
        SECRET_KEY="k" * 20 + "a-long-random-production-secret-0123456789",
        ALLOWED_HOSTS="kohtaamo.example.fi",
        CACHE_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", KOHTAAMO_ENV="production", ALLOWED_HOSTS="kohtaamo.example.fi")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_webhooks_to_this_machine():
    result = run_manage(
        "check",
        KOHTAAMO_ENV="production",
        SECRET_KEY="k" * 20 + "a-long-random-production-secret-0123456789",
        ALLOWED_HOSTS="kohtaamo.example.fi",
        WEBHOOK_ALLOW_LOOPBACK="true",
    )
    assert result.returncode != 0
    assert "WEBHOOK_ALLOW_LOOPBACK is for development only" in result.stderr


def test_database_url_selects_the_database():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
        DATABASE_URL="sqlite:////tmp/kohtaamo-elsewhere.sqlite3",
    )
    assert result.stdout.strip().splitlines()[-1] == "/tmp/kohtaamo-elsewhere.sqlite3", (
        result.stderr
    )


@pytest.mark.django_db
def test_healthz_reports_a_working_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_reports_a_broken_database(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_root_redirects_to_the_finnish_home_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/fi/"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_pages_carry_their_language_and_link_to_the_same_page_in_the_others(client, language):
    page = client.get(f"/{language}/accounts/login/").content.decode()
    assert f'<html lang="{language}">' in page
    for other in ("fi", "sv", "en"):
        assert f'href="/{other}/accounts/login/" lang="{other}"' in page
    assert 'href="#main"' in page
    assert 'id="main"' in page


@pytest.mark.django_db
def test_static_files_are_served(client):
    response = client.get("/static/css/kohtaamo.css")
    assert response.status_code == 200


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/fi/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="fi">' in response.content.decode()


@pytest.mark.django_db
def test_home_page_lists_the_five_steps(client):
    page = client.get(reverse("home")).content.decode()
    assert page.count('class="step-number"') == 5
