"""Queue setup for the order worker: the ``orders`` queue with a dead-letter queue behind it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

__all__ = ["OrderQueues", "create_order_queues"]

FOURTEEN_DAYS = 14 * 24 * 60 * 60  # the longest retention SQS allows


@dataclass(frozen=True)
class OrderQueues:
    """Where the orders queue and its dead-letter queue live."""

    url: str
    arn: str
    dlq_url: str
    dlq_arn: str


def _queue_arn(sqs_client: Any, queue_url: str) -> str:
    response = sqs_client.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])
    arn: str = response["Attributes"]["QueueArn"]
    return arn


def create_order_queues(
    sqs_client: Any,
    name: str = "orders",
    *,
    visibility_timeout: int = 30,
    max_receive_count: int = 3,
) -> OrderQueues:
    """Create the orders queue and ``<name>-dlq``; after ``max_receive_count`` receives a
    message that was never deleted moves to the dead-letter queue.

    Safe to run again: CreateQueue with the same attributes returns the existing queue.
    """
    dlq_url: str = sqs_client.create_queue(
        QueueName=f"{name}-dlq",
        # Keep dead letters as long as possible: somebody has to look at them.
        Attributes={"MessageRetentionPeriod": str(FOURTEEN_DAYS)},
    )["QueueUrl"]
    dlq_arn = _queue_arn(sqs_client, dlq_url)
    redrive_policy = {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": max_receive_count}
    url: str = sqs_client.create_queue(
        QueueName=name,
        Attributes={
            "VisibilityTimeout": str(visibility_timeout),
            "ReceiveMessageWaitTimeSeconds": "20",  # long polling by default
            "RedrivePolicy": json.dumps(redrive_policy),
        },
    )["QueueUrl"]
    return OrderQueues(url=url, arn=_queue_arn(sqs_client, url), dlq_url=dlq_url, dlq_arn=dlq_arn)
