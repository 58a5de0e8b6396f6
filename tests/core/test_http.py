"""The one outbound HTTP client: a real server on this machine answers; timeouts,
redirects, size limits and the address a request may go to are enforced."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kohtaamo.core import http as outbound


class Server:
    def __init__(self):
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                server.requests.append(
                    (self.command, self.path, dict(self.headers), self.rfile.read(length))
                )
                if self.path.startswith("/moved"):
                    self.send_response(302)
                    self.send_header("Location", "/here")
                    self.end_headers()
                    return
                if self.path == "/big":
                    body = b"x" * 2000
                elif self.path == "/missing":
                    self.send_response(404)
                    self.end_headers()
                    return
                else:
                    body = b'{"ok": true}'
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    running = Server()
    yield running
    running.close()


def test_a_get_answers_the_body_and_sends_headers(server):
    answer = outbound.get(f"{server.url}/data?x=1", headers={"Accept": "application/json"})
    assert answer.status == 200 and answer.body == b'{"ok": true}'
    method, path, headers, _body = server.requests[0]
    assert (method, path) == ("GET", "/data?x=1")
    assert headers["Accept"] == "application/json"
    assert headers["User-Agent"] == "Kohtaamo"


def test_a_post_sends_its_body(server):
    outbound.post(f"{server.url}/in", b'{"a":1}', headers={"Content-Type": "application/json"})
    assert server.requests[0][0] == "POST" and server.requests[0][3] == b'{"a":1}'


def test_redirects_are_followed_unless_refused(server):
    assert outbound.get(f"{server.url}/moved").url == f"{server.url}/here"
    with pytest.raises(outbound.BadStatus) as refused:
        outbound.post(f"{server.url}/moved", b"{}", redirects=0)
    assert refused.value.status == 302
    assert [r[1] for r in server.requests] == ["/moved", "/here", "/moved"]


def test_an_error_status_and_an_oversized_answer_are_errors(server):
    with pytest.raises(outbound.BadStatus, match="HTTP 404"):
        outbound.get(f"{server.url}/missing")
    with pytest.raises(outbound.TooLarge):
        outbound.get(f"{server.url}/big", max_bytes=1000)
    assert len(outbound.get(f"{server.url}/big", max_bytes=2000).body) == 2000


def test_only_http_and_https(server):
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/", "gopher://x/", "http:///nohost"):
        with pytest.raises(outbound.Refused):
            outbound.get(url)


def test_a_silent_server_times_out():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        started = time.monotonic()
        with pytest.raises(outbound.Unreachable):
            outbound.get(f"http://127.0.0.1:{silent.getsockname()[1]}/", timeout=0.5)
    assert time.monotonic() - started < 5


def test_a_closed_port_is_unreachable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(outbound.Unreachable):
        outbound.get(f"http://127.0.0.1:{port}/")


def test_the_connection_goes_to_the_address_connect_to_chose(server):
    asked = []

    def connect_to(host, port):
        asked.append((host, port))
        return "127.0.0.1"

    # The name does not resolve; the request still reaches the address chosen for it,
    # with the name in the Host header.
    outbound.get(f"http://receiver.invalid:{server.port}/x", connect_to=connect_to)
    assert asked == [("receiver.invalid", server.port)]
    assert server.requests[0][2]["Host"] == f"receiver.invalid:{server.port}"


def test_connect_to_is_asked_again_on_every_redirect(server):
    asked = []

    def connect_to(host, port):
        asked.append(host)
        return "127.0.0.1"

    outbound.get(f"http://receiver.invalid:{server.port}/moved", connect_to=connect_to)
    assert asked == ["receiver.invalid", "receiver.invalid"]


def test_a_refusal_sends_nothing(server):
    def refuse(host, port):
        raise outbound.Refused("not allowed")

    with pytest.raises(outbound.Refused):
        outbound.get(f"{server.url}/x", connect_to=refuse)
    assert server.requests == []
