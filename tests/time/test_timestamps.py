"""SentTimestamp, ApproximateFirstReceiveTimestamp and queue timestamps are SQS time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pytest_sqsmock import SqsMock

from .helpers import UTC, TimeControl, receive


def test_sent_and_first_receive_timestamps_are_the_clock_in_milliseconds(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    time_control.advance(1.234)
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    sent_ms = time_control.now_ms()
    time_control.advance(60.5)
    first_ms = time_control.now_ms()
    (message,) = receive(sqs, queue_url, VisibilityTimeout=1, MessageSystemAttributeNames=["All"])
    assert message["Attributes"]["SentTimestamp"] == str(sent_ms)
    assert message["Attributes"]["ApproximateFirstReceiveTimestamp"] == str(first_ms)
    assert first_ms - sent_ms == 60_500
    time_control.advance(7.001)
    (again,) = receive(sqs, queue_url, MessageSystemAttributeNames=["All"])
    assert again["Attributes"]["SentTimestamp"] == str(sent_ms)
    assert again["Attributes"]["ApproximateFirstReceiveTimestamp"] == str(first_ms)
    assert again["Attributes"]["ApproximateReceiveCount"] == "2"


def test_timestamps_follow_the_mock_clock_inside_each_mode(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    time_control.mock_advance(dt.timedelta(minutes=3).total_seconds())
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    (message,) = receive(sqs, queue_url, MessageSystemAttributeNames=["SentTimestamp"])
    assert int(message["Attributes"]["SentTimestamp"]) == time_control.start_ms + 180_000


def test_message_views_carry_the_same_times(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, time_control: TimeControl
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    sent = sqs_mock.clock.now()
    time_control.advance(2)
    receive(sqs, queue_url, VisibilityTimeout=45)
    (view,) = sqs_mock.queue("q").in_flight
    assert view.sent_at == sent
    assert view.first_received_at == sent + dt.timedelta(seconds=2)
    assert view.visible_at == sent + dt.timedelta(seconds=47)
    assert view.sent_at.tzinfo is UTC


def test_queue_created_and_last_modified_timestamps_are_clock_seconds(
    sqs: Any, time_control: TimeControl
) -> None:
    url = sqs.create_queue(QueueName="stamped")["QueueUrl"]
    created_s = time_control.now_ms() // 1000
    time_control.advance(3600)
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "5"})
    attributes = sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["CreatedTimestamp", "LastModifiedTimestamp"]
    )["Attributes"]
    assert attributes == {
        "CreatedTimestamp": str(created_s),
        "LastModifiedTimestamp": str(time_control.now_ms() // 1000),
    }
    assert int(attributes["LastModifiedTimestamp"]) - created_s == 3600


def test_clock_now_is_the_time_the_application_sees(time_control: TimeControl) -> None:
    time_control.advance(42)
    now = time_control.mock.clock.now()
    assert now == dt.datetime.fromtimestamp(time_control.now_ms() / 1000, tz=UTC)
    assert abs(dt.datetime.now(UTC) - now) < dt.timedelta(milliseconds=1)
    assert time_control.elapsed_ms() == 42_000
