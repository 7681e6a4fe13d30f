"""A long poll on a running clock blocks, wakes promptly on what makes a message receivable, and
ends when its wait ends. Real threads and real (short) waits: keep them few and small."""

from __future__ import annotations

import concurrent.futures
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import boto3
import freezegun
import pytest
import time_machine

from pytest_sqsmock import SqsMock

from .helpers import T0, bodies, make_queue, real_seconds, receive, source_with_dlq

# Loose bounds: the poll should wake within milliseconds; these only catch "did not wake".
PROMPT = 1.0


class Polled(NamedTuple):
    begin: float
    end: float
    messages: list[dict[str, Any]]


@pytest.fixture
def pool() -> Iterator[concurrent.futures.ThreadPoolExecutor]:
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as executor:
        yield executor


def _client() -> Any:
    return boto3.client("sqs", region_name="us-east-1")


def _poll_in_background(
    pool: concurrent.futures.ThreadPoolExecutor, url: str, **kwargs: Any
) -> concurrent.futures.Future[Polled]:
    """Start a long poll on its own client in another thread; return once it is about to block."""
    client = _client()  # made here: creating clients is not thread-safe
    client.get_queue_url(QueueName=url.rsplit("/", 1)[-1])  # warm it up before timing
    started = threading.Event()

    def poll() -> Polled:
        started.set()
        begin = real_seconds()
        messages = receive(client, url, **kwargs)
        return Polled(begin, real_seconds(), messages)

    future = pool.submit(poll)
    assert started.wait(5)
    time.sleep(0.2)  # real time on purpose: let the poll block before acting on the queue
    return future


def _act(action: Callable[[], object]) -> float:
    """Run ``action`` and return the real time when it finished."""
    action()
    return real_seconds()


@pytest.mark.parametrize("how", ["WaitTimeSeconds", "ReceiveMessageWaitTimeSeconds"])
def test_send_from_another_thread_wakes_the_poll(
    sqs: Any, pool: concurrent.futures.ThreadPoolExecutor, how: str
) -> None:
    if how == "WaitTimeSeconds":
        url, kwargs = make_queue(sqs, "q"), {"WaitTimeSeconds": 5}
    else:
        url, kwargs = make_queue(sqs, "q", ReceiveMessageWaitTimeSeconds="5"), {}
    future = _poll_in_background(pool, url, **kwargs)
    sent_at = _act(lambda: sqs.send_message(QueueUrl=url, MessageBody="wake up"))
    polled = future.result(timeout=10)
    assert bodies(polled.messages) == ["wake up"]
    assert polled.end - sent_at < PROMPT
    assert polled.end - polled.begin >= 0.15  # it really blocked until the send
    assert polled.end - polled.begin < 3  # well before the 5 s wait


def test_visibility_expiry_during_the_wait_ends_it(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="back")
    assert bodies(receive(sqs, queue_url, VisibilityTimeout=1)) == ["back"]
    begin = real_seconds()
    messages = receive(
        sqs, queue_url, WaitTimeSeconds=5, MessageSystemAttributeNames=["ApproximateReceiveCount"]
    )
    elapsed = real_seconds() - begin
    assert bodies(messages) == ["back"]
    assert messages[0]["Attributes"]["ApproximateReceiveCount"] == "2"
    assert 0.7 <= elapsed < 1 + PROMPT


def test_delayed_message_sent_during_the_wait_is_received_when_due(
    sqs: Any, queue_url: str, pool: concurrent.futures.ThreadPoolExecutor
) -> None:
    future = _poll_in_background(pool, queue_url, WaitTimeSeconds=5)
    sent_at = _act(lambda: sqs.send_message(QueueUrl=queue_url, MessageBody="soon", DelaySeconds=1))
    polled = future.result(timeout=10)
    assert bodies(polled.messages) == ["soon"]
    assert 0.8 <= polled.end - sent_at < 1 + PROMPT


def test_change_visibility_to_zero_from_another_thread_wakes_the_poll(
    sqs: Any, queue_url: str, pool: concurrent.futures.ThreadPoolExecutor
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="released")
    (message,) = receive(sqs, queue_url, VisibilityTimeout=600)
    future = _poll_in_background(pool, queue_url, WaitTimeSeconds=5)
    changed_at = _act(
        lambda: sqs.change_message_visibility(
            QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
        )
    )
    polled = future.result(timeout=10)
    assert bodies(polled.messages) == ["released"]
    assert polled.end - changed_at < PROMPT


def test_move_task_started_during_the_wait_delivers_at_its_rate(
    sqs: Any, sqs_mock: SqsMock, pool: concurrent.futures.ThreadPoolExecutor
) -> None:
    source_url, _ = source_with_dlq(sqs, 1)
    sqs.send_message(QueueUrl=source_url, MessageBody="redriven")
    receive(sqs, source_url, VisibilityTimeout=0)
    assert receive(sqs, source_url) == []  # dead-lettered
    dlq_arn = sqs_mock.queue("dlq").arn
    future = _poll_in_background(pool, source_url, WaitTimeSeconds=5)
    started_at = _act(
        lambda: sqs.start_message_move_task(SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=4)
    )
    polled = future.result(timeout=10)
    assert bodies(polled.messages) == ["redriven"]
    # the first message moves 1/4 s after the start
    assert 0.2 <= polled.end - started_at < 0.25 + PROMPT


def test_fifo_delay_lowered_during_the_wait_wakes_the_poll(
    sqs: Any, pool: concurrent.futures.ThreadPoolExecutor
) -> None:
    url = make_queue(sqs, "slow.fifo", DelaySeconds="60", ContentBasedDeduplication="true")
    sqs.send_message(QueueUrl=url, MessageBody="held", MessageGroupId="g")
    future = _poll_in_background(pool, url, WaitTimeSeconds=3)
    changed_at = _act(
        lambda: sqs.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "0"})
    )
    polled = future.result(timeout=10)
    # FIFO queue delays change retroactively: the message is receivable at once
    assert bodies(polled.messages) == ["held"]
    assert polled.end - changed_at < PROMPT


# -- running clocks faked by freezegun and time-machine -----------------------------------------


def test_freezegun_tick_true_is_a_running_clock_and_the_wait_is_bounded(
    sqs: Any, sqs_mock: SqsMock, queue_url: str
) -> None:
    with freezegun.freeze_time(T0, tick=True):
        assert not sqs_mock.clock.frozen
        begin = real_seconds()
        assert receive(sqs, queue_url, WaitTimeSeconds=1) == []
        elapsed = real_seconds() - begin
        assert sqs_mock.clock.now_ms() - T0.timestamp() * 1000 >= 900
    assert 0.9 <= elapsed < 3


def test_time_machine_tick_true_is_a_running_clock_and_a_send_wakes_the_poll(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, pool: concurrent.futures.ThreadPoolExecutor
) -> None:
    with time_machine.travel(T0, tick=True):
        assert not sqs_mock.clock.frozen
        future = _poll_in_background(pool, queue_url, WaitTimeSeconds=5)
        sent_at = _act(lambda: sqs.send_message(QueueUrl=queue_url, MessageBody="ticking"))
        polled = future.result(timeout=10)
    assert bodies(polled.messages) == ["ticking"]
    assert polled.end - polled.begin >= 0.15
    assert polled.end - sent_at < PROMPT


# -- the clock moved by another thread while a poll waits ---------------------------------------


def test_advance_from_another_thread_wakes_the_poll(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, pool: concurrent.futures.ThreadPoolExecutor
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="retry")
    receive(sqs, queue_url, VisibilityTimeout=30)
    future = _poll_in_background(pool, queue_url, WaitTimeSeconds=5)
    advanced_at = _act(lambda: sqs_mock.clock.advance(30))
    polled = future.result(timeout=10)
    assert bodies(polled.messages) == ["retry"]
    assert polled.end - advanced_at < PROMPT


def test_a_clock_frozen_during_the_wait_stops_waiting(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, pool: concurrent.futures.ThreadPoolExecutor
) -> None:
    future = _poll_in_background(pool, queue_url, WaitTimeSeconds=5)
    frozen_at = _act(lambda: sqs_mock.clock.advance(1))  # nothing freezes time yet: this does
    polled = future.result(timeout=10)
    assert polled.messages == []
    assert polled.end - frozen_at < PROMPT  # a frozen clock never waits in real time


@pytest.mark.sqs_mock(autojump=True)
def test_a_clock_frozen_during_the_wait_autojumps_to_what_comes_next(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, pool: concurrent.futures.ThreadPoolExecutor
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="later", DelaySeconds=10)
    sent_ms = sqs_mock.queue("q").messages[0].sent_at.timestamp() * 1000
    future = _poll_in_background(pool, queue_url, WaitTimeSeconds=20)
    frozen_at = _act(lambda: sqs_mock.clock.advance(1))
    polled = future.result(timeout=10)
    assert bodies(polled.messages) == ["later"]
    assert polled.end - frozen_at < PROMPT
    assert sqs_mock.clock.now_ms() == round(sent_ms) + 10_000


def test_deleting_the_queue_ends_a_waiting_poll_with_queue_does_not_exist(
    sqs: Any, pool: concurrent.futures.ThreadPoolExecutor
) -> None:
    url = make_queue(sqs, "doomed")
    future = _poll_in_background(pool, url, WaitTimeSeconds=5)
    deleted_at = _act(lambda: sqs.delete_queue(QueueUrl=url))
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as raised:
        future.result(timeout=10)
    assert raised.value.response["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue"
    assert real_seconds() - deleted_at < PROMPT  # woken by the delete, not by the 5 s wait


def test_stopping_the_mock_ends_a_waiting_poll_empty(
    pool: concurrent.futures.ThreadPoolExecutor,
) -> None:
    from pytest_sqsmock import mock_sqs

    with mock_sqs() as outer:
        sqs = _client()
        url = make_queue(sqs, "stopping")
        future = _poll_in_background(pool, url, WaitTimeSeconds=10)
        stopped_at = _act(outer.stop)
    polled = future.result(timeout=15)
    assert polled.messages == []
    assert real_seconds() - stopped_at < PROMPT  # not the 10 s wait
