"""HTTP requests in, HTTP responses out: picks the protocol, the operation and the region.

Shared by every HTTP way in (the ``responses`` adapter for requests-library traffic and the local
server). A request is awsJson1.0 when it carries ``X-Amz-Target: AmazonSQS.<Operation>``, else
the query protocol (``Action=<Operation>`` in a form body or the query string).
"""

from __future__ import annotations

import logging
import re
import urllib.parse
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import errors
from ..model.errors import SqsError
from . import json_protocol

__all__ = ["Handler", "HttpResponse", "answer", "body_bytes", "region_of"]

Handler = Callable[[str, dict[str, Any], str], dict[str, Any]]  # (operation, params, region)

_log = logging.getLogger("pytest_sqsmock")
_TARGET_PREFIX = "AmazonSQS."
_CREDENTIAL = re.compile(r"Credential=[^/,\s]+/\d{8}/([a-z0-9-]+)/sqs/aws4_request")
_HOST_REGION = (
    re.compile(r"^sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$"),
    re.compile(r"^sqs-fips\.([a-z0-9-]+)\.amazonaws\.com$"),
    re.compile(r"^([a-z]{2}(?:-gov)?-[a-z]+-\d)\.queue\.amazonaws\.com(?:\.cn)?$"),
)
_URL_KEYS = ("QueueUrl", "QueueUrls", "queueUrls")
_QUEUE_PATH = re.compile(r"^/\d{12}/[^/]+/?$")


@dataclass
class HttpResponse:
    """What to send back: status, headers and body."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def body_bytes(body: object) -> bytes:
    """Return a request body (None, str, bytes, a file or an iterable of chunks) as bytes."""
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    read = getattr(body, "read", None)
    if callable(read):
        data = read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if isinstance(body, Iterable):
        return b"".join(
            chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk) for chunk in body
        )
    raise TypeError(f"cannot read a request body of type {type(body).__name__}")


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def region_of(headers: Mapping[str, str], host: str, default: str) -> str:
    """Return the request's region: the SigV4 credential scope, else the host, else ``default``."""
    authorization = _header(headers, "Authorization") or ""
    match = _CREDENTIAL.search(authorization)
    if match:
        return match.group(1)
    hostname = host.split(":", 1)[0].lower()
    for pattern in _HOST_REGION:
        match = pattern.match(hostname)
        if match:
            return match.group(1)
    if hostname == "queue.amazonaws.com":
        return "us-east-1"
    return default


def _rewrite_urls(result: dict[str, Any], rewrite: Callable[[str], str]) -> dict[str, Any]:
    if not any(key in result for key in _URL_KEYS):
        return result
    out = dict(result)
    for key in _URL_KEYS:
        value = out.get(key)
        if isinstance(value, str):
            out[key] = rewrite(value)
        elif isinstance(value, list):
            out[key] = [rewrite(v) if isinstance(v, str) else v for v in value]
    return out


def answer(
    handler: Handler,
    *,
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes,
    default_region: str,
    rewrite_url: Callable[[str], str] | None = None,
) -> HttpResponse:
    """Answer one SQS HTTP request through ``handler``, in whichever protocol it came in.

    A fault inside the simulation (a bug, never bad input: that gets SQS's own errors) is
    answered as AWS answers its own faults, ``InternalFailure`` with status 500, instead of
    dropping the connection; the traceback goes to the ``pytest_sqsmock`` logger.
    """

    def guarded(operation: str, params: dict[str, Any], region: str) -> dict[str, Any]:
        try:
            return handler(operation, params, region)
        except SqsError:
            raise
        except Exception as fault:
            _log.exception("pytest-sqsmock failed to answer %s", operation)
            raise errors.internal_failure(f"{type(fault).__name__}: {fault}") from fault

    parsed = urllib.parse.urlsplit(url)
    region = region_of(headers, parsed.netloc or (_header(headers, "Host") or ""), default_region)
    request_id = str(uuid.uuid4())
    target = _header(headers, "X-Amz-Target")
    if target is not None:
        return _answer_json(guarded, target, body, region, request_id, rewrite_url)
    queue_url = None
    if _QUEUE_PATH.match(parsed.path):  # query clients may post to the queue's own URL
        queue_url = f"{parsed.scheme or 'https'}://{parsed.netloc}{parsed.path}"
    return _answer_query(
        guarded, method, parsed.query, body, region, request_id, rewrite_url, queue_url
    )


def _answer_json(
    handler: Handler,
    target: str,
    body: bytes,
    region: str,
    request_id: str,
    rewrite_url: Callable[[str], str] | None,
) -> HttpResponse:
    headers = {"Content-Type": json_protocol.CONTENT_TYPE, "x-amzn-RequestId": request_id}
    try:
        if not target.startswith(_TARGET_PREFIX):
            raise errors.invalid_action(target)
        operation = target[len(_TARGET_PREFIX) :]
        params = json_protocol.decode_request(operation, body)
        result = handler(operation, params, region)
    except SqsError as error:
        error.__traceback__ = None  # the call log keeps the error: no cycle through the frames
        headers.update(json_protocol.error_headers(error))
        return HttpResponse(error.status, headers, json_protocol.encode_error(error))
    if rewrite_url is not None:
        result = _rewrite_urls(result, rewrite_url)
    return HttpResponse(200, headers, json_protocol.encode_result(result))


def _answer_query(
    handler: Handler,
    method: str,
    query: str,
    body: bytes,
    region: str,
    request_id: str,
    rewrite_url: Callable[[str], str] | None,
    queue_url: str | None,
) -> HttpResponse:
    from . import query_protocol

    form = body if method.upper() == "POST" and body else query.encode("utf-8")
    headers = {"Content-Type": query_protocol.CONTENT_TYPE, "x-amzn-RequestId": request_id}
    try:
        operation, params = query_protocol.decode_request(form, queue_url=queue_url)
        result = handler(operation, params, region)
    except SqsError as error:
        error.__traceback__ = None  # the call log keeps the error: no cycle through the frames
        return HttpResponse(error.status, headers, query_protocol.encode_error(error, request_id))
    if rewrite_url is not None:
        result = _rewrite_urls(result, rewrite_url)
    return HttpResponse(200, headers, query_protocol.encode_result(operation, result, request_id))
