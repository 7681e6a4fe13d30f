"""``@mock_sqs`` on ``async def`` tests and the pytest fixtures and marker in async tests."""

from __future__ import annotations

import json
import textwrap
from typing import Any

import aioboto3
import pytest
from aiobotocore.session import get_session
from botocore.exceptions import EndpointConnectionError

from pytest_sqsmock import SqsMock, mock_sqs

pytestmark = pytest.mark.anyio

FAKE_CREDENTIALS = {"aws_access_key_id": "AKIAFAKE", "aws_secret_access_key": "fake-secret"}


# -- @mock_sqs on async tests --------------------------------------------------------------------


@mock_sqs
async def test_bare_decorator_on_an_async_test(network_attempts: list[object]) -> None:
    async with get_session().create_client("sqs", region_name="us-east-1") as client:
        url = (await client.create_queue(QueueName="decorated"))["QueueUrl"]
        await client.send_message(QueueUrl=url, MessageBody="hi")
        [message] = (await client.receive_message(QueueUrl=url))["Messages"]
    assert message["Body"] == "hi"
    assert network_attempts == []


@mock_sqs(region="eu-central-1", account_id="210987654321", queues=["declared"])
async def test_decorator_with_options_on_an_async_test() -> None:
    async with aioboto3.Session().client("sqs") as client:
        url = (await client.get_queue_url(QueueName="declared"))["QueueUrl"]
    assert url == "https://sqs.eu-central-1.amazonaws.com/210987654321/declared"


@mock_sqs
class TestDecoratedClass:
    async def test_async_method(self) -> None:
        async with get_session().create_client("sqs", region_name="us-east-1") as client:
            url = (await client.create_queue(QueueName="in-class"))["QueueUrl"]
            assert (await client.list_queues())["QueueUrls"] == [url]

    async def test_each_method_gets_a_fresh_mock(self) -> None:
        async with get_session().create_client("sqs", region_name="us-east-1") as client:
            assert "QueueUrls" not in await client.list_queues()


async def test_decorated_coroutine_stops_its_mock_when_it_returns(
    network_attempts: list[object],
) -> None:
    from aiobotocore.config import AioConfig

    config = AioConfig(retries={"total_max_attempts": 1})
    async with get_session().create_client(
        "sqs", region_name="us-east-1", config=config, **FAKE_CREDENTIALS
    ) as client:

        @mock_sqs
        async def create() -> str:
            url: str = (await client.create_queue(QueueName="inner"))["QueueUrl"]
            return url

        assert await create() == "https://sqs.us-east-1.amazonaws.com/123456789012/inner"
        assert network_attempts == []
        with pytest.raises(EndpointConnectionError):  # no mock any more: the network path
            await client.get_queue_url(QueueName="inner")
    assert network_attempts


async def test_decorated_coroutine_stops_its_mock_when_it_raises() -> None:
    @mock_sqs
    async def fail() -> None:
        async with get_session().create_client("sqs", region_name="us-east-1") as client:
            await client.get_queue_url(QueueName="missing")

    with pytest.raises(Exception, match="NonExistentQueue"):
        await fail()
    with mock_sqs() as fresh:  # the failed mock is gone: a new one starts empty
        assert fresh.calls == []
        async with get_session().create_client("sqs", region_name="us-east-1") as client:
            assert "QueueUrls" not in await client.list_queues()


# -- fixtures and marker in async tests ----------------------------------------------------------


async def test_sqs_mock_fixture_sees_async_calls(aio_sqs: Any, sqs_mock: SqsMock) -> None:
    url = (await aio_sqs.create_queue(QueueName="orders"))["QueueUrl"]
    await aio_sqs.send_message(
        QueueUrl=url,
        MessageBody=json.dumps({"id": 7}),
        MessageAttributes={"kind": {"DataType": "String", "StringValue": "created"}},
    )
    sqs_mock.assert_sent("orders", json={"id": 7}, attributes={"kind": "created"})
    sqs_mock.queue("orders").assert_has_message(json={"id": 7}, state="visible")
    assert sqs_mock.calls.filter("SendMessage", queue="orders").operations == ["SendMessage"]


@pytest.mark.sqs_mock(queues=[{"QueueName": "work", "dead_letter": 2}])
async def test_marker_queues_are_there_for_async_clients(
    aio_sqs: Any, sqs_mock: SqsMock, sqs_clock: Any
) -> None:
    url = (await aio_sqs.get_queue_url(QueueName="work"))["QueueUrl"]
    await aio_sqs.send_message(QueueUrl=url, MessageBody="poison")
    for _ in range(2):
        await aio_sqs.receive_message(QueueUrl=url, VisibilityTimeout=0)
    assert (await aio_sqs.receive_message(QueueUrl=url)).get("Messages") is None
    sqs_mock.queue("work").assert_dead_lettered(1)


async def test_sqs_client_fixture_works_beside_async_clients(sqs_client: Any, aio_sqs: Any) -> None:
    url = sqs_client.create_queue(QueueName="mixed")["QueueUrl"]
    await aio_sqs.send_message(QueueUrl=url, MessageBody="from async")
    [message] = sqs_client.receive_message(QueueUrl=url)["Messages"]
    assert message["Body"] == "from async"


# -- the failure report ---------------------------------------------------------------------------


def test_failing_async_test_reports_its_sqs_calls(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        textwrap.dedent(
            """
            import pytest
            from aiobotocore.session import get_session

            @pytest.mark.anyio
            @pytest.mark.parametrize("anyio_backend", ["asyncio"])
            async def test_orders(sqs_mock, anyio_backend):
                async with get_session().create_client("sqs", region_name="us-east-1") as c:
                    url = (await c.create_queue(QueueName="orders"))["QueueUrl"]
                    await c.send_message(QueueUrl=url, MessageBody="lost")
                    await c.receive_message(QueueUrl=url, WaitTimeSeconds=0)
                assert sqs_mock.queue("orders").bodies == []
            """
        )
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*- SQS calls -*",
            "*CreateQueue orders*-> ok*",
            "*SendMessage orders*-> ok*",
            "*ReceiveMessage orders*-> ok 1 message*",
            "*- SQS queues -*",
            "orders: 0 visible, 1 in flight*",
        ]
    )
