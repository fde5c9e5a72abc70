"""A learning record store on loopback for the tests: it keeps what is PUT to /statements,
and can be told to be down (503) or to refuse (400)."""

from __future__ import annotations

import http.server
import json
import threading
from typing import Any
from urllib.parse import parse_qs, urlsplit


class FakeLrs:
    def __init__(self) -> None:
        self.statements: dict[str, dict[str, Any]] = {}
        self.headers: list[dict[str, str]] = []
        self.answer = 204  # 503: down; 400: refuses
        lrs = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_PUT(self) -> None:
                parts = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if lrs.answer != 204 or parts.path != "/xAPI/statements":
                    self.send_response(lrs.answer if parts.path == "/xAPI/statements" else 404)
                    self.end_headers()
                    return
                statement_id = parse_qs(parts.query)["statementId"][0]
                if statement_id in lrs.statements:
                    self.send_response(409)
                else:
                    lrs.statements[statement_id] = json.loads(body)
                    lrs.headers.append({k.lower(): v for k, v in self.headers.items()})
                    self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/xAPI"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def verbs(self) -> list[str]:
        return [s["verb"]["id"].rsplit("/", 1)[-1] for s in self.statements.values()]
