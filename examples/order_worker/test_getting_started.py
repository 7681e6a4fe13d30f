"""The examples of docs/getting-started.md, verbatim, so every snippet there is known to work.

Keep the two in step: change a snippet here and in the guide together.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import boto3
import pytest
import time_machine
from freezegun import freeze_time

from pytest_sqsmock import Clock, ClockError, SqsMock, mock_sqs

# -- Two ways to use it --------------------------------------------------------------------------


def test_send_and_receive(sqs_mock: SqsMock) -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]

    sqs.send_message(QueueUrl=url, MessageBody='{"order_id": "o-1"}')

    [message] = sqs.receive_message(QueueUrl=url)["Messages"]
    assert message["Body"] == '{"order_id": "o-1"}'


@mock_sqs
def test_new_queue_is_empty() -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]

    assert "Messages" not in sqs.receive_message(QueueUrl=url)


def test_with_a_context_manager() -> None:
    with mock_sqs() as sqs_mock:
        sqs = boto3.client("sqs", region_name="us-east-1")
        url = sqs.create_queue(QueueName="orders")["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="hello")

        assert sqs_mock.queue("orders").bodies == ["hello"]


# -- A complete first test -----------------------------------------------------------------------


def notify_shipped(sqs: Any, queue_url: str, order_id: str) -> str:
    """The code under test: tell the shipping service that an order left the warehouse."""
    response = sqs.send_message(
        QueueUrl=queue_url,
        MessageBody=json.dumps({"order_id": order_id, "status": "shipped"}),
        MessageAttributes={"event": {"DataType": "String", "StringValue": "order.shipped"}},
    )
    message_id: str = response["MessageId"]
    return message_id


def test_notify_shipped_sends_one_event(sqs_mock: SqsMock) -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="shipping-events")["QueueUrl"]

    message_id = notify_shipped(sqs, url, "o-1")

    [message] = sqs_mock.queue("shipping-events").messages
    assert message.message_id == message_id
    assert message.json() == {"order_id": "o-1", "status": "shipped"}
    assert message.message_attributes["event"] == {
        "DataType": "String",
        "StringValue": "order.shipped",
    }


# -- Assertions with views -----------------------------------------------------------------------


def test_queue_views(sqs_mock: SqsMock) -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="first")
    sqs.send_message(QueueUrl=url, MessageBody="second")
    sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=60)
    sqs.receive_message(QueueUrl=url)  # takes "first", oldest first

    orders = sqs_mock.queue("orders")  # by name, URL or ARN
    assert orders.bodies == ["first", "second", "later"]
    assert [m.body for m in orders.in_flight] == ["first"]
    assert [m.body for m in orders.visible] == ["second"]
    assert [m.body for m in orders.delayed] == ["later"]
    assert len(orders) == 3

    first = orders.in_flight[0]
    assert first.state == "in_flight"
    assert first.receive_count == 1
    assert first.first_received_at is not None
    assert first.visible_at == first.first_received_at + timedelta(seconds=30)
    assert first.attributes["ApproximateReceiveCount"] == "1"


# -- The call log --------------------------------------------------------------------------------


def test_call_log(sqs_mock: SqsMock) -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="hello")
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName="missing")

    assert [call.operation for call in sqs_mock.calls] == [
        "CreateQueue",
        "SendMessage",
        "GetQueueUrl",
    ]
    send = sqs_mock.calls[1]
    assert send.queue_name == "orders"
    assert send.params["MessageBody"] == "hello"
    assert send.response is not None
    assert send.response["MD5OfMessageBody"] == "5d41402abc4b2a76b9719d911017c592"

    failed = sqs_mock.calls[2]
    assert not failed.ok
    assert failed.error is not None
    assert failed.error.code == "AWS.SimpleQueueService.NonExistentQueue"


# -- Time travel ---------------------------------------------------------------------------------


def test_message_comes_back_after_visibility_timeout(sqs_mock: SqsMock) -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="jobs", Attributes={"VisibilityTimeout": "30"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="resize image 42")
    sqs.receive_message(QueueUrl=url)  # in flight for 30 seconds; never deleted

    sqs_mock.clock.advance(29)
    assert "Messages" not in sqs.receive_message(QueueUrl=url)

    sqs_mock.clock.advance(1)
    [again] = sqs.receive_message(
        QueueUrl=url, MessageSystemAttributeNames=["ApproximateReceiveCount"]
    )["Messages"]
    assert again["Attributes"]["ApproximateReceiveCount"] == "2"


def test_long_poll_returns_at_once_on_a_frozen_clock(sqs_clock: Clock) -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    before = sqs_clock.now()

    response = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=20)

    assert "Messages" not in response
    assert sqs_clock.now() == before  # no time passed, real or simulated


@freeze_time("2024-01-01 12:00:00")
def test_retention_with_freezegun(sqs_mock: SqsMock) -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="audit", Attributes={"MessageRetentionPeriod": "60"})[
        "QueueUrl"
    ]
    sqs.send_message(QueueUrl=url, MessageBody="login")
    [message] = sqs_mock.queue("audit").messages
    assert message.sent_at == datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc)

    sqs_mock.clock.advance(timedelta(minutes=1))  # ticks the freezegun freeze

    assert datetime.now(timezone.utc) == datetime(2024, 1, 1, 12, 1, tzinfo=timezone.utc)
    assert sqs_mock.queue("audit").messages == []


def test_advance_shifts_a_time_machine_travel(sqs_mock: SqsMock) -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    with time_machine.travel(datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc), tick=False):
        sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=60)
        sqs_mock.clock.advance(60)

        assert datetime.now(timezone.utc) == datetime(2024, 1, 1, 12, 1, tzinfo=timezone.utc)
        assert sqs_mock.queue("jobs").bodies == ["later"]
        assert [m.body for m in sqs_mock.queue("jobs").visible] == ["later"]


def test_time_only_moves_forward(sqs_mock: SqsMock) -> None:
    with pytest.raises(ClockError, match=r"cannot move time backwards \(got -1 s\)"):
        sqs_mock.clock.advance(-1)


# -- Clients created before the mock -------------------------------------------------------------

# A client made when the module is imported, before any mock starts, as application code does.
sqs_at_import = boto3.client("sqs", region_name="us-east-1")


def test_client_created_before_the_mock(sqs_mock: SqsMock) -> None:
    sqs_at_import.create_queue(QueueName="orders")

    assert sqs_mock.queue("orders").name == "orders"


ATTACH_SCRIPT = """\
import boto3

session = boto3.session.Session()  # created before pytest_sqsmock was imported

from pytest_sqsmock import attach, mock_sqs

with mock_sqs():
    sqs = attach(session.client("sqs", region_name="us-east-1"))
    print(sqs.create_queue(QueueName="orders")["QueueUrl"])
"""


def _run_offline(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "script.py"
    path.write_text(script)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_CONFIG_FILE=str(tmp_path / "no-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "no-credentials"),
        AWS_EC2_METADATA_DISABLED="true",
    )
    return subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, env=env, timeout=60
    )


def test_attach_a_client_from_an_older_session(tmp_path: Path) -> None:
    result = _run_offline(ATTACH_SCRIPT, tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "https://sqs.us-east-1.amazonaws.com/123456789012/orders\n"


def test_without_attach_the_older_session_goes_to_aws(tmp_path: Path) -> None:
    result = _run_offline(ATTACH_SCRIPT.replace("attach(", "("), tmp_path)

    assert result.returncode == 1
    assert "botocore.exceptions.NoCredentialsError" in result.stderr


# -- Regions and accounts ------------------------------------------------------------------------


def test_regions_and_accounts() -> None:
    with mock_sqs(region="eu-west-1", account_id="111122223333") as sqs_mock:
        sqs = boto3.client("sqs", region_name="eu-west-1")
        url = sqs.create_queue(QueueName="orders")["QueueUrl"]

        assert url == "https://sqs.eu-west-1.amazonaws.com/111122223333/orders"
        assert sqs_mock.queue("orders").arn == "arn:aws:sqs:eu-west-1:111122223333:orders"

        us_east = boto3.client("sqs", region_name="us-east-1")
        assert "QueueUrls" not in us_east.list_queues()  # every region has its own queues


def test_views_are_snapshots_and_clock_is_aware_utc(sqs_mock: SqsMock) -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="hello")
    snapshot = sqs_mock.queue("orders").messages

    sqs.purge_queue(QueueUrl=url)

    assert [m.body for m in snapshot] == ["hello"]  # a MessageView list does not change
    assert sqs_mock.queue("orders").messages == []
    assert sqs_mock.clock.now().tzinfo == dt.timezone.utc


def test_mock_options_in_a_decorator() -> None:
    @mock_sqs(region="ap-southeast-2", account_id="444455556666")
    def create() -> str:
        sqs = boto3.client("sqs", region_name="ap-southeast-2")
        url: str = sqs.create_queue(QueueName="orders")["QueueUrl"]
        return url

    assert create() == "https://sqs.ap-southeast-2.amazonaws.com/444455556666/orders"
