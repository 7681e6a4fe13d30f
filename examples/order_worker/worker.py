"""Order worker: receive orders from SQS, hand each to a handler, delete the ones that succeed.

A failed order is not deleted, so SQS delivers it again once its visibility timeout ends; after
the queue's ``maxReceiveCount`` receives SQS moves it to the dead-letter queue (see infra.py).
With a ``backoff`` the worker sets that timeout itself, growing with each failed attempt.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

__all__ = [
    "BatchResult",
    "Order",
    "exponential_backoff",
    "process_batch",
]

logger = logging.getLogger(__name__)

MAX_VISIBILITY_TIMEOUT = 12 * 60 * 60  # SQS refuses longer visibility timeouts


@dataclass(frozen=True)
class Order:
    """One order as the handler sees it."""

    message_id: str
    data: dict[str, Any]
    attributes: dict[str, str]  # message attributes with a string value, by name
    receive_count: int  # 1 on the first delivery


Handler = Callable[[Order], None]
Backoff = Callable[[int], int]  # receive count -> seconds before the next attempt


@dataclass
class BatchResult:
    """What one ``process_batch`` call did, by MessageId."""

    processed: list[str] = field(default_factory=list)  # handled and deleted
    failed: list[str] = field(default_factory=list)  # handler raised; left for redelivery
    malformed: list[str] = field(default_factory=list)  # not a JSON object; never handled

    @property
    def received(self) -> int:
        return len(self.processed) + len(self.failed) + len(self.malformed)


def exponential_backoff(base: int = 10, cap: int = 15 * 60) -> Backoff:
    """Return a backoff that waits ``base * 2**(n-1)`` seconds after the n-th failure, at most
    ``cap``."""
    if not 0 <= cap <= MAX_VISIBILITY_TIMEOUT:
        raise ValueError(f"cap must be between 0 and {MAX_VISIBILITY_TIMEOUT} seconds")

    def delay(receive_count: int) -> int:
        return int(min(cap, base * 2 ** max(receive_count - 1, 0)))

    return delay


def _decode(message: dict[str, Any]) -> Order | None:
    try:
        data = json.loads(message["Body"])
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    attributes = {
        name: value["StringValue"]
        for name, value in message.get("MessageAttributes", {}).items()
        if "StringValue" in value
    }
    return Order(
        message_id=message["MessageId"],
        data=data,
        attributes=attributes,
        receive_count=int(message.get("Attributes", {}).get("ApproximateReceiveCount", "1")),
    )


def _retry_in(sqs_client: Any, queue_url: str, message: dict[str, Any], seconds: int) -> None:
    try:
        sqs_client.change_message_visibility(
            QueueUrl=queue_url,
            ReceiptHandle=message["ReceiptHandle"],
            VisibilityTimeout=seconds,
        )
    except ClientError as error:
        # Not fatal: the message still comes back when its current timeout ends.
        logger.warning(
            "Could not delay retry of message %s: %s",
            message["MessageId"],
            error.response["Error"]["Code"],
        )


def process_batch(
    sqs_client: Any,
    queue_url: str,
    handler: Handler,
    *,
    wait_seconds: int = 20,
    max_messages: int = 10,
    visibility_timeout: int | None = None,
    backoff: Backoff | None = None,
) -> BatchResult:
    """Receive up to ``max_messages`` orders (long polling), handle each, delete the successes.

    A handler exception leaves the order on the queue for redelivery, after ``backoff(receive
    count)`` seconds if a backoff is given, else after the visibility timeout. A body that is not
    a JSON object is never passed to the handler: it is made visible again at once so the
    queue's redrive policy moves it to the dead-letter queue after maxReceiveCount receives.
    """
    request: dict[str, Any] = {
        "QueueUrl": queue_url,
        "MaxNumberOfMessages": max_messages,
        "WaitTimeSeconds": wait_seconds,
        "MessageAttributeNames": ["All"],
        "MessageSystemAttributeNames": ["ApproximateReceiveCount"],
    }
    if visibility_timeout is not None:
        request["VisibilityTimeout"] = visibility_timeout
    messages: list[dict[str, Any]] = sqs_client.receive_message(**request).get("Messages", [])

    result = BatchResult()
    for message in messages:
        message_id = message["MessageId"]
        order = _decode(message)
        if order is None:
            logger.error("Message %s is not a JSON object; leaving it for the DLQ", message_id)
            result.malformed.append(message_id)
            _retry_in(sqs_client, queue_url, message, 0)
            continue
        try:
            handler(order)
        except Exception:
            logger.exception(
                "Order %s failed on attempt %d; leaving it for redelivery",
                message_id,
                order.receive_count,
            )
            result.failed.append(message_id)
            if backoff is not None:
                _retry_in(sqs_client, queue_url, message, backoff(order.receive_count))
            continue
        sqs_client.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
        result.processed.append(message_id)
        logger.info("Order %s processed", message_id)
    return result
