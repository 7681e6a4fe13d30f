"""pytest-sqsmock: Amazon SQS inside your unit tests, with time under the test's control."""

from __future__ import annotations

from .adapters.botocore import attach
from .api import FrozenLoopError
from .clock import Clock, ClockError
from .mock import Call, CallLog, SqsMock, mock_sqs
from .model.errors import SqsError
from .views import MessageView, QueueView

__all__ = [
    "Call",
    "CallLog",
    "Clock",
    "ClockError",
    "FrozenLoopError",
    "MessageView",
    "QueueView",
    "SqsError",
    "SqsMock",
    "attach",
    "mock_sqs",
]
