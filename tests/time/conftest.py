"""Fixtures for the time-travel tests: the same behaviour under every way of freezing time."""

from __future__ import annotations

from collections.abc import Iterator

import freezegun
import pytest
import time_machine

from pytest_sqsmock import SqsMock

from .helpers import T0, TimeControl

MODES = ("freezegun", "time_machine", "own_clock")


@pytest.fixture(params=MODES)
def time_control(request: pytest.FixtureRequest, sqs_mock: SqsMock) -> Iterator[TimeControl]:
    """Freeze time one way (freezegun, time-machine with tick=False, or the sqs_clock fixture).

    The first two start at T0; the plugin's own clock freezes at the real moment the test
    started, so tests compare times with ``start_ms`` rather than with T0.
    """
    mode: str = request.param
    if mode == "freezegun":
        with freezegun.freeze_time(T0) as factory:
            yield TimeControl(mode, sqs_mock, factory.tick)
    elif mode == "time_machine":
        with time_machine.travel(T0, tick=False) as traveller:
            yield TimeControl(mode, sqs_mock, traveller.shift)
    else:
        clock = request.getfixturevalue("sqs_clock")
        yield TimeControl(mode, sqs_mock, clock.advance)
