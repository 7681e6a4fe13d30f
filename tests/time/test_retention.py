"""Retention expiry follows the frozen clock: messages vanish on time, counters follow."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from pytest_sqsmock import SqsMock

from .helpers import TimeControl, bodies, counters, make_queue, receive


def test_visible_message_is_gone_exactly_at_retention_end(
    sqs: Any, sqs_mock: SqsMock, time_control: TimeControl
) -> None:
    url = make_queue(sqs, "short", MessageRetentionPeriod="60")
    sqs.send_message(QueueUrl=url, MessageBody="x")
    time_control.advance(59.999)
    assert counters(sqs, url) == (1, 0, 0)
    assert sqs_mock.queue("short").bodies == ["x"]
    time_control.advance(0.001)
    assert counters(sqs, url) == (0, 0, 0)
    assert sqs_mock.queue("short").messages == []
    assert receive(sqs, url, MaxNumberOfMessages=10) == []


def test_in_flight_and_delayed_messages_expire_and_counters_follow(
    sqs: Any, time_control: TimeControl
) -> None:
    url = make_queue(sqs, "short", MessageRetentionPeriod="120")
    sqs.send_message(QueueUrl=url, MessageBody="in flight")
    sqs.send_message(QueueUrl=url, MessageBody="delayed", DelaySeconds=900)
    time_control.advance(30)
    sqs.send_message(QueueUrl=url, MessageBody="younger")
    assert bodies(receive(sqs, url, VisibilityTimeout=3600)) == ["in flight"]
    assert counters(sqs, url) == (1, 1, 1)
    time_control.advance(89.999)
    assert counters(sqs, url) == (1, 1, 1)
    time_control.advance(0.001)  # 120 s after the first two sends
    assert counters(sqs, url) == (1, 0, 0)
    time_control.advance(29.999)
    assert counters(sqs, url) == (1, 0, 0)
    time_control.advance(0.001)  # 120 s after "younger"
    assert counters(sqs, url) == (0, 0, 0)


def test_expired_in_flight_message_is_gone_for_every_handle_operation(
    sqs: Any, time_control: TimeControl
) -> None:
    url = make_queue(sqs, "short", MessageRetentionPeriod="60")
    sqs.send_message(QueueUrl=url, MessageBody="x")
    (message,) = receive(sqs, url, VisibilityTimeout=600)
    time_control.advance(60)
    with pytest.raises(ClientError) as excinfo:
        sqs.change_message_visibility(
            QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=10
        )
    assert excinfo.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert excinfo.value.response["Error"]["Message"] == (
        f"Value {message['ReceiptHandle']} for parameter ReceiptHandle is invalid. Reason: "
        "Message does not exist or is not available for visibility timeout change."
    )
    # Deleting a message that is already gone succeeds (as for any deleted message) ...
    response = sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    # ... and it is not there to come back when its visibility timeout would have ended.
    time_control.advance(600)
    assert receive(sqs, url) == []


def test_shortening_retention_expires_messages_already_older(
    sqs: Any, time_control: TimeControl
) -> None:
    url = make_queue(sqs, "q2")
    sqs.send_message(QueueUrl=url, MessageBody="old")
    time_control.advance(100)
    sqs.send_message(QueueUrl=url, MessageBody="new")
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"MessageRetentionPeriod": "60"})
    assert counters(sqs, url) == (1, 0, 0)
    time_control.advance(59.999)
    assert bodies(receive(sqs, url, VisibilityTimeout=0)) == ["new"]
    time_control.advance(0.001)
    assert counters(sqs, url) == (0, 0, 0)


def test_fifo_message_is_gone_exactly_at_retention_end(sqs: Any, time_control: TimeControl) -> None:
    url = make_queue(sqs, "short.fifo", MessageRetentionPeriod="60")
    sqs.send_message(QueueUrl=url, MessageBody="a", MessageGroupId="g", MessageDeduplicationId="a")
    time_control.advance(30)
    sqs.send_message(QueueUrl=url, MessageBody="b", MessageGroupId="g", MessageDeduplicationId="b")
    time_control.advance(29.999)
    assert counters(sqs, url) == (2, 0, 0)
    time_control.advance(0.001)
    assert counters(sqs, url) == (1, 0, 0)
    assert bodies(receive(sqs, url, MaxNumberOfMessages=10)) == ["b"]


def test_fifo_group_unblocks_when_its_in_flight_head_expires(
    sqs: Any, time_control: TimeControl
) -> None:
    url = make_queue(sqs, "short.fifo", MessageRetentionPeriod="60")
    sqs.send_message(QueueUrl=url, MessageBody="a", MessageGroupId="g", MessageDeduplicationId="a")
    time_control.advance(10)
    sqs.send_message(QueueUrl=url, MessageBody="b", MessageGroupId="g", MessageDeduplicationId="b")
    assert bodies(receive(sqs, url, VisibilityTimeout=3600)) == ["a"]
    time_control.advance(49.999)
    assert receive(sqs, url) == []  # "b" waits behind the in-flight "a"
    time_control.advance(0.001)
    assert bodies(receive(sqs, url)) == ["b"]
