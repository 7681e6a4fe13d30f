"""GetQueueAttributes and SetQueueAttributes through boto3."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from freezegun import freeze_time

from pytest_sqsmock import SqsMock

from .helpers import counters

ACCOUNT = "123456789012"
ARN_PREFIX = f"arn:aws:sqs:us-east-1:{ACCOUNT}:"

STANDARD_ALL_KEYS = {
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
    "CreatedTimestamp",
    "DelaySeconds",
    "LastModifiedTimestamp",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "QueueArn",
    "ReceiveMessageWaitTimeSeconds",
    "VisibilityTimeout",
    "SqsManagedSseEnabled",
}
FIFO_ALL_KEYS = STANDARD_ALL_KEYS | {
    "FifoQueue",
    "ContentBasedDeduplication",
    "DeduplicationScope",
    "FifoThroughputLimit",
}


def _get(sqs: Any, url: str, *names: str) -> dict[str, str]:
    response = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=list(names or ["All"]))
    attributes: dict[str, str] = response.get("Attributes", {})
    return attributes


def _redrive(arn: str, count: object) -> str:
    return json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": count})


# -- GetQueueAttributes: which keys come back --------------------------------------------------


def test_all_on_a_standard_queue_returns_exactly_the_standard_keys(
    sqs: Any, queue_url: str
) -> None:
    assert set(_get(sqs, queue_url, "All")) == STANDARD_ALL_KEYS


def test_all_on_a_fifo_queue_adds_the_fifo_keys(sqs: Any, fifo_url: str) -> None:
    assert set(_get(sqs, fifo_url, "All")) == FIFO_ALL_KEYS


def test_all_includes_optional_attributes_once_set(sqs: Any, queue_url: str) -> None:
    dlq = sqs.create_queue(QueueName="dlq")["QueueUrl"]
    dlq_arn = _get(sqs, dlq, "QueueArn")["QueueArn"]
    policy = json.dumps({"Version": "2012-10-17", "Statement": []})
    sqs.set_queue_attributes(
        QueueUrl=queue_url,
        Attributes={"RedrivePolicy": _redrive(dlq_arn, 3), "Policy": policy},
    )
    assert set(_get(sqs, queue_url, "All")) == STANDARD_ALL_KEYS | {"RedrivePolicy", "Policy"}


def test_specific_names_return_only_those(sqs: Any, queue_url: str) -> None:
    got = _get(sqs, queue_url, "VisibilityTimeout", "QueueArn")
    assert got == {"VisibilityTimeout": "30", "QueueArn": ARN_PREFIX + "q"}


def test_no_attribute_names_returns_no_attributes(sqs: Any, queue_url: str) -> None:
    response = sqs.get_queue_attributes(QueueUrl=queue_url)
    assert "Attributes" not in response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_unset_optional_attribute_returns_nothing(sqs: Any, queue_url: str) -> None:
    response = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["RedrivePolicy"])
    assert "Attributes" not in response


def test_fifo_only_names_on_a_standard_queue_return_nothing(sqs: Any, queue_url: str) -> None:
    got = _get(sqs, queue_url, "FifoQueue", "ContentBasedDeduplication", "DelaySeconds")
    assert got == {"DelaySeconds": "0"}


@pytest.mark.parametrize("name", ["Bogus", "visibilitytimeout", "SentTimestamp"])
def test_unknown_name_fails_with_invalid_attribute_name(
    sqs: Any, queue_url: str, name: str
) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeName) as excinfo:
        sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["VisibilityTimeout", name])
    error = excinfo.value.response["Error"]
    assert error["Code"] == "InvalidAttributeName"
    assert error["QueryErrorCode"] == "InvalidAttributeName"
    assert error["Message"] == f"Unknown Attribute {name}."
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_queue_arn(sqs: Any, queue_url: str, fifo_url: str) -> None:
    assert _get(sqs, queue_url, "QueueArn") == {"QueueArn": ARN_PREFIX + "q"}
    assert _get(sqs, fifo_url, "QueueArn") == {"QueueArn": ARN_PREFIX + "q.fifo"}


# -- timestamps -------------------------------------------------------------------------------


def test_timestamps_are_epoch_seconds(sqs: Any) -> None:
    with freeze_time("2024-03-01 12:00:00.750"):
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        got = _get(sqs, url, "CreatedTimestamp", "LastModifiedTimestamp")
    assert got == {"CreatedTimestamp": "1709294400", "LastModifiedTimestamp": "1709294400"}


def test_last_modified_changes_on_set_queue_attributes(sqs: Any, sqs_mock: SqsMock) -> None:
    with freeze_time("2024-03-01 12:00:00"):
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        sqs_mock.clock.advance(100)
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "45"})
        sqs_mock.clock.advance(50)
        got = _get(sqs, url, "CreatedTimestamp", "LastModifiedTimestamp")
    assert got == {"CreatedTimestamp": "1709294400", "LastModifiedTimestamp": "1709294500"}


def test_sending_messages_does_not_change_last_modified(sqs: Any, sqs_mock: SqsMock) -> None:
    with freeze_time("2024-03-01 12:00:00"):
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        sqs_mock.clock.advance(10)
        sqs.send_message(QueueUrl=url, MessageBody="x")
        assert _get(sqs, url, "LastModifiedTimestamp") == {"LastModifiedTimestamp": "1709294400"}


# -- counters ---------------------------------------------------------------------------------


def test_counters_track_sends_receives_and_delays(
    sqs: Any, queue_url: str, sqs_mock: SqsMock
) -> None:
    sqs_mock.clock.freeze()
    sqs.send_message(QueueUrl=queue_url, MessageBody="a")
    sqs.send_message(QueueUrl=queue_url, MessageBody="b")
    sqs.send_message(QueueUrl=queue_url, MessageBody="late", DelaySeconds=10)
    assert counters(sqs, queue_url) == (2, 0, 1)

    received = sqs.receive_message(QueueUrl=queue_url, VisibilityTimeout=30)["Messages"]
    assert len(received) == 1
    assert counters(sqs, queue_url) == (1, 1, 1)

    sqs_mock.clock.advance(10)
    assert counters(sqs, queue_url) == (2, 1, 0)

    sqs_mock.clock.advance(20)  # visibility timeout expires
    assert counters(sqs, queue_url) == (3, 0, 0)

    again = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
    assert counters(sqs, queue_url) == (0, 3, 0)
    for message in again:
        sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    assert counters(sqs, queue_url) == (0, 0, 0)


def test_queue_delay_counts_as_delayed(sqs: Any, sqs_mock: SqsMock) -> None:
    sqs_mock.clock.freeze()
    url = sqs.create_queue(QueueName="slow", Attributes={"DelaySeconds": "5"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="x")
    assert counters(sqs, url) == (0, 0, 1)
    sqs_mock.clock.advance(5)
    assert counters(sqs, url) == (1, 0, 0)


def test_counters_on_a_fifo_queue(sqs: Any, fifo_url: str) -> None:
    for i in range(3):
        sqs.send_message(
            QueueUrl=fifo_url,
            MessageBody=f"m{i}",
            MessageGroupId="g",
            MessageDeduplicationId=str(i),
        )
    sqs.receive_message(QueueUrl=fifo_url, MaxNumberOfMessages=2)
    assert counters(sqs, fifo_url) == (1, 2, 0)


# -- SetQueueAttributes: round trips ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DelaySeconds", "900"),
        ("MaximumMessageSize", "1024"),
        ("MessageRetentionPeriod", "60"),
        ("ReceiveMessageWaitTimeSeconds", "20"),
        ("VisibilityTimeout", "43200"),
        ("KmsDataKeyReusePeriodSeconds", "86400"),
        ("KmsMasterKeyId", "alias/aws/sqs"),
        ("SqsManagedSseEnabled", "false"),
        ("Policy", json.dumps({"Version": "2012-10-17", "Statement": []})),
        ("RedriveAllowPolicy", '{"redrivePermission":"denyAll"}'),
    ],
)
def test_settable_standard_attributes_round_trip(
    sqs: Any, queue_url: str, name: str, value: str
) -> None:
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={name: value})
    assert _get(sqs, queue_url, name) == {name: value}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ContentBasedDeduplication", "true"),
        ("DeduplicationScope", "messageGroup"),
        ("VisibilityTimeout", "0"),
        ("DelaySeconds", "15"),
    ],
)
def test_settable_fifo_attributes_round_trip(
    sqs: Any, fifo_url: str, name: str, value: str
) -> None:
    sqs.set_queue_attributes(QueueUrl=fifo_url, Attributes={name: value})
    assert _get(sqs, fifo_url, name) == {name: value}


def test_high_throughput_fifo_settings_round_trip(sqs: Any, fifo_url: str) -> None:
    sqs.set_queue_attributes(
        QueueUrl=fifo_url,
        Attributes={
            "DeduplicationScope": "messageGroup",
            "FifoThroughputLimit": "perMessageGroupId",
        },
    )
    got = _get(sqs, fifo_url, "DeduplicationScope", "FifoThroughputLimit")
    assert got == {"DeduplicationScope": "messageGroup", "FifoThroughputLimit": "perMessageGroupId"}


def test_per_message_group_throughput_needs_message_group_scope_on_set(
    sqs: Any, fifo_url: str
) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeValue) as excinfo:
        sqs.set_queue_attributes(
            QueueUrl=fifo_url, Attributes={"FifoThroughputLimit": "perMessageGroupId"}
        )
    assert excinfo.value.response["Error"]["Message"] == (
        "Invalid value for the parameter FifoThroughputLimit. Reason: To set FifoThroughputLimit "
        "to perMessageGroupId, the DeduplicationScope must be messageGroup."
    )
    assert _get(sqs, fifo_url, "FifoThroughputLimit") == {"FifoThroughputLimit": "perQueue"}


def test_several_attributes_in_one_call(sqs: Any, queue_url: str) -> None:
    sqs.set_queue_attributes(
        QueueUrl=queue_url, Attributes={"VisibilityTimeout": "5", "DelaySeconds": "7"}
    )
    got = _get(sqs, queue_url, "VisibilityTimeout", "DelaySeconds")
    assert got == {"VisibilityTimeout": "5", "DelaySeconds": "7"}


@pytest.mark.parametrize(
    ("sent", "stored"), [("TRUE", "true"), ("True", "true"), ("False", "false")]
)
def test_booleans_come_back_lowercase(sqs: Any, fifo_url: str, sent: str, stored: str) -> None:
    sqs.set_queue_attributes(QueueUrl=fifo_url, Attributes={"ContentBasedDeduplication": sent})
    assert _get(sqs, fifo_url, "ContentBasedDeduplication") == {"ContentBasedDeduplication": stored}


def test_sse_boolean_comes_back_lowercase(sqs: Any, queue_url: str) -> None:
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"SqsManagedSseEnabled": "FALSE"})
    assert _get(sqs, queue_url, "SqsManagedSseEnabled") == {"SqsManagedSseEnabled": "false"}


def test_a_failing_set_changes_nothing(sqs: Any, queue_url: str) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeValue):
        sqs.set_queue_attributes(
            QueueUrl=queue_url, Attributes={"DelaySeconds": "5", "VisibilityTimeout": "-1"}
        )
    assert _get(sqs, queue_url, "DelaySeconds", "VisibilityTimeout") == {
        "DelaySeconds": "0",
        "VisibilityTimeout": "30",
    }


# -- SetQueueAttributes: refusals -------------------------------------------------------------


@pytest.mark.parametrize("value", ["true", "false"])
def test_changing_fifo_queue_is_refused(sqs: Any, fifo_url: str, value: str) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeValue) as excinfo:
        sqs.set_queue_attributes(QueueUrl=fifo_url, Attributes={"FifoQueue": value})
    error = excinfo.value.response["Error"]
    assert error["Code"] == "InvalidAttributeValue"
    assert error["Message"] == (
        "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported."
    )
    assert _get(sqs, fifo_url, "FifoQueue") == {"FifoQueue": "true"}


def test_fifo_queue_on_a_standard_queue_is_an_unknown_attribute(sqs: Any, queue_url: str) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeName) as excinfo:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"FifoQueue": "true"})
    assert excinfo.value.response["Error"]["Message"] == "Unknown Attribute FifoQueue."


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ContentBasedDeduplication", "Unknown Attribute ContentBasedDeduplication."),
        (
            "DeduplicationScope",
            "You can specify the DeduplicationScope only when FifoQueue is set to true.",
        ),
        (
            "FifoThroughputLimit",
            "You can specify the FifoThroughputLimit only when FifoQueue is set to true.",
        ),
    ],
)
def test_fifo_attributes_on_a_standard_queue_are_refused(
    sqs: Any, queue_url: str, name: str, message: str
) -> None:
    value = {"ContentBasedDeduplication": "true", "DeduplicationScope": "queue"}.get(
        name, "perQueue"
    )
    with pytest.raises(sqs.exceptions.InvalidAttributeName) as excinfo:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={name: value})
    assert excinfo.value.response["Error"]["Message"] == message


@pytest.mark.parametrize(
    "name",
    [
        "QueueArn",
        "CreatedTimestamp",
        "LastModifiedTimestamp",
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
        "NotAnAttribute",
    ],
)
def test_read_only_and_unknown_names_are_refused(sqs: Any, queue_url: str, name: str) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeName) as excinfo:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={name: "1"})
    error = excinfo.value.response["Error"]
    assert error["Code"] == "InvalidAttributeName"
    assert error["Message"] == f"Unknown Attribute {name}."


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DelaySeconds", "-1"),
        ("DelaySeconds", "901"),
        ("MaximumMessageSize", "1023"),
        ("MaximumMessageSize", "1048577"),
        ("MessageRetentionPeriod", "59"),
        ("MessageRetentionPeriod", "1209601"),
        ("ReceiveMessageWaitTimeSeconds", "21"),
        ("VisibilityTimeout", "43201"),
        ("KmsDataKeyReusePeriodSeconds", "59"),
        ("KmsDataKeyReusePeriodSeconds", "86401"),
        ("VisibilityTimeout", "ten"),
        ("SqsManagedSseEnabled", "yes"),
    ],
)
def test_out_of_range_values_are_refused(sqs: Any, queue_url: str, name: str, value: str) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeValue) as excinfo:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={name: value})
    error = excinfo.value.response["Error"]
    assert error["Code"] == "InvalidAttributeValue"
    assert error["Message"] == f"Invalid value for the parameter {name}."
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


# -- RedrivePolicy ----------------------------------------------------------------------------


@pytest.fixture
def dlq_arn(sqs: Any) -> str:
    url = sqs.create_queue(QueueName="dlq")["QueueUrl"]
    return _get(sqs, url, "QueueArn")["QueueArn"]


@pytest.mark.parametrize("count", [1, 1000, "5"])
def test_redrive_policy_round_trips(sqs: Any, queue_url: str, dlq_arn: str, count: object) -> None:
    sqs.set_queue_attributes(
        QueueUrl=queue_url, Attributes={"RedrivePolicy": _redrive(dlq_arn, count)}
    )
    stored = json.loads(_get(sqs, queue_url, "RedrivePolicy")["RedrivePolicy"])
    assert stored == {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": int(str(count))}


def test_redrive_policy_at_creation(sqs: Any, dlq_arn: str) -> None:
    url = sqs.create_queue(QueueName="src", Attributes={"RedrivePolicy": _redrive(dlq_arn, 4)})[
        "QueueUrl"
    ]
    stored = json.loads(_get(sqs, url, "RedrivePolicy")["RedrivePolicy"])
    assert stored == {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 4}


@pytest.mark.parametrize("count", [0, 1001, -1])
def test_max_receive_count_outside_1_to_1000_is_refused(
    sqs: Any, queue_url: str, dlq_arn: str, count: int
) -> None:
    policy = _redrive(dlq_arn, count)
    with pytest.raises(ClientError) as excinfo:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedrivePolicy": policy})
    error = excinfo.value.response["Error"]
    assert error["Code"] == "InvalidParameterValue"
    assert error["Message"] == (
        f"Value {policy} for parameter RedrivePolicy is invalid. Reason: Invalid value for "
        f"maxReceiveCount: {count}, valid values are from 1 to 1000 both inclusive."
    )
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert _get(sqs, queue_url, "RedrivePolicy") == {}


def test_redrive_policy_to_a_missing_queue_is_refused(sqs: Any, queue_url: str) -> None:
    policy = _redrive(ARN_PREFIX + "missing", 3)
    with pytest.raises(ClientError) as excinfo:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedrivePolicy": policy})
    assert excinfo.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert excinfo.value.response["Error"]["Message"] == (
        f"Value {policy} for parameter RedrivePolicy is invalid. Reason: Dead letter target does "
        "not exist."
    )


def test_redrive_policy_to_a_fifo_dlq_from_a_standard_queue_is_refused(
    sqs: Any, queue_url: str, fifo_url: str
) -> None:
    fifo_arn = _get(sqs, fifo_url, "QueueArn")["QueueArn"]
    policy = _redrive(fifo_arn, 3)
    with pytest.raises(ClientError) as excinfo:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedrivePolicy": policy})
    assert excinfo.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert excinfo.value.response["Error"]["Message"].startswith(
        f"Value {policy} for parameter RedrivePolicy is invalid. Reason: "
    )


@pytest.mark.parametrize(
    "policy",
    [
        '{"maxReceiveCount": 3}',
        '{"deadLetterTargetArn": "ARN"}',
        '{"deadLetterTargetArn": "ARN", "maxReceiveCount": 3, "extra": 1}',
    ],
)
def test_malformed_redrive_policy_is_refused(
    sqs: Any, queue_url: str, dlq_arn: str, policy: str
) -> None:
    policy = policy.replace("ARN", dlq_arn)
    with pytest.raises(ClientError) as excinfo:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedrivePolicy": policy})
    assert excinfo.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert excinfo.value.response["Error"]["Message"].startswith(
        f"Value {policy} for parameter RedrivePolicy is invalid. Reason: "
    )


def test_empty_redrive_policy_removes_it(sqs: Any, queue_url: str, dlq_arn: str) -> None:
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedrivePolicy": _redrive(dlq_arn, 2)})
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedrivePolicy": ""})
    assert _get(sqs, queue_url, "RedrivePolicy") == {}
    assert "RedrivePolicy" not in _get(sqs, queue_url, "All")


# -- RedriveAllowPolicy -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "policy",
    [
        {"redrivePermission": "allowAll"},
        {"redrivePermission": "denyAll"},
        {"redrivePermission": "byQueue", "sourceQueueArns": [ARN_PREFIX + "src"]},
    ],
)
def test_redrive_allow_policy_round_trips(sqs: Any, queue_url: str, policy: dict[str, Any]) -> None:
    sqs.set_queue_attributes(
        QueueUrl=queue_url, Attributes={"RedriveAllowPolicy": json.dumps(policy)}
    )
    assert json.loads(_get(sqs, queue_url, "RedriveAllowPolicy")["RedriveAllowPolicy"]) == policy


@pytest.mark.parametrize(
    "policy",
    [
        {"redrivePermission": "sometimes"},
        {},
        {"redrivePermission": "byQueue"},
        {"redrivePermission": "byQueue", "sourceQueueArns": []},
        {"redrivePermission": "allowAll", "sourceQueueArns": [ARN_PREFIX + "src"]},
        {
            "redrivePermission": "byQueue",
            "sourceQueueArns": [f"{ARN_PREFIX}src{i}" for i in range(11)],
        },
    ],
)
def test_invalid_redrive_allow_policy_is_refused(
    sqs: Any, queue_url: str, policy: dict[str, Any]
) -> None:
    value = json.dumps(policy)
    with pytest.raises(ClientError) as excinfo:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedriveAllowPolicy": value})
    assert excinfo.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert excinfo.value.response["Error"]["Message"].startswith(
        f"Value {value} for parameter RedriveAllowPolicy is invalid. Reason: "
    )
    assert _get(sqs, queue_url, "RedriveAllowPolicy") == {}


def test_ten_source_queue_arns_are_allowed(sqs: Any, queue_url: str) -> None:
    policy = {
        "redrivePermission": "byQueue",
        "sourceQueueArns": [f"{ARN_PREFIX}src{i}" for i in range(10)],
    }
    sqs.set_queue_attributes(
        QueueUrl=queue_url, Attributes={"RedriveAllowPolicy": json.dumps(policy)}
    )
    assert json.loads(_get(sqs, queue_url, "RedriveAllowPolicy")["RedriveAllowPolicy"]) == policy


def test_deny_all_dlq_refuses_a_redrive_policy(sqs: Any, queue_url: str) -> None:
    dlq = sqs.create_queue(
        QueueName="dlq", Attributes={"RedriveAllowPolicy": '{"redrivePermission":"denyAll"}'}
    )["QueueUrl"]
    policy = _redrive(_get(sqs, dlq, "QueueArn")["QueueArn"], 3)
    with pytest.raises(ClientError) as excinfo:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedrivePolicy": policy})
    assert excinfo.value.response["Error"]["Code"] == "InvalidParameterValue"


def test_by_queue_dlq_accepts_listed_sources_only(sqs: Any, queue_url: str) -> None:
    allowed = {"redrivePermission": "byQueue", "sourceQueueArns": [ARN_PREFIX + "q"]}
    dlq = sqs.create_queue(QueueName="dlq", Attributes={"RedriveAllowPolicy": json.dumps(allowed)})[
        "QueueUrl"
    ]
    policy = _redrive(_get(sqs, dlq, "QueueArn")["QueueArn"], 3)
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedrivePolicy": policy})
    assert "RedrivePolicy" in _get(sqs, queue_url, "RedrivePolicy")
    other = sqs.create_queue(QueueName="other")["QueueUrl"]
    with pytest.raises(ClientError) as excinfo:
        sqs.set_queue_attributes(QueueUrl=other, Attributes={"RedrivePolicy": policy})
    assert excinfo.value.response["Error"]["Code"] == "InvalidParameterValue"


def test_empty_redrive_allow_policy_removes_it(sqs: Any, queue_url: str) -> None:
    sqs.set_queue_attributes(
        QueueUrl=queue_url, Attributes={"RedriveAllowPolicy": '{"redrivePermission":"denyAll"}'}
    )
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedriveAllowPolicy": ""})
    assert _get(sqs, queue_url, "RedriveAllowPolicy") == {}


# -- Policy -----------------------------------------------------------------------------------


def test_policy_is_stored_as_given(sqs: Any, queue_url: str) -> None:
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Id": "custom",
            "Statement": [
                {
                    "Sid": "topic",
                    "Effect": "Allow",
                    "Principal": {"Service": "sns.amazonaws.com"},
                    "Action": "sqs:SendMessage",
                    "Resource": ARN_PREFIX + "q",
                }
            ],
        },
        indent=2,
    )
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": policy})
    assert _get(sqs, queue_url, "Policy") == {"Policy": policy}


def test_empty_policy_removes_it(sqs: Any, queue_url: str) -> None:
    sqs.set_queue_attributes(
        QueueUrl=queue_url, Attributes={"Policy": '{"Version":"2012-10-17","Statement":[]}'}
    )
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": ""})
    assert _get(sqs, queue_url, "Policy") == {}


@pytest.mark.parametrize("policy", ["not json", "[1, 2]", '"text"'])
def test_policy_that_is_not_a_json_object_is_refused(sqs: Any, queue_url: str, policy: str) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeValue) as excinfo:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": policy})
    assert excinfo.value.response["Error"]["Message"].startswith(
        "Invalid value for the parameter Policy."
    )
    assert _get(sqs, queue_url, "Policy") == {}


def test_policy_over_8192_bytes_is_refused(sqs: Any, queue_url: str) -> None:
    policy = json.dumps({"Version": "2012-10-17", "Statement": [], "Id": "x" * 8192})
    with pytest.raises(sqs.exceptions.InvalidAttributeValue):
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": policy})
    assert _get(sqs, queue_url, "Policy") == {}


# -- KMS --------------------------------------------------------------------------------------


def test_kms_key_switches_sqs_managed_sse_off(sqs: Any, queue_url: str) -> None:
    assert _get(sqs, queue_url, "SqsManagedSseEnabled") == {"SqsManagedSseEnabled": "true"}
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"KmsMasterKeyId": "alias/aws/sqs"})
    got = _get(
        sqs, queue_url, "KmsMasterKeyId", "SqsManagedSseEnabled", "KmsDataKeyReusePeriodSeconds"
    )
    assert got == {
        "KmsMasterKeyId": "alias/aws/sqs",
        "SqsManagedSseEnabled": "false",
        "KmsDataKeyReusePeriodSeconds": "300",
    }


def test_kms_key_at_creation_switches_sqs_managed_sse_off(sqs: Any) -> None:
    key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    url = sqs.create_queue(
        QueueName="enc", Attributes={"KmsMasterKeyId": key, "KmsDataKeyReusePeriodSeconds": "600"}
    )["QueueUrl"]
    got = _get(sqs, url, "KmsMasterKeyId", "SqsManagedSseEnabled", "KmsDataKeyReusePeriodSeconds")
    assert got == {
        "KmsMasterKeyId": key,
        "SqsManagedSseEnabled": "false",
        "KmsDataKeyReusePeriodSeconds": "600",
    }


def test_enabling_sqs_managed_sse_drops_the_kms_key(sqs: Any, queue_url: str) -> None:
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"KmsMasterKeyId": "alias/aws/sqs"})
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"SqsManagedSseEnabled": "true"})
    got = _get(sqs, queue_url, "All")
    assert got["SqsManagedSseEnabled"] == "true"
    assert "KmsMasterKeyId" not in got


def test_both_sse_modes_at_once_are_refused(sqs: Any) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeValue) as excinfo:
        sqs.create_queue(
            QueueName="enc",
            Attributes={"KmsMasterKeyId": "alias/aws/sqs", "SqsManagedSseEnabled": "true"},
        )
    assert excinfo.value.response["Error"]["Code"] == "InvalidAttributeValue"
    assert "QueueUrls" not in sqs.list_queues()


def test_messages_still_flow_on_a_kms_queue(sqs: Any, queue_url: str) -> None:
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"KmsMasterKeyId": "alias/aws/sqs"})
    sqs.send_message(QueueUrl=queue_url, MessageBody="secret")
    messages = sqs.receive_message(QueueUrl=queue_url)["Messages"]
    assert [m["Body"] for m in messages] == ["secret"]
