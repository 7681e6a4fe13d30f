"""The legacy query protocol, checked against botocore's own query serializer and parser.

Requests: params -> botocore's query serializer (with the query-protocol SQS model the codec
builds) -> the form-encoded bytes botocore would send -> ``decode_request`` -> the same params.
Responses: every call the fast-path scenarios make is answered again as XML (``encode_result`` /
``encode_error``), parsed by botocore's query parser, and compared with what the client got.

Two differences are inherent to the protocol and applied explicitly (``_wire_equivalent`` and
``_xml_visible``): ReceiveMessage's MessageSystemAttributeNames travels as ``AttributeName.N``,
the wire name of the deprecated AttributeNames; and an empty flattened list or map is no XML
element (and no form field, for maps) at all.
"""

from __future__ import annotations

import base64
import string
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl
from xml.etree import ElementTree

import pytest
from botocore.awsrequest import AWSRequest
from botocore.exceptions import ClientError
from botocore.parsers import create_parser
from botocore.serialize import create_serializer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_sqsmock import SqsMock
from pytest_sqsmock.api import OPERATIONS
from pytest_sqsmock.mock import Call
from pytest_sqsmock.model import errors
from pytest_sqsmock.model.errors import SqsError
from pytest_sqsmock.wire import query_protocol
from pytest_sqsmock.wire.query_protocol import (
    XML_NAMESPACE,
    decode_request,
    encode_error,
    encode_result,
    service_model,
)

from .test_fast_path_matches_parser import ERRORS, PNG, SUCCESS, ErrorAction, Scenario

URL = "https://sqs.us-east-1.amazonaws.com/123456789012/q"
FIFO_URL = URL + ".fifo"
ARN = "arn:aws:sqs:us-east-1:123456789012:q"
REQUEST_ID = "5e1e6a2b-6c3e-5ad1-9c9f-0123456789ab"

ALL_TYPES: dict[str, Any] = {
    "text": {"DataType": "String", "StringValue": "héllo & <world> +=%?\r\n\ttab"},
    "count": {"DataType": "Number", "StringValue": "-42.5e3"},
    "blob": {"DataType": "Binary", "BinaryValue": PNG},
    "kind": {"DataType": "String.custom", "StringValue": "order"},
    "raw": {"DataType": "Binary.gzip", "BinaryValue": b"\x1f\x8b\x08\x00"},
    "num.int": {"DataType": "Number.int", "StringValue": "7"},
    "lists": {
        "DataType": "String",
        "StringListValues": ["a", "b c"],
        "BinaryListValues": [b"\x00", b"\xff\xfe"],
    },
}
TRACE = {"AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-5759e988-bd862e3fe"}}

FULL_SEND: dict[str, Any] = {
    "QueueUrl": FIFO_URL,
    "MessageBody": 'ünïcode & <xml> "quotes" +=%\r\n\ttab 🎉',
    "DelaySeconds": 900,
    "MessageAttributes": ALL_TYPES,
    "MessageSystemAttributes": TRACE,
    "MessageGroupId": "group-1",
    "MessageDeduplicationId": "dedup-1",
}

# (operation, params): realistic calls of every operation, as botocore's callers pass them.
REQUESTS: list[tuple[str, dict[str, Any]]] = [
    (
        "AddPermission",
        {
            "QueueUrl": URL,
            "Label": "shared",
            "AWSAccountIds": ["111122223333", "444455556666"],
            "Actions": ["SendMessage", "ReceiveMessage"],
        },
    ),
    ("CancelMessageMoveTask", {"TaskHandle": "eyJ0YXNrSWQiOiJkYTFiNmVhNy0zNGQ4In0="}),
    (
        "ChangeMessageVisibility",
        {"QueueUrl": URL, "ReceiptHandle": "h+/=1", "VisibilityTimeout": 0},
    ),
    (
        "ChangeMessageVisibilityBatch",
        {
            "QueueUrl": URL,
            "Entries": [
                {"Id": "a", "ReceiptHandle": "h1", "VisibilityTimeout": 120},
                {"Id": "b", "ReceiptHandle": "h2"},
            ],
        },
    ),
    ("CreateQueue", {"QueueName": "plain"}),
    (
        "CreateQueue",
        {
            "QueueName": "orders.fifo",
            "Attributes": {
                "FifoQueue": "true",
                "VisibilityTimeout": "45",
                "RedrivePolicy": '{"deadLetterTargetArn":"' + ARN + '","maxReceiveCount":"3"}',
                "Policy": '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}',
            },
            "tags": {"team": "payments", "cost center": "42/a=b&c"},
        },
    ),
    ("DeleteMessage", {"QueueUrl": URL, "ReceiptHandle": "AQEB/abc+def=="}),
    (
        "DeleteMessageBatch",
        {"QueueUrl": URL, "Entries": [{"Id": "one", "ReceiptHandle": "h1"}]},
    ),
    ("DeleteMessageBatch", {"QueueUrl": URL, "Entries": []}),
    ("DeleteQueue", {"QueueUrl": URL}),
    ("GetQueueAttributes", {"QueueUrl": URL, "AttributeNames": ["All"]}),
    ("GetQueueAttributes", {"QueueUrl": URL, "AttributeNames": ["VisibilityTimeout", "QueueArn"]}),
    ("GetQueueAttributes", {"QueueUrl": URL, "AttributeNames": []}),
    ("GetQueueUrl", {"QueueName": "q", "QueueOwnerAWSAccountId": "123456789012"}),
    ("ListDeadLetterSourceQueues", {"QueueUrl": URL, "MaxResults": 1, "NextToken": "tok=="}),
    ("ListMessageMoveTasks", {"SourceArn": ARN, "MaxResults": 10}),
    ("ListQueueTags", {"QueueUrl": URL}),
    ("ListQueues", {}),
    ("ListQueues", {"QueueNamePrefix": "", "MaxResults": 1000, "NextToken": "abc"}),
    ("PurgeQueue", {"QueueUrl": URL}),
    (
        "ReceiveMessage",
        {
            "QueueUrl": URL,
            "AttributeNames": ["SentTimestamp", "ApproximateReceiveCount"],
            "MessageAttributeNames": ["All", "prefix.*"],
            "MaxNumberOfMessages": 10,
            "VisibilityTimeout": 43200,
            "WaitTimeSeconds": 20,
            "ReceiveRequestAttemptId": "attempt-1",
        },
    ),
    ("ReceiveMessage", {"QueueUrl": FIFO_URL, "MessageSystemAttributeNames": ["All"]}),
    ("RemovePermission", {"QueueUrl": URL, "Label": "shared"}),
    ("SendMessage", {"QueueUrl": URL, "MessageBody": "plain"}),
    ("SendMessage", FULL_SEND),
    (
        "SendMessageBatch",
        {
            "QueueUrl": URL,
            "Entries": [
                {"Id": "plain", "MessageBody": "one"},
                {
                    "Id": "full",
                    "MessageBody": "two",
                    "DelaySeconds": 5,
                    "MessageAttributes": ALL_TYPES,
                    "MessageSystemAttributes": TRACE,
                    "MessageGroupId": "g",
                    "MessageDeduplicationId": "d",
                },
            ],
        },
    ),
    ("SendMessageBatch", {"QueueUrl": URL, "Entries": []}),
    ("SetQueueAttributes", {"QueueUrl": URL, "Attributes": {"DelaySeconds": "2", "Policy": ""}}),
    (
        "StartMessageMoveTask",
        {"SourceArn": ARN + "-dlq", "DestinationArn": ARN, "MaxNumberOfMessagesPerSecond": 500},
    ),
    ("TagQueue", {"QueueUrl": URL, "Tags": {"team": "orders", "empty": ""}}),
    ("UntagQueue", {"QueueUrl": URL, "TagKeys": ["team", "missing"]}),
]


# -- helpers ------------------------------------------------------------------------------------


def query_body(operation: str, params: dict[str, Any]) -> bytes:
    """Return the request body botocore's query serializer produces, as it goes on the wire."""
    request = create_serializer("query").serialize_to_request(
        params, service_model().operation_model(operation)
    )
    prepared = AWSRequest(
        method="POST",
        url="https://sqs.us-east-1.amazonaws.com/",
        data=request["body"],
        headers=request["headers"],
    ).prepare()
    body = prepared.body
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def form_fields(body: bytes) -> dict[str, str]:
    """Return the fields of a form-encoded body (botocore percent-encodes everything)."""
    return dict(parse_qsl(body.decode("ascii"), keep_blank_values=True, strict_parsing=True))


def _without_empty_maps(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_empty_maps(v) for k, v in value.items() if v != {}}
    if isinstance(value, list):
        return [_without_empty_maps(v) for v in value]
    return value


def _wire_equivalent(operation: str, params: dict[str, Any]) -> dict[str, Any]:
    """Return the params the query wire can carry for ``params`` (see the module docstring)."""
    out: dict[str, Any] = _without_empty_maps(params)
    if operation == "ReceiveMessage" and out.get("MessageSystemAttributeNames"):
        assert "AttributeNames" not in out, "both share AttributeName.N: the wire keeps one"
        out["AttributeNames"] = out.pop("MessageSystemAttributeNames")
    return out


def _xml_visible(value: Any) -> Any:
    """Return a result as XML can carry it: without empty lists and maps."""
    if isinstance(value, dict):
        return {k: _xml_visible(v) for k, v in value.items() if v not in ([], {})}
    if isinstance(value, list):
        return [_xml_visible(v) for v in value]
    return value


def parse_query(operation: str, status: int, body: bytes) -> dict[str, Any]:
    """Return what botocore's query parser makes of a response to ``operation``."""
    output = service_model().operation_model(operation).output_shape
    parsed: dict[str, Any] = create_parser("query").parse(
        {"status_code": status, "headers": {}, "body": body}, output
    )
    return parsed


def _query_message(error: SqsError) -> str:
    if error.code == "AWS.SimpleQueueService.NonExistentQueue":
        return "The specified queue does not exist for this wsdl version."
    return error.message


# -- the query-protocol model -------------------------------------------------------------------


def test_model_is_botocores_sqs_model_on_the_query_protocol(sqs: Any) -> None:
    model = service_model()
    assert model.protocol == "query"
    assert model.metadata["xmlNamespace"] == XML_NAMESPACE == query_protocol.XML_NAMESPACE
    assert model.api_version == "2012-11-05"
    assert set(model.operation_names) == set(sqs.meta.service_model.operation_names)
    assert set(model.operation_names) == set(OPERATIONS)
    for name in model.operation_names:
        output = model.operation_model(name).output_shape
        json_output = sqs.meta.service_model.operation_model(name).output_shape
        assert (output is None) == (json_output is None), name
        if output is not None:
            assert output.serialization["resultWrapper"] == f"{name}Result"
            assert list(output.members) == list(json_output.members)


def _containers(shape: Any, seen: set[str]) -> list[Any]:
    """Return every list and map reachable from ``shape``, as its structure member refers to it."""
    found: list[Any] = []
    if shape is None or shape.type_name != "structure" or shape.name in seen:
        return found
    seen.add(shape.name)
    for member in shape.members.values():
        if member.type_name == "list":
            found.append(member)
            found += _containers(member.member, seen)
        elif member.type_name == "map":
            found.append(member)
            found += _containers(member.value, seen)
        else:
            found += _containers(member, seen)
    return found


def test_every_list_and_map_is_flattened_with_a_legacy_wire_name() -> None:
    """SQS never uses the protocol's defaults (``member``, ``entry``, ``key``, ``value``)."""
    model = service_model()
    seen: set[str] = set()
    containers = [
        shape
        for name in model.operation_names
        for kind in ("input_shape", "output_shape")
        for shape in _containers(getattr(model.operation_model(name), kind), seen)
    ]
    assert len(containers) >= 25
    for shape in containers:
        assert shape.serialization.get("flattened"), shape.name
        if shape.type_name == "list":
            assert shape.member.serialization.get("name"), shape.name
        else:
            names = {shape.key.serialization.get("name"), shape.value.serialization.get("name")}
            assert names in ({"Name", "Value"}, {"Key", "Value"}), shape.name


@pytest.mark.parametrize(
    ("operation", "params", "expected"),
    [
        (
            "SendMessage",
            {
                "QueueUrl": URL,
                "MessageBody": "b",
                "MessageAttributes": {
                    "a": {"DataType": "Binary", "BinaryValue": b"\xff", "StringListValues": ["x"]}
                },
                "MessageSystemAttributes": TRACE,
            },
            {
                "MessageAttribute.1.Name": "a",
                "MessageAttribute.1.Value.DataType": "Binary",
                "MessageAttribute.1.Value.BinaryValue": "/w==",
                "MessageAttribute.1.Value.StringListValue.1": "x",
                "MessageSystemAttribute.1.Name": "AWSTraceHeader",
                "MessageSystemAttribute.1.Value.StringValue": TRACE["AWSTraceHeader"][
                    "StringValue"
                ],
            },
        ),
        (
            "SendMessageBatch",
            {"QueueUrl": URL, "Entries": [{"Id": "x", "MessageBody": "b", "DelaySeconds": 1}]},
            {
                "SendMessageBatchRequestEntry.1.Id": "x",
                "SendMessageBatchRequestEntry.1.MessageBody": "b",
                "SendMessageBatchRequestEntry.1.DelaySeconds": "1",
            },
        ),
        (
            "DeleteMessageBatch",
            {"QueueUrl": URL, "Entries": [{"Id": "x", "ReceiptHandle": "h"}]},
            {"DeleteMessageBatchRequestEntry.1.ReceiptHandle": "h"},
        ),
        (
            "ChangeMessageVisibilityBatch",
            {"QueueUrl": URL, "Entries": [{"Id": "x", "ReceiptHandle": "h"}]},
            {"ChangeMessageVisibilityBatchRequestEntry.1.Id": "x"},
        ),
        (
            "CreateQueue",
            {"QueueName": "q", "Attributes": {"DelaySeconds": "1"}, "tags": {"k": "v"}},
            {
                "Attribute.1.Name": "DelaySeconds",
                "Attribute.1.Value": "1",
                "Tag.1.Key": "k",
                "Tag.1.Value": "v",
            },
        ),
        ("TagQueue", {"QueueUrl": URL, "Tags": {"k": "v"}}, {"Tag.1.Key": "k", "Tag.1.Value": "v"}),
        ("UntagQueue", {"QueueUrl": URL, "TagKeys": ["k"]}, {"TagKey.1": "k"}),
        (
            "AddPermission",
            {"QueueUrl": URL, "Label": "l", "AWSAccountIds": ["1"], "Actions": ["*"]},
            {"AWSAccountId.1": "1", "ActionName.1": "*"},
        ),
        (
            "ReceiveMessage",
            {"QueueUrl": URL, "AttributeNames": ["All"], "MessageAttributeNames": ["m"]},
            {"AttributeName.1": "All", "MessageAttributeName.1": "m"},
        ),
        (
            "ReceiveMessage",
            {"QueueUrl": URL, "MessageSystemAttributeNames": ["SenderId"]},
            {"AttributeName.1": "SenderId"},
        ),
        ("GetQueueAttributes", {"QueueUrl": URL, "AttributeNames": []}, {"AttributeNames": ""}),
    ],
)
def test_requests_use_the_legacy_query_names(
    operation: str, params: dict[str, Any], expected: dict[str, str]
) -> None:
    fields = form_fields(query_body(operation, params))
    assert fields["Action"] == operation
    assert fields["Version"] == "2012-11-05"
    assert expected.items() <= fields.items()


# -- requests: botocore's query serializer -> decode_request -> the same params -----------------


def test_request_samples_cover_every_operation() -> None:
    assert {operation for operation, _ in REQUESTS} == set(OPERATIONS)


@pytest.mark.parametrize(
    ("operation", "params"), REQUESTS, ids=[f"{op}-{i}" for i, (op, _) in enumerate(REQUESTS)]
)
def test_serialized_request_decodes_to_the_same_params(
    operation: str, params: dict[str, Any]
) -> None:
    assert decode_request(query_body(operation, params)) == (
        operation,
        _wire_equivalent(operation, params),
    )


def test_binary_values_decode_to_bytes() -> None:
    _, params = decode_request(query_body("SendMessage", FULL_SEND))
    attributes = params["MessageAttributes"]
    assert attributes["blob"]["BinaryValue"] == PNG
    assert attributes["lists"]["BinaryListValues"] == [b"\x00", b"\xff\xfe"]
    assert params["DelaySeconds"] == 900


def test_empty_map_is_not_on_the_wire_and_decodes_to_nothing() -> None:
    body = query_body("SetQueueAttributes", {"QueueUrl": URL, "Attributes": {}})
    assert decode_request(body) == ("SetQueueAttributes", {"QueueUrl": URL})


def test_message_system_attribute_names_arrive_as_attribute_names() -> None:
    body = query_body("ReceiveMessage", {"QueueUrl": URL, "MessageSystemAttributeNames": ["All"]})
    assert form_fields(body)["AttributeName.1"] == "All"
    assert decode_request(body) == ("ReceiveMessage", {"QueueUrl": URL, "AttributeNames": ["All"]})


def test_query_string_of_a_get_request_decodes_too() -> None:
    query = "Action=GetQueueUrl&QueueName=my%20queue&QueueOwnerAWSAccountId=123456789012"
    assert decode_request(query) == (
        "GetQueueUrl",
        {"QueueName": "my queue", "QueueOwnerAWSAccountId": "123456789012"},
    )


def test_plus_is_a_space_and_percent_escapes_are_utf8() -> None:
    body = b"Action=SendMessage&QueueUrl=u&MessageBody=a+b%2Bc%20%C3%BC%F0%9F%8E%89"
    assert decode_request(body)[1]["MessageBody"] == "a b+c ü🎉"


def test_unknown_and_common_parameters_are_ignored() -> None:
    body = (
        "Action=DeleteQueue&Version=2012-11-05&QueueUrl=u&AWSAccessKeyId=AKID&Signature=s"
        "&SignatureVersion=4&X-Amz-Date=20240101T000000Z&Unknown.1.Thing=x"
    )
    assert decode_request(body) == ("DeleteQueue", {"QueueUrl": "u"})


def test_list_items_are_ordered_by_index_not_by_position() -> None:
    body = "Action=UntagQueue&QueueUrl=u&TagKey.2=b&TagKey.10=c&TagKey.1=a"
    assert decode_request(body)[1]["TagKeys"] == ["a", "b", "c"]


def test_queue_url_of_the_request_path_fills_in_a_missing_queue_url() -> None:
    assert decode_request("Action=PurgeQueue", queue_url=URL) == ("PurgeQueue", {"QueueUrl": URL})
    assert decode_request("Action=PurgeQueue&QueueUrl=body", queue_url=URL) == (
        "PurgeQueue",
        {"QueueUrl": "body"},
    )
    assert decode_request("Action=ListQueues", queue_url=URL) == ("ListQueues", {})


def _decode_error(body: bytes | str) -> SqsError:
    with pytest.raises(SqsError) as info:
        decode_request(body)
    return info.value


@pytest.mark.parametrize("body", ["", "QueueUrl=u", "Action=", b"Version=2012-11-05"])
def test_missing_action_is_rejected(body: bytes | str) -> None:
    error = _decode_error(body)
    assert (error.code, error.status, error.fault) == ("MissingAction", 400, "Sender")
    assert error.message == "The request must contain the parameter Action."


@pytest.mark.parametrize("action", ["ReceiveMessages", "sendmessage", "DescribeQueues"])
def test_unknown_action_is_rejected(action: str) -> None:
    error = _decode_error(f"Action={action}&QueueUrl=u")
    assert (error.code, error.status) == ("InvalidAction", 400)
    assert error.message == errors.invalid_action(action).message


@pytest.mark.parametrize("value", ["ten", "1.5", "", " 1", "1_0", "0x1"])
def test_non_integer_value_is_invalid(value: str) -> None:
    error = _decode_error(f"Action=ReceiveMessage&QueueUrl=u&MaxNumberOfMessages={value}")
    assert (error.code, error.shape, error.status) == (
        "InvalidParameterValue",
        "InvalidParameterValueException",
        400,
    )
    assert error.message == (
        f"Value {value} for parameter MaxNumberOfMessages is invalid. Reason: Must be an integer."
    )


def test_nested_integer_is_checked_with_its_full_name() -> None:
    body = (
        "Action=ChangeMessageVisibilityBatch&QueueUrl=u"
        "&ChangeMessageVisibilityBatchRequestEntry.1.Id=a"
        "&ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle=h"
        "&ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout=soon"
    )
    error = _decode_error(body)
    assert error.code == "InvalidParameterValue"
    assert "ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout" in error.message


def test_negative_integer_decodes_for_the_api_to_judge() -> None:
    body = "Action=SendMessage&QueueUrl=u&MessageBody=b&DelaySeconds=-1"
    assert decode_request(body)[1]["DelaySeconds"] == -1


@pytest.mark.parametrize("value", ["not base64!", "AAA", "YQ", "%2B%2B%2B"])
def test_binary_value_that_is_not_base64_is_invalid(value: str) -> None:
    body = (
        "Action=SendMessage&QueueUrl=u&MessageBody=b&MessageAttribute.1.Name=a"
        f"&MessageAttribute.1.Value.DataType=Binary&MessageAttribute.1.Value.BinaryValue={value}"
    )
    error = _decode_error(body)
    assert error.code == "InvalidParameterValue"
    assert error.message == (
        "Invalid binary value for MessageAttribute.1.Value.BinaryValue: "
        "the value must be base64-encoded."
    )


def test_list_index_must_be_a_positive_number() -> None:
    error = _decode_error("Action=UntagQueue&QueueUrl=u&TagKey.first=a")
    assert error.code == "InvalidParameterValue"
    assert error.message == (
        "The parameter TagKey.first is not valid: first is not an index (1, 2, ...)."
    )
    assert _decode_error("Action=UntagQueue&QueueUrl=u&TagKey.0=a").code == "InvalidParameterValue"


@pytest.mark.parametrize(
    ("fields", "missing"),
    [
        ("Attribute.1.Value=30", "Attribute.1.Name"),
        ("Attribute.1.Name=VisibilityTimeout", "Attribute.1.Value"),
        (
            "Attribute.1.Name=DelaySeconds&Attribute.1.Value=1&Attribute.2.Value=2",
            "Attribute.2.Name",
        ),
    ],
)
def test_map_entry_needs_a_name_and_a_value(fields: str, missing: str) -> None:
    error = _decode_error(f"Action=SetQueueAttributes&QueueUrl=u&{fields}")
    assert (error.code, error.shape) == ("MissingParameter", "MissingRequiredParameterException")
    assert error.message == f"The request must contain the parameter {missing}."


def test_empty_map_value_is_kept() -> None:
    body = "Action=TagQueue&QueueUrl=u&Tag.1.Key=k&Tag.1.Value="
    assert decode_request(body)[1]["Tags"] == {"k": ""}


@pytest.mark.parametrize("body", [b"Action=SendMessage&MessageBody=\xff", b"Action=X%ff"])
def test_body_that_is_not_utf8_is_malformed(body: bytes) -> None:
    error = _decode_error(body)
    assert (error.code, error.status) == ("MalformedQueryString", 404)
    assert error.message.startswith("The query string is malformed: ")


# -- responses: encode_result -> botocore's query parser ----------------------------------------


def test_result_xml_has_the_legacy_envelope() -> None:
    body = encode_result("GetQueueUrl", {"QueueUrl": URL}, REQUEST_ID)
    assert body.startswith(b'<?xml version="1.0"?>')
    root = ElementTree.fromstring(body)
    ns = "{" + XML_NAMESPACE + "}"
    assert root.tag == f"{ns}GetQueueUrlResponse"
    assert [child.tag for child in root] == [f"{ns}GetQueueUrlResult", f"{ns}ResponseMetadata"]
    assert root.findtext(f"{ns}GetQueueUrlResult/{ns}QueueUrl") == URL
    assert root.findtext(f"{ns}ResponseMetadata/{ns}RequestId") == REQUEST_ID


def test_operation_without_output_has_no_result_element() -> None:
    root = ElementTree.fromstring(encode_result("DeleteQueue", {}, REQUEST_ID))
    ns = "{" + XML_NAMESPACE + "}"
    assert root.tag == f"{ns}DeleteQueueResponse"
    assert [child.tag for child in root] == [f"{ns}ResponseMetadata"]
    assert parse_query("DeleteQueue", 200, encode_result("DeleteQueue", {}, REQUEST_ID)) == {
        "ResponseMetadata": {"RequestId": REQUEST_ID, "HTTPStatusCode": 200, "HTTPHeaders": {}}
    }


def test_received_message_uses_the_legacy_element_names() -> None:
    message = {
        "MessageId": "m-1",
        "ReceiptHandle": "h",
        "MD5OfBody": "0" * 32,
        "Body": "b",
        "Attributes": {"SenderId": "AIDA", "SentTimestamp": "1"},
        "MD5OfMessageAttributes": "1" * 32,
        "MessageAttributes": {
            "blob": {"DataType": "Binary", "BinaryValue": PNG},
            "text": {"DataType": "String", "StringValue": "x"},
        },
    }
    body = encode_result("ReceiveMessage", {"Messages": [message, message]}, REQUEST_ID)
    ns = "{" + XML_NAMESPACE + "}"
    result = ElementTree.fromstring(body).find(f"{ns}ReceiveMessageResult")
    assert result is not None
    messages = result.findall(f"{ns}Message")
    assert len(messages) == 2
    first = messages[0]
    assert [a.findtext(f"{ns}Name") for a in first.findall(f"{ns}Attribute")] == [
        "SenderId",
        "SentTimestamp",
    ]
    blob = first.find(f"{ns}MessageAttribute")
    assert blob is not None
    assert blob.findtext(f"{ns}Name") == "blob"
    assert blob.findtext(f"{ns}Value/{ns}DataType") == "Binary"
    assert blob.findtext(f"{ns}Value/{ns}BinaryValue") == base64.b64encode(PNG).decode()
    parsed = parse_query("ReceiveMessage", 200, body)
    assert parsed["Messages"] == [message, message]


def test_batch_result_uses_the_legacy_element_names() -> None:
    result = {
        "Successful": [{"Id": "a", "MessageId": "m", "MD5OfMessageBody": "0" * 32}],
        "Failed": [
            {"Id": "b", "SenderFault": True, "Code": "InvalidParameterValue", "Message": "x"},
            {"Id": "c", "SenderFault": False, "Code": "InternalError"},
        ],
    }
    body = encode_result("SendMessageBatch", result, REQUEST_ID)
    ns = "{" + XML_NAMESPACE + "}"
    wrapper = ElementTree.fromstring(body).find(f"{ns}SendMessageBatchResult")
    assert wrapper is not None
    assert [child.tag[len(ns) :] for child in wrapper] == [
        "SendMessageBatchResultEntry",
        "BatchResultErrorEntry",
        "BatchResultErrorEntry",
    ]
    assert wrapper.findtext(f"{ns}BatchResultErrorEntry/{ns}SenderFault") == "true"
    parsed = parse_query("SendMessageBatch", 200, body)
    del parsed["ResponseMetadata"]
    assert parsed == result


@pytest.mark.parametrize(
    ("operation", "result", "element"),
    [
        ("ListQueues", {"QueueUrls": [URL, FIFO_URL]}, "QueueUrl"),
        (
            "DeleteMessageBatch",
            {"Successful": [{"Id": "a"}, {"Id": "b"}]},
            "DeleteMessageBatchResultEntry",
        ),
        (
            "ChangeMessageVisibilityBatch",
            {"Successful": [{"Id": "a"}]},
            "ChangeMessageVisibilityBatchResultEntry",
        ),
        ("ListDeadLetterSourceQueues", {"queueUrls": [URL], "NextToken": "t"}, "QueueUrl"),
        ("ListQueueTags", {"Tags": {"a": "1", "b": ""}}, "Tag"),
        ("GetQueueAttributes", {"Attributes": {"DelaySeconds": "0"}}, "Attribute"),
        (
            "ListMessageMoveTasks",
            {
                "Results": [
                    {
                        "Status": "COMPLETED",
                        "SourceArn": ARN,
                        "ApproximateNumberOfMessagesMoved": 2,
                        "ApproximateNumberOfMessagesToMove": 2,
                        "StartedTimestamp": 1_700_000_000_000,
                    }
                ]
            },
            "ListMessageMoveTasksResultEntry",
        ),
    ],
)
def test_lists_and_maps_are_flattened(operation: str, result: dict[str, Any], element: str) -> None:
    body = encode_result(operation, result, REQUEST_ID)
    ns = "{" + XML_NAMESPACE + "}"
    wrapper = ElementTree.fromstring(body).find(f"{ns}{operation}Result")
    assert wrapper is not None
    assert wrapper.find(f"{ns}{element}") is not None
    parsed = parse_query(operation, 200, body)
    del parsed["ResponseMetadata"]
    assert parsed == result


@pytest.mark.parametrize(
    "text",
    ["a & b < c > d", "line\r\nbreak\rcr", "tab\tand\nnewline", "]]>", "ünïcode 🎉", "  spaced  "],
)
def test_text_survives_xml_exactly(text: str) -> None:
    result = {"MD5OfMessageBody": text, "MessageId": text}
    parsed = parse_query("SendMessage", 200, encode_result("SendMessage", result, REQUEST_ID))
    assert parsed["MessageId"] == text


def test_characters_xml_cannot_carry_become_replacement_characters() -> None:
    error = errors.invalid_parameter_value("bad \x00 and \x1f here")
    parsed = parse_query("SendMessage", 400, encode_error(error, REQUEST_ID))
    assert parsed["Error"]["Message"] == "bad \ufffd and \ufffd here"


def test_result_with_a_member_the_shape_lacks_is_a_bug() -> None:
    with pytest.raises(ValueError, match="SendMessageResult has no member"):
        encode_result("SendMessage", {"MessageId": "m", "Bogus": 1}, REQUEST_ID)
    with pytest.raises(ValueError, match="PurgeQueue returns no result"):
        encode_result("PurgeQueue", {"Bogus": 1}, REQUEST_ID)


def test_response_metadata_in_a_result_is_not_encoded() -> None:
    result = {"QueueUrl": URL, "ResponseMetadata": {"RequestId": "other"}}
    parsed = parse_query("CreateQueue", 200, encode_result("CreateQueue", result, REQUEST_ID))
    assert parsed["ResponseMetadata"]["RequestId"] == REQUEST_ID


# -- errors: encode_error -> botocore's query parser --------------------------------------------


def test_error_xml_has_the_legacy_shape() -> None:
    body = encode_error(
        errors.receipt_handle_is_invalid("The input receipt handle is invalid."), "r"
    )
    root = ElementTree.fromstring(body)
    ns = "{" + XML_NAMESPACE + "}"
    assert root.tag == f"{ns}ErrorResponse"
    assert [child.tag for child in root] == [f"{ns}Error", f"{ns}RequestId"]
    element = root.find(f"{ns}Error")
    assert element is not None
    assert [child.tag[len(ns) :] for child in element] == ["Type", "Code", "Message", "Detail"]
    assert element.findtext(f"{ns}Code") == "ReceiptHandleIsInvalid"
    assert element.findtext(f"{ns}Detail") == ""
    assert root.findtext(f"{ns}RequestId") == "r"


def test_error_parses_to_code_type_and_message() -> None:
    error = errors.queue_name_exists("A queue already exists with the same name.")
    parsed = parse_query("CreateQueue", error.status, encode_error(error, REQUEST_ID))
    assert parsed == {
        "Error": {
            "Type": "Sender",
            "Code": "QueueAlreadyExists",
            "Message": "A queue already exists with the same name.",
            "Detail": None,
        },
        "ResponseMetadata": {"RequestId": REQUEST_ID, "HTTPStatusCode": 400, "HTTPHeaders": {}},
    }
    assert query_protocol.error_headers(error) == {}


def test_receiver_fault_is_reported_as_receiver() -> None:
    error = SqsError("InternalError", "InternalError", "oops", status=500, sender_fault=False)
    parsed = parse_query("SendMessage", 500, encode_error(error, REQUEST_ID))
    assert parsed["Error"]["Type"] == "Receiver"


def test_missing_queue_has_the_query_protocols_own_message() -> None:
    parsed = parse_query("GetQueueUrl", 400, encode_error(errors.queue_does_not_exist(), "r"))
    assert parsed["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue"
    assert parsed["Error"]["Message"] == (
        "The specified queue does not exist for this wsdl version."
    )


# -- every call of the fast-path scenarios, answered again as XML -------------------------------


@dataclass(frozen=True)
class Answer:
    operation: str
    status: int
    parsed: dict[str, Any]


@pytest.fixture
def answers(sqs: Any) -> list[Answer]:
    """Record what the client got back for every call (after-call runs before any raise)."""
    recorded: list[Answer] = []

    def record(http_response: Any, parsed: Any, model: Any, **_: Any) -> None:
        recorded.append(Answer(model.name, http_response.status_code, parsed))

    sqs.meta.events.register("after-call.sqs", record)
    return recorded


def _paired(mock: SqsMock, answers: list[Answer]) -> list[tuple[Call, Answer]]:
    assert answers, "the client made no calls"
    calls = list(mock.calls)[len(mock.calls) - len(answers) :]
    assert [call.operation for call in calls] == [answer.operation for answer in answers]
    return list(zip(calls, answers, strict=True))


def check_request(call: Call) -> None:
    """The query request botocore would send for this call decodes to the call's params."""
    decoded = decode_request(query_body(call.operation, call.params))
    assert decoded == (call.operation, _wire_equivalent(call.operation, call.params)), call


def check_answer(call: Call, answer: Answer) -> None:
    """The XML answer, parsed by botocore, equals what the fast path answered."""
    request_id = answer.parsed["ResponseMetadata"]["RequestId"]
    if call.error is None:
        assert call.response is not None
        body = encode_result(call.operation, call.response, request_id)
        parsed = parse_query(call.operation, 200, body)
        assert parsed.pop("ResponseMetadata") == {
            "RequestId": request_id,
            "HTTPStatusCode": 200,
            "HTTPHeaders": {},
        }
        expected = {k: v for k, v in answer.parsed.items() if k != "ResponseMetadata"}
        assert parsed == _xml_visible(expected), call
        assert answer.status == 200
        return
    error = call.error
    parsed = parse_query(call.operation, error.status, encode_error(error, request_id))
    assert answer.status == error.status == parsed["ResponseMetadata"]["HTTPStatusCode"]
    assert parsed["ResponseMetadata"]["RequestId"] == request_id
    fast = answer.parsed["Error"]
    assert parsed["Error"]["Code"] == fast["Code"] == error.code
    assert parsed["Error"]["Type"] == fast["Type"]
    assert parsed["Error"]["Message"] == _query_message(error)
    if error.code != "AWS.SimpleQueueService.NonExistentQueue":
        assert parsed["Error"]["Message"] == fast["Message"]


@pytest.mark.parametrize(
    ("operation", "scenario"), SUCCESS, ids=[scenario.__name__[1:] for _, scenario in SUCCESS]
)
def test_every_call_of_a_success_scenario_round_trips(
    answers: list[Answer],
    sqs: Any,
    sqs_mock: SqsMock,
    queue_url: str,
    fifo_url: str,
    operation: str,
    scenario: Scenario,
) -> None:
    scenario(sqs, queue_url, fifo_url)
    pairs = _paired(sqs_mock, answers)
    assert operation in {call.operation for call, _ in pairs}
    for call, answer in pairs:
        check_request(call)
        check_answer(call, answer)


@pytest.mark.parametrize(
    ("action", "code", "query_code", "status"),
    ERRORS,
    ids=[action.__name__[len("_error_") :] for action, *_ in ERRORS],
)
def test_every_call_of_an_error_scenario_round_trips(
    answers: list[Answer],
    sqs: Any,
    sqs_mock: SqsMock,
    queue_url: str,
    fifo_url: str,
    action: ErrorAction,
    code: str,
    query_code: str,
    status: int,
) -> None:
    with pytest.raises(ClientError):
        action(sqs, queue_url, fifo_url)
    pairs = _paired(sqs_mock, answers)
    failed, last = pairs[-1]
    assert failed.error is not None
    assert (failed.error.code, failed.error.shape, last.status) == (code, query_code, status)
    for call, answer in pairs:
        check_request(call)
        check_answer(call, answer)


def test_empty_failed_list_is_absent_after_the_xml_round_trip(
    answers: list[Answer], sqs: Any, sqs_mock: SqsMock, queue_url: str
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    (message,) = sqs.receive_message(QueueUrl=queue_url)["Messages"]
    fast = sqs.delete_message_batch(
        QueueUrl=queue_url, Entries=[{"Id": "a", "ReceiptHandle": message["ReceiptHandle"]}]
    )
    call = sqs_mock.calls[-1]
    assert call.response is not None
    parsed = parse_query(
        "DeleteMessageBatch", 200, encode_result("DeleteMessageBatch", call.response, "r")
    )
    assert fast["Failed"] == []
    assert "Failed" not in parsed
    assert parsed["Successful"] == fast["Successful"] == [{"Id": "a"}]


# -- properties ---------------------------------------------------------------------------------

_XML_TEXT = st.text(
    st.characters(codec="utf-8", exclude_characters="\ufffe\uffff", min_codepoint=0x9).filter(
        lambda c: c in "\t\n\r" or c >= " "
    ),
    max_size=40,
)
_NAMES = st.text(string.ascii_letters + string.digits + "_-.", min_size=1, max_size=20)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.text(max_size=60),
    attributes=st.dictionaries(
        _NAMES,
        st.one_of(
            st.builds(lambda v: {"DataType": "String", "StringValue": v}, st.text(max_size=20)),
            st.builds(lambda v: {"DataType": "Binary", "BinaryValue": v}, st.binary(max_size=20)),
        ),
        max_size=4,
    ),
)
def test_any_send_message_request_round_trips(body: str, attributes: dict[str, Any]) -> None:
    params: dict[str, Any] = {"QueueUrl": URL, "MessageBody": body}
    if attributes:
        params["MessageAttributes"] = attributes
    assert decode_request(query_body("SendMessage", params)) == ("SendMessage", params)


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(_XML_TEXT, min_size=1, max_size=3),
    binary=st.binary(max_size=30),
    flag=st.booleans(),
)
def test_any_receive_result_round_trips(texts: list[str], binary: bytes, flag: bool) -> None:
    message = {
        "MessageId": texts[0],
        "ReceiptHandle": texts[-1],
        "MD5OfBody": "0" * 32,
        "Body": "".join(texts),
        "Attributes": {"SenderId": texts[0]},
        "MessageAttributes": {
            "b": {"DataType": "Binary", "BinaryValue": binary},
            "s": {"DataType": "String", "StringValue": texts[-1]},
        },
    }
    parsed = parse_query(
        "ReceiveMessage", 200, encode_result("ReceiveMessage", {"Messages": [message]}, "r")
    )
    assert parsed["Messages"] == [message]
    failure = {"Id": "x", "SenderFault": flag, "Code": "C", "Message": texts[0]}
    batch = encode_result("DeleteMessageBatch", {"Successful": [], "Failed": [failure]}, "r")
    assert parse_query("DeleteMessageBatch", 200, batch)["Failed"] == [failure]
