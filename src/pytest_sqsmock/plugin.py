"""The pytest plugin: fixtures, the ``sqs_mock`` marker, ini options and the failure report."""

from __future__ import annotations

import inspect
from collections.abc import Generator, Iterator
from typing import Any

import pytest

from . import mock as mock_module
from .clock import Clock
from .mock import SqsMock
from .report import format_calls

_MARKER_HELP = (
    "sqs_mock(region=None, account_id=None, autojump=False, queues=[...], wire=False): run the "
    "test inside the sqs_mock fixture (requested or not), with options as for mock_sqs(...); "
    "queues are names (.fifo makes a FIFO queue) or dicts with "
    "QueueName/Attributes/tags/dead_letter, created before the test. The closest marker wins."
)
_REPORT_CHOICES = ("all", "calls", "off")

_recorded = pytest.StashKey[list[SqsMock]]()
_report_mode = pytest.StashKey[str]()
_saved_defaults = pytest.StashKey[dict[str, Any]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("sqsmock", "pytest-sqsmock: Amazon SQS in memory")
    group.addoption(
        "--sqsmock-report",
        choices=_REPORT_CHOICES,
        default=None,
        help="on a failing test, show its SQS calls and queue contents (all), only the calls "
        "(calls), or nothing (off). Default: the sqsmock_report ini option, else all.",
    )
    parser.addini("sqsmock_region", "default region of every SQS mock (default: us-east-1)")
    parser.addini(
        "sqsmock_account_id", "default account id of every SQS mock (default: 123456789012)"
    )
    parser.addini(
        "sqsmock_autojump",
        "long polls on a frozen clock move the clock instead of returning at once",
        type="bool",
        default=False,
    )
    parser.addini(
        "sqsmock_report",
        "failure report sections: all (SQS calls and queues), calls, or off",
        default="all",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", _MARKER_HELP)
    mode = config.getoption("sqsmock_report") or str(config.getini("sqsmock_report")).strip()
    if mode not in _REPORT_CHOICES:
        raise pytest.UsageError(
            f"sqsmock_report must be one of {', '.join(_REPORT_CHOICES)}, not {mode!r}"
        )
    config.stash[_report_mode] = mode
    defaults: dict[str, Any] = {"autojump": bool(config.getini("sqsmock_autojump"))}
    region = str(config.getini("sqsmock_region")).strip()
    if region:
        defaults["region"] = region
    account = str(config.getini("sqsmock_account_id")).strip()
    if account:
        if not (account.isdigit() and len(account) == 12):
            raise pytest.UsageError(f"sqsmock_account_id must be 12 digits, not {account!r}")
        defaults["account_id"] = account
    config.stash[_saved_defaults] = mock_module.configure_defaults(**defaults)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give every test under the marker the ``sqs_mock`` fixture, whether it asks for it or not.

    A marked test that only uses ``boto3`` must not reach the real AWS. The fixture takes the
    place it would have as the test's first argument: after wider-scoped and autouse fixtures
    (one setting ``AWS_DEFAULT_REGION`` still applies to the mock), before the test's own.
    """
    for item in items:
        names = getattr(item, "fixturenames", None)
        if (
            isinstance(names, list)
            and "sqs_mock" not in names
            and item.get_closest_marker("sqs_mock") is not None
        ):
            position = _first_own_fixture(item, names)
            # a list of its own: the cases of a parametrized test share one, and only this
            # case may be marked (pytest.param(..., marks=pytest.mark.sqs_mock))
            item.fixturenames = [*names[:position], "sqs_mock", *names[position:]]  # type: ignore[attr-defined]


def _first_own_fixture(item: pytest.Item, names: list[str]) -> int:
    """Return the index of the first function-scoped fixture the test itself asks for."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return len(names)
    requested = set(info.argnames)
    for marker in item.iter_markers("usefixtures"):
        requested.update(marker.args)
    for index, name in enumerate(names):
        definitions = info.name2fixturedefs.get(name)
        if name in requested and definitions and definitions[-1].scope == "function":
            return index
    return len(names)


def pytest_unconfigure(config: pytest.Config) -> None:
    saved = config.stash.get(_saved_defaults, None)
    if saved is not None:
        mock_module.configure_defaults(**saved)


# -- the failure report ---------------------------------------------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None]:
    mode = item.config.stash.get(_report_mode, "all")
    if mode == "off":
        return (yield)
    recorded: list[SqsMock] = []
    item.stash[_recorded] = recorded

    def on_start(started: SqsMock) -> None:
        recorded.append(started)
        started.summarize_on_stop = mode == "all" and started.outermost

    mock_module.start_listeners.append(on_start)
    try:
        return (yield)
    finally:
        mock_module.start_listeners.remove(on_start)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    recorded = item.stash.get(_recorded, None)
    if not recorded or not report.failed:
        return report
    mode = item.config.stash.get(_report_mode, "all")
    calls: list[Any] = []
    for started in recorded:
        calls.extend(started.calls if started.outermost else [])
    calls.sort(key=lambda c: c.at)
    started_at = min((m.started_at for m in recorded if m.started_at is not None), default=None)
    report.sections.append(("SQS calls", format_calls(calls, started_at)))
    if mode == "all":
        summaries = []
        for started in recorded:
            if not started.outermost:
                continue
            summary = started.summary() if started.active else started.final_summary
            if summary:
                summaries.append(summary)
        if summaries:
            report.sections.append(("SQS queues", "\n".join(summaries)))
    return report


# -- fixtures -------------------------------------------------------------------------------------


def _marker_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    marker = request.node.get_closest_marker("sqs_mock")
    if marker is None:
        return {}
    if marker.args:
        pytest.fail(
            f"@pytest.mark.sqs_mock takes keyword options only, got positional {marker.args!r}",
            pytrace=False,
        )
    known = set(inspect.signature(SqsMock).parameters)
    unknown = sorted(set(marker.kwargs) - known)
    if unknown:
        pytest.fail(
            f"@pytest.mark.sqs_mock got unknown option(s) {', '.join(unknown)}; "
            f"known: {', '.join(sorted(known))}",
            pytrace=False,
        )
    return dict(marker.kwargs)


@pytest.fixture
def sqs_mock(request: pytest.FixtureRequest) -> Iterator[SqsMock]:
    """Return a started SqsMock, fresh for this test and stopped after it.

    Options (and queues to create) come from the closest ``@pytest.mark.sqs_mock(...)``.
    """
    options = _marker_options(request)
    try:
        mock = SqsMock(**options).start()
    except (TypeError, ValueError) as error:
        if not options:
            raise
        # a bad queue declaration or attribute: the user's mistake, not an internal traceback
        raise pytest.fail.Exception(f"@pytest.mark.sqs_mock: {error}", pytrace=False) from None
    try:
        yield mock
    finally:
        mock.stop()


@pytest.fixture
def sqs_clock(sqs_mock: SqsMock) -> Clock:
    """Return the mock's clock, with time frozen at the test's start."""
    sqs_mock.clock.freeze()
    sqs_mock.started_at = sqs_mock.clock.now_ms()  # report offsets count from the freeze
    return sqs_mock.clock


@pytest.fixture
def sqs_client(sqs_mock: SqsMock) -> Any:
    """Return a botocore SQS client (same API as ``boto3.client("sqs")``) bound to the mock."""
    import botocore.session

    session = botocore.session.get_session()
    return session.create_client("sqs", region_name=sqs_mock.default_region)


@pytest.fixture
def sqs_server(sqs_mock: SqsMock) -> str:
    """Return the endpoint URL of a local SQS server on the mock's state (``sqs_mock.serve()``).

    Point subprocesses, the AWS CLI or other languages' clients at it (``--endpoint-url``); it
    stops with the test's mock.
    """
    return sqs_mock.serve()
