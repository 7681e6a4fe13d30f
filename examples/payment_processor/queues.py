"""Queue setup: the ``payments.fifo`` queue and the ``payments-dlq.fifo`` dead-letter queue."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

__all__ = ["PaymentQueues", "create_payment_queues"]

FOURTEEN_DAYS = 14 * 24 * 60 * 60  # the longest retention SQS allows


@dataclass(frozen=True)
class PaymentQueues:
    """Where the payments queue and its dead-letter queue live, and when SQS gives up."""

    url: str
    arn: str
    dlq_url: str
    dlq_arn: str
    max_receive_count: int


def _queue_arn(sqs_client: Any, queue_url: str) -> str:
    response = sqs_client.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])
    arn: str = response["Attributes"]["QueueArn"]
    return arn


def create_payment_queues(
    sqs_client: Any,
    name: str = "payments",
    *,
    visibility_timeout: int = 60,
    max_receive_count: int = 5,
) -> PaymentQueues:
    """Create ``<name>.fifo`` and ``<name>-dlq.fifo``, joined by a redrive policy.

    Both are FIFO queues without content-based deduplication: publishers name each payment's
    deduplication id themselves. SQS moves a payment to the dead-letter queue when it would be
    received for the ``max_receive_count + 1``-th time. Safe to run again.
    """
    fifo = {"FifoQueue": "true", "ContentBasedDeduplication": "false"}
    dlq_url: str = sqs_client.create_queue(
        QueueName=f"{name}-dlq.fifo",
        Attributes={**fifo, "MessageRetentionPeriod": str(FOURTEEN_DAYS)},
    )["QueueUrl"]
    dlq_arn = _queue_arn(sqs_client, dlq_url)
    redrive_policy = {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": max_receive_count}
    url: str = sqs_client.create_queue(
        QueueName=f"{name}.fifo",
        Attributes={
            **fifo,
            "VisibilityTimeout": str(visibility_timeout),  # time to charge one payment
            "ReceiveMessageWaitTimeSeconds": "20",
            "RedrivePolicy": json.dumps(redrive_policy),
        },
    )["QueueUrl"]
    return PaymentQueues(
        url=url,
        arn=_queue_arn(sqs_client, url),
        dlq_url=dlq_url,
        dlq_arn=dlq_arn,
        max_receive_count=max_receive_count,
    )
