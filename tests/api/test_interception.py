"""Interception: every botocore-based SQS client is answered by an active mock, nothing else is.

The mock answers at ``before-call`` (see ``pytest_sqsmock.adapters.botocore``): no signing, no
credentials, no HTTP. Outside a mock, and for every other service, botocore's normal path runs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import boto3.session
import botocore.session
import pytest
from botocore.awsrequest import AWSRequest, AWSResponse
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError, NoCredentialsError
from botocore.stub import Stubber

import pytest_sqsmock
from pytest_sqsmock import SqsMock, mock_sqs
from pytest_sqsmock.adapters.botocore import _before_call

from .helpers import refuse_network

# Made at import time, long before any mock starts: the hook still answers for it.
EARLY_CLIENT = boto3.client("sqs", region_name="us-east-1")
# Only ever asked for a client inside a mock (see the tests on credential lookup below).
EARLY_SESSION = boto3.session.Session(region_name="us-east-1")

NO_RETRIES = Config(retries={"total_max_attempts": 1})
FAKE_CREDENTIALS = {"aws_access_key_id": "AKIAFAKE", "aws_secret_access_key": "fake-secret"}
AWS_ENV = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
)


@pytest.fixture
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Refuse every outgoing connection; return the list of attempts made."""
    return refuse_network(monkeypatch)


@pytest.fixture
def bare_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Remove every AWS credential and region from the environment and config files."""
    for name in AWS_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "missing" / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "missing" / "credentials"))


class _RawBody:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.body


class WireRecorder:
    """A ``before-send`` handler: only reached on botocore's normal path (after signing)."""

    def __init__(self, body: dict[str, Any]) -> None:
        self.body = json.dumps(body).encode()
        self.requests: list[AWSRequest] = []

    def __call__(self, request: AWSRequest, **_: Any) -> AWSResponse:
        self.requests.append(request)
        headers = {
            "x-amzn-requestid": "from-the-wire",
            "content-type": "application/x-amz-json-1.0",
        }
        return AWSResponse(request.url, 200, headers, _RawBody(self.body))


def _round_trip(client: Any, mock: SqsMock, name: str = "orders") -> None:
    """Create a queue and send to it through ``client``; check the mock saw both calls."""
    url = client.create_queue(QueueName=name)["QueueUrl"]
    client.send_message(QueueUrl=url, MessageBody="hello")
    assert mock.queue(name).bodies == ["hello"]
    assert [call.operation for call in mock.calls] == ["CreateQueue", "SendMessage"]
    assert all(call.ok for call in mock.calls)


# -- every way to make a client is answered -----------------------------------------------------

CLIENT_FACTORIES: dict[str, Callable[[], Any]] = {
    "boto3.client": lambda: boto3.client("sqs", region_name="us-east-1"),
    "boto3 Session": lambda: boto3.session.Session(region_name="us-east-1").client("sqs"),
    "boto3 session made at import": lambda: EARLY_SESSION.client("sqs"),
    "botocore get_session": lambda: botocore.session.get_session().create_client(
        "sqs", region_name="us-east-1"
    ),
    "botocore Session": lambda: botocore.session.Session().create_client(
        "sqs", region_name="us-east-1"
    ),
    "explicit credentials": lambda: boto3.client(
        "sqs",
        region_name="us-east-1",
        aws_access_key_id="AKIAEXAMPLEEXAMPLE",
        aws_secret_access_key="not-a-real-secret",
        aws_session_token="not-a-real-token",
    ),
    "client made at import": lambda: EARLY_CLIENT,
}


@pytest.mark.parametrize("factory", CLIENT_FACTORIES.values(), ids=CLIENT_FACTORIES.keys())
def test_client_is_answered_inside_the_mock(
    factory: Callable[[], Any], network_attempts: list[object]
) -> None:
    with mock_sqs() as mock:
        _round_trip(factory(), mock)
    assert network_attempts == []


MADE_BEFORE = {k: v for k, v in CLIENT_FACTORIES.items() if k != "boto3 session made at import"}


@pytest.mark.parametrize("factory", MADE_BEFORE.values(), ids=MADE_BEFORE.keys())
def test_client_made_before_the_mock_started_is_answered(
    factory: Callable[[], Any], network_attempts: list[object]
) -> None:
    client = factory()  # outside a mock botocore may look for credentials (EC2 metadata)
    network_attempts.clear()
    with mock_sqs() as mock:
        _round_trip(client, mock)
    assert network_attempts == []


def test_boto3_resource_is_answered(network_attempts: list[object]) -> None:
    with mock_sqs() as mock:
        resource = boto3.resource("sqs", region_name="us-east-1")
        queue = resource.create_queue(QueueName="res")
        queue.send_message(MessageBody="via resource")
        (message,) = queue.receive_messages(MessageAttributeNames=["All"])
        assert message.body == "via resource"
        message.delete()
        assert mock.queue("res").messages == []
        assert [q.url for q in resource.queues.all()] == [queue.url]
        assert resource.get_queue_by_name(QueueName="res").url == queue.url
    assert network_attempts == []


def test_all_clients_share_one_simulation(network_attempts: list[object]) -> None:
    with mock_sqs() as mock:
        boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="shared")
        url = EARLY_CLIENT.get_queue_url(QueueName="shared")["QueueUrl"]
        botocore.session.get_session().create_client("sqs", region_name="us-east-1").send_message(
            QueueUrl=url, MessageBody="one"
        )
        queue = boto3.resource("sqs", region_name="us-east-1").Queue(url)
        assert [m.body for m in queue.receive_messages()] == ["one"]
        assert len(mock.calls) == 4
    assert network_attempts == []


def test_client_region_is_the_queue_region() -> None:
    with mock_sqs() as mock:
        client = boto3.session.Session(region_name="eu-west-1").client("sqs")
        url = client.create_queue(QueueName="regional")["QueueUrl"]
        assert url == "https://sqs.eu-west-1.amazonaws.com/123456789012/regional"
        assert mock.calls[-1].region == "eu-west-1"
        other = boto3.client("sqs", region_name="us-east-1")
        with pytest.raises(other.exceptions.QueueDoesNotExist):
            other.get_queue_url(QueueName="regional")


# -- no credentials, no region, no network ------------------------------------------------------


@pytest.mark.usefixtures("bare_environment")
def test_client_without_credentials_or_region_is_answered(
    network_attempts: list[object],
) -> None:
    with mock_sqs() as mock:
        client = boto3.session.Session().client("sqs")
        assert client.meta.region_name == "us-east-1"
        _round_trip(client, mock)
        assert mock.queue("orders").url == (
            "https://sqs.us-east-1.amazonaws.com/123456789012/orders"
        )
    assert network_attempts == []


@pytest.mark.usefixtures("bare_environment")
def test_default_boto3_client_without_credentials_or_region_is_answered(
    network_attempts: list[object],
) -> None:
    with mock_sqs() as mock:
        _round_trip(boto3.client("sqs"), mock)
        _round_trip_botocore = botocore.session.get_session().create_client("sqs")
        assert _round_trip_botocore.list_queues()["QueueUrls"] == [mock.queue("orders").url]
    assert network_attempts == []


@pytest.mark.usefixtures("bare_environment")
def test_mock_region_option_sets_the_default_region(network_attempts: list[object]) -> None:
    with mock_sqs(region="ap-southeast-2") as mock:
        client = boto3.session.Session().client("sqs")
        assert client.meta.region_name == "ap-southeast-2"
        _round_trip(client, mock)
        assert mock.calls[0].region == "ap-southeast-2"
    assert network_attempts == []


@pytest.mark.usefixtures("bare_environment")
def test_without_credentials_the_normal_path_fails_after_the_mock_stops(
    network_attempts: list[object],
) -> None:
    client = boto3.session.Session(region_name="us-east-1").client("sqs", config=NO_RETRIES)
    network_attempts.clear()
    with mock_sqs() as mock:
        client.create_queue(QueueName="orders")
        assert len(mock.calls) == 1
    assert network_attempts == []
    # botocore's own path signs the request, and there is nothing to sign with.
    with pytest.raises(NoCredentialsError):
        client.list_queues()


@pytest.mark.usefixtures("bare_environment")
def test_session_that_looked_for_credentials_before_the_mock_stays_offline_inside(
    network_attempts: list[object],
) -> None:
    session = boto3.session.Session(region_name="us-east-1")
    session.client("sqs")  # outside a mock: botocore may ask EC2 instance metadata
    network_attempts.clear()
    with mock_sqs() as mock:
        _round_trip(session.client("sqs"), mock)
    assert network_attempts == []


@pytest.mark.usefixtures("bare_environment")
def test_session_first_used_inside_a_mock_looks_for_credentials_normally_afterwards(
    network_attempts: list[object],
) -> None:
    session = boto3.session.Session(region_name="us-east-1")
    with mock_sqs():
        session.client("sqs")
    assert network_attempts == []
    session.client("sqs")  # botocore's normal credential chain ends with instance metadata
    assert network_attempts != []


def test_socket_guard_catches_real_network_use(network_attempts: list[object]) -> None:
    client = boto3.client("sqs", region_name="us-east-1", config=NO_RETRIES, **FAKE_CREDENTIALS)
    with pytest.raises(EndpointConnectionError):
        client.list_queues()
    assert network_attempts != []


# -- outside a mock, botocore's normal path runs ------------------------------------------------


def test_normal_path_runs_after_the_mock_stops() -> None:
    client = boto3.client("sqs", region_name="us-east-1", **FAKE_CREDENTIALS)
    wire = WireRecorder({"QueueUrls": ["https://sqs.us-east-1.amazonaws.com/1/from-wire"]})
    client.meta.events.register("before-send.sqs", wire)
    with mock_sqs() as mock:
        url = client.create_queue(QueueName="mocked")["QueueUrl"]
        assert client.list_queues()["QueueUrls"] == [url]
        assert wire.requests == []
    assert len(mock.calls) == 2

    result = client.list_queues()
    assert result["QueueUrls"] == ["https://sqs.us-east-1.amazonaws.com/1/from-wire"]
    assert result["ResponseMetadata"]["RequestId"] == "from-the-wire"
    (request,) = wire.requests
    assert request.headers["X-Amz-Target"] == b"AmazonSQS.ListQueues"
    assert request.headers["Authorization"].startswith(b"AWS4-HMAC-SHA256")
    assert len(mock.calls) == 2


def test_normal_path_runs_before_any_mock_starts() -> None:
    client = boto3.client("sqs", region_name="us-east-1", **FAKE_CREDENTIALS)
    wire = WireRecorder({})
    client.meta.events.register("before-send.sqs", wire)
    client.delete_queue(QueueUrl="https://sqs.us-east-1.amazonaws.com/123456789012/anything")
    assert len(wire.requests) == 1


def test_stubber_answers_outside_the_mock() -> None:
    client = boto3.client("sqs", region_name="us-east-1")
    stubbed = {"QueueUrls": ["https://stubbed.example/q"]}
    with mock_sqs() as mock:
        url = client.create_queue(QueueName="real")["QueueUrl"]
    with Stubber(client) as stubber:
        stubber.add_response("list_queues", stubbed)
        result = client.list_queues()
        stubber.assert_no_pending_responses()
    assert result["QueueUrls"] == stubbed["QueueUrls"]
    assert url not in result["QueueUrls"]
    assert [call.operation for call in mock.calls] == ["CreateQueue"]


def test_stubber_attached_to_an_sqs_client_takes_precedence_over_the_mock() -> None:
    # botocore emits the more specific registration last: a client's own ``before-call.*.*``
    # handler (Stubber) runs before the session-wide ``before-call.sqs`` hook. Per-client stubs
    # therefore win, so a test can inject one failure while the mock serves everything else.
    client = boto3.client("sqs", region_name="us-east-1")
    with mock_sqs() as mock:
        url = client.create_queue(QueueName="real")["QueueUrl"]
        with Stubber(client) as stubber:
            stubber.add_client_error(
                "send_message", service_error_code="RequestThrottled", http_status_code=403
            )
            with pytest.raises(client.exceptions.ClientError) as info:
                client.send_message(QueueUrl=url, MessageBody="x")
            stubber.assert_no_pending_responses()
        assert info.value.response["Error"]["Code"] == "RequestThrottled"
        assert [call.operation for call in mock.calls] == ["CreateQueue"]
        client.send_message(QueueUrl=url, MessageBody="after the stubber")
        assert mock.queue("real").bodies == ["after the stubber"]


# -- other services are never touched -----------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "method", "response"),
    [
        ("s3", "list_buckets", {"Buckets": [{"Name": "stubbed-bucket"}]}),
        ("sns", "list_topics", {"Topics": [{"TopicArn": "arn:aws:sns:us-east-1:1:stubbed"}]}),
    ],
)
def test_other_services_get_the_stubbers_answer_inside_the_mock(
    service: str, method: str, response: dict[str, Any], network_attempts: list[object]
) -> None:
    client = boto3.client(service, region_name="us-east-1", **FAKE_CREDENTIALS)
    with mock_sqs() as mock, Stubber(client) as stubber:
        stubber.add_response(method, response)
        result = getattr(client, method)()
        stubber.assert_no_pending_responses()
    result.pop("ResponseMetadata", None)
    assert result == response
    assert mock.calls == []
    assert network_attempts == []


def test_other_services_take_botocores_normal_path_inside_the_mock() -> None:
    client = boto3.client("sns", region_name="us-east-1", **FAKE_CREDENTIALS)
    requests: list[AWSRequest] = []

    def reply(request: AWSRequest, **_: Any) -> AWSResponse:
        requests.append(request)
        body = (
            b'<ListTopicsResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">'
            b"<ListTopicsResult><Topics/></ListTopicsResult>"
            b"<ResponseMetadata><RequestId>sns-wire</RequestId></ResponseMetadata>"
            b"</ListTopicsResponse>"
        )
        return AWSResponse(request.url, 200, {}, _RawBody(body))

    client.meta.events.register("before-send.sns", reply)
    with mock_sqs() as mock:
        result = client.list_topics()
    assert result["ResponseMetadata"]["RequestId"] == "sns-wire"
    assert requests[0].url == "https://sns.us-east-1.amazonaws.com/"
    assert mock.calls == []


# -- attach(): clients from sessions that never got the hook ------------------------------------


def _session_without_hook() -> botocore.session.Session:
    """Return a session as if created before pytest_sqsmock was imported."""
    session = botocore.session.get_session()
    session.unregister("before-call.sqs", _before_call)
    return session


def test_client_from_a_session_without_the_hook_is_not_answered() -> None:
    client = _session_without_hook().create_client(
        "sqs", region_name="us-east-1", **FAKE_CREDENTIALS
    )
    wire = WireRecorder({})
    client.meta.events.register("before-send.sqs", wire)
    with mock_sqs() as mock:
        client.list_queues()
    assert len(wire.requests) == 1
    assert mock.calls == []


def test_attach_makes_a_client_without_the_hook_answer() -> None:
    client = _session_without_hook().create_client("sqs", region_name="us-east-1")
    wire = WireRecorder({})
    client.meta.events.register("before-send.sqs", wire)
    assert pytest_sqsmock.attach(client) is client
    with mock_sqs() as mock:
        _round_trip(client, mock)
    assert wire.requests == []


def test_attached_client_takes_the_normal_path_outside_the_mock() -> None:
    client = _session_without_hook().create_client(
        "sqs", region_name="us-east-1", **FAKE_CREDENTIALS
    )
    pytest_sqsmock.attach(client)
    wire = WireRecorder({})
    client.meta.events.register("before-send.sqs", wire)
    client.list_queues()
    assert len(wire.requests) == 1


@pytest.mark.parametrize("times", [1, 2])
def test_attach_is_harmless_on_a_client_that_already_answers(times: int) -> None:
    client = boto3.client("sqs", region_name="us-east-1")
    for _ in range(times):
        pytest_sqsmock.attach(client)
    with mock_sqs() as mock:
        _round_trip(client, mock)
