"""Notifications as they travel through the queue, and the publisher that enqueues them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["CHANNELS", "Notification", "PublishError", "publish"]

CHANNELS = ("email", "sms", "push")
BATCH = 10  # the most entries SendMessageBatch takes


@dataclass(frozen=True)
class Notification:
    """One message to one user on one channel, rendered from a template."""

    notification_id: str
    user_id: str
    channel: str
    template: str
    params: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, body: str) -> Notification:
        """Decode a message body; raise ``ValueError`` if it is not a notification."""
        data = json.loads(body)  # json.JSONDecodeError is a ValueError
        if not isinstance(data, dict):
            raise ValueError(f"expected a JSON object, got {type(data).__name__}")
        try:
            notification = cls(**data)
        except TypeError as error:
            raise ValueError(str(error)) from None
        if notification.channel not in CHANNELS:
            raise ValueError(f"unknown channel {notification.channel!r}")
        return notification


class PublishError(Exception):
    """SQS refused some notifications of a batch; ``failed`` maps their ids to the error code."""

    def __init__(self, failed: dict[str, str]) -> None:
        super().__init__(f"{len(failed)} notification(s) not enqueued: {failed}")
        self.failed = failed


async def publish(sqs: Any, queue_url: str, notifications: Iterable[Notification]) -> list[str]:
    """Enqueue ``notifications`` in batches of 10; return their MessageIds, in order.

    The channel travels as a message attribute, so consumers (and subscriptions) can filter
    without decoding bodies. Raise ``PublishError`` if SQS refused any; the rest are enqueued.
    """
    pending = list(notifications)
    message_ids: list[str] = []
    failed: dict[str, str] = {}
    for start in range(0, len(pending), BATCH):
        chunk = pending[start : start + BATCH]
        response = await sqs.send_message_batch(
            QueueUrl=queue_url,
            Entries=[
                {
                    "Id": str(i),
                    "MessageBody": n.to_json(),
                    "MessageAttributes": {
                        "channel": {"DataType": "String", "StringValue": n.channel}
                    },
                }
                for i, n in enumerate(chunk)
            ],
        )
        ids = {int(entry["Id"]): entry["MessageId"] for entry in response.get("Successful", [])}
        message_ids.extend(ids[i] for i in sorted(ids))
        for entry in response.get("Failed", []):
            failed[chunk[int(entry["Id"])].notification_id] = entry["Code"]
    if failed:
        raise PublishError(failed)
    return message_ids
