"""SqsMock: start and stop the simulation; decorator and context manager; call log and views."""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import os
import re
import threading
import unittest
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple, SupportsIndex, TypeVar, overload

from . import api, report
from .adapters import botocore as botocore_adapter
from .adapters.http import RequestsInterceptor, requests_loaded
from .adapters.server import LocalServer
from .clock import Clock
from .declare import parse_declarations, redrive_policy
from .model.backend import Backend, queue_arn
from .model.errors import SqsError
from .views import (
    ANY,
    MAX_LISTED,
    QueueView,
    count_of,
    criteria,
    message_matches,
    plain_attributes,
    short,
)

__all__ = ["Call", "CallLog", "SqsMock", "mock_sqs"]

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

DEFAULT_REGION = "us-east-1"
DEFAULT_ACCOUNT = "123456789012"

# Defaults for options a mock is not given; the pytest plugin fills them from ini options.
_defaults: dict[str, Any] = {"region": None, "account_id": DEFAULT_ACCOUNT, "autojump": False}

# Called with every mock that starts (the plugin records them for its failure report).
start_listeners: list[Callable[[SqsMock], None]] = []


def configure_defaults(**options: Any) -> dict[str, Any]:
    """Set defaults for ``region``, ``account_id``, ``autojump``; return the previous ones."""
    unknown = set(options) - set(_defaults)
    if unknown:
        raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
    previous = dict(_defaults)
    _defaults.update(options)
    return previous


class Call(NamedTuple):
    """One SQS call the mock answered: what was asked, and what came back."""

    operation: str
    params: dict[str, Any]
    region: str
    response: dict[str, Any] | None
    error: SqsError | None
    at: int = 0  # SQS time (epoch milliseconds) when the call began
    ended_at: int = 0  # SQS time when it returned (later than ``at`` after an autojump)

    @property
    def time(self) -> dt.datetime:
        """SQS time when the call began, as an aware UTC datetime."""
        return dt.datetime.fromtimestamp(self.at / 1000, tz=dt.timezone.utc)

    @property
    def end_time(self) -> dt.datetime:
        """SQS time when the call returned (a long poll may have moved the clock meanwhile)."""
        return dt.datetime.fromtimestamp(self.ended_at / 1000, tz=dt.timezone.utc)

    @property
    def queue_url(self) -> str | None:
        url = self.params.get("QueueUrl")
        return url if isinstance(url, str) else None

    @property
    def queue_name(self) -> str | None:
        """The queue this call was about (from QueueUrl, QueueName or SourceArn), if any."""
        url = self.queue_url
        if url:
            return url.rstrip("/").rsplit("/", 1)[-1]
        name = self.params.get("QueueName")
        if isinstance(name, str):
            return name
        arn = self.params.get("SourceArn")
        return arn.rsplit(":", 1)[-1] if isinstance(arn, str) else None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def error_code(self) -> str | None:
        """The error's ``Error.Code`` as boto3 shows it, or None for a call that succeeded."""
        return None if self.error is None else self.error.code

    def matches_queue(self, queue: str) -> bool:
        """Return whether this call was about ``queue`` (a name, a URL or an ARN).

        Whatever form the call named its queue in (QueueUrl, QueueName or SourceArn), it matches
        a name, a URL or an ARN of the same queue; the account and region are compared when both
        sides know them.
        """
        wanted = _queue_identity(queue, None)
        if wanted is None:
            return False
        about = [self._identity()]
        destination = self.params.get("DestinationArn")
        if isinstance(destination, str):  # a move task is about its destination too
            about.append(_queue_identity(destination, None))
        return any(
            own is not None
            and all(a is None or b is None or a == b for a, b in zip(wanted, own, strict=True))
            for own in about
        )

    def _identity(self) -> tuple[str | None, str | None, str] | None:
        """(region, account, name) of the queue this call was about; None parts are unknown."""
        url = self.queue_url
        if url:
            return _queue_identity(url, self.region)
        answered = (self.response or {}).get("QueueUrl")
        if isinstance(answered, str):  # CreateQueue / GetQueueUrl name the queue's full URL
            return _queue_identity(answered, self.region)
        name = self.params.get("QueueName")
        if isinstance(name, str):
            owner = self.params.get("QueueOwnerAWSAccountId")
            return (self.region, owner if isinstance(owner, str) else None, name)
        arn = self.params.get("SourceArn")
        return _queue_identity(arn, None) if isinstance(arn, str) else None


def _queue_identity(queue: str, region: str | None) -> tuple[str | None, str | None, str] | None:
    """(region, account, name) of a queue name, URL or ARN."""
    if queue.startswith("arn:"):
        parts = queue.split(":")
        return (parts[3], parts[4], parts[5]) if len(parts) == 6 else None
    if "/" in queue:
        parts = queue.rstrip("/").rsplit("/", 2)
        if len(parts) != 3:
            return None
        match = _URL_REGION.search(parts[0])
        return ((match.group(1) or match.group(2)) if match else region, parts[1], parts[2])
    return (None, None, queue)


_URL_REGION = re.compile(r"(?:sqs|sqs-fips)\.([a-z0-9-]+)\.|//([a-z]{2}-[a-z]+-\d)\.queue\.")


class CallLog(list[Call]):
    """The SQS calls a mock answered, oldest first: a list, plus filters for assertions."""

    def filter(
        self,
        operation: str | Iterable[str] | None = None,
        *,
        queue: str | None = None,
        ok: bool | None = None,
    ) -> CallLog:
        """Return the calls of ``operation`` (a name or several), about ``queue``, by outcome."""
        operations = {operation} if isinstance(operation, str) else operation
        wanted = None if operations is None else set(operations)
        return CallLog(
            call
            for call in self
            if (wanted is None or call.operation in wanted)
            and (queue is None or call.matches_queue(queue))
            and (ok is None or call.ok == ok)
        )

    @property
    def operations(self) -> list[str]:
        """The operation name of every call, in order."""
        return [call.operation for call in self]

    @property
    def failed(self) -> CallLog:
        """The calls that returned an error."""
        return self.filter(ok=False)

    @overload
    def __getitem__(self, index: SupportsIndex) -> Call: ...

    @overload
    def __getitem__(self, index: slice) -> CallLog: ...

    def __getitem__(self, index: SupportsIndex | slice) -> Call | CallLog:
        if isinstance(index, slice):
            return CallLog(super().__getitem__(index))
        return super().__getitem__(index)


@dataclass
class _State:
    """What nested mocks share: the backend and the clock."""

    backend: Backend
    clock: Clock
    users: int = 0
    server: LocalServer | None = None
    requests: RequestsInterceptor | None = None


@dataclass
class _Active:
    """The process-wide registry of started mocks (innermost last)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    stack: list[SqsMock] = field(default_factory=list)
    state: _State | None = None
    saved_env: dict[str, str | None] = field(default_factory=dict)
    wire: bool = False  # the innermost mock's wire option, kept current as mocks start and stop


_active = _Active()


@functools.lru_cache(maxsize=256)
def _context(region: str, account: str, autojump: bool) -> api.CallContext:
    return api.CallContext(region=region, account=account, autojump=autojump)


def _refresh_wire() -> None:
    """Keep ``_active.wire`` equal to the innermost active mock's ``wire`` option."""
    stack = _active.stack
    _active.wire = bool(stack) and stack[-1].wire


# Only a long poll can take time (waiting, or an autojump moving the clock).
_MAY_MOVE_TIME = frozenset({"ReceiveMessage"})


class _Router:
    """The botocore adapter's target: sends calls to the shared state, logs them to mocks."""

    def __init__(self, state: _State) -> None:
        self.state = state

    @property
    def wire(self) -> bool:
        """Whether the innermost active mock answers at ``before-send``."""
        return _active.wire

    def handle(self, operation: str, params: dict[str, Any], region: str) -> dict[str, Any]:
        # The mocks active as the call starts get it in their log, even if it ends after they
        # stop (a long poll in another thread), and never a mock started meanwhile.
        stack = tuple(_active.stack)
        if stack:
            innermost = stack[-1]
            ctx = innermost._contexts.get(region) or innermost._context_for(region)
        else:
            ctx = _context(region, DEFAULT_ACCOUNT, False)
        backend = self.state.backend
        clock = self.state.clock
        with backend.lock:  # a long poll's wait releases it
            at = clock.now_ms()
            try:
                result = api.dispatch_locked(backend, clock, operation, params, ctx, at)
            except SqsError as error:
                ended = clock.now_ms() if operation in _MAY_MOVE_TIME else at
                call = _tuple_new(Call, (operation, params, region, None, error, at, ended))
                for mock in stack:
                    mock.calls.append(call)
                raise
            ended = clock.now_ms() if operation in _MAY_MOVE_TIME else at
            call = _tuple_new(Call, (operation, params, region, result, None, at, ended))
            for mock in stack:
                mock.calls.append(call)
            return result


# Makes a Call from its fields in order, without NamedTuple's keyword-handling __new__.
_tuple_new: Any = tuple.__new__


# memo: region from the AWS config file, per (config file, profile) the environment names
_configured_region: dict[tuple[str | None, ...], str | None] = {}
_CONFIG_ENV = ("AWS_CONFIG_FILE", "AWS_PROFILE", "AWS_DEFAULT_PROFILE")


def _config_file_region() -> str | None:
    key = tuple(os.environ.get(name) for name in _CONFIG_ENV)
    if key not in _configured_region:
        try:
            import botocore.session

            region = botocore.session.Session().get_config_variable("region")
        except Exception:  # a broken config file must not break the mock
            region = None
        _configured_region[key] = region
    return _configured_region[key]


class SqsMock:
    """An in-memory SQS answering every botocore SQS call while started.

    Use as ``@mock_sqs`` / ``@mock_sqs(...)`` on functions, async functions and classes, or as
    ``with mock_sqs() as sqs:``. A mock started while another is active shares its state.

    Options (each defaults to the pytest ini option of the same name, ``sqsmock_<option>``):

    - ``region``: the region of clients that name none (else AWS_DEFAULT_REGION, the AWS config
      file, then us-east-1) and of ``queues``;
    - ``account_id``: the caller's account (in queue URLs and ARNs);
    - ``autojump``: a long poll on a frozen clock moves the clock to the first moment in its wait
      window when a message becomes receivable (or to the window's end) instead of returning at
      once;
    - ``queues``: queues to create as the mock starts (see ``pytest_sqsmock.declare``);
    - ``wire``: answer at botocore's ``before-send`` instead of ``before-call``, so botocore's
      whole path runs (serialization, signing, HTTP parsing, retries). Clients then need
      credentials: if the environment has none, the mock sets dummy ones while it runs.
    """

    def __init__(
        self,
        *,
        region: str | None = None,
        account_id: str | None = None,
        autojump: bool | None = None,
        queues: Iterable[object] | None = None,
        wire: bool = False,
    ) -> None:
        self._wire = wire
        self._saved_credentials: dict[str, str | None] | None = None
        self.region: str | None = region if region is not None else _defaults["region"]
        self._contexts: dict[str, api.CallContext] = {}  # by region, for this mock's calls
        self._account_id: str = account_id if account_id is not None else _defaults["account_id"]
        self._autojump: bool = autojump if autojump is not None else _defaults["autojump"]
        self.declared = parse_declarations(queues)
        self.calls = CallLog()
        self.started_at: int | None = None  # SQS time (epoch ms) when this mock last started
        self.final_summary: str | None = None  # queue contents as the mock stopped, if asked
        self.summarize_on_stop = False
        self.outermost = True
        self._state: _State | None = None

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> SqsMock:
        """Start answering SQS calls; return self."""
        with _active.lock:
            if self._state is not None:
                raise RuntimeError("This SqsMock is already started; stop() it first.")
            state = _active.state
            if state is None:
                state = _active.state = _State(Backend(self.account_id), Clock())
                state.clock.on_advance(state.backend.wake)  # polls in other threads re-check
                self._set_environment()
                router = _Router(state)
                botocore_adapter.set_target(router)
                if requests_loaded():
                    state.requests = RequestsInterceptor(router.handle, self.default_region)
            state.users += 1
            self._state = state
            self.calls = CallLog()
            self.final_summary = None
            self.started_at = state.clock.now_ms()
            self.outermost = state.users == 1  # False when sharing an enclosing mock's state
            _active.stack.append(self)
            _refresh_wire()
        if self.wire:
            self._set_dummy_credentials()
        try:
            for declaration in self.declared:
                self._create_declared(
                    declaration.name,
                    declaration.attributes,
                    declaration.tags,
                    declaration.dead_letter,
                )
        except BaseException:
            self.stop()
            raise
        for listener in start_listeners:
            listener(self)
        return self

    def stop(self) -> None:
        """Stop this mock; the last one stopped lets SQS calls through to botocore again."""
        if self._state is not None and self.summarize_on_stop:
            self.final_summary = self.summary()
        self._restore_credentials()
        with _active.lock:
            state = self._state
            if state is None:
                return
            self._state = None
            if self in _active.stack:
                _active.stack.remove(self)
                _refresh_wire()
            state.users -= 1
            if state.users == 0:
                _active.state = None
                botocore_adapter.set_target(None)
                self._restore_environment()
                state.clock.release()
                state.backend.close()  # long polls in other threads end now, empty
                server, state.server = state.server, None
                if server is not None:
                    server.close()
                interceptor, state.requests = state.requests, None
                if interceptor is not None:
                    interceptor.stop()

    _CREDENTIAL_ENV = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")

    def _set_dummy_credentials(self) -> None:
        """Wire mode signs requests: give clients credentials if the environment has none."""
        if all(os.environ.get(name) for name in self._CREDENTIAL_ENV):
            return
        self._saved_credentials = {name: os.environ.get(name) for name in self._CREDENTIAL_ENV}
        os.environ["AWS_ACCESS_KEY_ID"] = "AKIASQSMOCKTESTING00"
        os.environ["AWS_SECRET_ACCESS_KEY"] = "pytest-sqsmock-wire-mode-dummy-secret"

    def _restore_credentials(self) -> None:
        saved, self._saved_credentials = self._saved_credentials, None
        for name, value in (saved or {}).items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    def _set_environment(self) -> None:
        """Give clients created without a region one, if nothing else configures it."""
        _active.saved_env = {}
        if os.environ.get("AWS_DEFAULT_REGION") or _config_file_region():
            return
        # botocore never reads AWS_REGION (other SDKs do): honour it, else the mock's region.
        region = os.environ.get("AWS_REGION") or self.region or DEFAULT_REGION
        _active.saved_env["AWS_DEFAULT_REGION"] = os.environ.get("AWS_DEFAULT_REGION")
        os.environ["AWS_DEFAULT_REGION"] = region

    @staticmethod
    def _restore_environment() -> None:
        for key, value in _active.saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        _active.saved_env = {}

    def __enter__(self) -> SqsMock:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _copy(self) -> SqsMock:
        copy = SqsMock(
            region=self.region, account_id=self.account_id, autojump=self.autojump, wire=self.wire
        )
        copy.declared = self.declared
        return copy

    # -- decorator ----------------------------------------------------------------------------

    def __call__(self, target: T) -> T:
        """Decorate a function, an async function or a class: each call runs in a fresh mock."""
        if isinstance(target, type):
            return self._decorate_class(target)  # type: ignore[return-value]
        if not callable(target):
            raise TypeError(f"mock_sqs cannot decorate {target!r}")
        return self._decorate_callable(target)  # type: ignore[return-value]

    def _decorate_callable(self, func: Callable[..., Any]) -> Callable[..., Any]:
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                with self._copy():
                    return await func(*args, **kwargs)

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self._copy():
                return func(*args, **kwargs)

        return wrapper

    def _decorate_class(self, cls: type) -> type:
        if issubclass(cls, unittest.TestCase):
            original_setup = cls.setUp
            template = self

            def setUp(case: unittest.TestCase) -> None:  # unittest's name
                mock = template._copy().start()
                case.addCleanup(mock.stop)
                original_setup(case)

            cls.setUp = setUp  # type: ignore[method-assign,assignment]
            return cls
        for name, value in list(vars(cls).items()):
            if name.startswith("test") and callable(value):
                setattr(cls, name, self._decorate_callable(value))
        return cls

    # -- state for assertions -----------------------------------------------------------------

    @property
    def wire(self) -> bool:
        """Whether calls are answered at botocore's ``before-send`` (see the class docstring)."""
        return self._wire

    @wire.setter
    def wire(self, value: bool) -> None:
        self._wire = value
        _refresh_wire()

    @property
    def account_id(self) -> str:
        """The caller's account id (in queue URLs and ARNs)."""
        return self._account_id

    @account_id.setter
    def account_id(self, value: str) -> None:
        self._account_id = value
        self._contexts.clear()

    @property
    def autojump(self) -> bool:
        """Whether a long poll on a frozen clock moves the clock (settable during a test)."""
        return self._autojump

    @autojump.setter
    def autojump(self, value: bool) -> None:
        self._autojump = value
        self._contexts.clear()

    def _context_for(self, region: str) -> api.CallContext:
        ctx = self._contexts[region] = _context(region, self.account_id, self.autojump)
        return ctx

    @property
    def active(self) -> bool:
        """Whether this mock is started (answering SQS calls)."""
        return self._state is not None

    def _require_state(self) -> _State:
        if self._state is None:
            raise RuntimeError(
                "This SqsMock is not started: use it inside `with mock_sqs() as sqs:` or the "
                "sqs_mock fixture."
            )
        return self._state

    @property
    def clock(self) -> Clock:
        """SQS time: ``now()`` and ``advance(seconds | timedelta)``."""
        return self._require_state().clock

    @property
    def backend(self) -> Backend:
        return self._require_state().backend

    def queue(self, name_or_url: str) -> QueueView:
        """Return a read-only view of a queue, by name, URL or ARN."""
        state = self._require_state()
        with state.backend.lock:
            queue = state.backend.find(name_or_url, self.region)
            if queue is None:
                known = sorted(q.name for q in state.backend.queues())
                raise LookupError(
                    f"No SQS queue {name_or_url!r} in this mock. Queues: {known or 'none'}."
                )

        def read(fn: Callable[[int], T]) -> T:
            with state.backend.lock:
                now = state.clock.now_ms()
                state.backend.settle_tasks(now)  # move-task progress is due by time too
                queue.settle(now)
                return fn(now)

        return QueueView(queue, read, self.queue)

    def queues(self) -> list[QueueView]:
        """Return a view of every queue, in every region and account, sorted by name."""
        state = self._require_state()
        with state.backend.lock:
            names = sorted((q.name, q.arn) for q in state.backend.queues())
        return [self.queue(arn) for _, arn in names]

    def __iter__(self) -> Iterator[QueueView]:
        return iter(self.queues())

    # -- other ways in ------------------------------------------------------------------------

    def serve(self, port: int = 0) -> str:
        """Serve this mock's SQS over HTTP on 127.0.0.1; return the endpoint URL.

        For subprocesses, the AWS CLI and other languages: point their endpoint URL at it. Both
        wire protocols (JSON and query); queue URLs in responses point back at the server. One
        server per mock state (calling again returns the same URL); it stops with the mock.
        ``port`` 0 picks a free port.
        """
        state = self._require_state()
        with _active.lock:
            if state.server is None:
                router = _Router(state)
                state.server = LocalServer(router.handle, self.default_region, port=port)
            elif port and not state.server.url.endswith(f":{port}"):
                raise RuntimeError(
                    f"This mock already serves on {state.server.url}; stop it to use port {port}."
                )
            return state.server.url

    # -- setting up ---------------------------------------------------------------------------

    @property
    def default_region(self) -> str:
        """The region of declared queues and ``sqs_client``: the mock's, else clients' default."""
        return (
            self.region
            or os.environ.get("AWS_DEFAULT_REGION")
            or _config_file_region()
            or DEFAULT_REGION
        )

    def create_queue(
        self,
        name: str,
        attributes: dict[str, Any] | None = None,
        tags: dict[str, str] | None = None,
        *,
        dead_letter: int | dict[str, Any] | None = None,
    ) -> QueueView:
        """Create a queue (and its dead-letter queue) as CreateQueue would; return its view.

        Takes the same forms as a ``queues=[...]`` entry; not recorded in ``calls``.
        """
        spec: dict[str, Any] = {"QueueName": name, "Attributes": attributes, "tags": tags}
        if dead_letter is not None:
            spec["dead_letter"] = dead_letter
        last = None
        for declaration in parse_declarations([spec]):
            last = self._create_declared(
                declaration.name, declaration.attributes, declaration.tags, declaration.dead_letter
            )
        assert last is not None
        return self.queue(last)

    def _create_declared(
        self,
        name: str,
        attributes: dict[str, str],
        tags: dict[str, str],
        dead_letter: tuple[str, int] | None,
    ) -> str:
        state = self._require_state()
        region = self.default_region
        if dead_letter is not None:
            dlq_name, count = dead_letter
            dlq_arn = queue_arn(region, self.account_id, dlq_name)
            attributes = {**attributes, "RedrivePolicy": redrive_policy(dlq_arn, count)}
        params: dict[str, Any] = {"QueueName": name}
        if attributes:
            params["Attributes"] = attributes
        if tags:
            params["tags"] = tags
        ctx = api.CallContext(region=region, account=self.account_id)
        try:
            result = api.dispatch(state.backend, state.clock, "CreateQueue", params, ctx)
        except SqsError as error:
            raise ValueError(
                f"cannot create queue {name!r}: {error.code}: {error.message}"
            ) from None
        url: str = result["QueueUrl"]
        return url

    # -- assertions ---------------------------------------------------------------------------

    def sent(self, queue: str) -> list[dict[str, Any]]:
        """Every message accepted for ``queue`` (SendMessage and batch entries), in order.

        Each is the request entry (``MessageBody``, ``MessageAttributes``, ...) plus the
        ``MessageId`` SQS returned.
        """
        sent: list[dict[str, Any]] = []
        for call in self.calls.filter(("SendMessage", "SendMessageBatch"), queue=queue, ok=True):
            assert call.response is not None
            if call.operation == "SendMessage":
                sent.append({**call.params, "MessageId": call.response.get("MessageId")})
                continue
            ids = {e["Id"]: e.get("MessageId") for e in call.response.get("Successful", [])}
            for entry in call.params.get("Entries", []):
                if entry.get("Id") in ids:
                    sent.append({**entry, "MessageId": ids[entry["Id"]]})
        return sent

    def assert_sent(
        self,
        queue: str,
        body: Any = ANY,
        *,
        json: Any = ANY,
        attributes: dict[str, Any] | None = None,
        group_id: Any = ANY,
        count: int | None = None,
    ) -> None:
        """Assert a message was sent to ``queue`` matching every criterion given.

        ``count``: exactly that many matching messages were sent (default: at least one).
        ``attributes``: message attributes that must be present, by value (``{"type": "a"}``).
        """
        __tracebackhide__ = True
        sent = self.sent(queue)
        matching = [
            m
            for m in sent
            if message_matches(
                m.get("MessageBody"),
                _message_attributes(m),
                m.get("MessageGroupId"),
                body_wanted=body,
                json_value=json,
                attributes_wanted=attributes,
                group_id=group_id,
            )
        ]
        if (count is None and matching) or len(matching) == count:
            return
        wanted = criteria(body, json, attributes, group_id)
        if count is None:
            head = f"Expected a message sent to queue {queue!r}{wanted}, but "
        else:
            head = (
                f"Expected {count} message{'s' if count != 1 else ''} sent to queue {queue!r}"
                f"{wanted}, found {len(matching)}; "
            )
        if not sent:
            raise AssertionError(head + "nothing was sent to it.")
        lines = [
            f"  [{i}] body={short(m.get('MessageBody'))}"
            + (
                f"  attributes={plain_attributes(_message_attributes(m))}"
                if m.get("MessageAttributes")
                else ""
            )
            + (f"  group={m['MessageGroupId']!r}" if m.get("MessageGroupId") else "")
            for i, m in enumerate(sent[:MAX_LISTED])
        ]
        if len(sent) > MAX_LISTED:
            lines.append(f"  ... and {len(sent) - MAX_LISTED} more")
        listing = f"the {count_of(len(sent), 'message')} sent to it"
        if count is None:  # "but none of the 3 messages sent to it matches:"
            listing = f"none of {listing} matches"
        raise AssertionError(head + listing + ":\n" + "\n".join(lines))

    def assert_no_errors(self) -> None:
        """Assert that every SQS call made in this mock succeeded."""
        __tracebackhide__ = True
        failed = self.calls.failed
        if not failed:
            return
        lines = [report.format_call(call, self.started_at) for call in failed]
        raise AssertionError(
            f"Expected no SQS errors, but {count_of(len(failed), 'call')} failed:\n"
            + "\n".join("  " + line for line in lines)
        )

    def summary(self) -> str:
        """Describe every queue and its messages (the report's "SQS queues" section)."""
        state = self._require_state()
        with state.backend.lock:
            queues = sorted(state.backend.queues(), key=lambda q: (q.name, q.arn))
        return report.format_queues([self.queue(q.arn) for q in queues])


def _message_attributes(entry: dict[str, Any]) -> dict[str, Any]:
    attributes = entry.get("MessageAttributes")
    return attributes if isinstance(attributes, dict) else {}


@overload
def mock_sqs(func: F, /) -> F: ...


@overload
def mock_sqs(
    *,
    region: str | None = None,
    account_id: str | None = None,
    autojump: bool | None = None,
    queues: Iterable[object] | None = None,
    wire: bool = False,
) -> SqsMock: ...


def mock_sqs(
    func: Callable[..., Any] | type | None = None,
    /,
    *,
    region: str | None = None,
    account_id: str | None = None,
    autojump: bool | None = None,
    queues: Iterable[object] | None = None,
    wire: bool = False,
) -> Any:
    """Answer SQS calls in memory: a decorator (bare or called) or a context manager.

    Options are those of ``SqsMock``: ``region``, ``account_id``, ``autojump``, ``queues``,
    ``wire``.
    """
    mock = SqsMock(
        region=region, account_id=account_id, autojump=autojump, queues=queues, wire=wire
    )
    if func is None:
        return mock
    return mock(func)
