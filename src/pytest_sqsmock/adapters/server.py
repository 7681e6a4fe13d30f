"""A local SQS endpoint: a stdlib threading HTTP server on 127.0.0.1 over the mock's state.

For code that cannot be intercepted in-process — subprocesses, the AWS CLI, workers in other
languages. Both wire protocols; queue URLs in responses point back at the server.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ..wire import http

__all__ = ["LocalServer"]

_AWS_URL_PREFIX = "https://"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], owner: LocalServer) -> None:
        super().__init__(address, _RequestHandler)
        self.owner = owner


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def _body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._chunked_body()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _chunked_body(self) -> bytes:
        """Read a ``Transfer-Encoding: chunked`` body (size lines in hex, ended by size 0)."""
        chunks: list[bytes] = []
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline()  # the CRLF after each chunk

    def _respond(self, method: str) -> None:
        owner = self.server.owner
        # A full URL (the one the client used), so a query request posted to a queue's URL names
        # that URL in QueueUrl, and a host like sqs.<region>.amazonaws.com still gives a region.
        if "://" in self.path:
            url = self.path
        else:
            host = self.headers.get("Host") or owner.url.split("://", 1)[1]
            url = f"http://{host}{self.path}"
        response = http.answer(
            owner.handler,
            method=method,
            url=url,
            headers=dict(self.headers.items()),
            body=self._body(),
            default_region=owner.default_region,
            rewrite_url=owner.local_url,
        )
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        self.wfile.write(response.body)

    def do_POST(self) -> None:
        self._respond("POST")

    def do_GET(self) -> None:
        self._respond("GET")

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests read the mock's call log instead."""


class LocalServer:
    """Serve SQS on ``http://127.0.0.1:<port>`` until ``close()``; a background thread."""

    def __init__(
        self, handler: http.Handler, default_region: str, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.handler = handler
        self.default_region = default_region
        self._server = _Server((host, port), self)
        bound_port = self._server.server_address[1]
        self.url = f"http://{host}:{bound_port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"pytest-sqsmock server {self.url}",
            daemon=True,
        )
        self._thread.start()

    def local_url(self, aws_url: str) -> str:
        """Return a queue URL on this server for an AWS-style one (same account and name)."""
        if not aws_url.startswith(_AWS_URL_PREFIX):
            return aws_url
        path = aws_url[len(_AWS_URL_PREFIX) :].split("/", 1)
        return f"{self.url}/{path[1]}" if len(path) == 2 else aws_url

    def close(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
