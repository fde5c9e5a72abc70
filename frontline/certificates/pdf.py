"""The printable certificate: a one-page PDF with its verification code, address and QR code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils import translation

from frontline.certificates.models import Certificate

STYLESHEET = Path(__file__).parent / "static" / "certificates" / "certificate.css"


def _data_only_fetcher() -> Any:
    """A URL fetcher that reads data: URIs and refuses every other URL.

    Everything a certificate shows is inline (the QR code is a data: URI); refusing the rest
    means no text on a certificate can make the server fetch anything.
    """
    try:
        from weasyprint.urls import URLFetcher  # WeasyPrint 68 and later
    except ImportError:  # pragma: no cover - older WeasyPrint
        from weasyprint import default_url_fetcher

        def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
            if not url.startswith("data:"):
                raise ValueError("certificates fetch nothing but data: URIs")
            return default_url_fetcher(url, *args, **kwargs)

        return fetch
    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)


def certificate_pdf(certificate: Certificate) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only PDFs need.
    from weasyprint import CSS, HTML

    url = certificate.verification_url()
    qr = segno.make(url, error="m")
    html = render_to_string(
        "certificates/certificate_pdf.html",
        {
            "certificate": certificate,
            "url": url,
            "qr": qr.svg_data_uri(scale=4, border=0, dark="#111"),
            "language": translation.get_language(),
        },
    )
    document = HTML(string=html, url_fetcher=_data_only_fetcher())
    return document.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
