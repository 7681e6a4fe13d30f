"""Controlled time with async clients: frozen clocks, autojump, and clock.advance().

On a frozen clock an async long poll answers at once (or, with autojump, moves the clock) just
as a sync one does, and the event loop's own timers keep running in real time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import freezegun
import freezegun.api
import pytest
import time_machine
from aiobotocore.session import get_session

from pytest_sqsmock import SqsMock, mock_sqs
from pytest_sqsmock.clock import Clock

pytestmark = pytest.mark.anyio

UTC = dt.timezone.utc
T0 = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)


def real_seconds() -> float:
    """Real monotonic time, whatever freezegun fakes (looked up at each call, never cached)."""
    return freezegun.api.real_monotonic()


async def _poll(client: Any, url: str, **kwargs: Any) -> tuple[float, list[str]]:
    """Receive once; return (real seconds it took, bodies)."""
    begin = real_seconds()
    response = await client.receive_message(QueueUrl=url, **kwargs)
    return real_seconds() - begin, [m["Body"] for m in response.get("Messages", [])]


# -- frozen clock: a long poll returns what is receivable now, at once ---------------------------


async def test_long_poll_on_the_sqs_clock_returns_at_once(
    aio_sqs: Any, aio_queue_url: str, sqs_clock: Clock
) -> None:
    before = sqs_clock.now_ms()
    took, bodies = await _poll(aio_sqs, aio_queue_url, WaitTimeSeconds=20)
    assert bodies == []
    assert took < 1
    assert sqs_clock.now_ms() == before


async def test_long_poll_under_freeze_time_returns_at_once(
    aio_sqs: Any, aio_queue_url: str
) -> None:
    with freezegun.freeze_time(T0, real_asyncio=True):
        await aio_sqs.send_message(QueueUrl=aio_queue_url, MessageBody="soon", DelaySeconds=5)
        took, bodies = await _poll(aio_sqs, aio_queue_url, WaitTimeSeconds=20)
        assert (bodies, took < 1) == ([], True)
        with freezegun.freeze_time(T0 + dt.timedelta(seconds=5), real_asyncio=True):
            took, bodies = await _poll(aio_sqs, aio_queue_url, WaitTimeSeconds=20)
    assert bodies == ["soon"]
    assert took < 1


async def test_long_poll_under_time_machine_returns_at_once(
    aio_sqs: Any, aio_queue_url: str
) -> None:
    with time_machine.travel(T0, tick=False):
        took, bodies = await _poll(aio_sqs, aio_queue_url, WaitTimeSeconds=20)
    assert bodies == []
    assert took < 1


async def test_event_loop_timers_run_in_real_time_on_the_sqs_clock(
    sqs_clock: Clock, sqs_mock: SqsMock
) -> None:
    before = sqs_clock.now_ms()
    # with the loop's clock frozen too, this sleep (and every timeout) would never end
    await asyncio.wait_for(asyncio.sleep(0.01), timeout=5)
    sqs_clock.advance(60)
    await asyncio.wait_for(asyncio.sleep(0.01), timeout=5)
    assert sqs_clock.now_ms() - before == 60_000


async def test_advance_makes_a_message_visible_again(
    aio_sqs: Any, aio_queue_url: str, sqs_mock: SqsMock
) -> None:
    await aio_sqs.send_message(QueueUrl=aio_queue_url, MessageBody="retry me")
    [first] = (await aio_sqs.receive_message(QueueUrl=aio_queue_url, VisibilityTimeout=30))[
        "Messages"
    ]
    sqs_mock.clock.advance(29)
    assert (await _poll(aio_sqs, aio_queue_url))[1] == []
    sqs_mock.clock.advance(1)
    [again] = (
        await aio_sqs.receive_message(
            QueueUrl=aio_queue_url, MessageSystemAttributeNames=["ApproximateReceiveCount"]
        )
    )["Messages"]
    assert again["MessageId"] == first["MessageId"]
    assert again["Attributes"]["ApproximateReceiveCount"] == "2"


# -- autojump: a long poll on a frozen clock moves the clock -------------------------------------


@pytest.mark.sqs_mock(autojump=True)
async def test_autojump_moves_the_clock_to_the_delayed_message(
    aio_sqs: Any, aio_queue_url: str, sqs_clock: Clock
) -> None:
    start = sqs_clock.now_ms()
    await aio_sqs.send_message(QueueUrl=aio_queue_url, MessageBody="in 30 s", DelaySeconds=30)
    took, bodies = await _poll(aio_sqs, aio_queue_url, WaitTimeSeconds=20)
    assert (bodies, sqs_clock.now_ms() - start) == ([], 20_000)  # the whole wait, nothing
    took_again, bodies = await _poll(aio_sqs, aio_queue_url, WaitTimeSeconds=20)
    assert (bodies, sqs_clock.now_ms() - start) == (["in 30 s"], 30_000)
    assert took < 1
    assert took_again < 1


@pytest.mark.sqs_mock(autojump=True)
async def test_autojump_wakes_on_visibility_expiry(
    aio_sqs: Any, aio_queue_url: str, sqs_clock: Clock, sqs_mock: SqsMock
) -> None:
    await aio_sqs.send_message(QueueUrl=aio_queue_url, MessageBody="again")
    await aio_sqs.receive_message(QueueUrl=aio_queue_url, VisibilityTimeout=7)
    start = sqs_clock.now_ms()
    took, bodies = await _poll(aio_sqs, aio_queue_url, WaitTimeSeconds=20)
    assert bodies == ["again"]
    assert sqs_clock.now_ms() - start == 7_000
    assert took < 1
    [poll] = sqs_mock.calls.filter("ReceiveMessage")[-1:]
    assert poll.ended_at - poll.at == 7_000


@mock_sqs(autojump=True)
async def test_autojump_under_mock_sqs_and_freeze_time() -> None:
    with freezegun.freeze_time(T0, real_asyncio=True):
        async with get_session().create_client("sqs", region_name="us-east-1") as client:
            url = (await client.create_queue(QueueName="jump"))["QueueUrl"]
            await client.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=12)
            took, bodies = await _poll(client, url, WaitTimeSeconds=20)
            assert bodies == ["later"]
            assert dt.datetime.now(UTC) == T0 + dt.timedelta(seconds=12)
    assert took < 1
