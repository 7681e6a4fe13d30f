"""FIFO bookkeeping: message groups, the deduplication window and receive-attempt retries."""

from __future__ import annotations

import heapq
from collections import OrderedDict, deque
from dataclasses import dataclass, field

from .message import VISIBLE, Message

__all__ = ["DEDUP_WINDOW_MS", "FifoState", "Group", "ReceiveAttempt"]

DEDUP_WINDOW_MS = 5 * 60 * 1000
_FIRST_SEQUENCE_NUMBER = 18_000_000_000_000_000_000
_SEQUENCE_STEP = 65_536  # SQS sequence numbers grow, but not one by one


class Group:
    """One message group: its live messages in send order, and how many of them are in flight."""

    __slots__ = ("group_id", "inflight", "messages", "version")

    def __init__(self, group_id: str) -> None:
        self.group_id = group_id
        self.messages: deque[Message] = deque()
        self.inflight = 0
        self.version = 0

    def ready(self) -> bool:
        """Return whether the group can deliver now: nothing in flight, its head visible."""
        return self.inflight == 0 and bool(self.messages) and self.messages[0].state == VISIBLE


@dataclass
class ReceiveAttempt:
    """What one ReceiveMessage with a ReceiveRequestAttemptId returned, for retries."""

    expires_at: int
    visibility_timeout_ms: int
    deliveries: list[tuple[Message, int]] = field(default_factory=list)


class FifoState:
    """Everything a FIFO queue tracks beyond its messages.

    Groups ready to deliver sit in a heap keyed by their head's queue sequence; an entry is live
    only while its version matches the group's, so changing a group just pushes a new entry.
    """

    def __init__(self) -> None:
        self.groups: dict[str, Group] = {}
        self._ready: list[tuple[int, int, Group]] = []
        self.dedup: OrderedDict[tuple[str, str], tuple[int, str, str]] = OrderedDict()
        self.attempts: OrderedDict[str, ReceiveAttempt] = OrderedDict()
        self._next_sequence = _FIRST_SEQUENCE_NUMBER

    def next_sequence_number(self) -> str:
        self._next_sequence += _SEQUENCE_STEP
        return str(self._next_sequence)

    def group(self, group_id: str) -> Group:
        group = self.groups.get(group_id)
        if group is None:
            group = self.groups[group_id] = Group(group_id)
        return group

    def refresh(self, group: Group) -> None:
        """Re-file a group after it changed: ready groups get a fresh heap entry."""
        group.version += 1
        if group.ready():
            heapq.heappush(self._ready, (group.messages[0].seq, group.version, group))
        elif not group.messages and group.inflight == 0:
            self.groups.pop(group.group_id, None)

    def peek_ready(self) -> Group | None:
        """Return the ready group whose head was sent first, without taking it."""
        ready = self._ready
        while ready:
            _, version, group = ready[0]
            if version == group.version and group.ready():
                return group
            heapq.heappop(ready)
        return None

    def pop_ready(self) -> Group | None:
        """Take the ready group whose head was sent first, or None."""
        ready = self._ready
        while ready:
            _, version, group = heapq.heappop(ready)
            if version == group.version and group.ready():
                group.version += 1
                return group
        return None

    def rebuild(self) -> None:
        """Re-file every group from scratch (after a purge or a bulk change)."""
        self._ready = []
        for group in list(self.groups.values()):
            self.refresh(group)

    def expire(self, now: int) -> None:
        """Forget deduplication ids and receive attempts older than five minutes."""
        dedup = self.dedup
        while dedup:
            key, entry = next(iter(dedup.items()))
            if entry[0] > now:
                break
            del dedup[key]
        attempts = self.attempts
        while attempts:
            attempt_id, attempt = next(iter(attempts.items()))
            if attempt.expires_at > now:
                break
            del attempts[attempt_id]
