"""Queue: one SQS queue's messages, and how they move between delayed, visible and in flight.

All time-driven change happens in ``settle(now)``, which every operation calls first: delays end,
visibility timeouts expire, retention drops old messages. Each state is a heap keyed by when (or
in which order) its messages leave it. Heap entries are plain ints or int tuples naming a message
by its queue sequence (so the garbage collector need not track them); an entry made stale by a
later change (the message is gone, or its ``version`` or state moved on) is skipped when it
surfaces. Every operation is O(log n) in the number of messages; nothing walks the whole queue
except purge and FIFO delay changes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import heapq
import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple, Protocol, TypeVar

from . import attributes as attrs
from . import errors
from .fifo import DEDUP_WINDOW_MS, FifoState, Group, ReceiveAttempt
from .message import DELAYED, GONE, INFLIGHT, VISIBLE, Message, new_id

__all__ = ["MAX_INFLIGHT", "Delivery", "Queue", "SendResult"]

MAX_VISIBILITY_MS = 43_200 * 1000
MAX_INFLIGHT = 120_000
PURGE_INTERVAL_MS = 60_000
_HANDLE_PREFIX = "AQEB"
_SEQ_MASK = (1 << 32) - 1


class SendResult(NamedTuple):
    """What a send gives back (made with ``_new``: one per message sent, so it must be cheap)."""

    message_id: str
    sequence_number: str | None


class Delivery(NamedTuple):
    """One message handed out by a receive, with the receipt handle for that receive."""

    message: Message
    receipt_handle: str


_T = TypeVar("_T")


class _TupleNew(Protocol):
    def __call__(self, cls: type[_T], fields: tuple[Any, ...], /) -> _T: ...


# Makes a NamedTuple from its fields in order, skipping its keyword-handling constructor (a
# send makes one per message, a receive one per delivery).
_new: _TupleNew = tuple.__new__  # type: ignore[assignment]

# The receipt handles handed out most recently, already parsed: a delete or a visibility change
# usually follows its receive closely, and then needs no decoding. Bounded; a miss just parses.
_RECENT_HANDLES: dict[str, tuple[str, int, int]] = {}
_RECENT_LIMIT = 4096


def _handle(uid: str, seq: int, token: int) -> str:
    raw = f"{uid}:{seq}:{token}".encode()
    handle = _HANDLE_PREFIX + base64.b64encode(raw).decode("ascii")
    recent = _RECENT_HANDLES
    if len(recent) >= _RECENT_LIMIT:
        recent.clear()
    recent[handle] = (uid, seq, token)
    return handle


def parse_handle(handle: str) -> tuple[str, int, int] | None:
    """Return (queue uid, message's queue sequence, receive token) from a receipt handle."""
    known = _RECENT_HANDLES.get(handle)
    if known is not None:
        return known
    if not handle.startswith(_HANDLE_PREFIX):
        return None
    try:
        raw = base64.b64decode(handle[len(_HANDLE_PREFIX) :], validate=True).decode("ascii")
        uid, seq, token = raw.split(":")
        return uid, int(seq), int(token)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def _invalid_handle(handle: str) -> errors.SqsError:
    return errors.receipt_handle_is_invalid(
        f'The input receipt handle "{handle}" is not a valid receipt handle.'
    )


def _foreign_handle(handle: str) -> errors.SqsError:
    return errors.receipt_handle_is_invalid(
        f'The receipt handle "{handle}" is not valid for this queue.'
    )


def _not_changeable(handle: str) -> errors.SqsError:
    return errors.invalid_value(
        "ReceiptHandle",
        handle,
        "Message does not exist or is not available for visibility timeout change.",
    )


class Queue:
    """One queue. Not thread-safe on its own: the backend's lock guards every call."""

    def __init__(
        self,
        *,
        name: str,
        account: str,
        region: str,
        url: str,
        arn: str,
        attributes: Mapping[str, str],
        tags: Mapping[str, str],
        now: int,
    ) -> None:
        self.name = name
        self.account = account
        self.region = region
        self.url = url
        self.arn = arn
        self.uid = uuid.uuid4().hex[:12]
        self.fifo = name.endswith(".fifo")
        self.attributes: dict[str, str] = attrs.defaults(self.fifo)
        self.tags: dict[str, str] = dict(tags)
        self.created_at = now
        self.last_modified_at = now
        self.purged_at: int | None = None
        # Live messages by queue sequence (insertion order is send order). The heaps hold only
        # ints, which the garbage collector stops tracking, so a deep queue costs it little.
        self.messages: dict[int, Message] = {}
        self.counts = [0, 0, 0]  # by state: DELAYED, VISIBLE, INFLIGHT
        self._seq = 0
        # Standard queues only: seqs of visible messages (an entry is live while its message is
        # visible; a message has at most one entry, pushed when it becomes visible).
        self._visible: list[int] = []
        self._delayed: list[tuple[int, int, int]] = []  # (available_at, seq, version)
        self._inflight: list[tuple[int, int, int]] = []  # (visible_at, seq, version)
        self._retention: list[int] = []  # retention_base << 32 | seq: plain ints, no tuples
        self._fifo = FifoState() if self.fifo else None
        self.redrive: tuple[str, int] | None = None
        self.apply_attributes(attributes, now)
        self.last_modified_at = now

    # -- attributes ---------------------------------------------------------------------------

    def apply_attributes(self, values: Mapping[str, str], now: int) -> None:
        """Store already-normalized attribute values and refresh what depends on them."""
        old_delay = self.attributes.get("DelaySeconds")
        for name, value in values.items():
            if value == "" and name in ("RedrivePolicy", "RedriveAllowPolicy", "Policy"):
                self.attributes.pop(name, None)
            else:
                self.attributes[name] = value
        if "KmsMasterKeyId" in values and "SqsManagedSseEnabled" not in values:
            if values["KmsMasterKeyId"]:
                self.attributes["SqsManagedSseEnabled"] = "false"
                self.attributes.setdefault("KmsDataKeyReusePeriodSeconds", "300")
            else:
                self.attributes.pop("KmsMasterKeyId", None)
        if values.get("SqsManagedSseEnabled") == "true":
            self.attributes.pop("KmsMasterKeyId", None)
            self.attributes.pop("KmsDataKeyReusePeriodSeconds", None)
        self.visibility_ms = int(self.attributes["VisibilityTimeout"]) * 1000
        self.delay_ms = int(self.attributes["DelaySeconds"]) * 1000
        self.retention_ms = int(self.attributes["MessageRetentionPeriod"]) * 1000
        self.max_size = int(self.attributes["MaximumMessageSize"])
        self.wait_seconds = int(self.attributes["ReceiveMessageWaitTimeSeconds"])
        policy = self.attributes.get("RedrivePolicy")
        if policy:
            parsed = json.loads(policy)
            self.redrive = (parsed["deadLetterTargetArn"], int(parsed["maxReceiveCount"]))
        else:
            self.redrive = None
        self.last_modified_at = now
        if self.fifo and old_delay is not None and self.attributes["DelaySeconds"] != old_delay:
            self._reschedule_fifo_delays(now)

    @property
    def content_based_deduplication(self) -> bool:
        return self.attributes.get("ContentBasedDeduplication") == "true"

    def attribute_values(self, names: Iterable[str], now: int) -> dict[str, str]:
        """Return the named attributes (settable and computed), as GetQueueAttributes does."""
        self.settle(now)
        result: dict[str, str] = {}
        for name in names:
            value = self._attribute(name)
            if value is not None:
                result[name] = value
        return result

    def _attribute(self, name: str) -> str | None:
        if name == "ApproximateNumberOfMessages":
            return str(self.counts[VISIBLE])
        if name == "ApproximateNumberOfMessagesNotVisible":
            return str(self.counts[INFLIGHT])
        if name == "ApproximateNumberOfMessagesDelayed":
            return str(self.counts[DELAYED])
        if name == "CreatedTimestamp":
            return str(self.created_at // 1000)
        if name == "LastModifiedTimestamp":
            return str(self.last_modified_at // 1000)
        if name == "QueueArn":
            return self.arn
        return self.attributes.get(name)

    # -- time ---------------------------------------------------------------------------------

    def settle(self, now: int) -> None:
        """Apply everything due by ``now``: retention, delay ends, visibility expiries."""
        messages = self.messages
        retention = self._retention
        if retention and (retention[0] >> 32) + self.retention_ms <= now:
            cutoff = (now - self.retention_ms + 1) << 32
            while retention and retention[0] < cutoff:
                seq = heapq.heappop(retention) & _SEQ_MASK
                msg = messages.get(seq)
                if msg is not None:
                    self._remove(msg)
        delayed = self._delayed
        while delayed and delayed[0][0] <= now:
            _, seq, version = heapq.heappop(delayed)
            msg = messages.get(seq)
            if msg is not None and msg.version == version:
                self._make_visible(msg)
        inflight = self._inflight
        while inflight and inflight[0][0] <= now:
            _, seq, version = heapq.heappop(inflight)
            msg = messages.get(seq)
            if msg is not None and msg.version == version:
                self._make_visible(msg)
        if self._fifo is not None:
            self._fifo.expire(now)

    def next_event_at(self) -> int | None:
        """Return when the next message may become receivable (for long polling), if known."""
        candidates = []
        if self._delayed:
            candidates.append(self._delayed[0][0])
        if self._inflight:
            candidates.append(self._inflight[0][0])
        if self._fifo is not None and self._retention:
            # A FIFO message that reaches its retention end leaves, maybe freeing its group.
            candidates.append((self._retention[0] >> 32) + self.retention_ms)
        return min(candidates) if candidates else None

    # -- state changes ------------------------------------------------------------------------

    def _set_state(self, msg: Message, state: int) -> None:
        counts = self.counts
        if msg.state != GONE:
            counts[msg.state] -= 1
        if state != GONE:
            counts[state] += 1
        msg.state = state
        msg.version += 1

    def _make_visible(self, msg: Message) -> None:
        was_inflight = msg.state == INFLIGHT
        self._set_state(msg, VISIBLE)
        if self._fifo is None:
            heapq.heappush(self._visible, msg.seq)
            return
        group = self._fifo.groups[msg.group_id or ""]
        if was_inflight:
            group.inflight -= 1
        self._fifo.refresh(group)

    def _remove(self, msg: Message) -> None:
        state = msg.state  # _set_state(msg, GONE), inlined: every delete comes here
        if state != GONE:
            self.counts[state] -= 1
        msg.state = GONE
        msg.version += 1
        was_inflight = state == INFLIGHT
        del self.messages[msg.seq]
        if self._fifo is not None:
            group = self._fifo.groups[msg.group_id or ""]
            if group.messages[0] is msg:
                group.messages.popleft()
            else:
                group.messages.remove(msg)
            if was_inflight:
                group.inflight -= 1
            self._fifo.refresh(group)

    def _store(self, msg: Message, now: int) -> None:
        """Put a new message into this queue, visible or delayed."""
        seq = self._seq = self._seq + 1
        msg.seq = seq
        self.messages[seq] = msg
        heapq.heappush(self._retention, msg.retention_base << 32 | seq)
        if self._fifo is not None:
            self._fifo.group(msg.group_id or "").messages.append(msg)
        msg.state = GONE  # _set_state counts it in below
        if msg.available_at > now:
            self._set_state(msg, DELAYED)
            heapq.heappush(self._delayed, (msg.available_at, seq, msg.version))
        elif self._fifo is None:  # the common case, inlined: _make_visible for a new message
            msg.state = VISIBLE
            msg.version += 1
            self.counts[VISIBLE] += 1
            heapq.heappush(self._visible, seq)
        else:
            self._make_visible(msg)

    # -- sending ------------------------------------------------------------------------------

    def send(
        self,
        msg: Message,
        *,
        now: int,
        delay_seconds: int | None,
        group_id: str | None,
        deduplication_id: str | None,
        sender_id: str,
        settled: bool = False,
    ) -> SendResult:
        """Store a new message; return its id (or the original's, for a FIFO duplicate).

        ``settled``: the caller already settled the queue at ``now`` (a batch does it once).
        """
        if not settled:
            self.settle(now)
        if msg.size > self.max_size:
            raise errors.invalid_parameter_value(
                "One or more parameters are invalid. Reason: Message must be shorter than "
                f"{self.max_size} bytes."
            )
        fifo = self._fifo
        if fifo is None:
            if deduplication_id is not None:
                raise errors.invalid_value(
                    "MessageDeduplicationId",
                    deduplication_id,
                    "The request includes a parameter that is not valid for this queue type.",
                )
            msg.message_id = message_id = new_id()
            msg.sender_id = sender_id
            msg.sent_at = msg.retention_base = now
            msg.available_at = now + (
                self.delay_ms if delay_seconds is None else delay_seconds * 1000
            )
            msg.group_id = group_id
            self._store(msg, now)
            return _new(SendResult, (message_id, None))
        if group_id is None:
            raise errors.missing_parameter("MessageGroupId")
        if delay_seconds:
            raise errors.invalid_value(
                "DelaySeconds",
                delay_seconds,
                "The request include parameter that is not valid for this queue type.",
            )
        if deduplication_id is None:
            if not self.content_based_deduplication:
                raise errors.invalid_parameter_value(
                    "The queue should either have ContentBasedDeduplication enabled or "
                    "MessageDeduplicationId provided explicitly"
                )
            deduplication_id = hashlib.sha256(msg.body.encode("utf-8")).hexdigest()
        scope = group_id if self.attributes["DeduplicationScope"] == "messageGroup" else ""
        key = (scope, deduplication_id)
        seen = fifo.dedup.get(key)
        if seen is not None and seen[0] > now:
            return _new(SendResult, (seen[1], seen[2]))
        msg.message_id = message_id = new_id()
        msg.sender_id = sender_id
        msg.sent_at = msg.retention_base = now
        msg.available_at = now + self.delay_ms
        msg.group_id = group_id
        msg.deduplication_id = deduplication_id
        msg.sequence_number = sequence_number = fifo.next_sequence_number()
        self._store(msg, now)
        fifo.dedup[key] = (now + DEDUP_WINDOW_MS, message_id, sequence_number)
        fifo.dedup.move_to_end(key)
        return _new(SendResult, (message_id, sequence_number))

    def accept_dead_letter(self, msg: Message, source_arn: str, now: int) -> None:
        """Take a message another queue dead-lettered, keeping its id and receive count."""
        moved = msg.copy()
        moved.available_at = now
        moved.receive_count = msg.receive_count
        moved.first_received_at = msg.first_received_at
        moved.dead_letter_source_arn = source_arn
        if self._fifo is not None:
            # FIFO dead-letter queues restart the retention clock and take the MessageId as
            # the deduplication id; standard ones keep the original enqueue time.
            moved.retention_base = now
            moved.deduplication_id = msg.message_id
            moved.sequence_number = self._fifo.next_sequence_number()
        self._store(moved, now)

    # -- receiving ----------------------------------------------------------------------------

    def receive(
        self,
        *,
        now: int,
        max_messages: int,
        visibility_ms: int | None,
        dead_letter: Callable[[str], Queue | None],
        attempt_id: str | None = None,
        short_poll: bool = True,
    ) -> list[Delivery]:
        """Hand out up to ``max_messages`` messages, moving over-received ones to the DLQ."""
        self.settle(now)
        if visibility_ms is None:
            visibility_ms = self.visibility_ms
        fifo = self._fifo
        if fifo is not None and attempt_id is not None:
            retried = self._retry_attempt(fifo, attempt_id, now)
            if retried is not None:
                return retried
        if fifo is None and short_poll and self.counts[INFLIGHT] >= MAX_INFLIGHT:
            raise errors.over_limit(
                f"The maximum number of in flight messages ({MAX_INFLIGHT}) for queue "
                f"{self.name} has been reached."
            )
        dlq: Queue | None = None
        max_receives = 0
        if self.redrive is not None:
            dlq = dead_letter(self.redrive[0])
            max_receives = self.redrive[1]
            if dlq is self:
                dlq = None
        out: list[Delivery] = []
        if fifo is None:
            visible = self._visible
            messages = self.messages
            while len(out) < max_messages and visible:
                msg = messages.get(heapq.heappop(visible))
                if msg is None or msg.state != VISIBLE:
                    continue
                if dlq is not None and msg.receive_count >= max_receives:
                    self._dead_letter(msg, dlq, now)
                    continue
                out.append(self._deliver(msg, now, visibility_ms))
        else:
            while len(out) < max_messages:
                group = fifo.pop_ready()
                if group is None:
                    break
                self._receive_from_group(
                    group, out, max_messages, now, visibility_ms, dlq, max_receives
                )
            if attempt_id is not None:
                fifo.attempts[attempt_id] = ReceiveAttempt(
                    expires_at=now + DEDUP_WINDOW_MS,
                    visibility_timeout_ms=visibility_ms,
                    deliveries=[(d.message, d.message.receive_token) for d in out],
                )
                fifo.attempts.move_to_end(attempt_id)
        return out

    def _receive_from_group(
        self,
        group: Group,
        out: list[Delivery],
        max_messages: int,
        now: int,
        visibility_ms: int,
        dlq: Queue | None,
        max_receives: int,
    ) -> None:
        messages = group.messages
        index = 0
        while len(out) < max_messages and index < len(messages):
            msg = messages[index]
            if msg.state != VISIBLE:
                break
            if dlq is not None and msg.receive_count >= max_receives:
                self._dead_letter(msg, dlq, now)  # removes it from the group
                continue
            out.append(self._deliver(msg, now, visibility_ms))
            group.inflight += 1
            index += 1
        assert self._fifo is not None
        self._fifo.refresh(group)

    def _deliver(self, msg: Message, now: int, visibility_ms: int) -> Delivery:
        counts = self.counts  # _set_state(msg, INFLIGHT), inlined: msg is VISIBLE
        counts[msg.state] -= 1
        counts[INFLIGHT] += 1
        msg.state = INFLIGHT
        msg.version += 1
        msg.receive_count += 1
        msg.receive_token += 1
        if msg.first_received_at is None:
            msg.first_received_at = now
        msg.received_at = now
        msg.visible_at = now + visibility_ms
        msg.visibility_changed = False
        heapq.heappush(self._inflight, (msg.visible_at, msg.seq, msg.version))
        return _new(Delivery, (msg, _handle(self.uid, msg.seq, msg.receive_token)))

    def _dead_letter(self, msg: Message, dlq: Queue, now: int) -> None:
        self._remove(msg)
        dlq.settle(now)
        dlq.accept_dead_letter(msg, self.arn, now)

    def _retry_attempt(self, fifo: FifoState, attempt_id: str, now: int) -> list[Delivery] | None:
        attempt = fifo.attempts.get(attempt_id)
        if attempt is None or not attempt.deliveries:
            return None
        for msg, token in attempt.deliveries:
            if (
                msg.state != INFLIGHT
                or msg.receive_token != token
                or msg.visibility_changed
                or self.messages.get(msg.seq) is not msg
            ):
                return None
        out = []
        for msg, token in attempt.deliveries:
            self._reset_visibility(msg, now + attempt.visibility_timeout_ms)
            msg.visibility_changed = False
            out.append(_new(Delivery, (msg, _handle(self.uid, msg.seq, token))))
        return out

    def _reset_visibility(self, msg: Message, visible_at: int) -> None:
        msg.visible_at = visible_at
        msg.version += 1
        heapq.heappush(self._inflight, (visible_at, msg.seq, msg.version))

    # -- receipt handles ----------------------------------------------------------------------

    def _lookup(self, handle: str) -> tuple[Message | None, int]:
        parsed = parse_handle(handle)
        if parsed is None:
            raise _invalid_handle(handle)
        uid, seq, token = parsed
        if uid != self.uid:
            raise _foreign_handle(handle)
        return self.messages.get(seq), token

    def delete(self, handle: str, now: int) -> None:
        """Delete the message a receipt handle names (stale handles still work on standard)."""
        self.settle(now)
        msg, token = self._lookup(handle)
        if msg is None:
            return
        if self._fifo is not None and (msg.receive_token != token or msg.state != INFLIGHT):
            raise errors.invalid_value("ReceiptHandle", handle, "The receipt handle has expired.")
        self._remove(msg)

    def change_visibility(self, handle: str, timeout: int, now: int) -> None:
        """Make a received message visible again ``timeout`` seconds from now."""
        self.settle(now)
        msg, token = self._lookup(handle)
        if msg is None:
            raise _not_changeable(handle)
        if msg.state != INFLIGHT:
            if self._fifo is not None or msg.receive_token == 0:
                raise _not_changeable(handle)
            return  # standard queue, visibility already expired: AWS answers 200, does nothing
        if self._fifo is not None and msg.receive_token != token:
            raise _not_changeable(handle)
        visible_at = now + timeout * 1000
        if visible_at - msg.received_at > MAX_VISIBILITY_MS:
            raise errors.invalid_value(
                "VisibilityTimeout",
                timeout,
                "Total VisibilityTimeout for the message is beyond the limit [43200 seconds]",
            )
        msg.visibility_changed = True
        if timeout == 0:
            self._make_visible(msg)
        else:
            self._reset_visibility(msg, visible_at)

    # -- whole-queue operations ---------------------------------------------------------------

    def purge(self, now: int) -> None:
        """Delete every message, in flight or not; refuse a second purge within 60 seconds."""
        if self.purged_at is not None and now - self.purged_at < PURGE_INTERVAL_MS:
            raise errors.purge_queue_in_progress(self.name)
        self.purged_at = now
        self.purge_all()

    def purge_all(self) -> None:
        """Drop every message at once (a purge, or the queue being deleted)."""
        for msg in self.messages.values():
            msg.state = GONE
            msg.version += 1
        self.messages.clear()
        self.counts = [0, 0, 0]
        self._visible.clear()
        self._delayed.clear()
        self._inflight.clear()
        self._retention.clear()
        if self._fifo is not None:
            self._fifo.groups.clear()
            self._fifo.rebuild()

    def movable_count(self) -> int:
        """Return how many messages a move task started now would move (the visible ones)."""
        return self.counts[VISIBLE]

    def peek_for_move(self, now: int) -> Message | None:
        """Return the oldest visible message (what a move task takes next), leaving it in place."""
        self.settle(now)
        if self._fifo is None:
            visible = self._visible
            while visible:
                msg = self.messages.get(visible[0])
                if msg is not None and msg.state == VISIBLE:
                    return msg
                heapq.heappop(visible)
            return None
        group = self._fifo.peek_ready()
        return group.messages[0] if group is not None else None

    def remove_message(self, msg: Message) -> None:
        """Take a message out of the queue for good (a move task moved it elsewhere)."""
        if msg.state != GONE and self.messages.get(msg.seq) is msg:
            self._remove(msg)

    def redrive_in(self, msg: Message, now: int) -> None:
        """Store a message a move task brought back: a new message, with a new id and clock."""
        fresh = msg.copy()
        fresh.message_id = new_id()
        fresh.sent_at = fresh.retention_base = fresh.available_at = now
        if self._fifo is not None:
            fresh.group_id = msg.group_id or msg.message_id
            fresh.sequence_number = self._fifo.next_sequence_number()
        else:
            fresh.deduplication_id = None
        self.settle(now)
        self._store(fresh, now)

    def _reschedule_fifo_delays(self, now: int) -> None:
        """Apply a new DelaySeconds to unreceived FIFO messages (retroactive on FIFO queues)."""
        self._delayed = []
        for msg in self.messages.values():
            if msg.receive_count or msg.state == INFLIGHT:
                continue
            msg.available_at = msg.sent_at + self.delay_ms
            if msg.available_at > now:
                self._set_state(msg, DELAYED)
                self._delayed.append((msg.available_at, msg.seq, msg.version))
            elif msg.state == DELAYED:
                self._set_state(msg, VISIBLE)
        heapq.heapify(self._delayed)
        assert self._fifo is not None
        self._fifo.rebuild()
