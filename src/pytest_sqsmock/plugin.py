"""The pytest plugin: fixtures ``sqs_mock``, ``sqs_clock`` and ``sqs_client``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .clock import Clock
from .mock import SqsMock


@pytest.fixture
def sqs_mock() -> Iterator[SqsMock]:
    """Return a started SqsMock, fresh for this test and stopped after it."""
    mock = SqsMock().start()
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
