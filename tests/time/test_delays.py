"""Delay ends (per message, per queue, FIFO) follow the frozen clock, to the millisecond."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_sqsmock import SqsMock

from .helpers import TimeControl, bodies, counters, make_queue, receive


@pytest.mark.parametrize("delay", [1, 15, 900])
def test_per_message_delay_ends_exactly_on_time(
    sqs: Any, queue_url: str, time_control: TimeControl, delay: int
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="later", DelaySeconds=delay)
    time_control.advance(delay - 0.001)
    assert receive(sqs, queue_url) == []
    assert counters(sqs, queue_url) == (0, 0, 1)
    time_control.advance(0.001)
    assert counters(sqs, queue_url) == (1, 0, 0)
    assert bodies(receive(sqs, queue_url)) == ["later"]
    assert counters(sqs, queue_url) == (0, 1, 0)


def test_queue_delay_ends_exactly_on_time(sqs: Any, time_control: TimeControl) -> None:
    url = make_queue(sqs, "slow", DelaySeconds="45")
    sqs.send_message(QueueUrl=url, MessageBody="x")
    time_control.advance(44.999)
    assert receive(sqs, url) == []
    assert counters(sqs, url) == (0, 0, 1)
    time_control.advance(0.001)
    assert bodies(receive(sqs, url)) == ["x"]


def test_fifo_queue_delay_ends_exactly_on_time(sqs: Any, time_control: TimeControl) -> None:
    url = make_queue(sqs, "slow.fifo", DelaySeconds="10", ContentBasedDeduplication="true")
    sqs.send_message(QueueUrl=url, MessageBody="a", MessageGroupId="g")
    time_control.advance(9.999)
    assert receive(sqs, url) == []
    assert counters(sqs, url) == (0, 0, 1)
    time_control.advance(0.001)
    assert bodies(receive(sqs, url)) == ["a"]


def test_delays_end_one_by_one_as_the_clock_moves(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, time_control: TimeControl
) -> None:
    for delay in (30, 10, 20):
        sqs.send_message(QueueUrl=queue_url, MessageBody=f"d{delay}", DelaySeconds=delay)
    seen = []
    for _ in range(3):
        time_control.advance(10)
        seen.append(bodies(receive(sqs, queue_url, MaxNumberOfMessages=10)))
    assert seen == [["d10"], ["d20"], ["d30"]]
    assert [m.body for m in sqs_mock.queue("q").delayed] == []


def test_one_large_step_releases_every_due_message_in_send_order(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    for delay in (30, 10, 20):
        sqs.send_message(QueueUrl=queue_url, MessageBody=f"d{delay}", DelaySeconds=delay)
    time_control.advance(3600)
    assert counters(sqs, queue_url) == (3, 0, 0)
    assert bodies(receive(sqs, queue_url, MaxNumberOfMessages=10)) == ["d30", "d10", "d20"]


def test_delay_set_with_the_mock_clock_inside_each_mode(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x", DelaySeconds=60)
    time_control.advance(30)
    time_control.mock_advance(29.999)
    assert receive(sqs, queue_url) == []
    time_control.mock_advance(0.001)
    assert bodies(receive(sqs, queue_url)) == ["x"]
    assert time_control.elapsed_ms() == 60_000
