"""Queue setup: the ``notifications`` queue and its ``notifications-dlq`` dead-letter queue."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

__all__ = ["NotificationQueues", "create_notification_queues"]

FOURTEEN_DAYS = 14 * 24 * 60 * 60  # the longest retention SQS allows


@dataclass(frozen=True)
class NotificationQueues:
    """Where the notifications queue and its dead-letter queue live, and when SQS gives up."""

    url: str
    dlq_url: str
    max_receive_count: int


async def _queue_arn(sqs: Any, queue_url: str) -> str:
    response = await sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])
    arn: str = response["Attributes"]["QueueArn"]
    return arn


async def create_notification_queues(
    sqs: Any,
    name: str = "notifications",
    *,
    visibility_timeout: int = 60,
    max_receive_count: int = 4,
) -> NotificationQueues:
    """Create ``<name>`` and ``<name>-dlq`` through an async client, joined by a redrive policy.

    SQS moves a notification to the dead-letter queue when it would be received for the
    ``max_receive_count + 1``-th time. Safe to run again.
    """
    dlq_url: str = (
        await sqs.create_queue(
            QueueName=f"{name}-dlq", Attributes={"MessageRetentionPeriod": str(FOURTEEN_DAYS)}
        )
    )["QueueUrl"]
    redrive_policy = {
        "deadLetterTargetArn": await _queue_arn(sqs, dlq_url),
        "maxReceiveCount": max_receive_count,
    }
    url: str = (
        await sqs.create_queue(
            QueueName=name,
            Attributes={
                "VisibilityTimeout": str(visibility_timeout),  # time to send one batch
                "ReceiveMessageWaitTimeSeconds": "20",
                "RedrivePolicy": json.dumps(redrive_policy),
            },
        )
    )["QueueUrl"]
    return NotificationQueues(url=url, dlq_url=dlq_url, max_receive_count=max_receive_count)
