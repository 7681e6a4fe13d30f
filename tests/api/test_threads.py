"""Real threads on a real clock: producers and consumers sharing one mock, and long-poll wake-ups.

Each thread makes its own boto3 client (from its own session, since sessions are not
thread-safe) while the mock is active. Visibility timeouts are long, so SQS never has a
legitimate reason to deliver a message twice within a test.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

import boto3
import pytest

from pytest_sqsmock import SqsMock

PRODUCERS = 4
MESSAGES_PER_PRODUCER = 40
CONSUMERS = 4
TOTAL = PRODUCERS * MESSAGES_PER_PRODUCER
GROUPS = ["g0", "g1", "g2"]
DEADLINE_S = 10.0

P = TypeVar("P")
C = TypeVar("C")


def new_client() -> Any:
    """Return a fresh client from a fresh session, for use by one thread only."""
    return boto3.session.Session().client("sqs", region_name="us-east-1")


def run_threads(
    producers: list[Callable[[], P]], consumers: list[Callable[[], C]]
) -> tuple[list[P], list[C]]:
    """Run every target in its own thread at once; re-raise the first failure, return results."""
    with ThreadPoolExecutor(max_workers=len(producers) + len(consumers)) as pool:
        produced: list[Future[P]] = [pool.submit(target) for target in producers]
        consumed: list[Future[C]] = [pool.submit(target) for target in consumers]
        timeout = DEADLINE_S + 5
        return (
            [future.result(timeout=timeout) for future in produced],
            [future.result(timeout=timeout) for future in consumed],
        )


class Consumed:
    """What all consumers saw, in the order they processed it (guarded by one lock)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.message_ids: list[str] = []
        self.bodies: list[str] = []
        self.by_group: dict[str, list[str]] = defaultdict(list)

    def count(self) -> int:
        with self.lock:
            return len(self.message_ids)

    def record(self, messages: list[dict[str, Any]]) -> None:
        with self.lock:
            for message in messages:
                self.message_ids.append(message["MessageId"])
                self.bodies.append(message["Body"])
                group = message.get("Attributes", {}).get("MessageGroupId")
                if group is not None:
                    self.by_group[group].append(message["Body"])


def consumer(queue_url: str, consumed: Consumed, expected: int) -> Callable[[], int]:
    """Return a consumer loop: long-poll, record, delete, until ``expected`` messages are done."""

    def loop() -> int:
        client = new_client()
        deadline = time.monotonic() + DEADLINE_S
        handled = 0
        while consumed.count() < expected and time.monotonic() < deadline:
            response = client.receive_message(
                QueueUrl=queue_url,
                MaxNumberOfMessages=10,
                VisibilityTimeout=300,
                WaitTimeSeconds=1,
                MessageSystemAttributeNames=["MessageGroupId"],
            )
            messages = response.get("Messages", [])
            if not messages:
                continue
            # Record before deleting: until the delete, the batch is in flight (and on a FIFO
            # queue its groups are locked), so the record order is the order SQS handed out.
            consumed.record(messages)
            result = client.delete_message_batch(
                QueueUrl=queue_url,
                Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                    for i, m in enumerate(messages)
                ],
            )
            assert result["Failed"] == []
            assert len(result["Successful"]) == len(messages)
            handled += len(messages)
        return handled

    return loop


def queue_depths(client: Any, queue_url: str) -> dict[str, str]:
    attributes: dict[str, str] = client.get_queue_attributes(
        QueueUrl=queue_url,
        AttributeNames=[
            "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed",
        ],
    )["Attributes"]
    return attributes


EMPTY = {
    "ApproximateNumberOfMessages": "0",
    "ApproximateNumberOfMessagesNotVisible": "0",
    "ApproximateNumberOfMessagesDelayed": "0",
}


# -- producers and consumers ------------------------------------------------------------------


def test_standard_queue_loses_nothing_and_delivers_nothing_twice(
    sqs: Any, queue_url: str, sqs_mock: SqsMock
) -> None:
    assert not sqs_mock.clock.frozen

    def producer(index: int) -> Callable[[], dict[str, str]]:
        def send_all() -> dict[str, str]:
            client = new_client()
            sent = {}
            for n in range(MESSAGES_PER_PRODUCER):
                body = f"p{index}-m{n}"
                response = client.send_message(QueueUrl=queue_url, MessageBody=body)
                assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
                sent[response["MessageId"]] = body
            return sent

        return send_all

    consumed = Consumed()
    produced, handled = run_threads(
        [producer(i) for i in range(PRODUCERS)],
        [consumer(queue_url, consumed, TOTAL) for _ in range(CONSUMERS)],
    )
    sent = {message_id: body for batch in produced for message_id, body in batch.items()}

    assert len(sent) == TOTAL
    assert len(consumed.message_ids) == TOTAL
    assert len(set(consumed.message_ids)) == TOTAL, "a message was delivered twice"
    assert dict(zip(consumed.message_ids, consumed.bodies, strict=True)) == sent
    assert sum(handled) == TOTAL
    assert queue_depths(sqs, queue_url) == EMPTY
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url)


def test_fifo_queue_keeps_group_order_across_consumers(sqs: Any, fifo_url: str) -> None:
    def producer(index: int) -> Callable[[], list[tuple[str, int, str]]]:
        def send_all() -> list[tuple[str, int, str]]:
            client = new_client()
            sent = []
            for n in range(MESSAGES_PER_PRODUCER):
                body = f"p{index}-m{n}"
                group = GROUPS[(index + n) % len(GROUPS)]
                response = client.send_message(
                    QueueUrl=fifo_url,
                    MessageBody=body,
                    MessageGroupId=group,
                    MessageDeduplicationId=body,
                )
                sent.append((group, int(response["SequenceNumber"]), body))
            return sent

        return send_all

    consumed = Consumed()
    produced, handled = run_threads(
        [producer(i) for i in range(PRODUCERS)],
        [consumer(fifo_url, consumed, TOTAL) for _ in range(CONSUMERS)],
    )
    sent = [item for batch in produced for item in batch]

    # Send order within a group is the order of sequence numbers SQS assigned.
    expected: dict[str, list[str]] = defaultdict(list)
    for group, _, body in sorted(sent, key=lambda item: item[1]):
        expected[group].append(body)
    assert len({number for _, number, _ in sent}) == TOTAL
    assert len(consumed.message_ids) == TOTAL
    assert len(set(consumed.message_ids)) == TOTAL, "a message was delivered twice"
    assert dict(consumed.by_group) == dict(expected)
    assert sum(handled) == TOTAL
    # Each producer's own messages to one group also arrive in the order it sent them.
    for bodies in consumed.by_group.values():
        for index in range(PRODUCERS):
            mine = [int(b.split("-m")[1]) for b in bodies if b.startswith(f"p{index}-")]
            assert mine == sorted(mine)
    assert queue_depths(sqs, fifo_url) == EMPTY


# -- long polling on a real clock -------------------------------------------------------------


def test_long_poll_wakes_when_another_thread_sends(sqs: Any, queue_url: str) -> None:
    started = threading.Event()

    def wait_for_message() -> tuple[float, dict[str, Any]]:
        client = new_client()
        client.get_queue_url(QueueName="q")  # warm the client up before timing
        started.set()
        begin = time.monotonic()
        response: dict[str, Any] = client.receive_message(QueueUrl=queue_url, WaitTimeSeconds=10)
        return time.monotonic() - begin, response

    def send_later() -> str:
        client = new_client()
        assert started.wait(5)
        time.sleep(0.2)  # let the consumer block in its long poll first (real threads)
        message_id: str = client.send_message(QueueUrl=queue_url, MessageBody="wake up")[
            "MessageId"
        ]
        return message_id

    [message_id], [(elapsed, response)] = run_threads([send_later], [wait_for_message])
    assert [m["Body"] for m in response["Messages"]] == ["wake up"]
    assert response["Messages"][0]["MessageId"] == message_id
    assert 0.15 <= elapsed < 2.0


def test_long_poll_with_nothing_to_receive_waits_the_whole_time(sqs: Any, queue_url: str) -> None:
    begin = time.monotonic()
    response = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=1)
    elapsed = time.monotonic() - begin
    assert "Messages" not in response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert 0.9 <= elapsed < 1.8


@pytest.mark.parametrize("how", ["delay ends", "visibility expires"])
def test_long_poll_wakes_when_a_message_becomes_visible(sqs: Any, queue_url: str, how: str) -> None:
    if how == "delay ends":
        sqs.send_message(QueueUrl=queue_url, MessageBody="m", DelaySeconds=1)
    else:
        sqs.send_message(QueueUrl=queue_url, MessageBody="m")
        assert "Messages" in sqs.receive_message(QueueUrl=queue_url, VisibilityTimeout=1)
    begin = time.monotonic()
    response = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=5)
    elapsed = time.monotonic() - begin
    assert [m["Body"] for m in response["Messages"]] == ["m"]
    # Nothing sends meanwhile: the poll must time its own wake-up from the next due message.
    assert 0.5 <= elapsed < 2.0


def test_one_send_wakes_exactly_one_of_several_long_polls(sqs: Any, queue_url: str) -> None:
    ready = threading.Barrier(4)

    def wait_for_message() -> list[str]:
        client = new_client()
        ready.wait(5)
        response = client.receive_message(
            QueueUrl=queue_url, WaitTimeSeconds=1, VisibilityTimeout=300
        )
        return [m["Body"] for m in response.get("Messages", [])]

    def send_later() -> str:
        client = new_client()
        ready.wait(5)
        time.sleep(0.2)  # let the three consumers block in their long polls first
        message_id: str = client.send_message(QueueUrl=queue_url, MessageBody="only one")[
            "MessageId"
        ]
        return message_id

    _, received = run_threads([send_later], [wait_for_message] * 3)
    assert sorted(received) == [[], [], ["only one"]]
