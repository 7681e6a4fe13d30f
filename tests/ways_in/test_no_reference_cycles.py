"""Answers leave no reference cycles behind: everything a call makes is freed when it is dropped.

A cycle (an answer whose body stream is itself, an error whose traceback reaches the frames that
hold it) lives until the garbage collector runs; in a test making thousands of calls that means
more collections and colder caches on every call. These tests keep the garbage the collector
finds and check none of it is ours.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest
import requests

from pytest_sqsmock import SqsMock, mock_sqs
from pytest_sqsmock.adapters.botocore import _Response
from pytest_sqsmock.mock import Call
from pytest_sqsmock.model.errors import SqsError

OURS = (_Response, SqsError, Call)


@pytest.fixture
def collected_garbage() -> Callable[[SqsMock, Callable[[], object]], list[Any]]:
    """Run calls with the collector off; return the cyclic garbage of ours they left."""

    def run(mock: SqsMock, call: Callable[[], object]) -> list[Any]:
        for _ in range(5):  # first calls may fill caches of botocore's and ours
            call()
        mock.calls.clear()
        gc.collect()
        gc.disable()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            for _ in range(20):
                call()
            mock.calls.clear()  # the call log no longer holds them: only a cycle could
            gc.collect()
            return [found for found in gc.garbage if isinstance(found, OURS)]
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
            gc.enable()

    return run


def _json_post(operation: str, params: dict[str, Any]) -> requests.Response:
    return requests.post(
        "https://sqs.us-east-1.amazonaws.com/",
        data=json.dumps(params),
        headers={
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": f"AmazonSQS.{operation}",
        },
        timeout=10,
    )


@pytest.mark.parametrize("wire", [False, True], ids=["before-call", "wire"])
def test_botocore_answers_and_errors_leave_no_cycles(
    collected_garbage: Callable[[SqsMock, Callable[[], object]], list[Any]], wire: bool
) -> None:
    with mock_sqs(wire=wire) as mock:
        sqs = boto3.client("sqs", region_name="us-east-1")
        url = sqs.create_queue(QueueName="orders")["QueueUrl"]

        def round_trip() -> None:
            sqs.send_message(QueueUrl=url, MessageBody="placed")
            (message,) = sqs.receive_message(QueueUrl=url)["Messages"]
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])

        def failing() -> None:
            with pytest.raises(sqs.exceptions.QueueDoesNotExist):
                sqs.get_queue_url(QueueName="missing")

        assert collected_garbage(mock, round_trip) == []
        assert collected_garbage(mock, failing) == []


def test_requests_answers_and_errors_leave_no_cycles(
    collected_garbage: Callable[[SqsMock, Callable[[], object]], list[Any]],
) -> None:
    with mock_sqs() as mock:
        _json_post("CreateQueue", {"QueueName": "orders"})

        def listing() -> None:
            assert _json_post("ListQueues", {}).status_code == 200

        def failing() -> None:
            assert _json_post("GetQueueUrl", {"QueueName": "missing"}).status_code == 400

        assert collected_garbage(mock, listing) == []
        assert collected_garbage(mock, failing) == []
