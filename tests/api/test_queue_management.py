"""Queue management through boto3: URLs, deletion, listing, purge, tags and permissions."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from pytest_sqsmock import SqsMock, mock_sqs

from .helpers import counters

ACCOUNT = "123456789012"
OTHER_ACCOUNT = "210987654321"
BASE_URL = f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/"
MISSING_URL = BASE_URL + "missing"
HANDLE = "AQEBbm90LWEtcmVhbC1oYW5kbGU="

# Every operation that takes a QueueUrl, with minimal otherwise-valid parameters.
QUEUE_URL_CALLS: list[tuple[str, dict[str, Any]]] = [
    ("add_permission", {"Label": "l", "AWSAccountIds": [OTHER_ACCOUNT], "Actions": ["*"]}),
    ("change_message_visibility", {"ReceiptHandle": HANDLE, "VisibilityTimeout": 0}),
    (
        "change_message_visibility_batch",
        {"Entries": [{"Id": "1", "ReceiptHandle": HANDLE, "VisibilityTimeout": 0}]},
    ),
    ("delete_message", {"ReceiptHandle": HANDLE}),
    ("delete_message_batch", {"Entries": [{"Id": "1", "ReceiptHandle": HANDLE}]}),
    ("delete_queue", {}),
    ("get_queue_attributes", {"AttributeNames": ["All"]}),
    ("list_dead_letter_source_queues", {}),
    ("list_queue_tags", {}),
    ("purge_queue", {}),
    ("receive_message", {}),
    ("remove_permission", {"Label": "l"}),
    ("send_message", {"MessageBody": "x"}),
    ("send_message_batch", {"Entries": [{"Id": "1", "MessageBody": "x"}]}),
    ("set_queue_attributes", {"Attributes": {"VisibilityTimeout": "10"}}),
    ("tag_queue", {"Tags": {"k": "v"}}),
    ("untag_queue", {"TagKeys": ["k"]}),
]
CALL_IDS = [name for name, _ in QUEUE_URL_CALLS]


def _assert_queue_does_not_exist(sqs: Any, error: Any) -> None:
    assert isinstance(error, sqs.exceptions.QueueDoesNotExist)
    assert error.response["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue"
    assert error.response["Error"]["QueryErrorCode"] == "QueueDoesNotExist"
    assert error.response["Error"]["Message"] == "The specified queue does not exist."
    assert error.response["Error"]["Type"] == "Sender"
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def _policy(sqs: Any, url: str) -> dict[str, Any] | None:
    response = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])
    text = response.get("Attributes", {}).get("Policy")
    return None if text is None else json.loads(text)


def _arn(sqs: Any, url: str) -> str:
    arn: str = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    return arn


# -- GetQueueUrl ------------------------------------------------------------------------------


def test_get_queue_url_returns_the_created_url(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    assert sqs.get_queue_url(QueueName="orders")["QueueUrl"] == url == BASE_URL + "orders"


def test_get_queue_url_for_a_fifo_queue(sqs: Any, fifo_url: str) -> None:
    assert sqs.get_queue_url(QueueName="q.fifo")["QueueUrl"] == fifo_url


def test_get_queue_url_is_case_sensitive(sqs: Any) -> None:
    sqs.create_queue(QueueName="orders")
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as excinfo:
        sqs.get_queue_url(QueueName="Orders")
    _assert_queue_does_not_exist(sqs, excinfo.value)


def test_get_queue_url_for_a_missing_queue(sqs: Any) -> None:
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as excinfo:
        sqs.get_queue_url(QueueName="missing")
    _assert_queue_does_not_exist(sqs, excinfo.value)


def test_get_queue_url_of_another_account(sqs: Any) -> None:
    with mock_sqs(account_id=OTHER_ACCOUNT):
        theirs = boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="shared")[
            "QueueUrl"
        ]
    assert theirs == f"https://sqs.us-east-1.amazonaws.com/{OTHER_ACCOUNT}/shared"
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName="shared")
    found = sqs.get_queue_url(QueueName="shared", QueueOwnerAWSAccountId=OTHER_ACCOUNT)
    assert found["QueueUrl"] == theirs
    # The URL from the other account can be used directly (policies are not enforced).
    sqs.send_message(QueueUrl=theirs, MessageBody="cross-account")
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=theirs)["Messages"]] == [
        "cross-account"
    ]


def test_get_queue_url_with_own_account_as_owner(sqs: Any, queue_url: str) -> None:
    found = sqs.get_queue_url(QueueName="q", QueueOwnerAWSAccountId=ACCOUNT)
    assert found["QueueUrl"] == queue_url


def test_get_queue_url_with_an_owner_that_has_no_such_queue(sqs: Any, queue_url: str) -> None:
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName="q", QueueOwnerAWSAccountId=OTHER_ACCOUNT)


# -- DeleteQueue ------------------------------------------------------------------------------


def test_delete_queue_removes_it(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="lost")
    response = sqs.delete_queue(QueueUrl=queue_url)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert "QueueUrls" not in sqs.list_queues()
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName="q")


@pytest.mark.parametrize(("operation", "params"), QUEUE_URL_CALLS, ids=CALL_IDS)
def test_every_call_on_a_deleted_queue_fails(
    sqs: Any, queue_url: str, operation: str, params: dict[str, Any]
) -> None:
    sqs.delete_queue(QueueUrl=queue_url)
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as excinfo:
        getattr(sqs, operation)(QueueUrl=queue_url, **params)
    _assert_queue_does_not_exist(sqs, excinfo.value)


def test_delete_leaves_other_queues_alone(sqs: Any, queue_url: str) -> None:
    other = sqs.create_queue(QueueName="other")["QueueUrl"]
    sqs.send_message(QueueUrl=other, MessageBody="stays")
    sqs.delete_queue(QueueUrl=queue_url)
    assert sqs.list_queues()["QueueUrls"] == [other]
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=other)["Messages"]] == ["stays"]


# -- missing queues and bad addresses ---------------------------------------------------------


@pytest.mark.parametrize(("operation", "params"), QUEUE_URL_CALLS, ids=CALL_IDS)
def test_every_call_on_a_missing_queue_fails(
    sqs: Any, operation: str, params: dict[str, Any]
) -> None:
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as excinfo:
        getattr(sqs, operation)(QueueUrl=MISSING_URL, **params)
    _assert_queue_does_not_exist(sqs, excinfo.value)


def test_url_with_a_wrong_account_is_a_missing_queue(sqs: Any, queue_url: str) -> None:
    wrong = queue_url.replace(ACCOUNT, OTHER_ACCOUNT)
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.send_message(QueueUrl=wrong, MessageBody="x")


def test_url_host_is_not_checked(sqs: Any, queue_url: str) -> None:
    legacy = f"https://queue.amazonaws.com/{ACCOUNT}/q"
    sqs.send_message(QueueUrl=legacy, MessageBody="via legacy host")
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=queue_url)["Messages"]] == [
        "via legacy host"
    ]


@pytest.mark.parametrize("address", ["not-a-url", "q", "orders-queue"])
@pytest.mark.parametrize(
    ("operation", "params"),
    [
        ("send_message", {"MessageBody": "x"}),
        ("get_queue_attributes", {"AttributeNames": ["All"]}),
        ("purge_queue", {}),
        ("delete_queue", {}),
    ],
)
def test_queue_url_that_is_not_a_url_is_an_invalid_address(
    sqs: Any, queue_url: str, operation: str, params: dict[str, Any], address: str
) -> None:
    with pytest.raises(sqs.exceptions.InvalidAddress) as excinfo:
        getattr(sqs, operation)(QueueUrl=address, **params)
    error = excinfo.value.response["Error"]
    assert error["Code"] == "InvalidAddress"
    assert error["QueryErrorCode"] == "InvalidAddress"
    assert error["Message"] == f"The address {address} is not valid for this endpoint."
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


# -- ListQueues -------------------------------------------------------------------------------


def test_list_queues_when_there_are_none_has_no_queue_urls(sqs: Any) -> None:
    response = sqs.list_queues()
    assert "QueueUrls" not in response
    assert "NextToken" not in response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_list_queues_returns_every_queue_sorted(sqs: Any) -> None:
    for name in ["b", "a", "c.fifo", "B"]:
        attributes = {"FifoQueue": "true"} if name.endswith(".fifo") else {}
        sqs.create_queue(QueueName=name, Attributes=attributes)
    assert sqs.list_queues()["QueueUrls"] == [BASE_URL + n for n in ["B", "a", "b", "c.fifo"]]


def test_list_queues_prefix_is_case_sensitive(sqs: Any) -> None:
    for name in ["orders", "orders-dlq", "Orders-eu", "other"]:
        sqs.create_queue(QueueName=name)
    assert sqs.list_queues(QueueNamePrefix="orders")["QueueUrls"] == [
        BASE_URL + "orders",
        BASE_URL + "orders-dlq",
    ]
    assert sqs.list_queues(QueueNamePrefix="Orders")["QueueUrls"] == [BASE_URL + "Orders-eu"]
    assert "QueueUrls" not in sqs.list_queues(QueueNamePrefix="ORDERS")


def test_list_queues_prefix_matching_the_whole_name(sqs: Any, queue_url: str) -> None:
    assert sqs.list_queues(QueueNamePrefix="q")["QueueUrls"] == [queue_url]


@pytest.mark.parametrize("max_results", [1, 2, 3, 1000])
def test_list_queues_max_results_limits_a_page(sqs: Any, max_results: int) -> None:
    for i in range(3):
        sqs.create_queue(QueueName=f"q{i}")
    response = sqs.list_queues(MaxResults=max_results)
    assert response["QueueUrls"] == [BASE_URL + f"q{i}" for i in range(min(max_results, 3))]
    assert ("NextToken" in response) == (max_results < 3)


@pytest.mark.parametrize("max_results", [0, -1, 1001])
def test_list_queues_max_results_outside_1_to_1000_fails(sqs: Any, max_results: int) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.list_queues(MaxResults=max_results)
    error = excinfo.value.response["Error"]
    assert error["Code"] == "InvalidParameterValue"
    assert error["Message"].startswith(f"Value {max_results} for parameter MaxResults is invalid.")
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_list_queues_next_token_walks_every_page(sqs: Any) -> None:
    names = [f"queue-{i:02d}" for i in range(7)]
    for name in names:
        sqs.create_queue(QueueName=name)
    pages: list[list[str]] = []
    kwargs: dict[str, Any] = {"MaxResults": 3}
    while True:
        response = sqs.list_queues(**kwargs)
        pages.append(response["QueueUrls"])
        if "NextToken" not in response:
            break
        kwargs["NextToken"] = response["NextToken"]
    assert [len(page) for page in pages] == [3, 3, 1]
    assert [url for page in pages for url in page] == [BASE_URL + n for n in names]


def test_list_queues_pagination_keeps_the_prefix(sqs: Any) -> None:
    for name in ["a1", "a2", "a3", "b1"]:
        sqs.create_queue(QueueName=name)
    first = sqs.list_queues(QueueNamePrefix="a", MaxResults=2)
    second = sqs.list_queues(QueueNamePrefix="a", MaxResults=2, NextToken=first["NextToken"])
    assert first["QueueUrls"] == [BASE_URL + "a1", BASE_URL + "a2"]
    assert second["QueueUrls"] == [BASE_URL + "a3"]
    assert "NextToken" not in second


def test_list_queues_paginator(sqs: Any) -> None:
    names = [f"p{i}" for i in range(5)]
    for name in names:
        sqs.create_queue(QueueName=name)
    paginator = sqs.get_paginator("list_queues")
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 2}))
    assert [len(page["QueueUrls"]) for page in pages] == [2, 2, 1]
    everything = paginator.paginate(PaginationConfig={"PageSize": 2}).build_full_result()
    assert everything["QueueUrls"] == [BASE_URL + n for n in names]


def test_list_queues_without_max_results_returns_at_most_1000(sqs: Any) -> None:
    for i in range(1001):
        sqs.create_queue(QueueName=f"q{i:04d}")
    response = sqs.list_queues()
    assert len(response["QueueUrls"]) == 1000
    assert response["QueueUrls"][-1] == BASE_URL + "q0999"
    assert "NextToken" not in response


def test_list_queues_with_a_bad_next_token_fails(sqs: Any, queue_url: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.list_queues(MaxResults=1, NextToken="garbage!")
    assert excinfo.value.response["Error"]["Code"] == "InvalidParameterValue"


def test_list_queues_only_shows_the_callers_region_and_account(sqs: Any, queue_url: str) -> None:
    boto3.client("sqs", region_name="eu-west-1").create_queue(QueueName="eu")
    with mock_sqs(account_id=OTHER_ACCOUNT):
        boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="theirs")
    assert sqs.list_queues()["QueueUrls"] == [queue_url]


# -- PurgeQueue -------------------------------------------------------------------------------


def test_purge_deletes_visible_in_flight_and_delayed_messages(
    sqs: Any, queue_url: str, sqs_mock: SqsMock
) -> None:
    sqs_mock.clock.freeze()
    sqs.send_message(QueueUrl=queue_url, MessageBody="visible")
    sqs.send_message(QueueUrl=queue_url, MessageBody="in flight")
    sqs.send_message(QueueUrl=queue_url, MessageBody="delayed", DelaySeconds=60)
    sqs.receive_message(QueueUrl=queue_url)
    assert counters(sqs, queue_url) == (1, 1, 1)

    response = sqs.purge_queue(QueueUrl=queue_url)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert counters(sqs, queue_url) == (0, 0, 0)
    sqs_mock.clock.advance(3600)  # nothing comes back: not the delayed one, not the in-flight one
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)
    assert sqs_mock.queue("q").messages == []


def test_purge_on_a_fifo_queue(sqs: Any, fifo_url: str) -> None:
    sqs.send_message(
        QueueUrl=fifo_url, MessageBody="a", MessageGroupId="g", MessageDeduplicationId="1"
    )
    sqs.receive_message(QueueUrl=fifo_url)
    sqs.send_message(
        QueueUrl=fifo_url, MessageBody="b", MessageGroupId="g", MessageDeduplicationId="2"
    )
    sqs.purge_queue(QueueUrl=fifo_url)
    assert counters(sqs, fifo_url) == (0, 0, 0)
    sqs.send_message(
        QueueUrl=fifo_url, MessageBody="c", MessageGroupId="g", MessageDeduplicationId="3"
    )
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=fifo_url)["Messages"]] == ["c"]


def test_messages_sent_after_a_purge_survive(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="old")
    sqs.purge_queue(QueueUrl=queue_url)
    sqs.send_message(QueueUrl=queue_url, MessageBody="new")
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=queue_url)["Messages"]] == ["new"]


def test_second_purge_within_60_seconds_fails(sqs: Any, queue_url: str, sqs_mock: SqsMock) -> None:
    sqs.purge_queue(QueueUrl=queue_url)
    sqs_mock.clock.advance(59)
    with pytest.raises(sqs.exceptions.PurgeQueueInProgress) as excinfo:
        sqs.purge_queue(QueueUrl=queue_url)
    error = excinfo.value.response["Error"]
    assert error["Code"] == "AWS.SimpleQueueService.PurgeQueueInProgress"
    assert error["QueryErrorCode"] == "PurgeQueueInProgress"
    assert error["Message"] == "Only one PurgeQueue operation on q is allowed every 60 seconds."
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_refused_purge_deletes_nothing(sqs: Any, queue_url: str) -> None:
    sqs.purge_queue(QueueUrl=queue_url)
    sqs.send_message(QueueUrl=queue_url, MessageBody="kept")
    with pytest.raises(sqs.exceptions.PurgeQueueInProgress):
        sqs.purge_queue(QueueUrl=queue_url)
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=queue_url)["Messages"]] == ["kept"]


def test_purge_works_again_after_60_seconds(sqs: Any, queue_url: str, sqs_mock: SqsMock) -> None:
    sqs.purge_queue(QueueUrl=queue_url)
    sqs_mock.clock.advance(59)
    with pytest.raises(sqs.exceptions.PurgeQueueInProgress):
        sqs.purge_queue(QueueUrl=queue_url)
    sqs.send_message(QueueUrl=queue_url, MessageBody="gone")
    sqs_mock.clock.advance(1)
    sqs.purge_queue(QueueUrl=queue_url)
    assert counters(sqs, queue_url) == (0, 0, 0)


def test_purge_limit_is_per_queue(sqs: Any, queue_url: str) -> None:
    other = sqs.create_queue(QueueName="other")["QueueUrl"]
    sqs.purge_queue(QueueUrl=queue_url)
    response = sqs.purge_queue(QueueUrl=other)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_purge_message_names_the_fifo_queue(sqs: Any, fifo_url: str) -> None:
    sqs.purge_queue(QueueUrl=fifo_url)
    with pytest.raises(sqs.exceptions.PurgeQueueInProgress) as excinfo:
        sqs.purge_queue(QueueUrl=fifo_url)
    assert excinfo.value.response["Error"]["Message"] == (
        "Only one PurgeQueue operation on q.fifo is allowed every 60 seconds."
    )


# -- tags -------------------------------------------------------------------------------------


def test_untagged_queue_has_no_tags_key(sqs: Any, queue_url: str) -> None:
    response = sqs.list_queue_tags(QueueUrl=queue_url)
    assert "Tags" not in response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_tag_queue_adds_and_overwrites(sqs: Any, queue_url: str) -> None:
    sqs.tag_queue(QueueUrl=queue_url, Tags={"team": "a", "env": "dev"})
    sqs.tag_queue(QueueUrl=queue_url, Tags={"team": "b", "cost": "42"})
    assert sqs.list_queue_tags(QueueUrl=queue_url)["Tags"] == {
        "team": "b",
        "env": "dev",
        "cost": "42",
    }


def test_tag_keys_are_case_sensitive(sqs: Any, queue_url: str) -> None:
    sqs.tag_queue(QueueUrl=queue_url, Tags={"Env": "1", "env": "2"})
    assert sqs.list_queue_tags(QueueUrl=queue_url)["Tags"] == {"Env": "1", "env": "2"}


def test_untag_queue_removes_keys_and_ignores_missing_ones(sqs: Any, queue_url: str) -> None:
    sqs.tag_queue(QueueUrl=queue_url, Tags={"a": "1", "b": "2"})
    sqs.untag_queue(QueueUrl=queue_url, TagKeys=["a", "never-set"])
    assert sqs.list_queue_tags(QueueUrl=queue_url)["Tags"] == {"b": "2"}
    sqs.untag_queue(QueueUrl=queue_url, TagKeys=["b"])
    assert "Tags" not in sqs.list_queue_tags(QueueUrl=queue_url)


def test_tag_limits_at_the_boundary_are_accepted(sqs: Any, queue_url: str) -> None:
    tags = {"k" * 128: "v" * 256, "empty": ""}
    tags.update({f"t{i}": "x" for i in range(48)})
    sqs.tag_queue(QueueUrl=queue_url, Tags=tags)
    assert sqs.list_queue_tags(QueueUrl=queue_url)["Tags"] == tags
    assert len(tags) == 50


def test_tags_may_use_the_documented_characters(sqs: Any, queue_url: str) -> None:
    tags = {"a_b.c:d/e=f+g-h@i": "Ünïcödé value 1 _.:/=+-@", "key with spaces": "x"}
    sqs.tag_queue(QueueUrl=queue_url, Tags=tags)
    assert sqs.list_queue_tags(QueueUrl=queue_url)["Tags"] == tags


@pytest.mark.parametrize(
    "tags",
    [
        {"aws:team": "x"},
        {"AWS:team": "x"},
        {"k" * 129: "x"},
        {"key": "v" * 257},
        {"": "x"},
        {f"t{i}": "x" for i in range(51)},
    ],
    ids=["aws-prefix", "aws-prefix-upper", "key-129", "value-257", "empty-key", "51-tags"],
)
def test_invalid_tags_are_refused(sqs: Any, queue_url: str, tags: dict[str, str]) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.tag_queue(QueueUrl=queue_url, Tags=tags)
    assert excinfo.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert excinfo.value.response["Error"]["QueryErrorCode"] == "InvalidParameterValueException"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "Tags" not in sqs.list_queue_tags(QueueUrl=queue_url)


def test_tagging_beyond_50_in_total_is_refused(sqs: Any, queue_url: str) -> None:
    sqs.tag_queue(QueueUrl=queue_url, Tags={f"t{i}": "x" for i in range(50)})
    sqs.tag_queue(QueueUrl=queue_url, Tags={"t0": "overwritten"})  # still 50
    with pytest.raises(ClientError) as excinfo:
        sqs.tag_queue(QueueUrl=queue_url, Tags={"one-more": "x"})
    assert excinfo.value.response["Error"]["Code"] == "InvalidParameterValue"
    tags = sqs.list_queue_tags(QueueUrl=queue_url)["Tags"]
    assert len(tags) == 50
    assert tags["t0"] == "overwritten"


# -- AddPermission / RemovePermission ---------------------------------------------------------


def test_add_permission_writes_the_default_policy(sqs: Any, queue_url: str) -> None:
    arn = _arn(sqs, queue_url)
    sqs.add_permission(
        QueueUrl=queue_url, Label="send", AWSAccountIds=[OTHER_ACCOUNT], Actions=["SendMessage"]
    )
    assert _policy(sqs, queue_url) == {
        "Version": "2008-10-17",
        "Id": f"{arn}/SQSDefaultPolicy",
        "Statement": [
            {
                "Sid": "send",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"},
                "Action": "SQS:SendMessage",
                "Resource": arn,
            }
        ],
    }


def test_several_accounts_and_actions_become_lists(sqs: Any, queue_url: str) -> None:
    sqs.add_permission(
        QueueUrl=queue_url,
        Label="workers",
        AWSAccountIds=[OTHER_ACCOUNT, "111122223333"],
        Actions=["ReceiveMessage", "DeleteMessage"],
    )
    policy = _policy(sqs, queue_url)
    assert policy is not None
    (statement,) = policy["Statement"]
    assert statement["Principal"] == {
        "AWS": [f"arn:aws:iam::{OTHER_ACCOUNT}:root", "arn:aws:iam::111122223333:root"]
    }
    assert statement["Action"] == ["SQS:ReceiveMessage", "SQS:DeleteMessage"]


def test_add_permission_appends_statements(sqs: Any, queue_url: str) -> None:
    sqs.add_permission(QueueUrl=queue_url, Label="a", AWSAccountIds=[ACCOUNT], Actions=["*"])
    sqs.add_permission(
        QueueUrl=queue_url, Label="b", AWSAccountIds=[OTHER_ACCOUNT], Actions=["SendMessage"]
    )
    policy = _policy(sqs, queue_url)
    assert policy is not None
    assert [s["Sid"] for s in policy["Statement"]] == ["a", "b"]
    assert policy["Statement"][0]["Action"] == "SQS:*"


def test_add_permission_in_china_uses_the_china_partition(sqs_mock: SqsMock) -> None:
    cn = boto3.client("sqs", region_name="cn-north-1")
    url = cn.create_queue(QueueName="q")["QueueUrl"]
    cn.add_permission(QueueUrl=url, Label="l", AWSAccountIds=[OTHER_ACCOUNT], Actions=["*"])
    policy = _policy(cn, url)
    assert policy is not None
    assert policy["Id"] == f"arn:aws-cn:sqs:cn-north-1:{ACCOUNT}:q/SQSDefaultPolicy"
    assert policy["Statement"][0]["Principal"] == {"AWS": f"arn:aws-cn:iam::{OTHER_ACCOUNT}:root"}


def test_duplicate_label_is_refused(sqs: Any, queue_url: str) -> None:
    sqs.add_permission(QueueUrl=queue_url, Label="dup", AWSAccountIds=[ACCOUNT], Actions=["*"])
    with pytest.raises(ClientError) as excinfo:
        sqs.add_permission(
            QueueUrl=queue_url, Label="dup", AWSAccountIds=[OTHER_ACCOUNT], Actions=["*"]
        )
    error = excinfo.value.response["Error"]
    assert error["Code"] == "InvalidParameterValue"
    assert error["Message"] == "Value dup for parameter Label is invalid. Reason: Already exists."
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    policy = _policy(sqs, queue_url)
    assert policy is not None
    assert len(policy["Statement"]) == 1


def test_remove_permission_with_an_unknown_label_is_refused(sqs: Any, queue_url: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.remove_permission(QueueUrl=queue_url, Label="nope")
    error = excinfo.value.response["Error"]
    assert error["Code"] == "InvalidParameterValue"
    assert (
        error["Message"] == "Value nope for parameter Label is invalid. Reason: can't find label."
    )


def test_remove_permission_removes_one_statement(sqs: Any, queue_url: str) -> None:
    sqs.add_permission(QueueUrl=queue_url, Label="a", AWSAccountIds=[ACCOUNT], Actions=["*"])
    sqs.add_permission(QueueUrl=queue_url, Label="b", AWSAccountIds=[ACCOUNT], Actions=["*"])
    sqs.remove_permission(QueueUrl=queue_url, Label="a")
    policy = _policy(sqs, queue_url)
    assert policy is not None
    assert [s["Sid"] for s in policy["Statement"]] == ["b"]


def test_removing_the_last_statement_removes_the_policy(sqs: Any, queue_url: str) -> None:
    sqs.add_permission(QueueUrl=queue_url, Label="only", AWSAccountIds=[ACCOUNT], Actions=["*"])
    sqs.remove_permission(QueueUrl=queue_url, Label="only")
    response = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["Policy"])
    assert "Attributes" not in response
    all_attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])
    assert "Policy" not in all_attributes["Attributes"]
    with pytest.raises(ClientError) as excinfo:
        sqs.remove_permission(QueueUrl=queue_url, Label="only")
    assert excinfo.value.response["Error"]["Message"].endswith("Reason: can't find label.")


def test_label_can_be_reused_after_removal(sqs: Any, queue_url: str) -> None:
    sqs.add_permission(QueueUrl=queue_url, Label="l", AWSAccountIds=[ACCOUNT], Actions=["*"])
    sqs.remove_permission(QueueUrl=queue_url, Label="l")
    sqs.add_permission(
        QueueUrl=queue_url, Label="l", AWSAccountIds=[OTHER_ACCOUNT], Actions=["SendMessage"]
    )
    policy = _policy(sqs, queue_url)
    assert policy is not None
    assert policy["Statement"][0]["Action"] == "SQS:SendMessage"


def test_add_permission_keeps_an_existing_custom_policy(sqs: Any, queue_url: str) -> None:
    custom = {
        "Version": "2012-10-17",
        "Id": "custom-id",
        "Statement": [{"Sid": "mine", "Effect": "Deny", "Principal": "*", "Action": "sqs:*"}],
    }
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": json.dumps(custom)})
    sqs.add_permission(QueueUrl=queue_url, Label="extra", AWSAccountIds=[ACCOUNT], Actions=["*"])
    policy = _policy(sqs, queue_url)
    assert policy is not None
    assert policy["Version"] == "2012-10-17"
    assert policy["Id"] == "custom-id"
    assert [s["Sid"] for s in policy["Statement"]] == ["mine", "extra"]


def test_more_than_20_statements_is_over_limit(sqs: Any, queue_url: str) -> None:
    for i in range(20):
        sqs.add_permission(
            QueueUrl=queue_url, Label=f"l{i}", AWSAccountIds=[ACCOUNT], Actions=["*"]
        )
    with pytest.raises(sqs.exceptions.OverLimit) as excinfo:
        sqs.add_permission(QueueUrl=queue_url, Label="l20", AWSAccountIds=[ACCOUNT], Actions=["*"])
    assert excinfo.value.response["Error"]["Code"] == "OverLimit"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


@pytest.mark.parametrize("label", ["has space", "a" * 81, "dot.label"])
def test_invalid_label_is_refused(sqs: Any, queue_url: str, label: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.add_permission(QueueUrl=queue_url, Label=label, AWSAccountIds=[ACCOUNT], Actions=["*"])
    assert excinfo.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert excinfo.value.response["Error"]["Message"].startswith(
        f"Value {label} for parameter Label is invalid."
    )
    assert _policy(sqs, queue_url) is None


def test_label_of_80_characters_is_accepted(sqs: Any, queue_url: str) -> None:
    label = "L" * 80
    sqs.add_permission(QueueUrl=queue_url, Label=label, AWSAccountIds=[ACCOUNT], Actions=["*"])
    policy = _policy(sqs, queue_url)
    assert policy is not None
    assert policy["Statement"][0]["Sid"] == label
