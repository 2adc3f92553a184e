"""A real HTTP server on 127.0.0.1 for the web tests: pages, feeds, redirects and misbehaviour.

Started by each test module that needs it, on a free port, and stopped after.
Routes are plain data (status, headers, body, or a function), so a test can
change what a URL answers between two ingests.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0  # seconds before the status line
    drip: float = 0.0  # seconds between 1-byte writes of the body
    stream: int = 0  # send this many bytes of filler, with no Content-Length
    gzip: bool = False
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None


class WebServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.agents: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                path = self.path.split("?")[0]
                server.hits[path] = server.hits.get(path, 0) + 1
                server.agents.append(self.headers.get("User-Agent", ""))
                route = server.routes.get(path)
                if route is None:
                    self._send(404, {"Content-Type": "text/html"}, b"<html><body>Not found</body></html>")
                    return
                if route.handler is not None:
                    route.handler(self)
                    return
                if route.delay:
                    time.sleep(route.delay)
                body = gzip.compress(route.body) if route.gzip else route.body
                headers = dict(route.headers)
                if route.gzip:
                    headers["Content-Encoding"] = "gzip"
                if route.stream:
                    self.send_response(route.status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Connection", "close")
                    self.end_headers()
                    chunk = b"<p>" + b"x" * 65_000 + b"</p>\n"
                    sent = 0
                    try:
                        while sent < route.stream:
                            self.wfile.write(chunk)
                            sent += len(chunk)
                    except OSError:
                        pass
                    self.close_connection = True
                    return
                if route.drip:
                    self.send_response(route.status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    try:
                        for i in range(len(body)):
                            self.wfile.write(body[i:i + 1])
                            self.wfile.flush()
                            time.sleep(route.drip)
                    except OSError:
                        pass
                    return
                self._send(route.status, headers, body)

            def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> WebServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
