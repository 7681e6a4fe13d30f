"""State to assert on: queue views and the call log. Reading a view never changes SQS state."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from pytest_sqsmock import Call, QueueView, SqsMock
from pytest_sqsmock.clock import Clock

ACCOUNT = "123456789012"
URL = f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/q"
ARN = f"arn:aws:sqs:us-east-1:{ACCOUNT}:q"


def _read_every_view(view: QueueView) -> None:
    """Read every property of a view (what a test's assertions would do)."""
    for _ in range(3):
        assert view.messages is not None
        assert view.visible is not None
        assert view.in_flight is not None
        assert view.delayed is not None
        assert view.bodies is not None
        assert view.counts is not None
        assert view.attributes["QueueArn"] == view.arn
        assert len(view) >= 0


# -- looking queues up ----------------------------------------------------------------------------


class TestQueueLookup:
    @pytest.mark.parametrize("key", ["q", URL, ARN])
    def test_by_name_url_or_arn(self, queue_url: str, sqs_mock: SqsMock, key: str) -> None:
        view = sqs_mock.queue(key)
        assert (view.name, view.url, view.arn, view.fifo) == ("q", URL, ARN, False)
        assert repr(view) == f"<QueueView q (us-east-1/{ACCOUNT})>"

    def test_unknown_queue_names_the_known_ones(self, queue_url: str, sqs_mock: SqsMock) -> None:
        with pytest.raises(LookupError) as excinfo:
            sqs_mock.queue("nope")
        assert str(excinfo.value) == "No SQS queue 'nope' in this mock. Queues: ['q']."

    def test_unknown_queue_without_queues(self, sqs_mock: SqsMock) -> None:
        with pytest.raises(LookupError) as excinfo:
            sqs_mock.queue("nope")
        assert str(excinfo.value) == "No SQS queue 'nope' in this mock. Queues: none."

    def test_iterating_gives_every_queue_by_name(self, sqs: Any, sqs_mock: SqsMock) -> None:
        for name in ("b", "a.fifo", "c"):
            attributes = {"FifoQueue": "true"} if name.endswith(".fifo") else {}
            sqs.create_queue(QueueName=name, Attributes=attributes)
        assert [v.name for v in sqs_mock] == ["a.fifo", "b", "c"]
        assert [v.fifo for v in sqs_mock.queues()] == [True, False, False]

    def test_a_stopped_mock_has_no_state(self) -> None:
        mock = SqsMock()
        with pytest.raises(RuntimeError) as excinfo:
            mock.queue("q")
        assert str(excinfo.value) == (
            "This SqsMock is not started: use it inside `with mock_sqs() as sqs:` or the "
            "sqs_mock fixture."
        )


# -- what views show ------------------------------------------------------------------------------


class TestQueueViewContents:
    def test_messages_by_state_oldest_first(
        self, sqs: Any, queue_url: str, sqs_mock: SqsMock
    ) -> None:
        for body in ("one", "two", "three"):
            sqs.send_message(QueueUrl=queue_url, MessageBody=body)
        sqs.send_message(QueueUrl=queue_url, MessageBody="late", DelaySeconds=30)
        sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=1)
        view = sqs_mock.queue("q")
        assert [m.body for m in view.in_flight] == ["one"]
        assert [m.body for m in view.visible] == ["two", "three"]
        assert [m.body for m in view.delayed] == ["late"]
        assert view.bodies == ["one", "two", "three", "late"]
        assert [m.state for m in view.messages] == ["in_flight", "visible", "visible", "delayed"]
        assert view.counts == {"visible": 2, "in_flight": 1, "delayed": 1}
        assert len(view) == 4
        assert [m.body for m in view.oldest(2)] == ["one", "two"]
        assert [m.body for m in view.oldest(10)] == ["one", "two", "three", "late"]

    def test_counts_agree_with_get_queue_attributes(
        self, sqs: Any, queue_url: str, sqs_mock: SqsMock
    ) -> None:
        sqs.send_message(QueueUrl=queue_url, MessageBody="a")
        sqs.send_message(QueueUrl=queue_url, MessageBody="b", DelaySeconds=10)
        sqs.receive_message(QueueUrl=queue_url)
        attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])[
            "Attributes"
        ]
        view = sqs_mock.queue("q")
        assert view.attributes == attributes
        assert view.counts == {
            "visible": int(attributes["ApproximateNumberOfMessages"]),
            "in_flight": int(attributes["ApproximateNumberOfMessagesNotVisible"]),
            "delayed": int(attributes["ApproximateNumberOfMessagesDelayed"]),
        }
        assert view.counts == {"visible": 0, "in_flight": 1, "delayed": 1}

    def test_json_bodies(self, sqs: Any, queue_url: str, sqs_mock: SqsMock) -> None:
        for value in ({"id": 1}, [1, 2], "text", None):
            sqs.send_message(QueueUrl=queue_url, MessageBody=json.dumps(value))
        assert sqs_mock.queue("q").json_bodies == [{"id": 1}, [1, 2], "text", None]
        assert sqs_mock.queue("q").messages[0].json() == {"id": 1}

    def test_json_bodies_fails_on_a_body_that_is_not_json(
        self, sqs: Any, queue_url: str, sqs_mock: SqsMock
    ) -> None:
        sqs.send_message(QueueUrl=queue_url, MessageBody="plain")
        with pytest.raises(json.JSONDecodeError):
            _ = sqs_mock.queue("q").json_bodies

    def test_message_view_fields(
        self, sqs: Any, queue_url: str, sqs_mock: SqsMock, sqs_clock: Clock
    ) -> None:
        sent_at = sqs_clock.now()
        sent = sqs.send_message(
            QueueUrl=queue_url,
            MessageBody="b",
            MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}},
        )
        sqs_clock.advance(2)
        sqs.receive_message(QueueUrl=queue_url, VisibilityTimeout=40)
        sqs_clock.advance(1)
        (message,) = sqs_mock.queue("q").messages
        assert message.message_id == sent["MessageId"]
        assert message.state == "in_flight"
        assert message.receive_count == 1
        assert message.attributes["ApproximateReceiveCount"] == "1"
        assert message.message_attributes == {"k": {"DataType": "String", "StringValue": "v"}}
        assert message.sent_at == sent_at.replace(microsecond=sent_at.microsecond // 1000 * 1000)
        assert message.first_received_at == message.sent_at + dt.timedelta(seconds=2)
        assert message.visible_at == message.sent_at + dt.timedelta(seconds=42)
        assert (message.group_id, message.deduplication_id, message.sequence_number) == (
            None,
            None,
            None,
        )

    def test_fifo_message_view_fields(self, sqs: Any, fifo_url: str, sqs_mock: SqsMock) -> None:
        sent = sqs.send_message(
            QueueUrl=fifo_url, MessageBody="f", MessageGroupId="g", MessageDeduplicationId="d"
        )
        (message,) = sqs_mock.queue("q.fifo").messages
        assert (message.group_id, message.deduplication_id) == ("g", "d")
        assert message.sequence_number == sent["SequenceNumber"]
        assert message.attributes["MessageGroupId"] == "g"

    def test_receive_counts(
        self, sqs: Any, queue_url: str, sqs_mock: SqsMock, sqs_clock: Clock
    ) -> None:
        sqs.send_message(QueueUrl=queue_url, MessageBody="again")
        view = sqs_mock.queue("q")
        for expected in (1, 2, 3):
            sqs.receive_message(QueueUrl=queue_url, VisibilityTimeout=5)
            assert [m.receive_count for m in view.messages] == [expected]
            sqs_clock.advance(5)
        assert [m.state for m in view.messages] == ["visible"]

    def test_tags(self, sqs_mock: SqsMock) -> None:
        view = sqs_mock.create_queue("tagged", tags={"team": "a"})
        assert view.tags == {"team": "a"}


class TestDeadLetterViews:
    def test_dead_letter_queue_and_dead_lettered(self, sqs: Any, sqs_mock: SqsMock) -> None:
        work = sqs_mock.create_queue("work", dead_letter=1)
        other = sqs_mock.create_queue(
            "other", dead_letter={"max_receive_count": 1, "queue_name": "work-dlq"}
        )
        assert work.dead_letter_queue is not None
        assert work.dead_letter_queue.name == "work-dlq"
        for queue, body in ((work, "from work"), (other, "from other")):
            sqs.send_message(QueueUrl=queue.url, MessageBody=body)
            sqs.receive_message(QueueUrl=queue.url, VisibilityTimeout=0)
            assert "Messages" not in sqs.receive_message(QueueUrl=queue.url)
        assert [m.body for m in work.dead_lettered] == ["from work"]
        assert [m.body for m in other.dead_lettered] == ["from other"]
        assert work.dead_lettered[0].dead_letter_source_arn == work.arn
        assert work.dead_letter_queue.bodies == ["from work", "from other"]

    def test_without_redrive_policy(self, queue_url: str, sqs_mock: SqsMock) -> None:
        view = sqs_mock.queue("q")
        assert view.dead_letter_queue is None
        assert view.dead_lettered == []

    def test_dead_letter_queue_deleted(self, sqs: Any, sqs_mock: SqsMock) -> None:
        work = sqs_mock.create_queue("work", dead_letter=2)
        sqs.delete_queue(QueueUrl=sqs_mock.queue("work-dlq").url)
        assert work.dead_letter_queue is None
        assert work.dead_lettered == []


# -- reading never changes state ------------------------------------------------------------------


class TestViewsAreSnapshots:
    def test_reading_a_visible_message_does_not_receive_it(
        self, sqs: Any, queue_url: str, sqs_mock: SqsMock
    ) -> None:
        sqs.send_message(QueueUrl=queue_url, MessageBody="m")
        view = sqs_mock.queue("q")
        _read_every_view(view)
        view.assert_has_message("m", state="visible")
        view.assert_message_count(1, state="visible")
        sqs_mock.summary()
        (message,) = sqs.receive_message(QueueUrl=queue_url, MessageSystemAttributeNames=["All"])[
            "Messages"
        ]
        assert message["Attributes"]["ApproximateReceiveCount"] == "1"
        assert "ApproximateFirstReceiveTimestamp" in message["Attributes"]

    def test_reading_an_in_flight_message_keeps_its_visibility(
        self, sqs: Any, queue_url: str, sqs_mock: SqsMock, sqs_clock: Clock
    ) -> None:
        sqs.send_message(QueueUrl=queue_url, MessageBody="m")
        sqs.receive_message(QueueUrl=queue_url, VisibilityTimeout=30)
        view = sqs_mock.queue("q")
        (before,) = view.in_flight
        sqs_clock.advance(29)
        _read_every_view(view)
        view.assert_has_message("m", state="in_flight")
        sqs_mock.summary()
        (after,) = view.in_flight
        assert (after.visible_at, after.receive_count) == (before.visible_at, 1)
        assert "Messages" not in sqs.receive_message(QueueUrl=queue_url)
        sqs_clock.advance(1)
        (message,) = sqs.receive_message(
            QueueUrl=queue_url, MessageSystemAttributeNames=["ApproximateReceiveCount"]
        )["Messages"]
        assert message["Attributes"]["ApproximateReceiveCount"] == "2"

    def test_reading_does_not_count_towards_max_receive_count(
        self, sqs: Any, sqs_mock: SqsMock
    ) -> None:
        work = sqs_mock.create_queue("work", dead_letter=1)
        sqs.send_message(QueueUrl=work.url, MessageBody="m")
        for _ in range(5):
            _read_every_view(work)
            assert work.dead_lettered == []
        assert len(sqs.receive_message(QueueUrl=work.url)["Messages"]) == 1
        assert work.dead_lettered == []

    def test_message_views_do_not_follow_later_changes(
        self, sqs: Any, queue_url: str, sqs_mock: SqsMock
    ) -> None:
        sqs.send_message(QueueUrl=queue_url, MessageBody="m")
        view = sqs_mock.queue("q")
        messages = view.messages
        counts = view.counts
        sqs.receive_message(QueueUrl=queue_url)
        assert [(m.state, m.receive_count) for m in messages] == [("visible", 0)]
        assert counts == {"visible": 1, "in_flight": 0, "delayed": 0}
        assert [(m.state, m.receive_count) for m in view.messages] == [("in_flight", 1)]

    def test_message_views_are_immutable(self, sqs: Any, queue_url: str, sqs_mock: SqsMock) -> None:
        sqs.send_message(QueueUrl=queue_url, MessageBody="m")
        (message,) = sqs_mock.queue("q").messages
        with pytest.raises(AttributeError):
            message.body = "changed"  # type: ignore[misc]
        assert sqs_mock.queue("q").bodies == ["m"]


# -- the call log ---------------------------------------------------------------------------------


@pytest.fixture
def traffic(sqs: Any, sqs_mock: SqsMock) -> SqsMock:
    """Calls on queues ``a`` and ``b``, two of which fail."""
    a = sqs.create_queue(QueueName="a")["QueueUrl"]
    b = sqs.create_queue(QueueName="b")["QueueUrl"]
    sqs.send_message(QueueUrl=a, MessageBody="1")
    sqs.send_message_batch(QueueUrl=b, Entries=[{"Id": "x", "MessageBody": "2"}])
    sqs.receive_message(QueueUrl=a)
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName="c")
    with pytest.raises(sqs.exceptions.ClientError):
        sqs.send_message(QueueUrl=b, MessageBody="")
    sqs.list_queues()
    return sqs_mock


class TestCallLog:
    def test_records_every_call_in_order(self, traffic: SqsMock) -> None:
        assert traffic.calls.operations == [
            "CreateQueue",
            "CreateQueue",
            "SendMessage",
            "SendMessageBatch",
            "ReceiveMessage",
            "GetQueueUrl",
            "SendMessage",
            "ListQueues",
        ]
        assert all(isinstance(call, Call) for call in traffic.calls)

    def test_filter_by_operation(self, traffic: SqsMock) -> None:
        sends = traffic.calls.filter("SendMessage")
        assert [c.queue_name for c in sends] == ["a", "b"]
        both = traffic.calls.filter(["SendMessage", "SendMessageBatch"])
        assert both.operations == ["SendMessage", "SendMessageBatch", "SendMessage"]

    def test_filter_by_queue_name(self, traffic: SqsMock) -> None:
        assert traffic.calls.filter(queue="b").operations == [
            "CreateQueue",
            "SendMessageBatch",
            "SendMessage",
        ]
        assert traffic.calls.filter(queue="c").operations == ["GetQueueUrl"]

    def test_name_url_and_arn_find_the_same_calls(self, traffic: SqsMock) -> None:
        url = f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/b"
        arn = f"arn:aws:sqs:us-east-1:{ACCOUNT}:b"
        by_name = traffic.calls.filter(queue="b")
        assert by_name.operations == ["CreateQueue", "SendMessageBatch", "SendMessage"]
        assert traffic.calls.filter(queue=url) == by_name
        assert traffic.calls.filter(queue=arn) == by_name

    def test_other_account_or_region_does_not_match(self, traffic: SqsMock) -> None:
        assert (
            traffic.calls.filter(queue="https://sqs.us-east-1.amazonaws.com/999999999999/b") == []
        )
        assert traffic.calls.filter(queue=f"arn:aws:sqs:eu-west-1:{ACCOUNT}:b") == []

    def test_filter_by_queue_url(self, traffic: SqsMock) -> None:
        url = f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/b"
        sends = traffic.calls.filter(["SendMessage", "SendMessageBatch"], queue=url)
        assert sends.operations == ["SendMessageBatch", "SendMessage"]
        trailing = traffic.calls.filter(["SendMessage", "SendMessageBatch"], queue=url + "/")
        assert trailing == sends

    def test_filter_by_outcome(self, traffic: SqsMock) -> None:
        assert traffic.calls.filter(ok=False).operations == ["GetQueueUrl", "SendMessage"]
        assert traffic.calls.failed.operations == ["GetQueueUrl", "SendMessage"]
        assert len(traffic.calls.filter(ok=True)) == 6

    def test_filters_combine(self, traffic: SqsMock) -> None:
        (call,) = traffic.calls.filter("SendMessage", queue="b", ok=False)
        assert call.error_code == "MissingParameter"
        assert call.response is None
        assert call.error is not None
        assert call.params == {"QueueUrl": traffic.queue("b").url, "MessageBody": ""}
        assert traffic.calls.filter("SendMessage", queue="a", ok=False) == []

    def test_call_fields(self, traffic: SqsMock) -> None:
        create, *_ = traffic.calls
        assert (create.operation, create.region, create.ok, create.error_code) == (
            "CreateQueue",
            "us-east-1",
            True,
            None,
        )
        assert create.response is not None
        assert create.response["QueueUrl"] == traffic.queue("a").url
        (lookup,) = traffic.calls.filter("GetQueueUrl")
        assert lookup.error_code == "AWS.SimpleQueueService.NonExistentQueue"
        assert lookup.queue_name == "c"
        assert traffic.calls.filter("ListQueues")[0].queue_name is None

    def test_slices_are_call_logs(self, traffic: SqsMock) -> None:
        assert traffic.calls[-2:].operations == ["SendMessage", "ListQueues"]
        assert traffic.calls[:3].filter(queue="a").operations == ["CreateQueue", "SendMessage"]

    def test_call_time_is_sqs_time(self, sqs: Any, sqs_mock: SqsMock, sqs_clock: Clock) -> None:
        start = sqs_clock.now()
        sqs.list_queues()
        sqs_clock.advance(dt.timedelta(minutes=5))
        sqs.list_queues()
        first, second = sqs_mock.calls
        assert first.time == start.replace(microsecond=start.microsecond // 1000 * 1000)
        assert second.at - first.at == 300_000
        assert second.time - first.time == dt.timedelta(minutes=5)

    def test_filter_by_arn_matches_move_tasks(self, sqs: Any, sqs_mock: SqsMock) -> None:
        work = sqs_mock.create_queue("work", dead_letter=1)
        dlq = work.dead_letter_queue
        assert dlq is not None
        sqs.start_message_move_task(SourceArn=dlq.arn, DestinationArn=work.arn)
        assert traffic_ops(sqs_mock, dlq.arn) == ["StartMessageMoveTask"]
        assert traffic_ops(sqs_mock, work.arn) == ["StartMessageMoveTask"]
        assert sqs_mock.calls[0].queue_name == "work-dlq"

    def test_declared_and_create_queue_are_not_calls(self, sqs_mock: SqsMock) -> None:
        sqs_mock.create_queue("setup")
        assert sqs_mock.calls == []


def traffic_ops(mock: SqsMock, queue: str) -> list[str]:
    return mock.calls.filter(queue=queue).operations
