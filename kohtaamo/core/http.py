"""Outbound HTTP: the one client every call from Kohtaamo to another server goes through.

Imports (PTV, Linked Events), Statistics Finland's classifications, the SMS gateway and
webhooks all need the same few things, and each used to build them from ``urllib``:
only ``http``/``https``, a timeout on every socket operation, a cap on what is read, and
errors a caller can turn into its own message. :func:`request` gives them once.

A caller that must not reach just any address (webhooks, registered by organisation
administrators) passes ``connect_to``: it is given the host and port of every hop and
answers the IP address to connect to, or raises :class:`Refused`. The connection then
goes to exactly that address, while TLS still checks the certificate of the host name:
a name that resolves to a public address when checked and to a private one a moment
later (DNS rebinding) cannot slip past the check. :func:`check_public_url` and
:func:`public_address` are that policy for addresses others register: https on the
standard port, no credentials, and a host whose every address is public.

Proxies from the environment are not used: the servers Kohtaamo calls are reached
directly, and a proxy would hide the address that ``connect_to`` checked.
"""

import http.client
import ipaddress
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

DEFAULT_TIMEOUT = 30
REDIRECTS = frozenset({301, 302, 303, 307, 308})
DEFAULT_PORTS = {"http": 80, "https": 443}

# (host, port) -> the IP address to connect to; raises Refused for an address not allowed.
ConnectTo = Callable[[str, int], str]


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    headers: dict = field(default_factory=dict)
    url: str = ""


class OutboundError(Exception):
    """Why a request to another server gave no usable answer, in one line."""


class Refused(OutboundError):
    """The address is not one this request may go to (nothing was sent). ``code`` says
    why: scheme, credentials, port, invalid or private."""

    def __init__(self, message: str, code: str = "scheme"):
        super().__init__(message)
        self.code = code


class Unreachable(OutboundError):
    """No answer: the name did not resolve, the connection failed or timed out."""


class TooLarge(OutboundError):
    """The answer was longer than the caller reads."""


class BadStatus(OutboundError):
    """The server answered, but not with 2xx (a redirect not followed included)."""

    def __init__(self, status: int, reason: str = ""):
        super().__init__(f"HTTP {status} {reason}".strip())
        self.status = status
        self.reason = reason


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, timeout, address):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _HTTPSConnection(http.client.HTTPSConnection):
    """TLS to ``address``, with the certificate checked against the host name."""

    def __init__(self, host, port, timeout, address):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _target(url: str):
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise Refused(f"{url[:200]} is not an http(s) address")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError as error:
        raise Refused(f"{url[:200]} has an invalid port", "port") from error
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return parts.scheme, parts.hostname, port, path


def _send(method, url, body, headers, timeout, max_bytes, connect_to):
    scheme, host, port, path = _target(url)
    address = connect_to(host, port) if connect_to else host
    kind = _HTTPSConnection if scheme == "https" else _HTTPConnection
    connection = kind(host, port, timeout, address)
    try:
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        content = answer.read(max_bytes + 1) if max_bytes is not None else answer.read()
        return answer.status, answer.reason, dict(answer.getheaders()), content
    finally:
        connection.close()


def request(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int | None = None,
    redirects: int = 5,
    connect_to: ConnectTo | None = None,
) -> Response:
    """Send one request and return the 2xx answer; raise :class:`OutboundError` otherwise.

    Redirects are followed up to ``redirects`` times (each hop checked like the first;
    a 303 or a redirected POST becomes a GET without a body, as browsers do). With
    ``redirects=0`` a 3xx answer is a :class:`BadStatus`.
    """
    headers = {"User-Agent": "Kohtaamo", **(headers or {})}
    for _hop in range(redirects + 1):
        try:
            status, reason, answer_headers, content = _send(
                method, url, body, headers, timeout, max_bytes, connect_to
            )
        except (OSError, http.client.HTTPException, ValueError) as error:
            # OSError covers refused connections, timeouts, DNS and TLS failures.
            raise Unreachable(str(getattr(error, "reason", None) or error)) from error
        if max_bytes is not None and len(content) > max_bytes:
            raise TooLarge(f"the answer is longer than {max_bytes} bytes")
        location = answer_headers.get("Location") or answer_headers.get("location")
        if status in REDIRECTS and location and redirects:
            url = urljoin(url, location)
            if status == 303 or (method == "POST" and status in (301, 302)):
                method, body = "GET", None
            continue
        if not 200 <= status < 300:
            raise BadStatus(status, reason)
        return Response(status, content, answer_headers, url)
    raise BadStatus(status, "too many redirects")


def get(url: str, **options) -> Response:
    return request("GET", url, **options)


def post(url: str, body: bytes, **options) -> Response:
    return request("POST", url, body=body, **options)


# --- addresses that others register ------------------------------------------------

# IPv6 prefixes that carry an IPv4 address (NAT64): the IPv4 inside is what is reached.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (the system resolver)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise Unreachable(f"{host} could not be resolved") from error
    return list(dict.fromkeys(str(entry[4][0]) for entry in found))


def _embedded(ip):
    """The IPv4 address an IPv6 address stands for, if it stands for one."""
    if ip.version == 6:
        if ip.ipv4_mapped:
            return ip.ipv4_mapped
        if ip in NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if ip.sixtofour:
            return ip.sixtofour
    return ip


def is_public(address: str) -> bool:
    """Whether ``address`` is on the public internet: not private, loopback, link-local
    (169.254.169.254, the cloud metadata service, included), unique-local IPv6, shared
    (carrier NAT), reserved, documentation or multicast, nor an IPv6 form of any of them."""
    ip = _embedded(ipaddress.ip_address(address.split("%", 1)[0]))
    return ip.is_global and not ip.is_multicast


def is_loopback(host: str) -> bool:
    if host.lower().rstrip(".") in LOOPBACK_NAMES:
        return True
    try:
        return _embedded(ipaddress.ip_address(host)).is_loopback
    except ValueError:
        return False


def check_public_url(url: str, *, allow_loopback: bool = False) -> tuple[str, int]:
    """(host, port) of ``url`` if its form may be used for an address others register:
    https on the standard port, no user name or password in it. ``allow_loopback``
    (a development receiver) also lets http:// and any port through to this machine.
    Raises :class:`Refused` with the reason; the host is not resolved here."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise Refused("the address is not valid", "invalid") from error
    host = parts.hostname or ""
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise Refused("the address carries a user name or password", "credentials")
    if allow_loopback and host and is_loopback(host) and parts.scheme in DEFAULT_PORTS:
        return host, port or DEFAULT_PORTS[parts.scheme]
    if parts.scheme != "https" or not host:
        raise Refused("the address is not https")
    if port not in (None, 443):
        raise Refused("the address uses a port other than 443", "port")
    return host, 443


def public_address(host: str, port: int, *, allow_loopback: bool = False) -> str:
    """The address to connect to for ``host``: resolved now, and only if every address it
    resolves to is public (or, with ``allow_loopback``, all on this machine)."""
    addresses = resolve(host, port)
    if allow_loopback and is_loopback(host):
        allowed = all(_embedded(ipaddress.ip_address(a)).is_loopback for a in addresses)
    else:
        allowed = port == 443 and all(is_public(address) for address in addresses)
    if not addresses or not allowed:
        raise Refused(f"{host} is not a public address", "private")
    return addresses[0]
