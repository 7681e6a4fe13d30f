"""Alongside moto: with ``moto.mock_aws()`` also active, SQS is ours and every other service moto's.

moto is an optional test dependency (the ``bench`` extra); without it these tests are skipped.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import requests

from pytest_sqsmock import SqsMock, mock_sqs

from .helpers import ACCOUNT

moto = pytest.importorskip("moto")

REGION = "us-east-1"


def moto_sqs_queues() -> dict[str, Any]:
    """Return the queues in moto's own SQS backend (for this account and region)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sqs.models import sqs_backends

    queues: dict[str, Any] = sqs_backends[DEFAULT_ACCOUNT_ID][REGION].queues
    return queues


@pytest.fixture(params=["moto outside", "moto inside"])
def both(request: pytest.FixtureRequest) -> Iterator[SqsMock]:
    """Start moto's mock_aws and pytest-sqsmock, nested in either order; return our mock."""
    with contextlib.ExitStack() as stack:
        if request.param == "moto outside":
            stack.enter_context(moto.mock_aws())
            ours = stack.enter_context(mock_sqs())
        else:
            ours = stack.enter_context(mock_sqs())
            stack.enter_context(moto.mock_aws())
        yield ours


def test_sqs_goes_to_pytest_sqsmock(both: SqsMock) -> None:
    sqs = boto3.client("sqs", region_name=REGION)
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="ours")
    (message,) = sqs.receive_message(QueueUrl=url)["Messages"]

    assert message["Body"] == "ours"
    assert url == f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/orders"
    assert both.calls.operations == ["CreateQueue", "SendMessage", "ReceiveMessage"]
    assert [m.body for m in both.queue("orders").in_flight] == ["ours"]
    assert moto_sqs_queues() == {}


def test_other_services_go_to_moto(both: SqsMock) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="reports-bucket")
    s3.put_object(Bucket="reports-bucket", Key="day-1.json", Body=b'{"orders": 3}')
    stored = s3.get_object(Bucket="reports-bucket", Key="day-1.json")["Body"].read()
    assert stored == b'{"orders": 3}'

    sns = boto3.client("sns", region_name=REGION)
    topic = sns.create_topic(Name="order-events")["TopicArn"]
    assert topic == f"arn:aws:sns:{REGION}:{ACCOUNT}:order-events"
    assert [t["TopicArn"] for t in sns.list_topics()["Topics"]] == [topic]

    assert both.calls == []


def test_an_application_using_sqs_and_s3(both: SqsMock) -> None:
    sqs = boto3.client("sqs", region_name=REGION)
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="uploads-bucket")
    url = sqs.create_queue(QueueName="uploads")["QueueUrl"]

    # producer: store an object, announce it on the queue
    s3.put_object(Bucket="uploads-bucket", Key="a.txt", Body=b"payload")
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"key": "a.txt"}))

    # consumer: read the announcement, fetch the object
    (message,) = sqs.receive_message(QueueUrl=url)["Messages"]
    key = json.loads(message["Body"])["key"]
    assert s3.get_object(Bucket="uploads-bucket", Key=key)["Body"].read() == b"payload"
    sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])

    both.queue("uploads").assert_empty()
    both.assert_sent("uploads", json={"key": "a.txt"}, count=1)
    assert moto_sqs_queues() == {}


def test_requests_to_sqs_go_to_pytest_sqsmock(both: SqsMock) -> None:
    response = requests.post(
        f"https://sqs.{REGION}.amazonaws.com/",
        data={"Action": "CreateQueue", "QueueName": "by-requests"},
        timeout=10,
    )
    assert response.status_code == 200
    assert both.calls.operations == ["CreateQueue"]
    assert both.queue("by-requests").name == "by-requests"
    assert moto_sqs_queues() == {}


def test_sqs_goes_back_to_moto_when_our_mock_stops() -> None:
    with moto.mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        with mock_sqs() as ours:
            sqs.create_queue(QueueName="ours")
        sqs.create_queue(QueueName="motos")
        assert set(moto_sqs_queues()) == {"motos"}
        assert ours.calls.operations == ["CreateQueue"]


def test_sqs_stays_ours_when_moto_stops() -> None:
    with mock_sqs() as ours:
        sqs = boto3.client("sqs", region_name=REGION)
        with moto.mock_aws():
            sqs.create_queue(QueueName="during")
        sqs.create_queue(QueueName="after")
        assert [q.name for q in ours.queues()] == ["after", "during"]
