"""clock.advance() moves the time the whole process sees, in every mode, and only forward."""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import freezegun
import freezegun.api
import pytest
import time_machine

from pytest_sqsmock import SqsMock, mock_sqs
from pytest_sqsmock.clock import ClockError

from .helpers import T0, T0_MS, UTC, TimeControl, bodies, real_time, receive


def _client() -> Any:
    return boto3.client("sqs", region_name="us-east-1")


# -- is time frozen? ---------------------------------------------------------------------------


@contextlib.contextmanager
def _time_machine_switched_to_tick_false() -> Iterator[None]:
    with time_machine.travel(T0, tick=True) as traveller:
        traveller.move_to(T0, tick=False)
        yield


FREEZES: dict[str, tuple[Callable[[], contextlib.AbstractContextManager[Any]], bool]] = {
    "nothing": (contextlib.nullcontext, False),
    "freezegun": (lambda: freezegun.freeze_time(T0), True),
    "freezegun_auto_tick": (lambda: freezegun.freeze_time(T0, auto_tick_seconds=1), True),
    "freezegun_tick": (lambda: freezegun.freeze_time(T0, tick=True), False),
    "time_machine": (lambda: time_machine.travel(T0, tick=False), True),
    "time_machine_tick": (lambda: time_machine.travel(T0, tick=True), False),
    "time_machine_move_to_tick_false": (_time_machine_switched_to_tick_false, True),
}


@pytest.mark.parametrize("how", list(FREEZES))
def test_frozen_tells_whether_time_stands_still(sqs_mock: SqsMock, how: str) -> None:
    make, expected = FREEZES[how]
    with make():
        assert sqs_mock.clock.frozen is expected
    assert sqs_mock.clock.frozen is False


def test_the_sqs_clock_fixture_freezes_time(sqs_mock: SqsMock, sqs_clock: Any) -> None:
    assert sqs_clock is sqs_mock.clock
    assert sqs_clock.frozen is True
    before = time.time()
    assert time.time() == before


# -- advance() in each mode --------------------------------------------------------------------


def test_mock_advance_moves_the_time_the_whole_process_sees(time_control: TimeControl) -> None:
    factories = len(freezegun.api.freeze_factories)
    travellers = len(time_machine.traveller_stack)
    time_control.mock_advance(90)
    expected = time_control.start_ms + 90_000
    assert time_control.now_ms() == expected
    assert int(time.time() * 1000) == expected
    assert abs(dt.datetime.now(UTC).timestamp() * 1000 - expected) < 1
    assert time_control.mock.clock.now() == dt.datetime.fromtimestamp(expected / 1000, tz=UTC)
    # it moved the freeze that was active; it did not stack one of its own
    assert len(freezegun.api.freeze_factories) == factories
    assert len(time_machine.traveller_stack) == travellers


def test_user_and_mock_advances_add_up(sqs: Any, queue_url: str, time_control: TimeControl) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    receive(sqs, queue_url)  # in flight for the default 30 s
    time_control.advance(10)
    time_control.mock_advance(19.999)
    assert receive(sqs, queue_url) == []
    time_control.mock_advance(0.001)
    assert bodies(receive(sqs, queue_url)) == ["x"]
    assert time_control.elapsed_ms() == 30_000


@pytest.mark.parametrize(
    "step", [dt.timedelta(minutes=2), 120, 120.0, dt.timedelta(seconds=119, microseconds=10**6)]
)
def test_advance_takes_seconds_or_a_timedelta(
    time_control: TimeControl, step: float | dt.timedelta
) -> None:
    time_control.mock.clock.advance(step)
    assert time_control.elapsed_ms() == 120_000


def test_advance_by_zero_moves_nothing(time_control: TimeControl) -> None:
    time_control.mock.clock.advance(0)
    time_control.mock.clock.advance(dt.timedelta(0))
    assert time_control.elapsed_ms() == 0


@pytest.mark.parametrize(
    ("step", "shown"), [(-1, "-1"), (-0.001, "-0.001"), (dt.timedelta(seconds=-5), "-5")]
)
def test_advance_backwards_is_refused_with_a_clear_error(
    time_control: TimeControl, step: float | dt.timedelta, shown: str
) -> None:
    time_control.advance(10)
    with pytest.raises(ClockError) as excinfo:
        time_control.mock.clock.advance(step)
    assert str(excinfo.value) == (
        f"clock.advance() cannot move time backwards (got {shown} s): SQS time only moves "
        "forward. Start a new mock, or freeze_time() at an earlier moment instead."
    )
    assert isinstance(excinfo.value, ValueError)
    assert time_control.elapsed_ms() == 10_000


@pytest.mark.parametrize(
    ("value", "type_name"),
    [("5", "str"), (None, "NoneType"), (True, "bool"), (decimal.Decimal(1), "Decimal")],
)
def test_advance_with_a_non_number_is_a_type_error(
    time_control: TimeControl, value: object, type_name: str
) -> None:
    with pytest.raises(TypeError) as excinfo:
        time_control.mock.clock.advance(value)  # type: ignore[arg-type]
    assert str(excinfo.value) == (
        f"clock.advance() takes seconds (int or float) or a datetime.timedelta, not {type_name}"
    )
    assert time_control.elapsed_ms() == 0


def test_refused_advance_on_a_running_clock_does_not_freeze_it(sqs_mock: SqsMock) -> None:
    with pytest.raises(ClockError):
        sqs_mock.clock.advance(-1)
    with pytest.raises(TypeError):
        sqs_mock.clock.advance("1")  # type: ignore[arg-type]
    assert sqs_mock.clock.frozen is False
    assert freezegun.api.freeze_factories == []


def test_advance_to_ms_never_moves_backwards(time_control: TimeControl) -> None:
    clock = time_control.mock.clock
    clock.advance_to_ms(time_control.start_ms - 60_000)
    assert time_control.elapsed_ms() == 0
    clock.advance_to_ms(time_control.start_ms + 1_234)
    assert time_control.elapsed_ms() == 1_234


# -- the mock's own freeze ----------------------------------------------------------------------


def test_advance_on_a_running_clock_freezes_it_from_now() -> None:
    with mock_sqs() as mock:
        assert not mock.clock.frozen
        before = real_time()
        mock.clock.advance(10)
        assert mock.clock.frozen
        assert time.time() - before == pytest.approx(10, abs=1)
        assert time.time() == time.time()


def test_own_freeze_is_released_when_the_mock_stops() -> None:
    with mock_sqs() as mock:
        clock = mock.clock
        clock.advance(3600)
        assert len(freezegun.api.freeze_factories) == 1
    assert freezegun.api.freeze_factories == []
    assert not clock.frozen
    assert time.time() == pytest.approx(real_time(), abs=5)
    assert dt.datetime.now(UTC).timestamp() == pytest.approx(real_time(), abs=5)


def test_own_freeze_of_the_sqs_clock_fixture_lasts_the_whole_test(
    sqs: Any, queue_url: str, sqs_clock: Any
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    receive(sqs, queue_url, VisibilityTimeout=1)
    time.sleep(0.05)  # real time passes; SQS time does not
    sqs_clock.advance(0.999)
    assert receive(sqs, queue_url) == []
    sqs_clock.advance(0.001)
    assert bodies(receive(sqs, queue_url)) == ["x"]


def test_a_nested_mock_shares_the_clock_and_leaves_the_freeze_to_the_outer_one() -> None:
    with mock_sqs() as outer:
        clock = outer.clock
        with mock_sqs() as inner:
            assert inner.clock is clock
            inner.clock.advance(60)
            frozen_at = clock.now_ms()
        assert clock.frozen
        assert clock.now_ms() == frozen_at
    assert not clock.frozen


# -- the user's freeze stays the user's ---------------------------------------------------------


def test_advance_in_a_user_freeze_stays_after_the_mock_stops() -> None:
    with freezegun.freeze_time(T0) as factory:
        with mock_sqs() as mock:
            mock.clock.advance(60)
        assert freezegun.api.freeze_factories == [factory]
        assert dt.datetime.now(UTC) == T0 + dt.timedelta(seconds=60)
        factory.tick(dt.timedelta(seconds=1))  # the user's freeze still works as before
        assert time.time() == T0.timestamp() + 61
    assert abs(time.time() - T0.timestamp()) > 3600


def test_advance_in_a_user_travel_stays_after_the_mock_stops() -> None:
    with time_machine.travel(T0, tick=False) as traveller:
        with mock_sqs() as mock:
            mock.clock.advance(60)
        assert time_machine.traveller_stack == [traveller]
        assert time.time() == T0.timestamp() + 60
        assert freezegun.api.freeze_factories == []
    assert abs(time.time() - T0.timestamp()) > 3600


# -- the user's own ways of moving time ----------------------------------------------------------


def test_freezegun_move_to_is_followed(sqs: Any, queue_url: str) -> None:
    with freezegun.freeze_time(T0) as factory:
        sqs.send_message(QueueUrl=queue_url, MessageBody="x", DelaySeconds=30)
        factory.move_to(T0 + dt.timedelta(seconds=29, milliseconds=999))
        assert receive(sqs, queue_url) == []
        factory.move_to(T0 + dt.timedelta(seconds=30))
        assert bodies(receive(sqs, queue_url, VisibilityTimeout=10)) == ["x"]
        factory.move_to(T0 + dt.timedelta(seconds=40))
        assert bodies(receive(sqs, queue_url)) == ["x"]


@pytest.mark.parametrize("tick", [False, True])
def test_time_machine_move_to_is_followed(sqs: Any, queue_url: str, tick: bool) -> None:
    with time_machine.travel(T0, tick=tick) as traveller:
        sqs.send_message(QueueUrl=queue_url, MessageBody="x")
        receive(sqs, queue_url, VisibilityTimeout=30)
        traveller.move_to(T0 + dt.timedelta(seconds=25))
        assert receive(sqs, queue_url) == []
        # with tick=True the receive happened a few real ms after T0: allow for them
        traveller.move_to(T0 + dt.timedelta(seconds=30 if not tick else 31))
        assert bodies(receive(sqs, queue_url)) == ["x"]


def test_time_machine_shift_is_followed(sqs: Any, queue_url: str) -> None:
    with time_machine.travel(T0, tick=False) as traveller:
        sqs.send_message(QueueUrl=queue_url, MessageBody="x", DelaySeconds=60)
        traveller.shift(59.999)
        assert receive(sqs, queue_url) == []
        traveller.shift(dt.timedelta(milliseconds=1))
        assert bodies(receive(sqs, queue_url)) == ["x"]


@pytest.mark.parametrize(
    "make",
    [
        lambda: freezegun.freeze_time(T0, tick=True),
        lambda: freezegun.freeze_time(T0, auto_tick_seconds=0.001),
        lambda: time_machine.travel(T0, tick=True),
    ],
    ids=["freezegun_tick", "freezegun_auto_tick", "time_machine_tick"],
)
def test_advance_moves_running_and_auto_ticking_clocks_too(
    sqs: Any, sqs_mock: SqsMock, queue_url: str, make: Callable[[], Any]
) -> None:
    with make():
        sqs.send_message(QueueUrl=queue_url, MessageBody="x")
        receive(sqs, queue_url, VisibilityTimeout=3600)
        time.sleep(0.02)  # let a running clock run: advance() must move on from where it is
        sqs_mock.clock.advance(3600)
        assert bodies(receive(sqs, queue_url)) == ["x"]
        assert sqs_mock.clock.now_ms() >= T0_MS + 3_600_000
        assert sqs_mock.clock.now_ms() < T0_MS + 3_700_000
