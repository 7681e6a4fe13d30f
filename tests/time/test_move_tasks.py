"""Message move tasks progress at their rate in SQS time, computed lazily from the clock."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pytest_sqsmock import SqsMock

from .helpers import TimeControl, arn, make_queue, receive


def _dlq_with(sqs: Any, count: int) -> tuple[str, str]:
    """Return (source URL, DLQ ARN) with ``count`` dead-lettered messages m0.. in the DLQ."""
    dlq_url = make_queue(sqs, "dlq")
    policy = json.dumps({"deadLetterTargetArn": arn(sqs, dlq_url), "maxReceiveCount": 1})
    source_url = make_queue(sqs, "src", RedrivePolicy=policy)
    for index in range(count):
        sqs.send_message(QueueUrl=source_url, MessageBody=f"m{index}")
    while receive(sqs, source_url, MaxNumberOfMessages=10, VisibilityTimeout=0):
        pass  # the first pass receives them all, the next moves them all to the DLQ
    return source_url, arn(sqs, dlq_url)


def _task(sqs: Any, source_arn: str) -> dict[str, Any]:
    (task,) = sqs.list_message_move_tasks(SourceArn=source_arn)["Results"]
    result: dict[str, Any] = task
    return result


@pytest.mark.parametrize(
    ("rate", "due_ms"),
    [(1, [1000, 2000, 3000]), (2, [500, 1000, 1500]), (3, [334, 667, 1000])],
)
def test_each_message_moves_exactly_when_its_turn_comes(
    sqs: Any, sqs_mock: SqsMock, time_control: TimeControl, rate: int, due_ms: list[int]
) -> None:
    _, dlq_arn = _dlq_with(sqs, 3)
    started = time_control.now_ms()
    sqs.start_message_move_task(SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=rate)
    assert _task(sqs, dlq_arn)["ApproximateNumberOfMessagesMoved"] == 0
    for moved, due in enumerate(due_ms, start=1):
        time_control.advance((started + due - 1 - time_control.now_ms()) / 1000)
        assert _task(sqs, dlq_arn)["ApproximateNumberOfMessagesMoved"] == moved - 1
        time_control.advance(0.001)
        task = _task(sqs, dlq_arn)
        assert task["ApproximateNumberOfMessagesMoved"] == moved
        assert sqs_mock.queue("src").bodies == [f"m{i}" for i in range(moved)]
    assert task["Status"] == "COMPLETED"
    assert task["StartedTimestamp"] == started


def test_one_large_step_catches_up_with_each_message_stamped_at_its_turn(
    sqs: Any, sqs_mock: SqsMock, time_control: TimeControl
) -> None:
    source_url, dlq_arn = _dlq_with(sqs, 3)
    started = time_control.now_ms()
    sqs.start_message_move_task(SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=1)
    time_control.advance(3600)
    task = _task(sqs, dlq_arn)
    assert task["Status"] == "COMPLETED"
    assert task["ApproximateNumberOfMessagesMoved"] == 3
    messages = receive(
        sqs, source_url, MaxNumberOfMessages=10, MessageSystemAttributeNames=["SentTimestamp"]
    )
    assert [m["Body"] for m in messages] == ["m0", "m1", "m2"]
    assert [int(m["Attributes"]["SentTimestamp"]) - started for m in messages] == [
        1000,
        2000,
        3000,
    ]
    assert sqs_mock.queue("dlq").messages == []


def test_cancel_keeps_what_moved_by_the_clock_and_stops_the_rest(
    sqs: Any, sqs_mock: SqsMock, time_control: TimeControl
) -> None:
    _, dlq_arn = _dlq_with(sqs, 4)
    handle = sqs.start_message_move_task(SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=1)[
        "TaskHandle"
    ]
    time_control.advance(2.5)
    assert sqs.cancel_message_move_task(TaskHandle=handle)["ApproximateNumberOfMessagesMoved"] == 2
    time_control.advance(60)
    task = _task(sqs, dlq_arn)
    assert task["Status"] == "CANCELLED"
    assert task["ApproximateNumberOfMessagesMoved"] == 2
    assert sqs_mock.queue("src").bodies == ["m0", "m1"]
    assert sqs_mock.queue("dlq").bodies == ["m2", "m3"]


def test_task_without_a_rate_moves_everything_without_the_clock_moving(
    sqs: Any, sqs_mock: SqsMock, time_control: TimeControl
) -> None:
    _, dlq_arn = _dlq_with(sqs, 3)
    before = time_control.now_ms()
    sqs.start_message_move_task(SourceArn=dlq_arn)
    assert _task(sqs, dlq_arn)["Status"] == "COMPLETED"
    assert sqs_mock.queue("src").bodies == ["m0", "m1", "m2"]
    assert time_control.now_ms() == before


def test_redriven_message_has_a_new_retention_clock(
    sqs: Any, sqs_mock: SqsMock, time_control: TimeControl
) -> None:
    _, dlq_arn = _dlq_with(sqs, 1)
    sqs.set_queue_attributes(
        QueueUrl=sqs_mock.queue("src").url, Attributes={"MessageRetentionPeriod": "60"}
    )
    time_control.advance(50)
    sqs.start_message_move_task(SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=1)
    time_control.advance(1)  # moved now: 51 s after the original send
    assert sqs_mock.queue("src").bodies == ["m0"]
    time_control.advance(59.999)
    assert sqs_mock.queue("src").bodies == ["m0"]
    time_control.advance(0.001)
    assert sqs_mock.queue("src").bodies == []
