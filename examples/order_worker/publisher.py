"""Publish orders to the orders queue as JSON, with routing metadata in message attributes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["SCHEMA_VERSION", "PublishError", "publish_order", "publish_orders"]

SCHEMA_VERSION = 2
MAX_BATCH = 10  # SendMessageBatch takes at most 10 entries


class PublishError(RuntimeError):
    """Some orders of a batch were not accepted by SQS."""

    def __init__(self, failed: list[dict[str, Any]]) -> None:
        self.failed = failed
        details = ", ".join(f"{f['Id']}: {f['Code']} ({f.get('Message', '')})" for f in failed)
        super().__init__(f"{len(failed)} order(s) not published: {details}")


def _body(order: Mapping[str, Any]) -> str:
    return json.dumps(order, sort_keys=True, separators=(",", ":"))


def _attributes(order: Mapping[str, Any], source: str) -> dict[str, dict[str, str]]:
    return {
        "event_type": {"DataType": "String", "StringValue": "order.created"},
        "schema_version": {"DataType": "Number", "StringValue": str(SCHEMA_VERSION)},
        "source": {"DataType": "String", "StringValue": source},
        "customer_id": {"DataType": "String", "StringValue": str(order["customer_id"])},
    }


def publish_order(
    sqs_client: Any,
    queue_url: str,
    order: Mapping[str, Any],
    *,
    source: str = "web",
    delay_seconds: int = 0,
) -> str:
    """Send one order and return its SQS MessageId."""
    response = sqs_client.send_message(
        QueueUrl=queue_url,
        MessageBody=_body(order),
        MessageAttributes=_attributes(order, source),
        DelaySeconds=delay_seconds,
    )
    message_id: str = response["MessageId"]
    return message_id


def publish_orders(
    sqs_client: Any, queue_url: str, orders: Iterable[Mapping[str, Any]], *, source: str = "web"
) -> list[str]:
    """Send orders in batches of 10 and return their MessageIds, in order.

    Raises PublishError if SQS rejects any entry (the others are sent).
    """
    pending = list(orders)
    message_ids: list[str] = []
    failed: list[dict[str, Any]] = []
    for start in range(0, len(pending), MAX_BATCH):
        chunk = pending[start : start + MAX_BATCH]
        entry_ids = [str(start + i) for i in range(len(chunk))]  # position in ``orders``
        response = sqs_client.send_message_batch(
            QueueUrl=queue_url,
            Entries=[
                {
                    "Id": entry_id,
                    "MessageBody": _body(order),
                    "MessageAttributes": _attributes(order, source),
                }
                for entry_id, order in zip(entry_ids, chunk, strict=True)
            ],
        )
        sent = {entry["Id"]: entry["MessageId"] for entry in response.get("Successful", [])}
        message_ids.extend(sent[entry_id] for entry_id in entry_ids if entry_id in sent)
        failed.extend(response.get("Failed", []))
    if failed:
        raise PublishError(failed)
    return message_ids
