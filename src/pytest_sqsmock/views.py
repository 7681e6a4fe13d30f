"""Read-only views of queues and messages, for assertions. Reading never changes SQS state."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .model.attributes import attribute_names
from .model.message import DELAYED, INFLIGHT, STATE_NAMES, VISIBLE, AttributeValue, Message
from .model.queue import Queue

__all__ = ["ANY", "MessageView", "QueueView"]

_UTC = dt.timezone.utc

MAX_LISTED = 10  # messages listed in an assertion's failure message
_SHORT = 80


class _Any:
    """Matches anything: the default of every assertion criterion."""

    def __repr__(self) -> str:
        return "ANY"


ANY: Any = _Any()


def short(value: object) -> str:
    """Return ``repr(value)``, cut to a readable length."""
    text = repr(value)
    return text if len(text) <= _SHORT else text[: _SHORT - 4] + "...'"


def _attribute_matches(actual: Mapping[str, Any] | None, expected: object) -> bool:
    if not isinstance(actual, Mapping):
        return False
    if isinstance(expected, Mapping):  # the wire form: compare the keys given
        return all(actual.get(key) == value for key, value in expected.items())
    if isinstance(expected, (bytes, bytearray)):
        return actual.get("BinaryValue") == bytes(expected)
    text = actual.get("StringValue")
    if text is None:
        return False
    data_type = str(actual.get("DataType", ""))
    if data_type.startswith("Number") and isinstance(expected, (int, float, decimal.Decimal)):
        if isinstance(expected, bool):
            return False
        try:
            return decimal.Decimal(text) == decimal.Decimal(str(expected))
        except decimal.InvalidOperation:
            return False
    return bool(text == str(expected))


def message_matches(
    body: object,
    attributes: Mapping[str, Any],
    group: object,
    *,
    body_wanted: Any = ANY,
    json_value: Any = ANY,
    attributes_wanted: Mapping[str, Any] | None = None,
    group_id: Any = ANY,
) -> bool:
    """Return whether a message meets every criterion given (``ANY`` and None ask nothing).

    ``body_wanted`` is a string (equal) or a compiled regex (searched); ``json_value`` is compared
    with the decoded body; ``attributes_wanted`` maps names to values (``"a"``, ``3``,
    ``b"..."``) or to the wire form (``{"DataType": ..., "StringValue": ...}``).
    """
    if body_wanted is not ANY:
        if isinstance(body_wanted, re.Pattern):
            if not isinstance(body, str) or body_wanted.search(body) is None:
                return False
        elif body != body_wanted:
            return False
    if json_value is not ANY:
        try:
            decoded = json.loads(body) if isinstance(body, str) else ANY
        except ValueError:
            return False
        if decoded is ANY or decoded != json_value:
            return False
    if group_id is not ANY and group != group_id:
        return False
    if attributes_wanted:
        for name, expected in attributes_wanted.items():
            if not _attribute_matches(attributes.get(name), expected):
                return False
    return True


def plain_attributes(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """Message attributes as ``{name: value}``, the way assertion messages show them."""
    return {
        name: value.get("StringValue", value.get("BinaryValue"))
        for name, value in attributes.items()
        if isinstance(value, Mapping)
    }


def criteria(body: Any, json_value: Any, attributes: Any, group_id: Any) -> str:
    """Describe the criteria of an assertion: `` with body '...' and group 'g'``."""
    parts = []
    if body is not ANY:
        parts.append(
            f"body {body.pattern!r} (regex)"
            if isinstance(body, re.Pattern)
            else f"body {short(body)}"
        )
    if json_value is not ANY:
        parts.append(f"JSON body {json.dumps(json_value, sort_keys=True)}")
    if attributes:
        parts.append(f"attributes {dict(attributes)!r}")
    if group_id is not ANY:
        parts.append(f"group {group_id!r}")
    return (" with " + " and ".join(parts)) if parts else ""


def count_of(n: int, noun: str) -> str:
    """``1 message``, ``2 messages``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


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


def describe_messages(messages: list[MessageView], total: int | None = None) -> str:
    """List messages one per line for a failure message (at most ``MAX_LISTED``).

    ``total``: how many there are in all, when ``messages`` is only the first of them.
    """
    total = len(messages) if total is None else total
    lines = []
    for i, m in enumerate(messages[:MAX_LISTED]):
        line = f"  [{i}] {m.state.replace('_', ' '):<9} body={short(m.body)}"
        if m.message_attributes:
            line += f"  attributes={plain_attributes(m.message_attributes)}"
        if m.group_id is not None:
            line += f"  group={m.group_id!r}"
        if m.receive_count:
            line += f"  receive_count={m.receive_count}"
        lines.append(line)
    if total > min(len(messages), MAX_LISTED):
        lines.append(f"  ... and {total - min(len(messages), MAX_LISTED)} more")
    return "\n".join(lines)


class QueueView:
    """A read-only handle on one queue: each property reads the queue's state at that moment."""

    def __init__(
        self,
        queue: Queue,
        read: Callable[[Callable[[int], Any]], Any],
        lookup: Callable[[str], QueueView] | None = None,
    ) -> None:
        self._queue = queue
        self._read = read  # runs fn(now) under the backend lock, after settling the queue
        self._lookup = lookup  # a view of another queue, by ARN (for the dead-letter queue)

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

    def _messages(
        self, states: tuple[int, ...] | None, limit: int | None = None
    ) -> list[MessageView]:
        queue = self._queue

        def snapshot(_: int) -> list[MessageView]:
            stored = queue.messages.values()  # keyed by queue sequence: send order
            chosen = (m for m in stored if states is None or m.state in states)
            return [MessageView.of(msg, queue.fifo) for msg in itertools.islice(chosen, limit)]

        result: list[MessageView] = self._read(snapshot)
        return result

    @property
    def messages(self) -> list[MessageView]:
        """Every stored message, oldest first."""
        return self._messages(None)

    def oldest(self, count: int) -> list[MessageView]:
        """The ``count`` oldest stored messages (cheap on a deep queue, unlike ``messages``)."""
        return self._messages(None, count)

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

    @property
    def json_bodies(self) -> list[Any]:
        """The body of every stored message decoded as JSON, oldest first."""
        return [m.json() for m in self.messages]

    @property
    def counts(self) -> dict[str, int]:
        """How many messages are visible, in flight and delayed (the Approximate* counters)."""
        queue = self._queue

        def read(_: int) -> dict[str, int]:
            counts = queue.counts
            return {
                "visible": counts[VISIBLE],
                "in_flight": counts[INFLIGHT],
                "delayed": counts[DELAYED],
            }

        result: dict[str, int] = self._read(read)
        return result

    @property
    def dead_letter_queue(self) -> QueueView | None:
        """The queue its RedrivePolicy names, or None without one (or if it was deleted)."""
        policy = self._queue.attributes.get("RedrivePolicy")
        if not policy or self._lookup is None:
            return None
        target = json.loads(policy).get("deadLetterTargetArn")
        try:
            return self._lookup(target) if isinstance(target, str) else None
        except LookupError:
            return None

    @property
    def dead_lettered(self) -> list[MessageView]:
        """The messages of this queue now in its dead-letter queue, oldest first."""
        dlq = self.dead_letter_queue
        if dlq is None:
            return []
        return [m for m in dlq.messages if m.dead_letter_source_arn == self.arn]

    def __len__(self) -> int:
        return len(self.messages)

    # -- assertions ---------------------------------------------------------------------------

    def _find(
        self,
        body: Any,
        json_value: Any,
        attributes: Mapping[str, Any] | None,
        group_id: Any,
        state: str | None,
    ) -> tuple[list[MessageView], list[MessageView]]:
        messages = self.messages
        pool = messages if state is None else [m for m in messages if m.state == state]
        found = [
            m
            for m in pool
            if message_matches(
                m.body,
                m.message_attributes,
                m.group_id,
                body_wanted=body,
                json_value=json_value,
                attributes_wanted=attributes,
                group_id=group_id,
            )
        ]
        return messages, found

    def assert_empty(self) -> None:
        """Assert the queue holds no message at all (visible, in flight or delayed)."""
        __tracebackhide__ = True
        messages = self.messages
        if messages:
            raise AssertionError(
                f"Expected queue {self.name!r} to be empty, but it holds "
                f"{count_of(len(messages), 'message')} ({self._breakdown(messages)}):\n"
                + describe_messages(messages)
            )

    def assert_has_message(
        self,
        body: Any = ANY,
        *,
        json: Any = ANY,
        attributes: Mapping[str, Any] | None = None,
        group_id: Any = ANY,
        state: str | None = None,
    ) -> MessageView:
        """Assert the queue holds a message meeting every criterion given; return the first.

        ``state`` is ``"visible"``, ``"in_flight"`` or ``"delayed"`` (default: any).
        """
        __tracebackhide__ = True
        _check_state(state)
        messages, found = self._find(body, json, attributes, group_id, state)
        if found:
            return found[0]
        wanted = criteria(body, json, attributes, group_id)
        where = "a" if state is None else f"{'an' if state == 'in_flight' else 'a'} {state}"
        where = where.replace("_", " ")
        if not messages:
            raise AssertionError(
                f"Expected {where} message{wanted} on queue {self.name!r}, but the queue is empty."
            )
        raise AssertionError(
            f"Expected {where} message{wanted} on queue {self.name!r}, but none of its "
            f"{count_of(len(messages), 'message')} matches:\n" + describe_messages(messages)
        )

    def assert_message_count(self, expected: int, *, state: str | None = None) -> None:
        """Assert how many messages the queue holds (in ``state``, if given)."""
        __tracebackhide__ = True
        _check_state(state)
        messages = self.messages
        pool = messages if state is None else [m for m in messages if m.state == state]
        if len(pool) == expected:
            return
        noun = "message" if state is None else f"{state.replace('_', ' ')} message"
        detail = f":\n{describe_messages(messages)}" if messages else "."
        raise AssertionError(
            f"Expected {count_of(expected, noun)} on queue {self.name!r}, found {len(pool)} "
            f"({self._breakdown(messages)}){detail}"
        )

    def assert_dead_lettered(self, expected: int) -> None:
        """Assert how many of this queue's messages are now in its dead-letter queue."""
        __tracebackhide__ = True
        dlq = self.dead_letter_queue
        if dlq is None:
            raise AssertionError(
                f"Expected {count_of(expected, 'message')} of queue {self.name!r} in its "
                "dead-letter queue, but it has none (no RedrivePolicy)."
            )
        moved = [m for m in dlq.messages if m.dead_letter_source_arn == self.arn]
        if len(moved) == expected:
            return
        detail = f":\n{describe_messages(moved)}" if moved else "."
        raise AssertionError(
            f"Expected {count_of(expected, 'message')} of queue {self.name!r} dead-lettered to "
            f"{dlq.name!r}, found {len(moved)}{detail}"
        )

    @staticmethod
    def _breakdown(messages: list[MessageView]) -> str:
        states = [m.state for m in messages]
        return ", ".join(
            f"{states.count(state)} {state.replace('_', ' ')}"
            for state in ("visible", "in_flight", "delayed")
        )


_STATES = ("visible", "in_flight", "delayed")


def _check_state(state: str | None) -> None:
    if state is not None and state not in _STATES:
        raise ValueError(f"state must be one of {', '.join(_STATES)} or None, not {state!r}")
