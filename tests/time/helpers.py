"""Helpers shared by the time-travel tests: a fixed start, real elapsed time, queue shortcuts."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import freezegun.api

from pytest_sqsmock import SqsMock

from ..api.helpers import counters

__all__ = ["counters"]  # re-exported: one GetQueueAttributes counters helper for all tests

UTC = dt.timezone.utc
T0 = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
T0_MS = int(T0.timestamp()) * 1000


def real_seconds() -> float:
    """Return real monotonic seconds, whatever freezegun or time-machine fake.

    freezegun fakes time.monotonic while a freeze is active (time-machine leaves it alone), and
    on start it swaps every module attribute that *is* the real function for its fake, so the
    saved original is looked up through ``freezegun.api`` at each call, never kept here.
    """
    return freezegun.api.real_monotonic()


def real_time() -> float:
    """Return the real wall-clock time, whatever freezegun fakes (see ``real_seconds``)."""
    return freezegun.api.real_time()


class TimeControl:
    """A frozen clock started the way a user would, and moved the way that user would move it.

    ``advance`` uses the tool that froze time (freezegun's ``tick``, time-machine's ``shift``,
    or the mock's own ``clock.advance``); ``mock_advance`` always uses ``sqs_mock.clock``.
    """

    def __init__(self, mode: str, mock: SqsMock, advance: Callable[[dt.timedelta], None]) -> None:
        self.mode = mode
        self.mock = mock
        self._advance = advance
        self.start_ms = mock.clock.now_ms()

    def __repr__(self) -> str:
        return f"TimeControl({self.mode})"

    def advance(self, seconds: float) -> None:
        """Move time forward the user's way, by ``seconds`` (may be fractional)."""
        self._advance(dt.timedelta(seconds=seconds))

    def mock_advance(self, seconds: float) -> None:
        """Move time forward through ``sqs_mock.clock.advance``."""
        self.mock.clock.advance(seconds)

    def now_ms(self) -> int:
        """Return SQS time in epoch milliseconds."""
        return self.mock.clock.now_ms()

    def elapsed_ms(self) -> int:
        """Return how far SQS time moved since the clock was frozen, in milliseconds."""
        return self.now_ms() - self.start_ms


def receive(sqs: Any, url: str, **kwargs: Any) -> list[dict[str, Any]]:
    """Return the messages of one ReceiveMessage call (an empty list when there are none)."""
    response = sqs.receive_message(QueueUrl=url, **kwargs)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    messages: list[dict[str, Any]] = response.get("Messages", [])
    return messages


def bodies(messages: list[dict[str, Any]]) -> list[str]:
    return [m["Body"] for m in messages]


def make_queue(sqs: Any, name: str, **attributes: str) -> str:
    """Create a queue (FIFO when the name ends in .fifo) and return its URL."""
    if name.endswith(".fifo"):
        attributes = {"FifoQueue": "true", **attributes}
    url: str = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    return url


def arn(sqs: Any, url: str) -> str:
    value: str = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    return value


def source_with_dlq(
    sqs: Any,
    max_receive_count: int,
    *,
    source: str = "src",
    dlq: str = "dlq",
    dlq_attributes: dict[str, str] | None = None,
    **source_attributes: str,
) -> tuple[str, str]:
    """Create a DLQ and a source queue that dead-letters into it; return (source, DLQ) URLs."""
    dlq_url = make_queue(sqs, dlq, **(dlq_attributes or {}))
    policy = json.dumps(
        {"deadLetterTargetArn": arn(sqs, dlq_url), "maxReceiveCount": max_receive_count}
    )
    source_url = make_queue(sqs, source, RedrivePolicy=policy, **source_attributes)
    return source_url, dlq_url
