"""Operator tools: move dead-lettered payments back to the payments queue once fixed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .queues import PaymentQueues

__all__ = ["RedriveStatus", "redrive_dead_letters", "redrive_status"]


@dataclass(frozen=True)
class RedriveStatus:
    """The latest message move task out of the dead-letter queue."""

    status: str  # RUNNING, COMPLETED, CANCELLING, CANCELLED or FAILED
    moved: int
    to_move: int
    started_at: dt.datetime
    rate: int | None  # messages per second, if limited


def redrive_dead_letters(sqs_client: Any, queues: PaymentQueues, *, rate: int | None = None) -> str:
    """Start moving every dead letter back to the payments queue, oldest first, at most
    ``rate`` per second (SQS picks the rate if None); return the task handle.

    The destination is named explicitly: payments the consumer dead-lettered itself (declined,
    malformed) were sent, not moved by SQS, so they carry no source queue to return to.
    Moved payments are new messages: their receive count starts again from zero.
    """
    request: dict[str, Any] = {"SourceArn": queues.dlq_arn, "DestinationArn": queues.arn}
    if rate is not None:
        request["MaxNumberOfMessagesPerSecond"] = rate
    handle: str = sqs_client.start_message_move_task(**request)["TaskHandle"]
    return handle


def redrive_status(sqs_client: Any, queues: PaymentQueues) -> RedriveStatus | None:
    """Return the progress of the latest redrive, or None if there never was one."""
    results = sqs_client.list_message_move_tasks(SourceArn=queues.dlq_arn, MaxResults=1)["Results"]
    if not results:
        return None
    [task] = results
    return RedriveStatus(
        status=task["Status"],
        moved=task["ApproximateNumberOfMessagesMoved"],
        to_move=task["ApproximateNumberOfMessagesToMove"],
        started_at=dt.datetime.fromtimestamp(task["StartedTimestamp"] / 1000, tz=dt.timezone.utc),
        rate=task.get("MaxNumberOfMessagesPerSecond"),
    )
