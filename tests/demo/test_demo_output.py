"""What ``make run`` prints: one line per step of the demo data, the sign-in sheet in
English as in the README, and each log line once."""

import logging
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from kohtaamo.demo import steps
from kohtaamo.demo.network import seed_network

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


def _a_step_that_runs_a_task(report):
    logging.getLogger("django.tasks").info("Task id=x path=y state=SUCCESSFUL")


def test_seed_demo_prints_one_line_per_step_and_an_english_summary(monkeypatch, caplog):
    monkeypatch.setattr(steps, "STEPS", (seed_network, _a_step_that_runs_a_task))
    out = StringIO()

    with caplog.at_level(logging.INFO):
        call_command("seed_demo", stdout=out)  # in the default language, Finnish

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Organisations, units and demo accounts: ")
    assert "rows created" in lines[0]
    assert lines[1].startswith("_a_step_that_runs_a_task: 0 rows created")
    assert "Demo data is ready." in lines
    assert any(line.startswith("Demo accounts (sign in at /en/accounts/login/)") for line in lines)
    assert not [r for r in caplog.records if r.name == "django.tasks"]


def test_a_django_log_line_is_printed_once_in_development():
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.tasks').info('Task id=abc state=SUCCESSFUL')"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "kohtaamo.settings", "DEBUG": "1"}
    environment.pop("KOHTAAMO_ENV", None)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    printed = (result.stdout + result.stderr).count("Task id=abc")
    assert printed == 1, result.stderr
