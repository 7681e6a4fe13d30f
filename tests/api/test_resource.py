"""The boto3 resource API (``boto3.resource("sqs")``) and custom sessions, answered by the mock."""

from __future__ import annotations

from typing import Any

import boto3
import boto3.session
import pytest

from pytest_sqsmock import SqsMock

ACCOUNT = "123456789012"


@pytest.fixture
def sqs_resource(sqs_mock: SqsMock) -> Any:
    """Return a boto3 SQS service resource in us-east-1."""
    return boto3.resource("sqs", region_name="us-east-1")


def test_resource_create_queue_returns_a_queue(sqs_resource: Any) -> None:
    queue = sqs_resource.create_queue(QueueName="orders")
    assert queue.url == f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/orders"
    assert queue.attributes["QueueArn"] == f"arn:aws:sqs:us-east-1:{ACCOUNT}:orders"


def test_resource_queue_attributes(sqs_resource: Any) -> None:
    queue = sqs_resource.create_queue(QueueName="orders", Attributes={"VisibilityTimeout": "45"})
    attributes = queue.attributes
    assert attributes["VisibilityTimeout"] == "45"
    assert attributes["DelaySeconds"] == "0"
    assert attributes["ApproximateNumberOfMessages"] == "0"


def test_resource_send_receive_delete(sqs_resource: Any, sqs_mock: SqsMock) -> None:
    queue = sqs_resource.create_queue(QueueName="orders")
    sent = queue.send_message(MessageBody="hello")
    assert sent["MD5OfMessageBody"] == "5d41402abc4b2a76b9719d911017c592"

    messages = queue.receive_messages(MaxNumberOfMessages=10)
    assert [m.body for m in messages] == ["hello"]
    assert messages[0].message_id == sent["MessageId"]
    assert messages[0].queue_url == queue.url

    messages[0].delete()
    assert sqs_mock.queue("orders").messages == []
    assert queue.receive_messages() == []


def test_resource_message_attributes(sqs_resource: Any) -> None:
    queue = sqs_resource.create_queue(QueueName="orders")
    queue.send_message(
        MessageBody="with attributes",
        MessageAttributes={"kind": {"DataType": "String", "StringValue": "order"}},
    )
    (message,) = queue.receive_messages(
        MessageAttributeNames=["All"], MessageSystemAttributeNames=["ApproximateReceiveCount"]
    )
    assert message.message_attributes == {"kind": {"DataType": "String", "StringValue": "order"}}
    assert message.attributes == {"ApproximateReceiveCount": "1"}


def test_resource_change_visibility(sqs_resource: Any, sqs_mock: SqsMock) -> None:
    sqs_mock.clock.freeze()
    queue = sqs_resource.create_queue(QueueName="orders")
    queue.send_message(MessageBody="retry me")
    (message,) = queue.receive_messages()
    message.change_visibility(VisibilityTimeout=0)
    (again,) = queue.receive_messages()
    assert again.body == "retry me"
    assert again.receipt_handle != message.receipt_handle


def test_resource_batch_send(sqs_resource: Any) -> None:
    queue = sqs_resource.create_queue(QueueName="orders")
    result = queue.send_messages(Entries=[{"Id": str(i), "MessageBody": f"m{i}"} for i in range(3)])
    assert [entry["Id"] for entry in result["Successful"]] == ["0", "1", "2"]
    assert result["Failed"] == []
    bodies = sorted(m.body for m in queue.receive_messages(MaxNumberOfMessages=10))
    assert bodies == ["m0", "m1", "m2"]


def test_resource_set_attributes_and_reload(sqs_resource: Any) -> None:
    queue = sqs_resource.create_queue(QueueName="orders")
    assert queue.attributes["VisibilityTimeout"] == "30"
    queue.set_attributes(Attributes={"VisibilityTimeout": "5"})
    queue.reload()
    assert queue.attributes["VisibilityTimeout"] == "5"


def test_resource_get_queue_by_name_and_collections(sqs_resource: Any) -> None:
    created = sqs_resource.create_queue(QueueName="orders")
    sqs_resource.create_queue(QueueName="other")
    assert sqs_resource.get_queue_by_name(QueueName="orders").url == created.url
    assert [q.url for q in sqs_resource.queues.all()] == [
        f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/orders",
        f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/other",
    ]
    assert [q.url for q in sqs_resource.queues.filter(QueueNamePrefix="oth")] == [
        f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/other"
    ]


def test_resource_purge_and_delete(sqs_resource: Any) -> None:
    queue = sqs_resource.create_queue(QueueName="orders")
    queue.send_message(MessageBody="x")
    queue.purge()
    assert queue.receive_messages() == []
    queue.delete()
    client = sqs_resource.meta.client
    with pytest.raises(client.exceptions.QueueDoesNotExist):
        sqs_resource.get_queue_by_name(QueueName="orders")


def test_resource_errors_are_modeled_exceptions(sqs_resource: Any) -> None:
    client = sqs_resource.meta.client
    with pytest.raises(client.exceptions.QueueDoesNotExist) as excinfo:
        sqs_resource.get_queue_by_name(QueueName="missing")
    assert excinfo.value.response["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue"


def test_resource_fifo_queue(sqs_resource: Any) -> None:
    queue = sqs_resource.create_queue(
        QueueName="orders.fifo",
        Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"},
    )
    first = queue.send_message(MessageBody="a", MessageGroupId="g")
    duplicate = queue.send_message(MessageBody="a", MessageGroupId="g")
    assert duplicate["MessageId"] == first["MessageId"]
    assert "SequenceNumber" in first
    assert [m.body for m in queue.receive_messages(MaxNumberOfMessages=10)] == ["a"]


# -- custom sessions --------------------------------------------------------------------------


@pytest.fixture
def session(sqs_mock: SqsMock) -> boto3.session.Session:
    """Return a session with made-up credentials in eu-west-1."""
    return boto3.session.Session(
        aws_access_key_id="x", aws_secret_access_key="y", region_name="eu-west-1"
    )


def test_custom_session_client(session: boto3.session.Session) -> None:
    client = session.client("sqs")
    url = client.create_queue(QueueName="q")["QueueUrl"]
    assert url == f"https://sqs.eu-west-1.amazonaws.com/{ACCOUNT}/q"
    client.send_message(QueueUrl=url, MessageBody="from a session")
    messages = client.receive_message(QueueUrl=url)["Messages"]
    assert [m["Body"] for m in messages] == ["from a session"]


def test_custom_session_resource(session: boto3.session.Session) -> None:
    resource = session.resource("sqs")
    queue = resource.create_queue(QueueName="q")
    assert queue.url == f"https://sqs.eu-west-1.amazonaws.com/{ACCOUNT}/q"
    assert queue.attributes["QueueArn"] == f"arn:aws:sqs:eu-west-1:{ACCOUNT}:q"
    queue.send_message(MessageBody="hi")
    (message,) = queue.receive_messages()
    assert message.body == "hi"
    message.delete()
    assert queue.attributes["ApproximateNumberOfMessagesNotVisible"] == "0"


def test_custom_session_shares_state_with_other_clients(
    session: boto3.session.Session, sqs_mock: SqsMock
) -> None:
    session.client("sqs").create_queue(QueueName="shared")
    eu_default = boto3.client("sqs", region_name="eu-west-1")
    us_default = boto3.client("sqs", region_name="us-east-1")
    assert eu_default.get_queue_url(QueueName="shared")["QueueUrl"].endswith("/shared")
    assert "QueueUrls" not in us_default.list_queues()
    assert sqs_mock.queue("shared").messages == []


def test_session_region_override_on_the_client(session: boto3.session.Session) -> None:
    client = session.client("sqs", region_name="ap-northeast-1")
    url = client.create_queue(QueueName="q")["QueueUrl"]
    assert url == f"https://sqs.ap-northeast-1.amazonaws.com/{ACCOUNT}/q"
    assert "QueueUrls" not in session.client("sqs").list_queues()
