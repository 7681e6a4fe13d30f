"""SendMessage through boto3: MD5s, body characters, size, attributes, delays and ids."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from botocore.exceptions import ClientError, ParamValidationError

from pytest_sqsmock import SqsMock

from .helpers import reference_md5

TRACE_HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"

# The four published test vectors for MD5OfMessageAttributes (fact sheet §4.3).
STRING_ATTRIBUTE = {"attribName1": {"DataType": "String", "StringValue": "attribValue 1"}}
NUMBER_ATTRIBUTE = {
    "customNumberTypeAttrib": {
        "DataType": "Number.float",
        "StringValue": "4563442423554324324264524243.32543234",
    }
}
BINARY_ATTRIBUTE = {
    "binaryAttribute": {"DataType": "Binary", "BinaryValue": b"Hello binary world!"}
}
ALL_THREE = {**STRING_ATTRIBUTE, **NUMBER_ATTRIBUTE, **BINARY_ATTRIBUTE}

VECTORS = [
    pytest.param(STRING_ATTRIBUTE, "19e27d4e946b072f3f58da80d94fd778", id="string"),
    pytest.param(NUMBER_ATTRIBUTE, "9fe1b90bbd9965bdf77bac517c7d2495", id="number-float"),
    pytest.param(BINARY_ATTRIBUTE, "31a92b15d92f8db860eda32aceb656c3", id="binary"),
    pytest.param(ALL_THREE, "c932db14a896c663f83c260297d594ff", id="all-three"),
]


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> dict[str, Any]:
    error: dict[str, Any] = excinfo.value.response["Error"]
    return error


def assert_invalid_parameter(excinfo: pytest.ExceptionInfo[ClientError], message: str) -> None:
    """Assert the unmodeled InvalidParameterValue error, with its exact message."""
    assert type(excinfo.value) is ClientError
    assert error_of(excinfo)["Code"] == "InvalidParameterValue"
    assert error_of(excinfo)["QueryErrorCode"] == "InvalidParameterValueException"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error_of(excinfo)["Message"] == message


def send_with_attributes(sqs: Any, url: str, attributes: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = sqs.send_message(
        QueueUrl=url, MessageBody="body", MessageAttributes=attributes
    )
    return result


def receive_all(sqs: Any, url: str, **kwargs: Any) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = sqs.receive_message(
        QueueUrl=url, MaxNumberOfMessages=10, **kwargs
    ).get("Messages", [])
    return messages


def test_reference_md5_matches_the_published_vectors() -> None:
    # Guards the test helper itself, which later tests use for derived digests.
    assert reference_md5(ALL_THREE) == "c932db14a896c663f83c260297d594ff"


# -- MD5 digests ------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["hello", "héllo wörld ✓", "😀 emoji", "x" * 5000])
def test_md5_of_message_body_is_md5_of_utf8_bytes(sqs: Any, queue_url: str, body: str) -> None:
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody=body)
    assert sent["MD5OfMessageBody"] == hashlib.md5(body.encode("utf-8")).hexdigest()
    received = sqs.receive_message(QueueUrl=queue_url)["Messages"][0]
    assert received["MD5OfBody"] == sent["MD5OfMessageBody"]
    assert received["Body"] == body


def test_no_attributes_means_no_attribute_digests(sqs: Any, queue_url: str) -> None:
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody="plain")
    assert "MD5OfMessageAttributes" not in sent
    assert "MD5OfMessageSystemAttributes" not in sent
    assert "SequenceNumber" not in sent
    assert set(sent) == {"MD5OfMessageBody", "MessageId", "ResponseMetadata"}


@pytest.mark.parametrize(("attributes", "expected"), VECTORS)
def test_md5_of_message_attributes_matches_published_vector_on_send(
    sqs: Any, queue_url: str, attributes: dict[str, Any], expected: str
) -> None:
    sent = send_with_attributes(sqs, queue_url, attributes)
    assert sent["MD5OfMessageAttributes"] == expected


@pytest.mark.parametrize(("attributes", "expected"), VECTORS)
def test_md5_of_message_attributes_matches_published_vector_on_receive(
    sqs: Any, queue_url: str, attributes: dict[str, Any], expected: str
) -> None:
    send_with_attributes(sqs, queue_url, attributes)
    received = sqs.receive_message(QueueUrl=queue_url, MessageAttributeNames=["All"])
    message = received["Messages"][0]
    assert message["MD5OfMessageAttributes"] == expected
    assert message["MessageAttributes"] == attributes


def test_binary_attribute_round_trips_as_bytes(sqs: Any, queue_url: str) -> None:
    raw = bytes(range(256))
    attributes = {"blob": {"DataType": "Binary.octets", "BinaryValue": raw}}
    sent = send_with_attributes(sqs, queue_url, attributes)
    message = sqs.receive_message(QueueUrl=queue_url, MessageAttributeNames=["All"])["Messages"][0]
    assert message["MessageAttributes"]["blob"]["BinaryValue"] == raw
    assert sent["MD5OfMessageAttributes"] == reference_md5(attributes)


def test_md5_of_message_system_attributes_for_trace_header(sqs: Any, queue_url: str) -> None:
    system = {"AWSTraceHeader": {"DataType": "String", "StringValue": TRACE_HEADER}}
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody="x", MessageSystemAttributes=system)
    assert sent["MD5OfMessageSystemAttributes"] == reference_md5(system)
    assert "MD5OfMessageAttributes" not in sent


def test_trace_header_does_not_change_md5_of_message_attributes(sqs: Any, queue_url: str) -> None:
    system = {"AWSTraceHeader": {"DataType": "String", "StringValue": TRACE_HEADER}}
    sent = sqs.send_message(
        QueueUrl=queue_url,
        MessageBody="x",
        MessageAttributes=STRING_ATTRIBUTE,
        MessageSystemAttributes=system,
    )
    assert sent["MD5OfMessageAttributes"] == "19e27d4e946b072f3f58da80d94fd778"
    assert sent["MD5OfMessageSystemAttributes"] == reference_md5(system)


# -- body characters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "char",
    ["\t", "\n", "\r", " ", "\ud7ff", "\ue000", "\ufffd", "\U00010000", "\U0010ffff"],
    ids=["x9", "xA", "xD", "x20", "xD7FF", "xE000", "xFFFD", "x10000", "x10FFFF"],
)
def test_valid_edge_characters_are_accepted(sqs: Any, queue_url: str, char: str) -> None:
    body = f"a{char}b"
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody=body)
    assert sent["MD5OfMessageBody"] == hashlib.md5(body.encode("utf-8")).hexdigest()
    assert sqs.receive_message(QueueUrl=queue_url)["Messages"][0]["Body"] == body


@pytest.mark.parametrize(
    "char",
    ["\x00", "\x08", "\x1f", "\ufffe", "\uffff", "\ud800"],
    ids=["x0", "x8", "x1F", "xFFFE", "xFFFF", "lone-surrogate"],
)
def test_invalid_characters_are_rejected(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, char: str
) -> None:
    with pytest.raises(sqs.exceptions.InvalidMessageContents) as excinfo:
        sqs.send_message(QueueUrl=queue_url, MessageBody=f"ok{char}ok")
    error = error_of(excinfo)
    assert error["Code"] == "InvalidMessageContents"
    assert error["QueryErrorCode"] == "InvalidMessageContents"
    assert error["Message"].startswith("Invalid characters found. Valid unicode characters are")
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert sqs_mock.queue("q").messages == []


def test_empty_body_is_missing_parameter(sqs: Any, sqs_mock: SqsMock, queue_url: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=queue_url, MessageBody="")
    assert type(excinfo.value) is ClientError
    error = error_of(excinfo)
    assert error["Code"] == "MissingParameter"
    assert error["QueryErrorCode"] == "MissingRequiredParameterException"
    assert error["Message"] == "The request must contain the parameter MessageBody."
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert sqs_mock.queue("q").messages == []


# -- size -------------------------------------------------------------------------------------


@pytest.fixture
def small_url(sqs: Any) -> str:
    """A standard queue with the smallest MaximumMessageSize, 1024 bytes."""
    url: str = sqs.create_queue(QueueName="small", Attributes={"MaximumMessageSize": "1024"})[
        "QueueUrl"
    ]
    return url


def too_big(limit: int) -> str:
    return (
        f"One or more parameters are invalid. Reason: Message must be shorter than {limit} bytes."
    )


@pytest.mark.parametrize(
    ("attributes", "overhead"),
    [
        pytest.param(None, 0, id="body-only"),
        pytest.param({"ab": {"DataType": "String", "StringValue": "xyz"}}, 2 + 6 + 3, id="string"),
        pytest.param(
            {"n": {"DataType": "Number.int", "StringValue": "5"}}, 1 + 10 + 1, id="custom"
        ),
        pytest.param(
            {"b": {"DataType": "Binary", "BinaryValue": b"\x00" * 10}}, 1 + 6 + 10, id="bin"
        ),
    ],
)
def test_size_counts_body_and_attribute_name_type_value(
    sqs: Any, small_url: str, attributes: dict[str, Any] | None, overhead: int
) -> None:
    extra: dict[str, Any] = {} if attributes is None else {"MessageAttributes": attributes}
    at_limit = "a" * (1024 - overhead)
    sqs.send_message(QueueUrl=small_url, MessageBody=at_limit, **extra)
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=small_url, MessageBody=at_limit + "a", **extra)
    assert_invalid_parameter(excinfo, too_big(1024))


def test_size_counts_utf8_bytes_not_characters(sqs: Any, small_url: str) -> None:
    sqs.send_message(QueueUrl=small_url, MessageBody="é" * 512)  # 1024 bytes
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=small_url, MessageBody="é" * 512 + "a")
    assert_invalid_parameter(excinfo, too_big(1024))


def test_system_attributes_do_not_count_towards_size(sqs: Any, small_url: str) -> None:
    system = {"AWSTraceHeader": {"DataType": "String", "StringValue": TRACE_HEADER}}
    sent = sqs.send_message(
        QueueUrl=small_url, MessageBody="a" * 1024, MessageSystemAttributes=system
    )
    assert sent["MD5OfMessageSystemAttributes"] == reference_md5(system)


def test_default_maximum_message_size_is_one_mebibyte(
    sqs: Any, sqs_mock: SqsMock, queue_url: str
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="a" * 1_048_576)
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=queue_url, MessageBody="a" * 1_048_577)
    assert_invalid_parameter(excinfo, too_big(1_048_576))
    assert len(sqs_mock.queue("q").messages) == 1


def test_lowered_maximum_message_size_applies_to_later_sends(sqs: Any, queue_url: str) -> None:
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"MaximumMessageSize": "2048"})
    sqs.send_message(QueueUrl=queue_url, MessageBody="a" * 2048)
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=queue_url, MessageBody="a" * 2049)
    assert_invalid_parameter(excinfo, too_big(2048))


# -- message attribute rules ------------------------------------------------------------------


def string_attrs(*names: str) -> dict[str, Any]:
    return {name: {"DataType": "String", "StringValue": "v"} for name in names}


def test_ten_attributes_are_allowed(sqs: Any, queue_url: str) -> None:
    attributes = string_attrs(*(f"a{i}" for i in range(10)))
    sent = send_with_attributes(sqs, queue_url, attributes)
    assert sent["MD5OfMessageAttributes"] == reference_md5(attributes)


def test_eleven_attributes_are_rejected(sqs: Any, sqs_mock: SqsMock, queue_url: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        send_with_attributes(sqs, queue_url, string_attrs(*(f"a{i}" for i in range(11))))
    assert_invalid_parameter(
        excinfo, "Number of message attributes [11] exceeds the allowed maximum [10]."
    )
    assert sqs_mock.queue("q").messages == []


@pytest.mark.parametrize(
    "name", ["plain", "Mixed-Case_9", "a.b.c", "AWSish", "Amazonian", "x.AWS.y", "a" * 256]
)
def test_valid_attribute_names_are_accepted(sqs: Any, queue_url: str, name: str) -> None:
    send_with_attributes(sqs, queue_url, string_attrs(name))
    message = sqs.receive_message(QueueUrl=queue_url, MessageAttributeNames=["All"])["Messages"]
    assert list(message[0]["MessageAttributes"]) == [name]


@pytest.mark.parametrize("name", ["a b", "a/b", "a*", "naïve", "tab\t", "a:b"])
def test_attribute_name_with_invalid_character_is_rejected(
    sqs: Any, queue_url: str, name: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        send_with_attributes(sqs, queue_url, string_attrs(name))
    assert type(excinfo.value) is ClientError
    assert error_of(excinfo)["Code"] == "InvalidParameterValue"


def test_attribute_name_longer_than_256_is_rejected(sqs: Any, queue_url: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        send_with_attributes(sqs, queue_url, string_attrs("a" * 257))
    assert_invalid_parameter(
        excinfo, "Message (user) attribute names must be shorter than 256 Bytes"
    )


@pytest.mark.parametrize(
    "name", ["AWS.x", "aws.x", "Aws.trace", "Amazon.x", "amazon.x", "AMAZON.x", "aMaZoN.y"]
)
def test_reserved_attribute_name_prefixes_are_rejected_in_any_case(
    sqs: Any, queue_url: str, name: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        send_with_attributes(sqs, queue_url, string_attrs(name))
    assert error_of(excinfo)["Code"] == "InvalidParameterValue"
    assert error_of(excinfo)["Message"].startswith(
        "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'"
    )


@pytest.mark.parametrize("name", [".lead", "trail.", "dou..ble", "."])
def test_attribute_name_dot_rules(sqs: Any, queue_url: str, name: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        send_with_attributes(sqs, queue_url, string_attrs(name))
    assert type(excinfo.value) is ClientError
    assert error_of(excinfo)["Code"] == "InvalidParameterValue"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ({"DataType": "String", "StringValue": ""}, "String"),
        ({"DataType": "String"}, "String"),
        ({"DataType": "Number", "StringValue": ""}, "Number"),
        ({"DataType": "Binary", "BinaryValue": b""}, "Binary"),
        ({"DataType": "Binary"}, "Binary"),
    ],
    ids=["empty-string", "no-string", "empty-number", "empty-binary", "no-binary"],
)
def test_attribute_value_must_not_be_empty(
    sqs: Any, queue_url: str, value: dict[str, Any], kind: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        send_with_attributes(sqs, queue_url, {"attr": value})
    assert_invalid_parameter(
        excinfo, f"Message (user) attribute 'attr' must contain a non-empty value of type '{kind}'."
    )


def test_missing_data_type_fails_client_side(sqs: Any, sqs_mock: SqsMock, queue_url: str) -> None:
    calls_before = len(sqs_mock.calls)
    with pytest.raises(ParamValidationError):
        send_with_attributes(sqs, queue_url, {"attr": {"StringValue": "v"}})
    assert len(sqs_mock.calls) == calls_before


def test_empty_data_type_is_rejected(sqs: Any, queue_url: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        send_with_attributes(sqs, queue_url, {"attr": {"DataType": "", "StringValue": "v"}})
    assert type(excinfo.value) is ClientError
    assert error_of(excinfo)["Code"] == "InvalidParameterValue"


@pytest.mark.parametrize("data_type", ["string", "STRING", "Str", "Integer", "Strings", "Num.int"])
def test_data_type_must_be_prefixed_with_string_number_or_binary(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, data_type: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        send_with_attributes(sqs, queue_url, {"attr": {"DataType": data_type, "StringValue": "1"}})
    assert type(excinfo.value) is ClientError
    assert error_of(excinfo)["Code"] == "InvalidParameterValue"
    assert sqs_mock.queue("q").messages == []


@pytest.mark.parametrize(
    "value",
    [
        {"DataType": "Number.int", "StringValue": "42"},
        {"DataType": "Binary.gif", "BinaryValue": b"GIF89a"},
        {"DataType": "String.x", "StringValue": "hello"},
        {"DataType": "String.json.v2", "StringValue": "{}"},
    ],
    ids=lambda v: v["DataType"],
)
def test_custom_type_suffixes_are_accepted_and_hashed_in_full(
    sqs: Any, queue_url: str, value: dict[str, Any]
) -> None:
    attributes = {"attr": value}
    sent = send_with_attributes(sqs, queue_url, attributes)
    assert sent["MD5OfMessageAttributes"] == reference_md5(attributes)
    message = sqs.receive_message(QueueUrl=queue_url, MessageAttributeNames=["All"])["Messages"]
    assert message[0]["MessageAttributes"] == attributes


@pytest.mark.parametrize(
    "number", ["0", "42", "-17", "+5", "3.14", "-0.0001", "007.50", "9" * 38, "1" + "0" * 125]
)
def test_valid_numbers_are_accepted_and_returned_as_sent(
    sqs: Any, queue_url: str, number: str
) -> None:
    send_with_attributes(sqs, queue_url, {"n": {"DataType": "Number", "StringValue": number}})
    message = sqs.receive_message(QueueUrl=queue_url, MessageAttributeNames=["n"])["Messages"][0]
    assert message["MessageAttributes"]["n"] == {"DataType": "Number", "StringValue": number}


@pytest.mark.parametrize(
    "number", ["abc", "1,000", "1.2.3", "0x10", "NaN", "Infinity", "12abc", "- 1"]
)
def test_non_numbers_are_rejected(sqs: Any, queue_url: str, number: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        send_with_attributes(sqs, queue_url, {"Age": {"DataType": "Number", "StringValue": number}})
    assert_invalid_parameter(
        excinfo, "Can't cast the value of message (user) attribute 'Age' to a number."
    )


@pytest.mark.parametrize(
    "number",
    ["1" * 39, "1" + "0" * 127, "1e127", "1e-129"],
    ids=["39-digits", "1e127-full", "1e127", "1e-129"],
)
def test_numbers_beyond_precision_or_range_are_rejected(
    sqs: Any, queue_url: str, number: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        send_with_attributes(sqs, queue_url, {"n": {"DataType": "Number", "StringValue": number}})
    assert type(excinfo.value) is ClientError
    assert error_of(excinfo)["Code"] == "InvalidParameterValue"


# -- DelaySeconds -----------------------------------------------------------------------------


@pytest.mark.parametrize("delay", [0, 1, 900])
def test_delay_seconds_in_range_is_accepted(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, delay: int
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x", DelaySeconds=delay)
    [message] = sqs_mock.queue("q").messages
    assert message.state == ("visible" if delay == 0 else "delayed")


@pytest.mark.parametrize("delay", [-1, 901, 3600])
def test_delay_seconds_out_of_range_is_rejected(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, delay: int
) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=queue_url, MessageBody="x", DelaySeconds=delay)
    assert_invalid_parameter(
        excinfo,
        f"Value {delay} for parameter DelaySeconds is invalid. "
        "Reason: DelaySeconds must be >= 0 and <= 900.",
    )
    assert sqs_mock.queue("q").messages == []


# -- deduplication and group ids on a standard queue ------------------------------------------


def test_deduplication_id_is_rejected_on_standard_queue(
    sqs: Any, sqs_mock: SqsMock, queue_url: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=queue_url, MessageBody="x", MessageDeduplicationId="d1")
    assert_invalid_parameter(
        excinfo,
        "Value d1 for parameter MessageDeduplicationId is invalid. "
        "Reason: The request includes a parameter that is not valid for this queue type.",
    )
    assert sqs_mock.queue("q").messages == []


@pytest.mark.parametrize("group", ["tenant-1", "g" * 128, "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"])
def test_group_id_is_accepted_on_standard_queue_and_returned(
    sqs: Any, queue_url: str, group: str
) -> None:
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody="x", MessageGroupId=group)
    assert "SequenceNumber" not in sent
    message = sqs.receive_message(
        QueueUrl=queue_url, MessageSystemAttributeNames=["MessageGroupId"]
    )["Messages"][0]
    assert message["Attributes"] == {"MessageGroupId": group}


@pytest.mark.parametrize("group", ["has space", "g" * 129, "naïve", "tab\tin"])
def test_malformed_group_id_is_rejected(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, group: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=queue_url, MessageBody="x", MessageGroupId=group)
    assert_invalid_parameter(
        excinfo,
        f"Value {group} for parameter MessageGroupId is invalid. Reason: MessageGroupId can only "
        "include alphanumeric and punctuation characters. 1 to 128 in length.",
    )
    assert sqs_mock.queue("q").messages == []


# -- message system attributes ----------------------------------------------------------------


def test_unknown_system_attribute_name_is_rejected(
    sqs: Any, sqs_mock: SqsMock, queue_url: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(
            QueueUrl=queue_url,
            MessageBody="x",
            MessageSystemAttributes={"SenderId": {"DataType": "String", "StringValue": "me"}},
        )
    assert type(excinfo.value) is ClientError
    assert error_of(excinfo)["Code"] == "InvalidParameterValue"
    assert sqs_mock.queue("q").messages == []


def test_trace_header_must_be_a_string(sqs: Any, queue_url: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(
            QueueUrl=queue_url,
            MessageBody="x",
            MessageSystemAttributes={"AWSTraceHeader": {"DataType": "Number", "StringValue": "1"}},
        )
    assert type(excinfo.value) is ClientError
    assert error_of(excinfo)["Code"] == "InvalidParameterValue"


def test_send_to_missing_queue_fails(sqs: Any, queue_url: str) -> None:
    missing = queue_url.rsplit("/", 1)[0] + "/nope"
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as excinfo:
        sqs.send_message(QueueUrl=missing, MessageBody="x")
    assert error_of(excinfo)["Code"] == "AWS.SimpleQueueService.NonExistentQueue"
