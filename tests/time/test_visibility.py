"""Visibility expiry (receive, queue default, ChangeMessageVisibility) follows the frozen clock."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from .helpers import TimeControl, bodies, counters, make_queue, receive


@pytest.mark.parametrize("timeout", [1, 30, 43_200])
def test_receive_visibility_timeout_ends_exactly_on_time(
    sqs: Any, queue_url: str, time_control: TimeControl, timeout: int
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    (first,) = receive(sqs, queue_url, VisibilityTimeout=timeout)
    time_control.advance(timeout - 0.001)
    assert receive(sqs, queue_url) == []
    assert counters(sqs, queue_url) == (0, 1, 0)
    time_control.advance(0.001)
    assert counters(sqs, queue_url) == (1, 0, 0)
    (again,) = receive(sqs, queue_url, MessageSystemAttributeNames=["ApproximateReceiveCount"])
    assert again["MessageId"] == first["MessageId"]
    assert again["Attributes"]["ApproximateReceiveCount"] == "2"


def test_queue_visibility_timeout_ends_exactly_on_time(sqs: Any, time_control: TimeControl) -> None:
    url = make_queue(sqs, "vt", VisibilityTimeout="90")
    sqs.send_message(QueueUrl=url, MessageBody="x")
    assert bodies(receive(sqs, url)) == ["x"]
    time_control.advance(89.999)
    assert receive(sqs, url) == []
    time_control.advance(0.001)
    assert bodies(receive(sqs, url)) == ["x"]


def test_change_visibility_counts_from_the_call(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    (message,) = receive(sqs, queue_url)  # queue default: 30 s
    time_control.advance(20)
    sqs.change_message_visibility(
        QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=100
    )
    time_control.advance(99.999)  # long past the original 30 s
    assert receive(sqs, queue_url) == []
    assert counters(sqs, queue_url) == (0, 1, 0)
    time_control.advance(0.001)
    assert bodies(receive(sqs, queue_url)) == ["x"]


def test_change_visibility_can_shorten_the_timeout(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    (message,) = receive(sqs, queue_url, VisibilityTimeout=3600)
    time_control.advance(10)
    sqs.change_message_visibility(
        QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=5
    )
    time_control.advance(4.999)
    assert receive(sqs, queue_url) == []
    time_control.advance(0.001)
    assert bodies(receive(sqs, queue_url)) == ["x"]


def test_change_visibility_batch_counts_from_the_call(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    for body in ("a", "b"):
        sqs.send_message(QueueUrl=queue_url, MessageBody=body)
    messages = receive(sqs, queue_url, MaxNumberOfMessages=10)
    time_control.advance(25)
    response = sqs.change_message_visibility_batch(
        QueueUrl=queue_url,
        Entries=[
            {"Id": "a", "ReceiptHandle": messages[0]["ReceiptHandle"], "VisibilityTimeout": 10},
            {"Id": "b", "ReceiptHandle": messages[1]["ReceiptHandle"], "VisibilityTimeout": 20},
        ],
    )
    assert sorted(e["Id"] for e in response["Successful"]) == ["a", "b"]
    assert response["Failed"] == []
    time_control.advance(9.999)
    assert receive(sqs, queue_url, MaxNumberOfMessages=10) == []
    time_control.advance(0.001)
    assert bodies(receive(sqs, queue_url, MaxNumberOfMessages=10, VisibilityTimeout=600)) == ["a"]
    time_control.advance(9.999)
    assert receive(sqs, queue_url, MaxNumberOfMessages=10) == []
    time_control.advance(0.001)
    assert bodies(receive(sqs, queue_url, MaxNumberOfMessages=10)) == ["b"]


def test_twelve_hour_cap_counts_from_the_receive(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    (message,) = receive(sqs, queue_url)
    handle = message["ReceiptHandle"]
    time_control.advance(1)
    with pytest.raises(ClientError) as excinfo:
        sqs.change_message_visibility(
            QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=43_200
        )
    error = excinfo.value.response["Error"]
    assert error["Code"] == "InvalidParameterValue"
    assert error["Message"] == (
        "Value 43200 for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout "
        "for the message is beyond the limit [43200 seconds]"
    )
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    sqs.change_message_visibility(
        QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=43_199
    )
    time_control.advance(43_198.999)
    assert receive(sqs, queue_url) == []
    time_control.advance(0.001)
    assert bodies(receive(sqs, queue_url)) == ["x"]


def test_fifo_receipt_handle_expires_with_the_visibility_timeout(
    sqs: Any, fifo_url: str, time_control: TimeControl
) -> None:
    sqs.send_message(
        QueueUrl=fifo_url, MessageBody="a", MessageGroupId="g", MessageDeduplicationId="1"
    )
    sqs.send_message(
        QueueUrl=fifo_url, MessageBody="b", MessageGroupId="g", MessageDeduplicationId="2"
    )
    (message,) = receive(sqs, fifo_url, VisibilityTimeout=10)
    time_control.advance(9.999)
    assert receive(sqs, fifo_url) == []  # the group stays blocked while "a" is in flight
    time_control.advance(0.001)
    with pytest.raises(ClientError) as excinfo:
        sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=message["ReceiptHandle"])
    error = excinfo.value.response["Error"]
    assert error["Code"] == "InvalidParameterValue"
    assert error["Message"] == (
        f"Value {message['ReceiptHandle']} for parameter ReceiptHandle is invalid. "
        "Reason: The receipt handle has expired."
    )
    assert bodies(receive(sqs, fifo_url, MaxNumberOfMessages=10)) == ["a", "b"]


def test_fifo_group_unblocks_exactly_at_visibility_expiry(
    sqs: Any, fifo_url: str, time_control: TimeControl
) -> None:
    for body in ["a", "b"]:
        sqs.send_message(
            QueueUrl=fifo_url, MessageBody=body, MessageGroupId="g", MessageDeduplicationId=body
        )
    assert bodies(receive(sqs, fifo_url, VisibilityTimeout=7)) == ["a"]
    time_control.advance(6.999)
    assert receive(sqs, fifo_url, MaxNumberOfMessages=10) == []
    time_control.advance(0.001)
    assert bodies(receive(sqs, fifo_url, MaxNumberOfMessages=10)) == ["a", "b"]
