"""Unit tests of model/queue.py and model/fifo.py, called directly with integer ``now`` (ms)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from functools import partial

import pytest

from pytest_sqsmock.model.backend import Backend
from pytest_sqsmock.model.errors import SqsError
from pytest_sqsmock.model.message import Message
from pytest_sqsmock.model.queue import Delivery, Queue, parse_handle

ACCOUNT = "123456789012"
REGION = "us-east-1"
SENDER = "AIDAEXAMPLEEXAMPLE"


# -- helpers ----------------------------------------------------------------------------------


@pytest.fixture
def backend() -> Backend:
    return Backend(ACCOUNT)


def make_queue(backend: Backend, name: str = "q", now: int = 0, **attributes: str) -> Queue:
    if name.endswith(".fifo"):
        attributes.setdefault("FifoQueue", "true")
    return backend.create_queue(ACCOUNT, REGION, name, attributes, {}, now)


def send(
    queue: Queue,
    body: str,
    now: int,
    *,
    delay: int | None = None,
    group: str | None = None,
    dedup: str | None = None,
) -> str:
    result = queue.send(
        Message(body, {}, {}),
        now=now,
        delay_seconds=delay,
        group_id=group,
        deduplication_id=dedup,
        sender_id=SENDER,
    )
    return result.message_id


def receive(
    backend: Backend,
    queue: Queue,
    now: int,
    max_messages: int = 10,
    visibility_ms: int | None = None,
) -> list[Delivery]:
    return queue.receive(
        now=now,
        max_messages=max_messages,
        visibility_ms=visibility_ms,
        dead_letter=backend.queue_by_arn,
    )


def bodies(deliveries: list[Delivery]) -> list[str]:
    return [d.message.body for d in deliveries]


def counts(queue: Queue, now: int) -> tuple[int, int, int]:
    """Return (delayed, visible, in flight) after settling at ``now``."""
    queue.settle(now)
    delayed, visible, inflight = queue.counts
    return delayed, visible, inflight


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


# -- state counters ---------------------------------------------------------------------------


def test_counters_follow_delay_visible_inflight_visible_deleted(backend: Backend) -> None:
    queue = make_queue(backend, VisibilityTimeout="30")
    message_id = send(queue, "m", 0, delay=5)
    assert counts(queue, 0) == (1, 0, 0)
    assert receive(backend, queue, 4_999) == []
    assert counts(queue, 4_999) == (1, 0, 0)

    assert counts(queue, 5_000) == (0, 1, 0)
    [first] = receive(backend, queue, 5_000)
    assert first.message.message_id == message_id
    assert first.message.receive_count == 1
    assert counts(queue, 5_000) == (0, 0, 1)
    assert counts(queue, 34_999) == (0, 0, 1)

    assert counts(queue, 35_000) == (0, 1, 0)
    [second] = receive(backend, queue, 35_000)
    assert second.message.receive_count == 2
    assert second.receipt_handle != first.receipt_handle
    assert counts(queue, 35_000) == (0, 0, 1)

    queue.delete(second.receipt_handle, 36_000)
    assert counts(queue, 36_000) == (0, 0, 0)
    assert queue.messages == {}
    assert receive(backend, queue, 100_000) == []


def test_counters_across_many_messages_in_every_state(backend: Backend) -> None:
    queue = make_queue(backend, VisibilityTimeout="10")
    for i in range(3):
        send(queue, f"delayed-{i}", 0, delay=60)
    for i in range(4):
        send(queue, f"visible-{i}", 0)
    received = receive(backend, queue, 0, max_messages=2)
    assert bodies(received) == ["visible-0", "visible-1"]
    assert counts(queue, 0) == (3, 2, 2)
    queue.delete(received[0].receipt_handle, 1_000)
    assert counts(queue, 1_000) == (3, 2, 1)
    assert counts(queue, 10_000) == (3, 3, 0)
    assert counts(queue, 60_000) == (0, 6, 0)
    assert sum(queue.counts) == len(queue.messages)


def test_queue_default_delay_applies_when_send_gives_none(backend: Backend) -> None:
    queue = make_queue(backend, DelaySeconds="4")
    send(queue, "default", 0)
    send(queue, "explicit-zero", 0, delay=0)
    assert counts(queue, 0) == (1, 1, 0)
    assert bodies(receive(backend, queue, 3_999)) == ["explicit-zero"]
    assert bodies(receive(backend, queue, 4_000)) == ["default"]


# -- settle -----------------------------------------------------------------------------------


def test_settle_is_idempotent(backend: Backend) -> None:
    queue = make_queue(backend, VisibilityTimeout="5")
    send(queue, "a", 0)
    send(queue, "b", 0, delay=2)
    send(queue, "c", 0)
    receive(backend, queue, 0, max_messages=1)
    for _ in range(3):
        queue.settle(7_000)
        assert queue.counts == [0, 3, 0]
    # Each message is handed out exactly once, however often the queue was settled.
    assert bodies(receive(backend, queue, 7_000)) == ["a", "b", "c"]
    queue.settle(7_000)
    queue.settle(7_000)
    assert queue.counts == [0, 0, 3]
    assert receive(backend, queue, 7_000) == []


def test_settle_at_an_earlier_time_changes_nothing(backend: Backend) -> None:
    queue = make_queue(backend)
    send(queue, "later", 0, delay=10)
    queue.settle(10_000)
    queue.settle(5_000)
    assert queue.counts == [0, 1, 0]


# -- visibility boundary ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility_ms", "expected_visible_at"),
    [(None, 30_000), (0, 0), (1_000, 1_000), (12_000, 12_000)],
)
def test_visibility_expires_exactly_at_the_boundary(
    backend: Backend, visibility_ms: int | None, expected_visible_at: int
) -> None:
    queue = make_queue(backend)
    send(queue, "m", 0)
    [delivery] = receive(backend, queue, 0, visibility_ms=visibility_ms)
    assert delivery.message.visible_at == expected_visible_at
    if expected_visible_at > 0:
        assert receive(backend, queue, expected_visible_at - 1) == []
        assert counts(queue, expected_visible_at - 1) == (0, 0, 1)
    [again] = receive(backend, queue, expected_visible_at)
    assert again.message is delivery.message
    assert again.message.receive_count == 2


def test_delay_ends_exactly_at_the_boundary(backend: Backend) -> None:
    queue = make_queue(backend)
    send(queue, "m", 1_234, delay=3)
    assert receive(backend, queue, 4_233) == []
    assert bodies(receive(backend, queue, 4_234)) == ["m"]


def test_change_visibility_counts_from_the_call(backend: Backend) -> None:
    queue = make_queue(backend)
    send(queue, "m", 0)
    [delivery] = receive(backend, queue, 0)
    queue.change_visibility(delivery.receipt_handle, 10, 7_000)
    assert receive(backend, queue, 16_999) == []
    assert bodies(receive(backend, queue, 17_000)) == ["m"]


# -- stale heap entries -----------------------------------------------------------------------


def test_repeated_visibility_changes_never_deliver_twice(backend: Backend) -> None:
    queue = make_queue(backend, VisibilityTimeout="30")
    send(queue, "m", 0)
    [first] = receive(backend, queue, 0)
    # Leaves heap entries due at 30 s (receive), 20 s, 40 s and 25 s; only the last one counts.
    queue.change_visibility(first.receipt_handle, 20, 0)
    queue.change_visibility(first.receipt_handle, 40, 0)
    queue.change_visibility(first.receipt_handle, 25, 0)
    for now in (20_000, 24_999):
        assert receive(backend, queue, now) == []
        assert counts(queue, now) == (0, 0, 1)
    [second] = receive(backend, queue, 25_000, visibility_ms=100_000)
    assert second.message.receive_count == 2
    # The stale entries due at 30 s and 40 s surface now and must be skipped.
    for now in (30_000, 40_000, 124_999):
        assert receive(backend, queue, now) == []
        assert counts(queue, now) == (0, 0, 1)
    [third] = receive(backend, queue, 125_000)
    assert third.message.receive_count == 3


def test_visibility_zero_then_more_changes_delivers_once(backend: Backend) -> None:
    queue = make_queue(backend)
    send(queue, "a", 0)
    send(queue, "b", 0)
    deliveries = receive(backend, queue, 0)
    handle_a = deliveries[0].receipt_handle
    queue.change_visibility(handle_a, 0, 1_000)
    queue.change_visibility(handle_a, 0, 1_000)  # already visible: no-op on a standard queue
    assert counts(queue, 1_000) == (0, 1, 1)
    assert bodies(receive(backend, queue, 1_000)) == ["a"]
    assert receive(backend, queue, 1_000) == []
    assert counts(queue, 1_000) == (0, 0, 2)


def test_expired_then_redelivered_message_keeps_send_order(backend: Backend) -> None:
    queue = make_queue(backend, VisibilityTimeout="10")
    send(queue, "first", 0)
    receive(backend, queue, 0)
    send(queue, "second", 5_000)
    send(queue, "third", 6_000)
    # "first" is visible again at 10 s and is still the oldest by send order.
    assert bodies(receive(backend, queue, 10_000)) == ["first", "second", "third"]


def test_deleted_message_stale_entries_do_not_resurrect(backend: Backend) -> None:
    queue = make_queue(backend, VisibilityTimeout="10")
    send(queue, "m", 0, delay=2)
    [delivery] = receive(backend, queue, 2_000)
    queue.change_visibility(delivery.receipt_handle, 3, 2_000)
    queue.delete(delivery.receipt_handle, 3_000)
    for now in (5_000, 12_000, 1_000_000):
        assert receive(backend, queue, now) == []
        assert counts(queue, now) == (0, 0, 0)


# -- receipt handles --------------------------------------------------------------------------


def test_parse_handle_round_trips_a_real_handle(backend: Backend) -> None:
    queue = make_queue(backend)
    message_id = send(queue, "m", 0)
    [delivery] = receive(backend, queue, 0)
    assert delivery.message.message_id == message_id
    assert parse_handle(delivery.receipt_handle) == (queue.uid, delivery.message.seq, 1)


@pytest.mark.parametrize(
    "handle",
    [
        "",
        "garbage",
        "AQEB",
        "AQEB!!!!",
        "AQEBabc",  # bad base64 padding
        "AQEB" + b64(b"uid:msg"),
        "AQEB" + b64(b"uid:msg:1:2"),
        "AQEB" + b64(b"uid:msg:one"),
        "AQEB" + b64(b"uid:msg:"),
        "AQEB" + b64("uid:m\u00e9ssage:1".encode()),
        "AQEB" + b64(b"\xff\xfe:\x00:1"),
        "XXXX" + b64(b"uid:msg:1"),
        "aqeb" + b64(b"uid:msg:1"),
    ],
)
def test_parse_handle_rejects_garbage(handle: str) -> None:
    assert parse_handle(handle) is None


@pytest.mark.parametrize("handle", ["garbage", "AQEB", "AQEB" + b64(b"a:b")])
def test_delete_with_garbage_handle_is_receipt_handle_is_invalid(
    backend: Backend, handle: str
) -> None:
    queue = make_queue(backend)
    with pytest.raises(SqsError) as info:
        queue.delete(handle, 0)
    assert info.value.code == "ReceiptHandleIsInvalid"
    assert info.value.status == 404
    assert (
        info.value.message == f'The input receipt handle "{handle}" is not a valid receipt handle.'
    )


@pytest.mark.parametrize("operation", ["delete", "change_visibility"])
def test_handle_from_another_queue_is_not_valid_for_this_queue(
    backend: Backend, operation: str
) -> None:
    queue = make_queue(backend, "q")
    other = make_queue(backend, "other")
    send(other, "m", 0)
    [delivery] = receive(backend, other, 0)
    call: Callable[[], None] = (
        partial(queue.delete, delivery.receipt_handle, 0)
        if operation == "delete"
        else partial(queue.change_visibility, delivery.receipt_handle, 5, 0)
    )
    with pytest.raises(SqsError) as info:
        call()
    assert info.value.code == "ReceiptHandleIsInvalid"
    assert info.value.status == 404
    assert info.value.message == (
        f'The receipt handle "{delivery.receipt_handle}" is not valid for this queue.'
    )
    assert counts(other, 0) == (0, 0, 1)


def test_stale_standard_handle_still_deletes(backend: Backend) -> None:
    queue = make_queue(backend, VisibilityTimeout="1")
    send(queue, "m", 0)
    [first] = receive(backend, queue, 0)
    [second] = receive(backend, queue, 1_000)
    assert parse_handle(first.receipt_handle) != parse_handle(second.receipt_handle)
    queue.delete(first.receipt_handle, 1_500)
    assert counts(queue, 1_500) == (0, 0, 0)
    queue.delete(second.receipt_handle, 1_500)  # already gone: succeeds silently


# -- FIFO -------------------------------------------------------------------------------------


def test_fifo_in_flight_message_blocks_its_group_only(backend: Backend) -> None:
    queue = make_queue(backend, "q.fifo", VisibilityTimeout="30")
    send(queue, "a1", 0, group="A", dedup="a1")
    send(queue, "a2", 1, group="A", dedup="a2")
    send(queue, "b1", 2, group="B", dedup="b1")
    [a1] = receive(backend, queue, 10, max_messages=1)
    assert a1.message.body == "a1"
    assert bodies(receive(backend, queue, 10)) == ["b1"]
    assert receive(backend, queue, 10) == []
    assert counts(queue, 10) == (0, 1, 2)  # a2 is visible, yet blocked behind a1
    queue.delete(a1.receipt_handle, 20)
    assert bodies(receive(backend, queue, 20)) == ["a2"]


def test_fifo_batch_from_one_group_blocks_until_every_message_is_done(backend: Backend) -> None:
    queue = make_queue(backend, "q.fifo")
    for i in range(3):
        send(queue, f"a{i}", i, group="A", dedup=f"a{i}")
    send(queue, "b0", 10, group="B", dedup="b0")
    batch = receive(backend, queue, 20, max_messages=2)
    assert bodies(batch) == ["a0", "a1"]
    queue.delete(batch[0].receipt_handle, 21)
    assert bodies(receive(backend, queue, 22)) == ["b0"]  # a1 still in flight: A stays blocked
    queue.delete(batch[1].receipt_handle, 23)
    assert bodies(receive(backend, queue, 24)) == ["a2"]


def test_fifo_expired_visibility_redelivers_in_group_order(backend: Backend) -> None:
    queue = make_queue(backend, "q.fifo", VisibilityTimeout="5")
    send(queue, "a1", 0, group="A", dedup="a1")
    send(queue, "a2", 0, group="A", dedup="a2")
    [a1] = receive(backend, queue, 0, max_messages=1)
    assert receive(backend, queue, 4_999) == []
    assert bodies(receive(backend, queue, 5_000)) == ["a1", "a2"]
    assert a1.message.receive_count == 2


def test_fifo_receive_fills_from_oldest_group_first(backend: Backend) -> None:
    queue = make_queue(backend, "q.fifo")
    send(queue, "b1", 0, group="B", dedup="b1")
    send(queue, "a1", 1, group="A", dedup="a1")
    send(queue, "b2", 2, group="B", dedup="b2")
    assert bodies(receive(backend, queue, 3)) == ["b1", "b2", "a1"]


def test_fifo_visibility_zero_on_later_message_keeps_group_blocked(backend: Backend) -> None:
    queue = make_queue(backend, "q.fifo")
    send(queue, "a1", 0, group="A", dedup="a1")
    send(queue, "a2", 0, group="A", dedup="a2")
    first, second = receive(backend, queue, 0)
    queue.change_visibility(second.receipt_handle, 0, 1)
    assert receive(backend, queue, 1) == []  # a1 is still in flight
    queue.delete(first.receipt_handle, 2)
    assert bodies(receive(backend, queue, 2)) == ["a2"]


def test_fifo_stale_handle_is_expired(backend: Backend) -> None:
    queue = make_queue(backend, "q.fifo", VisibilityTimeout="1")
    send(queue, "a1", 0, group="A", dedup="a1")
    [first] = receive(backend, queue, 0)
    [second] = receive(backend, queue, 1_000)
    with pytest.raises(SqsError) as info:
        queue.delete(first.receipt_handle, 1_000)
    assert info.value.code == "InvalidParameterValue"
    assert info.value.message == (
        f"Value {first.receipt_handle} for parameter ReceiptHandle is invalid. "
        "Reason: The receipt handle has expired."
    )
    queue.delete(second.receipt_handle, 1_000)
    assert queue.messages == {}


def test_fifo_deduplication_window_is_five_minutes(backend: Backend) -> None:
    queue = make_queue(backend, "q.fifo")
    first = send(queue, "x", 0, group="A", dedup="d")
    assert send(queue, "y", 299_999, group="A", dedup="d") == first
    assert len(queue.messages) == 1
    third = send(queue, "z", 300_000, group="A", dedup="d")
    assert third != first
    assert bodies(receive(backend, queue, 300_000)) == ["x", "z"]


def test_fifo_sequence_numbers_increase(backend: Backend) -> None:
    queue = make_queue(backend, "q.fifo")
    numbers = [
        int(
            queue.send(
                Message(str(i), {}, {}),
                now=i,
                delay_seconds=None,
                group_id="G" if i % 2 else "H",
                deduplication_id=str(i),
                sender_id=SENDER,
            ).sequence_number
            or "0"
        )
        for i in range(5)
    ]
    assert numbers == sorted(set(numbers))
    assert all(len(str(n)) >= 20 for n in numbers)


# -- purge ------------------------------------------------------------------------------------


def test_purge_resets_every_state(backend: Backend) -> None:
    queue = make_queue(backend, VisibilityTimeout="10")
    send(queue, "delayed", 0, delay=30)
    send(queue, "inflight", 0)
    send(queue, "visible", 0)
    [inflight] = receive(backend, queue, 0, max_messages=1)
    queue.change_visibility(inflight.receipt_handle, 20, 0)
    assert counts(queue, 0) == (1, 1, 1)

    queue.purge(1_000)
    assert counts(queue, 1_000) == (0, 0, 0)
    assert queue.messages == {}
    # Nothing comes back when the old delay, visibility and retention times pass.
    for now in (10_000, 20_000, 30_000, 59_999):
        assert receive(backend, queue, now) == []
        assert counts(queue, now) == (0, 0, 0)
    queue.delete(inflight.receipt_handle, 30_000)  # the message is gone: succeeds silently
    with pytest.raises(SqsError) as info:
        queue.change_visibility(inflight.receipt_handle, 5, 30_000)
    assert info.value.code == "InvalidParameterValue"
    assert info.value.message.endswith(
        "Reason: Message does not exist or is not available for visibility timeout change."
    )


def test_purge_is_refused_within_sixty_seconds_and_later_sends_survive(backend: Backend) -> None:
    queue = make_queue(backend)
    send(queue, "old", 0)
    queue.purge(0)
    send(queue, "new", 1)
    with pytest.raises(SqsError) as info:
        queue.purge(59_999)
    assert info.value.code == "AWS.SimpleQueueService.PurgeQueueInProgress"
    assert info.value.status == 403
    assert info.value.message == "Only one PurgeQueue operation on q is allowed every 60 seconds."
    assert bodies(receive(backend, queue, 59_999)) == ["new"]
    queue.purge(60_000)
    assert counts(queue, 60_000) == (0, 0, 0)


def test_purge_unblocks_fifo_groups(backend: Backend) -> None:
    queue = make_queue(backend, "q.fifo")
    send(queue, "a1", 0, group="A", dedup="a1")
    send(queue, "a2", 0, group="A", dedup="a2")
    receive(backend, queue, 0, max_messages=1)
    queue.purge(1)
    assert counts(queue, 1) == (0, 0, 0)
    send(queue, "a3", 2, group="A", dedup="a3")
    assert bodies(receive(backend, queue, 2)) == ["a3"]


# -- retention --------------------------------------------------------------------------------


def test_retention_drops_the_earlier_message_first(backend: Backend) -> None:
    queue = make_queue(backend, MessageRetentionPeriod="60")
    send(queue, "early", 0)
    send(queue, "late", 10_000)
    assert counts(queue, 59_999) == (0, 2, 0)
    assert counts(queue, 60_000) == (0, 1, 0)
    assert [m.body for m in queue.messages.values()] == ["late"]
    assert counts(queue, 69_999) == (0, 1, 0)
    assert counts(queue, 70_000) == (0, 0, 0)
    assert queue.messages == {}


def test_retention_covers_delayed_and_in_flight_messages(backend: Backend) -> None:
    queue = make_queue(backend, MessageRetentionPeriod="60", VisibilityTimeout="300")
    send(queue, "received", 0)
    send(queue, "delayed", 0, delay=900)
    [delivery] = receive(backend, queue, 30_000)
    assert counts(queue, 30_000) == (1, 0, 1)
    # Receiving does not restart retention: both expire 60 s after they were sent.
    assert counts(queue, 60_000) == (0, 0, 0)
    queue.delete(delivery.receipt_handle, 60_000)
    assert receive(backend, queue, 1_000_000) == []


def test_retention_skips_messages_already_deleted(backend: Backend) -> None:
    queue = make_queue(backend, MessageRetentionPeriod="60", VisibilityTimeout="300")
    send(queue, "a", 0)
    send(queue, "b", 1_000)
    [a, b] = receive(backend, queue, 1_000)
    queue.delete(a.receipt_handle, 2_000)
    assert counts(queue, 60_000) == (0, 0, 1)
    assert counts(queue, 61_000) == (0, 0, 0)
    assert queue.counts == [0, 0, 0]
    assert b.message.message_id not in queue.messages


def test_message_repr_before_and_after_it_is_stored(backend: Backend) -> None:
    message = Message("hello", {}, {})
    assert repr(message) == "<Message (not stored) body='hello'>"
    queue = backend.create_queue(ACCOUNT, "us-east-1", "q", {}, {}, now=0)
    message_id = queue.send(
        message, now=0, delay_seconds=None, group_id=None, deduplication_id=None, sender_id="S"
    ).message_id
    assert repr(message) == f"<Message {message_id} visible receives=0 body='hello'>"
