"""CreateQueue through boto3: names, attribute defaults and limits, idempotency, URLs and ARNs."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from pytest_sqsmock import SqsMock, mock_sqs

ACCOUNT = "123456789012"

STANDARD_NAME_ERROR = (
    "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"
)
FIFO_NAME_ERROR = (
    "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, "
    "must end with .fifo suffix and be 1 to 80 in length."
)

STANDARD_DEFAULTS = {
    "DelaySeconds": "0",
    "MaximumMessageSize": "1048576",
    "MessageRetentionPeriod": "345600",
    "ReceiveMessageWaitTimeSeconds": "0",
    "VisibilityTimeout": "30",
    "SqsManagedSseEnabled": "true",
}
FIFO_DEFAULTS = {
    **STANDARD_DEFAULTS,
    "FifoQueue": "true",
    "ContentBasedDeduplication": "false",
    "DeduplicationScope": "queue",
    "FifoThroughputLimit": "perQueue",
}

# name -> (minimum, maximum), from the fact sheet section 3.
RANGES = {
    "DelaySeconds": (0, 900),
    "MaximumMessageSize": (1_024, 1_048_576),
    "MessageRetentionPeriod": (60, 1_209_600),
    "ReceiveMessageWaitTimeSeconds": (0, 20),
    "VisibilityTimeout": (0, 43_200),
    "KmsDataKeyReusePeriodSeconds": (60, 86_400),
}


def _attributes(sqs: Any, url: str) -> dict[str, str]:
    attributes: dict[str, str] = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])[
        "Attributes"
    ]
    return attributes


def _assert_invalid_parameter_value(error: ClientError, message: str) -> None:
    assert error.response["Error"]["Code"] == "InvalidParameterValue"
    assert error.response["Error"]["QueryErrorCode"] == "InvalidParameterValueException"
    assert error.response["Error"]["Message"] == message
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def _assert_invalid_attribute_value(sqs: Any, error: Any, name: str) -> None:
    assert isinstance(error, sqs.exceptions.InvalidAttributeValue)
    assert error.response["Error"]["Code"] == "InvalidAttributeValue"
    assert error.response["Error"]["Message"] == f"Invalid value for the parameter {name}."
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400


# -- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["q", "a" * 80, "Orders_2024-eu", "UPPER", "0123456789", "-", "_"],
)
def test_valid_standard_names_are_accepted(sqs: Any, name: str) -> None:
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    assert url == f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/{name}"


@pytest.mark.parametrize(
    "name",
    ["a" * 81, "has space", "dot.ted", "slash/name", "ünïcode", "star*", "colon:name", "q.fifo"],
)
def test_invalid_standard_names_fail_with_invalid_parameter_value(sqs: Any, name: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.create_queue(QueueName=name)
    _assert_invalid_parameter_value(excinfo.value, STANDARD_NAME_ERROR)
    assert "QueueUrls" not in sqs.list_queues()


@pytest.mark.parametrize("name", ["q.fifo", "a" * 75 + ".fifo", "Orders_1-x.fifo"])
def test_valid_fifo_names_are_accepted(sqs: Any, name: str) -> None:
    url = sqs.create_queue(QueueName=name, Attributes={"FifoQueue": "true"})["QueueUrl"]
    assert url == f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/{name}"
    assert len(name) <= 80


@pytest.mark.parametrize(
    "name",
    [
        "a" * 76 + ".fifo",  # 81 characters: .fifo counts toward the 80
        "q",  # no .fifo suffix
        "q.FIFO",  # suffix is case-sensitive
        "bad name.fifo",
        "dot.ted.fifo",
        ".fifo",  # empty base name
    ],
)
def test_invalid_fifo_names_fail_with_the_fifo_message(sqs: Any, name: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.create_queue(QueueName=name, Attributes={"FifoQueue": "true"})
    _assert_invalid_parameter_value(excinfo.value, FIFO_NAME_ERROR)


def test_fifo_suffix_without_fifo_queue_attribute_is_an_invalid_standard_name(sqs: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.create_queue(QueueName="orders.fifo")
    _assert_invalid_parameter_value(excinfo.value, STANDARD_NAME_ERROR)


def test_names_are_case_sensitive(sqs: Any) -> None:
    lower = sqs.create_queue(QueueName="orders")["QueueUrl"]
    upper = sqs.create_queue(QueueName="Orders")["QueueUrl"]
    assert lower != upper
    assert sorted(sqs.list_queues()["QueueUrls"]) == sorted([lower, upper])


# -- attribute defaults -----------------------------------------------------------------------


def test_standard_queue_defaults(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    attributes = _attributes(sqs, url)
    assert {k: attributes[k] for k in STANDARD_DEFAULTS} == STANDARD_DEFAULTS
    assert not set(attributes) & {"FifoQueue", "ContentBasedDeduplication", "Policy"}
    assert not set(attributes) & {"RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId"}


def test_fifo_queue_defaults(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="q.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    attributes = _attributes(sqs, url)
    assert {k: attributes[k] for k in FIFO_DEFAULTS} == FIFO_DEFAULTS


def test_new_queue_counters_are_zero(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    attributes = _attributes(sqs, url)
    assert attributes["ApproximateNumberOfMessages"] == "0"
    assert attributes["ApproximateNumberOfMessagesNotVisible"] == "0"
    assert attributes["ApproximateNumberOfMessagesDelayed"] == "0"


def test_attributes_given_at_creation_are_stored(sqs: Any) -> None:
    given = {
        "DelaySeconds": "5",
        "MaximumMessageSize": "2048",
        "MessageRetentionPeriod": "86400",
        "ReceiveMessageWaitTimeSeconds": "20",
        "VisibilityTimeout": "120",
    }
    url = sqs.create_queue(QueueName="q", Attributes=given)["QueueUrl"]
    attributes = _attributes(sqs, url)
    assert {k: attributes[k] for k in given} == given


def test_fifo_attributes_given_at_creation_are_stored(sqs: Any) -> None:
    given = {
        "FifoQueue": "true",
        "ContentBasedDeduplication": "true",
        "DeduplicationScope": "messageGroup",
        "FifoThroughputLimit": "perMessageGroupId",
    }
    url = sqs.create_queue(QueueName="q.fifo", Attributes=given)["QueueUrl"]
    attributes = _attributes(sqs, url)
    assert {k: attributes[k] for k in given} == given


# -- range limits -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [(name, bound) for name, bounds in RANGES.items() for bound in bounds],
)
def test_range_bounds_are_accepted(sqs: Any, name: str, value: int) -> None:
    url = sqs.create_queue(QueueName="q", Attributes={name: str(value)})["QueueUrl"]
    got = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[name])["Attributes"]
    assert got == {name: str(value)}


@pytest.mark.parametrize(
    ("name", "value"),
    [(name, low - 1) for name, (low, _) in RANGES.items()]
    + [(name, high + 1) for name, (_, high) in RANGES.items()],
)
def test_values_just_outside_the_range_fail(sqs: Any, name: str, value: int) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeValue) as excinfo:
        sqs.create_queue(QueueName="q", Attributes={name: str(value)})
    _assert_invalid_attribute_value(sqs, excinfo.value, name)
    assert "QueueUrls" not in sqs.list_queues()


@pytest.mark.parametrize("value", ["abc", "", "1.5", "30s"])
@pytest.mark.parametrize("name", ["VisibilityTimeout", "DelaySeconds"])
def test_non_integer_values_fail(sqs: Any, name: str, value: str) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeValue) as excinfo:
        sqs.create_queue(QueueName="q", Attributes={name: value})
    _assert_invalid_attribute_value(sqs, excinfo.value, name)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DeduplicationScope", "group"),
        ("FifoThroughputLimit", "perGroup"),
        ("ContentBasedDeduplication", "yes"),
    ],
)
def test_invalid_fifo_enum_values_fail(sqs: Any, name: str, value: str) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeValue) as excinfo:
        sqs.create_queue(QueueName="q.fifo", Attributes={"FifoQueue": "true", name: value})
    _assert_invalid_attribute_value(sqs, excinfo.value, name)


# -- attribute names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Unknown",
        "visibilitytimeout",  # names are case-sensitive
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
        "CreatedTimestamp",
        "LastModifiedTimestamp",
        "QueueArn",
        "All",
    ],
)
def test_unknown_or_read_only_attribute_names_fail(sqs: Any, name: str) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeName) as excinfo:
        sqs.create_queue(QueueName="q", Attributes={name: "1"})
    error = excinfo.value.response["Error"]
    assert error["Code"] == "InvalidAttributeName"
    assert error["QueryErrorCode"] == "InvalidAttributeName"
    assert error["Message"] == f"Unknown Attribute {name}."
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.parametrize(
    ("name", "value"),
    [("ContentBasedDeduplication", "true"), ("FifoQueue", "false")],
)
def test_fifo_flags_on_a_standard_queue_are_unknown_attributes(
    sqs: Any, name: str, value: str
) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeName) as excinfo:
        sqs.create_queue(QueueName="q", Attributes={name: value})
    assert excinfo.value.response["Error"]["Message"] == f"Unknown Attribute {name}."


@pytest.mark.parametrize(
    ("name", "value"),
    [("DeduplicationScope", "messageGroup"), ("FifoThroughputLimit", "perMessageGroupId")],
)
def test_fifo_settings_on_a_standard_queue_need_fifo_queue(sqs: Any, name: str, value: str) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeName) as excinfo:
        sqs.create_queue(QueueName="q", Attributes={name: value})
    assert excinfo.value.response["Error"]["Code"] == "InvalidAttributeName"
    assert excinfo.value.response["Error"]["Message"] == (
        f"You can specify the {name} only when FifoQueue is set to true."
    )


def test_per_message_group_throughput_needs_message_group_dedup_scope(sqs: Any) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeValue) as excinfo:
        sqs.create_queue(
            QueueName="q.fifo",
            Attributes={"FifoQueue": "true", "FifoThroughputLimit": "perMessageGroupId"},
        )
    assert excinfo.value.response["Error"]["Code"] == "InvalidAttributeValue"
    assert excinfo.value.response["Error"]["Message"] == (
        "Invalid value for the parameter FifoThroughputLimit. Reason: To set FifoThroughputLimit "
        "to perMessageGroupId, the DeduplicationScope must be messageGroup."
    )


def test_message_group_dedup_scope_alone_is_allowed(sqs: Any) -> None:
    url = sqs.create_queue(
        QueueName="q.fifo",
        Attributes={"FifoQueue": "true", "DeduplicationScope": "messageGroup"},
    )["QueueUrl"]
    attributes = _attributes(sqs, url)
    assert attributes["DeduplicationScope"] == "messageGroup"
    assert attributes["FifoThroughputLimit"] == "perQueue"


# -- idempotency ------------------------------------------------------------------------------


def test_create_with_same_attributes_returns_the_same_url(sqs: Any) -> None:
    first = sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "60"})["QueueUrl"]
    second = sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "60"})["QueueUrl"]
    assert first == second
    assert sqs.list_queues()["QueueUrls"] == [first]


def test_create_without_attributes_matches_an_existing_default_queue(sqs: Any) -> None:
    first = sqs.create_queue(QueueName="q")["QueueUrl"]
    again = sqs.create_queue(QueueName="q")["QueueUrl"]
    explicit_default = sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "30"})
    assert first == again == explicit_default["QueueUrl"]


def test_create_again_keeps_the_existing_queue_and_its_messages(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="kept")
    assert sqs.create_queue(QueueName="q")["QueueUrl"] == url
    messages = sqs.receive_message(QueueUrl=url)["Messages"]
    assert [m["Body"] for m in messages] == ["kept"]


def test_create_fifo_again_is_idempotent(sqs: Any) -> None:
    attributes = {"FifoQueue": "true", "ContentBasedDeduplication": "true"}
    first = sqs.create_queue(QueueName="q.fifo", Attributes=attributes)["QueueUrl"]
    assert sqs.create_queue(QueueName="q.fifo", Attributes=attributes)["QueueUrl"] == first


@pytest.mark.parametrize(
    ("first", "second", "differing"),
    [
        ({"VisibilityTimeout": "60"}, {"VisibilityTimeout": "61"}, "VisibilityTimeout"),
        ({}, {"DelaySeconds": "10"}, "DelaySeconds"),
        ({"DelaySeconds": "10"}, {"DelaySeconds": "0"}, "DelaySeconds"),
    ],
)
def test_create_with_different_attributes_fails_with_queue_name_exists(
    sqs: Any, first: dict[str, str], second: dict[str, str], differing: str
) -> None:
    url = sqs.create_queue(QueueName="q", Attributes=first)["QueueUrl"]
    with pytest.raises(sqs.exceptions.QueueNameExists) as excinfo:
        sqs.create_queue(QueueName="q", Attributes=second)
    error = excinfo.value.response["Error"]
    assert error["Code"] == "QueueAlreadyExists"
    assert error["QueryErrorCode"] == "QueueNameExists"
    assert error["Message"] == (
        f"A queue already exists with the same name and a different value for attribute {differing}"
    )
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    # The existing queue is left as it was.
    current = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[differing])["Attributes"]
    assert current[differing] == first.get(differing, STANDARD_DEFAULTS[differing])


def test_create_again_after_set_attributes_compares_with_current_values(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "90"})
    assert (
        sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "90"})["QueueUrl"] == url
    )
    with pytest.raises(sqs.exceptions.QueueNameExists):
        sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "30"})


# -- deleted recently -------------------------------------------------------------------------


def test_recreating_a_deleted_queue_within_60_seconds_fails(sqs: Any, sqs_mock: SqsMock) -> None:
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    sqs.delete_queue(QueueUrl=url)
    sqs_mock.clock.advance(59)
    with pytest.raises(sqs.exceptions.QueueDeletedRecently) as excinfo:
        sqs.create_queue(QueueName="q")
    error = excinfo.value.response["Error"]
    assert error["Code"] == "AWS.SimpleQueueService.QueueDeletedRecently"
    assert error["QueryErrorCode"] == "QueueDeletedRecently"
    assert error["Message"] == (
        "You must wait 60 seconds after deleting a queue before you can create another with the "
        "same name."
    )
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_recreating_a_deleted_queue_after_60_seconds_works(sqs: Any, sqs_mock: SqsMock) -> None:
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="old")
    sqs.delete_queue(QueueUrl=url)
    sqs_mock.clock.advance(59)
    with pytest.raises(sqs.exceptions.QueueDeletedRecently):
        sqs.create_queue(QueueName="q")
    sqs_mock.clock.advance(1)
    again = sqs.create_queue(QueueName="q")["QueueUrl"]
    assert again == url
    assert "Messages" not in sqs.receive_message(QueueUrl=again)


def test_a_recreated_queue_is_reached_through_the_old_url(sqs: Any, sqs_mock: SqsMock) -> None:
    # The URL was used before the delete: calls through it must reach the new queue, and
    # between the delete and the re-creation it names no queue at all.
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="old")
    sqs.delete_queue(QueueUrl=url)
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.send_message(QueueUrl=url, MessageBody="lost")
    sqs_mock.clock.advance(60)
    sqs.create_queue(QueueName="q")
    sqs.send_message(QueueUrl=url, MessageBody="new")
    assert sqs_mock.queue("q").bodies == ["new"]
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=url)["Messages"]] == ["new"]


def test_deleted_recently_applies_only_to_that_name(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    sqs.delete_queue(QueueUrl=url)
    other = sqs.create_queue(QueueName="q2")["QueueUrl"]
    assert other.endswith("/q2")


def test_deleted_recently_applies_only_in_that_region(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    sqs.delete_queue(QueueUrl=url)
    eu = boto3.client("sqs", region_name="eu-west-1")
    assert eu.create_queue(QueueName="q")["QueueUrl"].startswith("https://sqs.eu-west-1.")


# -- tags -------------------------------------------------------------------------------------


def test_tags_given_at_creation_are_stored(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="q", tags={"team": "payments", "env": ""})["QueueUrl"]
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"team": "payments", "env": ""}


def test_invalid_tag_at_creation_fails_and_creates_nothing(sqs: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.create_queue(QueueName="q", tags={"aws:reserved": "x"})
    assert excinfo.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert "QueueUrls" not in sqs.list_queues()


def test_tags_are_not_compared_when_creating_again(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="q", tags={"a": "1"})["QueueUrl"]
    assert sqs.create_queue(QueueName="q", tags={"a": "2"})["QueueUrl"] == url
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"a": "1"}


# -- URLs, ARNs, regions and accounts ---------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "host", "partition"),
    [
        ("us-east-1", "sqs.us-east-1.amazonaws.com", "aws"),
        ("eu-west-1", "sqs.eu-west-1.amazonaws.com", "aws"),
        ("ap-southeast-2", "sqs.ap-southeast-2.amazonaws.com", "aws"),
        ("cn-north-1", "sqs.cn-north-1.amazonaws.com.cn", "aws-cn"),
    ],
)
def test_url_and_arn_follow_the_region(
    sqs_mock: SqsMock, region: str, host: str, partition: str
) -> None:
    client = boto3.client("sqs", region_name=region)
    url = client.create_queue(QueueName="orders")["QueueUrl"]
    assert url == f"https://{host}/{ACCOUNT}/orders"
    arn = client.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    assert arn == {"QueueArn": f"arn:{partition}:sqs:{region}:{ACCOUNT}:orders"}


def test_fifo_url_and_arn_keep_the_suffix(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="o.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    assert url == f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/o.fifo"
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    assert arn["QueueArn"] == f"arn:aws:sqs:us-east-1:{ACCOUNT}:o.fifo"


def test_queue_in_another_region_is_not_visible(sqs: Any) -> None:
    eu = boto3.client("sqs", region_name="eu-west-1")
    eu_url = eu.create_queue(QueueName="orders")["QueueUrl"]
    assert "QueueUrls" not in sqs.list_queues()
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName="orders")
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.send_message(QueueUrl=eu_url, MessageBody="wrong region")
    assert eu.list_queues()["QueueUrls"] == [eu_url]


def test_same_name_in_two_regions_gives_two_queues(sqs: Any) -> None:
    eu = boto3.client("sqs", region_name="eu-west-1")
    us_url = sqs.create_queue(QueueName="orders", Attributes={"VisibilityTimeout": "10"})[
        "QueueUrl"
    ]
    eu_url = eu.create_queue(QueueName="orders", Attributes={"VisibilityTimeout": "20"})["QueueUrl"]
    assert us_url != eu_url
    sqs.send_message(QueueUrl=us_url, MessageBody="us")
    assert "Messages" not in eu.receive_message(QueueUrl=eu_url)
    eu_vt = eu.get_queue_attributes(QueueUrl=eu_url, AttributeNames=["VisibilityTimeout"])
    assert eu_vt["Attributes"] == {"VisibilityTimeout": "20"}


def test_queue_in_another_account_is_not_listed(sqs: Any) -> None:
    with mock_sqs(account_id="210987654321"):
        other = boto3.client("sqs", region_name="us-east-1")
        other_url = other.create_queue(QueueName="theirs")["QueueUrl"]
        assert other_url == "https://sqs.us-east-1.amazonaws.com/210987654321/theirs"
        arn = other.get_queue_attributes(QueueUrl=other_url, AttributeNames=["QueueArn"])
        assert arn["Attributes"]["QueueArn"] == "arn:aws:sqs:us-east-1:210987654321:theirs"
    assert "QueueUrls" not in sqs.list_queues()
    mine = sqs.create_queue(QueueName="theirs")["QueueUrl"]
    assert mine == f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/theirs"
