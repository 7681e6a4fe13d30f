"""pytest-xdist: every worker has its own SQS; the failure report crosses the worker boundary."""

from __future__ import annotations

import re

import pytest

from .helpers import run

XDIST_MODULE = """
    from __future__ import annotations

    import os

    import boto3
    import pytest


    @pytest.mark.parametrize("n", range(12))
    def test_same_queue_name_in_every_worker(sqs_mock, sqs_clock, n: int) -> None:
        me = f"{os.environ['PYTEST_XDIST_WORKER']}-{n}"
        client = boto3.client("sqs")
        url = client.create_queue(QueueName="shared", Attributes={"DelaySeconds": "5"})["QueueUrl"]
        client.send_message(QueueUrl=url, MessageBody=me)
        sqs_clock.advance(5)
        messages = client.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
        assert [m["Body"] for m in messages] == [me]
        assert [v.name for v in sqs_mock] == ["shared"]
        assert sqs_mock.calls.operations == ["CreateQueue", "SendMessage", "ReceiveMessage"]


    @pytest.mark.sqs_mock(queues=["declared"])
    def test_failing_in_a_worker(sqs_mock) -> None:
        boto3.client("sqs").list_queues()
        raise AssertionError("the test failed")
"""


def test_workers_are_isolated(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_parallel=XDIST_MODULE)
    result = run(pytester, "-n", "2", "-v")
    result.assert_outcomes(passed=12, failed=1)
    output = result.stdout.str()
    result.stdout.fnmatch_lines(["created: 2/2 workers"])
    workers = set(re.findall(r"^\[(gw\d)\] .*PASSED test_parallel\.py::", output, re.M))
    assert workers == {"gw0", "gw1"}, "both workers must run some of the tests"
    # the report section is added in the worker and shown by the controller
    result.stdout.fnmatch_lines(
        [
            "*_ test_failing_in_a_worker _*",
            "*- SQS calls -*",
            "+*s ListQueues -> ok",
            "*- SQS queues -*",
            "declared: 0 visible, 0 in flight, 0 delayed",
        ]
    )
