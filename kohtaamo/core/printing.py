"""What goes on paper: absolute addresses, QR codes, and PDFs made from our own pages.

Lists, referrals and culture cards are printed and e-mailed as PDFs, each from the same
template as its print page. The PDF maker is given one restricted fetcher: everything a
printed page needs is inline (styles, QR codes as SVG), so it fetches nothing, neither
from the network nor from files on the server. That is a security control, not a
convenience: a page that could name a URL (a provider's text, an imported address) must
never make the server read ``file:///etc/...`` or an internal address into a PDF.
"""

import segno
from django.conf import settings
from django.utils.safestring import mark_safe


def public_url(request, path: str) -> str:
    """An absolute address for paper and e-mail, where a relative link means nothing."""
    base = settings.KOHTAAMO_PUBLIC_URL or request.build_absolute_uri("/").rstrip("/")
    return f"{base}{path}"


def qr_svg(url: str, title: str) -> str:
    """A QR code as inline SVG; its title names it and its description holds the
    address, so a screen reader (and a test) can read where it leads."""
    svg = segno.make(url, error="m").svg_inline(
        scale=4, border=2, title=title, desc=url, omitsize=True
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 (segno escapes)


def render_pdf(request, html: str) -> bytes:
    """``html`` (a rendered print page) as a PDF, fetching nothing from outside."""
    # Imported here: WeasyPrint loads Pango and fonts, which only printing needs.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, base_url=public_url(request, "/"), url_fetcher=fetcher).write_pdf()
