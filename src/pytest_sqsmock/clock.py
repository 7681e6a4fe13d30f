"""Clock: SQS time, read from ``time.time()`` at every call so freezegun and time-machine apply."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from typing import Any

__all__ = ["Clock", "ClockError"]

_UTC = dt.timezone.utc


class ClockError(ValueError):
    """Raised when the clock is asked to do something time cannot do."""


def _seconds(delta: float | dt.timedelta) -> float:
    if isinstance(delta, dt.timedelta):
        return delta.total_seconds()
    if isinstance(delta, bool) or not isinstance(delta, (int, float)):
        raise TypeError(
            f"clock.advance() takes seconds (int or float) or a datetime.timedelta, "
            f"not {type(delta).__name__}"
        )
    return float(delta)


def _active_freezegun_factory() -> Any | None:
    api = sys.modules.get("freezegun.api")
    factories = getattr(api, "freeze_factories", None)
    return factories[-1] if factories else None


def _active_time_machine_traveller() -> Any | None:
    module = sys.modules.get("time_machine")
    stack = getattr(module, "traveller_stack", None)
    return stack[-1] if stack else None


class Clock:
    """SQS time for one mock: integer milliseconds since the epoch, never cached.

    Reading goes through ``time.time()`` on every call, so whatever the application sees
    (freezegun, time-machine, the real clock) is what SQS sees. ``advance()`` moves that same
    time, and never sleeps.
    """

    def __init__(self) -> None:
        self._own_freeze: Any | None = None
        self._on_advance: list[Callable[[], None]] = []

    def on_advance(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after every ``advance()`` (the mock wakes waiting long polls)."""
        self._on_advance.append(callback)

    def now_ms(self) -> int:
        """Return SQS time as integer epoch milliseconds."""
        return int(time.time() * 1000)

    def now(self) -> dt.datetime:
        """Return SQS time as an aware UTC datetime."""
        return dt.datetime.fromtimestamp(self.now_ms() / 1000, tz=_UTC)

    @property
    def frozen(self) -> bool:
        """Return whether time stands still unless moved (a non-ticking freeze or travel)."""
        factory = _active_freezegun_factory()
        if factory is not None:
            # FrozenDateTimeFactory stands still; StepTickTimeFactory (auto_tick_seconds) moves
            # only when read, never with the wall clock. Only TickingDateTimeFactory runs.
            return type(factory).__name__ != "TickingDateTimeFactory"
        traveller = _active_time_machine_traveller()
        if traveller is not None:
            return not getattr(traveller, "_tick", True)
        return False

    def advance(self, delta: float | dt.timedelta) -> None:
        """Move SQS time (and the application's) forward by ``delta`` seconds or a timedelta.

        Inside ``freezegun.freeze_time`` this ticks that freeze; inside a time-machine travel it
        shifts that traveller; otherwise the clock freezes time itself, from now, until the mock
        that owns it stops.
        """
        seconds = _seconds(delta)
        if seconds < 0:
            raise ClockError(
                f"clock.advance() cannot move time backwards (got {seconds:g} s): SQS time only "
                "moves forward. Start a new mock, or freeze_time() at an earlier moment instead."
            )
        self._move(seconds)
        for callback in self._on_advance:
            callback()

    def _move(self, seconds: float) -> None:
        factory = _active_freezegun_factory()
        if factory is not None:
            if type(factory).__name__ == "TickingDateTimeFactory":
                # freezegun's tick() on a ticking freeze restarts from where the freeze last
                # moved to, dropping the time that ticked by since: move from the current time.
                factory.move_to(factory() + dt.timedelta(seconds=seconds))
            else:
                factory.tick(dt.timedelta(seconds=seconds))
            return
        traveller = _active_time_machine_traveller()
        if traveller is not None:
            traveller.shift(dt.timedelta(seconds=seconds))
            return
        self.freeze()
        factory = _active_freezegun_factory()
        assert factory is not None
        factory.tick(dt.timedelta(seconds=seconds))

    def advance_to_ms(self, when: int) -> None:
        """Move SQS time forward to epoch milliseconds ``when``; do nothing if already there."""
        now = self.now_ms()
        while now < when:
            # float seconds may land a hair short of ``when``: step again until it is reached
            self.advance(max(when - now, 1) / 1000)
            now = self.now_ms()

    def freeze(self) -> None:
        """Freeze time at the current moment unless freezegun or time-machine already controls it.

        The freeze belongs to this clock and ends with ``release()`` (the mock calls it on stop).
        """
        if self._own_freeze is not None:
            return
        if _active_freezegun_factory() is not None or _active_time_machine_traveller() is not None:
            return
        import freezegun

        now = dt.datetime.fromtimestamp(time.time(), tz=_UTC)
        # pytest's own timing (durations, junit times) must keep reading the real clock, and so
        # must asyncio event loops: with their time frozen, ``await asyncio.sleep(...)`` (and
        # every timeout) in an async test would never end.
        freezer = freezegun.freeze_time(now, ignore=["_pytest.timing"], real_asyncio=True)
        freezer.start()
        self._own_freeze = freezer

    def release(self) -> None:
        """End a freeze this clock started, if any."""
        freezer, self._own_freeze = self._own_freeze, None
        if freezer is not None:
            freezer.stop()
