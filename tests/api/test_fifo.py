"""FIFO queues through boto3: group ids, deduplication, sequence numbers, group locking, retries."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from botocore.exceptions import ClientError

from pytest_sqsmock import SqsMock
from pytest_sqsmock.clock import Clock

from .helpers import counters


def _fifo(sqs: Any, name: str = "q.fifo", **attributes: str) -> str:
    url: str = sqs.create_queue(QueueName=name, Attributes={"FifoQueue": "true", **attributes})[
        "QueueUrl"
    ]
    return url


def _send(sqs: Any, url: str, body: str, group: str = "g", dedup: str | None = None) -> Any:
    return sqs.send_message(
        QueueUrl=url,
        MessageBody=body,
        MessageGroupId=group,
        MessageDeduplicationId=body if dedup is None else dedup,
    )


def _receive(sqs: Any, url: str, n: int = 10, **kwargs: Any) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = sqs.receive_message(
        QueueUrl=url, MaxNumberOfMessages=n, **kwargs
    ).get("Messages", [])
    return messages


def _bodies(messages: list[dict[str, Any]]) -> list[str]:
    return [m["Body"] for m in messages]


def _assert_invalid_parameter(error: ClientError, message: str) -> None:
    assert error.response["Error"]["Code"] == "InvalidParameterValue"
    assert error.response["Error"]["QueryErrorCode"] == "InvalidParameterValueException"
    assert error.response["Error"]["Message"] == message
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400


# -- sending: required parameters --------------------------------------------------------------


def test_send_without_message_group_id_is_missing_parameter(sqs: Any, fifo_url: str) -> None:
    with pytest.raises(ClientError) as info:
        sqs.send_message(QueueUrl=fifo_url, MessageBody="x", MessageDeduplicationId="d")
    error = info.value.response
    assert error["Error"]["Code"] == "MissingParameter"
    assert error["Error"]["Message"] == "The request must contain the parameter MessageGroupId."
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_send_without_dedup_id_or_content_based_dedup_is_refused(
    sqs: Any, fifo_url: str, sqs_mock: SqsMock
) -> None:
    with pytest.raises(ClientError) as info:
        sqs.send_message(QueueUrl=fifo_url, MessageBody="x", MessageGroupId="g")
    _assert_invalid_parameter(
        info.value,
        "The queue should either have ContentBasedDeduplication enabled or "
        "MessageDeduplicationId provided explicitly",
    )
    assert sqs_mock.queue("q.fifo").messages == []


@pytest.mark.parametrize("group", ["a" * 129, "has space", "é"])
def test_invalid_message_group_id_is_refused(sqs: Any, fifo_url: str, group: str) -> None:
    with pytest.raises(ClientError) as info:
        sqs.send_message(
            QueueUrl=fifo_url, MessageBody="x", MessageGroupId=group, MessageDeduplicationId="d"
        )
    _assert_invalid_parameter(
        info.value,
        f"Value {group} for parameter MessageGroupId is invalid. Reason: MessageGroupId can only "
        "include alphanumeric and punctuation characters. 1 to 128 in length.",
    )


def test_message_group_id_of_128_punctuation_characters_is_accepted(
    sqs: Any, fifo_url: str, sqs_mock: SqsMock
) -> None:
    group = ("a1!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" * 4)[:128]
    _send(sqs, fifo_url, "x", group=group)
    assert sqs_mock.queue("q.fifo").messages[0].group_id == group


def test_per_message_delay_is_refused_on_fifo(sqs: Any, fifo_url: str) -> None:
    with pytest.raises(ClientError) as info:
        sqs.send_message(
            QueueUrl=fifo_url,
            MessageBody="x",
            MessageGroupId="g",
            MessageDeduplicationId="d",
            DelaySeconds=5,
        )
    _assert_invalid_parameter(
        info.value,
        "Value 5 for parameter DelaySeconds is invalid. Reason: The request include parameter "
        "that is not valid for this queue type.",
    )


def test_per_message_delay_of_zero_is_accepted_on_fifo(
    sqs: Any, fifo_url: str, sqs_mock: SqsMock
) -> None:
    sent = sqs.send_message(
        QueueUrl=fifo_url,
        MessageBody="x",
        MessageGroupId="g",
        MessageDeduplicationId="d",
        DelaySeconds=0,
    )
    assert [m.message_id for m in sqs_mock.queue("q.fifo").visible] == [sent["MessageId"]]


def test_batch_entry_with_per_message_delay_fails_alone(sqs: Any, fifo_url: str) -> None:
    result = sqs.send_message_batch(
        QueueUrl=fifo_url,
        Entries=[
            {"Id": "ok", "MessageBody": "a", "MessageGroupId": "g", "MessageDeduplicationId": "a"},
            {
                "Id": "bad",
                "MessageBody": "b",
                "MessageGroupId": "g",
                "MessageDeduplicationId": "b",
                "DelaySeconds": 5,
            },
        ],
    )
    assert [e["Id"] for e in result["Successful"]] == ["ok"]
    assert result["Failed"] == [
        {
            "Id": "bad",
            "SenderFault": True,
            "Code": "InvalidParameterValue",
            "Message": "Value 5 for parameter DelaySeconds is invalid. Reason: The request "
            "include parameter that is not valid for this queue type.",
        }
    ]


# -- deduplication ------------------------------------------------------------------------------


def test_duplicate_within_five_minutes_returns_original_ids_and_stores_nothing(
    sqs: Any, fifo_url: str, sqs_mock: SqsMock, sqs_clock: Clock
) -> None:
    first = _send(sqs, fifo_url, "one", dedup="d")
    sqs_clock.advance(299)
    again = _send(sqs, fifo_url, "two", dedup="d")
    assert again["MessageId"] == first["MessageId"]
    assert again["SequenceNumber"] == first["SequenceNumber"]
    assert again["MD5OfMessageBody"] == hashlib.md5(b"two").hexdigest()
    assert sqs_mock.queue("q.fifo").bodies == ["one"]
    assert counters(sqs, fifo_url) == (1, 0, 0)


def test_same_dedup_id_after_five_minutes_is_a_new_message(
    sqs: Any, fifo_url: str, sqs_mock: SqsMock, sqs_clock: Clock
) -> None:
    first = _send(sqs, fifo_url, "one", dedup="d")
    sqs_clock.advance(300)
    again = _send(sqs, fifo_url, "two", dedup="d")
    assert again["MessageId"] != first["MessageId"]
    assert int(again["SequenceNumber"]) > int(first["SequenceNumber"])
    assert sqs_mock.queue("q.fifo").bodies == ["one", "two"]
    assert counters(sqs, fifo_url) == (2, 0, 0)


def test_dedup_window_counts_from_the_first_send_not_the_duplicate(
    sqs: Any, fifo_url: str, sqs_mock: SqsMock, sqs_clock: Clock
) -> None:
    _send(sqs, fifo_url, "one", dedup="d")
    sqs_clock.advance(200)
    _send(sqs, fifo_url, "dup", dedup="d")
    sqs_clock.advance(100)
    _send(sqs, fifo_url, "two", dedup="d")
    assert sqs_mock.queue("q.fifo").bodies == ["one", "two"]


def test_dedup_still_applies_after_the_message_was_received_and_deleted(
    sqs: Any, fifo_url: str, sqs_mock: SqsMock, sqs_clock: Clock
) -> None:
    first = _send(sqs, fifo_url, "one", dedup="d")
    (message,) = _receive(sqs, fifo_url)
    sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=message["ReceiptHandle"])
    sqs_clock.advance(60)
    again = _send(sqs, fifo_url, "one", dedup="d")
    assert again["MessageId"] == first["MessageId"]
    assert sqs_mock.queue("q.fifo").messages == []
    assert _receive(sqs, fifo_url) == []


def test_content_based_dedup_uses_sha256_of_the_body(sqs: Any, sqs_mock: SqsMock) -> None:
    url = _fifo(sqs, ContentBasedDeduplication="true")
    first = sqs.send_message(QueueUrl=url, MessageBody="same", MessageGroupId="g")
    again = sqs.send_message(QueueUrl=url, MessageBody="same", MessageGroupId="g")
    other = sqs.send_message(QueueUrl=url, MessageBody="other", MessageGroupId="g")
    assert again["MessageId"] == first["MessageId"]
    assert other["MessageId"] != first["MessageId"]
    messages = _receive(sqs, url, MessageSystemAttributeNames=["MessageDeduplicationId"])
    assert [m["Attributes"]["MessageDeduplicationId"] for m in messages] == [
        hashlib.sha256(b"same").hexdigest(),
        hashlib.sha256(b"other").hexdigest(),
    ]
    assert sqs_mock.queue("q.fifo").bodies == ["same", "other"]


def test_content_based_dedup_ignores_message_attributes(sqs: Any, sqs_mock: SqsMock) -> None:
    url = _fifo(sqs, ContentBasedDeduplication="true")
    sqs.send_message(QueueUrl=url, MessageBody="same", MessageGroupId="g")
    sqs.send_message(
        QueueUrl=url,
        MessageBody="same",
        MessageGroupId="g",
        MessageAttributes={"a": {"DataType": "String", "StringValue": "1"}},
    )
    assert sqs_mock.queue("q.fifo").bodies == ["same"]


def test_explicit_dedup_id_overrides_content_based_dedup(sqs: Any, sqs_mock: SqsMock) -> None:
    url = _fifo(sqs, ContentBasedDeduplication="true")
    first = sqs.send_message(
        QueueUrl=url, MessageBody="same", MessageGroupId="g", MessageDeduplicationId="one"
    )
    second = sqs.send_message(
        QueueUrl=url, MessageBody="same", MessageGroupId="g", MessageDeduplicationId="two"
    )
    third = sqs.send_message(
        QueueUrl=url, MessageBody="different", MessageGroupId="g", MessageDeduplicationId="one"
    )
    assert first["MessageId"] != second["MessageId"]
    assert third["MessageId"] == first["MessageId"]
    assert [m.deduplication_id for m in sqs_mock.queue("q.fifo").messages] == ["one", "two"]


def test_content_based_dedup_can_be_turned_on_later(sqs: Any, fifo_url: str) -> None:
    sqs.set_queue_attributes(QueueUrl=fifo_url, Attributes={"ContentBasedDeduplication": "true"})
    sent = sqs.send_message(QueueUrl=fifo_url, MessageBody="x", MessageGroupId="g")
    assert _receive(sqs, fifo_url)[0]["MessageId"] == sent["MessageId"]


def test_message_group_dedup_scope_keeps_same_id_in_two_groups(sqs: Any, sqs_mock: SqsMock) -> None:
    url = _fifo(sqs, DeduplicationScope="messageGroup")
    a = _send(sqs, url, "a", group="A", dedup="d")
    b = _send(sqs, url, "b", group="B", dedup="d")
    a_again = _send(sqs, url, "a2", group="A", dedup="d")
    assert a["MessageId"] != b["MessageId"]
    assert a_again["MessageId"] == a["MessageId"]
    assert sqs_mock.queue("q.fifo").bodies == ["a", "b"]


def test_queue_dedup_scope_drops_same_id_in_another_group(
    sqs: Any, fifo_url: str, sqs_mock: SqsMock
) -> None:
    a = _send(sqs, fifo_url, "a", group="A", dedup="d")
    b = _send(sqs, fifo_url, "b", group="B", dedup="d")
    assert b["MessageId"] == a["MessageId"]
    assert sqs_mock.queue("q.fifo").bodies == ["a"]


def test_batch_duplicates_within_one_request_are_deduplicated(
    sqs: Any, fifo_url: str, sqs_mock: SqsMock
) -> None:
    result = sqs.send_message_batch(
        QueueUrl=fifo_url,
        Entries=[
            {"Id": "1", "MessageBody": "a", "MessageGroupId": "g", "MessageDeduplicationId": "d"},
            {"Id": "2", "MessageBody": "b", "MessageGroupId": "g", "MessageDeduplicationId": "d"},
        ],
    )
    first, second = result["Successful"]
    assert second["MessageId"] == first["MessageId"]
    assert second["SequenceNumber"] == first["SequenceNumber"]
    assert sqs_mock.queue("q.fifo").bodies == ["a"]


# -- sequence numbers ---------------------------------------------------------------------------


def test_sequence_numbers_are_20_digits_and_increase_across_the_queue(
    sqs: Any, fifo_url: str
) -> None:
    numbers = [
        _send(sqs, fifo_url, body, group=group)["SequenceNumber"]
        for body, group in [("a1", "A"), ("b1", "B"), ("a2", "A"), ("c1", "C")]
    ]
    assert all(len(n) == 20 and n.isdigit() for n in numbers)
    assert [int(n) for n in numbers] == sorted({int(n) for n in numbers})


def test_sequence_numbers_in_batch_send_and_receive_agree(sqs: Any, fifo_url: str) -> None:
    single = _send(sqs, fifo_url, "first")
    batch = sqs.send_message_batch(
        QueueUrl=fifo_url,
        Entries=[
            {
                "Id": f"e{i}",
                "MessageBody": f"m{i}",
                "MessageGroupId": "g",
                "MessageDeduplicationId": f"m{i}",
            }
            for i in range(3)
        ],
    )["Successful"]
    sent = [single["SequenceNumber"], *(e["SequenceNumber"] for e in batch)]
    assert all(len(n) == 20 and n.isdigit() for n in sent)
    assert [int(n) for n in sent] == sorted({int(n) for n in sent})
    received = _receive(sqs, fifo_url, MessageSystemAttributeNames=["SequenceNumber"])
    assert [m["Attributes"]["SequenceNumber"] for m in received] == sent


def test_standard_queue_send_has_no_sequence_number(sqs: Any, queue_url: str) -> None:
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody="x", MessageGroupId="tenant")
    assert "SequenceNumber" not in sent


# -- receiving: group order and locking ---------------------------------------------------------


def _send_a1_a2_b1_a3(sqs: Any, url: str) -> None:
    for body in ["A1", "A2", "B1", "A3"]:
        _send(sqs, url, body, group=body[0])


def test_one_receive_fills_from_the_first_group_before_the_next(sqs: Any, fifo_url: str) -> None:
    _send_a1_a2_b1_a3(sqs, fifo_url)
    assert _bodies(_receive(sqs, fifo_url)) == ["A1", "A2", "A3", "B1"]


def test_receives_with_deletes_come_out_in_group_order(sqs: Any, fifo_url: str) -> None:
    _send_a1_a2_b1_a3(sqs, fifo_url)
    seen = []
    while messages := _receive(sqs, fifo_url, n=1):
        seen.append(messages[0]["Body"])
        sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=messages[0]["ReceiptHandle"])
    assert [b for b in seen if b.startswith("A")] == ["A1", "A2", "A3"]
    assert sorted(seen) == ["A1", "A2", "A3", "B1"]


def test_group_is_blocked_while_any_of_its_messages_is_in_flight(sqs: Any, fifo_url: str) -> None:
    _send_a1_a2_b1_a3(sqs, fifo_url)
    (a1,) = _receive(sqs, fifo_url, n=1)
    assert a1["Body"] == "A1"
    assert _bodies(_receive(sqs, fifo_url)) == ["B1"]
    assert _receive(sqs, fifo_url) == []
    sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=a1["ReceiptHandle"])
    assert _bodies(_receive(sqs, fifo_url, n=1)) == ["A2"]


def test_other_groups_stay_available_while_one_is_blocked(sqs: Any, fifo_url: str) -> None:
    for body in ["A1", "A2", "B1", "C1", "B2"]:
        _send(sqs, fifo_url, body, group=body[0])
    assert _bodies(_receive(sqs, fifo_url, n=1)) == ["A1"]
    assert _bodies(_receive(sqs, fifo_url, n=2)) == ["B1", "B2"]
    assert _bodies(_receive(sqs, fifo_url)) == ["C1"]
    assert _receive(sqs, fifo_url) == []


def test_visibility_expiry_unblocks_the_group_with_the_same_message_first(
    sqs: Any, fifo_url: str, sqs_clock: Clock
) -> None:
    _send_a1_a2_b1_a3(sqs, fifo_url)
    (a1,) = _receive(sqs, fifo_url, n=1, VisibilityTimeout=10)
    sqs_clock.advance(9)
    assert _bodies(_receive(sqs, fifo_url, n=1)) == ["B1"]
    sqs_clock.advance(1)
    again = _receive(sqs, fifo_url, MessageSystemAttributeNames=["ApproximateReceiveCount"])
    assert _bodies(again) == ["A1", "A2", "A3"]
    assert again[0]["MessageId"] == a1["MessageId"]
    assert again[0]["Attributes"]["ApproximateReceiveCount"] == "2"


def test_group_stays_blocked_while_a_later_message_is_still_in_flight(
    sqs: Any, fifo_url: str, sqs_clock: Clock
) -> None:
    _send_a1_a2_b1_a3(sqs, fifo_url)
    _, a2 = _receive(sqs, fifo_url, n=2, VisibilityTimeout=10)
    sqs.change_message_visibility(
        QueueUrl=fifo_url, ReceiptHandle=a2["ReceiptHandle"], VisibilityTimeout=60
    )
    sqs_clock.advance(10)
    assert _bodies(_receive(sqs, fifo_url)) == ["B1"]
    sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=a2["ReceiptHandle"])
    assert _bodies(_receive(sqs, fifo_url)) == ["A1", "A3"]


def test_change_visibility_to_zero_releases_the_group(sqs: Any, fifo_url: str) -> None:
    _send_a1_a2_b1_a3(sqs, fifo_url)
    (a1,) = _receive(sqs, fifo_url, n=1)
    sqs.change_message_visibility(
        QueueUrl=fifo_url, ReceiptHandle=a1["ReceiptHandle"], VisibilityTimeout=0
    )
    assert _bodies(_receive(sqs, fifo_url)) == ["A1", "A2", "A3", "B1"]


def test_delayed_fifo_queue_holds_the_group_until_the_delay_ends(
    sqs: Any, sqs_clock: Clock
) -> None:
    url = _fifo(sqs, DelaySeconds="10")
    _send(sqs, url, "A1", group="A")
    sqs_clock.advance(5)
    _send(sqs, url, "A2", group="A")
    sqs_clock.advance(5)
    assert _bodies(_receive(sqs, url)) == ["A1"]


# -- receipt handles ----------------------------------------------------------------------------


def test_fifo_receipt_handle_expires_with_the_visibility_timeout(
    sqs: Any, fifo_url: str, sqs_mock: SqsMock, sqs_clock: Clock
) -> None:
    _send(sqs, fifo_url, "x")
    (message,) = _receive(sqs, fifo_url, VisibilityTimeout=5)
    sqs_clock.advance(5)
    handle = message["ReceiptHandle"]
    with pytest.raises(ClientError) as info:
        sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=handle)
    _assert_invalid_parameter(
        info.value,
        f"Value {handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has "
        "expired.",
    )
    assert sqs_mock.queue("q.fifo").bodies == ["x"]


def test_only_the_latest_fifo_receipt_handle_deletes(
    sqs: Any, fifo_url: str, sqs_mock: SqsMock, sqs_clock: Clock
) -> None:
    _send(sqs, fifo_url, "x")
    (first,) = _receive(sqs, fifo_url, VisibilityTimeout=5)
    sqs_clock.advance(5)
    (second,) = _receive(sqs, fifo_url)
    assert second["ReceiptHandle"] != first["ReceiptHandle"]
    with pytest.raises(ClientError) as info:
        sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=first["ReceiptHandle"])
    assert info.value.response["Error"]["Code"] == "InvalidParameterValue"
    sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=second["ReceiptHandle"])
    assert sqs_mock.queue("q.fifo").messages == []


def test_deleting_a_deleted_fifo_message_again_succeeds(sqs: Any, fifo_url: str) -> None:
    _send(sqs, fifo_url, "x")
    (message,) = _receive(sqs, fifo_url)
    sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=message["ReceiptHandle"])
    response = sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=message["ReceiptHandle"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


# -- ReceiveRequestAttemptId --------------------------------------------------------------------


def test_retry_with_same_attempt_id_returns_same_messages_and_handles(
    sqs: Any, fifo_url: str, sqs_clock: Clock
) -> None:
    _send_a1_a2_b1_a3(sqs, fifo_url)
    first = _receive(sqs, fifo_url, n=2, ReceiveRequestAttemptId="attempt-1")
    sqs_clock.advance(10)
    retry = _receive(sqs, fifo_url, n=2, ReceiveRequestAttemptId="attempt-1")
    assert _bodies(first) == ["A1", "A2"]
    assert [(m["MessageId"], m["ReceiptHandle"]) for m in retry] == [
        (m["MessageId"], m["ReceiptHandle"]) for m in first
    ]
    other = _receive(sqs, fifo_url, n=2, ReceiveRequestAttemptId="attempt-2")
    assert _bodies(other) == ["B1"]


def test_retry_restarts_the_visibility_timeout(
    sqs: Any, fifo_url: str, sqs_mock: SqsMock, sqs_clock: Clock
) -> None:
    _send(sqs, fifo_url, "x")
    _receive(sqs, fifo_url, VisibilityTimeout=30, ReceiveRequestAttemptId="a")
    sqs_clock.advance(20)
    assert _bodies(_receive(sqs, fifo_url, ReceiveRequestAttemptId="a")) == ["x"]
    sqs_clock.advance(20)
    assert [m.body for m in sqs_mock.queue("q.fifo").in_flight] == ["x"]
    sqs_clock.advance(10)
    assert [m.body for m in sqs_mock.queue("q.fifo").visible] == ["x"]


def test_retry_after_a_delete_receives_anew(sqs: Any, fifo_url: str) -> None:
    _send_a1_a2_b1_a3(sqs, fifo_url)
    first = _receive(sqs, fifo_url, n=2, ReceiveRequestAttemptId="attempt")
    sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=first[0]["ReceiptHandle"])
    retry = _receive(sqs, fifo_url, n=2, ReceiveRequestAttemptId="attempt")
    assert _bodies(retry) == ["B1"]


def test_retry_after_a_visibility_change_receives_anew(sqs: Any, fifo_url: str) -> None:
    _send_a1_a2_b1_a3(sqs, fifo_url)
    first = _receive(sqs, fifo_url, n=2, ReceiveRequestAttemptId="attempt")
    sqs.change_message_visibility(
        QueueUrl=fifo_url, ReceiptHandle=first[1]["ReceiptHandle"], VisibilityTimeout=100
    )
    retry = _receive(sqs, fifo_url, n=2, ReceiveRequestAttemptId="attempt")
    assert _bodies(retry) == ["B1"]


def test_retry_after_five_minutes_receives_anew(sqs: Any, fifo_url: str, sqs_clock: Clock) -> None:
    _send_a1_a2_b1_a3(sqs, fifo_url)
    first = _receive(sqs, fifo_url, n=1, VisibilityTimeout=600, ReceiveRequestAttemptId="a")
    assert _bodies(first) == ["A1"]
    sqs_clock.advance(300)
    assert _bodies(_receive(sqs, fifo_url, n=1, ReceiveRequestAttemptId="a")) == ["B1"]


def test_invalid_receive_request_attempt_id_is_refused(sqs: Any, fifo_url: str) -> None:
    with pytest.raises(ClientError) as info:
        sqs.receive_message(QueueUrl=fifo_url, ReceiveRequestAttemptId="a b")
    _assert_invalid_parameter(
        info.value,
        "Value a b for parameter ReceiveRequestAttemptId is invalid. Reason: "
        "ReceiveRequestAttemptId can only include alphanumeric and punctuation characters. "
        "1 to 128 in length.",
    )


# -- batches ------------------------------------------------------------------------------------


def test_send_message_batch_keeps_entry_order(sqs: Any, fifo_url: str) -> None:
    bodies = ["e", "b", "d", "a", "c"]
    result = sqs.send_message_batch(
        QueueUrl=fifo_url,
        Entries=[
            {"Id": body, "MessageBody": body, "MessageGroupId": "g", "MessageDeduplicationId": body}
            for body in bodies
        ],
    )
    assert [e["Id"] for e in result["Successful"]] == bodies
    numbers = [int(e["SequenceNumber"]) for e in result["Successful"]]
    assert numbers == sorted(set(numbers))
    assert _bodies(_receive(sqs, fifo_url)) == bodies


# -- queue-level delay --------------------------------------------------------------------------


def test_shorter_queue_delay_applies_to_messages_already_queued(sqs: Any, sqs_clock: Clock) -> None:
    url = _fifo(sqs, DelaySeconds="60")
    _send(sqs, url, "x")
    sqs_clock.advance(10)
    assert counters(sqs, url) == (0, 0, 1)
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "20"})
    sqs_clock.advance(9)
    assert _receive(sqs, url) == []
    sqs_clock.advance(1)
    assert _bodies(_receive(sqs, url)) == ["x"]


def test_longer_queue_delay_applies_to_messages_still_delayed(sqs: Any, sqs_clock: Clock) -> None:
    url = _fifo(sqs, DelaySeconds="30")
    _send(sqs, url, "x")
    sqs_clock.advance(10)
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "60"})
    sqs_clock.advance(20)
    assert counters(sqs, url) == (0, 0, 1)
    sqs_clock.advance(30)
    assert counters(sqs, url) == (1, 0, 0)


# -- attributes and fair queues -----------------------------------------------------------------


def test_fifo_only_attributes_have_their_defaults(sqs: Any, fifo_url: str) -> None:
    attrs = sqs.get_queue_attributes(QueueUrl=fifo_url, AttributeNames=["All"])["Attributes"]
    assert {
        k: attrs[k]
        for k in (
            "FifoQueue",
            "ContentBasedDeduplication",
            "DeduplicationScope",
            "FifoThroughputLimit",
        )
    } == {
        "FifoQueue": "true",
        "ContentBasedDeduplication": "false",
        "DeduplicationScope": "queue",
        "FifoThroughputLimit": "perQueue",
    }


def test_high_throughput_fifo_attributes_are_returned(sqs: Any) -> None:
    url = _fifo(sqs, DeduplicationScope="messageGroup", FifoThroughputLimit="perMessageGroupId")
    attrs = sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["DeduplicationScope", "FifoThroughputLimit"]
    )["Attributes"]
    assert attrs == {
        "DeduplicationScope": "messageGroup",
        "FifoThroughputLimit": "perMessageGroupId",
    }


def test_standard_queue_has_no_fifo_attributes(sqs: Any, queue_url: str) -> None:
    attrs = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    assert not {
        "FifoQueue",
        "ContentBasedDeduplication",
        "DeduplicationScope",
        "FifoThroughputLimit",
    } & set(attrs)
    response = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["FifoQueue"])
    assert "Attributes" not in response


def test_fair_standard_queue_accepts_message_group_id(
    sqs: Any, queue_url: str, sqs_mock: SqsMock
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="a1", MessageGroupId="tenant-a")
    sqs.send_message(QueueUrl=queue_url, MessageBody="a2", MessageGroupId="tenant-a")
    sqs.send_message(QueueUrl=queue_url, MessageBody="plain")
    messages = _receive(sqs, queue_url, MessageSystemAttributeNames=["All"])
    assert _bodies(messages) == ["a1", "a2", "plain"]
    assert [m["Attributes"].get("MessageGroupId") for m in messages] == [
        "tenant-a",
        "tenant-a",
        None,
    ]
    assert not any("SequenceNumber" in m["Attributes"] for m in messages)
    assert [m.group_id for m in sqs_mock.queue("q").messages] == ["tenant-a", "tenant-a", None]
