"""SqsMock lifecycle: decorator and context-manager forms, nesting, call log, views, clock, env."""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import json
import os
import time
import unittest
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import freezegun
import pytest
import time_machine
from botocore.awsrequest import AWSRequest, AWSResponse

from pytest_sqsmock import Clock, ClockError, MessageView, QueueView, SqsError, SqsMock, mock_sqs

UTC = dt.timezone.utc
PNG = b"\x89PNG\r\n\x1a\n\x00\xff"
MOCK_ENV = ("AWS_DEFAULT_REGION",)


class _RawBody:
    def stream(self, **_: Any) -> Iterator[bytes]:
        yield b"{}"


class _WireProbe:
    """An SQS client that tells whether its last call reached botocore's normal path."""

    def __init__(self) -> None:
        self.client = boto3.client(
            "sqs",
            region_name="us-east-1",
            aws_access_key_id="AKIAFAKE",
            aws_secret_access_key="fake-secret",
        )
        self.sent = 0
        self.client.meta.events.register("before-send.sqs", self._reply)

    def _reply(self, request: AWSRequest, **_: Any) -> AWSResponse:
        self.sent += 1
        return AWSResponse(request.url, 200, {}, _RawBody())

    def mocked(self) -> bool:
        """Return whether an SQS call made now is answered by a mock."""
        before = self.sent
        self.client.list_queues()
        return self.sent == before


PROBE = _WireProbe()


def _client(region: str = "us-east-1") -> Any:
    return boto3.client("sqs", region_name=region)


def _queue_names(client: Any) -> list[str]:
    return [url.rsplit("/", 1)[-1] for url in client.list_queues().get("QueueUrls", [])]


@pytest.fixture
def bare_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Remove AWS region settings and the variables the mock may set; return the config dir."""
    for name in (*MOCK_ENV, "AWS_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "missing" / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "missing" / "credentials"))
    return tmp_path


# -- decorator forms ----------------------------------------------------------------------------


@mock_sqs
def test_bare_decorator_on_a_test_function() -> None:
    client = _client()
    assert _queue_names(client) == []
    client.create_queue(QueueName="decorated")
    assert _queue_names(client) == ["decorated"]


@mock_sqs()
def test_called_decorator_on_a_test_function(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIXTURES_STILL_INJECTED", "yes")
    client = _client()
    assert _queue_names(client) == []
    client.create_queue(QueueName="decorated")
    assert os.environ["FIXTURES_STILL_INJECTED"] == "yes"


@pytest.mark.usefixtures("bare_environment")
@mock_sqs(region="eu-west-1", account_id="111122223333")
def test_decorator_options_set_region_and_account() -> None:
    client = boto3.client("sqs")
    assert client.meta.region_name == "eu-west-1"
    url = client.create_queue(QueueName="opts")["QueueUrl"]
    assert url == "https://sqs.eu-west-1.amazonaws.com/111122223333/opts"


@pytest.mark.parametrize("decorate", [mock_sqs, mock_sqs()], ids=["bare", "called"])
def test_decorated_function_runs_inside_a_mock_only_while_called(decorate: Any) -> None:
    @decorate
    def work(name: str) -> list[str]:
        client = _client()
        client.create_queue(QueueName=name)
        return _queue_names(client)

    assert work.__name__ == "work"
    assert not PROBE.mocked()
    assert work("first") == ["first"]
    assert not PROBE.mocked()
    assert work("second") == ["second"]  # a fresh simulation per call


def test_decorated_function_stops_the_mock_when_it_raises() -> None:
    @mock_sqs
    def fail() -> None:
        _client().get_queue_url(QueueName="missing")

    with pytest.raises(_client().exceptions.QueueDoesNotExist):
        fail()
    assert not PROBE.mocked()


def test_decorator_on_an_async_function() -> None:
    @mock_sqs
    async def consume() -> tuple[list[str], bool]:
        client = _client()
        url = client.create_queue(QueueName="async")["QueueUrl"]
        await asyncio.sleep(0)
        client.send_message(QueueUrl=url, MessageBody="awaited")
        await asyncio.sleep(0)
        messages = client.receive_message(QueueUrl=url)["Messages"]
        return [m["Body"] for m in messages], PROBE.mocked()

    assert inspect.iscoroutinefunction(consume)
    coroutine = consume()
    assert not PROBE.mocked()  # nothing starts until the coroutine runs
    assert asyncio.run(coroutine) == (["awaited"], True)
    assert not PROBE.mocked()


def test_called_decorator_with_options_on_an_async_function() -> None:
    @mock_sqs(account_id="210987654321")
    async def create() -> str:
        url: str = _client("us-west-2").create_queue(QueueName="a")["QueueUrl"]
        return url

    assert asyncio.run(create()) == "https://sqs.us-west-2.amazonaws.com/210987654321/a"
    assert not PROBE.mocked()


@mock_sqs
class TestDecoratedClass:
    """Every test method runs in its own fresh mock."""

    def helper(self) -> bool:
        return PROBE.mocked()

    def test_first_method_starts_empty(self) -> None:
        client = _client()
        assert _queue_names(client) == []
        client.create_queue(QueueName="first")

    def test_second_method_starts_empty(self) -> None:
        client = _client()
        assert _queue_names(client) == []
        client.create_queue(QueueName="second")

    def test_non_test_methods_are_not_wrapped(self) -> None:
        assert not hasattr(TestDecoratedClass.helper, "__wrapped__")
        assert hasattr(TestDecoratedClass.test_first_method_starts_empty, "__wrapped__")


@mock_sqs(region="us-west-2")
class DecoratedTestCase(unittest.TestCase):
    """setUp runs inside the mock, and every test gets fresh state."""

    def setUp(self) -> None:
        self.client = _client("us-west-2")
        self.url = self.client.create_queue(QueueName="from-setup")["QueueUrl"]

    def test_setup_ran_inside_the_mock(self) -> None:
        self.client.send_message(QueueUrl=self.url, MessageBody="x")
        assert _queue_names(self.client) == ["from-setup"]

    def test_each_test_gets_fresh_state(self) -> None:
        assert "Messages" not in self.client.receive_message(QueueUrl=self.url)
        self.client.create_queue(QueueName="extra")
        assert _queue_names(self.client) == ["extra", "from-setup"]


def test_unittest_case_mock_stops_after_the_test() -> None:
    result = unittest.TestResult()
    DecoratedTestCase("test_setup_ran_inside_the_mock").run(result)
    assert result.wasSuccessful(), result.errors + result.failures
    assert not PROBE.mocked()


def test_decorating_something_not_callable_raises_type_error() -> None:
    with pytest.raises(TypeError, match="cannot decorate"):
        mock_sqs()(42)


# -- context manager, start and stop ------------------------------------------------------------


def test_context_manager_yields_the_started_mock() -> None:
    mock = mock_sqs()
    with mock as sqs:
        assert sqs is mock
        assert isinstance(sqs, SqsMock)
        assert PROBE.mocked()
    assert not PROBE.mocked()


def test_each_top_level_mock_starts_empty() -> None:
    with mock_sqs():
        client = _client()
        url = client.create_queue(QueueName="first")["QueueUrl"]
        client.send_message(QueueUrl=url, MessageBody="x")
    with mock_sqs() as sqs:
        assert _queue_names(_client()) == []
        assert sqs.queues() == []


def test_a_stopped_mock_can_start_again_empty() -> None:
    mock = mock_sqs()
    with mock:
        _client().create_queue(QueueName="first")
    with mock:
        assert _queue_names(_client()) == []
        assert [c.operation for c in mock.calls] == ["ListQueues"]


def test_nested_mock_shares_state_with_the_outer_one() -> None:
    with mock_sqs() as outer:
        client = _client()
        url = client.create_queue(QueueName="shared")["QueueUrl"]
        with mock_sqs() as inner:
            assert _queue_names(client) == ["shared"]
            client.send_message(QueueUrl=url, MessageBody="from inner")
            assert inner.queue("shared").bodies == ["from inner"]
        assert outer.queue("shared").bodies == ["from inner"]
        client.send_message(QueueUrl=url, MessageBody="after inner")
        assert outer.queue("shared").bodies == ["from inner", "after inner"]
        assert PROBE.mocked()
    assert not PROBE.mocked()


def test_stopping_the_outer_mock_first_leaves_the_inner_working() -> None:
    outer = mock_sqs().start()
    inner = mock_sqs().start()
    client = _client()
    url = client.create_queue(QueueName="q")["QueueUrl"]
    outer.stop()
    client.send_message(QueueUrl=url, MessageBody="still answered")
    assert inner.queue("q").bodies == ["still answered"]
    inner.stop()
    assert not PROBE.mocked()


def test_stop_twice_is_harmless() -> None:
    outer = mock_sqs().start()
    try:
        inner = mock_sqs().start()
        inner.stop()
        inner.stop()
        client = _client()
        client.create_queue(QueueName="still-mocked")
        assert _queue_names(client) == ["still-mocked"]
    finally:
        outer.stop()
        outer.stop()
    assert not PROBE.mocked()


def test_stop_without_start_is_harmless() -> None:
    mock_sqs().stop()
    assert not PROBE.mocked()


def test_start_twice_raises() -> None:
    mock = mock_sqs()
    with mock:
        with pytest.raises(RuntimeError, match=r"already started; stop\(\) it first"):
            mock.start()
        assert PROBE.mocked()
    assert not PROBE.mocked()


@pytest.mark.parametrize(
    "read",
    [lambda m: m.clock, lambda m: m.backend, lambda m: m.queues(), lambda m: m.queue("q")],
    ids=["clock", "backend", "queues", "queue"],
)
def test_state_of_a_stopped_mock_is_not_available(read: Callable[[SqsMock], object]) -> None:
    mock = mock_sqs()
    with mock:
        _client().create_queue(QueueName="q")
    with pytest.raises(RuntimeError, match="not started"):
        read(mock)


# -- the call log -------------------------------------------------------------------------------


def test_calls_record_successes() -> None:
    with mock_sqs() as sqs:
        client = _client("eu-central-1")
        url = client.create_queue(QueueName="log")["QueueUrl"]
        sent = client.send_message(
            QueueUrl=url,
            MessageBody="hi",
            MessageAttributes={"blob": {"DataType": "Binary", "BinaryValue": PNG}},
        )
    create, send = sqs.calls
    assert create.operation == "CreateQueue"
    assert create.params == {"QueueName": "log"}
    assert create.response == {"QueueUrl": url}
    assert create.error is None
    assert create.ok
    assert create.region == "eu-central-1"
    assert create.queue_name == "log"
    assert send.operation == "SendMessage"
    assert send.params["MessageAttributes"]["blob"]["BinaryValue"] == PNG
    assert send.queue_url == url
    assert send.response is not None
    assert send.response["MessageId"] == sent["MessageId"]
    assert "ResponseMetadata" not in send.response


def test_calls_record_errors() -> None:
    with mock_sqs() as sqs:
        client = _client("ap-northeast-1")
        with pytest.raises(client.exceptions.QueueDoesNotExist):
            client.get_queue_url(QueueName="missing")
    (call,) = sqs.calls
    assert call.operation == "GetQueueUrl"
    assert call.params == {"QueueName": "missing"}
    assert call.response is None
    assert not call.ok
    assert call.region == "ap-northeast-1"
    assert isinstance(call.error, SqsError)
    assert call.error.code == "AWS.SimpleQueueService.NonExistentQueue"
    assert call.error.shape == "QueueDoesNotExist"
    assert call.error.status == 400


def test_inner_mock_only_sees_calls_made_while_active() -> None:
    with mock_sqs() as outer:
        client = _client()
        client.create_queue(QueueName="before")
        with mock_sqs() as inner:
            client.create_queue(QueueName="during")
            with pytest.raises(client.exceptions.QueueDoesNotExist):
                client.get_queue_url(QueueName="missing")
        client.create_queue(QueueName="after")
    assert [c.operation for c in inner.calls] == ["CreateQueue", "GetQueueUrl"]
    assert inner.calls[0].params == {"QueueName": "during"}
    assert [c.params.get("QueueName") for c in outer.calls] == [
        "before",
        "during",
        "missing",
        "after",
    ]


def test_calls_restart_empty_when_a_mock_starts_again() -> None:
    mock = mock_sqs()
    with mock:
        _client().create_queue(QueueName="a")
    assert len(mock.calls) == 1
    with mock:
        assert mock.calls == []


# -- queue and message views --------------------------------------------------------------------


@pytest.fixture
def sqs_and_client(sqs_mock: SqsMock) -> tuple[SqsMock, Any]:
    return sqs_mock, _client()


def test_queue_view_by_name_url_and_arn(sqs_and_client: tuple[SqsMock, Any]) -> None:
    sqs, client = sqs_and_client
    url = client.create_queue(QueueName="orders")["QueueUrl"]
    arn = client.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    client.send_message(QueueUrl=url, MessageBody="one")
    views = [sqs.queue("orders"), sqs.queue(url), sqs.queue(arn)]
    assert all(isinstance(view, QueueView) for view in views)
    assert {(v.name, v.url, v.arn) for v in views} == {("orders", url, arn)}
    assert [v.bodies for v in views] == [["one"]] * 3


def test_queue_view_splits_messages_by_state(sqs_and_client: tuple[SqsMock, Any]) -> None:
    sqs, client = sqs_and_client
    url = client.create_queue(QueueName="states")["QueueUrl"]
    for body in ("received", "waiting"):
        client.send_message(QueueUrl=url, MessageBody=body)
    client.send_message(QueueUrl=url, MessageBody="delayed", DelaySeconds=60)
    client.receive_message(QueueUrl=url, MaxNumberOfMessages=1)
    view = sqs.queue("states")
    assert view.bodies == ["received", "waiting", "delayed"]
    assert [m.body for m in view.messages] == ["received", "waiting", "delayed"]
    assert [m.body for m in view.in_flight] == ["received"]
    assert [m.body for m in view.visible] == ["waiting"]
    assert [m.body for m in view.delayed] == ["delayed"]
    assert [m.state for m in view.messages] == ["in_flight", "visible", "delayed"]
    assert len(view) == 3


def test_message_view_fields(sqs_and_client: tuple[SqsMock, Any]) -> None:
    sqs, client = sqs_and_client
    url = client.create_queue(QueueName="fields")["QueueUrl"]
    attributes = {
        "blob": {"DataType": "Binary", "BinaryValue": PNG},
        "kind": {"DataType": "String", "StringValue": "order"},
        "n": {"DataType": "Number", "StringValue": "7"},
    }
    with freezegun.freeze_time("2024-03-01 09:30:00.250"):
        sent = client.send_message(
            QueueUrl=url, MessageBody=json.dumps({"order": 17}), MessageAttributes=attributes
        )
        client.receive_message(QueueUrl=url)
        (message,) = sqs.queue("fields").messages
    assert isinstance(message, MessageView)
    assert message.body == '{"order": 17}'
    assert message.json() == {"order": 17}
    assert message.message_id == sent["MessageId"]
    assert message.receive_count == 1
    assert message.message_attributes == attributes
    assert message.group_id is None
    assert message.deduplication_id is None
    assert message.sent_at == dt.datetime(2024, 3, 1, 9, 30, 0, 250_000, tzinfo=UTC)
    assert message.sent_at.tzinfo is UTC
    assert message.attributes["SentTimestamp"] == "1709285400250"
    assert message.attributes["ApproximateReceiveCount"] == "1"
    assert message.attributes["ApproximateFirstReceiveTimestamp"] == "1709285400250"
    assert message.attributes["SenderId"]


def test_message_view_fifo_fields(sqs_and_client: tuple[SqsMock, Any]) -> None:
    sqs, client = sqs_and_client
    url = client.create_queue(QueueName="f.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    sent = client.send_message(
        QueueUrl=url, MessageBody="x", MessageGroupId="group-1", MessageDeduplicationId="dedup-1"
    )
    (message,) = sqs.queue("f.fifo").messages
    assert message.group_id == "group-1"
    assert message.deduplication_id == "dedup-1"
    assert message.sequence_number == sent["SequenceNumber"]
    assert message.attributes["MessageGroupId"] == "group-1"
    assert message.attributes["MessageDeduplicationId"] == "dedup-1"


def test_reading_views_does_not_change_state(sqs_and_client: tuple[SqsMock, Any]) -> None:
    sqs, client = sqs_and_client
    url = client.create_queue(QueueName="quiet")["QueueUrl"]
    client.send_message(QueueUrl=url, MessageBody="untouched")
    view = sqs.queue("quiet")
    for _ in range(5):
        assert [m.receive_count for m in view.messages] == [0]
        assert [m.body for m in view.visible] == ["untouched"]
        assert view.in_flight == []
        assert view.bodies == ["untouched"]
        assert view.attributes["ApproximateNumberOfMessages"] == "1"
    received = client.receive_message(QueueUrl=url, AttributeNames=["All"])["Messages"]
    assert received[0]["Attributes"]["ApproximateReceiveCount"] == "1"


def test_reading_views_does_not_extend_visibility(sqs_mock: SqsMock) -> None:
    client = _client()
    url = client.create_queue(QueueName="inflight")["QueueUrl"]
    client.send_message(QueueUrl=url, MessageBody="m")
    client.receive_message(QueueUrl=url, VisibilityTimeout=30)
    view = sqs_mock.queue("inflight")
    first = view.in_flight
    for _ in range(5):
        assert view.in_flight == first
    assert first[0].visible_at is not None
    sqs_mock.clock.advance(30)
    assert view.in_flight == []
    received = client.receive_message(QueueUrl=url, AttributeNames=["ApproximateReceiveCount"])
    assert received["Messages"][0]["Attributes"]["ApproximateReceiveCount"] == "2"


def test_unknown_queue_lookup_lists_known_queues(sqs_and_client: tuple[SqsMock, Any]) -> None:
    sqs, client = sqs_and_client
    with pytest.raises(LookupError, match=r"No SQS queue 'nope' in this mock. Queues: none"):
        sqs.queue("nope")
    client.create_queue(QueueName="beta")
    client.create_queue(QueueName="alpha")
    with pytest.raises(LookupError) as info:
        sqs.queue("nope")
    assert str(info.value) == "No SQS queue 'nope' in this mock. Queues: ['alpha', 'beta']."


def test_queues_lists_every_queue_by_name(sqs_and_client: tuple[SqsMock, Any]) -> None:
    sqs, client = sqs_and_client
    client.create_queue(QueueName="b")
    _client("eu-west-1").create_queue(QueueName="a")
    assert [view.name for view in sqs.queues()] == ["a", "b"]
    assert [view.name for view in sqs] == ["a", "b"]


# -- the clock ----------------------------------------------------------------------------------


def test_clock_now_is_aware_utc_and_follows_freezegun(sqs_mock: SqsMock) -> None:
    with freezegun.freeze_time("2024-06-01 12:00:00"):
        now = sqs_mock.clock.now()
        assert now == dt.datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
        assert now.tzinfo is UTC
        assert isinstance(sqs_mock.clock, Clock)


def test_clock_advance_ticks_an_active_freezegun_freeze(sqs_mock: SqsMock) -> None:
    with freezegun.freeze_time("2024-06-01 12:00:00"):
        sqs_mock.clock.advance(90)
        assert sqs_mock.clock.now() == dt.datetime(2024, 6, 1, 12, 1, 30, tzinfo=UTC)
        assert dt.datetime.now(UTC) == dt.datetime(2024, 6, 1, 12, 1, 30, tzinfo=UTC)
        sqs_mock.stop()
        # the freeze belongs to the test: stopping the mock leaves it (and the ticks) in place
        assert dt.datetime.now(UTC) == dt.datetime(2024, 6, 1, 12, 1, 30, tzinfo=UTC)


def test_clock_advance_shifts_a_time_machine_travel(sqs_mock: SqsMock) -> None:
    start = dt.datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        sqs_mock.clock.advance(dt.timedelta(minutes=5))
        assert sqs_mock.clock.now() == start + dt.timedelta(minutes=5)
        assert time.time() == (start + dt.timedelta(minutes=5)).timestamp()


@pytest.mark.parametrize("step", [31, 30.5, dt.timedelta(seconds=31)], ids=repr)
def test_clock_advance_makes_an_in_flight_message_visible(step: float | dt.timedelta) -> None:
    with mock_sqs() as sqs:
        client = _client()
        url = client.create_queue(QueueName="vt")["QueueUrl"]
        client.send_message(QueueUrl=url, MessageBody="retry me")
        client.receive_message(QueueUrl=url)
        assert "Messages" not in client.receive_message(QueueUrl=url)
        sqs.clock.advance(step)
        (again,) = client.receive_message(QueueUrl=url, AttributeNames=["All"])["Messages"]
        assert again["Attributes"]["ApproximateReceiveCount"] == "2"


def test_clock_advance_before_the_timeout_keeps_the_message_in_flight(
    sqs_mock: SqsMock, sqs_clock: Clock
) -> None:
    client = _client()
    url = client.create_queue(QueueName="vt")["QueueUrl"]
    client.send_message(QueueUrl=url, MessageBody="m")
    client.receive_message(QueueUrl=url)
    sqs_clock.advance(29.999)
    assert "Messages" not in client.receive_message(QueueUrl=url)
    assert [m.body for m in sqs_mock.queue("vt").in_flight] == ["m"]
    sqs_clock.advance(0.001)
    assert [m["Body"] for m in client.receive_message(QueueUrl=url)["Messages"]] == ["m"]


def test_clock_freezes_time_itself_and_releases_it_on_stop() -> None:
    real_start = time.time()
    with mock_sqs() as sqs:
        clock = sqs.clock
        assert not clock.frozen
        clock.advance(3600)
        assert clock.frozen
        assert time.time() - real_start >= 3600
        assert sqs.clock.now().timestamp() == pytest.approx(time.time())
        frozen_at = time.time()
        assert time.time() == frozen_at  # frozen: no ticking until advanced
    assert not clock.frozen
    assert abs(time.time() - real_start) < 60
    assert dt.datetime.now(UTC).timestamp() == pytest.approx(time.time(), abs=5)


def test_clock_advance_rejects_negative_time(sqs_mock: SqsMock) -> None:
    with pytest.raises(ClockError, match="cannot move time backwards") as info:
        sqs_mock.clock.advance(-1)
    assert isinstance(info.value, ValueError)
    with pytest.raises(ClockError):
        sqs_mock.clock.advance(dt.timedelta(seconds=-5))


@pytest.mark.parametrize("bad", ["x", None, True, [1]], ids=repr)
def test_clock_advance_rejects_non_durations(sqs_mock: SqsMock, bad: object) -> None:
    with pytest.raises(TypeError, match="takes seconds"):
        sqs_mock.clock.advance(bad)  # type: ignore[arg-type]


# -- environment variables ----------------------------------------------------------------------


def test_mock_sets_defaults_and_restores_the_environment(bare_environment: Path) -> None:
    with mock_sqs():
        assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
        # instance metadata is guarded inside botocore, not switched off through the environment
        assert "AWS_EC2_METADATA_DISABLED" not in os.environ
    for name in MOCK_ENV:
        assert name not in os.environ


def test_mock_region_option_is_the_default_region(bare_environment: Path) -> None:
    with mock_sqs(region="sa-east-1"):
        assert os.environ["AWS_DEFAULT_REGION"] == "sa-east-1"
    assert "AWS_DEFAULT_REGION" not in os.environ


def test_mock_never_overrides_variables_the_user_set(
    bare_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-north-1")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "false")
    with mock_sqs(region="sa-east-1"):
        assert os.environ["AWS_DEFAULT_REGION"] == "eu-north-1"
        assert os.environ["AWS_EC2_METADATA_DISABLED"] == "false"
        assert _client_region() == "eu-north-1"
    assert os.environ["AWS_DEFAULT_REGION"] == "eu-north-1"
    assert os.environ["AWS_EC2_METADATA_DISABLED"] == "false"


def _client_region() -> str:
    region: str = boto3.session.Session().client("sqs").meta.region_name
    return region


def test_mock_honours_aws_region_which_botocore_ignores(
    bare_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_REGION", "ca-central-1")
    with mock_sqs(region="sa-east-1"):
        assert os.environ["AWS_DEFAULT_REGION"] == "ca-central-1"
        assert _client_region() == "ca-central-1"
    assert "AWS_DEFAULT_REGION" not in os.environ
    assert os.environ["AWS_REGION"] == "ca-central-1"


def test_mock_respects_the_region_in_the_config_file(
    bare_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with mock_sqs():  # first with no config file: the mock sets the default region
        assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
    config = bare_environment / "config"
    config.write_text("[default]\nregion = eu-west-3\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    with mock_sqs():
        assert "AWS_DEFAULT_REGION" not in os.environ
        assert _client_region() == "eu-west-3"


def test_nested_mock_leaves_the_environment_to_the_outer_one(bare_environment: Path) -> None:
    with mock_sqs():
        with mock_sqs(region="eu-west-2"):
            assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
        assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
    for name in MOCK_ENV:
        assert name not in os.environ
