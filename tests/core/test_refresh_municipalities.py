"""Refreshing municipalities from Statistics Finland's classification API.

A real HTTP server on 127.0.0.1 answers with the hand-written responses in
``fixtures/statfi``, routed by path and ``lang`` as the API routes them:

- 2025 follows the real change of that year: Pertunmaa (588) merged into Mäntyharju.
  The correspondence table leaves out Helsinki and Maarianhamina (Åland), and gives
  Tuusniemi no Swedish name, so the fallbacks are exercised.
- 2027 is made up: Kaavi (204) and Tuusniemi (857) merge into a new municipality
  Koillis-Savo (200), and "Pedersören kunta" is renamed "Pedersöre".

Only a handful of municipalities are listed, so every other one of the 2023 list
goes out of use in these tests; the assertions pick the ones that matter.
"""

import io
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from kohtaamo.accounts.models import Organisation
from kohtaamo.core.models import Municipality
from tests import factories

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "statfi"
API_PREFIX = "/api/classifications/v2"


def items_path(year):
    return f"{API_PREFIX}/classifications/kunta_1_{year}0101/classificationItems"


def maps_path(year):
    return (
        f"{API_PREFIX}/correspondenceTables/kunta_1_{year}0101%23hyvinvointialue_1_{year}0101/maps"
    )


def fixture_bytes(name):
    return (FIXTURES / name).read_bytes()


class ClassificationAPI:
    """A stand-in for data.stat.fi: answers are looked up by (raw path, lang)."""

    def __init__(self):
        self.answers = {}
        for year in (2025, 2027):
            for lang in ("fi", "sv"):
                self.answer(
                    items_path(year), lang, fixture_bytes(f"kunta_1_{year}0101.{lang}.json")
                )
            maps = fixture_bytes(f"kunta_1_{year}0101-hyvinvointialue_1_{year}0101.json")
            self.answer(maps_path(year), "fi", maps)

    def answer(self, path, lang, body, status=200):
        self.answers[(path, lang)] = (status, body)

    def respond(self, raw_path):
        # The raw path keeps %23: a client sending a bare "#" would not reach the table.
        parts = urlsplit(raw_path)
        lang = parse_qs(parts.query).get("lang", [""])[0]
        return self.answers.get((parts.path, lang), (404, b'{"detail": "Not found."}'))


@pytest.fixture
def statfi():
    api = ClassificationAPI()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            status, body = api.respond(self.path)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    api.url = f"http://127.0.0.1:{server.server_port}{API_PREFIX}"
    yield api
    server.shutdown()
    server.server_close()


def refresh(api_url, year, *options):
    out = io.StringIO()
    call_command(
        "refresh_municipalities", "--year", str(year), "--api", api_url, *options, stdout=out
    )
    return out.getvalue()


def municipalities():
    return list(
        Municipality.objects.order_by("code").values_list(
            "code", "name_fi", "name_sv", "county__code", "is_active"
        )
    )


def get(code):
    return Municipality.objects.select_related("county").get(code=code)


def test_merged_municipality_goes_out_of_use_but_stays_for_old_records(statfi):
    home = factories.organisation(municipality_code="588")

    output = refresh(statfi.url, 2025)

    pertunmaa = get("588")
    assert not pertunmaa.is_active
    assert Organisation.objects.get(pk=home.pk).municipality == pertunmaa
    assert get("507").is_active
    assert "588 Pertunmaa" in output


def test_new_municipality_is_created_in_its_county(statfi):
    output = refresh(statfi.url, 2027)

    new = get("200")
    assert (new.name_fi, new.name_sv, new.county.code, new.is_active) == (
        "Koillis-Savo",
        "Koillis-Savo",
        "13",
        True,
    )
    assert not get("204").is_active
    assert not get("857").is_active
    assert "200 Koillis-Savo" in output


def test_renamed_municipality_gets_its_new_names_even_over_admin_edits(statfi):
    pedersore = get("599")
    pedersore.name_sv = "Pedersöre (edited in the admin)"
    pedersore.save()

    output = refresh(statfi.url, 2027)

    pedersore = get("599")
    assert (pedersore.name_fi, pedersore.name_sv) == ("Pedersöre", "Pedersöre")
    assert "Pedersören kunta → Pedersöre" in output


def test_helsinki_and_aland_keep_their_own_counties_when_the_table_leaves_them_out(statfi):
    output = refresh(statfi.url, 2025)

    assert get("091").county.code == "90"
    assert get("478").county.code == "91"
    assert "County not in the correspondence table" in output
    assert "091 Helsinki" in output


def test_missing_swedish_name_falls_back_to_the_finnish_one(statfi):
    refresh(statfi.url, 2025)

    assert get("857").name_sv == "Tuusniemi"


def test_municipality_listed_again_is_brought_back_into_use(statfi):
    Municipality.objects.filter(code="297").update(is_active=False)

    output = refresh(statfi.url, 2025)

    assert get("297").is_active
    assert "Reactivated:\n  297 Kuopio" in output


def test_second_run_changes_nothing(statfi):
    refresh(statfi.url, 2025)
    after_first = municipalities()

    output = refresh(statfi.url, 2025)

    assert municipalities() == after_first
    assert "0 created, 0 updated, 0 deactivated, 0 reactivated, 8 unchanged" in output


def test_dry_run_reports_without_writing(statfi):
    before = municipalities()

    output = refresh(statfi.url, 2027, "--dry-run")

    assert municipalities() == before
    assert "1 created" in output
    assert "Pedersören kunta → Pedersöre" in output
    assert "Dry run: nothing was saved." in output


def answer_everything(api, year, body, status=200):
    for lang in ("fi", "sv"):
        api.answer(items_path(year), lang, body, status)
    api.answer(maps_path(year), "fi", body, status)


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (200, fixture_bytes("malformed.json"), "malformed JSON"),
        (500, b"<h1>Server Error (500)</h1>", "HTTP 500"),
        (200, fixture_bytes("empty.json"), "refusing to mark every municipality out of use"),
        (200, fixture_bytes("wrong_shape.json"), "expected a list of classification items"),
    ],
    ids=["malformed-json", "http-500", "empty-list", "wrong-shape"],
)
def test_bad_answer_is_a_clear_error_and_changes_nothing(statfi, status, body, message):
    answer_everything(statfi, 2025, body, status)
    before = municipalities()

    with pytest.raises(CommandError, match=message) as error:
        refresh(statfi.url, 2025)

    assert "Nothing was changed" in str(error.value)
    assert "\n" not in str(error.value)
    assert municipalities() == before


def test_unknown_county_names_the_municipality_and_changes_nothing(statfi):
    maps = json.loads(fixture_bytes("kunta_1_20270101-hyvinvointialue_1_20270101.json"))
    pedersore = next(row for row in maps if row["sourceItem"]["code"] == "599")
    pedersore["targetItem"]["code"] = "22"
    statfi.answer(maps_path(2027), "fi", json.dumps(maps).encode())
    before = municipalities()

    # Koillis-Savo (200) is created before Pedersöre is reached; it must not stay.
    with pytest.raises(CommandError, match=r"599 Pedersöre .*county '22'"):
        refresh(statfi.url, 2027)

    assert municipalities() == before


def test_year_not_published_yet_says_so(statfi):
    with pytest.raises(CommandError, match=r"HTTP 404 .* published yet"):
        refresh(statfi.url, 2031)


def test_unreachable_api_keeps_the_current_list():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port once the probe is closed.
    before = municipalities()

    with pytest.raises(CommandError, match=r"could not reach 127\.0\.0\.1:\d+ .* stays as it is"):
        refresh(f"http://127.0.0.1:{port}{API_PREFIX}", 2025)

    assert municipalities() == before
