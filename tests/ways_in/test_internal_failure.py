"""A fault inside the simulation reaches HTTP clients as AWS's own InternalFailure (500)."""

from __future__ import annotations

import json
import logging
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from pytest_sqsmock.wire import http

NS = "{http://queue.amazonaws.com/doc/2012-11-05/}"


def _broken(operation: str, params: dict[str, Any], region: str) -> dict[str, Any]:
    raise ZeroDivisionError("a bug in the simulation")


def test_json_protocol(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="pytest_sqsmock"):
        answer = http.answer(
            _broken,
            method="POST",
            url="https://sqs.us-east-1.amazonaws.com/",
            headers={"X-Amz-Target": "AmazonSQS.ListQueues"},
            body=b"{}",
            default_region="us-east-1",
        )
    assert answer.status == 500
    assert answer.headers["x-amzn-query-error"] == "InternalFailure;Receiver"
    assert json.loads(answer.body) == {
        "__type": "com.amazon.coral.service#InternalFailure",
        "message": "The request processing has failed because of an unknown error, exception or "
        "failure. (pytest-sqsmock: ZeroDivisionError: a bug in the simulation)",
    }
    assert "pytest-sqsmock failed to answer ListQueues" in caplog.text
    assert "ZeroDivisionError" in caplog.text  # the traceback is logged for the bug report


def test_query_protocol() -> None:
    answer = http.answer(
        _broken,
        method="POST",
        url="https://sqs.us-east-1.amazonaws.com/",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        body=b"Action=ListQueues",
        default_region="us-east-1",
    )
    assert answer.status == 500
    error = ET.fromstring(answer.body).find(f"{NS}Error")
    assert error is not None
    assert error.findtext(f"{NS}Code") == "InternalFailure"
    assert error.findtext(f"{NS}Type") == "Receiver"


def test_sqs_errors_are_not_internal_failures() -> None:
    def missing(operation: str, params: dict[str, Any], region: str) -> dict[str, Any]:
        from pytest_sqsmock.model import errors

        raise errors.queue_does_not_exist()

    answer = http.answer(
        missing,
        method="POST",
        url="https://sqs.us-east-1.amazonaws.com/",
        headers={"X-Amz-Target": "AmazonSQS.GetQueueUrl"},
        body=b'{"QueueName": "nope"}',
        default_region="us-east-1",
    )
    assert answer.status == 400
    assert answer.headers["x-amzn-query-error"] == "AWS.SimpleQueueService.NonExistentQueue;Sender"
