"""Every kind of async client is answered by the mock: aiobotocore and aioboto3, clients and
resources, made before or inside the mock, sharing one simulation with sync boto3 clients."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import aioboto3
import aiobotocore.session
import boto3
import pytest
from aiobotocore.session import get_session

from pytest_sqsmock import SqsMock, mock_sqs

pytestmark = pytest.mark.anyio

FAKE_CREDENTIALS = {"aws_access_key_id": "AKIAFAKE", "aws_secret_access_key": "fake-secret"}

ClientFactory = Callable[[], contextlib.AbstractAsyncContextManager[Any]]

CLIENT_FACTORIES: dict[str, ClientFactory] = {
    "aiobotocore get_session": lambda: get_session().create_client("sqs", region_name="us-east-1"),
    "aiobotocore AioSession": lambda: aiobotocore.session.AioSession().create_client(
        "sqs", region_name="us-east-1"
    ),
    "aiobotocore explicit credentials": lambda: get_session().create_client(
        "sqs", region_name="us-east-1", **FAKE_CREDENTIALS
    ),
    "aioboto3 Session client": lambda: aioboto3.Session(region_name="us-east-1").client("sqs"),
    "aioboto3 client region": lambda: aioboto3.Session().client("sqs", region_name="us-east-1"),
}


@pytest.fixture(params=CLIENT_FACTORIES.values(), ids=CLIENT_FACTORIES.keys())
async def client(request: pytest.FixtureRequest, sqs_mock: SqsMock) -> AsyncIterator[Any]:
    """Return an async SQS client of each kind, inside this test's mock."""
    async with request.param() as made:
        yield made


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


# -- every operation family, through every kind of client ----------------------------------------


async def test_create_send_receive_delete(client: Any, sqs_mock: SqsMock) -> None:
    url = (await client.create_queue(QueueName="orders"))["QueueUrl"]
    assert url == "https://sqs.us-east-1.amazonaws.com/123456789012/orders"
    sent = await client.send_message(QueueUrl=url, MessageBody="order 1")
    assert sent["MD5OfMessageBody"] == md5("order 1")
    assert sent["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert sqs_mock.queue("orders").bodies == ["order 1"]

    received = await client.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
    [message] = received["Messages"]
    assert message["Body"] == "order 1"
    assert message["MessageId"] == sent["MessageId"]
    assert [m.body for m in sqs_mock.queue("orders").in_flight] == ["order 1"]

    await client.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    sqs_mock.queue("orders").assert_empty()
    assert sqs_mock.calls.operations == [
        "CreateQueue",
        "SendMessage",
        "ReceiveMessage",
        "DeleteMessage",
    ]
    sqs_mock.assert_no_errors()


async def test_batches(client: Any, sqs_mock: SqsMock) -> None:
    url = (await client.create_queue(QueueName="batch"))["QueueUrl"]
    sent = await client.send_message_batch(
        QueueUrl=url,
        Entries=[
            {"Id": "a", "MessageBody": "first"},
            {"Id": "b", "MessageBody": "second"},
            {"Id": "bad", "MessageBody": "bell\x07"},
        ],
    )
    assert [e["Id"] for e in sent["Successful"]] == ["a", "b"]
    assert [(e["Id"], e["Code"], e["SenderFault"]) for e in sent["Failed"]] == [
        ("bad", "InvalidMessageContents", True)
    ]
    received = (await client.receive_message(QueueUrl=url, MaxNumberOfMessages=10))["Messages"]
    assert sorted(m["Body"] for m in received) == ["first", "second"]

    changed = await client.change_message_visibility_batch(
        QueueUrl=url,
        Entries=[
            {"Id": "a", "ReceiptHandle": received[0]["ReceiptHandle"], "VisibilityTimeout": 0}
        ],
    )
    assert [e["Id"] for e in changed["Successful"]] == ["a"]
    assert len(sqs_mock.queue("batch").visible) == 1

    deleted = await client.delete_message_batch(
        QueueUrl=url,
        Entries=[
            {"Id": "x", "ReceiptHandle": received[1]["ReceiptHandle"]},
            {"Id": "y", "ReceiptHandle": "nonsense"},
        ],
    )
    assert [e["Id"] for e in deleted["Successful"]] == ["x"]
    assert [(e["Id"], e["Code"]) for e in deleted["Failed"]] == [("y", "ReceiptHandleIsInvalid")]
    assert sqs_mock.queue("batch").bodies == [received[0]["Body"]]


async def test_attributes_tags_and_listing(client: Any, sqs_mock: SqsMock) -> None:
    url = (
        await client.create_queue(
            QueueName="attrs", Attributes={"VisibilityTimeout": "45"}, tags={"team": "core"}
        )
    )["QueueUrl"]
    await client.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "3"})
    attributes = (await client.get_queue_attributes(QueueUrl=url, AttributeNames=["All"]))[
        "Attributes"
    ]
    assert attributes["VisibilityTimeout"] == "45"
    assert attributes["DelaySeconds"] == "3"
    assert attributes["QueueArn"] == "arn:aws:sqs:us-east-1:123456789012:attrs"
    assert sqs_mock.queue("attrs").attributes["DelaySeconds"] == "3"

    await client.tag_queue(QueueUrl=url, Tags={"env": "test"})
    assert (await client.list_queue_tags(QueueUrl=url))["Tags"] == {"team": "core", "env": "test"}
    assert (await client.list_queues(QueueNamePrefix="att"))["QueueUrls"] == [url]
    assert (await client.get_queue_url(QueueName="attrs"))["QueueUrl"] == url


async def test_message_attributes_and_system_attributes(client: Any) -> None:
    url = (await client.create_queue(QueueName="meta"))["QueueUrl"]
    attributes = {
        "kind": {"DataType": "String", "StringValue": "created"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
    }
    sent = await client.send_message(QueueUrl=url, MessageBody="m", MessageAttributes=attributes)
    [message] = (
        await client.receive_message(
            QueueUrl=url, MessageAttributeNames=["All"], MessageSystemAttributeNames=["All"]
        )
    )["Messages"]
    assert message["MessageAttributes"] == attributes
    assert message["MD5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]
    assert message["Attributes"]["ApproximateReceiveCount"] == "1"
    assert message["Attributes"]["SenderId"].startswith("AIDA")


# -- the same answers as a sync client -----------------------------------------------------------


async def test_async_and_sync_clients_get_the_same_answers(aio_sqs: Any) -> None:
    sync = boto3.client("sqs", region_name="us-east-1")
    request = {
        "MessageBody": '{"id": 1}',
        "MessageAttributes": {"n": {"DataType": "Number", "StringValue": "7"}},
        "MessageSystemAttributes": {
            "AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-5759e988-bd862e3fe"}
        },
    }
    sync_url = sync.create_queue(QueueName="sync")["QueueUrl"]
    aio_url = (await aio_sqs.create_queue(QueueName="aio"))["QueueUrl"]
    from_sync = sync.send_message(QueueUrl=sync_url, **request)
    from_aio = await aio_sqs.send_message(QueueUrl=aio_url, **request)

    def comparable(response: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in response.items() if k not in ("MessageId", "ResponseMetadata")}
        out["HTTPStatusCode"] = response["ResponseMetadata"]["HTTPStatusCode"]
        return out

    assert comparable(from_aio) == comparable(from_sync)
    assert set(from_aio["ResponseMetadata"]) == set(from_sync["ResponseMetadata"])

    def received(response: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {k: v for k, v in m.items() if k not in ("MessageId", "ReceiptHandle", "Attributes")}
            | {"Attributes": sorted(m["Attributes"])}
            for m in response["Messages"]
        ]

    options = {"MessageAttributeNames": ["All"], "MessageSystemAttributeNames": ["All"]}
    sync_received = sync.receive_message(QueueUrl=sync_url, **options)
    aio_received = await aio_sqs.receive_message(QueueUrl=aio_url, **options)
    assert received(aio_received) == received(sync_received)
    assert "AWSTraceHeader" in aio_received["Messages"][0]["Attributes"]


async def test_async_and_sync_clients_share_one_simulation(
    aio_sqs: Any, aio_queue_url: str
) -> None:
    sync = boto3.client("sqs", region_name="us-east-1")
    sync.send_message(QueueUrl=aio_queue_url, MessageBody="from sync")
    [message] = (await aio_sqs.receive_message(QueueUrl=aio_queue_url))["Messages"]
    assert message["Body"] == "from sync"
    sync.delete_message(QueueUrl=aio_queue_url, ReceiptHandle=message["ReceiptHandle"])
    attributes = (
        await aio_sqs.get_queue_attributes(
            QueueUrl=aio_queue_url, AttributeNames=["ApproximateNumberOfMessagesNotVisible"]
        )
    )["Attributes"]
    assert attributes == {"ApproximateNumberOfMessagesNotVisible": "0"}


# -- clients made at other moments ---------------------------------------------------------------


async def test_client_made_before_the_mock_started_is_answered(
    network_attempts: list[object],
) -> None:
    async with get_session().create_client(
        "sqs", region_name="eu-west-1", **FAKE_CREDENTIALS
    ) as early:
        with mock_sqs() as mock:
            url = (await early.create_queue(QueueName="early"))["QueueUrl"]
            await early.send_message(QueueUrl=url, MessageBody="hi")
            assert mock.queue(url).bodies == ["hi"]
            assert [call.region for call in mock.calls] == ["eu-west-1", "eu-west-1"]
    assert url == "https://sqs.eu-west-1.amazonaws.com/123456789012/early"
    assert network_attempts == []


async def test_client_without_credentials_or_region_is_answered(
    sqs_mock: SqsMock, network_attempts: list[object]
) -> None:
    # the mock gives region-less clients its region; no credentials are looked for on the network
    async with get_session().create_client("sqs") as bare:
        url = (await bare.create_queue(QueueName="bare"))["QueueUrl"]
    assert url == "https://sqs.us-east-1.amazonaws.com/123456789012/bare"
    assert sqs_mock.queue("bare").name == "bare"
    assert network_attempts == []


async def test_client_outside_any_mock_goes_to_the_network(
    network_attempts: list[object],
) -> None:
    from aiobotocore.config import AioConfig
    from botocore.exceptions import EndpointConnectionError

    config = AioConfig(retries={"total_max_attempts": 1})
    async with get_session().create_client(
        "sqs", region_name="us-east-1", config=config, **FAKE_CREDENTIALS
    ) as outside:
        with pytest.raises(EndpointConnectionError):
            await outside.list_queues()
    assert network_attempts  # the guard refused it: the mock was not active


# -- aioboto3 resources --------------------------------------------------------------------------


async def test_aioboto3_resource(sqs_mock: SqsMock) -> None:
    session = aioboto3.Session(region_name="us-east-1")
    async with session.resource("sqs") as sqs:
        queue = await sqs.create_queue(QueueName="jobs", Attributes={"VisibilityTimeout": "60"})
        assert queue.url == "https://sqs.us-east-1.amazonaws.com/123456789012/jobs"
        sent = await queue.send_message(MessageBody="job 1")
        batch = await queue.send_messages(
            Entries=[{"Id": "2", "MessageBody": "job 2"}, {"Id": "3", "MessageBody": "job 3"}]
        )
        assert [e["Id"] for e in batch["Successful"]] == ["2", "3"]
        assert sqs_mock.queue("jobs").bodies == ["job 1", "job 2", "job 3"]

        same = await sqs.get_queue_by_name(QueueName="jobs")
        assert same.url == queue.url
        assert (await same.attributes)["VisibilityTimeout"] == "60"

        messages = await queue.receive_messages(MaxNumberOfMessages=10)
        assert sorted([await m.body for m in messages]) == ["job 1", "job 2", "job 3"]
        by_id = {await m.message_id: m for m in messages}
        await by_id[sent["MessageId"]].delete()
        assert sorted(sqs_mock.queue("jobs").bodies) == ["job 2", "job 3"]

        with pytest.raises(sqs.meta.client.exceptions.QueueDoesNotExist) as excinfo:
            await sqs.get_queue_by_name(QueueName="missing")
    error = excinfo.value.response
    assert error["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
