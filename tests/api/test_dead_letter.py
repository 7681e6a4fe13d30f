"""Dead-letter queues through boto3: RedrivePolicy checks, the move on receive, retention,
RedriveAllowPolicy and ListDeadLetterSourceQueues."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from pytest_sqsmock import SqsMock
from pytest_sqsmock.clock import Clock


def _arn(sqs: Any, url: str) -> str:
    arn: str = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    return arn


def _policy(target_arn: str, count: object = 3) -> str:
    return json.dumps({"deadLetterTargetArn": target_arn, "maxReceiveCount": count})


def _queue(sqs: Any, name: str, **attributes: str) -> str:
    if name.endswith(".fifo"):
        attributes = {"FifoQueue": "true", **attributes}
    url: str = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    return url


def _source_and_dlq(
    sqs: Any, count: int = 3, source: str = "src", dlq: str = "dlq", **dlq_attributes: str
) -> tuple[str, str]:
    """Create a DLQ and a source queue whose RedrivePolicy targets it; return both URLs."""
    dlq_url = _queue(sqs, dlq, **dlq_attributes)
    source_url = _queue(sqs, source, RedrivePolicy=_policy(_arn(sqs, dlq_url), count))
    return source_url, dlq_url


def _receive(sqs: Any, url: str, n: int = 10, **kwargs: Any) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = sqs.receive_message(
        QueueUrl=url, MaxNumberOfMessages=n, **kwargs
    ).get("Messages", [])
    return messages


def _invalid_parameter(error: ClientError, message: str) -> None:
    assert error.response["Error"]["Code"] == "InvalidParameterValue"
    assert error.response["Error"]["QueryErrorCode"] == "InvalidParameterValueException"
    assert error.response["Error"]["Message"] == message
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def _redrive_error(policy: str, reason: str) -> str:
    return f"Value {policy} for parameter RedrivePolicy is invalid. Reason: {reason}"


def _allow_error(policy: str, reason: str) -> str:
    return f"Value {policy} for parameter RedriveAllowPolicy is invalid. Reason: {reason}"


# -- RedrivePolicy validation -------------------------------------------------------------------


def test_redrive_policy_target_must_exist_on_create(sqs: Any) -> None:
    policy = _policy("arn:aws:sqs:us-east-1:123456789012:missing")
    with pytest.raises(ClientError) as info:
        sqs.create_queue(QueueName="src", Attributes={"RedrivePolicy": policy})
    _invalid_parameter(info.value, _redrive_error(policy, "Dead letter target does not exist."))
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName="src")


def test_redrive_policy_target_must_exist_on_set(sqs: Any, queue_url: str) -> None:
    policy = _policy("arn:aws:sqs:us-east-1:123456789012:missing")
    with pytest.raises(ClientError) as info:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedrivePolicy": policy})
    _invalid_parameter(info.value, _redrive_error(policy, "Dead letter target does not exist."))
    response = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["RedrivePolicy"])
    assert "Attributes" not in response


@pytest.mark.parametrize(
    ("source", "dlq"), [("src.fifo", "dlq"), ("src", "dlq.fifo")], ids=["fifo-std", "std-fifo"]
)
def test_redrive_policy_target_must_be_the_same_queue_type(sqs: Any, source: str, dlq: str) -> None:
    policy = _policy(_arn(sqs, _queue(sqs, dlq)))
    attributes = {"RedrivePolicy": policy}
    if source.endswith(".fifo"):
        attributes["FifoQueue"] = "true"
    with pytest.raises(ClientError) as info:
        sqs.create_queue(QueueName=source, Attributes=attributes)
    _invalid_parameter(
        info.value,
        _redrive_error(policy, "Dead-letter queue must be same type of queue as the source."),
    )


def test_fifo_source_with_fifo_dlq_is_accepted(sqs: Any) -> None:
    dlq_arn = _arn(sqs, _queue(sqs, "dlq.fifo"))
    url = _queue(sqs, "src.fifo", RedrivePolicy=_policy(dlq_arn, 2))
    stored = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedrivePolicy"])
    assert json.loads(stored["Attributes"]["RedrivePolicy"]) == {
        "deadLetterTargetArn": dlq_arn,
        "maxReceiveCount": 2,
    }


def test_redrive_policy_target_must_be_in_the_same_region(sqs: Any) -> None:
    west = boto3.client("sqs", region_name="us-west-2")
    west_arn = _arn(west, west.create_queue(QueueName="dlq")["QueueUrl"])
    policy = _policy(west_arn)
    with pytest.raises(ClientError) as info:
        sqs.create_queue(QueueName="src", Attributes={"RedrivePolicy": policy})
    _invalid_parameter(
        info.value,
        _redrive_error(
            policy,
            "Dead-letter target must be in the same region and account as the source queue.",
        ),
    )


def test_redrive_policy_target_must_be_in_the_same_account(sqs: Any) -> None:
    dlq_arn = _arn(sqs, _queue(sqs, "dlq"))
    other_account = ":".join([*dlq_arn.split(":")[:4], "999999999999", "dlq"])
    policy = _policy(other_account)
    with pytest.raises(ClientError) as info:
        sqs.create_queue(QueueName="src", Attributes={"RedrivePolicy": policy})
    _invalid_parameter(
        info.value,
        _redrive_error(
            policy,
            "Dead-letter target must be in the same region and account as the source queue.",
        ),
    )


@pytest.mark.parametrize("count", [0, 1001, -1, "0", "abc"])
def test_max_receive_count_must_be_between_1_and_1000(
    sqs: Any, queue_url: str, count: object
) -> None:
    dlq_arn = _arn(sqs, _queue(sqs, "dlq"))
    policy = _policy(dlq_arn, count)
    with pytest.raises(ClientError) as info:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedrivePolicy": policy})
    _invalid_parameter(
        info.value,
        _redrive_error(
            policy,
            f"Invalid value for maxReceiveCount: {count}, valid values are from 1 to 1000 both "
            "inclusive.",
        ),
    )


@pytest.mark.parametrize(
    ("count", "stored"), [(5, 5), ("5", 5), (1, 1), (1000, 1000), ("1000", 1000)]
)
def test_max_receive_count_accepts_numbers_and_numeric_strings(
    sqs: Any, queue_url: str, count: object, stored: int
) -> None:
    dlq_arn = _arn(sqs, _queue(sqs, "dlq"))
    sqs.set_queue_attributes(
        QueueUrl=queue_url, Attributes={"RedrivePolicy": _policy(dlq_arn, count)}
    )
    attrs = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["RedrivePolicy"])
    assert json.loads(attrs["Attributes"]["RedrivePolicy"]) == {
        "deadLetterTargetArn": dlq_arn,
        "maxReceiveCount": stored,
    }


@pytest.mark.parametrize(
    ("policy", "reason"),
    [
        (
            json.dumps({"maxReceiveCount": 3}),
            "Redrive policy does not contain mandatory attribute: deadLetterTargetArn.",
        ),
        (
            json.dumps({"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:dlq"}),
            "Redrive policy does not contain mandatory attribute: maxReceiveCount.",
        ),
        (
            json.dumps(
                {
                    "deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:dlq",
                    "maxReceiveCount": 3,
                    "extra": 1,
                }
            ),
            "Only following attributes are supported: [deadLetterTargetArn, maxReceiveCount].",
        ),
        (_policy("not-an-arn"), "Invalid deadLetterTargetArn."),
    ],
    ids=["no-target", "no-count", "unknown-key", "bad-arn"],
)
def test_malformed_redrive_policy_is_refused(
    sqs: Any, queue_url: str, policy: str, reason: str
) -> None:
    _queue(sqs, "dlq")
    with pytest.raises(ClientError) as info:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedrivePolicy": policy})
    _invalid_parameter(info.value, _redrive_error(policy, reason))


def test_redrive_policy_that_is_not_json_is_an_invalid_attribute_value(
    sqs: Any, queue_url: str
) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeValue) as info:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedrivePolicy": "{nope"})
    error = info.value.response["Error"]
    assert error["Code"] == "InvalidAttributeValue"
    assert (
        error["Message"] == "Invalid value for the parameter RedrivePolicy. Reason: Invalid JSON."
    )


def test_empty_redrive_policy_removes_it(sqs: Any, sqs_mock: SqsMock) -> None:
    source_url, dlq_url = _source_and_dlq(sqs, count=1)
    sqs.set_queue_attributes(QueueUrl=source_url, Attributes={"RedrivePolicy": ""})
    response = sqs.get_queue_attributes(QueueUrl=source_url, AttributeNames=["All"])
    assert "RedrivePolicy" not in response["Attributes"]
    assert sqs.list_dead_letter_source_queues(QueueUrl=dlq_url)["queueUrls"] == []
    sqs.send_message(QueueUrl=source_url, MessageBody="x")
    for attempt in range(1, 4):
        (message,) = _receive(
            sqs, source_url, VisibilityTimeout=0, MessageSystemAttributeNames=["All"]
        )
        assert message["Attributes"]["ApproximateReceiveCount"] == str(attempt)
    assert sqs_mock.queue("dlq").messages == []


# -- the move on receive ------------------------------------------------------------------------


def test_message_is_moved_on_the_receive_after_max_receive_count(
    sqs: Any, sqs_mock: SqsMock, sqs_clock: Clock
) -> None:
    source_url, dlq_url = _source_and_dlq(sqs, count=3)
    attributes = {"colour": {"DataType": "String", "StringValue": "red"}}
    sent = sqs.send_message(QueueUrl=source_url, MessageBody="poison", MessageAttributes=attributes)
    first_sent_at = None
    for attempt in range(1, 4):
        (message,) = _receive(sqs, source_url, MessageSystemAttributeNames=["All"])
        assert message["MessageId"] == sent["MessageId"]
        assert message["Attributes"]["ApproximateReceiveCount"] == str(attempt)
        first_sent_at = message["Attributes"]["SentTimestamp"]
        sqs_clock.advance(30)
    assert [m.body for m in sqs_mock.queue("src").visible] == ["poison"]
    assert sqs_mock.queue("dlq").messages == []

    assert _receive(sqs, source_url) == []

    assert sqs_mock.queue("src").messages == []
    (moved,) = _receive(
        sqs, dlq_url, MessageSystemAttributeNames=["All"], MessageAttributeNames=["All"]
    )
    assert moved["MessageId"] == sent["MessageId"]
    assert moved["Body"] == "poison"
    assert moved["MD5OfBody"] == sent["MD5OfMessageBody"]
    assert moved["MessageAttributes"] == attributes
    assert moved["MD5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]
    assert moved["Attributes"]["DeadLetterQueueSourceArn"] == _arn(sqs, source_url)
    assert moved["Attributes"]["SentTimestamp"] == first_sent_at


def test_moved_message_keeps_its_receive_count(sqs: Any, sqs_mock: SqsMock) -> None:
    source_url, _ = _source_and_dlq(sqs, count=2)
    sqs.send_message(QueueUrl=source_url, MessageBody="x")
    for _ in range(3):
        _receive(sqs, source_url, VisibilityTimeout=0)
    (view,) = sqs_mock.queue("dlq").messages
    assert view.receive_count == 2
    assert view.dead_letter_source_arn == _arn(sqs, source_url)


def test_deleted_message_is_never_moved(sqs: Any, sqs_mock: SqsMock) -> None:
    source_url, _ = _source_and_dlq(sqs, count=1)
    sqs.send_message(QueueUrl=source_url, MessageBody="x")
    (message,) = _receive(sqs, source_url)
    sqs.delete_message(QueueUrl=source_url, ReceiptHandle=message["ReceiptHandle"])
    assert _receive(sqs, source_url) == []
    assert sqs_mock.queue("dlq").messages == []


def test_receive_skips_moved_messages_and_returns_the_next_ones(
    sqs: Any, sqs_mock: SqsMock
) -> None:
    source_url, _ = _source_and_dlq(sqs, count=1)
    for body in ["a", "b", "c"]:
        sqs.send_message(QueueUrl=source_url, MessageBody=body)
    assert [m["Body"] for m in _receive(sqs, source_url, n=1, VisibilityTimeout=0)] == ["a"]
    assert [m["Body"] for m in _receive(sqs, source_url, n=2)] == ["b", "c"]
    assert sqs_mock.queue("dlq").bodies == ["a"]


def test_message_stays_when_its_dlq_was_deleted(sqs: Any, sqs_mock: SqsMock) -> None:
    source_url, dlq_url = _source_and_dlq(sqs, count=1)
    sqs.send_message(QueueUrl=source_url, MessageBody="x")
    sqs.delete_queue(QueueUrl=dlq_url)
    for attempt in range(1, 4):
        (message,) = _receive(
            sqs, source_url, VisibilityTimeout=0, MessageSystemAttributeNames=["All"]
        )
        assert message["Attributes"]["ApproximateReceiveCount"] == str(attempt)
    assert sqs_mock.queue("src").bodies == ["x"]


def test_standard_dlq_keeps_the_original_enqueue_time_for_retention(
    sqs: Any, sqs_mock: SqsMock, sqs_clock: Clock
) -> None:
    source_url, dlq_url = _source_and_dlq(sqs, count=1, MessageRetentionPeriod="120")
    sqs.send_message(QueueUrl=source_url, MessageBody="old")
    _receive(sqs, source_url, VisibilityTimeout=100)
    sqs_clock.advance(100)
    assert _receive(sqs, source_url) == []
    assert sqs_mock.queue("dlq").bodies == ["old"]
    sqs_clock.advance(19)
    assert sqs_mock.queue("dlq").bodies == ["old"]
    sqs_clock.advance(1)
    assert sqs_mock.queue("dlq").messages == []
    assert _receive(sqs, dlq_url) == []


def test_fifo_dlq_restarts_retention_and_dedups_by_message_id(
    sqs: Any, sqs_mock: SqsMock, sqs_clock: Clock
) -> None:
    dlq_url = _queue(sqs, "dlq.fifo", MessageRetentionPeriod="120")
    source_url = _queue(sqs, "src.fifo", RedrivePolicy=_policy(_arn(sqs, dlq_url), 1))
    sent = sqs.send_message(
        QueueUrl=source_url, MessageBody="old", MessageGroupId="g", MessageDeduplicationId="d"
    )
    _receive(sqs, source_url, VisibilityTimeout=100)
    sqs_clock.advance(100)
    assert _receive(sqs, source_url) == []
    (view,) = sqs_mock.queue("dlq.fifo").messages
    assert view.deduplication_id == sent["MessageId"]
    assert view.group_id == "g"
    sqs_clock.advance(119)
    assert sqs_mock.queue("dlq.fifo").bodies == ["old"]
    (moved,) = _receive(sqs, dlq_url, VisibilityTimeout=0, MessageSystemAttributeNames=["All"])
    assert moved["MessageId"] == sent["MessageId"]
    assert moved["Attributes"]["MessageDeduplicationId"] == sent["MessageId"]
    assert moved["Attributes"]["MessageGroupId"] == "g"
    assert moved["Attributes"]["DeadLetterQueueSourceArn"] == _arn(sqs, source_url)
    assert len(moved["Attributes"]["SequenceNumber"]) == 20
    sqs_clock.advance(1)
    assert sqs_mock.queue("dlq.fifo").messages == []


def test_fifo_move_lets_the_rest_of_the_group_through(sqs: Any, sqs_mock: SqsMock) -> None:
    dlq_url = _queue(sqs, "dlq.fifo")
    source_url = _queue(sqs, "src.fifo", RedrivePolicy=_policy(_arn(sqs, dlq_url), 1))
    for body in ["a1", "a2"]:
        sqs.send_message(
            QueueUrl=source_url, MessageBody=body, MessageGroupId="a", MessageDeduplicationId=body
        )
    assert [m["Body"] for m in _receive(sqs, source_url, n=1, VisibilityTimeout=0)] == ["a1"]
    assert [m["Body"] for m in _receive(sqs, source_url)] == ["a2"]
    assert sqs_mock.queue("dlq.fifo").bodies == ["a1"]


# -- RedriveAllowPolicy -------------------------------------------------------------------------


def test_deny_all_refuses_every_source(sqs: Any) -> None:
    dlq_url = _queue(sqs, "dlq", RedriveAllowPolicy=json.dumps({"redrivePermission": "denyAll"}))
    dlq_arn = _arn(sqs, dlq_url)
    policy = _policy(dlq_arn)
    with pytest.raises(ClientError) as info:
        sqs.create_queue(QueueName="src", Attributes={"RedrivePolicy": policy})
    _invalid_parameter(
        info.value,
        _redrive_error(
            policy,
            "Queue arn:aws:sqs:us-east-1:123456789012:src is not allowed to use "
            f"{dlq_arn} as its dead-letter queue (RedriveAllowPolicy).",
        ),
    )


def test_by_queue_allows_only_the_listed_sources(sqs: Any) -> None:
    dlq_url = _queue(sqs, "dlq")
    dlq_arn = _arn(sqs, dlq_url)
    allowed_arn = dlq_arn.replace(":dlq", ":allowed")
    sqs.set_queue_attributes(
        QueueUrl=dlq_url,
        Attributes={
            "RedriveAllowPolicy": json.dumps(
                {"redrivePermission": "byQueue", "sourceQueueArns": [allowed_arn]}
            )
        },
    )
    allowed = _queue(sqs, "allowed", RedrivePolicy=_policy(dlq_arn))
    assert sqs.list_dead_letter_source_queues(QueueUrl=dlq_url)["queueUrls"] == [allowed]
    other_url = _queue(sqs, "other")
    with pytest.raises(ClientError) as info:
        sqs.set_queue_attributes(QueueUrl=other_url, Attributes={"RedrivePolicy": _policy(dlq_arn)})
    assert info.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert info.value.response["Error"]["Message"].endswith(
        f"Reason: Queue {_arn(sqs, other_url)} is not allowed to use {dlq_arn} as its "
        "dead-letter queue (RedriveAllowPolicy)."
    )


def test_allow_all_accepts_any_source(sqs: Any) -> None:
    dlq_url = _queue(sqs, "dlq", RedriveAllowPolicy=json.dumps({"redrivePermission": "allowAll"}))
    a = _queue(sqs, "a", RedrivePolicy=_policy(_arn(sqs, dlq_url)))
    b = _queue(sqs, "b", RedrivePolicy=_policy(_arn(sqs, dlq_url)))
    assert sqs.list_dead_letter_source_queues(QueueUrl=dlq_url)["queueUrls"] == [a, b]


def test_redrive_allow_policy_is_returned(sqs: Any) -> None:
    value = {"redrivePermission": "byQueue", "sourceQueueArns": ["arn:aws:sqs:us-east-1:1:x"]}
    url = _queue(sqs, "dlq", RedriveAllowPolicy=json.dumps(value))
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedriveAllowPolicy"])
    assert json.loads(attrs["Attributes"]["RedriveAllowPolicy"]) == value


@pytest.mark.parametrize("permission", ["allowAll", "denyAll"])
def test_source_queue_arns_need_by_queue(sqs: Any, permission: str) -> None:
    value = json.dumps(
        {"redrivePermission": permission, "sourceQueueArns": ["arn:aws:sqs:us-east-1:1:x"]}
    )
    with pytest.raises(ClientError) as info:
        sqs.create_queue(QueueName="dlq", Attributes={"RedriveAllowPolicy": value})
    _invalid_parameter(
        info.value,
        _allow_error(
            value, "Only when redrivePermission is byQueue can sourceQueueArns be specified."
        ),
    )


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (
            {"redrivePermission": "byQueue"},
            "sourceQueueArns must be specified when redrivePermission is byQueue.",
        ),
        (
            {
                "redrivePermission": "byQueue",
                "sourceQueueArns": [f"arn:aws:sqs:us-east-1:1:q{i}" for i in range(11)],
            },
            "Maximum of 10 sourceQueueArns can be specified. You have specified 11.",
        ),
        (
            {"redrivePermission": "sometimes"},
            "Invalid value for redrivePermission: sometimes. Valid values are: allowAll, "
            "denyAll, byQueue.",
        ),
    ],
    ids=["by-queue-without-arns", "eleven-arns", "unknown-permission"],
)
def test_malformed_redrive_allow_policy_is_refused(
    sqs: Any, queue_url: str, value: dict[str, Any], reason: str
) -> None:
    text = json.dumps(value)
    with pytest.raises(ClientError) as info:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedriveAllowPolicy": text})
    _invalid_parameter(info.value, _allow_error(text, reason))


def test_ten_source_queue_arns_are_accepted(sqs: Any, queue_url: str) -> None:
    value = json.dumps(
        {
            "redrivePermission": "byQueue",
            "sourceQueueArns": [f"arn:aws:sqs:us-east-1:1:q{i}" for i in range(10)],
        }
    )
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"RedriveAllowPolicy": value})
    attrs = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["RedriveAllowPolicy"])
    assert len(json.loads(attrs["Attributes"]["RedriveAllowPolicy"])["sourceQueueArns"]) == 10


# -- ListDeadLetterSourceQueues -----------------------------------------------------------------


def test_list_dead_letter_source_queues_lists_the_sources(sqs: Any) -> None:
    dlq_url = _queue(sqs, "dlq")
    dlq_arn = _arn(sqs, dlq_url)
    sources = [_queue(sqs, name, RedrivePolicy=_policy(dlq_arn)) for name in ["b", "a"]]
    _queue(sqs, "unrelated")
    response = sqs.list_dead_letter_source_queues(QueueUrl=dlq_url)
    assert sorted(response["queueUrls"]) == sorted(sources)
    assert "NextToken" not in response


def test_list_dead_letter_source_queues_is_empty_with_the_key(sqs: Any, queue_url: str) -> None:
    response = sqs.list_dead_letter_source_queues(QueueUrl=queue_url)
    assert response["queueUrls"] == []
    assert "NextToken" not in response


def test_list_dead_letter_source_queues_pages(sqs: Any) -> None:
    dlq_url = _queue(sqs, "dlq")
    dlq_arn = _arn(sqs, dlq_url)
    sources = {_queue(sqs, f"s{i}", RedrivePolicy=_policy(dlq_arn)) for i in range(5)}
    first = sqs.list_dead_letter_source_queues(QueueUrl=dlq_url, MaxResults=2)
    assert len(first["queueUrls"]) == 2
    second = sqs.list_dead_letter_source_queues(
        QueueUrl=dlq_url, MaxResults=2, NextToken=first["NextToken"]
    )
    assert len(second["queueUrls"]) == 2
    third = sqs.list_dead_letter_source_queues(
        QueueUrl=dlq_url, MaxResults=2, NextToken=second["NextToken"]
    )
    assert len(third["queueUrls"]) == 1
    assert "NextToken" not in third
    assert {*first["queueUrls"], *second["queueUrls"], *third["queueUrls"]} == sources


def test_list_dead_letter_source_queues_paginator_collects_everything(sqs: Any) -> None:
    dlq_url = _queue(sqs, "dlq")
    dlq_arn = _arn(sqs, dlq_url)
    sources = {_queue(sqs, f"s{i}", RedrivePolicy=_policy(dlq_arn)) for i in range(3)}
    pages = sqs.get_paginator("list_dead_letter_source_queues").paginate(
        QueueUrl=dlq_url, PaginationConfig={"PageSize": 1}
    )
    urls = [url for page in pages for url in page["queueUrls"]]
    assert len(urls) == 3
    assert set(urls) == sources


def test_list_dead_letter_source_queues_forgets_deleted_and_unset_sources(sqs: Any) -> None:
    dlq_url = _queue(sqs, "dlq")
    dlq_arn = _arn(sqs, dlq_url)
    a = _queue(sqs, "a", RedrivePolicy=_policy(dlq_arn))
    b = _queue(sqs, "b", RedrivePolicy=_policy(dlq_arn))
    c = _queue(sqs, "c", RedrivePolicy=_policy(dlq_arn))
    sqs.delete_queue(QueueUrl=a)
    sqs.set_queue_attributes(QueueUrl=b, Attributes={"RedrivePolicy": ""})
    assert sqs.list_dead_letter_source_queues(QueueUrl=dlq_url)["queueUrls"] == [c]


def test_list_dead_letter_source_queues_of_a_missing_queue(sqs: Any, queue_url: str) -> None:
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as info:
        sqs.list_dead_letter_source_queues(QueueUrl=queue_url + "-missing")
    error = info.value.response
    assert error["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue"
    assert error["Error"]["Message"] == "The specified queue does not exist."
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.parametrize("max_results", [0, 1001])
def test_list_dead_letter_source_queues_max_results_range(
    sqs: Any, queue_url: str, max_results: int
) -> None:
    with pytest.raises(ClientError) as info:
        sqs.list_dead_letter_source_queues(QueueUrl=queue_url, MaxResults=max_results)
    _invalid_parameter(
        info.value,
        f"Value {max_results} for parameter MaxResults is invalid. Reason: MaxResults must be an "
        "integer between 1 and 1000.",
    )
