"""Message move tasks through boto3: StartMessageMoveTask, ListMessageMoveTasks and
CancelMessageMoveTask, with progress in SQS time."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from pytest_sqsmock import SqsMock
from pytest_sqsmock.clock import Clock


def _arn(sqs: Any, url: str) -> str:
    arn: str = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    return arn


def _queue(sqs: Any, name: str, **attributes: str) -> str:
    if name.endswith(".fifo"):
        attributes = {"FifoQueue": "true", **attributes}
    url: str = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    return url


def _source_of(sqs: Any, name: str, dlq_url: str) -> str:
    """Create a queue that dead-letters to ``dlq_url`` after one receive."""
    policy = json.dumps({"deadLetterTargetArn": _arn(sqs, dlq_url), "maxReceiveCount": 1})
    return _queue(sqs, name, RedrivePolicy=policy)


def _setup(sqs: Any, count: int = 3) -> tuple[str, str, list[str]]:
    """Return (source URL, DLQ URL, original message ids) with ``count`` messages in the DLQ."""
    dlq_url = _queue(sqs, "dlq")
    source_url = _source_of(sqs, "src", dlq_url)
    ids = _move_to_dlq(sqs, source_url, [f"m{i}" for i in range(count)])
    return source_url, dlq_url, ids


def _move_to_dlq(sqs: Any, source_url: str, bodies: list[str]) -> list[str]:
    ids = [sqs.send_message(QueueUrl=source_url, MessageBody=b)["MessageId"] for b in bodies]
    received = 0
    while received < len(bodies):
        messages = sqs.receive_message(
            QueueUrl=source_url, MaxNumberOfMessages=10, VisibilityTimeout=0
        ).get("Messages", [])
        assert messages, "every message should be received once before it is dead-lettered"
        received += len(messages)
    # The next receive finds every message over maxReceiveCount and moves it.
    assert "Messages" not in sqs.receive_message(QueueUrl=source_url, MaxNumberOfMessages=10)
    return ids


def _tasks(sqs: Any, source_arn: str, **kwargs: Any) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = sqs.list_message_move_tasks(SourceArn=source_arn, **kwargs)[
        "Results"
    ]
    return results


def _invalid_parameter(error: ClientError, message: str) -> None:
    assert error.response["Error"]["Code"] == "InvalidParameterValue"
    assert error.response["Error"]["QueryErrorCode"] == "InvalidParameterValueException"
    assert error.response["Error"]["Message"] == message
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def _not_found(sqs: Any, error: ClientError, message: str) -> None:
    assert isinstance(error, sqs.exceptions.ResourceNotFoundException)
    assert error.response["Error"]["Code"] == "ResourceNotFoundException"
    assert error.response["Error"]["Message"] == message
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 404


# -- starting: checks ---------------------------------------------------------------------------


def test_source_must_be_a_dead_letter_queue(sqs: Any, queue_url: str) -> None:
    with pytest.raises(ClientError) as info:
        sqs.start_message_move_task(SourceArn=_arn(sqs, queue_url))
    _invalid_parameter(info.value, "Source queue must be configured as a Dead Letter Queue.")


def test_unknown_source_arn_is_resource_not_found(sqs: Any) -> None:
    with pytest.raises(ClientError) as info:
        sqs.start_message_move_task(SourceArn="arn:aws:sqs:us-east-1:123456789012:missing")
    _not_found(
        sqs,
        info.value,
        "The resource that you specified for the SourceArn parameter doesn't exist.",
    )


def test_unknown_destination_arn_is_resource_not_found(sqs: Any) -> None:
    _, dlq_url, _ = _setup(sqs, count=1)
    with pytest.raises(ClientError) as info:
        sqs.start_message_move_task(
            SourceArn=_arn(sqs, dlq_url),
            DestinationArn="arn:aws:sqs:us-east-1:123456789012:missing",
        )
    _not_found(
        sqs,
        info.value,
        "The resource that you specified for the DestinationArn parameter doesn't exist.",
    )


def test_destination_must_be_the_same_queue_type(sqs: Any) -> None:
    _, dlq_url, _ = _setup(sqs, count=1)
    fifo_arn = _arn(sqs, _queue(sqs, "dest.fifo"))
    with pytest.raises(ClientError) as info:
        sqs.start_message_move_task(SourceArn=_arn(sqs, dlq_url), DestinationArn=fifo_arn)
    _invalid_parameter(
        info.value, "The source queue and destination queue must be of the same queue type."
    )


@pytest.mark.parametrize("rate", [0, 501, -1])
def test_rate_must_be_between_1_and_500(sqs: Any, rate: int) -> None:
    _, dlq_url, _ = _setup(sqs, count=1)
    with pytest.raises(ClientError) as info:
        sqs.start_message_move_task(SourceArn=_arn(sqs, dlq_url), MaxNumberOfMessagesPerSecond=rate)
    _invalid_parameter(
        info.value,
        f"Value {rate} for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: Must be "
        "between 1 and 500, if provided.",
    )
    assert _tasks(sqs, _arn(sqs, dlq_url)) == []


def test_rate_of_500_is_accepted(sqs: Any) -> None:
    _, dlq_url, _ = _setup(sqs, count=2)
    sqs.start_message_move_task(SourceArn=_arn(sqs, dlq_url), MaxNumberOfMessagesPerSecond=500)
    (task,) = _tasks(sqs, _arn(sqs, dlq_url))
    assert task["MaxNumberOfMessagesPerSecond"] == 500


# -- moving everything at once ------------------------------------------------------------------


def test_without_rate_everything_moves_back_to_its_source_at_start(
    sqs: Any, sqs_mock: SqsMock
) -> None:
    _, dlq_url, ids = _setup(sqs, count=3)
    dlq_arn = _arn(sqs, dlq_url)
    handle = sqs.start_message_move_task(SourceArn=dlq_arn)["TaskHandle"]
    assert handle
    assert sqs_mock.queue("dlq").messages == []
    back = sqs_mock.queue("src").messages
    assert [m.body for m in back] == ["m0", "m1", "m2"]
    assert all(m.message_id not in ids for m in back)
    assert all(m.receive_count == 0 for m in back)
    assert all(m.dead_letter_source_arn is None for m in back)
    (task,) = _tasks(sqs, dlq_arn)
    assert task["Status"] == "COMPLETED"
    assert task["ApproximateNumberOfMessagesMoved"] == 3
    assert task["ApproximateNumberOfMessagesToMove"] == 3
    assert "TaskHandle" not in task


def test_redriven_messages_are_received_as_new(sqs: Any) -> None:
    source_url, dlq_url, ids = _setup(sqs, count=1)
    sqs.start_message_move_task(SourceArn=_arn(sqs, dlq_url))
    (message,) = sqs.receive_message(QueueUrl=source_url, MessageSystemAttributeNames=["All"])[
        "Messages"
    ]
    assert message["Body"] == "m0"
    assert message["MessageId"] != ids[0]
    assert message["Attributes"]["ApproximateReceiveCount"] == "1"
    assert "DeadLetterQueueSourceArn" not in message["Attributes"]


def test_messages_from_two_sources_go_back_to_their_own_sources(
    sqs: Any, sqs_mock: SqsMock
) -> None:
    dlq_url = _queue(sqs, "dlq")
    first = _source_of(sqs, "first", dlq_url)
    second = _source_of(sqs, "second", dlq_url)
    _move_to_dlq(sqs, first, ["f1", "f2"])
    _move_to_dlq(sqs, second, ["s1"])
    _move_to_dlq(sqs, first, ["f3"])
    assert sqs_mock.queue("dlq").bodies == ["f1", "f2", "s1", "f3"]
    sqs.start_message_move_task(SourceArn=_arn(sqs, dlq_url))
    assert sqs_mock.queue("first").bodies == ["f1", "f2", "f3"]
    assert sqs_mock.queue("second").bodies == ["s1"]
    assert sqs_mock.queue("dlq").messages == []


def test_destination_arn_receives_every_message(sqs: Any, sqs_mock: SqsMock) -> None:
    _, dlq_url, _ = _setup(sqs, count=3)
    dest_arn = _arn(sqs, _queue(sqs, "dest"))
    sqs.start_message_move_task(SourceArn=_arn(sqs, dlq_url), DestinationArn=dest_arn)
    assert sqs_mock.queue("dest").bodies == ["m0", "m1", "m2"]
    assert sqs_mock.queue("src").messages == []
    (task,) = _tasks(sqs, _arn(sqs, dlq_url))
    assert task["DestinationArn"] == dest_arn
    assert task["Status"] == "COMPLETED"


def test_message_attributes_survive_the_redrive(sqs: Any) -> None:
    dlq_url = _queue(sqs, "dlq")
    source_url = _source_of(sqs, "src", dlq_url)
    attributes = {"kind": {"DataType": "String", "StringValue": "order"}}
    sent = sqs.send_message(QueueUrl=source_url, MessageBody="x", MessageAttributes=attributes)
    sqs.receive_message(QueueUrl=source_url, VisibilityTimeout=0)
    sqs.receive_message(QueueUrl=source_url)
    sqs.start_message_move_task(SourceArn=_arn(sqs, dlq_url))
    (message,) = sqs.receive_message(QueueUrl=source_url, MessageAttributeNames=["All"])["Messages"]
    assert message["MessageAttributes"] == attributes
    assert message["MD5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]


def test_in_flight_dlq_messages_are_not_moved(sqs: Any, sqs_mock: SqsMock) -> None:
    _, dlq_url, _ = _setup(sqs, count=3)
    (held,) = sqs.receive_message(QueueUrl=dlq_url)["Messages"]
    sqs.start_message_move_task(SourceArn=_arn(sqs, dlq_url))
    assert [m.message_id for m in sqs_mock.queue("dlq").messages] == [held["MessageId"]]
    (task,) = _tasks(sqs, _arn(sqs, dlq_url))
    assert task["ApproximateNumberOfMessagesToMove"] == 2
    assert task["ApproximateNumberOfMessagesMoved"] == 2


def test_move_task_between_fifo_queues(sqs: Any, sqs_mock: SqsMock) -> None:
    dlq_url = _queue(sqs, "dlq.fifo")
    policy = json.dumps({"deadLetterTargetArn": _arn(sqs, dlq_url), "maxReceiveCount": 1})
    source_url = _queue(sqs, "src.fifo", RedrivePolicy=policy)
    for body in ["a", "b"]:
        sqs.send_message(
            QueueUrl=source_url, MessageBody=body, MessageGroupId="g", MessageDeduplicationId=body
        )
    sqs.receive_message(QueueUrl=source_url, MaxNumberOfMessages=10, VisibilityTimeout=0)
    assert "Messages" not in sqs.receive_message(QueueUrl=source_url, MaxNumberOfMessages=10)
    assert sqs_mock.queue("dlq.fifo").bodies == ["a", "b"]
    sqs.start_message_move_task(SourceArn=_arn(sqs, dlq_url))
    back = sqs.receive_message(
        QueueUrl=source_url, MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"]
    )["Messages"]
    assert [m["Body"] for m in back] == ["a", "b"]
    assert [m["Attributes"]["MessageGroupId"] for m in back] == ["g", "g"]
    assert [m["Attributes"]["ApproximateReceiveCount"] for m in back] == ["1", "1"]


# -- moving at a rate ---------------------------------------------------------------------------


def test_rate_limited_task_moves_messages_as_sqs_time_passes(
    sqs: Any, sqs_mock: SqsMock, sqs_clock: Clock
) -> None:
    _, dlq_url, _ = _setup(sqs, count=10)
    dlq_arn = _arn(sqs, dlq_url)
    started_ms = sqs_clock.now_ms()
    handle = sqs.start_message_move_task(SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=2)[
        "TaskHandle"
    ]

    (task,) = _tasks(sqs, dlq_arn)
    assert task == {
        "TaskHandle": handle,
        "Status": "RUNNING",
        "SourceArn": dlq_arn,
        "MaxNumberOfMessagesPerSecond": 2,
        "ApproximateNumberOfMessagesMoved": 0,
        "ApproximateNumberOfMessagesToMove": 10,
        "StartedTimestamp": started_ms,
    }
    assert len(sqs_mock.queue("dlq").messages) == 10

    sqs_clock.advance(2)
    (task,) = _tasks(sqs, dlq_arn)
    assert task["Status"] == "RUNNING"
    assert task["ApproximateNumberOfMessagesMoved"] == 4
    assert sqs_mock.queue("src").bodies == ["m0", "m1", "m2", "m3"]
    assert len(sqs_mock.queue("dlq").messages) == 6

    sqs_clock.advance(3)
    (task,) = _tasks(sqs, dlq_arn)
    assert task["Status"] == "COMPLETED"
    assert task["ApproximateNumberOfMessagesMoved"] == 10
    assert "TaskHandle" not in task
    assert sqs_mock.queue("src").bodies == [f"m{i}" for i in range(10)]
    assert sqs_mock.queue("dlq").messages == []


def test_second_start_while_one_is_running_is_refused(sqs: Any, sqs_clock: Clock) -> None:
    _, dlq_url, _ = _setup(sqs, count=4)
    dlq_arn = _arn(sqs, dlq_url)
    sqs.start_message_move_task(SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=1)
    with pytest.raises(ClientError) as info:
        sqs.start_message_move_task(SourceArn=dlq_arn)
    _invalid_parameter(
        info.value,
        "There is already a task running. Only one active task is allowed for a source queue "
        "arn at a given time.",
    )
    sqs_clock.advance(4)
    assert _tasks(sqs, dlq_arn)[0]["Status"] == "COMPLETED"
    sqs.start_message_move_task(SourceArn=dlq_arn)
    assert len(_tasks(sqs, dlq_arn, MaxResults=10)) == 2


# -- cancelling ---------------------------------------------------------------------------------


def test_cancel_stops_a_running_task_and_keeps_moved_messages_moved(
    sqs: Any, sqs_mock: SqsMock, sqs_clock: Clock
) -> None:
    _, dlq_url, _ = _setup(sqs, count=10)
    dlq_arn = _arn(sqs, dlq_url)
    handle = sqs.start_message_move_task(SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=1)[
        "TaskHandle"
    ]
    sqs_clock.advance(3)
    response = sqs.cancel_message_move_task(TaskHandle=handle)
    assert response["ApproximateNumberOfMessagesMoved"] == 3
    sqs_clock.advance(60)
    (task,) = _tasks(sqs, dlq_arn)
    assert task["Status"] == "CANCELLED"
    assert task["ApproximateNumberOfMessagesMoved"] == 3
    assert "TaskHandle" not in task
    assert sqs_mock.queue("src").bodies == ["m0", "m1", "m2"]
    assert len(sqs_mock.queue("dlq").messages) == 7


def test_cancel_of_a_finished_task_is_resource_not_found(sqs: Any, sqs_clock: Clock) -> None:
    _, dlq_url, _ = _setup(sqs, count=2)
    handle = sqs.start_message_move_task(
        SourceArn=_arn(sqs, dlq_url), MaxNumberOfMessagesPerSecond=1
    )["TaskHandle"]
    sqs.cancel_message_move_task(TaskHandle=handle)
    with pytest.raises(ClientError) as info:
        sqs.cancel_message_move_task(TaskHandle=handle)
    _not_found(sqs, info.value, "Only tasks with status RUNNING can be cancelled.")


def test_cancel_of_a_completed_task_is_resource_not_found(sqs: Any) -> None:
    _, dlq_url, _ = _setup(sqs, count=1)
    handle = sqs.start_message_move_task(SourceArn=_arn(sqs, dlq_url))["TaskHandle"]
    with pytest.raises(ClientError) as info:
        sqs.cancel_message_move_task(TaskHandle=handle)
    _not_found(sqs, info.value, "Only tasks with status RUNNING can be cancelled.")


def test_cancel_of_an_unknown_handle_is_resource_not_found(sqs: Any) -> None:
    with pytest.raises(ClientError) as info:
        sqs.cancel_message_move_task(TaskHandle="bm9wZQ==")
    _not_found(
        sqs,
        info.value,
        "The resource that you specified for the TaskHandle parameter doesn't exist.",
    )


# -- listing ------------------------------------------------------------------------------------


def test_list_returns_newest_first_with_default_of_one(sqs: Any, sqs_clock: Clock) -> None:
    _, dlq_url, _ = _setup(sqs, count=1)
    dlq_arn = _arn(sqs, dlq_url)
    started = []
    for _ in range(12):
        started.append(sqs_clock.now_ms())
        sqs.start_message_move_task(SourceArn=dlq_arn)
        sqs_clock.advance(1)
    (newest,) = _tasks(sqs, dlq_arn)
    assert newest["StartedTimestamp"] == started[-1]
    ten = _tasks(sqs, dlq_arn, MaxResults=10)
    assert [t["StartedTimestamp"] for t in ten] == started[::-1][:10]
    assert all(t["Status"] == "COMPLETED" for t in ten)
    # Only the first task had a message to move, and it is the one left out.
    assert [t["ApproximateNumberOfMessagesMoved"] for t in ten] == [0] * 10


@pytest.mark.parametrize("max_results", [0, 11])
def test_list_max_results_is_between_1_and_10(sqs: Any, max_results: int) -> None:
    _, dlq_url, _ = _setup(sqs, count=1)
    with pytest.raises(ClientError) as info:
        sqs.list_message_move_tasks(SourceArn=_arn(sqs, dlq_url), MaxResults=max_results)
    _invalid_parameter(
        info.value,
        f"Value {max_results} for parameter MaxResults is invalid. Reason: MaxResults must be an "
        "integer between 1 and 10.",
    )


def test_list_without_tasks_has_empty_results(sqs: Any, queue_url: str) -> None:
    response = sqs.list_message_move_tasks(SourceArn=_arn(sqs, queue_url))
    assert response["Results"] == []


def test_list_of_unknown_source_is_resource_not_found(sqs: Any) -> None:
    with pytest.raises(ClientError) as info:
        sqs.list_message_move_tasks(SourceArn="arn:aws:sqs:us-east-1:123456789012:missing")
    _not_found(
        sqs,
        info.value,
        "The resource that you specified for the SourceArn parameter doesn't exist.",
    )


def test_task_fails_when_the_original_source_is_gone(sqs: Any, sqs_mock: SqsMock) -> None:
    source_url, dlq_url, _ = _setup(sqs, count=2)
    other = _source_of(sqs, "other", dlq_url)  # keeps the DLQ a dead-letter queue
    assert other
    sqs.delete_queue(QueueUrl=source_url)
    sqs.start_message_move_task(SourceArn=_arn(sqs, dlq_url))
    (task,) = _tasks(sqs, _arn(sqs, dlq_url))
    assert task["Status"] == "FAILED"
    assert task["FailureReason"]
    assert "TaskHandle" not in task
    assert sqs_mock.queue("dlq").bodies == ["m0", "m1"]


def test_fifo_move_waits_for_a_group_blocked_by_an_in_flight_message(
    sqs: Any, sqs_mock: SqsMock
) -> None:
    dlq_url = _queue(sqs, "dlq.fifo")
    policy = json.dumps({"deadLetterTargetArn": _arn(sqs, dlq_url), "maxReceiveCount": 1})
    source_url = _queue(sqs, "src.fifo", RedrivePolicy=policy)
    for body in ["a", "b"]:
        sqs.send_message(
            QueueUrl=source_url, MessageBody=body, MessageGroupId="g", MessageDeduplicationId=body
        )
    sqs.receive_message(QueueUrl=source_url, MaxNumberOfMessages=10, VisibilityTimeout=0)
    assert "Messages" not in sqs.receive_message(QueueUrl=source_url, MaxNumberOfMessages=10)
    (held,) = sqs.receive_message(QueueUrl=dlq_url)["Messages"]  # "a" in flight blocks "b"
    dlq_arn = _arn(sqs, dlq_url)

    sqs.start_message_move_task(SourceArn=dlq_arn)
    (task,) = _tasks(sqs, dlq_arn)
    assert (task["Status"], task["ApproximateNumberOfMessagesMoved"]) == ("RUNNING", 0)
    assert task["ApproximateNumberOfMessagesToMove"] == 1
    assert sqs_mock.queue("dlq.fifo").bodies == ["a", "b"]

    sqs.delete_message(QueueUrl=dlq_url, ReceiptHandle=held["ReceiptHandle"])
    (task,) = _tasks(sqs, dlq_arn)
    assert (task["Status"], task["ApproximateNumberOfMessagesMoved"]) == ("COMPLETED", 1)
    assert sqs_mock.queue("dlq.fifo").bodies == []
    assert sqs_mock.queue("src.fifo").bodies == ["b"]
