"""A Federal Register API stand-in on 127.0.0.1: recorded responses (tests/fixtures/federal-register),
with failures on demand. Used by tests/test_federal_register.py and by the documented
`kg fetch federal-register` examples (tests/test_doc_examples.py)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

FR = Path(__file__).resolve().parent / "fixtures" / "federal-register"


class FRServer:
    """Recorded FR API responses over HTTP on 127.0.0.1, with failures on demand."""

    def __init__(self):
        self.requests: list[tuple[str, list[tuple[str, str]], str]] = []
        self.plan: dict[str, list[tuple[int, dict]]] = {}   # path -> answers to give first
        self.broken: set[str] = set()                         # paths answering 500 until repaired
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                parts = urlsplit(self.path)
                query = parse_qsl(parts.query)
                server.requests.append((parts.path, query, self.headers.get("User-Agent", "")))
                planned = server.plan.get(parts.path)
                if planned:
                    status, headers = planned.pop(0)
                    return self._send(status, b'{"status": "slow down"}', "application/json", headers)
                if parts.path in server.broken:
                    return self._send(500, b"Internal Server Error", "text/plain")
                if parts.path == "/api/v1/documents.json":
                    agencies = [v for k, v in query if k == "conditions[agencies][]"]
                    if any(a != "industry-and-security-bureau" for a in agencies):
                        return self._send(400, b'{"errors": {"conditions": {"agencies": ["not found"]}}}',
                                          "application/json")
                    page = "2" if ("page", "2") in query else "1"
                    return self._send(200, (FR / "api" / f"page-{page}.json").read_bytes(), "application/json")
                if parts.path.startswith("/documents/full_text/xml/"):
                    path = FR / "feed" / parts.path.rsplit("/", 1)[1]
                    if path.is_file():
                        return self._send(200, path.read_bytes(), "text/xml")
                return self._send(404, b"Not Found", "text/plain")

            def _send(self, status, body, ctype, headers=None):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def paths(self) -> list[str]:
        return [p for p, _, _ in self.requests]

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
