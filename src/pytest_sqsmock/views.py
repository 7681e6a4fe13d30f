"""Read-only views of queues and messages, for assertions. Reading never changes SQS state."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .model.attributes import attribute_names
from .model.message import DELAYED, INFLIGHT, STATE_NAMES, VISIBLE, AttributeValue, Message
from .model.queue import Queue

__all__ = ["MessageView", "QueueView"]

_UTC = dt.timezone.utc


def _datetime(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, tz=_UTC)


@dataclass(frozen=True)
class MessageView:
    """A snapshot of one stored message, taken when the view was read."""

    message_id: str
    body: str
    state: str
    receive_count: int
    attributes: dict[str, str]
    message_attributes: dict[str, AttributeValue]
    group_id: str | None
    deduplication_id: str | None
    sequence_number: str | None
    sent_at: dt.datetime
    first_received_at: dt.datetime | None
    visible_at: dt.datetime | None
    dead_letter_source_arn: str | None

    def json(self) -> Any:
        """Return the body decoded as JSON."""
        return json.loads(self.body)

    @classmethod
    def of(cls, msg: Message, fifo: bool) -> MessageView:
        attributes = {
            "SenderId": msg.sender_id,
            "SentTimestamp": str(msg.sent_at),
            "ApproximateReceiveCount": str(msg.receive_count),
        }
        if msg.first_received_at is not None:
            attributes["ApproximateFirstReceiveTimestamp"] = str(msg.first_received_at)
        if fifo and msg.sequence_number is not None:
            attributes["SequenceNumber"] = msg.sequence_number
        if fifo and msg.deduplication_id is not None:
            attributes["MessageDeduplicationId"] = msg.deduplication_id
        if msg.group_id is not None:
            attributes["MessageGroupId"] = msg.group_id
        if msg.trace_header is not None:
            attributes["AWSTraceHeader"] = msg.trace_header
        if msg.dead_letter_source_arn is not None:
            attributes["DeadLetterQueueSourceArn"] = msg.dead_letter_source_arn
        return cls(
            message_id=msg.message_id,
            body=msg.body,
            state=STATE_NAMES[msg.state],
            receive_count=msg.receive_count,
            attributes=attributes,
            message_attributes={k: AttributeValue(**v) for k, v in msg.attributes.items()},
            group_id=msg.group_id,
            deduplication_id=msg.deduplication_id if fifo else None,
            sequence_number=msg.sequence_number,
            sent_at=_datetime(msg.sent_at),
            first_received_at=(
                None if msg.first_received_at is None else _datetime(msg.first_received_at)
            ),
            visible_at=_datetime(msg.visible_at) if msg.state == INFLIGHT else None,
            dead_letter_source_arn=msg.dead_letter_source_arn,
        )


class QueueView:
    """A read-only handle on one queue: each property reads the queue's state at that moment."""

    def __init__(self, queue: Queue, read: Callable[[Callable[[int], Any]], Any]) -> None:
        self._queue = queue
        self._read = read  # runs fn(now) under the backend lock, after settling the queue

    def __repr__(self) -> str:
        return f"<QueueView {self._queue.name} ({self._queue.region}/{self._queue.account})>"

    @property
    def name(self) -> str:
        return self._queue.name

    @property
    def url(self) -> str:
        return self._queue.url

    @property
    def arn(self) -> str:
        return self._queue.arn

    @property
    def fifo(self) -> bool:
        return self._queue.fifo

    @property
    def attributes(self) -> dict[str, str]:
        """Every queue attribute, as ``GetQueueAttributes(AttributeNames=["All"])`` shows it."""
        queue = self._queue
        names = attribute_names(queue.fifo)
        result: dict[str, str] = self._read(lambda now: queue.attribute_values(names, now))
        return result

    @property
    def tags(self) -> dict[str, str]:
        return dict(self._queue.tags)

    def _messages(self, states: tuple[int, ...] | None) -> list[MessageView]:
        queue = self._queue

        def snapshot(_: int) -> list[MessageView]:
            return [
                MessageView.of(msg, queue.fifo)
                for msg in queue.messages.values()  # keyed by queue sequence: send order
                if states is None or msg.state in states
            ]

        result: list[MessageView] = self._read(snapshot)
        return result

    @property
    def messages(self) -> list[MessageView]:
        """Every stored message, oldest first."""
        return self._messages(None)

    @property
    def visible(self) -> list[MessageView]:
        """Messages a receive could return now, oldest first."""
        return self._messages((VISIBLE,))

    @property
    def in_flight(self) -> list[MessageView]:
        """Messages received and not yet deleted or visible again, oldest first."""
        return self._messages((INFLIGHT,))

    @property
    def delayed(self) -> list[MessageView]:
        """Messages still inside their delay, oldest first."""
        return self._messages((DELAYED,))

    @property
    def bodies(self) -> list[str]:
        """The body of every stored message, oldest first."""
        return [m.body for m in self.messages]

    def __len__(self) -> int:
        return len(self.messages)
