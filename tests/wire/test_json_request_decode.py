"""awsJson1.0 requests: what botocore's JSON serializer sends decodes back to the caller's params.

``json_protocol.decode_request`` is what a wire adapter (HTTP server, ``responses``) runs on a
request body; the before-call fast path skips it. Both must hand the API the same params.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from botocore.serialize import create_serializer

from pytest_sqsmock import SqsMock
from pytest_sqsmock.api import OPERATIONS
from pytest_sqsmock.model.errors import SqsError
from pytest_sqsmock.wire.json_protocol import decode_request, normalize_params

from .test_fast_path_matches_parser import ERRORS, PNG, SUCCESS, ErrorAction, Scenario
from .test_query_protocol import FULL_SEND, REQUESTS


def json_body(client: Any, operation: str, params: dict[str, Any]) -> bytes:
    """Return the request body botocore's JSON serializer produces for SQS."""
    operation_model = client.meta.service_model.operation_model(operation)
    request = create_serializer("json").serialize_to_request(params, operation_model)
    assert request["headers"]["X-Amz-Target"] == f"AmazonSQS.{operation}"
    body: bytes = request["body"]
    return body


def test_request_samples_cover_every_operation() -> None:
    assert {operation for operation, _ in REQUESTS} == set(OPERATIONS)


@pytest.mark.parametrize(
    ("operation", "params"), REQUESTS, ids=[f"{op}-{i}" for i, (op, _) in enumerate(REQUESTS)]
)
def test_serialized_request_decodes_to_the_same_params(
    sqs: Any, operation: str, params: dict[str, Any]
) -> None:
    assert decode_request(operation, json_body(sqs, operation, params)) == params


@pytest.mark.parametrize(
    ("operation", "params"), REQUESTS, ids=[f"{op}-{i}" for i, (op, _) in enumerate(REQUESTS)]
)
def test_decoded_params_equal_what_the_fast_path_hands_the_api(
    sqs: Any, operation: str, params: dict[str, Any]
) -> None:
    assert decode_request(operation, json_body(sqs, operation, params)) == normalize_params(
        operation, params
    )


def test_binary_values_are_base64_on_the_wire_and_bytes_after_decoding(sqs: Any) -> None:
    body = json_body(sqs, "SendMessage", FULL_SEND)
    on_wire = json.loads(body)["MessageAttributes"]
    assert on_wire["blob"]["BinaryValue"] == base64.b64encode(PNG).decode("ascii")
    decoded = decode_request("SendMessage", body)["MessageAttributes"]
    assert decoded["blob"]["BinaryValue"] == PNG
    assert decoded["lists"]["BinaryListValues"] == [b"\x00", b"\xff\xfe"]


def test_batch_entry_binary_values_are_decoded(sqs: Any) -> None:
    params = {
        "QueueUrl": FULL_SEND["QueueUrl"],
        "Entries": [
            {"Id": "a", "MessageBody": "x", "MessageAttributes": FULL_SEND["MessageAttributes"]},
            {"Id": "b", "MessageBody": "y", "MessageSystemAttributes": {}},
        ],
    }
    decoded = decode_request("SendMessageBatch", json_body(sqs, "SendMessageBatch", params))
    assert decoded["Entries"][0]["MessageAttributes"]["raw"]["BinaryValue"] == b"\x1f\x8b\x08\x00"
    assert decoded == params


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'"text"'])
def test_body_that_is_not_a_json_object_is_a_serialization_error(body: bytes) -> None:
    with pytest.raises(SqsError) as info:
        decode_request("SendMessage", body)
    assert (info.value.shape, info.value.status) == ("SerializationException", 400)
    assert info.value.namespace == "com.amazon.coral.service"


def test_empty_body_decodes_to_no_params() -> None:
    assert decode_request("ListQueues", b"") == {}
    assert decode_request("ListQueues", None) == {}


def test_binary_value_that_is_not_base64_is_invalid() -> None:
    body = json.dumps(
        {
            "QueueUrl": "u",
            "MessageBody": "b",
            "MessageAttributes": {"a": {"DataType": "Binary", "BinaryValue": "not base64!"}},
        }
    )
    with pytest.raises(SqsError) as info:
        decode_request("SendMessage", body)
    assert info.value.code == "InvalidParameterValue"


# -- every call of the fast-path scenarios ------------------------------------------------------


def _check_calls(sqs: Any, mock: SqsMock) -> None:
    assert mock.calls
    for call in mock.calls:
        decoded = decode_request(call.operation, json_body(sqs, call.operation, call.params))
        assert decoded == call.params, call


@pytest.mark.parametrize(
    ("operation", "scenario"), SUCCESS, ids=[scenario.__name__[1:] for _, scenario in SUCCESS]
)
def test_every_call_of_a_success_scenario_decodes(
    sqs: Any,
    sqs_mock: SqsMock,
    queue_url: str,
    fifo_url: str,
    operation: str,
    scenario: Scenario,
) -> None:
    scenario(sqs, queue_url, fifo_url)
    assert operation in sqs_mock.calls.operations
    _check_calls(sqs, sqs_mock)


ERROR_ACTIONS = [action for action, *_ in ERRORS]


@pytest.mark.parametrize(
    "action", ERROR_ACTIONS, ids=[action.__name__[len("_error_") :] for action in ERROR_ACTIONS]
)
def test_every_call_of_an_error_scenario_decodes(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, fifo_url: str, action: ErrorAction
) -> None:
    with pytest.raises(ClientError):
        action(sqs, queue_url, fifo_url)
    assert not sqs_mock.calls[-1].ok
    _check_calls(sqs, sqs_mock)


def test_bad_base64_in_binary_list_values_is_aws_error_not_traceback() -> None:
    body = json.dumps(
        {
            "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
            "MessageBody": "x",
            "MessageAttributes": {"a": {"DataType": "Binary", "BinaryListValues": ["abc"]}},
        }
    ).encode()
    with pytest.raises(SqsError) as raised:
        decode_request("SendMessage", body)
    assert raised.value.code == "InvalidParameterValue"
    assert raised.value.status == 400
