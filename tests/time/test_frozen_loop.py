"""A consumer loop that long-polls forever at one frozen moment fails clearly instead of hanging."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_sqsmock import Clock, SqsMock, api
from pytest_sqsmock.api import FROZEN_LOOP_LIMIT, FrozenLoopError


def _wait_for_message(sqs: Any, url: str, limit: int) -> int:
    """A worker loop that waits for a message by long polling; return the polls it made."""
    for polls in range(1, limit + 1):
        if sqs.receive_message(QueueUrl=url, WaitTimeSeconds=20).get("Messages"):
            return polls
    return limit


def test_endless_frozen_loop_fails_with_a_clear_error(sqs: Any, sqs_clock: Clock) -> None:
    url = sqs.create_queue(QueueName="later")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="in a minute", DelaySeconds=60)
    with pytest.raises(FrozenLoopError) as raised:
        _wait_for_message(sqs, url, FROZEN_LOOP_LIMIT + 5)
    assert str(raised.value) == (
        f"{FROZEN_LOOP_LIMIT} long polls in a row returned no message at the same frozen SQS "
        "time: time never moves on its own while it is frozen, so a loop waiting for a delay or "
        "a visibility timeout to end would run forever. Use mock_sqs(autojump=True) (or "
        "@pytest.mark.sqs_mock(autojump=True)) to let long polls move the clock, or call "
        "sqs_mock.clock.advance() in the loop."
    )


def test_polls_that_move_time_or_find_messages_never_trip_it(
    sqs: Any, sqs_clock: Clock, sqs_mock: SqsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = 50
    monkeypatch.setattr(api, "FROZEN_LOOP_LIMIT", limit)
    url = sqs.create_queue(QueueName="busy")["QueueUrl"]
    for _ in range(limit - 1):
        assert "Messages" not in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)
    sqs_clock.advance(0.001)  # time moved: the count starts again
    for _ in range(limit - 1):
        assert "Messages" not in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)
    sqs.send_message(QueueUrl=url, MessageBody="progress")
    assert sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]
    for _ in range(limit - 1):  # a delivery also starts the count again
        assert "Messages" not in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)
    with pytest.raises(FrozenLoopError):  # and the limit still applies
        sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)


@pytest.mark.sqs_mock(autojump=True)
def test_autojump_loops_are_never_frozen_loops(sqs: Any, sqs_clock: Clock) -> None:
    url = sqs.create_queue(QueueName="later")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="in a minute", DelaySeconds=60)
    start = sqs_clock.now_ms()
    assert _wait_for_message(sqs, url, 10) == 3  # 20 s windows: ends at 20, 40, then due at 60
    assert sqs_clock.now_ms() - start == 60_000
