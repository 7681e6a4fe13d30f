"""The notifications service: long-poll, send concurrently, delete in batches, back off failures.

One poll receives up to 10 notifications and sends them concurrently, at most ``concurrency`` at
a time across the whole service; the ones that are done (sent, or rejected for good) are deleted
with one ``DeleteMessageBatch``. A send that fails for now is retried after a backoff set with
``ChangeMessageVisibility`` (10 s, doubling, at most 5 min); after the queue's
``maxReceiveCount`` receives SQS moves it to the dead-letter queue. A body that is not a
notification is made visible again at once, so the redrive policy dead-letters it quickly.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from botocore.exceptions import ClientError

from .notifications import Notification
from .queues import NotificationQueues

__all__ = [
    "NotificationService",
    "RejectedNotification",
    "Sender",
    "Status",
    "retry_delay",
]

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 10
RETRY_CAP_SECONDS = 5 * 60


class RejectedNotification(Exception):
    """The provider refused the notification for good (unknown user, opted out): never retry."""


class Sender(Protocol):
    async def send(self, notification: Notification) -> None:
        """Deliver ``notification`` through its channel's provider; raise on failure."""
        ...


class Status(enum.Enum):
    SENT = "sent"
    REJECTED = "rejected"  # refused for good: deleted, not retried
    RETRYING = "retrying"  # failed for now: visible again after a backoff
    MALFORMED = "malformed"  # not a notification: visible again at once, soon dead-lettered


# What a poll does with each status: delete the message, or leave it on the queue.
_DONE = frozenset({Status.SENT, Status.REJECTED})


@dataclass
class Stats:
    """What the service did: receives made, and deliveries by outcome."""

    polls: int = 0
    outcomes: Counter[Status] = field(default_factory=Counter)


def retry_delay(
    receive_count: int, *, base: int = RETRY_BASE_SECONDS, cap: int = RETRY_CAP_SECONDS
) -> int:
    """Return the seconds to wait after the ``receive_count``-th failed attempt: ``base``,
    doubling each time, at most ``cap``."""
    return int(min(cap, base * 2 ** max(receive_count - 1, 0)))


class NotificationService:
    """Consume the notifications queue with one async SQS client (aiobotocore or aioboto3)."""

    def __init__(
        self,
        sqs: Any,
        queues: NotificationQueues,
        sender: Sender,
        *,
        concurrency: int = 8,
        wait_seconds: int = 20,
    ) -> None:
        self.sqs = sqs
        self.queues = queues
        self.sender = sender
        self.wait_seconds = wait_seconds
        self.stats = Stats()
        self._slots = asyncio.Semaphore(concurrency)

    # -- one poll ---------------------------------------------------------------------------------

    async def poll_once(self) -> int:
        """Receive up to 10 notifications (long polling), handle them; return how many came."""
        response = await self.sqs.receive_message(
            QueueUrl=self.queues.url,
            MaxNumberOfMessages=10,
            WaitTimeSeconds=self.wait_seconds,
            MessageSystemAttributeNames=["ApproximateReceiveCount"],
        )
        self.stats.polls += 1
        messages: list[dict[str, Any]] = response.get("Messages", [])
        if not messages:
            return 0
        statuses = await asyncio.gather(*(self._handle(message) for message in messages))
        self.stats.outcomes.update(statuses)
        await self._delete([m for m, s in zip(messages, statuses, strict=True) if s in _DONE])
        return len(messages)

    async def _handle(self, message: dict[str, Any]) -> Status:
        attempt = int(message["Attributes"]["ApproximateReceiveCount"])
        try:
            notification = Notification.from_json(message["Body"])
        except ValueError as error:
            logger.error("Message %s is not a notification: %s", message["MessageId"], error)
            await self._set_visibility(message, 0)
            return Status.MALFORMED
        async with self._slots:
            try:
                await self.sender.send(notification)
            except RejectedNotification as error:
                logger.warning("Notification %s rejected: %s", notification.notification_id, error)
                return Status.REJECTED
            except Exception as error:  # anything else may pass: the DLQ catches what persists
                delay = retry_delay(attempt)
                logger.warning(
                    "Notification %s failed (attempt %d), retrying in %d s: %r",
                    notification.notification_id,
                    attempt,
                    delay,
                    error,
                )
                await self._set_visibility(message, delay)
                return Status.RETRYING
        return Status.SENT

    async def _set_visibility(self, message: dict[str, Any], seconds: int) -> None:
        try:
            await self.sqs.change_message_visibility(
                QueueUrl=self.queues.url,
                ReceiptHandle=message["ReceiptHandle"],
                VisibilityTimeout=seconds,
            )
        except ClientError as error:
            # Not fatal: the message comes back when its current visibility timeout ends.
            logger.warning(
                "Could not delay message %s: %s",
                message["MessageId"],
                error.response["Error"]["Code"],
            )

    async def _delete(self, messages: list[dict[str, Any]]) -> None:
        """Delete ``messages`` (at most 10: one receive's worth) with one batch call."""
        if not messages:
            return
        response = await self.sqs.delete_message_batch(
            QueueUrl=self.queues.url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)
            ],
        )
        for failure in response.get("Failed", []):
            # The message comes back after its visibility timeout and is sent again: providers
            # get the notification id, so they can drop the duplicate.
            logger.warning(
                "Could not delete message %s: %s",
                messages[int(failure["Id"])]["MessageId"],
                failure["Code"],
            )

    # -- loops ------------------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> Stats:
        """Poll until ``stop`` is set (checked between polls: stopping takes up to one poll)."""
        while not stop.is_set():
            await self.poll_once()
        return self.stats

    async def queue_is_empty(self) -> bool:
        """Return whether the queue holds no message: none visible, in flight or delayed."""
        response = await self.sqs.get_queue_attributes(
            QueueUrl=self.queues.url,
            AttributeNames=[
                "ApproximateNumberOfMessages",
                "ApproximateNumberOfMessagesNotVisible",
                "ApproximateNumberOfMessagesDelayed",
            ],
        )
        return all(count == "0" for count in response["Attributes"].values())

    async def drain(self, *, timeout: float = 3600) -> Stats:
        """Poll until the queue is empty (everything sent, rejected or dead-lettered) or
        ``timeout`` seconds have passed, checked between polls."""
        deadline = time.time() + timeout
        while time.time() < deadline and not await self.queue_is_empty():
            await self.poll_once()
        return self.stats
