"""Shared helpers for the import tests: the shipped fixture files, a mapping switch and
a real local HTTP server that answers like the PTV and Linked Events APIs."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kohtaamo.catalogue.models import Source
from kohtaamo.core.models import ArtForm, WellbeingStep
from kohtaamo.interop import services
from kohtaamo.interop.models import ClassificationMapping, Scheme

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PTV_DIR = FIXTURES / "ptv"
LINKED_EVENTS_FILE = FIXTURES / "linkedevents_events.json"

ETALUKIO = "3668d250-cd80-45c4-abcc-9b2d3a2b3e42"  # Nettilukio aikuisille (P6.8, P6.10)
LIPERI = "6c00d407-d3fd-4c7e-a373-57be9f3b2cff"  # Yksilöllistetty oppimäärä (P6.2)
OTAVA = "961f1a02-0eb7-4b5d-9721-6b9f2d14ec6f"  # the service location of Nettilukio
OTAVIA = "df0c2f24-d2bd-4ba7-bdcd-fcfc9f0d65a7"  # its responsible organisation


def ptv_records():
    """The shipped PTV sample records by id, as dicts (copies to change freely)."""
    records = {}
    for name in ("service_etalukio.json", "services_by_id.json", "service_channel_otava.json"):
        data = json.loads((PTV_DIR / name).read_text(encoding="utf-8"))
        for record in data.values() if "id" not in data else [data]:
            records[record["id"]] = record
    return records


def mark_relevant(code="P6", scheme=Scheme.PTV_SERVICE_CLASS, steps=("own-activity",), forms=()):
    """Let the mapping import education (P6): the shared samples are education services."""
    row, _ = ClassificationMapping.objects.update_or_create(
        scheme=scheme, code=code, defaults={"relevant": True, "label": code}
    )
    row.steps.set(WellbeingStep.objects.filter(code__in=steps))
    row.art_forms.set(ArtForm.objects.filter(code__in=forms))
    return row


def import_ptv(path=PTV_DIR, **options):
    return services.run_import(Source.PTV, {"path": str(path), **options})


def import_linkedevents(path=LINKED_EVENTS_FILE, **options):
    return services.run_import(Source.LINKED_EVENTS, {"path": str(path), **options})


def write_json(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


class FakeApi:
    """A real HTTP server on localhost; ``routes`` maps a path to a function of the
    query (a dict of lists) answering JSON. Every request is logged in ``requests``."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                api.requests.append(self.path)
                route = api.routes.get(parts.path)
                if route is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                body = json.dumps(route(parse_qs(parts.query))).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
