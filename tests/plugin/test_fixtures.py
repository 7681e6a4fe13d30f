"""The fixtures, loaded through the pytest11 entry point: fresh state per test, nothing leaks."""

from __future__ import annotations

import importlib.metadata

import pytest

from .helpers import run

FIXTURES_MODULE = """
    from __future__ import annotations

    import json
    import os
    import time
    import urllib.error
    import urllib.request

    import boto3
    import pytest

    from pytest_sqsmock import SqsMock
    from pytest_sqsmock import mock as mock_module

    REAL_START = time.time()  # read at collection, before any mock freezes time


    def assert_nothing_active() -> None:
        assert "AWS_DEFAULT_REGION" not in os.environ
        assert abs(time.time() - REAL_START) < 600, "time is still frozen/moved"
        assert mock_module._active.state is None and mock_module._active.stack == []


    def test_before_any_mock() -> None:
        assert_nothing_active()


    def test_sqs_mock_is_started(sqs_mock: SqsMock) -> None:
        assert isinstance(sqs_mock, SqsMock) and sqs_mock.active
        assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
        client = boto3.client("sqs")
        url = client.create_queue(QueueName="leak")["QueueUrl"]
        assert url == "https://sqs.us-east-1.amazonaws.com/123456789012/leak"
        client.send_message(QueueUrl=url, MessageBody="left behind")
        client.receive_message(QueueUrl=url, VisibilityTimeout=600)
        assert sqs_mock.calls.operations == ["CreateQueue", "SendMessage", "ReceiveMessage"]
        sqs_mock.clock.advance(7200)  # freezes time two hours ahead


    def test_between_mocks() -> None:
        assert_nothing_active()


    def test_next_mock_starts_empty(sqs_mock: SqsMock) -> None:
        assert sqs_mock.calls == []
        assert list(sqs_mock) == []
        assert not sqs_mock.clock.frozen
        assert abs(time.time() - REAL_START) < 600
        client = boto3.client("sqs")
        with pytest.raises(client.exceptions.QueueDoesNotExist):
            client.get_queue_url(QueueName="leak")
        assert client.list_queues().get("QueueUrls", []) == []
        assert sqs_mock.calls.operations == ["GetQueueUrl", "ListQueues"]


    def test_sqs_clock_freezes_time(sqs_clock, sqs_mock: SqsMock) -> None:
        assert sqs_clock is sqs_mock.clock
        assert sqs_clock.frozen
        start = time.time()
        assert time.time() == start
        sqs_clock.advance(90)
        assert time.time() == pytest.approx(start + 90)
        assert sqs_clock.now_ms() == pytest.approx(start * 1000 + 90_000, abs=1)


    def test_clock_released(sqs_mock: SqsMock) -> None:
        assert not sqs_mock.clock.frozen
        assert abs(time.time() - REAL_START) < 600


    def test_sqs_client(sqs_client, sqs_mock: SqsMock) -> None:
        assert type(sqs_client).__name__ == "SQS"
        assert sqs_client.meta.region_name == "us-east-1"
        url = sqs_client.create_queue(QueueName="via-client")["QueueUrl"]
        assert sqs_mock.queue("via-client").url == url
        assert sqs_mock.calls.operations == ["CreateQueue"]


    @pytest.mark.sqs_mock(region="eu-west-1")
    def test_sqs_client_takes_the_mock_region(sqs_client, sqs_mock: SqsMock) -> None:
        assert sqs_client.meta.region_name == "eu-west-1"
        assert os.environ["AWS_DEFAULT_REGION"] == "eu-west-1"
        url = sqs_client.create_queue(QueueName="r")["QueueUrl"]
        assert url == "https://sqs.eu-west-1.amazonaws.com/123456789012/r"


    def test_views_and_calls(sqs_mock: SqsMock, sqs_clock) -> None:
        client = boto3.client("sqs")
        url = client.create_queue(QueueName="v")["QueueUrl"]
        client.send_message(QueueUrl=url, MessageBody='{"n": 1}')
        client.receive_message(QueueUrl=url, VisibilityTimeout=30)
        view = sqs_mock.queue("v")
        for _ in range(5):  # reading is not receiving
            assert view.json_bodies == [{"n": 1}]
            assert view.counts == {"visible": 0, "in_flight": 1, "delayed": 0}
            view.assert_has_message(json={"n": 1}, state="in_flight")
        sqs_clock.advance(30)
        (message,) = client.receive_message(
            QueueUrl=url, MessageSystemAttributeNames=["ApproximateReceiveCount"]
        )["Messages"]
        assert message["Attributes"]["ApproximateReceiveCount"] == "2"
        receives = sqs_mock.calls.filter("ReceiveMessage", queue="v", ok=True)
        assert receives.operations == ["ReceiveMessage", "ReceiveMessage"]
        sqs_mock.assert_sent("v", json={"n": 1}, count=1)
        sqs_mock.assert_no_errors()


    @pytest.fixture
    def user_region(monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")


    def test_user_region_is_kept(user_region: None, sqs_client, sqs_mock: SqsMock) -> None:
        assert os.environ["AWS_DEFAULT_REGION"] == "ap-south-1"
        assert sqs_client.meta.region_name == "ap-south-1"
        assert sqs_mock.default_region == "ap-south-1"


    SERVED: list[str] = []


    def post_json(url: str, operation: str, params: dict) -> dict:
        request = urllib.request.Request(
            url + "/",
            data=json.dumps(params).encode(),
            headers={
                "Content-Type": "application/x-amz-json-1.0",
                "X-Amz-Target": f"AmazonSQS.{operation}",
            },
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.loads(response.read())


    def test_sqs_server(sqs_server: str, sqs_mock: SqsMock) -> None:
        assert sqs_server.startswith("http://127.0.0.1:")
        assert sqs_mock.serve() == sqs_server
        url = post_json(sqs_server, "CreateQueue", {"QueueName": "served"})["QueueUrl"]
        assert url == sqs_server + "/123456789012/served"
        assert sqs_mock.queue("served").name == "served"
        assert sqs_mock.calls.operations == ["CreateQueue"]
        SERVED.append(sqs_server)


    def test_sqs_server_stopped_with_its_mock() -> None:
        (url,) = SERVED
        with pytest.raises(urllib.error.URLError):
            post_json(url, "ListQueues", {})


    def test_after_everything() -> None:
        assert_nothing_active()
"""


def test_fixtures_are_fresh_and_nothing_leaks(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_fixtures=FIXTURES_MODULE)
    result = run(pytester)
    result.assert_outcomes(passed=13)
    for name in (
        "test_before_any_mock",
        "test_sqs_mock_is_started",
        "test_between_mocks",
        "test_next_mock_starts_empty",
        "test_sqs_clock_freezes_time",
        "test_clock_released",
        "test_sqs_client",
        "test_sqs_client_takes_the_mock_region",
        "test_views_and_calls",
        "test_user_region_is_kept",
        "test_sqs_server",
        "test_sqs_server_stopped_with_its_mock",
        "test_after_everything",
    ):
        result.stdout.fnmatch_lines([f"PASSED test_fixtures.py::{name}"])


def test_plugin_is_registered_as_a_pytest11_entry_point() -> None:
    (entry,) = [
        e
        for e in importlib.metadata.entry_points(group="pytest11")
        if e.value == "pytest_sqsmock.plugin"
    ]
    assert entry.name == "sqsmock"
