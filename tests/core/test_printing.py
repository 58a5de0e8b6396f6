"""The one PDF maker fetches nothing a page names: not a file on the server, not an
address on its network. Lists, referrals and cards all print through it."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import RequestFactory
from pypdf import PdfReader

from kohtaamo.core.printing import public_url, qr_svg, render_pdf


@pytest.fixture
def server():
    asked = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", asked
    httpd.shutdown()
    httpd.server_close()


def test_a_pdf_reads_no_file_and_no_address_the_page_names(server, tmp_path):
    base, asked = server
    secret = tmp_path / "secret.txt"
    secret.write_text("do not print me")
    html = f"""<html><head><link rel="stylesheet" href="{base}/style.css"></head><body>
      <p>Kirjasto</p>
      <img src="file://{secret}"><img src="{base}/image.png">
      <iframe src="file://{secret}"></iframe>
      <object data="{base}/object"></object>
    </body></html>"""
    pdf = render_pdf(RequestFactory().get("/"), html)
    text = "".join(page.extract_text() for page in PdfReader(_bytes(pdf)).pages)
    assert "Kirjasto" in text
    assert "do not print me" not in text
    assert asked == []


def test_an_inline_qr_code_names_its_address_for_screen_readers():
    svg = qr_svg("https://kohtaamo.example/fi/palvelut/1/", "QR-koodi")
    assert svg.startswith('<svg role="img" ')
    assert "<title>QR-koodi</title>" in svg
    assert "https://kohtaamo.example/fi/palvelut/1/" in svg


def test_public_addresses_use_the_configured_site(settings):
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    settings.KOHTAAMO_PUBLIC_URL = ""
    assert public_url(request, "/fi/") == "http://testserver/fi/"
    settings.KOHTAAMO_PUBLIC_URL = "https://kohtaamo.example"
    assert public_url(request, "/fi/") == "https://kohtaamo.example/fi/"


def _bytes(data):
    import io

    return io.BytesIO(data)
