"""A long poll on a frozen clock never waits in real time: it answers with what is there now."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import freezegun
import pytest
import time_machine

from pytest_sqsmock import SqsMock

from .helpers import T0, bodies, make_queue, real_seconds, receive


@contextlib.contextmanager
def _time_machine_move_to() -> Iterator[None]:
    with time_machine.travel(T0, tick=True) as traveller:
        traveller.move_to(T0, tick=False)
        yield


def _frozen_variants(
    mock: SqsMock,
) -> dict[str, Callable[[], contextlib.AbstractContextManager[Any]]]:
    @contextlib.contextmanager
    def own_freeze() -> Iterator[None]:
        mock.clock.freeze()
        yield

    @contextlib.contextmanager
    def frozen_by_advance() -> Iterator[None]:
        mock.clock.advance(1)  # nothing froze time yet: the mock freezes it itself
        yield

    return {
        "freezegun": lambda: freezegun.freeze_time(T0),
        "freezegun_auto_tick": lambda: freezegun.freeze_time(T0, auto_tick_seconds=0.001),
        "time_machine": lambda: time_machine.travel(T0, tick=False),
        "time_machine_move_to": _time_machine_move_to,
        "own_freeze": own_freeze,
        "frozen_by_advance": frozen_by_advance,
    }


VARIANTS = [
    "freezegun",
    "freezegun_auto_tick",
    "time_machine",
    "time_machine_move_to",
    "own_freeze",
    "frozen_by_advance",
]


@pytest.fixture(params=VARIANTS)
def frozen(request: pytest.FixtureRequest, sqs_mock: SqsMock) -> Iterator[str]:
    """Freeze time one of the ways a user can; yield the variant's name."""
    variant: str = request.param
    with _frozen_variants(sqs_mock)[variant]():
        assert sqs_mock.clock.frozen
        yield variant


def _timed_receive(sqs: Any, url: str, **kwargs: Any) -> tuple[float, dict[str, Any]]:
    begin = real_seconds()
    response: dict[str, Any] = sqs.receive_message(QueueUrl=url, **kwargs)
    return real_seconds() - begin, response


def _still(sqs_mock: SqsMock, variant: str, before_ms: int) -> bool:
    """Return whether SQS time stood still (auto_tick_seconds moves it on every read)."""
    return variant == "freezegun_auto_tick" or sqs_mock.clock.now_ms() == before_ms


def test_long_poll_on_an_empty_queue_returns_at_once(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, frozen: str
) -> None:
    before = sqs_mock.clock.now_ms()
    elapsed, response = _timed_receive(sqs, queue_url, WaitTimeSeconds=20)
    assert "Messages" not in response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert elapsed < 2
    assert _still(sqs_mock, frozen, before)


def test_queue_default_wait_on_an_empty_queue_returns_at_once(
    sqs: Any, sqs_mock: SqsMock, frozen: str
) -> None:
    url = make_queue(sqs, "lp", ReceiveMessageWaitTimeSeconds="20")
    before = sqs_mock.clock.now_ms()
    elapsed, response = _timed_receive(sqs, url)
    assert "Messages" not in response
    assert elapsed < 2
    assert _still(sqs_mock, frozen, before)


def test_message_due_inside_the_window_is_not_waited_for(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, frozen: str
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="delayed", DelaySeconds=5)
    sqs.send_message(QueueUrl=queue_url, MessageBody="in flight")
    assert bodies(receive(sqs, queue_url, VisibilityTimeout=3)) == ["in flight"]
    before = sqs_mock.clock.now_ms()
    elapsed, response = _timed_receive(sqs, queue_url, WaitTimeSeconds=20)
    assert "Messages" not in response
    assert elapsed < 2
    assert _still(sqs_mock, frozen, before)
    sqs_mock.clock.advance(5)
    assert bodies(receive(sqs, queue_url, MaxNumberOfMessages=10)) == ["delayed", "in flight"]


def test_long_poll_returns_what_is_receivable_now(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, frozen: str
) -> None:
    for body in ("a", "b"):
        sqs.send_message(QueueUrl=queue_url, MessageBody=body)
    sqs.send_message(QueueUrl=queue_url, MessageBody="later", DelaySeconds=10)
    elapsed, response = _timed_receive(sqs, queue_url, WaitTimeSeconds=20, MaxNumberOfMessages=10)
    assert bodies(response["Messages"]) == ["a", "b"]
    assert elapsed < 2


def test_fifo_long_poll_with_a_blocked_group_returns_at_once(
    sqs: Any, sqs_mock: SqsMock, fifo_url: str, frozen: str
) -> None:
    for body in ("a", "b"):
        sqs.send_message(
            QueueUrl=fifo_url, MessageBody=body, MessageGroupId="g", MessageDeduplicationId=body
        )
    assert bodies(receive(sqs, fifo_url, VisibilityTimeout=5)) == ["a"]
    before = sqs_mock.clock.now_ms()
    elapsed, response = _timed_receive(sqs, fifo_url, WaitTimeSeconds=20)
    assert "Messages" not in response
    assert elapsed < 2
    assert _still(sqs_mock, frozen, before)


def test_a_polling_loop_spends_no_real_time(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, frozen: str
) -> None:
    begin = real_seconds()
    empties = sum(
        "Messages" not in sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=20)
        for _ in range(50)
    )
    assert empties == 50
    assert real_seconds() - begin < 2


def test_autojump_is_off_by_default(sqs_mock: SqsMock) -> None:
    assert sqs_mock.autojump is False
