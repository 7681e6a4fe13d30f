"""Text for pytest's failure report: the SQS calls a test made, and what its queues held."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .mock import Call
    from .views import QueueView

__all__ = ["format_call", "format_calls", "format_queues"]

MAX_CALLS = 100  # the most recent calls shown in the "SQS calls" section
_VALUE = 60  # longest parameter value shown
_LINE = 200  # longest line
_HIDDEN = {"QueueUrl", "QueueName"}  # shown as the queue column


def _value(value: Any) -> str:
    if isinstance(value, list) and not all(isinstance(item, str) for item in value):
        return f"[{len(value)} entr{'y' if len(value) == 1 else 'ies'}]"
    if isinstance(value, dict):
        text = repr(
            {k: v.get("StringValue", v) if isinstance(v, dict) else v for k, v in value.items()}
        )
    else:
        text = repr(value)
    return text if len(text) <= _VALUE else text[: _VALUE - 3] + "..."


def _params(params: dict[str, Any]) -> str:
    return " ".join(f"{k}={_value(v)}" for k, v in params.items() if k not in _HIDDEN)


def _outcome(call: Call) -> str:
    if call.error is not None:
        return f"{call.error.code}: {call.error.message}"
    response = call.response or {}
    if call.operation == "ReceiveMessage":
        n = len(response.get("Messages", []))
        return "no messages" if n == 0 else f"{n} message{'s' if n != 1 else ''}"
    if "Successful" in response or "Failed" in response:
        ok, failed = len(response.get("Successful", [])), len(response.get("Failed", []))
        codes = sorted({str(f.get("Code")) for f in response.get("Failed", [])})
        return f"{ok} ok, {failed} failed" + (f" ({', '.join(codes)})" if codes else "")
    if "MessageId" in response:
        return f"MessageId={response['MessageId']}"
    if "QueueUrl" in response:
        return f"QueueUrl={response['QueueUrl']}"
    return ""  # nothing more to say than "ok"


def format_call(call: Call, started_at: int | None) -> str:
    """One line: SQS time since the mock started, operation, queue, short params, outcome."""
    offset = "" if started_at is None else f"+{(call.at - started_at) / 1000:.3f}s "
    params = _params(call.params)
    status = "ok" if call.ok else "ERROR"
    line = f"{offset}{call.operation}"
    if call.queue_name:
        line += f" {call.queue_name}"
    if params:
        line += f" {params}"
    if len(line) > _LINE:
        line = line[: _LINE - 3] + "..."
    outcome = _outcome(call)
    return f"{line} -> {status}" + (f" {outcome}" if outcome else "")


def format_calls(calls: Sequence[Call], started_at: int | None) -> str:
    """The "SQS calls" section: one line per call, the most recent ``MAX_CALLS``."""
    if not calls:
        return "no SQS calls"
    lines = [format_call(call, started_at) for call in calls[-MAX_CALLS:]]
    if len(calls) > MAX_CALLS:
        lines.insert(0, f"... {len(calls) - MAX_CALLS} earlier calls not shown")
    return "\n".join(lines)


def format_queues(views: Sequence[QueueView]) -> str:
    """The "SQS queues" section: every queue, its counters and its first messages."""
    from .views import MAX_LISTED, describe_messages

    if not views:
        return "no queues"
    blocks = []
    for view in views:
        counts = view.counts
        head = (
            f"{view.name}: {counts['visible']} visible, {counts['in_flight']} in flight, "
            f"{counts['delayed']} delayed"
        )
        total = sum(counts.values())
        messages = view.oldest(MAX_LISTED) if total else []
        blocks.append(head + (f"\n{describe_messages(messages, total)}" if messages else ""))
    return "\n".join(blocks)
