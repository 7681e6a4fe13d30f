"""``mock_sqs(wire=True)``: answered at ``before-send``, so botocore's whole path runs.

The request is serialized and signed, the answer goes through botocore's HTTP parser and retry
handler — and the results are exactly those of the default ``before-call`` fast path.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import ClientError
from freezegun import freeze_time

from pytest_sqsmock import SqsMock, mock_sqs

_CREDENTIALS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
_VOLATILE = {"MessageId", "ReceiptHandle", "ResponseMetadata", "SequenceNumber"}


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credentials anywhere: wire mode must provide its own while it runs."""
    for name in (*_CREDENTIALS, "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/pytest-sqsmock/config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/pytest-sqsmock/credentials")


def _strip(value: Any) -> Any:
    """Drop what differs between any two runs (ids, handles, request metadata)."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in _VOLATILE}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _scenario(sqs: Any) -> list[Any]:
    """Exercise many operations; return every answer (or error) in order."""
    out: list[Any] = []

    def record(call: Callable[[], Any]) -> Any:
        try:
            answer = call()
        except ClientError as error:
            out.append(("error", type(error).__name__, error.response["Error"]))
            out.append(error.response["ResponseMetadata"]["HTTPStatusCode"])
            return None
        out.append(_strip(answer))
        return answer

    url = record(lambda: sqs.create_queue(QueueName="jobs", tags={"team": "a"}))["QueueUrl"]
    fifo = record(
        lambda: sqs.create_queue(
            QueueName="jobs.fifo",
            Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"},
        )
    )["QueueUrl"]
    record(lambda: sqs.get_queue_url(QueueName="jobs"))
    record(lambda: sqs.list_queues(QueueNamePrefix="jobs"))
    record(lambda: sqs.list_queue_tags(QueueUrl=url))
    record(
        lambda: sqs.send_message(
            QueueUrl=url,
            MessageBody=json.dumps({"job": 1}),
            MessageAttributes={
                "kind": {"DataType": "String", "StringValue": "report"},
                "size": {"DataType": "Number", "StringValue": "42"},
                "blob": {"DataType": "Binary", "BinaryValue": b"\x00\xff"},
            },
        )
    )
    record(
        lambda: sqs.send_message_batch(
            QueueUrl=url,
            Entries=[{"Id": "a", "MessageBody": "x"}, {"Id": "b", "MessageBody": "y"}],
        )
    )
    record(lambda: sqs.send_message(QueueUrl=fifo, MessageBody="f", MessageGroupId="g"))
    received = record(
        lambda: sqs.receive_message(
            QueueUrl=url,
            MaxNumberOfMessages=10,
            MessageAttributeNames=["All"],
            MessageSystemAttributeNames=["ApproximateReceiveCount"],
        )
    )
    handles = [m["ReceiptHandle"] for m in received["Messages"]]
    record(
        lambda: sqs.change_message_visibility(
            QueueUrl=url, ReceiptHandle=handles[0], VisibilityTimeout=60
        )
    )
    record(lambda: sqs.delete_message(QueueUrl=url, ReceiptHandle=handles[1]))
    record(
        lambda: sqs.delete_message_batch(
            QueueUrl=url,
            Entries=[{"Id": "c", "ReceiptHandle": handles[2]}, {"Id": "bad", "ReceiptHandle": "x"}],
        )
    )
    record(lambda: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"]))
    record(lambda: sqs.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "5"}))
    record(lambda: sqs.purge_queue(QueueUrl=url))
    # errors, each of its own kind
    record(lambda: sqs.get_queue_url(QueueName="missing"))
    record(lambda: sqs.purge_queue(QueueUrl=url))
    record(lambda: sqs.send_message(QueueUrl=url, MessageBody=""))
    record(lambda: sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=11))
    record(lambda: sqs.delete_message(QueueUrl=url, ReceiptHandle="nonsense"))
    record(lambda: sqs.send_message(QueueUrl=fifo, MessageBody="no group"))
    record(lambda: sqs.delete_queue(QueueUrl=fifo))
    return out


def _run(wire: bool) -> list[Any]:
    # Both runs at the same frozen instant: timestamps in the answers (CreatedTimestamp, ...)
    # must not differ because the second run started in the next second.
    with freeze_time("2026-11-29 12:00:00"), mock_sqs(wire=wire):
        return _scenario(boto3.client("sqs", region_name="us-east-1"))


def test_wire_mode_answers_exactly_like_the_fast_path() -> None:
    fast = _run(wire=False)
    wired = _run(wire=True)
    assert wired == fast
    assert (
        "error",
        "QueueDoesNotExist",
        {
            "Code": "AWS.SimpleQueueService.NonExistentQueue",
            "Message": "The specified queue does not exist.",
            "QueryErrorCode": "QueueDoesNotExist",
            "Type": "Sender",
        },
    ) in wired


def test_requests_are_serialized_and_signed() -> None:
    sent: list[Any] = []
    with mock_sqs(wire=True, queues=["jobs"]) as sqs_mock:
        sqs = boto3.client("sqs", region_name="eu-west-1")
        sqs.meta.events.register_first(
            "before-send.sqs", lambda request, **_: sent.append(request), unique_id="spy"
        )
        sqs.create_queue(QueueName="eu-jobs")
        assert [q.name for q in sqs_mock.queues()] == ["eu-jobs", "jobs"]
    [request] = sent
    authorization = request.headers["Authorization"]
    authorization = authorization.decode() if isinstance(authorization, bytes) else authorization
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=")
    assert "/eu-west-1/sqs/aws4_request" in authorization  # the region comes from the signature
    assert json.loads(request.body) == {"QueueName": "eu-jobs"}


def test_botocore_retries_run_in_wire_mode() -> None:
    """A throttled first attempt (injected before ours) is retried by botocore's retry handler."""
    attempts: list[int] = []

    def throttle_once(request: Any, **_: Any) -> AWSResponse | None:
        attempts.append(1)
        if len(attempts) > 1:
            return None  # the retry goes on to the mock
        body = json.dumps({"__type": "com.amazonaws.sqs#RequestThrottled", "message": "slow"})
        return AWSResponse(
            request.url, 400, {"x-amzn-query-error": "RequestThrottled;Sender"}, _Raw(body.encode())
        )

    with mock_sqs(wire=True, queues=["jobs"]):
        sqs = boto3.client(
            "sqs",
            region_name="us-east-1",
            config=Config(retries={"mode": "standard", "max_attempts": 3}),
        )
        sqs.meta.events.register_first("before-send.sqs", throttle_once, unique_id="throttle")
        answer = sqs.get_queue_url(QueueName="jobs")
    assert answer["QueueUrl"].endswith("/jobs")
    assert answer["ResponseMetadata"]["RetryAttempts"] == 1
    assert len(attempts) == 2


class _Raw:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


def test_dummy_credentials_only_while_running_and_only_if_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with mock_sqs(wire=True):
        assert os.environ["AWS_ACCESS_KEY_ID"]
        assert os.environ["AWS_SECRET_ACCESS_KEY"]
    assert "AWS_ACCESS_KEY_ID" not in os.environ
    assert "AWS_SECRET_ACCESS_KEY" not in os.environ

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAUSERSOWN")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "users-own-secret")
    with mock_sqs(wire=True):
        assert os.environ["AWS_ACCESS_KEY_ID"] == "AKIAUSERSOWN"
    assert os.environ["AWS_SECRET_ACCESS_KEY"] == "users-own-secret"


def test_default_mode_needs_no_credentials_and_sends_nothing() -> None:
    sent: list[Any] = []
    with mock_sqs(queues=["jobs"]):
        assert "AWS_ACCESS_KEY_ID" not in os.environ
        sqs = boto3.client("sqs", region_name="us-east-1")
        sqs.meta.events.register_first(
            "before-send.sqs", lambda request, **_: sent.append(request), unique_id="spy"
        )
        sqs.get_queue_url(QueueName="jobs")
    assert sent == []  # answered at before-call: nothing was serialized, signed or sent


@pytest.mark.sqs_mock(wire=True, queues=["jobs"])
def test_marker_option(sqs_mock: SqsMock) -> None:
    assert sqs_mock.wire
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.get_queue_url(QueueName="jobs")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="over the wire")
    assert sqs_mock.queue("jobs").bodies == ["over the wire"]
    assert sqs_mock.calls.operations == ["GetQueueUrl", "SendMessage"]


def test_wire_can_be_switched_during_a_test(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIATESTING")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    sent: list[Any] = []
    with mock_sqs(queues=["jobs"]) as sqs_mock:
        sqs = boto3.client("sqs", region_name="us-east-1")
        sqs.meta.events.register_first(
            "before-send.sqs", lambda request, **_: sent.append(request), unique_id="spy"
        )
        sqs.get_queue_url(QueueName="jobs")
        assert sent == []
        sqs_mock.wire = True
        sqs.get_queue_url(QueueName="jobs")
        assert len(sent) == 1
        sqs_mock.wire = False
        sqs.get_queue_url(QueueName="jobs")
        assert len(sent) == 1
    assert sqs_mock.calls.operations == ["GetQueueUrl"] * 3
