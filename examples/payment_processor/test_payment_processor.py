"""Tests for the payment processor: hours of retries and redrives, in milliseconds of real time.

Every test runs with ``autojump``: a long poll on a frozen clock moves SQS time (and the
application's) straight to the moment a message becomes receivable, so the consumer loop runs
exactly as in production and the tests never call ``advance()`` to get past a backoff.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from typing import Any, NamedTuple

import boto3
import pytest
import time_machine
from botocore.exceptions import ClientError
from freezegun import freeze_time
from freezegun.api import real_perf_counter

from pytest_sqsmock import Clock, SqsMock

from .consumer import (
    GatewayUnavailable,
    Outcome,
    PaymentDeclined,
    RunStats,
    Status,
    drain,
    process_next,
    retry_delay,
    run,
)
from .payments import Payment, publish_payment
from .queues import PaymentQueues, create_payment_queues
from .redrive import RedriveStatus, redrive_dead_letters, redrive_status

# A long poll on a frozen clock jumps to the next message instead of returning empty at once.
pytestmark = pytest.mark.sqs_mock(autojump=True)

UTC = dt.timezone.utc
NOON = dt.datetime(2024, 3, 1, 12, 0, 0, tzinfo=UTC)
PAY_1 = Payment("pay-1", "acct-1", 1250)
PAY_2 = Payment("pay-2", "acct-1", 990)  # acct-1's second payment: charged after pay-1
PAY_3 = Payment("pay-3", "acct-2", 4000)


class Attempt(NamedTuple):
    payment_id: str
    at: dt.datetime
    result: str  # the charge id, or the name of the exception raised


class FakeGateway:
    """A payment gateway double: idempotent by key, failing on request, recording SQS time."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.attempts: list[Attempt] = []
        self.charges: dict[str, str] = {}  # idempotency key -> charge id
        self._errors: dict[str, Iterator[Exception]] = {}
        self._lost_replies: set[str] = set()
        self._latency: dict[str, float] = {}

    def fail(self, payment_id: str, *errors: Exception) -> FakeGateway:
        """Raise ``errors`` on the next attempts at ``payment_id``, one each, then charge it."""
        self._errors[payment_id] = iter(errors)
        return self

    def fail_always(self, payment_id: str, error: Exception) -> FakeGateway:
        self._errors[payment_id] = itertools.repeat(error)
        return self

    def lose_reply(self, payment_id: str) -> FakeGateway:
        """Charge ``payment_id`` on the next attempt, then time out instead of answering."""
        self._lost_replies.add(payment_id)
        return self

    def slow_down(self, payment_id: str, seconds: float) -> FakeGateway:
        """Make the next charge of ``payment_id`` take ``seconds`` of SQS time."""
        self._latency[payment_id] = seconds
        return self

    def charge(self, payment: Payment, *, idempotency_key: str) -> str:
        payment_id = payment.payment_id
        at = self.clock.now()
        error = next(self._errors.get(payment_id, iter(())), None)
        if error is not None:
            self.attempts.append(Attempt(payment_id, at, type(error).__name__))
            raise error
        latency = self._latency.pop(payment_id, 0)
        if latency:
            self.clock.advance(latency)
        charge_id = self.charges.setdefault(idempotency_key, f"ch_{len(self.charges) + 1}")
        if payment_id in self._lost_replies:
            self._lost_replies.discard(payment_id)
            self.attempts.append(Attempt(payment_id, at, "TimeoutError"))
            raise TimeoutError("no reply from the gateway")
        self.attempts.append(Attempt(payment_id, at, charge_id))
        return charge_id

    def schedule(self, since: dt.datetime) -> list[tuple[str, float, str]]:
        """Return (payment id, seconds after ``since``, result) for each attempt since then."""
        return [
            (a.payment_id, (a.at - since).total_seconds(), a.result)
            for a in self.attempts
            if a.at >= since
        ]


def stop_when(condition: Callable[[], bool], *, max_polls: int = 100) -> Callable[[], bool]:
    """Return a ``stop`` for ``run()`` that ends the loop once ``condition()`` holds."""
    polls = itertools.count()

    def stop() -> bool:
        if condition():
            return True
        if next(polls) >= max_polls:
            raise AssertionError(f"the consumer was still running after {max_polls} polls")
        return False

    return stop


def backoffs(sqs_mock: SqsMock, since: dt.datetime) -> list[tuple[float, int]]:
    """Return (seconds after ``since``, VisibilityTimeout) of each ChangeMessageVisibility."""
    return [
        ((call.time - since).total_seconds(), call.params["VisibilityTimeout"])
        for call in sqs_mock.calls.filter("ChangeMessageVisibility")
    ]


def payment_ids(bodies: Iterable[str]) -> list[str]:
    return [Payment.from_json(body).payment_id for body in bodies]


@pytest.fixture(autouse=True)
def _real_time_budget() -> Iterator[None]:
    """Fail any test that takes a second of real time: all the waiting here is in SQS time."""
    # freezegun fakes time.perf_counter too; real_perf_counter is the real one.
    started = real_perf_counter()
    yield
    elapsed = real_perf_counter() - started
    assert elapsed < 1.0, f"the test took {elapsed:.2f} s of real time"


@pytest.fixture
def sqs(sqs_mock: SqsMock) -> Any:
    return boto3.client("sqs", region_name="us-east-1")


@pytest.fixture
def queues(sqs: Any) -> PaymentQueues:
    return create_payment_queues(sqs)


@pytest.fixture
def gateway(sqs_mock: SqsMock) -> FakeGateway:
    return FakeGateway(sqs_mock.clock)


# -- setup and publishing ------------------------------------------------------------------------


def test_payment_queues_are_fifo_and_redrive_after_five_receives(
    sqs: Any, queues: PaymentQueues, sqs_mock: SqsMock
) -> None:
    payments, dead_letters = sqs_mock.queue("payments.fifo"), sqs_mock.queue("payments-dlq.fifo")

    assert (payments.fifo, dead_letters.fifo) == (True, True)
    assert payments.attributes["ContentBasedDeduplication"] == "false"
    assert json.loads(payments.attributes["RedrivePolicy"]) == {
        "deadLetterTargetArn": queues.dlq_arn,
        "maxReceiveCount": 5,
    }
    assert payments.attributes["VisibilityTimeout"] == "60"
    assert payments.attributes["ReceiveMessageWaitTimeSeconds"] == "20"
    assert (queues.arn, queues.max_receive_count) == (payments.arn, 5)
    assert create_payment_queues(sqs) == queues  # safe to run at every start-up


def test_publish_groups_by_account_and_deduplicates_by_payment_id(
    sqs: Any, queues: PaymentQueues, sqs_mock: SqsMock
) -> None:
    message_ids = [publish_payment(sqs, queues.url, p) for p in (PAY_1, PAY_2, PAY_3)]

    stored = sqs_mock.queue("payments.fifo").messages
    assert [m.message_id for m in stored] == message_ids
    assert [(m.group_id, m.deduplication_id) for m in stored] == [
        ("acct-1", "pay-1"),
        ("acct-1", "pay-2"),
        ("acct-2", "pay-3"),
    ]
    assert [Payment.from_json(m.body) for m in stored] == [PAY_1, PAY_2, PAY_3]


def test_republishing_within_five_minutes_returns_the_first_message(
    sqs: Any, queues: PaymentQueues, sqs_mock: SqsMock, sqs_clock: Clock
) -> None:
    payments = sqs_mock.queue("payments.fifo")
    first = publish_payment(sqs, queues.url, PAY_1)

    sqs_clock.advance(dt.timedelta(minutes=4, seconds=59))
    assert publish_payment(sqs, queues.url, PAY_1) == first
    assert [m.message_id for m in payments.messages] == [first]

    sqs_clock.advance(1)  # five minutes after the first send, the id is forgotten
    second = publish_payment(sqs, queues.url, PAY_1)

    assert second != first
    assert [m.message_id for m in payments.messages] == [first, second]
    sends = sqs_mock.calls.filter("SendMessage")
    assert all(call.ok for call in sends)
    assert [call.response["MessageId"] for call in sends if call.response] == [first, first, second]


def test_replayed_payment_is_not_charged_again_after_it_was_processed(
    sqs: Any, queues: PaymentQueues, sqs_mock: SqsMock, sqs_clock: Clock, gateway: FakeGateway
) -> None:
    message_id = publish_payment(sqs, queues.url, PAY_1)
    outcome = process_next(sqs, queues, gateway)
    assert outcome is not None
    assert outcome.status is Status.CHARGED

    sqs_clock.advance(120)  # charged and deleted; the deduplication id is still remembered
    assert publish_payment(sqs, queues.url, PAY_1) == message_id

    sqs_mock.queue("payments.fifo").assert_empty()
    assert process_next(sqs, queues, gateway) is None
    assert gateway.charges == {"pay-1": "ch_1"}


# -- retries with backoff ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("receive_count", "seconds"),
    [(1, 30), (2, 60), (3, 120), (4, 240), (5, 480), (6, 900), (20, 900)],
)
def test_retry_delay_doubles_from_thirty_seconds_up_to_fifteen_minutes(
    receive_count: int, seconds: int
) -> None:
    assert retry_delay(receive_count) == seconds


def test_failed_payment_waits_in_flight_for_its_backoff(
    sqs: Any, queues: PaymentQueues, sqs_mock: SqsMock, sqs_clock: Clock, gateway: FakeGateway
) -> None:
    gateway.fail("pay-1", GatewayUnavailable("503 from the gateway"))
    message_id = publish_payment(sqs, queues.url, PAY_1)
    payments = sqs_mock.queue("payments.fifo")
    start = sqs_clock.now()

    first = process_next(sqs, queues, gateway)

    assert first == Outcome(
        message_id,
        Status.RETRYING,
        attempt=1,
        payment=PAY_1,
        retry_in=30,
        reason="GatewayUnavailable: 503 from the gateway",
    )
    [waiting] = payments.in_flight
    assert waiting.visible_at == start + dt.timedelta(seconds=30)
    assert waiting.receive_count == 1

    # Nothing is receivable during the 20-second long poll: it ends empty, 20 s later.
    assert process_next(sqs, queues, gateway) is None
    assert sqs_clock.now() == start + dt.timedelta(seconds=20)

    # The next long poll wakes the moment the backoff ends.
    second = process_next(sqs, queues, gateway)

    assert second is not None
    assert (second.status, second.attempt, second.charge_id) == (Status.CHARGED, 2, "ch_1")
    assert sqs_clock.now() == start + dt.timedelta(seconds=30)
    payments.assert_empty()


def test_transient_failures_are_retried_at_the_backoff_moments(
    sqs: Any, queues: PaymentQueues, sqs_mock: SqsMock, sqs_clock: Clock, gateway: FakeGateway
) -> None:
    gateway.fail("pay-1", GatewayUnavailable("timeout"), ConnectionResetError("reset"))
    publish_payment(sqs, queues.url, PAY_1)
    start = sqs_clock.now()

    stats = drain(sqs, queues, gateway)

    assert gateway.schedule(start) == [
        ("pay-1", 0, "GatewayUnavailable"),
        ("pay-1", 30, "ConnectionResetError"),  # unknown errors are retried too
        ("pay-1", 90, "ch_1"),
    ]
    assert gateway.charges == {"pay-1": "ch_1"}
    assert sqs_clock.now() - start == dt.timedelta(seconds=90)
    assert backoffs(sqs_mock, start) == [(0, 30), (30, 60)]
    # 3 deliveries, and 3 long polls that ended empty after 20 s (at 20, 50 and 70 s)
    assert stats == RunStats(polls=6, outcomes=Counter({Status.RETRYING: 2, Status.CHARGED: 1}))
    sqs_mock.queue("payments.fifo").assert_empty()
    sqs_mock.queue("payments-dlq.fifo").assert_empty()


def test_timeout_after_the_charge_went_through_does_not_charge_twice(
    sqs: Any, queues: PaymentQueues, sqs_clock: Clock, gateway: FakeGateway
) -> None:
    gateway.lose_reply("pay-1")
    publish_payment(sqs, queues.url, PAY_1)
    start = sqs_clock.now()

    drain(sqs, queues, gateway)

    assert gateway.schedule(start) == [("pay-1", 0, "TimeoutError"), ("pay-1", 30, "ch_1")]
    assert gateway.charges == {"pay-1": "ch_1"}  # the retry got the first charge back


def test_charge_slower_than_the_visibility_timeout_is_redelivered_not_recharged(
    sqs: Any,
    queues: PaymentQueues,
    sqs_mock: SqsMock,
    sqs_clock: Clock,
    gateway: FakeGateway,
    caplog: pytest.LogCaptureFixture,
) -> None:
    gateway.slow_down("pay-1", 61)  # the queue's visibility timeout is 60 s
    message_id = publish_payment(sqs, queues.url, PAY_1)
    payments = sqs_mock.queue("payments.fifo")

    with caplog.at_level(logging.WARNING):
        first = process_next(sqs, queues, gateway)

    assert first is not None
    assert first.status is Status.CHARGED
    [delete] = sqs_mock.calls.filter("DeleteMessage")
    assert delete.error_code == "InvalidParameterValue"
    assert delete.error is not None
    assert delete.error.message.endswith("Reason: The receipt handle has expired.")
    assert f"Could not delete message {message_id}: InvalidParameterValue" in caplog.text
    assert [(m.message_id, m.receive_count) for m in payments.visible] == [(message_id, 1)]

    second = process_next(sqs, queues, gateway)

    assert second is not None
    assert (second.status, second.attempt, second.charge_id) == (Status.CHARGED, 2, "ch_1")
    assert gateway.charges == {"pay-1": "ch_1"}
    payments.assert_empty()


# -- the same retry test under each way of freezing time -----------------------------------------


def charge_after_two_timeouts(sqs_mock: SqsMock) -> FakeGateway:
    """Publish pay-1 through a gateway that times out twice, and drain the queue."""
    sqs = boto3.client("sqs", region_name="us-east-1")
    queues = create_payment_queues(sqs)
    gateway = FakeGateway(sqs_mock.clock).fail(
        "pay-1", GatewayUnavailable("timeout"), GatewayUnavailable("timeout")
    )
    publish_payment(sqs, queues.url, PAY_1)
    drain(sqs, queues, gateway)
    assert gateway.charges == {"pay-1": "ch_1"}
    return gateway


def test_retry_schedule_with_the_sqs_clock_fixture(sqs_mock: SqsMock, sqs_clock: Clock) -> None:
    start = sqs_clock.now()

    gateway = charge_after_two_timeouts(sqs_mock)

    assert [a.at - start for a in gateway.attempts] == [
        dt.timedelta(seconds=0),
        dt.timedelta(seconds=30),
        dt.timedelta(seconds=90),
    ]


@freeze_time("2024-03-01 12:00:00")
def test_retry_schedule_with_freezegun(sqs_mock: SqsMock) -> None:
    assert sqs_mock.clock.frozen

    gateway = charge_after_two_timeouts(sqs_mock)

    assert [a.at for a in gateway.attempts] == [
        NOON,
        NOON + dt.timedelta(seconds=30),
        NOON + dt.timedelta(seconds=90),
    ]
    # The application's clock moved with SQS's.
    assert dt.datetime.now(UTC) == dt.datetime(2024, 3, 1, 12, 1, 30, tzinfo=UTC)


def test_retry_schedule_with_time_machine(sqs_mock: SqsMock) -> None:
    with time_machine.travel(NOON, tick=False):
        assert sqs_mock.clock.frozen

        gateway = charge_after_two_timeouts(sqs_mock)

        assert [a.at for a in gateway.attempts] == [
            NOON,
            NOON + dt.timedelta(seconds=30),
            NOON + dt.timedelta(seconds=90),
        ]
        assert dt.datetime.now(UTC) == dt.datetime(2024, 3, 1, 12, 1, 30, tzinfo=UTC)


# -- FIFO order and dead letters -----------------------------------------------------------------


def test_later_payments_of_the_account_wait_behind_a_retrying_one(
    sqs: Any, queues: PaymentQueues, sqs_mock: SqsMock, sqs_clock: Clock, gateway: FakeGateway
) -> None:
    gateway.fail("pay-1", GatewayUnavailable("503"))
    publish_payment(sqs, queues.url, PAY_1)
    publish_payment(sqs, queues.url, PAY_2)
    payments = sqs_mock.queue("payments.fifo")
    start = sqs_clock.now()

    first = process_next(sqs, queues, gateway)
    assert first is not None
    assert first.status is Status.RETRYING

    # pay-2 is visible, but no receive returns it while pay-1 of its group is in flight.
    assert payment_ids(m.body for m in payments.in_flight) == ["pay-1"]
    assert payment_ids(m.body for m in payments.visible) == ["pay-2"]
    assert process_next(sqs, queues, gateway) is None

    second, third = process_next(sqs, queues, gateway), process_next(sqs, queues, gateway)

    assert second is not None
    assert third is not None
    assert (second.payment, second.attempt, second.status) == (PAY_1, 2, Status.CHARGED)
    assert (third.payment, third.attempt, third.status) == (PAY_2, 1, Status.CHARGED)
    assert gateway.schedule(start) == [
        ("pay-1", 0, "GatewayUnavailable"),
        ("pay-1", 30, "ch_1"),
        ("pay-2", 30, "ch_2"),
    ]


def test_payment_failing_every_time_is_dead_lettered_after_five_attempts(
    sqs: Any, queues: PaymentQueues, sqs_mock: SqsMock, sqs_clock: Clock, gateway: FakeGateway
) -> None:
    gateway.fail_always("pay-1", GatewayUnavailable("503"))
    stuck_id = publish_payment(sqs, queues.url, PAY_1)
    publish_payment(sqs, queues.url, PAY_2)
    publish_payment(sqs, queues.url, PAY_3)
    start = sqs_clock.now()

    stats = drain(sqs, queues, gateway)

    assert gateway.schedule(start) == [
        ("pay-1", 0, "GatewayUnavailable"),
        ("pay-3", 0, "ch_1"),  # another account is not held up
        ("pay-1", 30, "GatewayUnavailable"),
        ("pay-1", 90, "GatewayUnavailable"),
        ("pay-1", 210, "GatewayUnavailable"),
        ("pay-1", 450, "GatewayUnavailable"),
        ("pay-2", 450, "ch_2"),  # acct-1's next payment, the moment pay-1 is dead-lettered
    ]
    # No backoff after the fifth attempt: the next receive moves it to the dead-letter queue.
    assert backoffs(sqs_mock, start) == [(0, 30), (30, 60), (90, 120), (210, 240), (450, 0)]
    assert stats.outcomes == Counter({Status.RETRYING: 4, Status.EXHAUSTED: 1, Status.CHARGED: 2})
    assert sqs_clock.now() - start == dt.timedelta(seconds=450)
    payments = sqs_mock.queue("payments.fifo")
    payments.assert_empty()
    [dead] = payments.dead_lettered  # moved to payments-dlq.fifo by SQS
    assert (dead.message_id, dead.receive_count, dead.group_id) == (stuck_id, 5, "acct-1")
    assert dead.dead_letter_source_arn == queues.arn
    assert Payment.from_json(dead.body) == PAY_1


def test_last_payment_of_the_queue_dead_letters_on_the_next_receive(
    sqs: Any, queues: PaymentQueues, sqs_mock: SqsMock, sqs_clock: Clock, gateway: FakeGateway
) -> None:
    gateway.fail_always("pay-1", GatewayUnavailable("503"))
    publish_payment(sqs, queues.url, PAY_1)
    start = sqs_clock.now()

    drain(sqs, queues, gateway)

    assert [seconds for _, seconds, _ in gateway.schedule(start)] == [0, 30, 90, 210, 450]
    # The receive at 450 s moved it and found nothing else: that long poll ran its 20 s.
    assert sqs_clock.now() - start == dt.timedelta(seconds=470)
    assert payment_ids(sqs_mock.queue("payments-dlq.fifo").bodies) == ["pay-1"]


def test_declined_payment_is_dead_lettered_at_once(
    sqs: Any, queues: PaymentQueues, sqs_mock: SqsMock, sqs_clock: Clock, gateway: FakeGateway
) -> None:
    gateway.fail("pay-1", PaymentDeclined("insufficient_funds"))
    declined_id = publish_payment(sqs, queues.url, PAY_1)
    publish_payment(sqs, queues.url, PAY_2)
    start = sqs_clock.now()

    stats = drain(sqs, queues, gateway)

    assert gateway.schedule(start) == [("pay-1", 0, "PaymentDeclined"), ("pay-2", 0, "ch_1")]
    assert sqs_clock.now() == start  # no waiting at all
    assert stats.outcomes == Counter({Status.DEAD_LETTERED: 1, Status.CHARGED: 1})
    assert backoffs(sqs_mock, start) == []
    dead = sqs_mock.queue("payments-dlq.fifo").assert_has_message(
        json=asdict(PAY_1),
        group_id="acct-1",
        attributes={"failure_reason": "declined: insufficient_funds"},
    )
    assert dead.deduplication_id == declined_id
    assert dead.message_attributes == {
        "failure_reason": {"DataType": "String", "StringValue": "declined: insufficient_funds"},
        "source_message_id": {"DataType": "String", "StringValue": declined_id},
    }
    # Sent by the consumer, not moved by SQS: no DeadLetterQueueSourceArn.
    assert dead.dead_letter_source_arn is None
    payments = sqs_mock.queue("payments.fifo")
    assert payments.dead_lettered == []
    payments.assert_empty()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("{not json", "malformed: Expecting property name enclosed in double quotes"),
        ('["pay-1"]', "malformed: expected a JSON object, got list"),
        ('{"payment_id": "pay-1"}', "malformed: Payment.__init__() missing 2 required"),
        (
            '{"payment_id": "pay-1", "account_id": "acct-1", "amount_cents": -5}',
            "malformed: amount_cents must be a positive integer: -5",
        ),
    ],
)
def test_malformed_payment_is_dead_lettered_without_reaching_the_gateway(
    sqs: Any,
    queues: PaymentQueues,
    sqs_mock: SqsMock,
    sqs_clock: Clock,
    gateway: FakeGateway,
    body: str,
    reason: str,
) -> None:
    message_id = sqs.send_message(
        QueueUrl=queues.url, MessageBody=body, MessageGroupId="acct-1", MessageDeduplicationId="m"
    )["MessageId"]

    outcome = process_next(sqs, queues, gateway)

    assert outcome is not None
    assert (outcome.message_id, outcome.status, outcome.payment) == (
        message_id,
        Status.DEAD_LETTERED,
        None,
    )
    assert outcome.reason is not None
    assert outcome.reason.startswith(reason)
    assert gateway.attempts == []
    [dead] = sqs_mock.queue("payments-dlq.fifo").messages
    assert (dead.body, dead.group_id) == (body, "acct-1")
    assert dead.message_attributes["failure_reason"]["StringValue"] == outcome.reason


def test_why_the_consumer_takes_one_message_at_a_time(
    sqs: Any, queues: PaymentQueues, sqs_mock: SqsMock, sqs_clock: Clock
) -> None:
    """Each message a FIFO receive returns counts a receive, also one that waits behind a
    failing message of its group: with batches of 10, pay-2 is dead-lettered along with pay-1
    without ever being charged."""
    publish_payment(sqs, queues.url, PAY_1)
    publish_payment(sqs, queues.url, PAY_2)

    for _ in range(queues.max_receive_count):
        batch = sqs.receive_message(QueueUrl=queues.url, MaxNumberOfMessages=10)["Messages"]
        assert payment_ids(m["Body"] for m in batch) == ["pay-1", "pay-2"]
        # pay-1 failed, so pay-2 must not be charged yet: both go back.
        sqs.change_message_visibility_batch(
            QueueUrl=queues.url,
            Entries=[
                {"Id": str(n), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0}
                for n, m in enumerate(batch)
            ],
        )

    assert "Messages" not in sqs.receive_message(QueueUrl=queues.url, MaxNumberOfMessages=10)
    dead = sqs_mock.queue("payments-dlq.fifo").messages
    assert [(Payment.from_json(m.body), m.receive_count) for m in dead] == [(PAY_1, 5), (PAY_2, 5)]


# -- redrive -------------------------------------------------------------------------------------


@pytest.fixture
def declined_three(
    sqs: Any, queues: PaymentQueues, gateway: FakeGateway, sqs_clock: Clock
) -> list[str]:
    """Dead-letter pay-1, pay-2 and pay-3 (declined: expired card); return their MessageIds.

    An hour later the customers have updated their cards: the gateway accepts them again.
    """
    message_ids = []
    for payment in (PAY_1, PAY_2, PAY_3):
        gateway.fail(payment.payment_id, PaymentDeclined("expired_card"))
        message_ids.append(publish_payment(sqs, queues.url, payment))
    drain(sqs, queues, gateway)
    sqs_clock.advance(dt.timedelta(hours=1))
    return message_ids


def test_redrive_moves_dead_letters_back_at_the_given_rate(
    sqs: Any,
    queues: PaymentQueues,
    sqs_mock: SqsMock,
    sqs_clock: Clock,
    declined_three: list[str],
) -> None:
    payments, dead_letters = sqs_mock.queue("payments.fifo"), sqs_mock.queue("payments-dlq.fifo")
    assert payment_ids(dead_letters.bodies) == ["pay-1", "pay-2", "pay-3"]
    started = sqs_clock.now()

    redrive_dead_letters(sqs, queues, rate=1)

    progress = []
    for _ in range(4):
        status = redrive_status(sqs, queues)
        assert status is not None
        progress.append((status.status, status.moved, len(dead_letters), len(payments)))
        sqs_clock.advance(1)
    assert progress == [
        ("RUNNING", 0, 3, 0),
        ("RUNNING", 1, 2, 1),
        ("RUNNING", 2, 1, 2),
        ("COMPLETED", 3, 0, 3),
    ]
    assert redrive_status(sqs, queues) == RedriveStatus(
        status="COMPLETED", moved=3, to_move=3, started_at=started, rate=1
    )
    [task] = sqs.list_message_move_tasks(SourceArn=queues.dlq_arn)["Results"]
    assert "TaskHandle" not in task  # only running tasks have one
    assert task["DestinationArn"] == queues.arn
    # Redriven payments are new messages, in their old order and groups, with 5 fresh attempts.
    redriven = payments.messages
    assert payment_ids(m.body for m in redriven) == ["pay-1", "pay-2", "pay-3"]
    assert [m.group_id for m in redriven] == ["acct-1", "acct-1", "acct-2"]
    assert [m.receive_count for m in redriven] == [0, 0, 0]
    assert not {m.message_id for m in redriven} & set(declined_three)


def test_running_consumer_charges_redriven_payments_as_they_arrive(
    sqs: Any,
    queues: PaymentQueues,
    sqs_mock: SqsMock,
    sqs_clock: Clock,
    gateway: FakeGateway,
    declined_three: list[str],
) -> None:
    start = sqs_clock.now()

    handle = redrive_dead_letters(sqs, queues, rate=1)
    stats = run(sqs, queues, gateway, stop=stop_when(lambda: len(gateway.charges) == 3))

    # Each long poll woke the moment the move task brought the next payment in.
    assert gateway.schedule(start) == [
        ("pay-1", 1, "ch_1"),
        ("pay-2", 2, "ch_2"),
        ("pay-3", 3, "ch_3"),
    ]
    assert stats == RunStats(polls=3, outcomes=Counter({Status.CHARGED: 3}))
    sqs_mock.queue("payments-dlq.fifo").assert_empty()
    [start_call] = sqs_mock.calls.filter("StartMessageMoveTask")
    assert start_call.params == {
        "SourceArn": queues.dlq_arn,
        "DestinationArn": queues.arn,
        "MaxNumberOfMessagesPerSecond": 1,
    }
    assert start_call.response == {"TaskHandle": handle}


def test_second_redrive_while_one_runs_is_refused(
    sqs: Any, queues: PaymentQueues, declined_three: list[str]
) -> None:
    redrive_dead_letters(sqs, queues, rate=1)

    with pytest.raises(ClientError) as raised:
        redrive_dead_letters(sqs, queues)

    assert raised.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert raised.value.response["Error"]["Message"] == (
        "There is already a task running. Only one active task is allowed for a source queue "
        "arn at a given time."
    )


def test_redrive_status_is_none_before_any_redrive(sqs: Any, queues: PaymentQueues) -> None:
    assert redrive_status(sqs, queues) is None


# -- the loop ------------------------------------------------------------------------------------


def test_idle_consumer_long_polls_in_sqs_time(
    sqs: Any, queues: PaymentQueues, sqs_mock: SqsMock, sqs_clock: Clock, gateway: FakeGateway
) -> None:
    start = sqs_clock.now()
    polls = iter(range(3))

    stats = run(sqs, queues, gateway, stop=lambda: next(polls, None) is None)

    assert stats == RunStats(polls=3)
    assert sqs_clock.now() - start == dt.timedelta(seconds=60)  # three 20-second long polls
    receives = sqs_mock.calls.filter("ReceiveMessage", queue="payments.fifo")
    assert [c.time - start for c in receives] == [dt.timedelta(seconds=s) for s in (0, 20, 40)]
    assert {(c.params["WaitTimeSeconds"], c.params["MaxNumberOfMessages"]) for c in receives} == {
        (20, 1)
    }


def test_drain_gives_up_after_its_timeout(
    sqs: Any, queues: PaymentQueues, sqs_mock: SqsMock, sqs_clock: Clock, gateway: FakeGateway
) -> None:
    gateway.fail_always("pay-1", GatewayUnavailable("503"))
    publish_payment(sqs, queues.url, PAY_1)
    start = sqs_clock.now()

    drain(sqs, queues, gateway, timeout=60)

    # The timeout is checked between receives, so the last long poll may overrun it.
    assert sqs_clock.now() - start == dt.timedelta(seconds=70)
    assert [seconds for _, seconds, _ in gateway.schedule(start)] == [0, 30]
    [waiting] = sqs_mock.queue("payments.fifo").in_flight
    assert (waiting.receive_count, waiting.visible_at) == (2, start + dt.timedelta(seconds=90))
