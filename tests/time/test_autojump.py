"""mock_sqs(autojump=True): a long poll on a frozen clock jumps to the first receivable moment."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import boto3
import freezegun
import freezegun.api
import pytest
import time_machine

from pytest_sqsmock import SqsMock, mock_sqs

from .helpers import (
    T0,
    T0_MS,
    UTC,
    TimeControl,
    bodies,
    counters,
    make_queue,
    real_seconds,
    receive,
    source_with_dlq,
)

pytestmark = pytest.mark.sqs_mock(autojump=True)


def _client() -> Any:
    return boto3.client("sqs", region_name="us-east-1")


def _poll(sqs: Any, url: str, wait: int | None = 20, **kwargs: Any) -> list[dict[str, Any]]:
    """Long poll once; assert it took (loosely) no real time."""
    if wait is not None:
        kwargs["WaitTimeSeconds"] = wait
    begin = real_seconds()
    messages = receive(sqs, url, **kwargs)
    assert real_seconds() - begin < 2
    return messages


# -- where the clock lands ---------------------------------------------------------------------


def test_the_marker_turns_autojump_on(sqs_mock: SqsMock) -> None:
    assert sqs_mock.autojump is True


def test_jumps_exactly_to_a_delayed_message_due_time(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="later", DelaySeconds=7)
    messages = _poll(sqs, queue_url, MessageSystemAttributeNames=["All"])
    assert bodies(messages) == ["later"]
    assert time_control.elapsed_ms() == 7_000
    first_receive = int(messages[0]["Attributes"]["ApproximateFirstReceiveTimestamp"])
    assert first_receive == time_control.start_ms + 7_000
    # the whole process sees the jump, not only SQS
    assert int(time.time() * 1000) == time_control.start_ms + 7_000
    assert abs(dt.datetime.now(UTC) - time_control.mock.clock.now()) < dt.timedelta(milliseconds=1)


def test_jumps_exactly_to_a_visibility_expiry(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="retry me")
    (first,) = _poll(sqs, queue_url, VisibilityTimeout=5)
    assert time_control.elapsed_ms() == 0  # available at once: no jump
    (again,) = _poll(sqs, queue_url, MessageSystemAttributeNames=["ApproximateReceiveCount"])
    assert again["MessageId"] == first["MessageId"]
    assert again["Attributes"]["ApproximateReceiveCount"] == "2"
    assert time_control.elapsed_ms() == 5_000


def test_jumps_to_a_visibility_timeout_set_by_change_message_visibility(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    (message,) = receive(sqs, queue_url, VisibilityTimeout=3600)
    time_control.advance(3)
    sqs.change_message_visibility(
        QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=4
    )
    assert bodies(_poll(sqs, queue_url)) == ["x"]
    assert time_control.elapsed_ms() == 7_000


@pytest.mark.parametrize("wait", [1, 13, 20])
def test_moves_exactly_to_the_window_end_when_nothing_comes(
    sqs: Any, queue_url: str, time_control: TimeControl, wait: int
) -> None:
    response = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=wait)
    assert "Messages" not in response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert time_control.elapsed_ms() == wait * 1000
    assert _poll(sqs, queue_url, wait) == []
    assert time_control.elapsed_ms() == 2 * wait * 1000


@pytest.mark.parametrize(("delay", "expected"), [(None, 20_000), (15, 15_000)])
def test_queue_default_wait_time_is_the_window(
    sqs: Any, time_control: TimeControl, delay: int | None, expected: int
) -> None:
    url = make_queue(sqs, "lp", ReceiveMessageWaitTimeSeconds="20")
    if delay is not None:
        sqs.send_message(QueueUrl=url, MessageBody="m", DelaySeconds=delay)
    messages = _poll(sqs, url, wait=None)
    assert bodies(messages) == ([] if delay is None else ["m"])
    assert time_control.elapsed_ms() == expected


@pytest.mark.parametrize(("wait", "expected"), [(5, 5_000), (0, 0)])
def test_explicit_wait_time_overrides_the_queue_default(
    sqs: Any, time_control: TimeControl, wait: int, expected: int
) -> None:
    url = make_queue(sqs, "lp", ReceiveMessageWaitTimeSeconds="20")
    assert _poll(sqs, url, wait) == []
    assert time_control.elapsed_ms() == expected


def test_event_beyond_the_window_is_not_reached(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="later", DelaySeconds=30)
    assert _poll(sqs, queue_url) == []
    assert time_control.elapsed_ms() == 20_000
    assert counters(sqs, queue_url) == (0, 0, 1)
    assert bodies(_poll(sqs, queue_url)) == ["later"]
    assert time_control.elapsed_ms() == 30_000


@pytest.mark.parametrize(("delay", "expected"), [(20, ["edge"]), (21, [])])
def test_event_at_the_window_end_is_received(
    sqs: Any, queue_url: str, time_control: TimeControl, delay: int, expected: list[str]
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="edge", DelaySeconds=delay)
    assert bodies(_poll(sqs, queue_url)) == expected
    assert time_control.elapsed_ms() == 20_000


def test_only_the_first_message_to_become_receivable_is_returned(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    for delay in (6, 3):
        sqs.send_message(QueueUrl=queue_url, MessageBody=f"d{delay}", DelaySeconds=delay)
    assert bodies(_poll(sqs, queue_url, MaxNumberOfMessages=10)) == ["d3"]
    assert time_control.elapsed_ms() == 3_000
    assert bodies(_poll(sqs, queue_url, MaxNumberOfMessages=10)) == ["d6"]
    assert time_control.elapsed_ms() == 6_000


def test_events_on_other_queues_do_not_end_the_poll(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    other = make_queue(sqs, "other")
    sqs.send_message(QueueUrl=other, MessageBody="elsewhere", DelaySeconds=5)
    assert _poll(sqs, queue_url) == []
    assert time_control.elapsed_ms() == 20_000
    assert bodies(receive(sqs, other)) == ["elsewhere"]


def test_a_deleted_in_flight_message_does_not_end_the_poll(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="done")
    (message,) = receive(sqs, queue_url, VisibilityTimeout=5)
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    assert _poll(sqs, queue_url) == []
    assert time_control.elapsed_ms() == 20_000


def test_a_message_available_now_is_returned_without_a_jump(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="now")
    sqs.send_message(QueueUrl=queue_url, MessageBody="later", DelaySeconds=5)
    assert bodies(_poll(sqs, queue_url, MaxNumberOfMessages=10)) == ["now"]
    assert time_control.elapsed_ms() == 0


# -- FIFO --------------------------------------------------------------------------------------


def test_fifo_group_unblocked_by_visibility_expiry(
    sqs: Any, fifo_url: str, time_control: TimeControl
) -> None:
    for body in ("a", "b"):
        sqs.send_message(
            QueueUrl=fifo_url, MessageBody=body, MessageGroupId="g", MessageDeduplicationId=body
        )
    assert bodies(receive(sqs, fifo_url, VisibilityTimeout=8)) == ["a"]
    assert bodies(_poll(sqs, fifo_url, MaxNumberOfMessages=10)) == ["a", "b"]
    assert time_control.elapsed_ms() == 8_000


def test_fifo_queue_delay_is_jumped_to(sqs: Any, time_control: TimeControl) -> None:
    url = make_queue(sqs, "slow.fifo", DelaySeconds="9", ContentBasedDeduplication="true")
    sqs.send_message(QueueUrl=url, MessageBody="a", MessageGroupId="g")
    assert bodies(_poll(sqs, url)) == ["a"]
    assert time_control.elapsed_ms() == 9_000


def test_fifo_group_unblocked_by_retention_of_its_in_flight_head(
    sqs: Any, time_control: TimeControl
) -> None:
    url = make_queue(sqs, "short.fifo", MessageRetentionPeriod="60")
    sqs.send_message(QueueUrl=url, MessageBody="a", MessageGroupId="g", MessageDeduplicationId="a")
    time_control.advance(30)
    sqs.send_message(QueueUrl=url, MessageBody="b", MessageGroupId="g", MessageDeduplicationId="b")
    assert bodies(receive(sqs, url, VisibilityTimeout=3600)) == ["a"]
    time_control.advance(20)
    # "a" leaves 60 s after its send, while still in flight: that frees the group for "b"
    assert bodies(_poll(sqs, url)) == ["b"]
    assert time_control.elapsed_ms() == 60_000


# -- dead-letter moves and move tasks ------------------------------------------------------------


def test_dead_letter_move_during_a_jump_keeps_the_poll_waiting(
    sqs: Any, sqs_mock: SqsMock, time_control: TimeControl
) -> None:
    source_url, _ = source_with_dlq(sqs, 1, VisibilityTimeout="5")
    sqs.send_message(QueueUrl=source_url, MessageBody="poison")
    assert bodies(receive(sqs, source_url)) == ["poison"]
    assert _poll(sqs, source_url) == []
    assert time_control.elapsed_ms() == 20_000
    assert sqs_mock.queue("src").messages == []
    (moved,) = sqs_mock.queue("dlq").messages
    assert moved.body == "poison"
    assert moved.receive_count == 1


def test_dead_letter_move_during_a_jump_then_a_later_message(
    sqs: Any, sqs_mock: SqsMock, time_control: TimeControl
) -> None:
    source_url, _ = source_with_dlq(sqs, 1, VisibilityTimeout="5")
    sqs.send_message(QueueUrl=source_url, MessageBody="poison")
    assert bodies(receive(sqs, source_url)) == ["poison"]
    sqs.send_message(QueueUrl=source_url, MessageBody="good", DelaySeconds=12)
    assert bodies(_poll(sqs, source_url, MaxNumberOfMessages=10)) == ["good"]
    assert time_control.elapsed_ms() == 12_000
    assert sqs_mock.queue("dlq").bodies == ["poison"]


def test_move_task_arrivals_are_jumped_to(
    sqs: Any, sqs_mock: SqsMock, time_control: TimeControl
) -> None:
    source_url, dlq_url = source_with_dlq(sqs, 1)
    for body in ("m0", "m1", "m2"):
        sqs.send_message(QueueUrl=source_url, MessageBody=body)
    assert len(receive(sqs, source_url, MaxNumberOfMessages=10, VisibilityTimeout=0)) == 3
    assert receive(sqs, source_url, MaxNumberOfMessages=10) == []  # all three dead-lettered
    assert sqs_mock.queue("dlq").bodies == ["m0", "m1", "m2"]
    dlq_arn = sqs_mock.queue("dlq").arn
    start = time_control.elapsed_ms()
    sqs.start_message_move_task(SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=2)
    arrivals = []
    for _ in range(3):
        messages = _poll(sqs, source_url, MaxNumberOfMessages=10, VisibilityTimeout=600)
        arrivals.append((bodies(messages), time_control.elapsed_ms() - start))
    assert arrivals == [(["m0"], 500), (["m1"], 1000), (["m2"], 1500)]
    assert _poll(sqs, source_url) == []  # the task is done: nothing more to jump to
    assert time_control.elapsed_ms() - start == 21_500
    assert sqs.list_message_move_tasks(SourceArn=dlq_arn)["Results"][0]["Status"] == "COMPLETED"
    assert dlq_url == sqs_mock.queue("dlq").url


def test_jump_goes_event_to_event_while_a_move_task_runs_elsewhere(
    sqs: Any, sqs_mock: SqsMock, time_control: TimeControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    source_url, dlq_url = source_with_dlq(sqs, 1)
    for body in ("a", "b", "c"):
        sqs.send_message(QueueUrl=source_url, MessageBody=body)
    receive(sqs, source_url, MaxNumberOfMessages=10, VisibilityTimeout=0)
    assert receive(sqs, source_url, MaxNumberOfMessages=10) == []  # all dead-lettered
    sqs.start_message_move_task(SourceArn=sqs_mock.queue("dlq").arn, MaxNumberOfMessagesPerSecond=1)
    time_control.advance(0.5)
    assert bodies(receive(sqs, dlq_url, VisibilityTimeout=1)) == ["a"]  # back at 1.5 s
    steps: list[int] = []
    advance_to_ms = sqs_mock.clock.advance_to_ms

    def counting(when: int) -> None:
        steps.append(when - time_control.start_ms)
        advance_to_ms(when)

    monkeypatch.setattr(sqs_mock.clock, "advance_to_ms", counting)
    other = make_queue(sqs, "other")
    assert _poll(sqs, other, wait=5) == []
    assert time_control.elapsed_ms() == 5_500
    # at most a stop per task move (1 s, 2 s, 3 s) and per in-flight expiry (1.5 s), then the
    # end; never a crawl of one-millisecond steps
    assert len(steps) <= 6, steps
    assert steps[-1] == 5_500
    assert sqs_mock.queue("src").bodies == ["b", "a", "c"]


# -- a consumer loop that never calls advance() ------------------------------------------------


def test_consumer_loop_runs_hours_of_retries_into_the_dlq(
    sqs: Any, sqs_mock: SqsMock, time_control: TimeControl
) -> None:
    source_url, _ = source_with_dlq(sqs, 5, VisibilityTimeout="1200")
    sqs.send_message(QueueUrl=source_url, MessageBody="poison")
    deliveries: list[tuple[int, str]] = []

    def handle(message: dict[str, Any]) -> None:
        deliveries.append(
            (time_control.elapsed_ms(), message["Attributes"]["ApproximateReceiveCount"])
        )
        raise RuntimeError("cannot process this one")

    begin = real_seconds()
    for _ in range(320):  # a worker's main loop: poll, handle, delete on success
        response = sqs.receive_message(
            QueueUrl=source_url,
            WaitTimeSeconds=20,
            MessageSystemAttributeNames=["ApproximateReceiveCount"],
        )
        for message in response.get("Messages", []):
            try:
                handle(message)
            except RuntimeError:
                continue  # leave it: it comes back when its visibility timeout ends
            sqs.delete_message(QueueUrl=source_url, ReceiptHandle=message["ReceiptHandle"])
    assert real_seconds() - begin < 2
    twenty_minutes = 1_200_000
    assert deliveries == [(n * twenty_minutes, str(n + 1)) for n in range(5)]
    assert sqs_mock.queue("src").messages == []
    (dead,) = sqs_mock.queue("dlq").messages
    assert (dead.body, dead.receive_count) == ("poison", 5)
    # the first poll found the message at once; each of the other 319 ran its full 20 s window,
    # the one that moved it to the DLQ (at 100 minutes) too
    assert time_control.elapsed_ms() == 319 * 20_000


# -- the ways to turn it on and off ------------------------------------------------------------


@pytest.mark.sqs_mock(autojump=False)
def test_the_closest_marker_wins_and_can_turn_it_off(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, time_control: TimeControl
) -> None:
    assert sqs_mock.autojump is False
    sqs.send_message(QueueUrl=queue_url, MessageBody="later", DelaySeconds=5)
    assert _poll(sqs, queue_url) == []
    assert time_control.elapsed_ms() == 0


def test_context_manager_form() -> None:
    with freezegun.freeze_time(T0), mock_sqs(autojump=True) as mock:
        assert mock.autojump is True
        client = _client()
        url = client.create_queue(QueueName="q")["QueueUrl"]
        client.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=11)
        assert bodies(_poll(client, url)) == ["later"]
        assert mock.clock.now_ms() == T0_MS + 11_000


def test_context_manager_without_autojump_does_not_jump() -> None:
    with freezegun.freeze_time(T0), mock_sqs() as mock:
        assert mock.autojump is False
        client = _client()
        url = client.create_queue(QueueName="q")["QueueUrl"]
        client.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=11)
        assert _poll(client, url) == []
        assert mock.clock.now_ms() == T0_MS


@freezegun.freeze_time(T0)
@mock_sqs(autojump=True)
def test_decorator_form() -> None:
    client = _client()
    url = client.create_queue(QueueName="q")["QueueUrl"]
    client.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=4)
    assert bodies(_poll(client, url)) == ["later"]
    assert time.time() == T0.timestamp() + 4


def test_decorated_helper_runs_its_own_autojump_mock() -> None:
    @mock_sqs(autojump=True)
    def drain(delay: int) -> tuple[list[str], float]:
        client = _client()
        url = client.create_queue(QueueName="q")["QueueUrl"]
        client.send_message(QueueUrl=url, MessageBody="m", DelaySeconds=delay)
        return bodies(_poll(client, url)), time.time()

    with freezegun.freeze_time(T0):
        assert drain(6) == (["m"], T0.timestamp() + 6)
        assert drain(6) == (["m"], T0.timestamp() + 12)  # a fresh mock each call, same clock


# -- clock variants --------------------------------------------------------------------------


def test_autojump_on_a_running_clock_really_waits(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="later", DelaySeconds=30)
    begin_real = real_seconds()
    begin_sqs = time.time()
    response = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=1)
    elapsed = real_seconds() - begin_real
    assert "Messages" not in response
    assert 0.9 <= elapsed < 3
    # SQS time moved with real time only: nothing jumped ahead to the delayed message
    assert time.time() - begin_sqs == pytest.approx(elapsed, abs=0.5)
    assert counters(sqs, queue_url) == (0, 0, 1)


def test_autojump_under_freezegun_auto_tick(sqs: Any, sqs_mock: SqsMock, queue_url: str) -> None:
    with freezegun.freeze_time(T0, auto_tick_seconds=0.001):
        assert sqs_mock.clock.frozen
        sqs.send_message(QueueUrl=queue_url, MessageBody="later", DelaySeconds=10)
        assert bodies(_poll(sqs, queue_url)) == ["later"]
        # reads tick the clock a little too, so it lands at the due time or a hair after it
        assert T0_MS + 10_000 <= sqs_mock.clock.now_ms() < T0_MS + 11_000


def test_jump_inside_a_user_freeze_stays_with_the_user_after_the_mock_stops() -> None:
    with freezegun.freeze_time(T0) as factory:
        with mock_sqs(autojump=True):
            client = _client()
            url = client.create_queue(QueueName="q")["QueueUrl"]
            assert _poll(client, url) == []
        assert freezegun.api.freeze_factories[-1] is factory
        assert dt.datetime.now(UTC) == T0 + dt.timedelta(seconds=20)
        assert time.time() == time.time()  # still frozen


def test_jump_inside_a_time_machine_travel_stays_with_the_traveller() -> None:
    with time_machine.travel(T0, tick=False) as traveller:
        with mock_sqs(autojump=True):
            client = _client()
            url = client.create_queue(QueueName="q")["QueueUrl"]
            assert _poll(client, url) == []
        assert time_machine.traveller_stack[-1] is traveller
        assert time.time() == T0.timestamp() + 20
    assert abs(time.time() - T0.timestamp()) > 3600  # travel over: real time again


@pytest.mark.sqs_mock(autojump=False)
def test_autojump_can_be_switched_on_during_a_test(sqs_mock: SqsMock, sqs_clock: Any) -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="switch")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="due in 10 s", DelaySeconds=10)
    start = sqs_clock.now_ms()
    assert "Messages" not in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=20)
    assert sqs_clock.now_ms() == start  # off: the frozen clock did not move

    sqs_mock.autojump = True
    assert sqs.receive_message(QueueUrl=url, WaitTimeSeconds=20)["Messages"][0]["Body"] == (
        "due in 10 s"
    )
    assert sqs_clock.now_ms() - start == 10_000
