"""Property tests: the queue model against a tiny, obviously-correct reference model.

The reference keeps messages in a plain list and derives every message's state from the time by
linear scans; the real model uses heaps, versions and incremental counters. Hypothesis drives
both with the same random operations and clock moves and compares them after every step.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from pytest_sqsmock.model.backend import Backend
from pytest_sqsmock.model.errors import SqsError
from pytest_sqsmock.model.message import DELAYED, GONE, INFLIGHT, VISIBLE, Message
from pytest_sqsmock.model.queue import Queue

ACCOUNT = "123456789012"
REGION = "us-east-1"
SENDER = "AIDAEXAMPLEEXAMPLE"
DEDUP_WINDOW_MS = 300_000
PURGE_INTERVAL_MS = 60_000

NOT_CHANGEABLE = "Message does not exist or is not available for visibility timeout change."
EXPIRED = "The receipt handle has expired."

SETTINGS = settings(
    max_examples=200,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Clock moves: whole seconds hit delay/visibility boundaries exactly, milliseconds land between.
advances = st.one_of(
    st.integers(min_value=0, max_value=10).map(lambda s: s * 1000),
    st.integers(min_value=0, max_value=10_000),
)


# -- the reference model ----------------------------------------------------------------------


@dataclass
class RefMessage:
    message_id: str
    seq: int
    group: str | None
    sent_at: int
    available_at: int
    inflight_until: int | None = None  # set by a receive or a visibility change
    receive_count: int = 0
    deleted: bool = False


class Reference:
    """SQS semantics the slow and simple way: every answer is a scan over a list."""

    def __init__(self, retention_ms: int, visibility_ms: int) -> None:
        self.retention_ms = retention_ms
        self.visibility_ms = visibility_ms
        self.messages: list[RefMessage] = []
        self.dedup: dict[tuple[str, str], tuple[int, str]] = {}
        self.purged_at: int | None = None

    def alive(self, msg: RefMessage, now: int) -> bool:
        return not msg.deleted and now < msg.sent_at + self.retention_ms

    def state(self, msg: RefMessage, now: int) -> int:
        if not self.alive(msg, now):
            return GONE
        if msg.receive_count == 0 and now < msg.available_at:
            return DELAYED
        if msg.inflight_until is not None and now < msg.inflight_until:
            return INFLIGHT
        return VISIBLE

    def live(self, now: int) -> list[RefMessage]:
        return [m for m in self.messages if self.alive(m, now)]

    def ids_in(self, state: int, now: int) -> set[str]:
        return {m.message_id for m in self.messages if self.state(m, now) == state}

    def find(self, message_id: str) -> RefMessage | None:
        for msg in self.messages:
            if msg.message_id == message_id:
                return msg
        return None

    def deliver(self, msg: RefMessage, now: int, visibility_ms: int) -> None:
        msg.receive_count += 1
        msg.inflight_until = now + visibility_ms

    def receive_standard(self, now: int, max_messages: int, visibility_ms: int) -> list[RefMessage]:
        visible = [m for m in self.messages if self.state(m, now) == VISIBLE]
        chosen = sorted(visible, key=lambda m: m.seq)[:max_messages]
        for msg in chosen:
            self.deliver(msg, now, visibility_ms)
        return chosen

    def receive_fifo(self, now: int, max_messages: int, visibility_ms: int) -> list[RefMessage]:
        by_group: dict[str, list[RefMessage]] = {}
        for msg in sorted(self.live(now), key=lambda m: m.seq):
            assert msg.group is not None
            by_group.setdefault(msg.group, []).append(msg)
        ready = [
            members
            for members in by_group.values()
            if all(self.state(m, now) != INFLIGHT for m in members)
            and self.state(members[0], now) == VISIBLE
        ]
        ready.sort(key=lambda members: members[0].seq)
        chosen: list[RefMessage] = []
        for members in ready:
            for msg in members:
                if len(chosen) == max_messages or self.state(msg, now) != VISIBLE:
                    break
                chosen.append(msg)
        for msg in chosen:
            self.deliver(msg, now, visibility_ms)
        return chosen


# -- shared machine parts ---------------------------------------------------------------------


class QueueMachine(RuleBasedStateMachine):
    """What both machines share: the clock, the handles seen, and the state comparison."""

    backend: Backend
    queue: Queue
    ref: Reference

    def __init__(self) -> None:
        super().__init__()
        self.now = 1_700_000_000_000
        self.sent = 0
        # Every receipt handle handed out: (handle, message id, receive count at delivery).
        self.handles: list[tuple[str, str, int]] = []

    def model_receive(self, max_messages: int, visibility_s: int) -> list[str]:
        deliveries = self.queue.receive(
            now=self.now,
            max_messages=max_messages,
            visibility_ms=visibility_s * 1000,
            dead_letter=self.backend.queue_by_arn,
        )
        for delivery in deliveries:
            msg = delivery.message
            self.handles.append((delivery.receipt_handle, msg.message_id, msg.receive_count))
        return [d.message.message_id for d in deliveries]

    def pick_handle(self, pick: int) -> tuple[str, str, int]:
        """Return a handle seen earlier; small picks (hypothesis favours them) are recent ones."""
        return self.handles[-1 - pick % len(self.handles)]

    @rule(ms=advances)
    def advance(self, ms: int) -> None:
        self.now += ms

    @rule(ms=st.integers(min_value=10_000, max_value=70_000))
    def advance_far(self, ms: int) -> None:
        """Jump far enough that short retention periods and purge intervals run out."""
        self.now += ms

    @invariant()
    def states_match(self) -> None:
        now = self.now
        self.queue.settle(now)
        model_ids: dict[int, set[str]] = {DELAYED: set(), VISIBLE: set(), INFLIGHT: set()}
        for msg in self.queue.messages.values():
            message_id = msg.message_id
            assert msg.state != GONE, f"{message_id} is stored but gone"
            model_ids[msg.state].add(message_id)
        for state in (DELAYED, VISIBLE, INFLIGHT):
            assert model_ids[state] == self.ref.ids_in(state, now), f"state {state} differs"
            assert self.queue.counts[state] == len(model_ids[state])
        for msg in self.queue.messages.values():
            message_id = msg.message_id
            ref = self.ref.find(message_id)
            assert ref is not None
            assert msg.receive_count == ref.receive_count

    def expect_error(self, error: SqsError, code: str, reason: str) -> None:
        assert error.code == code
        assert error.message.endswith(f"Reason: {reason}")


# -- standard queue ---------------------------------------------------------------------------


class StandardQueueMachine(QueueMachine):
    @initialize(
        retention_s=st.sampled_from([60, 120, 345_600]),
        visibility_s=st.integers(min_value=0, max_value=5),
    )
    def create(self, retention_s: int, visibility_s: int) -> None:
        self.backend = Backend(ACCOUNT)
        self.queue = self.backend.create_queue(
            ACCOUNT,
            REGION,
            "q",
            {"MessageRetentionPeriod": str(retention_s), "VisibilityTimeout": str(visibility_s)},
            {},
            self.now,
        )
        self.ref = Reference(retention_s * 1000, visibility_s * 1000)

    @rule(delay_s=st.one_of(st.none(), st.integers(min_value=0, max_value=3)))
    def send(self, delay_s: int | None) -> None:
        self.sent += 1
        result = self.queue.send(
            Message(f"m{self.sent}", {}, {}),
            now=self.now,
            delay_seconds=delay_s,
            group_id=None,
            deduplication_id=None,
            sender_id=SENDER,
        )
        self.ref.messages.append(
            RefMessage(
                message_id=result.message_id,
                seq=self.sent,
                group=None,
                sent_at=self.now,
                available_at=self.now + (delay_s or 0) * 1000,
            )
        )

    @rule(
        max_messages=st.integers(min_value=1, max_value=10),
        visibility_s=st.integers(min_value=0, max_value=5),
    )
    def receive(self, max_messages: int, visibility_s: int) -> None:
        expected = self.ref.receive_standard(self.now, max_messages, visibility_s * 1000)
        got = self.model_receive(max_messages, visibility_s)
        assert got == [m.message_id for m in expected]

    @rule(max_messages=st.integers(min_value=1, max_value=10))
    def receive_with_queue_visibility(self, max_messages: int) -> None:
        expected = self.ref.receive_standard(self.now, max_messages, self.ref.visibility_ms)
        deliveries = self.queue.receive(
            now=self.now,
            max_messages=max_messages,
            visibility_ms=None,
            dead_letter=self.backend.queue_by_arn,
        )
        for delivery in deliveries:
            msg = delivery.message
            self.handles.append((delivery.receipt_handle, msg.message_id, msg.receive_count))
        assert [d.message.message_id for d in deliveries] == [m.message_id for m in expected]

    @precondition(lambda self: self.handles)
    @rule(pick=st.integers(min_value=0))
    def delete(self, pick: int) -> None:
        handle, message_id, _ = self.pick_handle(pick)
        self.queue.delete(handle, self.now)  # stale and repeated handles succeed on standard
        ref = self.ref.find(message_id)
        assert ref is not None
        ref.deleted = True

    @precondition(lambda self: self.handles)
    @rule(pick=st.integers(min_value=0), timeout_s=st.integers(min_value=0, max_value=10))
    def change_visibility(self, pick: int, timeout_s: int) -> None:
        handle, message_id, _ = self.pick_handle(pick)
        ref = self.ref.find(message_id)
        assert ref is not None
        state = self.ref.state(ref, self.now)
        if state == GONE:
            with pytest.raises(SqsError) as info:
                self.queue.change_visibility(handle, timeout_s, self.now)
            self.expect_error(info.value, "InvalidParameterValue", NOT_CHANGEABLE)
            return
        self.queue.change_visibility(handle, timeout_s, self.now)
        if state == INFLIGHT:  # any handle of an in-flight message works on standard queues
            ref.inflight_until = self.now + timeout_s * 1000

    @rule()
    def purge(self) -> None:
        if self.ref.purged_at is not None and self.now - self.ref.purged_at < PURGE_INTERVAL_MS:
            with pytest.raises(SqsError) as info:
                self.queue.purge(self.now)
            assert info.value.code == "AWS.SimpleQueueService.PurgeQueueInProgress"
            return
        self.queue.purge(self.now)
        self.ref.purged_at = self.now
        for msg in self.ref.messages:
            msg.deleted = True


# -- FIFO queue -------------------------------------------------------------------------------

groups = st.sampled_from(["A", "B", "C"])


class FifoQueueMachine(QueueMachine):
    @initialize(
        retention_s=st.sampled_from([60, 345_600]),
        delay_s=st.integers(min_value=0, max_value=2),
        scope=st.sampled_from(["queue", "messageGroup"]),
    )
    def create(self, retention_s: int, delay_s: int, scope: str) -> None:
        self.backend = Backend(ACCOUNT)
        attributes = {
            "FifoQueue": "true",
            "ContentBasedDeduplication": "true",
            "DeduplicationScope": scope,
            "MessageRetentionPeriod": str(retention_s),
            "DelaySeconds": str(delay_s),
        }
        self.queue = self.backend.create_queue(ACCOUNT, REGION, "q.fifo", attributes, {}, self.now)
        self.ref = Reference(retention_s * 1000, 30_000)
        self.delay_ms = delay_s * 1000
        self.scope = scope

    @rule(
        group=groups,
        dedup=st.one_of(st.none(), st.integers(min_value=0, max_value=7).map(str)),
        content=st.integers(min_value=0, max_value=3),
    )
    def send(self, group: str, dedup: str | None, content: int) -> None:
        self.sent += 1
        # Without an explicit id the body decides (content-based): reuse a few bodies for that.
        body = f"body{content}" if dedup is None else f"m{self.sent}"
        result = self.queue.send(
            Message(body, {}, {}),
            now=self.now,
            delay_seconds=None,
            group_id=group,
            deduplication_id=dedup,
            sender_id=SENDER,
        )
        dedup_id = dedup if dedup is not None else hashlib.sha256(body.encode()).hexdigest()
        key = (group if self.scope == "messageGroup" else "", dedup_id)
        seen = self.ref.dedup.get(key)
        if seen is not None and seen[0] > self.now:
            assert result.message_id == seen[1]  # a duplicate: acknowledged, not stored
            return
        assert result.message_id not in {m.message_id for m in self.ref.messages}
        self.ref.dedup[key] = (self.now + DEDUP_WINDOW_MS, result.message_id)
        self.ref.messages.append(
            RefMessage(
                message_id=result.message_id,
                seq=self.sent,
                group=group,
                sent_at=self.now,
                available_at=self.now + self.delay_ms,
            )
        )

    @rule(
        max_messages=st.integers(min_value=1, max_value=10),
        visibility_s=st.integers(min_value=0, max_value=5),
    )
    def receive(self, max_messages: int, visibility_s: int) -> None:
        now = self.now
        before = {m.message_id: self.ref.state(m, now) for m in self.ref.messages}
        expected = self.ref.receive_fifo(now, max_messages, visibility_s * 1000)
        got = self.model_receive(max_messages, visibility_s)
        assert got == [m.message_id for m in expected]
        # Group order and blocking, stated directly: a delivery never skips an older live
        # message of its group, and never comes from a group that had a message in flight.
        got_set = set(got)
        for message_id in got:
            msg = self.ref.find(message_id)
            assert msg is not None
            for other in self.ref.messages:
                if other.group != msg.group or before[other.message_id] == GONE:
                    continue
                assert before[other.message_id] != INFLIGHT
                if other.seq < msg.seq:
                    assert other.message_id in got_set
                    assert got.index(other.message_id) < got.index(message_id)

    @precondition(lambda self: self.handles)
    @rule(pick=st.integers(min_value=0))
    def delete(self, pick: int) -> None:
        handle, message_id, token = self.pick_handle(pick)
        ref = self.ref.find(message_id)
        assert ref is not None
        state = self.ref.state(ref, self.now)
        if state == GONE:
            self.queue.delete(handle, self.now)  # already gone: succeeds
        elif state != INFLIGHT or ref.receive_count != token:
            with pytest.raises(SqsError) as info:
                self.queue.delete(handle, self.now)
            self.expect_error(info.value, "InvalidParameterValue", EXPIRED)
        else:
            self.queue.delete(handle, self.now)
            ref.deleted = True

    @precondition(lambda self: self.handles)
    @rule(pick=st.integers(min_value=0), timeout_s=st.integers(min_value=0, max_value=10))
    def change_visibility(self, pick: int, timeout_s: int) -> None:
        handle, message_id, token = self.pick_handle(pick)
        ref = self.ref.find(message_id)
        assert ref is not None
        state = self.ref.state(ref, self.now)
        if state != INFLIGHT or ref.receive_count != token:
            with pytest.raises(SqsError) as info:
                self.queue.change_visibility(handle, timeout_s, self.now)
            self.expect_error(info.value, "InvalidParameterValue", NOT_CHANGEABLE)
            return
        self.queue.change_visibility(handle, timeout_s, self.now)
        ref.inflight_until = self.now + timeout_s * 1000


StandardQueueMachine.TestCase.settings = SETTINGS
FifoQueueMachine.TestCase.settings = SETTINGS

TestStandardQueue = StandardQueueMachine.TestCase
TestFifoQueue = FifoQueueMachine.TestCase
