"""Assertion helpers: what they accept, and their exact failure messages (part of the API)."""

from __future__ import annotations

import decimal
import re
from typing import Any

import boto3
import freezegun
import pytest

from pytest_sqsmock import MessageView, SqsMock, mock_sqs

NUMBER_3 = {"DataType": "Number", "StringValue": "3"}
BINARY_01 = {"DataType": "Binary", "BinaryValue": b"\x00\x01"}
STRING_A = {"DataType": "String", "StringValue": "a"}

# The listing of the three-message queue built by ``mixed``, as every failure message shows it.
MIXED_LISTING = (
    "  [0] in flight body='hello'  receive_count=1\n"
    "  [1] visible   body='{\"a\": 1}'  attributes={'n': '3', 'b': b'\\x00\\x01'}\n"
    "  [2] delayed   body='later'"
)


@pytest.fixture
def mixed(sqs: Any, queue_url: str, sqs_mock: SqsMock) -> str:
    """Queue ``q`` holding one message in flight, one visible (JSON, attributes), one delayed."""
    sqs.send_message(QueueUrl=queue_url, MessageBody="hello")
    sqs.send_message(
        QueueUrl=queue_url,
        MessageBody='{"a": 1}',
        MessageAttributes={"n": NUMBER_3, "b": BINARY_01},
    )
    sqs.send_message(QueueUrl=queue_url, MessageBody="later", DelaySeconds=60)
    received = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=1)["Messages"]
    assert [m["Body"] for m in received] == ["hello"]
    return queue_url


def message_of(excinfo: pytest.ExceptionInfo[AssertionError]) -> str:
    return str(excinfo.value)


# -- assert_empty ---------------------------------------------------------------------------------


class TestAssertEmpty:
    def test_passes_on_an_empty_queue(self, queue_url: str, sqs_mock: SqsMock) -> None:
        sqs_mock.queue("q").assert_empty()

    def test_lists_messages_by_state(self, mixed: str, sqs_mock: SqsMock) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_empty()
        assert message_of(excinfo) == (
            "Expected queue 'q' to be empty, but it holds 3 messages "
            "(1 visible, 1 in flight, 1 delayed):\n" + MIXED_LISTING
        )

    def test_one_message_is_singular(self, sqs: Any, queue_url: str, sqs_mock: SqsMock) -> None:
        sqs.send_message(QueueUrl=queue_url, MessageBody="x")
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_empty()
        assert message_of(excinfo) == (
            "Expected queue 'q' to be empty, but it holds 1 message "
            "(1 visible, 0 in flight, 0 delayed):\n  [0] visible   body='x'"
        )

    def test_lists_at_most_ten_messages(self, sqs: Any, queue_url: str, sqs_mock: SqsMock) -> None:
        for i in range(13):
            sqs.send_message(QueueUrl=queue_url, MessageBody=f"m{i}")
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_empty()
        listed = "\n".join(f"  [{i}] visible   body='m{i}'" for i in range(10))
        assert message_of(excinfo) == (
            "Expected queue 'q' to be empty, but it holds 13 messages "
            "(13 visible, 0 in flight, 0 delayed):\n" + listed + "\n  ... and 3 more"
        )

    def test_shortens_long_bodies(self, sqs: Any, queue_url: str, sqs_mock: SqsMock) -> None:
        sqs.send_message(QueueUrl=queue_url, MessageBody="x" * 500)
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_empty()
        # repr cut to 80 characters: the quote, 75 x's, then ...'
        assert message_of(excinfo) == (
            "Expected queue 'q' to be empty, but it holds 1 message "
            "(1 visible, 0 in flight, 0 delayed):\n  [0] visible   body='" + "x" * 75 + "...'"
        )

    def test_fifo_listing_shows_group(self, sqs: Any, fifo_url: str, sqs_mock: SqsMock) -> None:
        sqs.send_message(
            QueueUrl=fifo_url, MessageBody="f", MessageGroupId="g1", MessageDeduplicationId="d1"
        )
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q.fifo").assert_empty()
        assert message_of(excinfo) == (
            "Expected queue 'q.fifo' to be empty, but it holds 1 message "
            "(1 visible, 0 in flight, 0 delayed):\n  [0] visible   body='f'  group='g1'"
        )


# -- assert_has_message ---------------------------------------------------------------------------


class TestAssertHasMessageMatches:
    def test_returns_the_first_match(self, mixed: str, sqs_mock: SqsMock) -> None:
        found = sqs_mock.queue("q").assert_has_message("hello")
        assert isinstance(found, MessageView)
        assert (found.body, found.state, found.receive_count) == ("hello", "in_flight", 1)

    def test_without_criteria_matches_any_message(self, mixed: str, sqs_mock: SqsMock) -> None:
        assert sqs_mock.queue("q").assert_has_message().body == "hello"

    def test_by_json(self, mixed: str, sqs_mock: SqsMock) -> None:
        assert sqs_mock.queue("q").assert_has_message(json={"a": 1}).body == '{"a": 1}'

    def test_by_regex_searches_the_body(self, mixed: str, sqs_mock: SqsMock) -> None:
        assert sqs_mock.queue("q").assert_has_message(re.compile("at")).body == "later"

    @pytest.mark.parametrize(
        ("state", "body"), [("visible", '{"a": 1}'), ("in_flight", "hello"), ("delayed", "later")]
    )
    def test_by_state(self, mixed: str, sqs_mock: SqsMock, state: str, body: str) -> None:
        assert sqs_mock.queue("q").assert_has_message(state=state).body == body

    @pytest.mark.parametrize(
        "attributes",
        [
            {"n": 3},
            {"n": 3.0},
            {"n": decimal.Decimal("3.00")},
            {"n": "3"},
            {"b": b"\x00\x01"},
            {"b": bytearray(b"\x00\x01")},
            {"n": NUMBER_3},
            {"n": {"DataType": "Number"}},
            {"n": 3, "b": b"\x00\x01"},
        ],
        ids=[
            "int",
            "float",
            "decimal",
            "string",
            "bytes",
            "bytearray",
            "wire",
            "wire-subset",
            "both",
        ],
    )
    def test_by_attributes(self, mixed: str, sqs_mock: SqsMock, attributes: dict[str, Any]) -> None:
        assert sqs_mock.queue("q").assert_has_message(attributes=attributes).body == '{"a": 1}'

    def test_by_group_id(self, sqs: Any, fifo_url: str, sqs_mock: SqsMock) -> None:
        for group in ("g1", "g2"):
            sqs.send_message(
                QueueUrl=fifo_url,
                MessageBody=f"in {group}",
                MessageGroupId=group,
                MessageDeduplicationId=group,
            )
        assert sqs_mock.queue("q.fifo").assert_has_message(group_id="g2").body == "in g2"

    def test_rejects_an_unknown_state(self, mixed: str, sqs_mock: SqsMock) -> None:
        with pytest.raises(ValueError) as excinfo:
            sqs_mock.queue("q").assert_has_message(state="inflight")
        assert str(excinfo.value) == (
            "state must be one of visible, in_flight, delayed or None, not 'inflight'"
        )


class TestAssertHasMessageFailures:
    def test_empty_queue(self, queue_url: str, sqs_mock: SqsMock) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_has_message("x")
        assert message_of(excinfo) == (
            "Expected a message with body 'x' on queue 'q', but the queue is empty."
        )

    def test_empty_queue_without_criteria(self, queue_url: str, sqs_mock: SqsMock) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_has_message()
        assert message_of(excinfo) == "Expected a message on queue 'q', but the queue is empty."

    def test_empty_queue_with_state(self, queue_url: str, sqs_mock: SqsMock) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_has_message(state="delayed")
        assert message_of(excinfo) == (
            "Expected a delayed message on queue 'q', but the queue is empty."
        )

    def test_no_body_matches(self, mixed: str, sqs_mock: SqsMock) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_has_message("nope")
        assert message_of(excinfo) == (
            "Expected a message with body 'nope' on queue 'q', but none of its 3 messages "
            "matches:\n" + MIXED_LISTING
        )

    @pytest.mark.parametrize(
        ("state", "body", "phrase"),
        [
            ("visible", "hello", "a visible"),
            ("in_flight", "later", "an in flight"),
            ("delayed", "hello", "a delayed"),
        ],
    )
    def test_state_filter(
        self, mixed: str, sqs_mock: SqsMock, state: str, body: str, phrase: str
    ) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_has_message(body, state=state)
        assert message_of(excinfo) == (
            f"Expected {phrase} message with body {body!r} on queue 'q', but none of its "
            "3 messages matches:\n" + MIXED_LISTING
        )

    def test_regex_body(self, mixed: str, sqs_mock: SqsMock) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_has_message(re.compile(r"^h.*z$"))
        assert message_of(excinfo) == (
            "Expected a message with body '^h.*z$' (regex) on queue 'q', but none of its "
            "3 messages matches:\n" + MIXED_LISTING
        )

    def test_json_body_and_group(self, mixed: str, sqs_mock: SqsMock) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_has_message(json={"b": [1], "a": 2}, group_id="g")
        assert message_of(excinfo) == (
            'Expected a message with JSON body {"a": 2, "b": [1]} and group \'g\' on queue '
            "'q', but none of its 3 messages matches:\n" + MIXED_LISTING
        )

    def test_body_that_is_not_json_never_matches_json(
        self, sqs: Any, queue_url: str, sqs_mock: SqsMock
    ) -> None:
        sqs.send_message(QueueUrl=queue_url, MessageBody="not json")
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_has_message(json="not json")
        assert message_of(excinfo) == (
            "Expected a message with JSON body \"not json\" on queue 'q', but none of its "
            "1 message matches:\n  [0] visible   body='not json'"
        )

    @pytest.mark.parametrize(
        ("attributes", "shown"),
        [
            ({"n": 4}, "{'n': 4}"),
            ({"n": 3, "b": b"\x00"}, "{'n': 3, 'b': b'\\x00'}"),
            ({"n": True}, "{'n': True}"),
            ({"b": "\x00\x01"}, "{'b': '\\x00\\x01'}"),
            ({"missing": "a"}, "{'missing': 'a'}"),
            ({"n": {"DataType": "String"}}, "{'n': {'DataType': 'String'}}"),
        ],
        ids=["number", "bytes", "bool-is-not-a-number", "str-is-not-bytes", "missing", "wire"],
    )
    def test_attributes(
        self, mixed: str, sqs_mock: SqsMock, attributes: dict[str, Any], shown: str
    ) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_has_message(attributes=attributes)
        assert message_of(excinfo) == (
            f"Expected a message with attributes {shown} on queue 'q', but none of its "
            "3 messages matches:\n" + MIXED_LISTING
        )

    def test_string_attribute_is_not_a_number(
        self, sqs: Any, queue_url: str, sqs_mock: SqsMock
    ) -> None:
        # "3.0" as a String is compared as text: only Number attributes compare numerically
        sqs.send_message(
            QueueUrl=queue_url,
            MessageBody="s",
            MessageAttributes={"v": {"DataType": "String", "StringValue": "3.0"}},
        )
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_has_message(attributes={"v": 3})
        assert message_of(excinfo) == (
            "Expected a message with attributes {'v': 3} on queue 'q', but none of its "
            "1 message matches:\n  [0] visible   body='s'  attributes={'v': '3.0'}"
        )


# -- assert_message_count -------------------------------------------------------------------------


class TestAssertMessageCount:
    @pytest.mark.parametrize(
        ("expected", "state"), [(3, None), (1, "visible"), (1, "in_flight"), (1, "delayed")]
    )
    def test_passes(self, mixed: str, sqs_mock: SqsMock, expected: int, state: str | None) -> None:
        sqs_mock.queue("q").assert_message_count(expected, state=state)

    def test_total(self, mixed: str, sqs_mock: SqsMock) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_message_count(2)
        assert message_of(excinfo) == (
            "Expected 2 messages on queue 'q', found 3 (1 visible, 1 in flight, 1 delayed):\n"
            + MIXED_LISTING
        )

    @pytest.mark.parametrize(
        ("state", "noun"),
        [
            ("visible", "visible messages"),
            ("in_flight", "in flight messages"),
            ("delayed", "delayed messages"),
        ],
    )
    def test_by_state(self, mixed: str, sqs_mock: SqsMock, state: str, noun: str) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_message_count(0, state=state)
        assert message_of(excinfo) == (
            f"Expected 0 {noun} on queue 'q', found 1 (1 visible, 1 in flight, 1 delayed):\n"
            + MIXED_LISTING
        )

    def test_empty_queue_singular(self, queue_url: str, sqs_mock: SqsMock) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_message_count(1)
        assert message_of(excinfo) == (
            "Expected 1 message on queue 'q', found 0 (0 visible, 0 in flight, 0 delayed)."
        )

    def test_empty_queue_with_state(self, queue_url: str, sqs_mock: SqsMock) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_message_count(1, state="in_flight")
        assert message_of(excinfo) == (
            "Expected 1 in flight message on queue 'q', found 0 "
            "(0 visible, 0 in flight, 0 delayed)."
        )

    def test_rejects_an_unknown_state(self, queue_url: str, sqs_mock: SqsMock) -> None:
        with pytest.raises(ValueError) as excinfo:
            sqs_mock.queue("q").assert_message_count(0, state="gone")
        assert str(excinfo.value) == (
            "state must be one of visible, in_flight, delayed or None, not 'gone'"
        )


# -- assert_dead_lettered -------------------------------------------------------------------------


def _dead_letter(sqs: Any, sqs_mock: SqsMock, bodies: list[str]) -> None:
    """Create ``work`` (maxReceiveCount 1, DLQ ``work-dlq``) and dead-letter ``bodies``."""
    work = sqs_mock.create_queue("work", dead_letter=1)
    for body in bodies:
        sqs.send_message(QueueUrl=work.url, MessageBody=body)
    for _ in bodies:
        got = sqs.receive_message(QueueUrl=work.url, VisibilityTimeout=0)
        assert len(got["Messages"]) == 1
    # the next receive finds every message past maxReceiveCount and moves it
    assert "Messages" not in sqs.receive_message(QueueUrl=work.url, MaxNumberOfMessages=10)


class TestAssertDeadLettered:
    def test_passes(self, sqs: Any, sqs_mock: SqsMock) -> None:
        _dead_letter(sqs, sqs_mock, ["a", "b"])
        sqs_mock.queue("work").assert_dead_lettered(2)

    def test_no_redrive_policy(self, queue_url: str, sqs_mock: SqsMock) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("q").assert_dead_lettered(1)
        assert message_of(excinfo) == (
            "Expected 1 message of queue 'q' in its dead-letter queue, but it has none "
            "(no RedrivePolicy)."
        )

    def test_none_moved(self, sqs_mock: SqsMock) -> None:
        sqs_mock.create_queue("work", dead_letter=3)
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("work").assert_dead_lettered(2)
        assert message_of(excinfo) == (
            "Expected 2 messages of queue 'work' dead-lettered to 'work-dlq', found 0."
        )

    def test_lists_the_moved_messages(self, sqs: Any, sqs_mock: SqsMock) -> None:
        _dead_letter(sqs, sqs_mock, ["a", "b"])
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.queue("work").assert_dead_lettered(1)
        assert message_of(excinfo) == (
            "Expected 1 message of queue 'work' dead-lettered to 'work-dlq', found 2:\n"
            "  [0] visible   body='a'  receive_count=1\n"
            "  [1] visible   body='b'  receive_count=1"
        )

    def test_counts_only_messages_from_this_queue(self, sqs: Any, sqs_mock: SqsMock) -> None:
        _dead_letter(sqs, sqs_mock, ["a"])
        # a message sent straight to the DLQ did not come from ``work``
        sqs.send_message(QueueUrl=sqs_mock.queue("work-dlq").url, MessageBody="direct")
        sqs_mock.queue("work").assert_dead_lettered(1)
        assert sqs_mock.queue("work-dlq").bodies == ["a", "direct"]


# -- assert_sent ----------------------------------------------------------------------------------


class TestAssertSentMatches:
    def test_by_body_json_attributes(self, mixed: str, sqs_mock: SqsMock) -> None:
        sqs_mock.assert_sent("q", "hello")
        sqs_mock.assert_sent("q", json={"a": 1}, attributes={"n": 3, "b": b"\x00\x01"})
        sqs_mock.assert_sent("q", re.compile("^lat"))

    def test_by_url(self, mixed: str, sqs_mock: SqsMock) -> None:
        sqs_mock.assert_sent(mixed, "later", count=1)

    def test_count(self, mixed: str, sqs_mock: SqsMock) -> None:
        sqs_mock.assert_sent("q", count=3)
        sqs_mock.assert_sent("q", "nope", count=0)

    def test_count_zero_on_an_unused_queue(self, queue_url: str, sqs_mock: SqsMock) -> None:
        sqs_mock.assert_sent("q", count=0)

    def test_batch_entries_and_group(self, sqs: Any, fifo_url: str, sqs_mock: SqsMock) -> None:
        sqs.send_message_batch(
            QueueUrl=fifo_url,
            Entries=[
                {
                    "Id": "1",
                    "MessageBody": "b1",
                    "MessageGroupId": "g1",
                    "MessageDeduplicationId": "d1",
                },
                {
                    "Id": "2",
                    "MessageBody": "b2",
                    "MessageGroupId": "g2",
                    "MessageDeduplicationId": "d2",
                },
            ],
        )
        sqs_mock.assert_sent("q.fifo", "b2", group_id="g2", count=1)
        assert [m["MessageBody"] for m in sqs_mock.sent("q.fifo")] == ["b1", "b2"]

    def test_sent_counts_messages_not_stored_ones(
        self, sqs: Any, queue_url: str, sqs_mock: SqsMock
    ) -> None:
        sqs.send_message(QueueUrl=queue_url, MessageBody="gone")
        received = sqs.receive_message(QueueUrl=queue_url)["Messages"]
        sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=received[0]["ReceiptHandle"])
        sqs_mock.queue("q").assert_empty()
        sqs_mock.assert_sent("q", "gone", count=1)


class TestAssertSentFailures:
    def test_nothing_sent(self, queue_url: str, sqs_mock: SqsMock) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.assert_sent("q")
        assert message_of(excinfo) == (
            "Expected a message sent to queue 'q', but nothing was sent to it."
        )

    def test_nothing_sent_with_count(self, queue_url: str, sqs_mock: SqsMock) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.assert_sent("q", "x", count=2)
        assert message_of(excinfo) == (
            "Expected 2 messages sent to queue 'q' with body 'x', found 0; nothing was sent to it."
        )

    def test_no_match(self, mixed: str, sqs_mock: SqsMock) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.assert_sent("q", "zzz")
        assert message_of(excinfo) == (
            "Expected a message sent to queue 'q' with body 'zzz', but none of the 3 messages "
            "sent to it matches:\n"
            "  [0] body='hello'\n"
            "  [1] body='{\"a\": 1}'  attributes={'n': '3', 'b': b'\\x00\\x01'}\n"
            "  [2] body='later'"
        )

    def test_count_mismatch(self, mixed: str, sqs_mock: SqsMock) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.assert_sent("q", count=2)
        assert message_of(excinfo) == (
            "Expected 2 messages sent to queue 'q', found 3; the 3 messages sent to it:\n"
            "  [0] body='hello'\n"
            "  [1] body='{\"a\": 1}'  attributes={'n': '3', 'b': b'\\x00\\x01'}\n"
            "  [2] body='later'"
        )

    @pytest.mark.parametrize(
        ("count", "criteria", "head"),
        [
            (1, {"body": "nope"}, "Expected 1 message sent to queue 'q' with body 'nope', found 0"),
            (
                2,
                {"attributes": {"n": 3}},
                "Expected 2 messages sent to queue 'q' with attributes {'n': 3}, found 1",
            ),
        ],
    )
    def test_count_counts_matching_messages(
        self, mixed: str, sqs_mock: SqsMock, count: int, criteria: dict[str, Any], head: str
    ) -> None:
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.assert_sent("q", count=count, **criteria)
        assert message_of(excinfo) == (
            head + "; the 3 messages sent to it:\n"
            "  [0] body='hello'\n"
            "  [1] body='{\"a\": 1}'  attributes={'n': '3', 'b': b'\\x00\\x01'}\n"
            "  [2] body='later'"
        )

    def test_batch_entries(self, sqs: Any, fifo_url: str, sqs_mock: SqsMock) -> None:
        sqs.send_message_batch(
            QueueUrl=fifo_url,
            Entries=[
                {
                    "Id": "1",
                    "MessageBody": "b1",
                    "MessageGroupId": "g1",
                    "MessageDeduplicationId": "d1",
                },
                {
                    "Id": "2",
                    "MessageBody": "b2",
                    "MessageGroupId": "g2",
                    "MessageDeduplicationId": "d2",
                    "MessageAttributes": {"t": STRING_A},
                },
            ],
        )
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.assert_sent("q.fifo", group_id="g3")
        assert message_of(excinfo) == (
            "Expected a message sent to queue 'q.fifo' with group 'g3', but none of the "
            "2 messages sent to it matches:\n"
            "  [0] body='b1'  group='g1'\n"
            "  [1] body='b2'  attributes={'t': 'a'}  group='g2'"
        )

    def test_failed_batch_entries_and_calls_were_not_sent(
        self, sqs: Any, queue_url: str, sqs_mock: SqsMock
    ) -> None:
        result = sqs.send_message_batch(
            QueueUrl=queue_url,
            Entries=[{"Id": "ok", "MessageBody": "fine"}, {"Id": "bad", "MessageBody": "x\x00"}],
        )
        assert [f["Code"] for f in result["Failed"]] == ["InvalidMessageContents"]
        with pytest.raises(sqs.exceptions.ClientError):
            sqs.send_message(QueueUrl=queue_url, MessageBody="y\x00")
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.assert_sent("q", re.compile("\x00"))
        assert message_of(excinfo) == (
            "Expected a message sent to queue 'q' with body '\\x00' (regex), but none of the "
            "1 message sent to it matches:\n  [0] body='fine'"
        )

    def test_lists_at_most_ten(self, sqs: Any, queue_url: str, sqs_mock: SqsMock) -> None:
        for i in range(12):
            sqs.send_message(QueueUrl=queue_url, MessageBody=f"m{i}")
        with pytest.raises(AssertionError) as excinfo:
            sqs_mock.assert_sent("q", json={"k": "v"})
        listed = "\n".join(f"  [{i}] body='m{i}'" for i in range(10))
        assert message_of(excinfo) == (
            'Expected a message sent to queue \'q\' with JSON body {"k": "v"}, but none of the '
            "12 messages sent to it matches:\n" + listed + "\n  ... and 2 more"
        )


# -- assert_no_errors -----------------------------------------------------------------------------


class TestAssertNoErrors:
    def test_passes_when_every_call_succeeded(self, mixed: str, sqs_mock: SqsMock) -> None:
        sqs_mock.assert_no_errors()

    def test_passes_with_partial_batch_failures(
        self, sqs: Any, queue_url: str, sqs_mock: SqsMock
    ) -> None:
        # a batch with failed entries is a successful call
        result = sqs.send_message_batch(
            QueueUrl=queue_url, Entries=[{"Id": "bad", "MessageBody": "x\x00"}]
        )
        assert len(result["Failed"]) == 1
        sqs_mock.assert_no_errors()

    def test_lists_failed_calls(self) -> None:
        # a mock started inside a freeze: offsets since its start are exact
        with freezegun.freeze_time("2024-05-01T12:00:00Z"), mock_sqs() as mock:
            sqs = boto3.client("sqs", region_name="us-east-1")
            sqs.create_queue(QueueName="q")
            with pytest.raises(sqs.exceptions.QueueDoesNotExist):
                sqs.get_queue_url(QueueName="missing")
            mock.clock.advance(2.5)
            with pytest.raises(sqs.exceptions.ClientError):
                sqs.create_queue(QueueName="q", Attributes={"DelaySeconds": "901"})
            with pytest.raises(AssertionError) as excinfo:
                mock.assert_no_errors()
        assert message_of(excinfo) == (
            "Expected no SQS errors, but 2 calls failed:\n"
            "  +0.000s GetQueueUrl missing -> ERROR AWS.SimpleQueueService.NonExistentQueue: "
            "The specified queue does not exist.\n"
            "  +2.500s CreateQueue q Attributes={'DelaySeconds': '901'} -> ERROR "
            "InvalidAttributeValue: Invalid value for the parameter DelaySeconds."
        )

    def test_one_failed_call_is_singular(self) -> None:
        with freezegun.freeze_time("2024-05-01T12:00:00Z"), mock_sqs() as mock:
            sqs = boto3.client("sqs", region_name="us-east-1")
            mock.clock.advance(0.25)
            with pytest.raises(sqs.exceptions.QueueDoesNotExist):
                sqs.get_queue_url(QueueName="missing")
            with pytest.raises(AssertionError) as excinfo:
                mock.assert_no_errors()
        assert message_of(excinfo) == (
            "Expected no SQS errors, but 1 call failed:\n"
            "  +0.250s GetQueueUrl missing -> ERROR AWS.SimpleQueueService.NonExistentQueue: "
            "The specified queue does not exist."
        )
