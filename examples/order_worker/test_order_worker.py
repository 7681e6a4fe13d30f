"""Tests for the order worker, run against pytest-sqsmock: no AWS, no network, no sleeping.

Most tests use the ``sqs_mock`` fixture; a few show ``@mock_sqs`` and ``with mock_sqs()``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from freezegun import freeze_time

from pytest_sqsmock import Clock, SqsMock, mock_sqs

from .infra import OrderQueues, create_order_queues
from .publisher import PublishError, publish_order, publish_orders
from .worker import Order, exponential_backoff, process_batch

ORDERS = [
    {"order_id": "o-1", "customer_id": "c-1", "total_cents": 1250},
    {"order_id": "o-2", "customer_id": "c-2", "total_cents": 990},
    {"order_id": "o-3", "customer_id": "c-1", "total_cents": 4000},
]
POISON = {"order_id": "o-poison", "customer_id": "c-9", "total_cents": -1}


class Handler:
    """Record every order handled; raise for the orders ``fails`` picks."""

    def __init__(self, fails: Callable[[Order], bool] = lambda order: False) -> None:
        self.fails = fails
        self.seen: list[Order] = []

    def __call__(self, order: Order) -> None:
        self.seen.append(order)
        if self.fails(order):
            raise RuntimeError(f"cannot charge order {order.data['order_id']}")

    def ids(self) -> list[str]:
        return [order.data["order_id"] for order in self.seen]


@pytest.fixture
def sqs(sqs_clock: Clock) -> Any:
    """Return a boto3 client answered by the mock.

    ``sqs_clock`` freezes time, so a long poll on an empty queue returns at once instead of
    waiting 20 real seconds; ``sqs_mock.clock.advance()`` moves time on.
    """
    return boto3.client("sqs", region_name="us-east-1")


@pytest.fixture
def queues(sqs: Any) -> OrderQueues:
    return create_order_queues(sqs)


# -- setup ---------------------------------------------------------------------------------------


def test_orders_queue_redrives_to_dlq_after_three_receives(
    sqs: Any, queues: OrderQueues, sqs_mock: SqsMock
) -> None:
    orders = sqs_mock.queue("orders")
    assert json.loads(orders.attributes["RedrivePolicy"]) == {
        "deadLetterTargetArn": queues.dlq_arn,
        "maxReceiveCount": 3,
    }
    assert orders.attributes["VisibilityTimeout"] == "30"
    assert sqs_mock.queue("orders-dlq").attributes["MessageRetentionPeriod"] == "1209600"
    sources = sqs.list_dead_letter_source_queues(QueueUrl=queues.dlq_url)
    assert sources["queueUrls"] == [queues.url]


def test_create_order_queues_is_idempotent(sqs: Any, queues: OrderQueues) -> None:
    assert create_order_queues(sqs) == queues
    assert sorted(sqs.list_queues()["QueueUrls"]) == sorted([queues.url, queues.dlq_url])


# -- happy path ----------------------------------------------------------------------------------


def test_orders_are_processed_and_deleted(sqs: Any, queues: OrderQueues, sqs_mock: SqsMock) -> None:
    message_ids = [publish_order(sqs, queues.url, order) for order in ORDERS]
    handler = Handler()

    result = process_batch(sqs, queues.url, handler)

    assert result.processed == message_ids
    assert result.failed == result.malformed == []
    assert [order.data for order in handler.seen] == ORDERS
    assert [order.receive_count for order in handler.seen] == [1, 1, 1]
    assert sqs_mock.queue("orders").messages == []
    assert sqs_mock.queue("orders-dlq").messages == []
    worker_calls = [call.operation for call in sqs_mock.calls if call.queue_name == "orders"]
    assert worker_calls[-4:] == ["ReceiveMessage"] + ["DeleteMessage"] * 3
    assert all(call.ok for call in sqs_mock.calls)


def test_empty_queue_returns_empty_batch(sqs: Any, queues: OrderQueues, sqs_mock: SqsMock) -> None:
    before = sqs_mock.clock.now()

    result = process_batch(sqs, queues.url, Handler())

    assert result.received == 0
    # The clock is frozen, so the 20-second long poll returned at once, at the same SQS time.
    assert sqs_mock.clock.now() == before
    receive = sqs_mock.calls[-1]
    assert receive.operation == "ReceiveMessage"
    assert receive.params["WaitTimeSeconds"] == 20
    assert receive.params["MaxNumberOfMessages"] == 10
    assert receive.response == {}


def test_batch_takes_at_most_ten_orders(sqs: Any, queues: OrderQueues, sqs_mock: SqsMock) -> None:
    orders = [{"order_id": f"o-{n}", "customer_id": "c-1"} for n in range(12)]
    publish_orders(sqs, queues.url, orders)
    handler = Handler()

    first = process_batch(sqs, queues.url, handler)
    second = process_batch(sqs, queues.url, handler)

    assert (first.received, second.received) == (10, 2)
    assert handler.ids() == [f"o-{n}" for n in range(12)]
    assert len(sqs_mock.queue("orders")) == 0


# -- failures, retries and the dead-letter queue -------------------------------------------------


def test_poison_order_lands_in_dlq_after_three_receives(
    sqs: Any, queues: OrderQueues, sqs_mock: SqsMock
) -> None:
    good_first = publish_order(sqs, queues.url, ORDERS[0])
    poison_id = publish_order(sqs, queues.url, POISON, source="partner-api")
    good_last = publish_order(sqs, queues.url, ORDERS[1])
    handler = Handler(fails=lambda order: order.data["order_id"] == "o-poison")
    orders = sqs_mock.queue("orders")

    first = process_batch(sqs, queues.url, handler)
    assert first.processed == [good_first, good_last]
    assert first.failed == [poison_id]
    assert [m.message_id for m in orders.in_flight] == [poison_id]
    assert orders.visible == []

    # Orders published while the poison order is retried still go through.
    late_id = publish_order(sqs, queues.url, ORDERS[2])
    sqs_mock.clock.advance(31)  # past the 30 s visibility timeout
    second = process_batch(sqs, queues.url, handler)
    assert (second.processed, second.failed) == ([late_id], [poison_id])
    assert orders.in_flight[0].receive_count == 2

    sqs_mock.clock.advance(31)
    third = process_batch(sqs, queues.url, handler)
    assert (third.processed, third.failed) == ([], [poison_id])
    assert orders.in_flight[0].receive_count == 3
    assert sqs_mock.queue("orders-dlq").messages == []

    # The fourth receive finds the order over maxReceiveCount and moves it instead.
    sqs_mock.clock.advance(31)
    assert [m.message_id for m in orders.visible] == [poison_id]
    fourth = process_batch(sqs, queues.url, handler)

    assert fourth.received == 0
    assert handler.ids().count("o-poison") == 3
    assert orders.messages == []
    [dead] = sqs_mock.queue("orders-dlq").messages
    assert dead.message_id == poison_id
    assert dead.json() == POISON
    assert dead.receive_count == 3
    assert dead.dead_letter_source_arn == queues.arn
    assert dead.attributes["DeadLetterQueueSourceArn"] == queues.arn
    assert dead.message_attributes["source"] == {"DataType": "String", "StringValue": "partner-api"}


def test_dead_letter_is_readable_from_dlq_with_its_source(sqs: Any, queues: OrderQueues) -> None:
    poison_id = publish_order(sqs, queues.url, POISON)
    always_fails = Handler(fails=lambda order: True)
    with freeze_time() as frozen:  # freezegun works too: the mock reads time.time()
        for _ in range(4):
            process_batch(sqs, queues.url, always_fails, visibility_timeout=5)
            frozen.tick(6)

    response = sqs.receive_message(
        QueueUrl=queues.dlq_url,
        MessageSystemAttributeNames=["DeadLetterQueueSourceArn", "ApproximateReceiveCount"],
        MessageAttributeNames=["All"],
    )

    [message] = response["Messages"]
    assert message["MessageId"] == poison_id
    assert json.loads(message["Body"]) == POISON
    assert message["Attributes"] == {
        "DeadLetterQueueSourceArn": queues.arn,
        "ApproximateReceiveCount": "4",  # three on the orders queue, one here
    }
    assert message["MessageAttributes"]["event_type"]["StringValue"] == "order.created"


def test_transient_failure_is_redelivered_after_visibility_timeout(
    sqs: Any, queues: OrderQueues, sqs_mock: SqsMock
) -> None:
    message_id = publish_order(sqs, queues.url, ORDERS[0])
    handler = Handler(fails=lambda order: order.receive_count == 1)  # payment API blips once
    orders = sqs_mock.queue("orders")

    assert process_batch(sqs, queues.url, handler).failed == [message_id]
    [in_flight] = orders.in_flight
    assert in_flight.visible_at == sqs_mock.clock.now() + dt.timedelta(seconds=30)

    sqs_mock.clock.advance(29)
    assert process_batch(sqs, queues.url, handler).received == 0
    assert [m.message_id for m in orders.in_flight] == [message_id]

    sqs_mock.clock.advance(1)
    retry = process_batch(sqs, queues.url, handler)

    assert retry.processed == [message_id]
    assert [order.receive_count for order in handler.seen] == [1, 2]
    assert orders.messages == []
    assert sqs_mock.queue("orders-dlq").messages == []


def test_backoff_sets_visibility_from_attempt_number(
    sqs: Any, queues: OrderQueues, sqs_mock: SqsMock
) -> None:
    message_id = publish_order(sqs, queues.url, ORDERS[0])
    handler = Handler(fails=lambda order: order.receive_count < 3)
    backoff = exponential_backoff(base=60)
    orders = sqs_mock.queue("orders")

    process_batch(sqs, queues.url, handler, backoff=backoff)
    assert orders.in_flight[0].visible_at == sqs_mock.clock.now() + dt.timedelta(seconds=60)
    sqs_mock.clock.advance(60)
    process_batch(sqs, queues.url, handler, backoff=backoff)
    assert orders.in_flight[0].visible_at == sqs_mock.clock.now() + dt.timedelta(seconds=120)

    sqs_mock.clock.advance(119)
    assert process_batch(sqs, queues.url, handler, backoff=backoff).received == 0
    sqs_mock.clock.advance(1)
    assert process_batch(sqs, queues.url, handler, backoff=backoff).processed == [message_id]

    changes = [c.params for c in sqs_mock.calls if c.operation == "ChangeMessageVisibility"]
    assert [c["VisibilityTimeout"] for c in changes] == [60, 120]
    assert orders.messages == []


@pytest.mark.parametrize(
    ("receive_count", "seconds"), [(1, 10), (2, 20), (3, 40), (7, 640), (8, 900), (50, 900)]
)
def test_exponential_backoff_doubles_up_to_cap(receive_count: int, seconds: int) -> None:
    assert exponential_backoff(base=10, cap=900)(receive_count) == seconds


def test_exponential_backoff_refuses_cap_over_sqs_limit() -> None:
    with pytest.raises(ValueError, match="cap must be between 0 and 43200 seconds"):
        exponential_backoff(cap=43201)


def test_failed_backoff_is_logged_and_message_still_retried(
    sqs: Any, queues: OrderQueues, sqs_mock: SqsMock, caplog: pytest.LogCaptureFixture
) -> None:
    message_id = publish_order(sqs, queues.url, ORDERS[0])
    handler = Handler(fails=lambda order: True)

    # 13 hours is over SQS's 12-hour visibility limit: SQS refuses the change.
    with caplog.at_level(logging.WARNING):
        process_batch(sqs, queues.url, handler, backoff=lambda attempt: 13 * 3600)

    change = sqs_mock.calls[-1]
    assert change.operation == "ChangeMessageVisibility"
    assert change.error is not None
    assert change.error.code == "InvalidParameterValue"
    assert f"Could not delay retry of message {message_id}: InvalidParameterValue" in caplog.text
    sqs_mock.clock.advance(30)  # the queue's own timeout still applies
    assert [m.message_id for m in sqs_mock.queue("orders").visible] == [message_id]


# -- malformed messages --------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["{not json", "[1, 2, 3]", '"order o-1"', "null"])
def test_malformed_body_is_not_handled_and_comes_straight_back(
    sqs: Any,
    queues: OrderQueues,
    sqs_mock: SqsMock,
    caplog: pytest.LogCaptureFixture,
    body: str,
) -> None:
    bad_id = sqs.send_message(QueueUrl=queues.url, MessageBody=body)["MessageId"]
    good_id = publish_order(sqs, queues.url, ORDERS[0])
    handler = Handler()

    with caplog.at_level(logging.ERROR):
        result = process_batch(sqs, queues.url, handler)

    assert result.malformed == [bad_id]
    assert result.processed == [good_id]
    assert handler.ids() == ["o-1"]
    assert f"Message {bad_id} is not a JSON object; leaving it for the DLQ" in caplog.text
    [bad] = sqs_mock.queue("orders").visible  # visible again at once: no clock advance
    assert (bad.message_id, bad.body, bad.receive_count) == (bad_id, body, 1)


def test_malformed_body_reaches_dlq_without_waiting(
    sqs: Any, queues: OrderQueues, sqs_mock: SqsMock
) -> None:
    bad_id = sqs.send_message(QueueUrl=queues.url, MessageBody="<order id='o-1'/>")["MessageId"]
    handler = Handler()

    results = [process_batch(sqs, queues.url, handler) for _ in range(4)]

    assert [r.malformed for r in results] == [[bad_id]] * 3 + [[]]
    assert handler.seen == []
    assert sqs_mock.queue("orders").messages == []
    [dead] = sqs_mock.queue("orders-dlq").messages
    assert (dead.message_id, dead.body) == (bad_id, "<order id='o-1'/>")
    assert dead.dead_letter_source_arn == queues.arn


# -- message attributes --------------------------------------------------------------------------


def test_message_attributes_are_stored_and_reach_the_handler(
    sqs: Any, queues: OrderQueues, sqs_mock: SqsMock
) -> None:
    message_id = publish_order(sqs, queues.url, ORDERS[0], source="mobile")

    [stored] = sqs_mock.queue("orders").messages
    assert stored.message_id == message_id
    assert stored.message_attributes == {
        "event_type": {"DataType": "String", "StringValue": "order.created"},
        "schema_version": {"DataType": "Number", "StringValue": "2"},
        "source": {"DataType": "String", "StringValue": "mobile"},
        "customer_id": {"DataType": "String", "StringValue": "c-1"},
    }

    handler = Handler()
    process_batch(sqs, queues.url, handler)

    [order] = handler.seen
    assert order.attributes == {
        "event_type": "order.created",
        "schema_version": "2",
        "source": "mobile",
        "customer_id": "c-1",
    }


def test_delayed_order_is_not_handled_before_its_delay(
    sqs: Any, queues: OrderQueues, sqs_mock: SqsMock
) -> None:
    message_id = publish_order(sqs, queues.url, ORDERS[0], delay_seconds=90)
    handler = Handler()
    orders = sqs_mock.queue("orders")

    assert [m.message_id for m in orders.delayed] == [message_id]
    assert process_batch(sqs, queues.url, handler).received == 0

    sqs_mock.clock.advance(90)
    assert process_batch(sqs, queues.url, handler).processed == [message_id]


# -- publisher -----------------------------------------------------------------------------------


def test_publish_orders_sends_batches_of_ten(
    sqs: Any, queues: OrderQueues, sqs_mock: SqsMock
) -> None:
    orders = [{"order_id": f"o-{n}", "customer_id": "c-1"} for n in range(23)]

    message_ids = publish_orders(sqs, queues.url, orders)

    batches = [c for c in sqs_mock.calls if c.operation == "SendMessageBatch"]
    assert [len(c.params["Entries"]) for c in batches] == [10, 10, 3]
    stored = sqs_mock.queue("orders").messages
    assert [m.message_id for m in stored] == message_ids
    assert [m.json() for m in stored] == orders


def test_publish_orders_raises_for_rejected_entries(sqs: Any, sqs_mock: SqsMock) -> None:
    url = sqs.create_queue(QueueName="small", Attributes={"MaximumMessageSize": "1024"})["QueueUrl"]
    orders = [
        {"order_id": "o-1", "customer_id": "c-1"},
        {"order_id": "o-2", "customer_id": "c-2", "note": "x" * 2000},
    ]

    with pytest.raises(PublishError, match=r"^1 order\(s\) not published: 1: ") as raised:
        publish_orders(sqs, url, orders)

    assert [f["Id"] for f in raised.value.failed] == ["1"]
    assert raised.value.failed[0]["SenderFault"] is True
    assert [m.json()["order_id"] for m in sqs_mock.queue("small").messages] == ["o-1"]


# -- the decorator and the context manager -------------------------------------------------------


@freeze_time("2024-06-01 09:00:00")
@mock_sqs
def test_worker_with_decorator_and_freezegun() -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    queues = create_order_queues(sqs)
    publish_order(sqs, queues.url, ORDERS[0])
    poison_id = publish_order(sqs, queues.url, POISON)
    handler = Handler(fails=lambda order: order.data["order_id"] == "o-poison")

    result = process_batch(sqs, queues.url, handler)

    assert result.failed == [poison_id]
    counts = sqs.get_queue_attributes(
        QueueUrl=queues.url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    assert counts == {
        "ApproximateNumberOfMessages": "0",
        "ApproximateNumberOfMessagesNotVisible": "1",
    }


@mock_sqs
class TestWorkerInDecoratedClass:
    """Every test method runs in its own fresh mock."""

    def test_first_run_starts_empty(self) -> None:
        sqs = boto3.client("sqs", region_name="us-east-1")
        queues = create_order_queues(sqs)
        publish_order(sqs, queues.url, ORDERS[0])
        assert process_batch(sqs, queues.url, Handler()).received == 1

    def test_second_run_starts_empty_too(self) -> None:
        sqs = boto3.client("sqs", region_name="us-east-1")
        assert "QueueUrls" not in sqs.list_queues()


def test_worker_with_context_manager() -> None:
    with mock_sqs() as sqs_mock:
        sqs = boto3.client("sqs", region_name="us-east-1")
        queues = create_order_queues(sqs, visibility_timeout=10)
        message_id = publish_order(sqs, queues.url, ORDERS[0])
        handler = Handler(fails=lambda order: order.receive_count == 1)

        assert process_batch(sqs, queues.url, handler).failed == [message_id]
        sqs_mock.clock.advance(10)  # the clock freezes itself on first advance
        assert process_batch(sqs, queues.url, handler).processed == [message_id]
        assert sqs_mock.queue(queues.url).messages == []
