"""Payments as they travel through the queue, and the publisher that enqueues them."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Payment", "publish_payment"]


@dataclass(frozen=True)
class Payment:
    """One payment to charge. Payments of one account are charged in the order published."""

    payment_id: str
    account_id: str
    amount_cents: int
    currency: str = "EUR"

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, body: str) -> Payment:
        """Decode a message body; raise ``ValueError`` if it is not a payment."""
        data = json.loads(body)  # json.JSONDecodeError is a ValueError
        if not isinstance(data, dict):
            raise ValueError(f"expected a JSON object, got {type(data).__name__}")
        try:
            payment = cls(**data)
        except TypeError as error:
            raise ValueError(str(error)) from None
        if not isinstance(payment.amount_cents, int) or payment.amount_cents <= 0:
            raise ValueError(f"amount_cents must be a positive integer: {payment.amount_cents!r}")
        return payment


def publish_payment(sqs_client: Any, queue_url: str, payment: Payment) -> str:
    """Enqueue ``payment``; return its MessageId.

    The account is the message group, so each account's payments are charged one at a time, in
    order. The payment id is the deduplication id: publishing the same payment again within five
    minutes (a retried request, a replayed event) is accepted but not enqueued twice, and returns
    the first MessageId.
    """
    response = sqs_client.send_message(
        QueueUrl=queue_url,
        MessageBody=payment.to_json(),
        MessageGroupId=payment.account_id,
        MessageDeduplicationId=payment.payment_id,
    )
    message_id: str = response["MessageId"]
    return message_id
