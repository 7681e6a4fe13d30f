"""The error contract botocore users see: class, legacy code, query code, type, status, message."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from botocore.exceptions import ClientError, ParamValidationError

from pytest_sqsmock import SqsMock


@dataclass(frozen=True)
class Case:
    """One way to provoke an error, and everything the client should then see."""

    operation: str
    trigger: Callable[[Any, str], object]
    shape: str  # the exception class name (botocore's QueryErrorCode)
    code: str  # the legacy awsQuery code (Error.Code)
    status: int
    message: str | None  # exact, where the fact sheet or fidelity.md gives it
    modeled: bool = True


def _purge_twice(sqs: Any, url: str) -> None:
    sqs.purge_queue(QueueUrl=url)
    sqs.purge_queue(QueueUrl=url)


def _send_batch(entries: list[dict[str, Any]]) -> Callable[[Any, str], object]:
    return lambda sqs, url: sqs.send_message_batch(QueueUrl=url, Entries=entries)


MODELED = [
    Case(
        "GetQueueUrl",
        lambda sqs, url: sqs.get_queue_url(QueueName="missing"),
        "QueueDoesNotExist",
        "AWS.SimpleQueueService.NonExistentQueue",
        400,
        "The specified queue does not exist.",
    ),
    Case(
        "CreateQueue",
        lambda sqs, url: sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "5"}),
        "QueueNameExists",
        "QueueAlreadyExists",
        400,
        "A queue already exists with the same name and a different value for attribute "
        "VisibilityTimeout",
    ),
    Case(
        "PurgeQueue",
        _purge_twice,
        "PurgeQueueInProgress",
        "AWS.SimpleQueueService.PurgeQueueInProgress",
        403,
        "Only one PurgeQueue operation on q is allowed every 60 seconds.",
    ),
    Case(
        "DeleteMessage",
        lambda sqs, url: sqs.delete_message(QueueUrl=url, ReceiptHandle="nonsense"),
        "ReceiptHandleIsInvalid",
        "ReceiptHandleIsInvalid",
        404,
        'The input receipt handle "nonsense" is not a valid receipt handle.',
    ),
    Case(
        "GetQueueAttributes",
        lambda sqs, url: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Colour"]),
        "InvalidAttributeName",
        "InvalidAttributeName",
        400,
        "Unknown Attribute Colour.",
    ),
    Case(
        "SetQueueAttributes",
        lambda sqs, url: sqs.set_queue_attributes(
            QueueUrl=url, Attributes={"VisibilityTimeout": "43201"}
        ),
        "InvalidAttributeValue",
        "InvalidAttributeValue",
        400,
        "Invalid value for the parameter VisibilityTimeout.",
    ),
    Case(
        "SendMessage",
        lambda sqs, url: sqs.send_message(QueueUrl=url, MessageBody="bell\x07"),
        "InvalidMessageContents",
        "InvalidMessageContents",
        400,
        None,
    ),
    Case(
        "SendMessageBatch",
        _send_batch([]),
        "EmptyBatchRequest",
        "AWS.SimpleQueueService.EmptyBatchRequest",
        400,
        None,
    ),
    Case(
        "SendMessageBatch",
        _send_batch([{"Id": f"e{i}", "MessageBody": "x"} for i in range(12)]),
        "TooManyEntriesInBatchRequest",
        "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
        400,
        "Maximum number of entries per request are 10. You have sent 12.",
    ),
    Case(
        "SendMessageBatch",
        _send_batch([{"Id": "a", "MessageBody": "x"}, {"Id": "a", "MessageBody": "y"}]),
        "BatchEntryIdsNotDistinct",
        "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
        400,
        None,
    ),
    Case(
        "SendMessageBatch",
        _send_batch([{"Id": "no spaces", "MessageBody": "x"}]),
        "InvalidBatchEntryId",
        "AWS.SimpleQueueService.InvalidBatchEntryId",
        400,
        "A batch entry id can only contain alphanumeric characters, hyphens and underscores. "
        "It can be at most 80 letters long.",
    ),
    Case(
        "SendMessageBatch",
        _send_batch([{"Id": f"e{i}", "MessageBody": "x" * 300_000} for i in range(4)]),
        "BatchRequestTooLong",
        "AWS.SimpleQueueService.BatchRequestTooLong",
        400,
        "Batch requests cannot be longer than 1048576 bytes. You have sent 1200000 bytes.",
    ),
]

UNMODELED = [
    Case(
        "SendMessage",
        lambda sqs, url: sqs.send_message(QueueUrl=url, MessageBody="x", DelaySeconds=901),
        "InvalidParameterValueException",
        "InvalidParameterValue",
        400,
        "Value 901 for parameter DelaySeconds is invalid. "
        "Reason: DelaySeconds must be >= 0 and <= 900.",
        modeled=False,
    ),
    Case(
        "SendMessage",
        lambda sqs, url: sqs.send_message(QueueUrl=url, MessageBody=""),
        "MissingRequiredParameterException",
        "MissingParameter",
        400,
        "The request must contain the parameter MessageBody.",
        modeled=False,
    ),
    Case(
        "ReceiveMessage",
        lambda sqs, url: sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=11),
        "InvalidParameterValueException",
        "InvalidParameterValue",
        400,
        "Value 11 for parameter MaxNumberOfMessages is invalid. "
        "Reason: Must be between 1 and 10, if provided.",
        modeled=False,
    ),
]

ALL_CASES = [pytest.param(case, id=f"{case.operation}-{case.shape}") for case in MODELED] + [
    pytest.param(case, id=f"{case.operation}-{case.code}") for case in UNMODELED
]


def provoke(sqs: Any, url: str, case: Case) -> ClientError:
    with pytest.raises(ClientError) as excinfo:
        case.trigger(sqs, url)
    return excinfo.value


@pytest.mark.parametrize("case", ALL_CASES)
def test_exception_class(sqs: Any, queue_url: str, case: Case) -> None:
    exc = provoke(sqs, queue_url, case)
    if case.modeled:
        assert type(exc) is getattr(sqs.exceptions, case.shape)
    else:
        assert type(exc) is ClientError
        assert not hasattr(sqs.exceptions, case.shape)


@pytest.mark.parametrize("case", ALL_CASES)
def test_error_fields(sqs: Any, queue_url: str, case: Case) -> None:
    error = provoke(sqs, queue_url, case).response["Error"]
    assert error["Code"] == case.code
    assert error["QueryErrorCode"] == case.shape
    assert error["Type"] == "Sender"
    assert isinstance(error["Message"], str)
    assert error["Message"]
    if case.message is not None:
        assert error["Message"] == case.message


@pytest.mark.parametrize("case", ALL_CASES)
def test_http_status_and_response_metadata(sqs: Any, queue_url: str, case: Case) -> None:
    response = provoke(sqs, queue_url, case).response
    assert set(response) == {"Error", "ResponseMetadata"}
    metadata = response["ResponseMetadata"]
    assert metadata["HTTPStatusCode"] == case.status
    assert isinstance(metadata["RequestId"], str)
    assert metadata["RequestId"]
    assert metadata["RetryAttempts"] == 0
    assert metadata["HTTPHeaders"]["x-amzn-query-error"] == f"{case.code};Sender"


@pytest.mark.parametrize("case", ALL_CASES)
def test_str_shows_the_legacy_code(sqs: Any, queue_url: str, case: Case) -> None:
    exc = provoke(sqs, queue_url, case)
    message = exc.response["Error"]["Message"]
    assert str(exc) == (
        f"An error occurred ({case.code}) when calling the {case.operation} operation: {message}"
    )


@pytest.mark.parametrize("case", ALL_CASES)
def test_error_is_recorded_in_the_call_log(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, case: Case
) -> None:
    provoke(sqs, queue_url, case)
    last = sqs_mock.calls[-1]
    assert last.operation == case.operation
    assert not last.ok
    assert last.error is not None
    assert (last.error.shape, last.error.code, last.error.status) == (
        case.shape,
        case.code,
        case.status,
    )


def test_request_ids_differ_between_calls(sqs: Any, queue_url: str) -> None:
    first = provoke(sqs, queue_url, MODELED[0]).response["ResponseMetadata"]["RequestId"]
    second = provoke(sqs, queue_url, MODELED[0]).response["ResponseMetadata"]["RequestId"]
    assert first != second


def test_modeled_errors_are_client_errors(sqs: Any) -> None:
    assert issubclass(sqs.exceptions.QueueDoesNotExist, ClientError)
    with pytest.raises(ClientError) as excinfo:  # what most user code catches
        sqs.get_queue_url(QueueName="missing")
    assert isinstance(excinfo.value, sqs.exceptions.QueueDoesNotExist)


# -- client-side validation -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("send_message", {}),  # no MessageBody
        ("receive_message", {"QueueUrl": None}),  # no QueueUrl
        ("change_message_visibility", {"ReceiptHandle": "h"}),  # no VisibilityTimeout
        ("receive_message", {"MaxNumberOfMessages": "5"}),  # wrong type
        ("send_message_batch", {"Entries": [{"Id": "a"}]}),  # entry without MessageBody
    ],
)
def test_param_validation_happens_client_side(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, method: str, params: dict[str, Any]
) -> None:
    kwargs = {"QueueUrl": queue_url, **params}
    kwargs = {key: value for key, value in kwargs.items() if value is not None}
    calls_before = list(sqs_mock.calls)
    with pytest.raises(ParamValidationError):
        getattr(sqs, method)(**kwargs)
    assert sqs_mock.calls == calls_before
    assert sqs_mock.queue("q").messages == []
