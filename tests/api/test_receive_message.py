"""ReceiveMessage through boto3: counts, order, system and message attributes, waits, delays."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from typing import Any

import freezegun
import pytest
from botocore.exceptions import ClientError

from pytest_sqsmock import SqsMock
from pytest_sqsmock.clock import Clock

from .helpers import counters, reference_md5

T0 = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
T0_MS = int(T0.timestamp()) * 1000
TRACE_HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"


@pytest.fixture(autouse=True)
def _stand_still(sqs_clock: Clock) -> None:
    """Freeze time at each test's start, so clock.advance() moves it by exact amounts."""


@pytest.fixture
def frozen(sqs_mock: SqsMock) -> Iterator[None]:
    """Freeze time at T0 (after the mock started); ``sqs_mock.clock.advance`` ticks it."""
    with freezegun.freeze_time(T0):
        yield


def invalid_value(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    """Assert an unmodeled InvalidParameterValue error and return its message."""
    assert type(excinfo.value) is ClientError
    error = excinfo.value.response["Error"]
    assert error["Code"] == "InvalidParameterValue"
    assert error["QueryErrorCode"] == "InvalidParameterValueException"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    message: str = error["Message"]
    return message


def send_many(sqs: Any, url: str, count: int) -> list[str]:
    return [sqs.send_message(QueueUrl=url, MessageBody=f"m{i}")["MessageId"] for i in range(count)]


def receive(sqs: Any, url: str, **kwargs: Any) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = sqs.receive_message(QueueUrl=url, **kwargs).get("Messages", [])
    return messages


# -- MaxNumberOfMessages and order ------------------------------------------------------------


def test_empty_queue_returns_no_messages_key(sqs: Any, queue_url: str) -> None:
    response = sqs.receive_message(QueueUrl=queue_url)
    assert "Messages" not in response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_max_number_of_messages_defaults_to_one(sqs: Any, queue_url: str) -> None:
    send_many(sqs, queue_url, 3)
    assert len(receive(sqs, queue_url)) == 1


@pytest.mark.parametrize("count", [1, 2, 5, 10])
def test_max_number_of_messages_caps_the_batch(sqs: Any, queue_url: str, count: int) -> None:
    send_many(sqs, queue_url, 12)
    assert len(receive(sqs, queue_url, MaxNumberOfMessages=count)) == count


def test_fewer_messages_than_asked_returns_what_there_is(sqs: Any, queue_url: str) -> None:
    send_many(sqs, queue_url, 3)
    assert len(receive(sqs, queue_url, MaxNumberOfMessages=10)) == 3


@pytest.mark.parametrize("count", [0, 11, -1, 1000])
def test_max_number_of_messages_out_of_range(sqs: Any, queue_url: str, count: int) -> None:
    send_many(sqs, queue_url, 1)
    with pytest.raises(ClientError) as excinfo:
        sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=count)
    assert invalid_value(excinfo) == (
        f"Value {count} for parameter MaxNumberOfMessages is invalid. "
        "Reason: Must be between 1 and 10, if provided."
    )


def test_messages_come_oldest_first(sqs: Any, queue_url: str) -> None:
    ids = send_many(sqs, queue_url, 7)
    first = receive(sqs, queue_url, MaxNumberOfMessages=3)
    rest = receive(sqs, queue_url, MaxNumberOfMessages=10)
    assert [m["MessageId"] for m in first + rest] == ids
    assert [m["Body"] for m in first + rest] == [f"m{i}" for i in range(7)]


def test_message_visible_again_keeps_its_place_by_send_order(sqs: Any, queue_url: str) -> None:
    ids = send_many(sqs, queue_url, 3)
    [first] = receive(sqs, queue_url)
    sqs.change_message_visibility(
        QueueUrl=queue_url, ReceiptHandle=first["ReceiptHandle"], VisibilityTimeout=0
    )
    assert [m["MessageId"] for m in receive(sqs, queue_url, MaxNumberOfMessages=10)] == ids


def test_received_messages_are_not_received_again_while_in_flight(sqs: Any, queue_url: str) -> None:
    send_many(sqs, queue_url, 2)
    first = receive(sqs, queue_url)
    second = receive(sqs, queue_url)
    assert [m["Body"] for m in first + second] == ["m0", "m1"]
    assert receive(sqs, queue_url) == []


# -- system attributes ------------------------------------------------------------------------


@pytest.mark.usefixtures("frozen")
def test_system_attributes_have_exact_values(sqs: Any, sqs_mock: SqsMock, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    sqs_mock.clock.advance(5)
    [message] = receive(sqs, queue_url, MessageSystemAttributeNames=["All"])
    attributes = message["Attributes"]
    assert set(attributes) == {
        "SenderId",
        "SentTimestamp",
        "ApproximateReceiveCount",
        "ApproximateFirstReceiveTimestamp",
    }
    assert attributes["SentTimestamp"] == str(T0_MS)
    assert attributes["ApproximateFirstReceiveTimestamp"] == str(T0_MS + 5000)
    assert attributes["ApproximateReceiveCount"] == "1"
    assert re.fullmatch(r"AIDA[A-Z0-9]{17}", attributes["SenderId"])


@pytest.mark.usefixtures("frozen")
def test_receive_count_increases_and_first_receive_stays_fixed(
    sqs: Any, sqs_mock: SqsMock, queue_url: str
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    seen: list[tuple[str, str, str]] = []
    for step in (3, 31, 31):
        sqs_mock.clock.advance(step)
        [message] = receive(sqs, queue_url, MessageSystemAttributeNames=["All"])
        attributes = message["Attributes"]
        seen.append(
            (
                attributes["ApproximateReceiveCount"],
                attributes["ApproximateFirstReceiveTimestamp"],
                attributes["SentTimestamp"],
            )
        )
    first_receive = str(T0_MS + 3000)
    assert seen == [
        ("1", first_receive, str(T0_MS)),
        ("2", first_receive, str(T0_MS)),
        ("3", first_receive, str(T0_MS)),
    ]


def test_sender_id_is_the_same_for_every_message_of_one_caller(sqs: Any, queue_url: str) -> None:
    send_many(sqs, queue_url, 2)
    messages = receive(sqs, queue_url, MaxNumberOfMessages=2, MessageSystemAttributeNames=["All"])
    assert messages[0]["Attributes"]["SenderId"] == messages[1]["Attributes"]["SenderId"]


def test_trace_header_is_returned_only_when_supplied(sqs: Any, queue_url: str) -> None:
    sqs.send_message(
        QueueUrl=queue_url,
        MessageBody="traced",
        MessageSystemAttributes={
            "AWSTraceHeader": {"DataType": "String", "StringValue": TRACE_HEADER}
        },
    )
    sqs.send_message(QueueUrl=queue_url, MessageBody="untraced")
    traced, untraced = receive(
        sqs, queue_url, MaxNumberOfMessages=2, MessageSystemAttributeNames=["All"]
    )
    assert traced["Attributes"]["AWSTraceHeader"] == TRACE_HEADER
    assert "AWSTraceHeader" not in untraced["Attributes"]


def test_trace_header_can_be_asked_for_by_name(sqs: Any, queue_url: str) -> None:
    sqs.send_message(
        QueueUrl=queue_url,
        MessageBody="traced",
        MessageSystemAttributes={
            "AWSTraceHeader": {"DataType": "String", "StringValue": TRACE_HEADER}
        },
    )
    [message] = receive(sqs, queue_url, MessageSystemAttributeNames=["AWSTraceHeader"])
    assert message["Attributes"] == {"AWSTraceHeader": TRACE_HEADER}


def test_standard_queue_has_no_fifo_system_attributes(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    [message] = receive(
        sqs,
        queue_url,
        MessageSystemAttributeNames=["SequenceNumber", "MessageDeduplicationId", "MessageGroupId"],
    )
    assert "Attributes" not in message


def test_only_the_named_system_attributes_are_returned(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    [message] = receive(
        sqs, queue_url, MessageSystemAttributeNames=["SentTimestamp", "ApproximateReceiveCount"]
    )
    assert set(message["Attributes"]) == {"SentTimestamp", "ApproximateReceiveCount"}


def test_no_system_attribute_names_means_no_attributes(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    [message] = receive(sqs, queue_url)
    assert set(message) == {"MessageId", "ReceiptHandle", "MD5OfBody", "Body"}


def test_deprecated_attribute_names_is_still_honoured(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    [message] = receive(sqs, queue_url, AttributeNames=["ApproximateReceiveCount"])
    assert message["Attributes"] == {"ApproximateReceiveCount": "1"}


def test_message_system_attribute_names_wins_over_attribute_names(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    [message] = receive(
        sqs,
        queue_url,
        MessageSystemAttributeNames=["ApproximateReceiveCount"],
        AttributeNames=["SentTimestamp"],
    )
    assert message["Attributes"] == {"ApproximateReceiveCount": "1"}


def test_unknown_system_attribute_names_are_ignored(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    [message] = receive(sqs, queue_url, MessageSystemAttributeNames=["NoSuchThing"])
    assert message["Body"] == "x"
    assert "Attributes" not in message


# -- message attribute filters ----------------------------------------------------------------

ATTRIBUTES = {
    "bar.x": {"DataType": "String", "StringValue": "1"},
    "bar.y.z": {"DataType": "Number", "StringValue": "2"},
    "barx": {"DataType": "String", "StringValue": "3"},
    "foo": {"DataType": "Binary", "BinaryValue": b"\x01\x02"},
}


@pytest.fixture
def attributed_url(sqs: Any, queue_url: str) -> str:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x", MessageAttributes=ATTRIBUTES)
    return queue_url


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["All"], ["bar.x", "bar.y.z", "barx", "foo"]),
        ([".*"], ["bar.x", "bar.y.z", "barx", "foo"]),
        (["bar.*"], ["bar.x", "bar.y.z"]),
        (["bar.y.*"], ["bar.y.z"]),
        (["foo"], ["foo"]),
        (["foo", "barx"], ["barx", "foo"]),
        (["bar.*", "foo"], ["bar.x", "bar.y.z", "foo"]),
    ],
)
def test_message_attribute_names_filter(
    sqs: Any, attributed_url: str, names: list[str], expected: list[str]
) -> None:
    [message] = receive(sqs, attributed_url, MessageAttributeNames=names)
    chosen = {name: ATTRIBUTES[name] for name in expected}
    assert message["MessageAttributes"] == chosen
    assert message["MD5OfMessageAttributes"] == reference_md5(chosen)


def test_md5_of_full_set_equals_the_send_digest(sqs: Any, queue_url: str) -> None:
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody="x", MessageAttributes=ATTRIBUTES)
    [message] = receive(sqs, queue_url, MessageAttributeNames=["All"])
    assert message["MD5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]


def test_md5_of_subset_differs_from_the_send_digest(sqs: Any, queue_url: str) -> None:
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody="x", MessageAttributes=ATTRIBUTES)
    [message] = receive(sqs, queue_url, MessageAttributeNames=["foo"])
    assert message["MD5OfMessageAttributes"] != sent["MD5OfMessageAttributes"]
    assert message["MD5OfMessageAttributes"] == reference_md5({"foo": ATTRIBUTES["foo"]})


@pytest.mark.parametrize("names", [None, ["nope"], ["FOO"], ["bar"], ["baz.*"]], ids=str)
def test_no_matching_attribute_means_no_attributes_and_no_md5(
    sqs: Any, attributed_url: str, names: list[str] | None
) -> None:
    kwargs = {} if names is None else {"MessageAttributeNames": names}
    [message] = receive(sqs, attributed_url, **kwargs)
    assert "MessageAttributes" not in message
    assert "MD5OfMessageAttributes" not in message


def test_all_on_a_message_without_attributes_returns_none(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    [message] = receive(sqs, queue_url, MessageAttributeNames=["All"])
    assert "MessageAttributes" not in message
    assert "MD5OfMessageAttributes" not in message


# -- VisibilityTimeout override ---------------------------------------------------------------


def test_receive_visibility_timeout_overrides_queue_default(
    sqs: Any, sqs_mock: SqsMock, queue_url: str
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    receive(sqs, queue_url, VisibilityTimeout=10)
    sqs_mock.clock.advance(9)
    assert receive(sqs, queue_url) == []
    sqs_mock.clock.advance(1)
    assert [m["Body"] for m in receive(sqs, queue_url)] == ["x"]


def test_receive_visibility_timeout_zero_leaves_message_visible(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    first = receive(sqs, queue_url, VisibilityTimeout=0)
    second = receive(sqs, queue_url)
    assert [m["MessageId"] for m in second] == [m["MessageId"] for m in first]


def test_receive_visibility_timeout_can_be_twelve_hours(
    sqs: Any, sqs_mock: SqsMock, queue_url: str
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    receive(sqs, queue_url, VisibilityTimeout=43_200)
    sqs_mock.clock.advance(43_199)
    assert receive(sqs, queue_url) == []
    sqs_mock.clock.advance(1)
    assert len(receive(sqs, queue_url)) == 1


@pytest.mark.parametrize("timeout", [-1, 43_201])
def test_receive_visibility_timeout_out_of_range(sqs: Any, queue_url: str, timeout: int) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.receive_message(QueueUrl=queue_url, VisibilityTimeout=timeout)
    assert invalid_value(excinfo).startswith(
        f"Value {timeout} for parameter VisibilityTimeout is invalid. Reason: "
    )


# -- WaitTimeSeconds --------------------------------------------------------------------------


@pytest.mark.parametrize("wait", [21, -1, 60])
def test_wait_time_seconds_out_of_range(sqs: Any, queue_url: str, wait: int) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=wait)
    assert invalid_value(excinfo) == (
        f"Value {wait} for parameter WaitTimeSeconds is invalid. "
        "Reason: Must be >= 0 and <= 20, if provided."
    )


def test_long_poll_on_empty_queue_under_frozen_time_returns_at_once(
    sqs: Any, queue_url: str
) -> None:
    with freezegun.freeze_time(T0):
        started = time.monotonic()
        response = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=5)
        elapsed = time.monotonic() - started
    assert "Messages" not in response
    assert elapsed < 2


def test_queue_default_long_poll_under_frozen_time_returns_at_once(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="lp", Attributes={"ReceiveMessageWaitTimeSeconds": "20"})[
        "QueueUrl"
    ]
    with freezegun.freeze_time(T0):
        started = time.monotonic()
        response = sqs.receive_message(QueueUrl=url)
        elapsed = time.monotonic() - started
    assert "Messages" not in response
    assert elapsed < 2


def test_long_poll_returns_available_message(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    with freezegun.freeze_time(T0):
        messages = receive(sqs, queue_url, WaitTimeSeconds=20)
    assert [m["Body"] for m in messages] == ["x"]


def test_long_poll_on_frozen_clock_does_not_move_time(
    sqs: Any, sqs_mock: SqsMock, queue_url: str
) -> None:
    with freezegun.freeze_time(T0):
        sqs.send_message(QueueUrl=queue_url, MessageBody="x", DelaySeconds=3)
        assert receive(sqs, queue_url, WaitTimeSeconds=5) == []
        assert sqs_mock.clock.now() == T0


# -- receipt handles --------------------------------------------------------------------------


def test_each_receive_issues_a_new_receipt_handle(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    handles = []
    for _ in range(3):
        [message] = receive(sqs, queue_url, VisibilityTimeout=0)
        handles.append(message["ReceiptHandle"])
    assert len(set(handles)) == 3


def test_receipt_handle_is_at_most_1024_characters(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    [message] = receive(sqs, queue_url)
    assert 0 < len(message["ReceiptHandle"]) <= 1024
    assert 0 < len(message["MessageId"]) <= 100


# -- delays -----------------------------------------------------------------------------------


def test_per_message_delay_hides_the_message_until_due(
    sqs: Any, sqs_mock: SqsMock, queue_url: str
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="later", DelaySeconds=10)
    assert counters(sqs, queue_url) == (0, 0, 1)
    sqs_mock.clock.advance(9)
    assert receive(sqs, queue_url) == []
    assert counters(sqs, queue_url) == (0, 0, 1)
    sqs_mock.clock.advance(1)
    assert counters(sqs, queue_url) == (1, 0, 0)
    assert [m["Body"] for m in receive(sqs, queue_url)] == ["later"]
    assert counters(sqs, queue_url) == (0, 1, 0)


def test_queue_delay_applies_to_messages_without_their_own(sqs: Any, sqs_mock: SqsMock) -> None:
    url = sqs.create_queue(QueueName="slow", Attributes={"DelaySeconds": "20"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="x")
    assert counters(sqs, url) == (0, 0, 1)
    sqs_mock.clock.advance(19)
    assert receive(sqs, url) == []
    sqs_mock.clock.advance(1)
    assert [m["Body"] for m in receive(sqs, url)] == ["x"]


def test_per_message_delay_overrides_queue_delay(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="slow", Attributes={"DelaySeconds": "20"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="now", DelaySeconds=0)
    assert [m["Body"] for m in receive(sqs, url)] == ["now"]


def test_delayed_message_is_not_overtaken_in_send_order_once_due(
    sqs: Any, sqs_mock: SqsMock, queue_url: str
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="delayed", DelaySeconds=5)
    sqs.send_message(QueueUrl=queue_url, MessageBody="immediate")
    sqs_mock.clock.advance(5)
    bodies = [m["Body"] for m in receive(sqs, queue_url, MaxNumberOfMessages=10)]
    assert bodies == ["delayed", "immediate"]


def test_raising_queue_delay_does_not_delay_queued_messages(
    sqs: Any, sqs_mock: SqsMock, queue_url: str
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="before")
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"DelaySeconds": "60"})
    sqs.send_message(QueueUrl=queue_url, MessageBody="after")
    assert counters(sqs, queue_url) == (1, 0, 1)
    first = receive(sqs, queue_url, MaxNumberOfMessages=10, VisibilityTimeout=3600)
    assert [m["Body"] for m in first] == ["before"]
    sqs_mock.clock.advance(59)
    assert receive(sqs, queue_url) == []
    sqs_mock.clock.advance(1)
    assert [m["Body"] for m in receive(sqs, queue_url, MaxNumberOfMessages=10)] == ["after"]


def test_lowering_queue_delay_does_not_release_queued_messages(sqs: Any, sqs_mock: SqsMock) -> None:
    url = sqs.create_queue(QueueName="slow", Attributes={"DelaySeconds": "60"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="before")
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "0"})
    sqs.send_message(QueueUrl=url, MessageBody="after")
    first = receive(sqs, url, MaxNumberOfMessages=10, VisibilityTimeout=3600)
    assert [m["Body"] for m in first] == ["after"]
    sqs_mock.clock.advance(59)
    assert receive(sqs, url) == []
    sqs_mock.clock.advance(1)
    assert [m["Body"] for m in receive(sqs, url)] == ["before"]


# -- retention --------------------------------------------------------------------------------


@pytest.fixture
def short_lived_url(sqs: Any) -> str:
    url: str = sqs.create_queue(QueueName="short", Attributes={"MessageRetentionPeriod": "60"})[
        "QueueUrl"
    ]
    return url


def test_message_expires_after_retention_period(
    sqs: Any, sqs_mock: SqsMock, short_lived_url: str
) -> None:
    sqs.send_message(QueueUrl=short_lived_url, MessageBody="x")
    sqs_mock.clock.advance(59)
    assert counters(sqs, short_lived_url) == (1, 0, 0)
    sqs_mock.clock.advance(1)
    assert counters(sqs, short_lived_url) == (0, 0, 0)
    assert receive(sqs, short_lived_url) == []
    assert sqs_mock.queue("short").messages == []


def test_in_flight_and_delayed_messages_also_expire(
    sqs: Any, sqs_mock: SqsMock, short_lived_url: str
) -> None:
    sqs.send_message(QueueUrl=short_lived_url, MessageBody="in-flight")
    sqs.send_message(QueueUrl=short_lived_url, MessageBody="visible")
    sqs.send_message(QueueUrl=short_lived_url, MessageBody="delayed", DelaySeconds=900)
    [in_flight] = receive(sqs, short_lived_url, VisibilityTimeout=600)
    assert in_flight["Body"] == "in-flight"
    sqs_mock.clock.advance(59)
    assert counters(sqs, short_lived_url) == (1, 1, 1)
    sqs_mock.clock.advance(1)
    assert counters(sqs, short_lived_url) == (0, 0, 0)
    sqs_mock.clock.advance(900)
    assert receive(sqs, short_lived_url, MaxNumberOfMessages=10) == []


def test_retention_counts_from_each_message_send_time(
    sqs: Any, sqs_mock: SqsMock, short_lived_url: str
) -> None:
    sqs.send_message(QueueUrl=short_lived_url, MessageBody="old")
    sqs_mock.clock.advance(30)
    sqs.send_message(QueueUrl=short_lived_url, MessageBody="new")
    sqs_mock.clock.advance(30)
    assert [m["Body"] for m in receive(sqs, short_lived_url, MaxNumberOfMessages=10)] == ["new"]
    sqs_mock.clock.advance(30)
    assert counters(sqs, short_lived_url) == (0, 0, 0)


# -- the in-flight limit ------------------------------------------------------------------------


@pytest.fixture
def small_inflight_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    """Lower the 120,000 in-flight limit so a test can reach it."""
    import pytest_sqsmock.model.queue as queue_module

    monkeypatch.setattr(queue_module, "MAX_INFLIGHT", 3)
    return 3


def test_short_poll_over_the_inflight_limit_is_over_limit(
    sqs: Any, queue_url: str, small_inflight_limit: int
) -> None:
    for i in range(small_inflight_limit + 1):
        sqs.send_message(QueueUrl=queue_url, MessageBody=f"m{i}")
    for _ in range(small_inflight_limit):
        assert len(sqs.receive_message(QueueUrl=queue_url)["Messages"]) == 1
    with pytest.raises(sqs.exceptions.OverLimit) as excinfo:
        sqs.receive_message(QueueUrl=queue_url)
    error = excinfo.value.response
    assert error["Error"]["Code"] == "OverLimit"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert error["Error"]["Message"] == (
        "The maximum number of in flight messages (3) for queue q has been reached."
    )


def test_long_poll_over_the_inflight_limit_answers_without_error(
    sqs: Any, queue_url: str, small_inflight_limit: int, sqs_clock: Any
) -> None:
    for i in range(small_inflight_limit + 1):
        sqs.send_message(QueueUrl=queue_url, MessageBody=f"m{i}")
    for _ in range(small_inflight_limit):
        sqs.receive_message(QueueUrl=queue_url)
    answer = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=1)
    assert [m["Body"] for m in answer["Messages"]] == ["m3"]


def test_fifo_queue_has_no_inflight_error(
    sqs: Any, fifo_url: str, small_inflight_limit: int
) -> None:
    for i in range(small_inflight_limit + 1):
        sqs.send_message(
            QueueUrl=fifo_url,
            MessageBody=f"m{i}",
            MessageGroupId=f"g{i}",
            MessageDeduplicationId=f"d{i}",
        )
    for _ in range(small_inflight_limit + 1):
        assert len(sqs.receive_message(QueueUrl=fifo_url)["Messages"]) == 1
