"""Tests for the notifications service: one event loop, a real async client, no AWS, no sleeps
for SQS's sake.

The first tests run producer and service together on the real clock: the service's long poll
must leave the event loop free for the producer, and wake as soon as a notification arrives.
The rest freeze time with ``autojump``, so backoffs of minutes pass in no real time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import aioboto3
import pytest
from aiobotocore.session import get_session
from freezegun import freeze_time

from pytest_sqsmock import Clock, SqsMock, mock_sqs

from .notifications import Notification, PublishError, publish
from .queues import NotificationQueues, create_notification_queues
from .service import NotificationService, RejectedNotification, Status, retry_delay

pytestmark = pytest.mark.anyio

UTC = dt.timezone.utc
MORNING = dt.datetime(2024, 6, 3, 8, 0, 0, tzinfo=UTC)


def notification(n: int, channel: str = "email") -> Notification:
    return Notification(f"n{n}", f"user-{n}", channel, "welcome", {"name": f"User {n}"})


class FakeSender:
    """A provider double: records each attempt and when it happened, fails on request, and
    counts the sends in progress to check the concurrency bound."""

    def __init__(self, now: Callable[[], Any], *, latency: float = 0.0) -> None:
        self.now = now  # when an attempt happened: SQS time, or real time
        self.latency = latency  # real seconds each send takes (asyncio.sleep)
        self.attempts: list[tuple[str, Any, str]] = []  # (notification id, when, result)
        self.in_progress = 0
        self.most_in_progress = 0
        self.on_sent: Callable[[Notification], None] = lambda _: None
        self._failures: dict[str, list[Exception]] = {}
        self._outages: dict[str, Exception] = {}

    def fail(self, notification_id: str, *errors: Exception) -> FakeSender:
        """Raise ``errors`` on the next attempts at ``notification_id``, one each."""
        self._failures.setdefault(notification_id, []).extend(errors)
        return self

    def fail_always(self, notification_id: str, error: Exception) -> FakeSender:
        self._outages[notification_id] = error
        return self

    async def send(self, notification: Notification) -> None:
        self.in_progress += 1
        self.most_in_progress = max(self.most_in_progress, self.in_progress)
        try:
            await asyncio.sleep(self.latency)
            nid = notification.notification_id
            pending = self._failures.get(nid)
            error = pending.pop(0) if pending else self._outages.get(nid)
            if error is not None:
                self.attempts.append((nid, self.now(), type(error).__name__))
                raise error
            self.attempts.append((nid, self.now(), "sent"))
            self.on_sent(notification)
        finally:
            self.in_progress -= 1

    @property
    def sent(self) -> list[str]:
        return [nid for nid, _, result in self.attempts if result == "sent"]

    def schedule(self, since: dt.datetime) -> list[tuple[str, float, str]]:
        """Return (notification id, seconds after ``since``, result) of each attempt."""
        return [(nid, (at - since).total_seconds(), result) for nid, at, result in self.attempts]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"  # aiobotocore runs on asyncio only


@pytest.fixture
async def sqs(sqs_mock: SqsMock) -> AsyncIterator[Any]:
    """An aiobotocore SQS client, answered by the test's mock."""
    async with get_session().create_client("sqs", region_name="eu-west-1") as client:
        yield client


@pytest.fixture
async def queues(sqs: Any) -> NotificationQueues:
    return await create_notification_queues(sqs)


def received_bodies(sqs_mock: SqsMock, name: str) -> list[Any]:
    return [json.loads(body)["notification_id"] for body in sqs_mock.queue(name).bodies]


# -- producer and service in one event loop, on the real clock -----------------------------------


async def test_producer_and_service_share_one_event_loop(
    sqs: Any, queues: NotificationQueues, sqs_mock: SqsMock
) -> None:
    sender = FakeSender(time.monotonic, latency=0.05)
    service = NotificationService(sqs, queues, sender, concurrency=3, wait_seconds=5)
    stop = asyncio.Event()
    published_at: dict[str, float] = {}
    sent_at: dict[str, float] = {}

    def on_sent(sent: Notification) -> None:
        sent_at[sent.notification_id] = time.monotonic()
        if len(sent_at) == 12:
            stop.set()

    sender.on_sent = on_sent

    async def producer() -> None:
        for burst in range(3):
            await asyncio.sleep(0.3)  # meanwhile the service is blocked in its long poll
            batch = [notification(4 * burst + i) for i in range(4)]
            await publish(sqs, queues.url, batch)
            published_at.update(dict.fromkeys((n.notification_id for n in batch), time.monotonic()))

    started = time.monotonic()
    stats, _ = await asyncio.wait_for(asyncio.gather(service.run(stop), producer()), timeout=10)

    assert sorted(sender.sent, key=lambda nid: int(nid[1:])) == [f"n{i}" for i in range(12)]
    # each notification went out as soon as it arrived, not at the end of a 5 s long poll
    assert max(sent_at[nid] - published_at[nid] for nid in sent_at) < 1.0
    assert time.monotonic() - started < 3
    assert stats.outcomes == {Status.SENT: 12}
    assert sender.most_in_progress == 3  # a burst of 4 sent 3 at a time
    sqs_mock.queue("notifications").assert_empty()
    # deleted in batches: one DeleteMessageBatch per poll that received something
    assert sqs_mock.calls.filter("DeleteMessage").operations == []
    deletes = sqs_mock.calls.filter("DeleteMessageBatch", ok=True)
    assert sum(len(call.params["Entries"]) for call in deletes) == 12
    fruitful = [
        call
        for call in sqs_mock.calls.filter("ReceiveMessage")
        if call.response is not None and call.response.get("Messages")
    ]
    assert len(deletes) == len(fruitful) == stats.polls


async def test_concurrency_is_bounded_and_deletes_are_batched(
    sqs: Any, queues: NotificationQueues, sqs_mock: SqsMock
) -> None:
    await publish(sqs, queues.url, [notification(i) for i in range(10)])
    sender = FakeSender(time.monotonic, latency=0.01)
    service = NotificationService(sqs, queues, sender, concurrency=4, wait_seconds=1)
    assert await service.poll_once() == 10
    assert sorted(sender.sent) == sorted(f"n{i}" for i in range(10))
    assert sender.most_in_progress == 4
    [delete] = sqs_mock.calls.filter("DeleteMessageBatch")
    assert len(delete.params["Entries"]) == 10
    assert delete.response is not None
    assert len(delete.response["Successful"]) == 10
    sqs_mock.queue("notifications").assert_empty()


# -- retries and dead letters, on a frozen clock that jumps to the next message ------------------


@pytest.mark.sqs_mock(autojump=True)
async def test_failed_send_backs_off_then_goes_out(
    sqs: Any, queues: NotificationQueues, sqs_mock: SqsMock, sqs_clock: Clock
) -> None:
    start = sqs_clock.now()
    sender = FakeSender(sqs_clock.now).fail("n1", ConnectionError("smtp down"), TimeoutError())
    service = NotificationService(sqs, queues, sender)
    await publish(sqs, queues.url, [notification(1), notification(2, "sms")])

    stats = await service.drain()

    assert sorted(sender.schedule(start)) == [
        ("n1", 0.0, "ConnectionError"),
        ("n1", 10.0, "TimeoutError"),  # backoff 10 s after the first attempt
        ("n1", 30.0, "sent"),  # then 20 s
        ("n2", 0.0, "sent"),
    ]
    backoffs = [
        c.params["VisibilityTimeout"] for c in sqs_mock.calls.filter("ChangeMessageVisibility")
    ]
    assert backoffs == [retry_delay(1), retry_delay(2)] == [10, 20]
    assert stats.outcomes == {Status.SENT: 2, Status.RETRYING: 2}
    assert (sqs_clock.now() - start).total_seconds() == 30
    sqs_mock.queue("notifications").assert_empty()


@pytest.mark.sqs_mock(autojump=True)
async def test_notification_failing_every_time_is_dead_lettered(
    sqs: Any, queues: NotificationQueues, sqs_mock: SqsMock, sqs_clock: Clock
) -> None:
    start = sqs_clock.now()
    sender = FakeSender(sqs_clock.now).fail_always("n1", ConnectionRefusedError("outage"))
    service = NotificationService(sqs, queues, sender)
    await publish(sqs, queues.url, [notification(1), notification(2)])

    await service.drain()

    assert [(at, result) for nid, at, result in sender.schedule(start) if nid == "n1"] == [
        (0.0, "ConnectionRefusedError"),
        (10.0, "ConnectionRefusedError"),
        (30.0, "ConnectionRefusedError"),
        (70.0, "ConnectionRefusedError"),  # the 4th receive: maxReceiveCount
    ]
    assert sender.sent == ["n2"]
    # the 5th receive, when its 80 s backoff ends, moves it to the dead-letter queue instead
    sqs_mock.queue("notifications").assert_dead_lettered(1)
    [dead] = sqs_mock.queue("notifications").dead_lettered
    assert dead.json()["notification_id"] == "n1"
    assert dead.receive_count == 4
    assert (sqs_clock.now() - start).total_seconds() == 150


@pytest.mark.sqs_mock(autojump=True)
async def test_rejected_notification_is_deleted_without_retry(
    sqs: Any, queues: NotificationQueues, sqs_mock: SqsMock, sqs_clock: Clock
) -> None:
    sender = FakeSender(sqs_clock.now).fail("n1", RejectedNotification("user opted out"))
    service = NotificationService(sqs, queues, sender)
    await publish(sqs, queues.url, [notification(1), notification(2)])

    stats = await service.drain()

    assert [(nid, result) for nid, _, result in sender.attempts] == [
        ("n1", "RejectedNotification"),
        ("n2", "sent"),
    ]
    assert stats.outcomes == {Status.REJECTED: 1, Status.SENT: 1}
    assert sqs_mock.calls.filter("ChangeMessageVisibility") == []
    sqs_mock.queue("notifications").assert_empty()
    sqs_mock.queue("notifications-dlq").assert_empty()


@pytest.mark.sqs_mock(autojump=True)
@pytest.mark.parametrize(
    "body",
    ["not json", "[1, 2]", json.dumps({**json.loads(notification(1).to_json()), "channel": "fax"})],
    ids=["not-json", "array", "unknown-channel"],
)
async def test_malformed_body_is_dead_lettered_without_reaching_the_sender(
    sqs: Any, queues: NotificationQueues, sqs_mock: SqsMock, sqs_clock: Clock, body: str
) -> None:
    start = sqs_clock.now()
    await sqs.send_message(QueueUrl=queues.url, MessageBody=body)
    sender = FakeSender(sqs_clock.now)

    stats = await NotificationService(sqs, queues, sender).drain()

    assert sender.attempts == []
    assert stats.outcomes == {Status.MALFORMED: 4}
    [dead] = sqs_mock.queue("notifications-dlq").messages
    assert dead.body == body
    # made visible again at once: the receive that dead-letters it (the 5th) comes at once
    # too, then waits out its 20 s with nothing to return
    [moved] = sqs_mock.calls.filter("ReceiveMessage")[4:]
    assert (moved.time - start).total_seconds() == 0
    assert moved.response == {}
    assert (sqs_clock.now() - start).total_seconds() == 20


# -- publishing ----------------------------------------------------------------------------------


async def test_publish_sends_batches_of_ten_with_the_channel_attribute(
    sqs: Any, queues: NotificationQueues, sqs_mock: SqsMock
) -> None:
    batch = [notification(i, ("email", "sms", "push")[i % 3]) for i in range(23)]
    message_ids = await publish(sqs, queues.url, batch)
    assert len(set(message_ids)) == 23
    sends = sqs_mock.calls.filter("SendMessageBatch", queue="notifications")
    assert [len(call.params["Entries"]) for call in sends] == [10, 10, 3]
    assert received_bodies(sqs_mock, "notifications") == [f"n{i}" for i in range(23)]
    sqs_mock.assert_sent(
        "notifications", json=json.loads(batch[4].to_json()), attributes={"channel": "sms"}
    )


async def test_publish_reports_the_notifications_sqs_refused(
    sqs: Any, queues: NotificationQueues, sqs_mock: SqsMock
) -> None:
    bad = Notification("bad", "user-x", "", "code")  # an empty attribute value is refused
    with pytest.raises(PublishError) as excinfo:
        await publish(sqs, queues.url, [notification(1), bad, notification(2)])
    assert excinfo.value.failed == {"bad": "InvalidParameterValue"}
    assert received_bodies(sqs_mock, "notifications") == ["n1", "n2"]


# -- the same service under @mock_sqs, with aioboto3 and freezegun -------------------------------


@mock_sqs(autojump=True)
async def test_service_with_aioboto3_under_mock_sqs() -> None:
    with freeze_time(MORNING, real_asyncio=True):
        async with aioboto3.Session(region_name="eu-west-1").client("sqs") as client:
            queues = await create_notification_queues(client)
            sender = FakeSender(lambda: dt.datetime.now(UTC)).fail("n3", ConnectionError())
            await publish(client, queues.url, [notification(3, "push")])
            stats = await NotificationService(client, queues, sender).drain()
    assert sender.schedule(MORNING) == [("n3", 0.0, "ConnectionError"), ("n3", 10.0, "sent")]
    assert stats.outcomes == {Status.RETRYING: 1, Status.SENT: 1}
