"""SqsMock: start and stop the simulation; decorator and context manager; call log and views."""

from __future__ import annotations

import functools
import inspect
import os
import threading
import unittest
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar, overload

from . import api
from .adapters import botocore as botocore_adapter
from .clock import Clock
from .model.backend import Backend
from .model.errors import SqsError
from .views import QueueView

__all__ = ["Call", "SqsMock", "mock_sqs"]

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

DEFAULT_REGION = "us-east-1"
DEFAULT_ACCOUNT = "123456789012"


class Call(NamedTuple):
    """One SQS call the mock answered: what was asked, and what came back."""

    operation: str
    params: dict[str, Any]
    region: str
    response: dict[str, Any] | None
    error: SqsError | None

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


@dataclass
class _State:
    """What nested mocks share: the backend and the clock."""

    backend: Backend
    clock: Clock
    users: int = 0


@dataclass
class _Active:
    """The process-wide registry of started mocks (innermost last)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    stack: list[SqsMock] = field(default_factory=list)
    state: _State | None = None
    saved_env: dict[str, str | None] = field(default_factory=dict)


_active = _Active()


@functools.lru_cache(maxsize=256)
def _context(region: str, account: str, autojump: bool) -> api.CallContext:
    return api.CallContext(region=region, account=account, autojump=autojump)


class _Router:
    """The botocore adapter's target: sends calls to the shared state, logs them to mocks."""

    def __init__(self, state: _State) -> None:
        self.state = state

    def now_seconds(self) -> float:
        return self.state.clock.now_ms() / 1000

    def handle(self, operation: str, params: dict[str, Any], region: str) -> dict[str, Any]:
        stack = _active.stack
        if stack:
            innermost = stack[-1]
            ctx = _context(region, innermost.account_id, innermost.autojump)
        else:
            ctx = _context(region, DEFAULT_ACCOUNT, False)
        try:
            result = api.dispatch(self.state.backend, self.state.clock, operation, params, ctx)
        except SqsError as error:
            call = Call(operation, params, region, None, error)
            for mock in stack:
                mock.calls.append(call)
            raise
        call = Call(operation, params, region, result, None)
        for mock in stack:
            mock.calls.append(call)
        return result


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

    Options: ``region`` (for clients that name none), ``account_id`` (the caller's account), and
    ``autojump``: a long poll on a frozen clock moves the clock to the first moment in its wait
    window when a message becomes receivable (or to the window's end) instead of returning at once.
    """

    def __init__(
        self,
        *,
        region: str | None = None,
        account_id: str = DEFAULT_ACCOUNT,
        autojump: bool = False,
    ) -> None:
        self.region = region
        self.account_id = account_id
        self.autojump = autojump
        self.calls: list[Call] = []
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
                self._set_environment()
                botocore_adapter.set_target(_Router(state))
            state.users += 1
            self._state = state
            self.calls = []
            _active.stack.append(self)
        return self

    def stop(self) -> None:
        """Stop this mock; the last one stopped lets SQS calls through to botocore again."""
        with _active.lock:
            state = self._state
            if state is None:
                return
            self._state = None
            if self in _active.stack:
                _active.stack.remove(self)
            state.users -= 1
            if state.users == 0:
                _active.state = None
                botocore_adapter.set_target(None)
                self._restore_environment()
                state.clock.release()

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
        return SqsMock(region=self.region, account_id=self.account_id, autojump=self.autojump)

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
                queue.settle(now)
                return fn(now)

        return QueueView(queue, read)

    def queues(self) -> list[QueueView]:
        """Return a view of every queue, in every region and account, sorted by name."""
        state = self._require_state()
        with state.backend.lock:
            names = sorted((q.name, q.arn) for q in state.backend.queues())
        return [self.queue(arn) for _, arn in names]

    def __iter__(self) -> Iterator[QueueView]:
        return iter(self.queues())


@overload
def mock_sqs(func: F, /) -> F: ...


@overload
def mock_sqs(
    *, region: str | None = None, account_id: str = DEFAULT_ACCOUNT, autojump: bool = False
) -> SqsMock: ...


def mock_sqs(
    func: Callable[..., Any] | type | None = None,
    /,
    *,
    region: str | None = None,
    account_id: str = DEFAULT_ACCOUNT,
    autojump: bool = False,
) -> Any:
    """Answer SQS calls in memory: a decorator (bare or called) or a context manager.

    Options are those of ``SqsMock``: ``region``, ``account_id``, ``autojump``.
    """
    mock = SqsMock(region=region, account_id=account_id, autojump=autojump)
    if func is None:
        return mock
    return mock(func)
