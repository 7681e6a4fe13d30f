"""Errors reach async clients exactly as they reach sync ones: the same modeled exception class,
``Error.Code``, ``QueryErrorCode``, ``Type``, message and HTTP status.

Each case runs twice, in two fresh mocks: through a sync boto3 client, then through an
aiobotocore client, and the two outcomes are compared field by field (and with what the fact
sheet says, so both cannot be wrong the same way).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from aiobotocore.session import get_session
from botocore.exceptions import ClientError

from pytest_sqsmock import mock_sqs

pytestmark = pytest.mark.anyio

# (method name, params) steps; the last one must fail. "{url}" in a value is the queue's URL.
Step = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Case:
    steps: tuple[Step, ...]
    shape: str  # QueryErrorCode (the modeled exception class, when modeled)
    code: str  # Error.Code (the legacy awsQuery code)
    status: int
    modeled: bool = True
    fifo: bool = False


def batch(*entries: dict[str, Any]) -> Step:
    return ("send_message_batch", {"QueueUrl": "{url}", "Entries": list(entries)})


CASES = {
    "missing queue": Case(
        (("get_queue_url", {"QueueName": "missing"}),),
        "QueueDoesNotExist",
        "AWS.SimpleQueueService.NonExistentQueue",
        400,
    ),
    "queue name exists": Case(
        (("create_queue", {"QueueName": "q", "Attributes": {"VisibilityTimeout": "5"}}),),
        "QueueNameExists",
        "QueueAlreadyExists",
        400,
    ),
    "purge twice": Case(
        (("purge_queue", {"QueueUrl": "{url}"}), ("purge_queue", {"QueueUrl": "{url}"})),
        "PurgeQueueInProgress",
        "AWS.SimpleQueueService.PurgeQueueInProgress",
        403,
    ),
    "bad receipt handle": Case(
        (("delete_message", {"QueueUrl": "{url}", "ReceiptHandle": "nonsense"}),),
        "ReceiptHandleIsInvalid",
        "ReceiptHandleIsInvalid",
        404,
    ),
    "unknown attribute": Case(
        (("get_queue_attributes", {"QueueUrl": "{url}", "AttributeNames": ["Colour"]}),),
        "InvalidAttributeName",
        "InvalidAttributeName",
        400,
    ),
    "attribute out of range": Case(
        (
            (
                "set_queue_attributes",
                {"QueueUrl": "{url}", "Attributes": {"VisibilityTimeout": "43201"}},
            ),
        ),
        "InvalidAttributeValue",
        "InvalidAttributeValue",
        400,
    ),
    "invalid body": Case(
        (("send_message", {"QueueUrl": "{url}", "MessageBody": "bell\x07"}),),
        "InvalidMessageContents",
        "InvalidMessageContents",
        400,
    ),
    "empty batch": Case(
        (batch(),), "EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", 400
    ),
    "too many entries": Case(
        (batch(*({"Id": f"e{i}", "MessageBody": "x"} for i in range(11))),),
        "TooManyEntriesInBatchRequest",
        "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
        400,
    ),
    "duplicate ids": Case(
        (batch({"Id": "a", "MessageBody": "x"}, {"Id": "a", "MessageBody": "y"}),),
        "BatchEntryIdsNotDistinct",
        "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
        400,
    ),
    "delay out of range": Case(
        (("send_message", {"QueueUrl": "{url}", "MessageBody": "x", "DelaySeconds": 901}),),
        "InvalidParameterValueException",
        "InvalidParameterValue",
        400,
        modeled=False,
    ),
    "receive too many": Case(
        (("receive_message", {"QueueUrl": "{url}", "MaxNumberOfMessages": 11}),),
        "InvalidParameterValueException",
        "InvalidParameterValue",
        400,
        modeled=False,
    ),
    "long poll too long": Case(
        (("receive_message", {"QueueUrl": "{url}", "WaitTimeSeconds": 21}),),
        "InvalidParameterValueException",
        "InvalidParameterValue",
        400,
        modeled=False,
    ),
    "long poll on a deleted queue": Case(
        (
            ("delete_queue", {"QueueUrl": "{url}"}),
            ("receive_message", {"QueueUrl": "{url}", "WaitTimeSeconds": 1}),
        ),
        "QueueDoesNotExist",
        "AWS.SimpleQueueService.NonExistentQueue",
        400,
    ),
    "fifo send without group": Case(
        (("send_message", {"QueueUrl": "{url}", "MessageBody": "x"}),),
        "MissingRequiredParameterException",
        "MissingParameter",
        400,
        modeled=False,
        fifo=True,
    ),
}


@dataclass(frozen=True)
class Outcome:
    exception: str
    modeled: bool
    error: dict[str, Any]
    status: int


def _params(params: dict[str, Any], url: str) -> dict[str, Any]:
    return {k: url if v == "{url}" else v for k, v in params.items()}


def _queue_args(case: Case) -> dict[str, Any]:
    if case.fifo:
        return {"QueueName": "q.fifo", "Attributes": {"FifoQueue": "true"}}
    return {"QueueName": "q"}


def _outcome(client: Any, error: ClientError) -> Outcome:
    shape = error.response["Error"]["QueryErrorCode"]
    modeled = type(error) is getattr(client.exceptions, shape, None)
    return Outcome(
        type(error).__name__,
        modeled,
        error.response["Error"],
        error.response["ResponseMetadata"]["HTTPStatusCode"],
    )


def run_sync(case: Case) -> Outcome:
    with mock_sqs():
        client = boto3.client("sqs", region_name="us-east-1")
        url = client.create_queue(**_queue_args(case))["QueueUrl"]
        *setup, (method, params) = case.steps
        for setup_method, setup_params in setup:
            getattr(client, setup_method)(**_params(setup_params, url))
        with pytest.raises(ClientError) as excinfo:
            getattr(client, method)(**_params(params, url))
        return _outcome(client, excinfo.value)


async def run_async(case: Case) -> Outcome:
    with mock_sqs():
        async with get_session().create_client("sqs", region_name="us-east-1") as client:
            url = (await client.create_queue(**_queue_args(case)))["QueueUrl"]
            *setup, (method, params) = case.steps
            for setup_method, setup_params in setup:
                await getattr(client, setup_method)(**_params(setup_params, url))
            with pytest.raises(ClientError) as excinfo:
                await getattr(client, method)(**_params(params, url))
            return _outcome(client, excinfo.value)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
async def test_async_error_equals_sync_error(case: Case) -> None:
    sync = run_sync(case)
    aio = await run_async(case)
    assert aio == sync
    # and both are what SQS answers
    assert aio.error["QueryErrorCode"] == case.shape
    assert aio.error["Code"] == case.code
    assert aio.error["Type"] == "Sender"
    assert aio.status == case.status
    assert aio.modeled is case.modeled
    assert aio.exception == (case.shape if case.modeled else "ClientError")


async def test_modeled_exception_is_catchable_through_the_client(aio_sqs: Any) -> None:
    with pytest.raises(aio_sqs.exceptions.QueueDoesNotExist) as excinfo:
        await aio_sqs.get_queue_url(QueueName="nowhere")
    assert excinfo.value.response["Error"]["Message"] == "The specified queue does not exist."
    assert excinfo.value.operation_name == "GetQueueUrl"
    assert str(excinfo.value) == (
        "An error occurred (AWS.SimpleQueueService.NonExistentQueue) when calling the "
        "GetQueueUrl operation: The specified queue does not exist."
    )


async def test_failed_async_calls_are_logged(aio_sqs: Any, sqs_mock: Any) -> None:
    with pytest.raises(aio_sqs.exceptions.QueueDoesNotExist):
        await aio_sqs.get_queue_url(QueueName="nowhere")
    [call] = sqs_mock.calls.failed
    assert call.operation == "GetQueueUrl"
    assert call.error_code == "AWS.SimpleQueueService.NonExistentQueue"
