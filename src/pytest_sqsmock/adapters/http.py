"""The requests way in: SQS endpoints answered through ``responses`` while a mock is active.

Requests to ``sqs.<region>.amazonaws.com``, ``<region>.queue.amazonaws.com`` and
``queue.amazonaws.com`` (http or https, either protocol) are answered from the mock; every other
URL goes on to whatever ``requests`` would have done without us — the network, or a ``responses``
mock the user started first. A user's ``responses`` mock started inside ours still hands SQS URLs
to us, so both keep working in either order.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from ..wire import http

__all__ = ["SQS_URL", "RequestsInterceptor"]

SQS_URL = re.compile(
    r"^https?://(?:sqs(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?"
    r"|[a-z0-9-]+\.queue\.amazonaws\.com(?:\.cn)?"
    r"|queue\.amazonaws\.com)(?::\d+)?(?:[/?].*)?$",
    re.IGNORECASE,
)
_ANYTHING = re.compile(r".*")
_METHODS = ("GET", "POST")


class RequestsInterceptor:
    """Answers SQS URLs sent through ``requests``; everything else goes where it would have."""

    def __init__(self, handler: http.Handler, default_region: str) -> None:
        import responses
        from requests.adapters import HTTPAdapter

        self._handler = handler
        self._default_region = default_region
        # Whatever sends requests now (the network, or a user's responses mock) gets the rest.
        current_send: Any = HTTPAdapter.send
        self._mock = responses.RequestsMock(
            assert_all_requests_are_fired=False, real_adapter_send=current_send
        )
        for method in _METHODS:
            self._mock.add_callback(method, SQS_URL, self._callback, content_type=None)
        self._mock.add_passthru(_ANYTHING)
        self._mock.start()
        # A user's responses mock started later (inside us) would answer SQS URLs itself (or
        # refuse them): every RequestsMock hands SQS URLs to ours while we are active.
        self._original_on_request = responses.RequestsMock._on_request
        ours = self._mock
        original = self._original_on_request

        def on_request(rmock: Any, adapter: Any, request: Any, **kwargs: Any) -> Any:
            if rmock is not ours and SQS_URL.match(request.url or ""):
                return original(ours, adapter, request, **kwargs)
            return original(rmock, adapter, request, **kwargs)

        responses.RequestsMock._on_request = on_request  # type: ignore[method-assign,assignment]

    def _callback(self, request: Any) -> tuple[int, dict[str, str], bytes]:
        response = http.answer(
            self._handler,
            method=request.method or "POST",
            url=request.url,
            headers=dict(request.headers),
            body=http.body_bytes(request.body),
            default_region=self._default_region,
        )
        return response.status, response.headers, response.body

    def stop(self) -> None:
        """Stop answering SQS URLs."""
        import responses

        responses.RequestsMock._on_request = self._original_on_request  # type: ignore[method-assign]
        self._mock.stop(allow_assert=False)


def requests_loaded() -> bool:
    """Whether anything imported ``requests`` (otherwise there is nothing to intercept)."""
    return "requests" in sys.modules
