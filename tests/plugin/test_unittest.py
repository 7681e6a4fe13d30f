"""``@mock_sqs`` on a ``unittest.TestCase`` class, run by pytest."""

from __future__ import annotations

import pytest

from .helpers import run

UNITTEST_MODULE = """
    from __future__ import annotations

    import unittest

    import boto3

    from pytest_sqsmock import mock as mock_module
    from pytest_sqsmock import mock_sqs


    @mock_sqs
    class TestOrders(unittest.TestCase):
        def setUp(self) -> None:
            # setUp already runs inside the mock
            self.client = boto3.client("sqs", region_name="us-east-1")
            self.url = self.client.create_queue(QueueName="orders")["QueueUrl"]

        def test_send_and_receive(self) -> None:
            self.client.send_message(QueueUrl=self.url, MessageBody="a")
            messages = self.client.receive_message(QueueUrl=self.url)["Messages"]
            self.assertEqual([m["Body"] for m in messages], ["a"])

        def test_each_test_gets_a_fresh_mock(self) -> None:
            self.assertNotIn("Messages", self.client.receive_message(QueueUrl=self.url))
            self.assertEqual(self.client.list_queues()["QueueUrls"], [self.url])
            (started,) = mock_module._active.stack
            operations = ["CreateQueue", "ReceiveMessage", "ListQueues"]
            self.assertEqual(started.calls.operations, operations)

        def helper_not_a_test(self) -> None:
            raise AssertionError("never called")


    @mock_sqs(region="eu-west-1", queues=["declared"])
    class TestWithOptions(unittest.TestCase):
        def test_options_apply(self) -> None:
            client = boto3.client("sqs")
            self.assertEqual(
                client.get_queue_url(QueueName="declared")["QueueUrl"],
                "https://sqs.eu-west-1.amazonaws.com/123456789012/declared",
            )


    @mock_sqs
    class TestWithoutSetUp(unittest.TestCase):
        def test_mock_is_active(self) -> None:
            self.assertIsNotNone(mock_module._active.state)


    @mock_sqs
    class TestFailingSetUp(unittest.TestCase):
        def setUp(self) -> None:
            boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="half-done")
            raise RuntimeError("setUp broke")

        def test_never_runs(self) -> None:
            raise AssertionError("not reached")


    class TestAfterwards(unittest.TestCase):
        def test_every_mock_stopped(self) -> None:
            self.assertIsNone(mock_module._active.state)
            self.assertEqual(mock_module._active.stack, [])
"""


def test_mock_sqs_on_a_test_case_class(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_cases=UNITTEST_MODULE)
    result = run(pytester)
    result.assert_outcomes(passed=5, failed=1)
    for line in (
        "PASSED test_cases.py::TestOrders::test_send_and_receive",
        "PASSED test_cases.py::TestOrders::test_each_test_gets_a_fresh_mock",
        "PASSED test_cases.py::TestWithOptions::test_options_apply",
        "PASSED test_cases.py::TestWithoutSetUp::test_mock_is_active",
        "PASSED test_cases.py::TestAfterwards::test_every_mock_stopped",
        "FAILED test_cases.py::TestFailingSetUp::test_never_runs - RuntimeError*",
    ):
        result.stdout.fnmatch_lines([line])
    # the failing case made an SQS call inside the mock: the report shows it
    result.stdout.fnmatch_lines(
        [
            "*_ TestFailingSetUp.test_never_runs _*",
            "*RuntimeError: setUp broke",
            "*- SQS calls -*",
            "+*s CreateQueue half-done -> ok QueueUrl=https://sqs.us-east-1.amazonaws.com/"
            "123456789012/half-done",
            "*- SQS queues -*",
            "half-done: 0 visible, 0 in flight, 0 delayed",
        ]
    )
