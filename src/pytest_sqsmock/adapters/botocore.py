"""The botocore way in: a ``before-call.sqs`` handler that answers without network or signing.

The handler is added to ``botocore.handlers.BUILTIN_HANDLERS`` once, at import, so every
botocore (and boto3, and aiobotocore) session created afterwards carries it, along with every
client those sessions make, whenever they were made. It does nothing unless a mock is active.
A ``before-parameter-build.sqs`` handler keeps the caller's params in the request context, so
the answer needs no JSON decoding. Returning ``(http_response, parsed)`` from ``before-call``
skips signing and the HTTP round trip; botocore then raises the modeled exception for errors.

aiobotocore awaits whatever a handler returns if it is awaitable, and builds its sessions on the
same handler list, so async clients are answered by the same handler with the same results. Only
a long poll that may wait in real time differs: for an async client it runs in a worker thread
and the handler hands back a coroutine awaiting it, so the event loop keeps running meanwhile.
"""

from __future__ import annotations

import contextlib
import contextvars
import inspect
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate
from typing import Any, Protocol

from botocore import handlers
from botocore import utils as botocore_utils
from botocore.awsrequest import AWSResponse, HeadersDict

from ..clock import Clock
from ..model.errors import SqsError
from ..model.message import new_id
from ..wire import http as wire_http
from ..wire import json_protocol

__all__ = ["Target", "attach", "set_target"]

EVENT = "before-call.sqs"
PARAMS_EVENT = "before-parameter-build.sqs"
SEND_EVENT = "before-send.sqs"
_UNIQUE_ID = "pytest-sqsmock-before-call"
_PARAMS_KEY = "pytest_sqsmock.params"


class Target(Protocol):
    """What answers SQS calls while a mock is active."""

    def handle(self, operation: str, params: dict[str, Any], region: str) -> dict[str, Any]: ...

    @property
    def wire(self) -> bool:
        """Whether calls are answered at ``before-send`` (the whole botocore path runs)."""
        ...


_target: Target | None = None


def set_target(target: Target | None) -> None:
    """Route SQS calls to ``target`` (None: let them through to botocore as usual)."""
    global _target
    _target = target


class _Response(AWSResponse):  # type: ignore[misc]
    """The HTTP side of one answer, built only as far as somebody reads it.

    The case-insensitive headers are made on first read, and the JSON body bytes only if
    somebody reads ``content`` (the response is its own ``raw`` stream). Most calls read
    neither: botocore only looks at ``status_code``.
    """

    url = ""
    _content = None
    _headers: HeadersDict | None = None
    _raw: Any = None

    def __init__(
        self, status_code: int, headers: dict[str, str], result: Any, error: SqsError | None
    ) -> None:
        self.status_code = status_code
        self._plain_headers = headers
        self._result = result
        self._error = error

    @property
    def raw(self) -> Any:
        """The raw stream: the response itself (a property, so no reference cycle is made)."""
        return self if self._raw is None else self._raw

    @raw.setter
    def raw(self, value: Any) -> None:
        self._raw = value

    @property
    def headers(self) -> HeadersDict:
        if self._headers is None:
            self._headers = HeadersDict(self._plain_headers)
        return self._headers

    @headers.setter
    def headers(self, value: HeadersDict) -> None:
        self._headers = value

    def stream(self, **_: Any) -> Iterator[bytes]:
        """The raw body, as ``AWSResponse.content`` reads it."""
        if self._error is not None:
            yield json_protocol.encode_error(self._error)
        else:
            yield json_protocol.encode_result(self._result or {})


# The HTTP Date header of the current second, as (epoch second, header): swapped whole, so that
# threads never see one second's number with another's header. Formatted once per second.
_last_date: list[tuple[int, str]] = [(0, "")]


def _metadata(request_id: str, status: int, headers: dict[str, str]) -> dict[str, Any]:
    return {
        "RequestId": request_id,
        "HTTPStatusCode": status,
        "HTTPHeaders": headers,
        "RetryAttempts": 0,
    }


def _remember_params(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    """Keep the caller's params (already checked by botocore) so ``before-call`` needs no JSON."""
    if _target is not None:
        context[_PARAMS_KEY] = params


def _before_call(
    model: Any,
    params: dict[str, Any],
    context: dict[str, Any],
    request_signer: Any = None,
    **_: Any,
) -> Any:
    target = _target
    if target is None or target.wire:
        return None
    operation = model.name
    if operation == "ReceiveMessage":
        signs_async = _async_signers.get(type(request_signer))
        if signs_async is None:
            signs_async = _learn_signer(type(request_signer))
        if signs_async and _may_wait(context):
            return _answer_in_thread(target, operation, params, context)
    return _answer(target, operation, params, context)


def _answer(
    target: Target, operation: str, params: dict[str, Any], context: dict[str, Any]
) -> tuple[_Response, dict[str, Any]]:
    """Dispatch one call to ``target``; return ``(http_response, parsed)`` for botocore."""
    request_id = new_id()
    second = int(time.time())  # SQS time, as the clock reads it
    date = _last_date[0]
    if date[0] != second:  # a new second: format its Date header once
        date = _last_date[0] = (second, formatdate(second, usegmt=True))
    headers = {
        "x-amzn-requestid": request_id,
        "date": date[1],
        "content-type": json_protocol.CONTENT_TYPE,
    }
    try:
        api_params = context.pop(_PARAMS_KEY, None)
        if api_params is None:  # a client without our before-parameter-build hook
            decoded = json_protocol.decode_request(operation, params.get("body"))
        elif operation in json_protocol.BLOB_OPERATIONS:
            decoded = json_protocol.normalize_params(operation, api_params)
        else:  # nothing to convert: the caller's params as botocore checked them
            decoded = api_params
        result = target.handle(operation, decoded, context.get("client_region") or "us-east-1")
    except SqsError as error:
        # The answer and the call log keep the error: its traceback would tie them to every
        # frame of this call (botocore's included) in a reference cycle, freed only by the GC.
        error.__traceback__ = None
        headers.update(json_protocol.error_headers(error))
        parsed: dict[str, Any] = {
            "Error": {
                "Message": error.message,
                "Code": error.code,
                "QueryErrorCode": error.shape,
                "Type": error.fault,
            },
            "ResponseMetadata": _metadata(request_id, error.status, headers),
        }
        return _Response(error.status, headers, None, error), parsed
    parsed = {
        **result,
        "ResponseMetadata": {
            "RequestId": request_id,
            "HTTPStatusCode": 200,
            "HTTPHeaders": headers,
            "RetryAttempts": 0,
        },
    }
    return _Response(200, headers, result, None), parsed


# -- async clients (aiobotocore, aioboto3) --------------------------------------------------------

# request signer class -> whether its client is async (aiobotocore's AioRequestSigner signs with
# ``async def sign``); learnt once per class, so sync clients pay one dict lookup per receive.
_async_signers: dict[type, bool] = {}
_clock = Clock()  # ``frozen`` reads the active freezegun / time-machine state, shared by all


def _learn_signer(signer_class: type) -> bool:
    """Remember and return whether clients with this request signer class are async."""
    signs_async = inspect.iscoroutinefunction(getattr(signer_class, "sign", None))
    _async_signers[signer_class] = signs_async
    return signs_async


def _may_wait(context: dict[str, Any]) -> bool:
    """Return whether a ReceiveMessage may wait in real time (a long poll on a running clock).

    Without ``WaitTimeSeconds`` the queue's ReceiveMessageWaitTimeSeconds applies, which may be
    more than 0. On a frozen clock a long poll never waits in real time (it answers at once, or
    autojumps the clock).
    """
    api_params = context.get(_PARAMS_KEY)
    if api_params is not None and api_params.get("WaitTimeSeconds") == 0:
        return False
    return not _clock.frozen


async def _answer_in_thread(
    target: Target, operation: str, params: dict[str, Any], context: dict[str, Any]
) -> tuple[_Response, dict[str, Any]]:
    """Answer in a worker thread and await it, so a long poll leaves the event loop running.

    The thread is a daemon of its own rather than the loop's default executor: a long poll whose
    caller was cancelled still runs to the end of its wait, and must not hold up the loop's
    shutdown (``asyncio.run`` waits for the default executor) or the interpreter's exit.
    """
    import asyncio  # only async clients get here: sync users never pay for importing it

    loop = asyncio.get_running_loop()
    future: asyncio.Future[tuple[_Response, dict[str, Any]]] = loop.create_future()
    run = contextvars.copy_context().run

    def settle(outcome: Any, error: BaseException | None) -> None:
        if future.cancelled():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(outcome)

    def work() -> None:
        outcome: Any = None
        error: BaseException | None = None
        try:
            outcome = run(_answer, target, operation, params, context)
        except BaseException as raised:  # handed to the awaiting task, raised there
            error = raised
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: nobody listens
            loop.call_soon_threadsafe(settle, outcome, error)

    threading.Thread(target=work, name="pytest-sqsmock long poll", daemon=True).start()
    return await future


# -- wire mode: answer the HTTP request botocore built, signed, about to send -------------------


class _RawBytes:
    """A raw HTTP body for AWSResponse: the bytes of one wire response."""

    __slots__ = ("_data",)

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


def _before_send(request: Any, **_: Any) -> Any:
    """In wire mode, answer botocore's prepared (serialized, signed) request as SQS would."""
    target = _target
    if target is None or not target.wire:
        return None
    response = wire_http.answer(
        target.handle,
        method=request.method,
        url=request.url,
        headers={
            name: value.decode("latin-1") if isinstance(value, bytes) else value
            for name, value in request.headers.items()
        },
        body=wire_http.body_bytes(request.body),
        default_region="us-east-1",
    )
    return AWSResponse(request.url, response.status, response.headers, _RawBytes(response.body))


def attach(client: Any) -> Any:
    """Make a client created before pytest_sqsmock was imported answer from the mock too."""
    events = client.meta.events
    events.register(PARAMS_EVENT, _remember_params, unique_id=_UNIQUE_ID + "-params")
    events.register(EVENT, _before_call, unique_id=_UNIQUE_ID)
    events.register(SEND_EVENT, _before_send, unique_id=_UNIQUE_ID + "-send")
    return client


def _install() -> None:
    for entry in (
        (PARAMS_EVENT, _remember_params),
        (EVENT, _before_call),
        (SEND_EVENT, _before_send),
    ):
        if entry not in handlers.BUILTIN_HANDLERS:
            handlers.BUILTIN_HANDLERS.append(entry)
    _guard_instance_metadata()


def _guard_instance_metadata() -> None:
    """Keep credential and region lookups off the network while a mock is active.

    Creating a client resolves credentials, and with none configured botocore asks the EC2
    instance metadata service (169.254.169.254), which costs seconds and touches the network.
    While a mock answers, SQS calls need no credentials, so the metadata service reads as
    unavailable; outside a mock botocore behaves exactly as before. Every metadata request
    starts with ``IMDSFetcher._assert_enabled``, so guarding it guards them all.
    """
    fetcher = botocore_utils.IMDSFetcher
    original = fetcher._assert_enabled
    if getattr(original, "_sqsmock_guard", False):
        return

    def _assert_enabled(self: Any) -> None:
        if _target is not None:
            raise self._RETRIES_EXCEEDED_ERROR_CLS()
        original(self)

    _assert_enabled._sqsmock_guard = True  # type: ignore[attr-defined]
    fetcher._assert_enabled = _assert_enabled


_install()
