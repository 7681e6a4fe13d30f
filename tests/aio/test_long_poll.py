"""Long polls from async clients on a real clock never block the event loop.

A producer task, a consumer long-polling, and a heartbeat task share one event loop: the
consumer wakes as soon as the producer's message arrives, and the heartbeat keeps ticking all
through the wait. Real (short) waits on purpose: this is about real time. The bounds are loose:
a woken poll answers within milliseconds; they only catch "did not wake" and "loop blocked".
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from aiobotocore.session import get_session

import pytest_sqsmock.adapters.botocore as botocore_adapter
from pytest_sqsmock import SqsMock

pytestmark = pytest.mark.anyio

PROMPT = 1.0  # seconds: a woken long poll answers well within this
TICK = 0.05  # seconds between heartbeats
# A blocked loop would miss every beat for the whole wait (a second or more); allow a busy CI
# machine a scheduling hiccup well short of that.
MAX_GAP = 0.75


class Heartbeat:
    """A task that records the real time every ``TICK`` seconds while the loop runs freely."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _beat(self) -> None:
        while True:
            self.ticks.append(time.monotonic())
            await asyncio.sleep(TICK)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._beat())

    async def stop(self) -> None:
        assert self._task is not None
        self._task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await self._task

    def longest_gap(self, begin: float, end: float) -> float:
        """Return the longest time between two heartbeats (or the edges) in [begin, end]."""
        inside = [begin, *(t for t in self.ticks if begin < t < end), end]
        return max(b - a for a, b in itertools.pairwise(inside))

    def count(self, begin: float, end: float) -> int:
        return sum(begin < t < end for t in self.ticks)


@pytest.fixture
async def heartbeat() -> AsyncIterator[Heartbeat]:
    beat = Heartbeat()
    beat.start()
    yield beat
    await beat.stop()


async def _receive(client: Any, url: str, **kwargs: Any) -> tuple[float, float, list[str]]:
    """Long poll once; return (real start, real end, bodies received)."""
    begin = time.monotonic()
    response = await client.receive_message(QueueUrl=url, **kwargs)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    return begin, time.monotonic(), [m["Body"] for m in response.get("Messages", [])]


# -- producer and consumer in one event loop -----------------------------------------------------


@pytest.mark.parametrize("clients", ["one shared client", "a client each"])
async def test_consumer_long_poll_wakes_when_producer_task_sends(
    aio_sqs: Any, aio_queue_url: str, heartbeat: Heartbeat, clients: str
) -> None:
    async def producer(client: Any) -> float:
        await asyncio.sleep(0.5)
        await client.send_message(QueueUrl=aio_queue_url, MessageBody="wake up")
        return time.monotonic()

    if clients == "one shared client":
        consumed, sent_at = await asyncio.gather(
            _receive(aio_sqs, aio_queue_url, WaitTimeSeconds=5), producer(aio_sqs)
        )
    else:
        async with get_session().create_client("sqs", region_name="us-east-1") as own:
            consumed, sent_at = await asyncio.gather(
                _receive(aio_sqs, aio_queue_url, WaitTimeSeconds=5), producer(own)
            )
    begin, end, bodies = consumed
    assert bodies == ["wake up"]
    assert end - sent_at < PROMPT  # woke on the send, not at the end of its 5 s wait
    assert end - begin >= 0.4  # it really waited for the producer
    # the loop ran freely all along: the heartbeat never missed more than a few beats
    assert heartbeat.count(begin, end) >= 3
    assert heartbeat.longest_gap(begin, end) < MAX_GAP


async def test_queue_default_wait_time_long_poll_does_not_block_the_loop(
    aio_sqs: Any, heartbeat: Heartbeat
) -> None:
    url = (
        await aio_sqs.create_queue(
            QueueName="waits", Attributes={"ReceiveMessageWaitTimeSeconds": "5"}
        )
    )["QueueUrl"]

    async def producer() -> float:
        await asyncio.sleep(0.4)
        await aio_sqs.send_message(QueueUrl=url, MessageBody="by default")
        return time.monotonic()

    (begin, end, bodies), sent_at = await asyncio.gather(_receive(aio_sqs, url), producer())
    assert bodies == ["by default"]
    assert end - sent_at < PROMPT
    assert end - begin >= 0.3
    assert heartbeat.longest_gap(begin, end) < MAX_GAP


async def test_empty_long_poll_ends_after_its_wait_with_the_loop_running(
    aio_sqs: Any, aio_queue_url: str, heartbeat: Heartbeat
) -> None:
    begin, end, bodies = await _receive(aio_sqs, aio_queue_url, WaitTimeSeconds=1)
    assert bodies == []
    assert 0.9 <= end - begin < 1 + PROMPT
    assert heartbeat.count(begin, end) >= 5
    assert heartbeat.longest_gap(begin, end) < MAX_GAP


async def test_long_poll_wakes_when_a_delayed_message_becomes_visible(
    aio_sqs: Any, aio_queue_url: str, heartbeat: Heartbeat
) -> None:
    await aio_sqs.send_message(QueueUrl=aio_queue_url, MessageBody="later", DelaySeconds=1)
    begin, end, bodies = await _receive(aio_sqs, aio_queue_url, WaitTimeSeconds=5)
    assert bodies == ["later"]
    assert 0.8 <= end - begin < 1 + PROMPT
    assert heartbeat.longest_gap(begin, end) < MAX_GAP


async def test_concurrent_consumers_each_get_one_message(
    aio_sqs: Any, aio_queue_url: str, sqs_mock: SqsMock
) -> None:
    async def producer() -> None:
        await asyncio.sleep(0.3)
        await aio_sqs.send_message_batch(
            QueueUrl=aio_queue_url,
            Entries=[{"Id": str(i), "MessageBody": f"m{i}"} for i in range(3)],
        )

    *consumed, _ = await asyncio.gather(
        *(_receive(aio_sqs, aio_queue_url, WaitTimeSeconds=5) for _ in range(3)), producer()
    )
    received = sorted(body for _, _, bodies in consumed for body in bodies)
    assert received == ["m0", "m1", "m2"]  # nothing lost, nothing delivered twice
    assert all(len(bodies) == 1 for _, _, bodies in consumed)
    assert all(end - begin < 5 for begin, end, _ in consumed)
    assert len(sqs_mock.queue("q").in_flight) == 3


async def test_long_poll_error_on_a_running_clock_raises_in_the_task(
    aio_sqs: Any, aio_queue_url: str
) -> None:
    async def delete_soon() -> None:
        await asyncio.sleep(0.3)
        await aio_sqs.delete_queue(QueueUrl=aio_queue_url)

    poll = asyncio.ensure_future(_receive(aio_sqs, aio_queue_url, WaitTimeSeconds=2))
    await delete_soon()
    with pytest.raises(aio_sqs.exceptions.QueueDoesNotExist) as excinfo:
        await poll
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


async def test_cancelling_a_long_poll_is_prompt(
    aio_sqs: Any, aio_queue_url: str, heartbeat: Heartbeat
) -> None:
    poll = asyncio.ensure_future(_receive(aio_sqs, aio_queue_url, WaitTimeSeconds=1))
    await asyncio.sleep(0.2)
    cancelled_at = time.monotonic()
    poll.cancel()
    with pytest.raises(asyncio.CancelledError):
        await poll
    assert time.monotonic() - cancelled_at < 0.2
    # The poll's worker thread ends with its wait; let it, so it touches no later test.
    deadline = time.monotonic() + 5
    while _long_poll_threads() and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert _long_poll_threads() == []


def _long_poll_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "pytest-sqsmock long poll"]


# -- which calls leave the event loop's thread ---------------------------------------------------


class ThreadRecorder:
    """Stands between the adapter and the mock; records the thread each call is answered on."""

    def __init__(self, target: Any) -> None:
        self.target = target
        self.threads: list[tuple[str, int]] = []

    def handle(self, operation: str, params: dict[str, Any], region: str) -> dict[str, Any]:
        self.threads.append((operation, threading.get_ident()))
        result: dict[str, Any] = self.target.handle(operation, params, region)
        return result

    @property
    def wire(self) -> bool:
        wire: bool = self.target.wire
        return wire


@pytest.fixture
def recorder(sqs_mock: SqsMock) -> Iterator[ThreadRecorder]:
    original = botocore_adapter._target
    spy = ThreadRecorder(original)
    botocore_adapter.set_target(spy)
    try:
        yield spy
    finally:
        if botocore_adapter._target is spy:
            botocore_adapter.set_target(original)


async def test_only_long_polls_on_a_running_clock_leave_the_loop_thread(
    aio_sqs: Any, aio_queue_url: str, recorder: ThreadRecorder
) -> None:
    loop_thread = threading.get_ident()
    waiting = (
        await aio_sqs.create_queue(
            QueueName="waiting", Attributes={"ReceiveMessageWaitTimeSeconds": "1"}
        )
    )["QueueUrl"]
    for url in (aio_queue_url, aio_queue_url, waiting):
        await aio_sqs.send_message(QueueUrl=url, MessageBody="ready")
    await aio_sqs.receive_message(QueueUrl=aio_queue_url, WaitTimeSeconds=0)  # short poll
    await aio_sqs.receive_message(QueueUrl=aio_queue_url, WaitTimeSeconds=5)  # long poll
    await aio_sqs.receive_message(QueueUrl=waiting)  # the queue's default: may wait
    await aio_sqs.get_queue_attributes(QueueUrl=waiting, AttributeNames=["All"])
    on_loop = [(op, ident == loop_thread) for op, ident in recorder.threads]
    assert on_loop == [
        ("CreateQueue", True),
        ("SendMessage", True),
        ("SendMessage", True),
        ("SendMessage", True),
        ("ReceiveMessage", True),
        ("ReceiveMessage", False),
        ("ReceiveMessage", False),
        ("GetQueueAttributes", True),
    ]


async def test_frozen_clock_long_polls_answer_on_the_loop_thread(
    aio_sqs: Any, aio_queue_url: str, sqs_clock: Any, recorder: ThreadRecorder
) -> None:
    await aio_sqs.receive_message(QueueUrl=aio_queue_url, WaitTimeSeconds=20)
    assert recorder.threads == [("ReceiveMessage", threading.get_ident())]


async def test_sync_client_long_poll_in_async_code_is_answered_inline(
    aio_queue_url: str, recorder: ThreadRecorder
) -> None:
    import boto3

    sync = boto3.client("sqs", region_name="us-east-1")
    sync.send_message(QueueUrl=aio_queue_url, MessageBody="x")
    [message] = sync.receive_message(QueueUrl=aio_queue_url, WaitTimeSeconds=5)["Messages"]
    assert message["Body"] == "x"
    assert [ident for _, ident in recorder.threads] == [threading.get_ident()] * 2
