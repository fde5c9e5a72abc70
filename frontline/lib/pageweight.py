"""Measure what a page costs over the wire: the gzip-compressed bytes of its HTML and of every
stylesheet, script and image it links, and of the data its scripts fetch when it opens (named
by a `data-fetch` or `data-rules` attribute, e.g. the screening page's rules and catalogue), as
the server sends them to a browser that accepts gzip."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.test import Client

BUDGET_BYTES = 60 * 1024
# Attributes that name a URL a page's script fetches as soon as the page opens.
FETCH_ATTRIBUTES = ("data-fetch", "data-rules")


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
        self.urls += [a[name] or "" for name in FETCH_ATTRIBUTES if a.get(name)]


@dataclass
class PageWeight:
    url: str
    status: int
    parts: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.parts.values())


def _wire_bytes(client: Client, url: str, post: Mapping[str, Any] | None = None) -> tuple[int, int]:
    """Status and size of the body as sent to a client that accepts gzip."""
    if post is not None:
        response = client.post(url, post, HTTP_ACCEPT_ENCODING="gzip")
    else:
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    chunks = response.streaming_content if response.streaming else [response.content]  # type: ignore[attr-defined]
    return response.status_code, sum(len(chunk) for chunk in chunks)


def measure(client: Client, url: str, *, post: Mapping[str, Any] | None = None) -> PageWeight:
    """The page at `url` (the answer to posting `post` there, when given) with its assets."""
    status, size = _wire_bytes(client, url, post)
    weight = PageWeight(url=url, status=status, parts={url: size})
    # Parse the uncompressed HTML for the assets it pulls in.
    response = client.post(url, post) if post is not None else client.get(url)
    html = response.content.decode("utf-8", "replace")
    parser = _Assets()
    parser.feed(html)
    for asset in dict.fromkeys(parser.urls):
        asset_status, asset_size = _wire_bytes(client, asset)
        weight.parts[asset] = asset_size
        if asset_status != 200:
            weight.missing.append(asset)
    return weight
