"""FIFO five-minute windows follow the frozen clock: deduplication and ReceiveRequestAttemptId."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_sqsmock import SqsMock

from .helpers import TimeControl, bodies, counters, make_queue, receive


def test_duplicate_is_dropped_until_exactly_five_minutes_after_the_first_send(
    sqs: Any, sqs_mock: SqsMock, fifo_url: str, time_control: TimeControl
) -> None:
    first = sqs.send_message(
        QueueUrl=fifo_url, MessageBody="a", MessageGroupId="g", MessageDeduplicationId="d"
    )
    time_control.advance(299.999)
    duplicate = sqs.send_message(
        QueueUrl=fifo_url, MessageBody="a", MessageGroupId="g", MessageDeduplicationId="d"
    )
    assert duplicate["MessageId"] == first["MessageId"]
    assert duplicate["SequenceNumber"] == first["SequenceNumber"]
    assert counters(sqs, fifo_url) == (1, 0, 0)
    time_control.advance(0.001)
    fresh = sqs.send_message(
        QueueUrl=fifo_url, MessageBody="a", MessageGroupId="g", MessageDeduplicationId="d"
    )
    assert fresh["MessageId"] != first["MessageId"]
    assert int(fresh["SequenceNumber"]) > int(first["SequenceNumber"])
    assert counters(sqs, fifo_url) == (2, 0, 0)
    assert sqs_mock.queue("q.fifo").bodies == ["a", "a"]


def test_content_based_dedup_window_follows_the_clock(sqs: Any, time_control: TimeControl) -> None:
    url = make_queue(sqs, "cbd.fifo", ContentBasedDeduplication="true")

    def send() -> str:
        message_id: str = sqs.send_message(QueueUrl=url, MessageBody="same", MessageGroupId="g")[
            "MessageId"
        ]
        return message_id

    first = send()
    time_control.advance(150)
    assert send() == first  # a duplicate does not restart the window
    time_control.advance(149.999)
    assert send() == first
    time_control.advance(0.001)
    assert send() != first
    assert counters(sqs, url) == (2, 0, 0)


def test_batch_send_dedup_window_follows_the_clock(
    sqs: Any, fifo_url: str, time_control: TimeControl
) -> None:
    entry = {"Id": "e", "MessageBody": "a", "MessageGroupId": "g", "MessageDeduplicationId": "d"}
    first = sqs.send_message_batch(QueueUrl=fifo_url, Entries=[entry])["Successful"][0]
    time_control.advance(299.999)
    again = sqs.send_message_batch(QueueUrl=fifo_url, Entries=[entry])["Successful"][0]
    assert again["MessageId"] == first["MessageId"]
    time_control.advance(0.001)
    fresh = sqs.send_message_batch(QueueUrl=fifo_url, Entries=[entry])["Successful"][0]
    assert fresh["MessageId"] != first["MessageId"]


@pytest.fixture
def one_message(sqs: Any, fifo_url: str) -> str:
    sqs.send_message(
        QueueUrl=fifo_url, MessageBody="a", MessageGroupId="g", MessageDeduplicationId="a"
    )
    return fifo_url


def test_attempt_id_retry_is_honoured_until_exactly_five_minutes(
    sqs: Any, one_message: str, time_control: TimeControl
) -> None:
    url = one_message
    (first,) = receive(sqs, url, ReceiveRequestAttemptId="try", VisibilityTimeout=900)
    time_control.advance(299.999)
    (retried,) = receive(sqs, url, ReceiveRequestAttemptId="try", VisibilityTimeout=900)
    assert retried["ReceiptHandle"] == first["ReceiptHandle"]
    assert retried["MessageId"] == first["MessageId"]
    time_control.advance(0.001)
    # The attempt is forgotten: this is a new receive, and the group is still in flight.
    assert receive(sqs, url, ReceiveRequestAttemptId="try") == []


def test_attempt_id_retry_restarts_the_visibility_timeout_from_the_retry(
    sqs: Any, one_message: str, time_control: TimeControl
) -> None:
    url = one_message
    receive(sqs, url, ReceiveRequestAttemptId="try", VisibilityTimeout=60)
    time_control.advance(50)
    (retried,) = receive(sqs, url, ReceiveRequestAttemptId="try")
    time_control.advance(59.999)  # 109.999 s after the first receive
    assert receive(sqs, url) == []
    time_control.advance(0.001)
    (again,) = receive(sqs, url, MessageSystemAttributeNames=["ApproximateReceiveCount"])
    assert again["MessageId"] == retried["MessageId"]
    # the retry was not a new receive
    assert again["Attributes"]["ApproximateReceiveCount"] == "2"


def test_attempt_id_retry_after_visibility_expiry_receives_anew(
    sqs: Any, one_message: str, time_control: TimeControl
) -> None:
    url = one_message
    (first,) = receive(sqs, url, ReceiveRequestAttemptId="try", VisibilityTimeout=10)
    time_control.advance(10)
    (second,) = receive(
        sqs,
        url,
        ReceiveRequestAttemptId="try",
        MessageSystemAttributeNames=["ApproximateReceiveCount"],
    )
    assert second["MessageId"] == first["MessageId"]
    assert second["ReceiptHandle"] != first["ReceiptHandle"]
    assert second["Attributes"]["ApproximateReceiveCount"] == "2"
    assert bodies([second]) == ["a"]
