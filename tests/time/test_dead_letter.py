"""The dead-letter move happens on the receive after maxReceiveCount, driven by the clock."""

from __future__ import annotations

from typing import Any

from pytest_sqsmock import SqsMock

from .helpers import TimeControl, arn, bodies, counters, receive, source_with_dlq


def test_move_happens_on_the_first_receive_after_the_last_visibility_expiry(
    sqs: Any, sqs_mock: SqsMock, time_control: TimeControl
) -> None:
    source_url, dlq_url = source_with_dlq(sqs, 2, VisibilityTimeout="10")
    sent = sqs.send_message(QueueUrl=source_url, MessageBody="poison")
    assert bodies(receive(sqs, source_url)) == ["poison"]
    time_control.advance(10)
    assert bodies(receive(sqs, source_url)) == ["poison"]
    time_control.advance(9.999)
    assert receive(sqs, source_url) == []
    assert sqs_mock.queue("dlq").messages == []
    time_control.advance(0.001)
    # Visible again, but not moved yet: the move is made by a receive, not by the clock.
    assert counters(sqs, source_url) == (1, 0, 0)
    assert sqs_mock.queue("dlq").messages == []
    assert receive(sqs, source_url) == []
    assert counters(sqs, source_url) == (0, 0, 0)
    (moved,) = receive(sqs, dlq_url, MessageSystemAttributeNames=["All"])
    assert moved["MessageId"] == sent["MessageId"]
    assert moved["Attributes"]["ApproximateReceiveCount"] == "3"
    assert moved["Attributes"]["DeadLetterQueueSourceArn"] == arn(sqs, source_url)


def test_moved_message_keeps_its_sent_and_first_receive_timestamps(
    sqs: Any, time_control: TimeControl
) -> None:
    source_url, dlq_url = source_with_dlq(sqs, 1)
    sqs.send_message(QueueUrl=source_url, MessageBody="x")
    sent_ms = time_control.now_ms()
    time_control.advance(5)
    receive(sqs, source_url, VisibilityTimeout=20)
    first_received_ms = time_control.now_ms()
    time_control.advance(20)
    assert receive(sqs, source_url) == []
    time_control.advance(7)
    (moved,) = receive(sqs, dlq_url, MessageSystemAttributeNames=["All"])
    assert moved["Attributes"]["SentTimestamp"] == str(sent_ms)
    assert moved["Attributes"]["ApproximateFirstReceiveTimestamp"] == str(first_received_ms)


def test_standard_dlq_keeps_the_original_enqueue_time_for_retention(
    sqs: Any, sqs_mock: SqsMock, time_control: TimeControl
) -> None:
    source_url, dlq_url = source_with_dlq(
        sqs, 1, dlq_attributes={"MessageRetentionPeriod": "120"}, VisibilityTimeout="60"
    )
    sqs.send_message(QueueUrl=source_url, MessageBody="x")
    receive(sqs, source_url)
    time_control.advance(60)
    assert receive(sqs, source_url) == []  # moved now, 60 s after it was sent
    time_control.advance(59.999)
    assert counters(sqs, dlq_url) == (1, 0, 0)
    time_control.advance(0.001)  # 120 s after the send, not after the move
    assert counters(sqs, dlq_url) == (0, 0, 0)
    assert sqs_mock.queue("dlq").messages == []


def test_fifo_dlq_restarts_retention_at_the_move(sqs: Any, time_control: TimeControl) -> None:
    source_url, dlq_url = source_with_dlq(
        sqs,
        1,
        source="src.fifo",
        dlq="dlq.fifo",
        dlq_attributes={"MessageRetentionPeriod": "120"},
        VisibilityTimeout="60",
    )
    sqs.send_message(
        QueueUrl=source_url, MessageBody="x", MessageGroupId="g", MessageDeduplicationId="x"
    )
    receive(sqs, source_url)
    time_control.advance(60)
    assert receive(sqs, source_url) == []  # moved now
    time_control.advance(119.999)
    assert counters(sqs, dlq_url) == (1, 0, 0)
    time_control.advance(0.001)  # 120 s after the move
    assert counters(sqs, dlq_url) == (0, 0, 0)


def test_fifo_move_lets_the_next_message_of_the_group_through_at_expiry(
    sqs: Any, sqs_mock: SqsMock, time_control: TimeControl
) -> None:
    source_url, _ = source_with_dlq(sqs, 1, source="src.fifo", dlq="dlq.fifo")
    for body in ("poison", "good"):
        sqs.send_message(
            QueueUrl=source_url, MessageBody=body, MessageGroupId="g", MessageDeduplicationId=body
        )
    assert bodies(receive(sqs, source_url, MaxNumberOfMessages=1, VisibilityTimeout=15)) == [
        "poison"
    ]
    time_control.advance(14.999)
    assert receive(sqs, source_url, MaxNumberOfMessages=10) == []
    time_control.advance(0.001)
    assert bodies(receive(sqs, source_url, MaxNumberOfMessages=10)) == ["good"]
    assert sqs_mock.queue("dlq.fifo").bodies == ["poison"]
