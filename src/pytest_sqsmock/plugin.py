"""The pytest plugin: fixtures ``sqs_mock``, ``sqs_clock`` and ``sqs_client``; the marker."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import pytest

from .clock import Clock
from .mock import SqsMock

_MARKER_HELP = (
    "sqs_mock(**options): options for the sqs_mock fixture, as for mock_sqs(...): "
    "region=, account_id=, autojump=. The closest marker wins."
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", _MARKER_HELP)


def _marker_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    marker = request.node.get_closest_marker("sqs_mock")
    if marker is None:
        return {}
    if marker.args:
        raise pytest.UsageError(
            f"@pytest.mark.sqs_mock takes keyword options only, got positional {marker.args!r}"
        )
    known = set(inspect.signature(SqsMock).parameters)
    unknown = sorted(set(marker.kwargs) - known)
    if unknown:
        raise pytest.UsageError(
            f"@pytest.mark.sqs_mock got unknown option(s) {', '.join(unknown)}; "
            f"known: {', '.join(sorted(known))}"
        )
    return dict(marker.kwargs)


@pytest.fixture
def sqs_mock(request: pytest.FixtureRequest) -> Iterator[SqsMock]:
    """Return a started SqsMock, fresh for this test and stopped after it.

    Options come from the closest ``@pytest.mark.sqs_mock(...)`` marker, if any.
    """
    mock = SqsMock(**_marker_options(request)).start()
    try:
        yield mock
    finally:
        mock.stop()


@pytest.fixture
def sqs_clock(sqs_mock: SqsMock) -> Clock:
    """Return the mock's clock, with time frozen at the test's start."""
    sqs_mock.clock.freeze()
    return sqs_mock.clock


@pytest.fixture
def sqs_client(sqs_mock: SqsMock) -> Any:
    """Return a botocore SQS client (same API as ``boto3.client("sqs")``) bound to the mock."""
    import botocore.session

    session = botocore.session.get_session()
    return session.create_client("sqs", region_name=sqs_mock.region or "us-east-1")
