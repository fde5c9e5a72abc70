"""Measure what a page costs over the wire: the gzip-compressed bytes of its HTML and of every
stylesheet, script and image it links, as the server sends them to a browser that accepts gzip."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.test import Client

BUDGET_BYTES = 60 * 1024


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        url = None
        if tag == "link" and (a.get("rel") or "") in {"stylesheet", "icon", "manifest"}:
            url = a.get("href")
        elif tag in {"script", "img"}:
            url = a.get("src")
        if url and not url.startswith("data:"):
            self.urls.append(url)


@dataclass
class PageWeight:
    url: str
    status: int
    parts: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.parts.values())


def _wire_bytes(client: Client, url: str) -> tuple[int, int]:
    """Status and size of the body as sent to a client that accepts gzip."""
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    chunks = response.streaming_content if response.streaming else [response.content]  # type: ignore[attr-defined]
    return response.status_code, sum(len(chunk) for chunk in chunks)


def measure(client: Client, url: str) -> PageWeight:
    status, size = _wire_bytes(client, url)
    weight = PageWeight(url=url, status=status, parts={url: size})
    # Parse the uncompressed HTML for the assets it pulls in.
    html = client.get(url).content.decode("utf-8", "replace")
    parser = _Assets()
    parser.feed(html)
    for asset in dict.fromkeys(parser.urls):
        asset_status, asset_size = _wire_bytes(client, asset)
        weight.parts[asset] = asset_size
        if asset_status != 200:
            weight.missing.append(asset)
    return weight
