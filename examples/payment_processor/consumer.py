"""Payment consumer: charge each queued payment once, retry failures with backoff, dead-letter
the rest.

The consumer takes one message per receive. On a FIFO queue every message a receive returns
counts a receive, also one waiting behind a failing payment of the same account: with batches,
an account's later payments would reach ``maxReceiveCount`` together with the failing one and be
dead-lettered without ever being charged.
"""

from __future__ import annotations

import enum
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from botocore.exceptions import ClientError

from .payments import Payment
from .queues import PaymentQueues

__all__ = [
    "Gateway",
    "GatewayUnavailable",
    "Outcome",
    "PaymentDeclined",
    "RunStats",
    "Status",
    "drain",
    "process_next",
    "queue_is_empty",
    "retry_delay",
    "run",
]

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 30
RETRY_CAP_SECONDS = 15 * 60


class PaymentDeclined(Exception):
    """The gateway refused the payment for good (card declined, account closed): never retry."""

    def __init__(self, code: str) -> None:
        super().__init__(f"payment declined: {code}")
        self.code = code


class GatewayUnavailable(Exception):
    """The gateway could not be reached or timed out: worth trying again later."""


class Gateway(Protocol):
    def charge(self, payment: Payment, *, idempotency_key: str) -> str:
        """Charge ``payment`` and return the charge id; a key already charged is not charged
        again (the first charge id comes back)."""
        ...


class Status(enum.Enum):
    CHARGED = "charged"
    RETRYING = "retrying"  # failed; visible again after a backoff
    EXHAUSTED = "exhausted"  # failed on the last attempt; the next receive dead-letters it
    DEAD_LETTERED = "dead-lettered"  # declined or malformed; sent to the DLQ at once


@dataclass(frozen=True)
class Outcome:
    """What the consumer did with one delivery."""

    message_id: str
    status: Status
    attempt: int  # the delivery's ApproximateReceiveCount: 1 on the first
    payment: Payment | None  # None when the body is not a payment
    charge_id: str | None = None
    retry_in: int | None = None  # seconds until the next attempt, when retrying
    reason: str | None = None  # why it failed


@dataclass
class RunStats:
    """What a ``run`` did: receives made, and deliveries by outcome."""

    polls: int = 0
    outcomes: Counter[Status] = field(default_factory=Counter)


def retry_delay(
    receive_count: int, *, base: int = RETRY_BASE_SECONDS, cap: int = RETRY_CAP_SECONDS
) -> int:
    """Return the seconds to wait after the ``receive_count``-th failed attempt: ``base``,
    doubling each time, at most ``cap``."""
    return int(min(cap, base * 2 ** max(receive_count - 1, 0)))


def _warn(action: str, message: dict[str, Any], error: ClientError) -> None:
    logger.warning(
        "Could not %s message %s: %s", action, message["MessageId"], error.response["Error"]["Code"]
    )


def _set_visibility(sqs_client: Any, queue_url: str, message: dict[str, Any], seconds: int) -> None:
    try:
        sqs_client.change_message_visibility(
            QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=seconds
        )
    except ClientError as error:
        # Not fatal: the message comes back when its current visibility timeout ends.
        _warn("delay", message, error)


def _delete(sqs_client: Any, queue_url: str, message: dict[str, Any]) -> None:
    try:
        sqs_client.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    except ClientError as error:
        # A FIFO receipt handle expires with the visibility timeout (a charge that took too
        # long): the payment comes back, and the gateway's idempotency key stops a second charge.
        _warn("delete", message, error)


def _retry_later(
    sqs_client: Any,
    queues: PaymentQueues,
    message: dict[str, Any],
    attempt: int,
    payment: Payment | None,
    reason: str,
) -> Outcome:
    if attempt >= queues.max_receive_count:
        # Waiting would only delay the move: make it visible, the next receive dead-letters it
        # and lets the account's next payment through.
        seconds, status = 0, Status.EXHAUSTED
    else:
        seconds, status = retry_delay(attempt), Status.RETRYING
    logger.warning(
        "Payment message %s failed (attempt %d): %s", message["MessageId"], attempt, reason
    )
    _set_visibility(sqs_client, queues.url, message, seconds)
    return Outcome(message["MessageId"], status, attempt, payment, retry_in=seconds, reason=reason)


def _dead_letter(
    sqs_client: Any,
    queues: PaymentQueues,
    message: dict[str, Any],
    attempt: int,
    payment: Payment | None,
    reason: str,
) -> Outcome:
    message_id = message["MessageId"]
    try:
        sqs_client.send_message(
            QueueUrl=queues.dlq_url,
            MessageBody=message["Body"],
            MessageGroupId=message["Attributes"]["MessageGroupId"],
            # If the delete below fails, the payment comes back and is dead-lettered again:
            # within five minutes SQS drops that second copy.
            MessageDeduplicationId=message_id,
            MessageAttributes={
                "failure_reason": {"DataType": "String", "StringValue": reason},
                "source_message_id": {"DataType": "String", "StringValue": message_id},
            },
        )
    except ClientError as error:
        _warn("dead-letter", message, error)
        return _retry_later(sqs_client, queues, message, attempt, payment, reason)
    logger.error("Payment message %s dead-lettered: %s", message_id, reason)
    _delete(sqs_client, queues.url, message)
    return Outcome(message_id, Status.DEAD_LETTERED, attempt, payment, reason=reason)


def process_next(
    sqs_client: Any, queues: PaymentQueues, gateway: Gateway, *, wait_seconds: int = 20
) -> Outcome | None:
    """Receive one payment (long polling up to ``wait_seconds``) and charge it.

    Charged: deleted. Declined, or a body that is not a payment: sent to the dead-letter queue
    and deleted, so the account's next payment goes ahead at once. Any other failure: retried
    after ``retry_delay(attempt)`` seconds; after the queue's ``maxReceiveCount`` attempts SQS
    moves it to the dead-letter queue. Return None if nothing arrived in time.
    """
    response = sqs_client.receive_message(
        QueueUrl=queues.url,
        MaxNumberOfMessages=1,  # see the module docstring
        WaitTimeSeconds=wait_seconds,
        MessageSystemAttributeNames=["ApproximateReceiveCount", "MessageGroupId"],
    )
    messages: list[dict[str, Any]] = response.get("Messages", [])
    if not messages:
        return None
    [message] = messages
    attempt = int(message["Attributes"]["ApproximateReceiveCount"])
    try:
        payment = Payment.from_json(message["Body"])
    except ValueError as error:
        return _dead_letter(sqs_client, queues, message, attempt, None, f"malformed: {error}")
    try:
        charge_id = gateway.charge(payment, idempotency_key=payment.payment_id)
    except PaymentDeclined as declined:
        return _dead_letter(
            sqs_client, queues, message, attempt, payment, f"declined: {declined.code}"
        )
    except Exception as error:  # unknown errors too: the dead-letter queue catches what persists
        return _retry_later(
            sqs_client, queues, message, attempt, payment, f"{type(error).__name__}: {error}"
        )
    _delete(sqs_client, queues.url, message)
    logger.info("Payment %s charged: %s", payment.payment_id, charge_id)
    return Outcome(message["MessageId"], Status.CHARGED, attempt, payment, charge_id=charge_id)


def run(
    sqs_client: Any,
    queues: PaymentQueues,
    gateway: Gateway,
    *,
    stop: Callable[[], bool],
    wait_seconds: int = 20,
) -> RunStats:
    """Process payments one after another until ``stop()`` (asked before each receive) is true."""
    stats = RunStats()
    while not stop():
        outcome = process_next(sqs_client, queues, gateway, wait_seconds=wait_seconds)
        stats.polls += 1
        if outcome is not None:
            stats.outcomes[outcome.status] += 1
    return stats


def queue_is_empty(sqs_client: Any, queue_url: str) -> bool:
    """Return whether the queue holds no message: none visible, in flight or delayed."""
    counts = sqs_client.get_queue_attributes(
        QueueUrl=queue_url,
        AttributeNames=[
            "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed",
        ],
    )["Attributes"]
    return all(count == "0" for count in counts.values())


def drain(
    sqs_client: Any, queues: PaymentQueues, gateway: Gateway, *, timeout: float = 3600
) -> RunStats:
    """Process payments until none is left (charged or dead-lettered) or ``timeout`` seconds
    have passed (checked between receives), e.g. before shutting a consumer down for good."""
    deadline = time.time() + timeout
    return run(
        sqs_client,
        queues,
        gateway,
        stop=lambda: time.time() >= deadline or queue_is_empty(sqs_client, queues.url),
    )
