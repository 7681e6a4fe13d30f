"""Shared fixtures: a boto3 SQS client answered by the mock, and queue helpers."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from pytest_sqsmock import SqsMock


@pytest.fixture
def sqs(sqs_mock: SqsMock) -> Any:
    """Return a boto3 SQS client in us-east-1, answered by this test's mock."""
    return boto3.client("sqs", region_name="us-east-1")


@pytest.fixture
def queue_url(sqs: Any) -> str:
    """Return the URL of a fresh standard queue named ``q``."""
    url: str = sqs.create_queue(QueueName="q")["QueueUrl"]
    return url


@pytest.fixture
def fifo_url(sqs: Any) -> str:
    """Return the URL of a fresh FIFO queue named ``q.fifo`` (no content-based dedup)."""
    url: str = sqs.create_queue(QueueName="q.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    return url
