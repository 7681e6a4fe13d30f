"""Fixtures for the asyncio tests: async clients answered by the mock, and no network at all.

The tests run on anyio's pytest plugin (``pytestmark = pytest.mark.anyio``), on asyncio only:
aiobotocore is asyncio-only. Every test here runs without AWS credentials, AWS config files or
network access: an autouse fixture empties the AWS environment and refuses every outgoing
connection and DNS lookup.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiobotocore.session import get_session

from pytest_sqsmock import SqsMock

from ..api.helpers import refuse_network

AWS_ENV = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
)


@pytest.fixture(autouse=True)
def network_attempts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[object]:
    """Remove AWS credentials and config, refuse every connection; return the attempts made."""
    for name in AWS_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "missing" / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "missing" / "credentials"))
    return refuse_network(monkeypatch)


@pytest.fixture
def anyio_backend() -> str:
    """Run async tests on asyncio (aiobotocore does not support trio)."""
    return "asyncio"


@pytest.fixture
async def aio_sqs(sqs_mock: SqsMock) -> AsyncIterator[Any]:
    """Return an aiobotocore SQS client in us-east-1, answered by this test's mock."""
    async with get_session().create_client("sqs", region_name="us-east-1") as client:
        yield client


@pytest.fixture
async def aio_queue_url(aio_sqs: Any) -> str:
    """Return the URL of a fresh standard queue named ``q``, made through the async client."""
    url: str = (await aio_sqs.create_queue(QueueName="q"))["QueueUrl"]
    return url
