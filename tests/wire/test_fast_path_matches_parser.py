"""The before-call fast path answers exactly what botocore would parse from the real wire response.

For every call a test makes, the dict the client returned (or the exception it raised) is compared
with what botocore's own JSON parser produces from the awsJson1.0 response the wire adapter would
send (``encode_result`` / ``encode_error`` + ``error_headers``), followed by what the client does
after parsing: ``RetryAttempts`` from the endpoint and ``_handle_sqs_compatible_error``'s
``error_code_override`` choosing the exception class.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import freezegun
import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError
from botocore.handlers import _handle_sqs_compatible_error
from botocore.parsers import create_parser

from pytest_sqsmock import SqsMock
from pytest_sqsmock.api import OPERATIONS
from pytest_sqsmock.mock import Call
from pytest_sqsmock.wire.json_protocol import (
    CONTENT_TYPE,
    encode_error,
    encode_result,
    error_headers,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\xff\xfe binary \x00"


@dataclass(frozen=True)
class Answer:
    """What the client got back from the fast path for one call (seen at after-call)."""

    operation: str
    http: AWSResponse
    parsed: dict[str, Any]


class WireCheck:
    """Pairs each answer the client saw with the mock's record of the same call."""

    def __init__(self, client: Any, mock: SqsMock) -> None:
        self.client = client
        self.mock = mock
        self.answers: list[Answer] = []
        self.checked: list[str] = []
        client.meta.events.register("after-call.sqs", self._record)

    def _record(self, http_response: AWSResponse, parsed: Any, model: Any, **_: Any) -> None:
        self.answers.append(Answer(model.name, http_response, parsed))

    def expected(self, call: Call, answer: Answer) -> tuple[int, dict[str, Any], bytes, Any]:
        """Return status, headers, body and botocore's parse of the wire response for a call."""
        headers = {
            "x-amzn-requestid": answer.http.headers["x-amzn-requestid"],
            "date": answer.http.headers["date"],
            "content-type": CONTENT_TYPE,
        }
        if call.error is None:
            assert call.response is not None
            status, body = 200, encode_result(call.response)
        else:
            status, body = call.error.status, encode_error(call.error)
            headers.update(error_headers(call.error))
        output_shape = self.client.meta.service_model.operation_model(call.operation).output_shape
        parsed = create_parser("json").parse(
            {"status_code": status, "headers": dict(headers), "body": body}, output_shape
        )
        # The endpoint adds the retry count to every parsed response it returns.
        parsed["ResponseMetadata"]["RetryAttempts"] = 0
        return status, headers, body, parsed

    def verify(self) -> int:
        """Check every call made so far; return how many were checked."""
        calls = self.mock.calls
        assert [a.operation for a in self.answers] == [c.operation for c in calls]
        done = len(self.checked)
        for call, answer in zip(calls[done:], self.answers[done:], strict=True):
            status, headers, body, parsed = self.expected(call, answer)
            assert answer.http.status_code == status, call
            assert dict(answer.http.headers) == headers, call
            assert answer.http.content == body, call
            assert answer.parsed == parsed, call
            context: dict[str, Any] = {}
            _handle_sqs_compatible_error(parsed=parsed, context=context)
            if call.error is None:
                assert context == {}
            else:
                assert context == {"error_code_override": call.error.shape}
            self.checked.append(call.operation)
        return len(self.checked)

    def raises(self, action: Callable[[], Any]) -> ClientError:
        """Run a call that must fail; check the exception is the one the wire would raise."""
        with pytest.raises(ClientError) as info:
            action()
        self.verify()
        call = self.mock.calls[-1]
        assert call.error is not None
        _, _, _, parsed = self.expected(call, self.answers[-1])
        context: dict[str, Any] = {}
        _handle_sqs_compatible_error(parsed=parsed, context=context)
        code = context.get("error_code_override") or parsed["Error"]["Code"]
        assert type(info.value) is self.client.exceptions.from_code(code)
        assert info.value.response == parsed
        assert info.value.operation_name == call.operation
        return info.value


@pytest.fixture
def wire(sqs: Any, sqs_mock: SqsMock) -> WireCheck:
    return WireCheck(sqs, sqs_mock)


# -- helpers that build state through the client (every call they make is checked too) ---------


def _arn(sqs: Any, url: str) -> str:
    arn: str = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    return arn


def _with_dlq(sqs: Any, max_receive: int = 1) -> tuple[str, str, str]:
    """Return (source url, dlq url, dlq arn) for a standard queue with a DLQ."""
    dlq_url = sqs.create_queue(QueueName="dlq")["QueueUrl"]
    dlq_arn = _arn(sqs, dlq_url)
    policy = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": max_receive})
    src_url = sqs.create_queue(QueueName="src", Attributes={"RedrivePolicy": policy})["QueueUrl"]
    return src_url, dlq_url, dlq_arn


def _dead_letter(sqs: Any, count: int = 2) -> tuple[str, str, str]:
    """Return (source url, dlq url, dlq arn) with ``count`` messages moved to the DLQ."""
    src_url, dlq_url, dlq_arn = _with_dlq(sqs)
    for i in range(count):
        sqs.send_message(QueueUrl=src_url, MessageBody=f"m{i}")
    sqs.receive_message(QueueUrl=src_url, MaxNumberOfMessages=10, VisibilityTimeout=0)
    assert "Messages" not in sqs.receive_message(QueueUrl=src_url, MaxNumberOfMessages=10)
    return src_url, dlq_url, dlq_arn


def _received(sqs: Any, url: str, count: int = 1) -> list[str]:
    for i in range(count):
        sqs.send_message(QueueUrl=url, MessageBody=f"body {i}")
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    return [m["ReceiptHandle"] for m in messages]


ATTRIBUTES: dict[str, Any] = {
    "text": {"DataType": "String", "StringValue": "héllo"},
    "count": {"DataType": "Number", "StringValue": "42.5"},
    "blob": {"DataType": "Binary", "BinaryValue": PNG},
    "kind": {"DataType": "String.custom", "StringValue": "order"},
    "raw": {"DataType": "Binary.gzip", "BinaryValue": b"\x1f\x8b\x08\x00"},
}


# -- success scenarios: one or more per operation -----------------------------------------------

Scenario = Callable[[Any, str, str], None]


def _add_permission(sqs: Any, url: str, fifo: str) -> None:
    sqs.add_permission(
        QueueUrl=url,
        Label="shared",
        AWSAccountIds=["111122223333", "444455556666"],
        Actions=["SendMessage", "ReceiveMessage"],
    )


def _cancel_message_move_task(sqs: Any, url: str, fifo: str) -> None:
    _, _, dlq_arn = _dead_letter(sqs)
    with freezegun.freeze_time():  # the task moves 1 message/s of SQS time: keep it running
        handle = sqs.start_message_move_task(SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=1)
        result = sqs.cancel_message_move_task(TaskHandle=handle["TaskHandle"])
    assert isinstance(result["ApproximateNumberOfMessagesMoved"], int)


def _change_message_visibility(sqs: Any, url: str, fifo: str) -> None:
    (handle,) = _received(sqs, url)
    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=handle, VisibilityTimeout=120)


def _change_message_visibility_batch(sqs: Any, url: str, fifo: str) -> None:
    handles = _received(sqs, url, 2)
    result = sqs.change_message_visibility_batch(
        QueueUrl=url,
        Entries=[
            {"Id": "a", "ReceiptHandle": handles[0], "VisibilityTimeout": 0},
            {"Id": "b", "ReceiptHandle": handles[1]},
            {"Id": "c", "ReceiptHandle": "not-a-handle", "VisibilityTimeout": 5},
            {"Id": "d", "ReceiptHandle": handles[0], "VisibilityTimeout": 99999},
        ],
    )
    assert result["Failed"]
    assert all(isinstance(f["SenderFault"], bool) for f in result["Failed"])


def _create_queue(sqs: Any, url: str, fifo: str) -> None:
    sqs.create_queue(QueueName="plain")
    sqs.create_queue(QueueName="plain")  # idempotent repeat
    sqs.create_queue(
        QueueName="orders.fifo",
        Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"},
        tags={"team": "payments", "env": "test"},
    )


def _delete_message(sqs: Any, url: str, fifo: str) -> None:
    (handle,) = _received(sqs, url)
    sqs.delete_message(QueueUrl=url, ReceiptHandle=handle)


def _delete_message_batch(sqs: Any, url: str, fifo: str) -> None:
    handles = _received(sqs, url, 2)
    result = sqs.delete_message_batch(
        QueueUrl=url,
        Entries=[
            {"Id": "one", "ReceiptHandle": handles[0]},
            {"Id": "two", "ReceiptHandle": handles[1]},
            {"Id": "bad", "ReceiptHandle": "garbage"},
        ],
    )
    assert [s["Id"] for s in result["Successful"]] == ["one", "two"]


def _delete_message_batch_all_ok(sqs: Any, url: str, fifo: str) -> None:
    handles = _received(sqs, url, 1)
    result = sqs.delete_message_batch(
        QueueUrl=url, Entries=[{"Id": "one", "ReceiptHandle": handles[0]}]
    )
    assert result["Failed"] == []


def _delete_queue(sqs: Any, url: str, fifo: str) -> None:
    sqs.delete_queue(QueueUrl=url)


def _get_queue_attributes(sqs: Any, url: str, fifo: str) -> None:
    sqs.send_message(QueueUrl=url, MessageBody="counted")
    sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])
    sqs.get_queue_attributes(QueueUrl=fifo, AttributeNames=["All"])
    sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout", "QueueArn"])
    assert "Attributes" not in sqs.get_queue_attributes(QueueUrl=url)


def _get_queue_attributes_redrive(sqs: Any, url: str, fifo: str) -> None:
    src_url, _, _ = _with_dlq(sqs)
    sqs.get_queue_attributes(QueueUrl=src_url, AttributeNames=["All"])


def _get_queue_url(sqs: Any, url: str, fifo: str) -> None:
    sqs.get_queue_url(QueueName="q")
    sqs.get_queue_url(QueueName="q.fifo", QueueOwnerAWSAccountId="123456789012")


def _list_dead_letter_source_queues(sqs: Any, url: str, fifo: str) -> None:
    _, dlq_url, dlq_arn = _with_dlq(sqs)
    policy = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3})
    sqs.create_queue(QueueName="src2", Attributes={"RedrivePolicy": policy})
    page = sqs.list_dead_letter_source_queues(QueueUrl=dlq_url, MaxResults=1)
    assert "NextToken" in page
    sqs.list_dead_letter_source_queues(QueueUrl=dlq_url, NextToken=page["NextToken"])
    sqs.list_dead_letter_source_queues(QueueUrl=dlq_url)
    assert sqs.list_dead_letter_source_queues(QueueUrl=url)["queueUrls"] == []


def _list_message_move_tasks(sqs: Any, url: str, fifo: str) -> None:
    _, _, dlq_arn = _dead_letter(sqs)
    sqs.start_message_move_task(SourceArn=dlq_arn)
    assert sqs.list_message_move_tasks(SourceArn=dlq_arn)["Results"][0]["Status"] == "COMPLETED"
    sqs.send_message(QueueUrl=url, MessageBody="more")
    sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=_arn(sqs, url))
    sqs.list_message_move_tasks(SourceArn=dlq_arn, MaxResults=10)


def _list_message_move_tasks_running(sqs: Any, url: str, fifo: str) -> None:
    _, _, dlq_arn = _dead_letter(sqs, count=3)
    with freezegun.freeze_time():
        sqs.start_message_move_task(SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=1)
        result = sqs.list_message_move_tasks(SourceArn=dlq_arn)
    assert result["Results"][0]["Status"] == "RUNNING"
    assert isinstance(result["Results"][0]["StartedTimestamp"], int)


def _list_queue_tags(sqs: Any, url: str, fifo: str) -> None:
    assert "Tags" not in sqs.list_queue_tags(QueueUrl=url)
    sqs.tag_queue(QueueUrl=url, Tags={"a": "1"})
    sqs.list_queue_tags(QueueUrl=url)


def _list_queues(sqs: Any, url: str, fifo: str) -> None:
    sqs.list_queues()
    page = sqs.list_queues(QueueNamePrefix="q", MaxResults=1)
    assert "NextToken" in page
    sqs.list_queues(QueueNamePrefix="q", MaxResults=1, NextToken=page["NextToken"])
    assert "QueueUrls" not in sqs.list_queues(QueueNamePrefix="nothing")


def _purge_queue(sqs: Any, url: str, fifo: str) -> None:
    sqs.send_message(QueueUrl=url, MessageBody="gone")
    sqs.purge_queue(QueueUrl=url)


def _receive_message_all_attributes(sqs: Any, url: str, fifo: str) -> None:
    sqs.send_message(
        QueueUrl=url,
        MessageBody="with everything",
        MessageAttributes=ATTRIBUTES,
        MessageSystemAttributes={
            "AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-5759e988-bd862e3fe"}
        },
    )
    result = sqs.receive_message(
        QueueUrl=url,
        MessageSystemAttributeNames=["All"],
        MessageAttributeNames=["All"],
    )
    (message,) = result["Messages"]
    assert message["MessageAttributes"]["blob"]["BinaryValue"] == PNG
    assert message["Attributes"]["AWSTraceHeader"] == "Root=1-5759e988-bd862e3fe"


def _receive_message_some_attributes(sqs: Any, url: str, fifo: str) -> None:
    sqs.send_message(QueueUrl=url, MessageBody="partial", MessageAttributes=ATTRIBUTES)
    sqs.receive_message(
        QueueUrl=url,
        AttributeNames=["SentTimestamp", "ApproximateReceiveCount"],
        MessageAttributeNames=["blob", "co.*"],
    )


def _receive_message_fifo(sqs: Any, url: str, fifo: str) -> None:
    sqs.send_message(
        QueueUrl=fifo,
        MessageBody="ordered",
        MessageGroupId="g1",
        MessageDeduplicationId="d1",
        MessageAttributes={"blob": ATTRIBUTES["blob"]},
    )
    result = sqs.receive_message(
        QueueUrl=fifo,
        MessageSystemAttributeNames=["All"],
        MessageAttributeNames=["All"],
        ReceiveRequestAttemptId="attempt-1",
    )
    attributes = result["Messages"][0]["Attributes"]
    assert {"SequenceNumber", "MessageDeduplicationId", "MessageGroupId"} <= set(attributes)


def _receive_message_dead_lettered(sqs: Any, url: str, fifo: str) -> None:
    _, dlq_url, _ = _dead_letter(sqs, count=1)
    result = sqs.receive_message(QueueUrl=dlq_url, MessageSystemAttributeNames=["All"])
    assert "DeadLetterQueueSourceArn" in result["Messages"][0]["Attributes"]


def _receive_message_empty(sqs: Any, url: str, fifo: str) -> None:
    assert "Messages" not in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0)


def _remove_permission(sqs: Any, url: str, fifo: str) -> None:
    _add_permission(sqs, url, fifo)
    sqs.remove_permission(QueueUrl=url, Label="shared")


def _send_message(sqs: Any, url: str, fifo: str) -> None:
    sqs.send_message(QueueUrl=url, MessageBody="plain")
    sqs.send_message(QueueUrl=url, MessageBody="delayed", DelaySeconds=5)
    result = sqs.send_message(
        QueueUrl=url,
        MessageBody="attributes",
        MessageAttributes=ATTRIBUTES,
        MessageSystemAttributes={
            "AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-abc"}
        },
    )
    assert {"MD5OfMessageAttributes", "MD5OfMessageSystemAttributes"} <= set(result)


def _send_message_fifo(sqs: Any, url: str, fifo: str) -> None:
    result = sqs.send_message(
        QueueUrl=fifo, MessageBody="first", MessageGroupId="g", MessageDeduplicationId="x"
    )
    assert "SequenceNumber" in result
    sqs.send_message(  # a duplicate answers with the first message's id
        QueueUrl=fifo, MessageBody="first", MessageGroupId="g", MessageDeduplicationId="x"
    )


def _send_message_batch(sqs: Any, url: str, fifo: str) -> None:
    result = sqs.send_message_batch(
        QueueUrl=url,
        Entries=[
            {"Id": "plain", "MessageBody": "one"},
            {"Id": "attrs", "MessageBody": "two", "MessageAttributes": ATTRIBUTES},
            {"Id": "late", "MessageBody": "three", "DelaySeconds": 901},
            {"Id": "empty", "MessageBody": ""},
        ],
    )
    assert len(result["Successful"]) == 2
    assert len(result["Failed"]) == 2


def _send_message_batch_fifo(sqs: Any, url: str, fifo: str) -> None:
    sqs.send_message_batch(
        QueueUrl=fifo,
        Entries=[
            {"Id": "a", "MessageBody": "1", "MessageGroupId": "g", "MessageDeduplicationId": "1"},
            {"Id": "b", "MessageBody": "2", "MessageGroupId": "g", "MessageDeduplicationId": "2"},
            {"Id": "c", "MessageBody": "3"},
        ],
    )


def _set_queue_attributes(sqs: Any, url: str, fifo: str) -> None:
    sqs.set_queue_attributes(
        QueueUrl=url, Attributes={"VisibilityTimeout": "45", "DelaySeconds": "2"}
    )


def _start_message_move_task(sqs: Any, url: str, fifo: str) -> None:
    _, _, dlq_arn = _dead_letter(sqs)
    sqs.start_message_move_task(SourceArn=dlq_arn)
    sqs.start_message_move_task(SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=10)


def _tag_queue(sqs: Any, url: str, fifo: str) -> None:
    sqs.tag_queue(QueueUrl=url, Tags={"team": "orders", "cost-center": "42"})


def _untag_queue(sqs: Any, url: str, fifo: str) -> None:
    sqs.tag_queue(QueueUrl=url, Tags={"team": "orders", "stage": "dev"})
    sqs.untag_queue(QueueUrl=url, TagKeys=["team", "missing"])


SUCCESS: list[tuple[str, Scenario]] = [
    ("AddPermission", _add_permission),
    ("CancelMessageMoveTask", _cancel_message_move_task),
    ("ChangeMessageVisibility", _change_message_visibility),
    ("ChangeMessageVisibilityBatch", _change_message_visibility_batch),
    ("CreateQueue", _create_queue),
    ("DeleteMessage", _delete_message),
    ("DeleteMessageBatch", _delete_message_batch),
    ("DeleteMessageBatch", _delete_message_batch_all_ok),
    ("DeleteQueue", _delete_queue),
    ("GetQueueAttributes", _get_queue_attributes),
    ("GetQueueAttributes", _get_queue_attributes_redrive),
    ("GetQueueUrl", _get_queue_url),
    ("ListDeadLetterSourceQueues", _list_dead_letter_source_queues),
    ("ListMessageMoveTasks", _list_message_move_tasks),
    ("ListMessageMoveTasks", _list_message_move_tasks_running),
    ("ListQueueTags", _list_queue_tags),
    ("ListQueues", _list_queues),
    ("PurgeQueue", _purge_queue),
    ("ReceiveMessage", _receive_message_all_attributes),
    ("ReceiveMessage", _receive_message_some_attributes),
    ("ReceiveMessage", _receive_message_fifo),
    ("ReceiveMessage", _receive_message_dead_lettered),
    ("ReceiveMessage", _receive_message_empty),
    ("RemovePermission", _remove_permission),
    ("SendMessage", _send_message),
    ("SendMessage", _send_message_fifo),
    ("SendMessageBatch", _send_message_batch),
    ("SendMessageBatch", _send_message_batch_fifo),
    ("SetQueueAttributes", _set_queue_attributes),
    ("StartMessageMoveTask", _start_message_move_task),
    ("TagQueue", _tag_queue),
    ("UntagQueue", _untag_queue),
]


def test_scenarios_cover_every_sqs_operation(sqs: Any) -> None:
    operations = set(sqs.meta.service_model.operation_names)
    assert len(operations) == 23
    assert {op for op, _ in SUCCESS} == operations == set(OPERATIONS)


@pytest.mark.parametrize(
    ("operation", "scenario"), SUCCESS, ids=[scenario.__name__[1:] for _, scenario in SUCCESS]
)
def test_success_answer_equals_parsed_wire_response(
    wire: WireCheck, queue_url: str, fifo_url: str, operation: str, scenario: Scenario
) -> None:
    scenario(wire.client, queue_url, fifo_url)
    assert wire.verify() >= 3
    assert operation in wire.checked
    assert all(call.ok for call in wire.mock.calls if call.operation == operation)


# -- binary attributes: bytes on the client side, base64 on the wire ----------------------------


def test_binary_attribute_is_bytes_in_the_answer_and_base64_on_the_wire(
    wire: WireCheck, queue_url: str
) -> None:
    wire.client.send_message(QueueUrl=queue_url, MessageBody="b", MessageAttributes=ATTRIBUTES)
    result = wire.client.receive_message(QueueUrl=queue_url, MessageAttributeNames=["All"])
    wire.verify()
    attributes = result["Messages"][0]["MessageAttributes"]
    assert attributes["blob"] == {"DataType": "Binary", "BinaryValue": PNG}
    assert attributes["raw"]["BinaryValue"] == b"\x1f\x8b\x08\x00"
    wire_body = json.loads(wire.answers[-1].http.content)
    on_wire = wire_body["Messages"][0]["MessageAttributes"]["blob"]["BinaryValue"]
    assert on_wire == base64.b64encode(PNG).decode("ascii")


def test_binary_attribute_md5_matches_what_was_sent(wire: WireCheck, queue_url: str) -> None:
    sent = wire.client.send_message(
        QueueUrl=queue_url, MessageBody="b", MessageAttributes={"blob": ATTRIBUTES["blob"]}
    )
    received = wire.client.receive_message(QueueUrl=queue_url, MessageAttributeNames=["All"])
    wire.verify()
    assert received["Messages"][0]["MD5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]


# -- error answers ----------------------------------------------------------------------------

ErrorAction = Callable[[Any, str, str], Any]


def _error_queue_does_not_exist(sqs: Any, url: str, fifo: str) -> Any:
    return sqs.get_queue_url(QueueName="nope")


def _error_queue_does_not_exist_by_url(sqs: Any, url: str, fifo: str) -> Any:
    return sqs.send_message(QueueUrl=url + "-missing", MessageBody="x")


def _error_queue_name_exists(sqs: Any, url: str, fifo: str) -> Any:
    return sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "99"})


def _error_queue_deleted_recently(sqs: Any, url: str, fifo: str) -> Any:
    sqs.delete_queue(QueueUrl=url)
    return sqs.create_queue(QueueName="q")


def _error_purge_in_progress(sqs: Any, url: str, fifo: str) -> Any:
    sqs.purge_queue(QueueUrl=url)
    return sqs.purge_queue(QueueUrl=url)


def _error_receipt_handle_is_invalid(sqs: Any, url: str, fifo: str) -> Any:
    return sqs.delete_message(QueueUrl=url, ReceiptHandle="not-a-receipt-handle")


def _error_invalid_attribute_name(sqs: Any, url: str, fifo: str) -> Any:
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["NoSuchAttribute"])


def _error_invalid_attribute_value(sqs: Any, url: str, fifo: str) -> Any:
    return sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "43201"})


def _error_empty_batch(sqs: Any, url: str, fifo: str) -> Any:
    return sqs.send_message_batch(QueueUrl=url, Entries=[])


def _error_too_many_entries(sqs: Any, url: str, fifo: str) -> Any:
    entries = [{"Id": str(i), "ReceiptHandle": "h"} for i in range(11)]
    return sqs.delete_message_batch(QueueUrl=url, Entries=entries)


def _error_ids_not_distinct(sqs: Any, url: str, fifo: str) -> Any:
    entries = [{"Id": "same", "ReceiptHandle": "h"}] * 2
    return sqs.change_message_visibility_batch(QueueUrl=url, Entries=entries)


def _error_invalid_batch_entry_id(sqs: Any, url: str, fifo: str) -> Any:
    return sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "no spaces", "MessageBody": "x"}])


def _error_batch_too_long(sqs: Any, url: str, fifo: str) -> Any:
    body = "x" * 300_000
    entries = [{"Id": str(i), "MessageBody": body} for i in range(4)]
    return sqs.send_message_batch(QueueUrl=url, Entries=entries)


def _error_invalid_message_contents(sqs: Any, url: str, fifo: str) -> Any:
    return sqs.send_message(QueueUrl=url, MessageBody="bad \x00 char")


def _error_invalid_parameter_value(sqs: Any, url: str, fifo: str) -> Any:
    return sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=11)


def _error_missing_parameter(sqs: Any, url: str, fifo: str) -> Any:
    return sqs.send_message(QueueUrl=fifo, MessageBody="no group")


def _error_resource_not_found(sqs: Any, url: str, fifo: str) -> Any:
    return sqs.cancel_message_move_task(TaskHandle="unknown-handle")


def _error_over_limit(sqs: Any, url: str, fifo: str) -> Any:
    actions = [
        "SendMessage",
        "ReceiveMessage",
        "DeleteMessage",
        "ChangeMessageVisibility",
        "GetQueueAttributes",
        "GetQueueUrl",
        "ListDeadLetterSourceQueues",
        "PurgeQueue",
    ]
    return sqs.add_permission(
        QueueUrl=url, Label="many", AWSAccountIds=["111122223333"], Actions=actions
    )


def _error_invalid_address(sqs: Any, url: str, fifo: str) -> Any:
    return sqs.get_queue_attributes(QueueUrl="not-a-url", AttributeNames=["All"])


# (scenario, legacy Error.Code, QueryErrorCode / exception class name, HTTP status)
ERRORS: list[tuple[ErrorAction, str, str, int]] = [
    (
        _error_queue_does_not_exist,
        "AWS.SimpleQueueService.NonExistentQueue",
        "QueueDoesNotExist",
        400,
    ),
    (
        _error_queue_does_not_exist_by_url,
        "AWS.SimpleQueueService.NonExistentQueue",
        "QueueDoesNotExist",
        400,
    ),
    (_error_queue_name_exists, "QueueAlreadyExists", "QueueNameExists", 400),
    (
        _error_queue_deleted_recently,
        "AWS.SimpleQueueService.QueueDeletedRecently",
        "QueueDeletedRecently",
        400,
    ),
    (
        _error_purge_in_progress,
        "AWS.SimpleQueueService.PurgeQueueInProgress",
        "PurgeQueueInProgress",
        403,
    ),
    (_error_receipt_handle_is_invalid, "ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 404),
    (_error_invalid_attribute_name, "InvalidAttributeName", "InvalidAttributeName", 400),
    (_error_invalid_attribute_value, "InvalidAttributeValue", "InvalidAttributeValue", 400),
    (_error_empty_batch, "AWS.SimpleQueueService.EmptyBatchRequest", "EmptyBatchRequest", 400),
    (
        _error_too_many_entries,
        "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
        "TooManyEntriesInBatchRequest",
        400,
    ),
    (
        _error_ids_not_distinct,
        "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
        "BatchEntryIdsNotDistinct",
        400,
    ),
    (
        _error_invalid_batch_entry_id,
        "AWS.SimpleQueueService.InvalidBatchEntryId",
        "InvalidBatchEntryId",
        400,
    ),
    (
        _error_batch_too_long,
        "AWS.SimpleQueueService.BatchRequestTooLong",
        "BatchRequestTooLong",
        400,
    ),
    (_error_invalid_message_contents, "InvalidMessageContents", "InvalidMessageContents", 400),
    (
        _error_invalid_parameter_value,
        "InvalidParameterValue",
        "InvalidParameterValueException",
        400,
    ),
    (_error_missing_parameter, "MissingParameter", "MissingRequiredParameterException", 400),
    (_error_resource_not_found, "ResourceNotFoundException", "ResourceNotFoundException", 404),
    (_error_over_limit, "OverLimit", "OverLimit", 403),
    (_error_invalid_address, "InvalidAddress", "InvalidAddress", 404),
]


@pytest.mark.parametrize(
    ("action", "code", "query_code", "status"),
    ERRORS,
    ids=[action.__name__[len("_error_") :] for action, *_ in ERRORS],
)
def test_error_answer_equals_parsed_wire_response(
    wire: WireCheck,
    queue_url: str,
    fifo_url: str,
    action: ErrorAction,
    code: str,
    query_code: str,
    status: int,
) -> None:
    error = wire.raises(lambda: action(wire.client, queue_url, fifo_url))
    assert error.response["Error"]["Code"] == code
    assert error.response["Error"]["QueryErrorCode"] == query_code
    assert error.response["Error"]["Type"] == "Sender"
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert error.response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-query-error"] == (
        f"{code};Sender"
    )


def test_error_cases_cover_at_least_eight_distinct_errors() -> None:
    assert len({query_code for _, _, query_code, _ in ERRORS}) >= 8


@pytest.mark.parametrize(
    ("action", "exception_name"),
    [
        (_error_queue_does_not_exist, "QueueDoesNotExist"),
        (_error_purge_in_progress, "PurgeQueueInProgress"),
        (_error_receipt_handle_is_invalid, "ReceiptHandleIsInvalid"),
        (_error_empty_batch, "EmptyBatchRequest"),
    ],
)
def test_modeled_error_raises_the_modeled_exception_class(
    wire: WireCheck, queue_url: str, fifo_url: str, action: ErrorAction, exception_name: str
) -> None:
    with pytest.raises(getattr(wire.client.exceptions, exception_name)):
        action(wire.client, queue_url, fifo_url)
    wire.verify()


def test_unmodeled_error_raises_plain_client_error(wire: WireCheck, queue_url: str) -> None:
    error = wire.raises(lambda: wire.client.receive_message(QueueUrl=queue_url, WaitTimeSeconds=21))
    assert type(error) is ClientError
    assert json.loads(wire.answers[-1].http.content)["__type"] == (
        "com.amazon.coral.service#InvalidParameterValueException"
    )
