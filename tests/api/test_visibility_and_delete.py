"""Visibility timeouts, ChangeMessageVisibility, DeleteMessage and the three batch operations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from pytest_sqsmock import SqsMock
from pytest_sqsmock.clock import Clock


@pytest.fixture(autouse=True)
def _stand_still(sqs_clock: Clock) -> None:
    """Freeze time at each test's start, so clock.advance() moves it by exact amounts."""


def receive_one(sqs: Any, url: str, **kwargs: Any) -> dict[str, Any]:
    messages = sqs.receive_message(QueueUrl=url, **kwargs).get("Messages", [])
    assert len(messages) == 1, messages
    message: dict[str, Any] = messages[0]
    return message


def receivable(sqs: Any, url: str) -> list[str]:
    """Return the bodies a receive would get now, without taking them (visibility 0)."""
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0)
    return [m["Body"] for m in messages.get("Messages", [])]


def not_visible(sqs: Any, url: str) -> int:
    attributes = sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessagesNotVisible"])


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> dict[str, Any]:
    error: dict[str, Any] = excinfo.value.response["Error"]
    return error


def status_of(excinfo: pytest.ExceptionInfo[ClientError]) -> int:
    status: int = excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"]
    return status


@pytest.fixture
def handle(sqs: Any, queue_url: str) -> str:
    """Send one message ("x") to queue ``q`` and return the receipt handle of receiving it."""
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    receipt: str = receive_one(sqs, queue_url)["ReceiptHandle"]
    return receipt


@pytest.fixture
def foreign_handle(sqs: Any) -> str:
    """Return a valid receipt handle from another queue."""
    url = sqs.create_queue(QueueName="other")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="elsewhere")
    receipt: str = receive_one(sqs, url)["ReceiptHandle"]
    return receipt


def malformed_message(receipt: str) -> str:
    return f'The input receipt handle "{receipt}" is not a valid receipt handle.'


def foreign_message(receipt: str) -> str:
    return f'The receipt handle "{receipt}" is not valid for this queue.'


def not_changeable_message(receipt: str) -> str:
    return (
        f"Value {receipt} for parameter ReceiptHandle is invalid. Reason: Message does not exist "
        "or is not available for visibility timeout change."
    )


# -- visibility timeout expiry ----------------------------------------------------------------


@pytest.mark.parametrize("timeout", [1, 30, 45])
def test_message_reappears_exactly_when_visibility_timeout_ends(
    sqs: Any, sqs_mock: SqsMock, timeout: int
) -> None:
    url = sqs.create_queue(QueueName="vt", Attributes={"VisibilityTimeout": str(timeout)})[
        "QueueUrl"
    ]
    sent = sqs.send_message(QueueUrl=url, MessageBody="x")
    first = receive_one(sqs, url)
    sqs_mock.clock.advance(timeout - 1)
    assert receivable(sqs, url) == []
    sqs_mock.clock.advance(1)
    again = receive_one(sqs, url, MessageSystemAttributeNames=["ApproximateReceiveCount"])
    assert again["MessageId"] == first["MessageId"] == sent["MessageId"]
    assert again["Attributes"]["ApproximateReceiveCount"] == "2"
    assert again["ReceiptHandle"] != first["ReceiptHandle"]


def test_default_visibility_timeout_is_thirty_seconds(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, handle: str
) -> None:
    sqs_mock.clock.advance(29.999)
    assert receivable(sqs, queue_url) == []
    sqs_mock.clock.advance(0.001)
    assert receivable(sqs, queue_url) == ["x"]


# -- ChangeMessageVisibility ------------------------------------------------------------------


def test_change_visibility_counts_from_the_call(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, handle: str
) -> None:
    sqs_mock.clock.advance(10)
    sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=60)
    sqs_mock.clock.advance(20)  # the original 30 s have passed
    assert receivable(sqs, queue_url) == []
    sqs_mock.clock.advance(39)  # 59 s after the change
    assert receivable(sqs, queue_url) == []
    sqs_mock.clock.advance(1)
    assert receivable(sqs, queue_url) == ["x"]


def test_change_visibility_can_shorten(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, handle: str
) -> None:
    sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=5)
    sqs_mock.clock.advance(4)
    assert receivable(sqs, queue_url) == []
    sqs_mock.clock.advance(1)
    assert receivable(sqs, queue_url) == ["x"]


def test_change_visibility_to_zero_makes_message_visible_at_once(
    sqs: Any, queue_url: str, handle: str
) -> None:
    sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=0)
    assert not_visible(sqs, queue_url) == 0
    assert receivable(sqs, queue_url) == ["x"]


def test_change_visibility_applies_only_to_that_receipt(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, handle: str
) -> None:
    sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=600)
    sqs_mock.clock.advance(600)
    receive_one(sqs, queue_url)  # back to the queue default of 30 s
    sqs_mock.clock.advance(29)
    assert receivable(sqs, queue_url) == []
    sqs_mock.clock.advance(1)
    assert receivable(sqs, queue_url) == ["x"]


def test_change_visibility_up_to_twelve_hours_from_receive(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, handle: str
) -> None:
    sqs.change_message_visibility(
        QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=43_200
    )
    sqs_mock.clock.advance(10)
    with pytest.raises(ClientError) as excinfo:
        sqs.change_message_visibility(
            QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=43_195
        )
    assert type(excinfo.value) is ClientError
    assert error_of(excinfo)["Code"] == "InvalidParameterValue"
    assert status_of(excinfo) == 400
    assert error_of(excinfo)["Message"] == (
        "Value 43195 for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout "
        "for the message is beyond the limit [43200 seconds]"
    )
    # Exactly reaching the 12 hours is still allowed.
    sqs.change_message_visibility(
        QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=43_190
    )
    sqs_mock.clock.advance(43_189)
    assert receivable(sqs, queue_url) == []
    sqs_mock.clock.advance(1)
    assert receivable(sqs, queue_url) == ["x"]


def test_twelve_hour_cap_restarts_with_each_receive(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, handle: str
) -> None:
    sqs_mock.clock.advance(30)
    second = receive_one(sqs, queue_url)["ReceiptHandle"]
    sqs.change_message_visibility(
        QueueUrl=queue_url, ReceiptHandle=second, VisibilityTimeout=43_200
    )
    assert not_visible(sqs, queue_url) == 1


@pytest.mark.parametrize("timeout", [-1, 43_201])
def test_change_visibility_out_of_range(
    sqs: Any, queue_url: str, handle: str, timeout: int
) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.change_message_visibility(
            QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=timeout
        )
    assert error_of(excinfo)["Code"] == "InvalidParameterValue"
    assert error_of(excinfo)["Message"].startswith(
        f"Value {timeout} for parameter VisibilityTimeout is invalid. Reason: "
    )
    assert not_visible(sqs, queue_url) == 1


def test_change_visibility_with_malformed_handle(sqs: Any, queue_url: str) -> None:
    with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid) as excinfo:
        sqs.change_message_visibility(
            QueueUrl=queue_url, ReceiptHandle="not-a-handle", VisibilityTimeout=10
        )
    assert error_of(excinfo)["Code"] == "ReceiptHandleIsInvalid"
    assert error_of(excinfo)["Message"] == malformed_message("not-a-handle")
    assert status_of(excinfo) == 404


def test_change_visibility_with_handle_from_another_queue(
    sqs: Any, queue_url: str, foreign_handle: str
) -> None:
    with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid) as excinfo:
        sqs.change_message_visibility(
            QueueUrl=queue_url, ReceiptHandle=foreign_handle, VisibilityTimeout=10
        )
    assert error_of(excinfo)["Code"] == "ReceiptHandleIsInvalid"
    assert error_of(excinfo)["Message"] == foreign_message(foreign_handle)
    assert status_of(excinfo) == 404


def test_change_visibility_of_deleted_message(sqs: Any, queue_url: str, handle: str) -> None:
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=handle)
    with pytest.raises(ClientError) as excinfo:
        sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=5)
    assert type(excinfo.value) is ClientError
    assert error_of(excinfo)["Code"] == "InvalidParameterValue"
    assert error_of(excinfo)["QueryErrorCode"] == "InvalidParameterValueException"
    assert error_of(excinfo)["Message"] == not_changeable_message(handle)
    assert status_of(excinfo) == 400


def test_change_visibility_with_expired_handle_is_a_no_op(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, handle: str
) -> None:
    sqs_mock.clock.advance(30)
    response = sqs.change_message_visibility(
        QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=600
    )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert not_visible(sqs, queue_url) == 0
    assert receivable(sqs, queue_url) == ["x"]


def test_stale_handle_changes_visibility_while_message_is_in_flight_again(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, handle: str
) -> None:
    sqs_mock.clock.advance(30)
    receive_one(sqs, queue_url)
    sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=0)
    assert receivable(sqs, queue_url) == ["x"]


# -- DeleteMessage ----------------------------------------------------------------------------


def test_delete_removes_the_message(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, handle: str
) -> None:
    response = sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=handle)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert sqs_mock.queue("q").messages == []
    sqs_mock.clock.advance(30)
    assert receivable(sqs, queue_url) == []


def test_delete_twice_is_fine(sqs: Any, sqs_mock: SqsMock, queue_url: str, handle: str) -> None:
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=handle)
    response = sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=handle)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert sqs_mock.queue("q").messages == []


def test_stale_handle_still_deletes_on_standard_queue(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, handle: str
) -> None:
    sqs_mock.clock.advance(30)
    newer = receive_one(sqs, queue_url)["ReceiptHandle"]
    assert newer != handle
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=handle)
    assert sqs_mock.queue("q").messages == []
    assert not_visible(sqs, queue_url) == 0


def test_expired_handle_deletes_a_visible_message(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, handle: str
) -> None:
    sqs_mock.clock.advance(31)
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=handle)
    assert receivable(sqs, queue_url) == []


def test_delete_leaves_other_messages(sqs: Any, queue_url: str, handle: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="y")
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=handle)
    assert receivable(sqs, queue_url) == ["y"]


def test_delete_with_malformed_handle(sqs: Any, queue_url: str) -> None:
    with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid) as excinfo:
        sqs.delete_message(QueueUrl=queue_url, ReceiptHandle="garbage")
    assert error_of(excinfo)["Code"] == "ReceiptHandleIsInvalid"
    assert error_of(excinfo)["Message"] == malformed_message("garbage")
    assert status_of(excinfo) == 404


def test_delete_with_handle_from_another_queue(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, foreign_handle: str
) -> None:
    with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid) as excinfo:
        sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=foreign_handle)
    assert error_of(excinfo)["Message"] == foreign_message(foreign_handle)
    assert status_of(excinfo) == 404
    assert len(sqs_mock.queue("other").messages) == 1


# -- batch request validation (all three batch operations) ------------------------------------

Entry = Callable[[str], dict[str, Any]]
BATCHES: list[Any] = [
    pytest.param(
        "send_message_batch", lambda i: {"Id": i, "MessageBody": "x"}, id="SendMessageBatch"
    ),
    pytest.param(
        "delete_message_batch", lambda i: {"Id": i, "ReceiptHandle": "h"}, id="DeleteMessageBatch"
    ),
    pytest.param(
        "change_message_visibility_batch",
        lambda i: {"Id": i, "ReceiptHandle": "h", "VisibilityTimeout": 5},
        id="ChangeMessageVisibilityBatch",
    ),
]


def call_batch(sqs: Any, operation: str, url: str, entries: list[dict[str, Any]]) -> Any:
    return getattr(sqs, operation)(QueueUrl=url, Entries=entries)


@pytest.mark.parametrize(("operation", "entry"), BATCHES)
def test_batch_with_no_entries(sqs: Any, queue_url: str, operation: str, entry: Entry) -> None:
    with pytest.raises(sqs.exceptions.EmptyBatchRequest) as excinfo:
        call_batch(sqs, operation, queue_url, [])
    assert error_of(excinfo)["Code"] == "AWS.SimpleQueueService.EmptyBatchRequest"
    assert error_of(excinfo)["QueryErrorCode"] == "EmptyBatchRequest"
    assert status_of(excinfo) == 400


@pytest.mark.parametrize(("operation", "entry"), BATCHES)
def test_batch_with_eleven_entries(sqs: Any, queue_url: str, operation: str, entry: Entry) -> None:
    with pytest.raises(sqs.exceptions.TooManyEntriesInBatchRequest) as excinfo:
        call_batch(sqs, operation, queue_url, [entry(f"e{i}") for i in range(11)])
    assert error_of(excinfo)["Code"] == "AWS.SimpleQueueService.TooManyEntriesInBatchRequest"
    assert error_of(excinfo)["Message"] == (
        "Maximum number of entries per request are 10. You have sent 11."
    )
    assert status_of(excinfo) == 400


@pytest.mark.parametrize(("operation", "entry"), BATCHES)
@pytest.mark.parametrize("bad_id", ["a b", "a.b", "ü", "", "x" * 81, "id!"])
def test_batch_with_invalid_entry_id(
    sqs: Any, queue_url: str, operation: str, entry: Entry, bad_id: str
) -> None:
    with pytest.raises(sqs.exceptions.InvalidBatchEntryId) as excinfo:
        call_batch(sqs, operation, queue_url, [entry("ok"), entry(bad_id)])
    assert error_of(excinfo)["Code"] == "AWS.SimpleQueueService.InvalidBatchEntryId"
    assert error_of(excinfo)["Message"] == (
        "A batch entry id can only contain alphanumeric characters, hyphens and underscores. "
        "It can be at most 80 letters long."
    )
    assert status_of(excinfo) == 400


@pytest.mark.parametrize(("operation", "entry"), BATCHES)
def test_batch_with_duplicate_ids(sqs: Any, queue_url: str, operation: str, entry: Entry) -> None:
    with pytest.raises(sqs.exceptions.BatchEntryIdsNotDistinct) as excinfo:
        call_batch(sqs, operation, queue_url, [entry("same"), entry("other"), entry("same")])
    assert error_of(excinfo)["Code"] == "AWS.SimpleQueueService.BatchEntryIdsNotDistinct"
    assert status_of(excinfo) == 400


def test_batch_entry_ids_may_be_80_characters_of_the_allowed_set(sqs: Any, queue_url: str) -> None:
    ids = ["A" * 80, "z-9_", "0"]
    result = sqs.send_message_batch(
        QueueUrl=queue_url, Entries=[{"Id": i, "MessageBody": i} for i in ids]
    )
    assert [entry["Id"] for entry in result["Successful"]] == ids
    assert result["Failed"] == []


def test_ids_are_case_sensitive(sqs: Any, queue_url: str) -> None:
    result = sqs.send_message_batch(
        QueueUrl=queue_url,
        Entries=[{"Id": "a", "MessageBody": "1"}, {"Id": "A", "MessageBody": "2"}],
    )
    assert [entry["Id"] for entry in result["Successful"]] == ["a", "A"]


# -- SendMessageBatch -------------------------------------------------------------------------


def test_send_batch_total_over_one_mebibyte(sqs: Any, sqs_mock: SqsMock, queue_url: str) -> None:
    attribute = {"k": {"DataType": "String", "StringValue": "v"}}
    entries = [
        {"Id": "a", "MessageBody": "a" * 524_288},
        {"Id": "b", "MessageBody": "b" * 524_288, "MessageAttributes": attribute},
    ]
    with pytest.raises(sqs.exceptions.BatchRequestTooLong) as excinfo:
        sqs.send_message_batch(QueueUrl=queue_url, Entries=entries)
    sent = 2 * 524_288 + len("k") + len("String") + len("v")
    assert error_of(excinfo)["Code"] == "AWS.SimpleQueueService.BatchRequestTooLong"
    assert error_of(excinfo)["Message"] == (
        f"Batch requests cannot be longer than 1048576 bytes. You have sent {sent} bytes."
    )
    assert status_of(excinfo) == 400
    assert sqs_mock.queue("q").messages == []


def test_send_batch_total_of_exactly_one_mebibyte_is_accepted(
    sqs: Any, sqs_mock: SqsMock, queue_url: str
) -> None:
    entries = [{"Id": str(i), "MessageBody": str(i) * 262_144} for i in range(4)]
    result = sqs.send_message_batch(QueueUrl=queue_url, Entries=entries)
    assert len(result["Successful"]) == 4
    assert result["Failed"] == []
    assert len(sqs_mock.queue("q").messages) == 4


def test_send_batch_successful_entries_carry_md5s_and_ids(
    sqs: Any, sqs_mock: SqsMock, queue_url: str
) -> None:
    string_attribute = {"attribName1": {"DataType": "String", "StringValue": "attribValue 1"}}
    result = sqs.send_message_batch(
        QueueUrl=queue_url,
        Entries=[
            {"Id": "plain", "MessageBody": "hello"},
            {"Id": "attrs", "MessageBody": "hello", "MessageAttributes": string_attribute},
        ],
    )
    plain, attrs = result["Successful"]
    assert plain["Id"] == "plain"
    assert plain["MD5OfMessageBody"] == "5d41402abc4b2a76b9719d911017c592"  # md5("hello")
    assert "MD5OfMessageAttributes" not in plain
    assert attrs["MD5OfMessageAttributes"] == "19e27d4e946b072f3f58da80d94fd778"
    stored = [m.message_id for m in sqs_mock.queue("q").messages]
    assert [plain["MessageId"], attrs["MessageId"]] == stored
    assert result["Failed"] == []


def test_send_batch_entry_md5s_equal_those_of_send_message(sqs: Any, queue_url: str) -> None:
    entry: dict[str, Any] = {
        "MessageBody": "héllo",
        "MessageAttributes": {"n": {"DataType": "Number.int", "StringValue": "7"}},
        "MessageSystemAttributes": {
            "AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-abc;Sampled=1"}
        },
    }
    single = sqs.send_message(QueueUrl=queue_url, **entry)
    [batched] = sqs.send_message_batch(QueueUrl=queue_url, Entries=[{"Id": "e", **entry}])[
        "Successful"
    ]
    for key in ("MD5OfMessageBody", "MD5OfMessageAttributes", "MD5OfMessageSystemAttributes"):
        assert batched[key] == single[key]
    assert batched["MessageId"] != single["MessageId"]


def test_send_batch_keeps_entry_order(sqs: Any, queue_url: str) -> None:
    sqs.send_message_batch(
        QueueUrl=queue_url, Entries=[{"Id": f"e{i}", "MessageBody": f"m{i}"} for i in range(10)]
    )
    assert receivable(sqs, queue_url) == [f"m{i}" for i in range(10)]


def test_send_batch_entry_failures_do_not_stop_the_others(
    sqs: Any, sqs_mock: SqsMock, queue_url: str
) -> None:
    result = sqs.send_message_batch(
        QueueUrl=queue_url,
        Entries=[
            {"Id": "first", "MessageBody": "one"},
            {"Id": "late", "MessageBody": "two", "DelaySeconds": 901},
            {"Id": "bad-char", "MessageBody": "three\x00"},
            {"Id": "empty", "MessageBody": ""},
            {"Id": "last", "MessageBody": "four"},
        ],
    )
    assert [entry["Id"] for entry in result["Successful"]] == ["first", "last"]
    assert result["Failed"] == [
        {
            "Id": "late",
            "SenderFault": True,
            "Code": "InvalidParameterValue",
            "Message": "Value 901 for parameter DelaySeconds is invalid. "
            "Reason: DelaySeconds must be >= 0 and <= 900.",
        },
        {
            "Id": "bad-char",
            "SenderFault": True,
            "Code": "InvalidMessageContents",
            "Message": result["Failed"][1]["Message"],
        },
        {
            "Id": "empty",
            "SenderFault": True,
            "Code": "MissingParameter",
            "Message": "The request must contain the parameter MessageBody.",
        },
    ]
    assert result["Failed"][1]["Message"].startswith("Invalid characters found.")
    assert [m.body for m in sqs_mock.queue("q").messages] == ["one", "four"]


def test_send_batch_entry_over_queue_size_limit_fails_alone(sqs: Any, sqs_mock: SqsMock) -> None:
    url = sqs.create_queue(QueueName="small", Attributes={"MaximumMessageSize": "1024"})["QueueUrl"]
    result = sqs.send_message_batch(
        QueueUrl=url,
        Entries=[
            {"Id": "fits", "MessageBody": "a" * 1024},
            {"Id": "big", "MessageBody": "a" * 1025},
        ],
    )
    assert [entry["Id"] for entry in result["Successful"]] == ["fits"]
    assert result["Failed"] == [
        {
            "Id": "big",
            "SenderFault": True,
            "Code": "InvalidParameterValue",
            "Message": "One or more parameters are invalid. Reason: Message must be shorter than "
            "1024 bytes.",
        }
    ]
    assert len(sqs_mock.queue("small").messages) == 1


def test_send_batch_entry_with_dedup_id_fails_on_standard_queue(sqs: Any, queue_url: str) -> None:
    result = sqs.send_message_batch(
        QueueUrl=queue_url,
        Entries=[
            {"Id": "ok", "MessageBody": "x", "MessageGroupId": "g"},
            {"Id": "dedup", "MessageBody": "x", "MessageDeduplicationId": "d"},
        ],
    )
    assert [entry["Id"] for entry in result["Successful"]] == ["ok"]
    [failed] = result["Failed"]
    assert (failed["Id"], failed["Code"], failed["SenderFault"]) == (
        "dedup",
        "InvalidParameterValue",
        True,
    )


def test_send_batch_all_failed_still_has_empty_successful(sqs: Any, queue_url: str) -> None:
    result = sqs.send_message_batch(
        QueueUrl=queue_url, Entries=[{"Id": "a", "MessageBody": "x", "DelaySeconds": -1}]
    )
    assert result["Successful"] == []
    assert [entry["Id"] for entry in result["Failed"]] == ["a"]


# -- DeleteMessageBatch -----------------------------------------------------------------------


def receive_handles(sqs: Any, url: str, count: int) -> list[str]:
    for i in range(count):
        sqs.send_message(QueueUrl=url, MessageBody=f"m{i}")
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=count)["Messages"]
    return [m["ReceiptHandle"] for m in messages]


def test_delete_batch_deletes_and_reports_each_entry(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, foreign_handle: str
) -> None:
    first, _, third = receive_handles(sqs, queue_url, 3)
    result = sqs.delete_message_batch(
        QueueUrl=queue_url,
        Entries=[
            {"Id": "one", "ReceiptHandle": first},
            {"Id": "broken", "ReceiptHandle": "bad"},
            {"Id": "foreign", "ReceiptHandle": foreign_handle},
            {"Id": "three", "ReceiptHandle": third},
        ],
    )
    assert result["Successful"] == [{"Id": "one"}, {"Id": "three"}]
    assert result["Failed"] == [
        {
            "Id": "broken",
            "SenderFault": True,
            "Code": "ReceiptHandleIsInvalid",
            "Message": malformed_message("bad"),
        },
        {
            "Id": "foreign",
            "SenderFault": True,
            "Code": "ReceiptHandleIsInvalid",
            "Message": foreign_message(foreign_handle),
        },
    ]
    assert [m.body for m in sqs_mock.queue("q").messages] == ["m1"]


def test_delete_batch_all_ok_has_empty_failed(sqs: Any, sqs_mock: SqsMock, queue_url: str) -> None:
    handles = receive_handles(sqs, queue_url, 2)
    result = sqs.delete_message_batch(
        QueueUrl=queue_url,
        Entries=[{"Id": f"e{i}", "ReceiptHandle": h} for i, h in enumerate(handles)],
    )
    assert result["Successful"] == [{"Id": "e0"}, {"Id": "e1"}]
    assert result["Failed"] == []
    assert sqs_mock.queue("q").messages == []


def test_delete_batch_same_message_twice_succeeds(sqs: Any, queue_url: str, handle: str) -> None:
    result = sqs.delete_message_batch(
        QueueUrl=queue_url,
        Entries=[{"Id": "a", "ReceiptHandle": handle}, {"Id": "b", "ReceiptHandle": handle}],
    )
    assert result["Successful"] == [{"Id": "a"}, {"Id": "b"}]
    assert result["Failed"] == []


# -- ChangeMessageVisibilityBatch -------------------------------------------------------------


def test_change_visibility_batch_changes_and_reports_each_entry(
    sqs: Any, sqs_mock: SqsMock, queue_url: str
) -> None:
    first, second, third = receive_handles(sqs, queue_url, 3)
    result = sqs.change_message_visibility_batch(
        QueueUrl=queue_url,
        Entries=[
            {"Id": "now", "ReceiptHandle": first, "VisibilityTimeout": 0},
            {"Id": "broken", "ReceiptHandle": "bad", "VisibilityTimeout": 0},
            {"Id": "too-long", "ReceiptHandle": second, "VisibilityTimeout": 43_201},
            {"Id": "later", "ReceiptHandle": third, "VisibilityTimeout": 120},
        ],
    )
    assert result["Successful"] == [{"Id": "now"}, {"Id": "later"}]
    broken, too_long = result["Failed"]
    assert broken == {
        "Id": "broken",
        "SenderFault": True,
        "Code": "ReceiptHandleIsInvalid",
        "Message": malformed_message("bad"),
    }
    assert (too_long["Id"], too_long["Code"], too_long["SenderFault"]) == (
        "too-long",
        "InvalidParameterValue",
        True,
    )
    assert too_long["Message"].startswith(
        "Value 43201 for parameter VisibilityTimeout is invalid. Reason: "
    )
    assert receivable(sqs, queue_url) == ["m0"]
    sqs_mock.clock.advance(30)  # m1 kept the queue default; m2 was extended to 120 s
    assert receivable(sqs, queue_url) == ["m0", "m1"]
    sqs_mock.clock.advance(90)
    assert receivable(sqs, queue_url) == ["m0", "m1", "m2"]


def test_change_visibility_batch_deleted_message_fails_per_entry(
    sqs: Any, queue_url: str, handle: str
) -> None:
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=handle)
    result = sqs.change_message_visibility_batch(
        QueueUrl=queue_url,
        Entries=[{"Id": "gone", "ReceiptHandle": handle, "VisibilityTimeout": 5}],
    )
    assert result["Successful"] == []
    assert result["Failed"] == [
        {
            "Id": "gone",
            "SenderFault": True,
            "Code": "InvalidParameterValue",
            "Message": not_changeable_message(handle),
        }
    ]
