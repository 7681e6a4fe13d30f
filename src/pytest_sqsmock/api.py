"""The SQS API: one table from operation name to handler, and the one place params are checked.

Every way in (botocore hook, ``responses``, the local server) ends in ``dispatch``. Params arrive
as the decoded request body (model member names, blobs as bytes); results leave as the dict
botocore's parser would produce, without ``ResponseMetadata``. Errors leave as ``SqsError``.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .model import errors
from .model.attributes import ALL_NAMES, FIFO_ONLY, attribute_names
from .model.backend import Backend, MoveTask
from .model.errors import SqsError
from .model.message import (
    NO_ATTRIBUTES,
    AttributeValue,
    Message,
    check_attributes,
    check_body,
    check_system_attributes,
    md5_of_attributes,
)
from .model.queue import Delivery, Queue

__all__ = ["OPERATIONS", "CallContext", "TimeSource", "dispatch", "dispatch_locked"]

Params = Mapping[str, Any]
Result = dict[str, Any]

_BATCH_ID = re.compile(r"[A-Za-z0-9_-]{1,80}")
# Batch entry Ids already found valid: applications reuse a few ("0".."9", "msg-1"...). Bounded.
_VALID_BATCH_IDS: set[str] = set()
_TOKEN_CHARS = re.compile(r"[!-~]{1,128}")  # alphanumerics and punctuation, no spaces
_MAX_BATCH_BYTES = 1_048_576
# A long poll's real-time bound. freezegun fakes time.monotonic while a freeze is active (with
# epoch-based values) and swaps module attributes that are the real function for its fake; a
# partial is neither, so this stays the real monotonic clock when a freeze starts or ends.
_real_monotonic = functools.partial(time.monotonic)
_NO_NAMES: frozenset[str] = frozenset()
_SYSTEM_ATTRIBUTE_NAMES = frozenset(
    {
        "SenderId",
        "SentTimestamp",
        "ApproximateReceiveCount",
        "ApproximateFirstReceiveTimestamp",
        "SequenceNumber",
        "MessageDeduplicationId",
        "MessageGroupId",
        "AWSTraceHeader",
        "DeadLetterQueueSourceArn",
    }
)


class TimeSource(Protocol):
    """What dispatch needs from a clock: SQS time now, and whether time stands still."""

    def now_ms(self) -> int: ...

    @property
    def frozen(self) -> bool: ...

    def advance_to_ms(self, when: int) -> None: ...


@dataclass(frozen=True)
class CallContext:
    """Who is calling, and where: the caller's account and the client's region.

    ``autojump``: a long poll on a frozen clock moves the clock forward to the first moment in
    its wait window when a message becomes receivable (or to the window's end).
    """

    region: str
    account: str
    autojump: bool = False
    sender_id: str = field(init=False)  # the IAM user id SQS reports as SenderId

    def __post_init__(self) -> None:
        object.__setattr__(self, "sender_id", _sender_id(self.account))


@functools.lru_cache(maxsize=64)
def _sender_id(account: str) -> str:
    digest = hashlib.sha1(account.encode()).hexdigest().upper()
    return "AIDA" + "".join(c if c.isalpha() else chr(ord("A") + int(c)) for c in digest[:17])


class _Call:
    """One operation in progress: where it runs, what was asked, and SQS time when it began."""

    __slots__ = ("backend", "clock", "ctx", "now", "params")

    def __init__(
        self, backend: Backend, clock: TimeSource, params: Params, ctx: CallContext, now: int
    ) -> None:
        self.backend = backend
        self.clock = clock
        self.params = params
        self.ctx = ctx
        self.now = now

    def queue(self) -> Queue:
        url = self.params.get("QueueUrl")
        if type(url) is not str or not url:  # the common case needs no further checks
            url = _required_str(self.params, "QueueUrl")
        return self.backend.resolve_url(url, self.ctx.region)


# -- parameter checks ---------------------------------------------------------------------------


def _required(params: Params, name: str) -> Any:
    value = params.get(name)
    if value is None:
        raise errors.missing_parameter(name)
    return value


def _type_error(name: str, value: object) -> SqsError:
    return errors.invalid_parameter_value(f"Value {value!r} for parameter {name} is invalid.")


def _required_str(params: Params, name: str) -> str:
    value = _required(params, name)
    if not isinstance(value, str):
        raise _type_error(name, value)
    if value == "":
        raise errors.missing_parameter(name)
    return value


def _optional_str(params: Params, name: str) -> str | None:
    value = params.get(name)
    if value is not None and not isinstance(value, str):
        raise _type_error(name, value)
    return value


def _optional_int(params: Params, name: str) -> int | None:
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _type_error(name, value)
    return value


def _ranged_int(params: Params, name: str, low: int, high: int, reason: str) -> int | None:
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _type_error(name, value)
    if not low <= value <= high:
        raise errors.invalid_value(name, value, reason)
    return value


def _str_list(params: Params, name: str, *, required: bool = False) -> list[str]:
    value = params.get(name)
    if value is None:
        if required:
            raise errors.missing_parameter(name)
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _type_error(name, value)
    return value


def _str_map(params: Params, name: str, *, required: bool = False) -> dict[str, Any]:
    value = params.get(name)
    if value is None:
        if required:
            raise errors.missing_parameter(name)
        return {}
    if not isinstance(value, dict):
        raise _type_error(name, value)
    return value


def _token(params: Params, name: str) -> str | None:
    value = _optional_str(params, name)
    if value is not None and not _TOKEN_CHARS.fullmatch(value):
        raise errors.invalid_value(
            name,
            value,
            f"{name} can only include alphanumeric and punctuation characters. 1 to 128 in length.",
        )
    return value


def _visibility(params: Params, name: str = "VisibilityTimeout") -> int | None:
    return _ranged_int(params, name, 0, 43_200, "Must be >= 0 and <= 43200, if provided.")


def _delay(params: Params) -> int | None:
    return _ranged_int(params, "DelaySeconds", 0, 900, "DelaySeconds must be >= 0 and <= 900.")


def _max_results(params: Params, high: int = 1000) -> int | None:
    return _ranged_int(
        params, "MaxResults", 1, high, f"MaxResults must be an integer between 1 and {high}."
    )


def _entries(params: Params, entry_type: str) -> list[dict[str, Any]]:
    entries = params.get("Entries")
    if entries is None:
        raise errors.missing_parameter("Entries")
    if not isinstance(entries, list):
        raise _type_error("Entries", entries)
    for entry in entries:
        if not isinstance(entry, dict):
            raise _type_error("Entries", entries)
    if not entries:
        raise errors.empty_batch_request(entry_type)
    if len(entries) > 10:
        raise errors.too_many_entries(len(entries))
    ids = [entry.get("Id") for entry in entries]
    try:  # the common case, in C: Ids all seen valid before, and distinct
        if _VALID_BATCH_IDS.issuperset(ids) and len(set(ids)) == len(ids):
            return entries
    except TypeError:  # an unhashable Id (JSON lets a client send a list): checked below
        pass
    seen: set[str] = set()
    for entry_id in ids:
        if not isinstance(entry_id, str) or not _BATCH_ID.fullmatch(entry_id):
            raise errors.invalid_batch_entry_id()
        if entry_id in seen:
            raise errors.batch_entry_ids_not_distinct(entry_id)
        seen.add(entry_id)
    if len(_VALID_BATCH_IDS) > 4096:
        _VALID_BATCH_IDS.clear()
    _VALID_BATCH_IDS.update(seen)
    return entries


def _batch_result(
    entries: list[dict[str, Any]], handle: Callable[[dict[str, Any]], Result]
) -> Result:
    successful: list[Result] = []
    failed: list[Result] = []
    for entry in entries:
        try:
            outcome = handle(entry)
            outcome["Id"] = entry["Id"]
            successful.append(outcome)
        except SqsError as error:
            failed.append(_failure(entry, error))
    return {"Successful": successful, "Failed": failed}


def _failure(entry: dict[str, Any], error: SqsError) -> Result:
    """Return the ``Failed`` entry of a batch result for one entry's error."""
    return {
        "Id": entry["Id"],
        "SenderFault": error.sender_fault,
        "Code": error.code,
        "Message": error.message,
    }


# -- queues -------------------------------------------------------------------------------------


def _create_queue(call: _Call) -> Result:
    name = _required_str(call.params, "QueueName")
    attributes = _str_map(call.params, "Attributes")
    tags = _str_map(call.params, "tags")
    queue = call.backend.create_queue(
        call.ctx.account, call.ctx.region, name, attributes, tags, call.now
    )
    return {"QueueUrl": queue.url}


def _get_queue_url(call: _Call) -> Result:
    name = _required_str(call.params, "QueueName")
    owner = _optional_str(call.params, "QueueOwnerAWSAccountId") or call.ctx.account
    return {"QueueUrl": call.backend.get_queue_url(owner, call.ctx.region, name).url}


def _delete_queue(call: _Call) -> Result:
    call.backend.delete_queue(call.queue(), call.now)
    call.backend.notify()  # long polls on it end now, with QueueDoesNotExist
    return {}


def _list_queues(call: _Call) -> Result:
    prefix = _optional_str(call.params, "QueueNamePrefix")
    urls, token = call.backend.list_queues(
        call.ctx.account,
        call.ctx.region,
        prefix,
        _max_results(call.params),
        _optional_str(call.params, "NextToken"),
    )
    result: Result = {}
    if urls:
        result["QueueUrls"] = urls
    if token:
        result["NextToken"] = token
    return result


def _get_queue_attributes(call: _Call) -> Result:
    queue = call.queue()
    names = _str_list(call.params, "AttributeNames")
    for name in names:
        if name != "All" and name not in ALL_NAMES:
            raise errors.invalid_attribute_name(f"Unknown Attribute {name}.")
    wanted: Iterable[str] = (
        attribute_names(queue.fifo)
        if "All" in names
        else [name for name in names if queue.fifo or name not in FIFO_ONLY]
    )
    values = queue.attribute_values(wanted, call.now)
    return {"Attributes": values} if values else {}


def _set_queue_attributes(call: _Call) -> Result:
    queue = call.queue()
    attributes = _str_map(call.params, "Attributes", required=True)
    call.backend.set_attributes(queue, attributes, call.now)
    return {}


def _purge_queue(call: _Call) -> Result:
    call.queue().purge(call.now)
    return {}


def _list_dead_letter_source_queues(call: _Call) -> Result:
    queue = call.queue()
    urls, token = call.backend.list_dead_letter_sources(
        queue, _max_results(call.params), _optional_str(call.params, "NextToken")
    )
    result: Result = {"queueUrls": urls}
    if token:
        result["NextToken"] = token
    return result


def _tag_queue(call: _Call) -> Result:
    queue = call.queue()
    call.backend.tag(queue, _str_map(call.params, "Tags", required=True))
    return {}


def _untag_queue(call: _Call) -> Result:
    queue = call.queue()
    call.backend.untag(queue, _str_list(call.params, "TagKeys", required=True))
    return {}


def _list_queue_tags(call: _Call) -> Result:
    tags = call.queue().tags
    return {"Tags": dict(tags)} if tags else {}


def _add_permission(call: _Call) -> Result:
    queue = call.queue()
    label = _required_str(call.params, "Label")
    accounts = _str_list(call.params, "AWSAccountIds", required=True)
    actions = _str_list(call.params, "Actions", required=True)
    call.backend.add_permission(queue, label, accounts, actions, call.now)
    return {}


def _remove_permission(call: _Call) -> Result:
    queue = call.queue()
    call.backend.remove_permission(queue, _required_str(call.params, "Label"), call.now)
    return {}


# -- messages -----------------------------------------------------------------------------------


def _new_message(params: Params) -> Message:
    attributes = params.get("MessageAttributes")
    system = params.get("MessageSystemAttributes")
    return Message(
        check_body(params.get("MessageBody")),
        NO_ATTRIBUTES if attributes is None else check_attributes(attributes),
        NO_ATTRIBUTES if system is None else check_system_attributes(system),
    )


def _send_one(
    call: _Call, queue: Queue, params: Params, message: Message, result: Result, settled: bool
) -> Result:
    """Store one message (the caller wakes long polls); fill in and return its result entry."""
    message_id, sequence_number = queue.send(
        message,
        now=call.now,
        delay_seconds=_delay(params) if "DelaySeconds" in params else None,
        group_id=_token(params, "MessageGroupId") if "MessageGroupId" in params else None,
        deduplication_id=(
            _token(params, "MessageDeduplicationId") if "MessageDeduplicationId" in params else None
        ),
        sender_id=call.ctx.sender_id,
        settled=settled,
    )
    result["MD5OfMessageBody"] = message.md5_of_body
    if message.md5_of_attributes is not None:
        result["MD5OfMessageAttributes"] = message.md5_of_attributes
    if message.md5_of_system_attributes is not None:
        result["MD5OfMessageSystemAttributes"] = message.md5_of_system_attributes
    result["MessageId"] = message_id
    if sequence_number is not None:
        result["SequenceNumber"] = sequence_number
    return result


def _send_message(call: _Call) -> Result:
    queue = call.queue()
    result = _send_one(call, queue, call.params, _new_message(call.params), {}, False)
    call.backend.notify()
    return result


def _send_message_batch(call: _Call) -> Result:
    queue = call.queue()
    entries = _entries(call.params, "SendMessageBatchRequestEntry")
    prepared: list[tuple[dict[str, Any], Message | SqsError]] = []
    total = 0
    for entry in entries:
        try:
            message = _new_message(entry)
        except SqsError as error:
            prepared.append((entry, error))
            continue
        prepared.append((entry, message))
        total += message.size
    if total > _MAX_BATCH_BYTES:  # checked for the whole request before anything is sent
        raise errors.batch_request_too_long(total, _MAX_BATCH_BYTES)
    successful: list[Result] = []
    failed: list[Result] = []
    queue.settle(call.now)  # once for the whole batch
    for entry, checked in prepared:
        try:
            if isinstance(checked, SqsError):
                raise checked
            outcome = _send_one(call, queue, entry, checked, {"Id": entry["Id"]}, True)
        except SqsError as error:
            failed.append(_failure(entry, error))
            continue
        successful.append(outcome)
    call.backend.notify()
    return {"Successful": successful, "Failed": failed}


def _attribute_filter(names: list[str]) -> Callable[[str], bool] | None:
    """Return a predicate for MessageAttributeNames (None when nothing is asked for)."""
    if not names:
        return None
    if "All" in names or ".*" in names:
        return lambda _: True
    exact = {n for n in names if not n.endswith(".*")}
    prefixes = tuple(n[:-1] for n in names if n.endswith(".*"))
    return lambda name: name in exact or name.startswith(prefixes)


def _system_attributes(queue: Queue, delivery: Delivery, wanted: frozenset[str]) -> Result:
    msg = delivery.message
    out: Result = {}
    if "SenderId" in wanted:
        out["SenderId"] = msg.sender_id
    if "SentTimestamp" in wanted:
        out["SentTimestamp"] = str(msg.sent_at)
    if "ApproximateReceiveCount" in wanted:
        out["ApproximateReceiveCount"] = str(msg.receive_count)
    if "ApproximateFirstReceiveTimestamp" in wanted:
        out["ApproximateFirstReceiveTimestamp"] = str(msg.first_received_at)
    if queue.fifo:
        if "SequenceNumber" in wanted and msg.sequence_number is not None:
            out["SequenceNumber"] = msg.sequence_number
        if "MessageDeduplicationId" in wanted and msg.deduplication_id is not None:
            out["MessageDeduplicationId"] = msg.deduplication_id
    if "MessageGroupId" in wanted and msg.group_id is not None:
        out["MessageGroupId"] = msg.group_id
    if "AWSTraceHeader" in wanted and msg.trace_header is not None:
        out["AWSTraceHeader"] = msg.trace_header
    if "DeadLetterQueueSourceArn" in wanted and msg.dead_letter_source_arn is not None:
        out["DeadLetterQueueSourceArn"] = msg.dead_letter_source_arn
    return out


def _render_message(
    queue: Queue,
    delivery: Delivery,
    system_names: frozenset[str],
    attribute_filter: Callable[[str], bool] | None,
) -> Result:
    msg = delivery.message
    out: Result = {
        "MessageId": msg.message_id,
        "ReceiptHandle": delivery.receipt_handle,
        "MD5OfBody": msg.md5_of_body,
        "Body": msg.body,
    }
    if system_names:
        system = _system_attributes(queue, delivery, system_names)
        if system:
            out["Attributes"] = system
    if attribute_filter is not None and msg.attributes:
        chosen: dict[str, AttributeValue] = {
            name: value for name, value in msg.attributes.items() if attribute_filter(name)
        }
        if chosen:
            out["MD5OfMessageAttributes"] = (
                msg.md5_of_attributes
                if len(chosen) == len(msg.attributes)
                else md5_of_attributes(chosen)
            )
            out["MessageAttributes"] = {name: dict(value) for name, value in chosen.items()}
    return out


def _receive_message(call: _Call) -> Result:
    params = call.params
    queue = call.queue()
    max_messages = _ranged_int(
        params, "MaxNumberOfMessages", 1, 10, "Must be between 1 and 10, if provided."
    )
    visibility = _visibility(params)
    wait = _ranged_int(params, "WaitTimeSeconds", 0, 20, "Must be >= 0 and <= 20, if provided.")
    attempt_id = _token(params, "ReceiveRequestAttemptId")
    requested = _str_list(params, "MessageSystemAttributeNames") or _str_list(
        params, "AttributeNames"
    )
    if not requested:
        system_names = _NO_NAMES
    elif "All" in requested:
        system_names = _SYSTEM_ATTRIBUTE_NAMES
    else:
        system_names = _SYSTEM_ATTRIBUTE_NAMES.intersection(requested)
    attribute_filter = _attribute_filter(_str_list(params, "MessageAttributeNames"))
    if wait is None:
        wait = queue.wait_seconds

    deliveries = _receive_with_wait(call, queue, max_messages or 1, visibility, wait, attempt_id)
    if not deliveries:
        return {}
    return {
        "Messages": [_render_message(queue, d, system_names, attribute_filter) for d in deliveries]
    }


def _receive_with_wait(
    call: _Call,
    queue: Queue,
    max_messages: int,
    visibility: int | None,
    wait: int,
    attempt_id: str | None,
) -> list[Delivery]:
    backend = call.backend
    visibility_ms = None if visibility is None else visibility * 1000
    if wait == 0:  # a short poll: the common case, without the waiting machinery below
        deliveries = queue.receive(
            now=call.now,
            max_messages=max_messages,
            visibility_ms=visibility_ms,
            dead_letter=backend.queue_by_arn,
            attempt_id=attempt_id,
        )
        if deliveries and backend.frozen_empty_polls[1]:
            backend.frozen_empty_polls = (0, 0)  # the loop made progress
        return deliveries

    def receive(now: int) -> list[Delivery]:
        return queue.receive(
            now=now,
            max_messages=max_messages,
            visibility_ms=visibility_ms,
            dead_letter=backend.queue_by_arn,
            attempt_id=attempt_id,
            short_poll=False,
        )

    deliveries = receive(call.now)
    if deliveries:
        if backend.frozen_empty_polls[1]:
            backend.frozen_empty_polls = (0, 0)  # the loop made progress
        return deliveries
    deadline = call.now + wait * 1000
    real_deadline = _real_monotonic() + wait
    now = call.now
    while True:
        # A frozen clock never waits in real time; it may also freeze while this poll waits
        # (another thread's clock.advance()).
        if call.clock.frozen:
            if call.ctx.autojump:
                return _autojump(call, queue, deadline, receive)
            _count_frozen_empty_poll(backend, now)
            return deliveries
        # Long poll on a running clock: wait for a send, or for the next delay/visibility expiry.
        remaining = min(deadline - now, (real_deadline - _real_monotonic()) * 1000)
        if remaining <= 0:
            return deliveries
        next_event = _next_event(backend, queue)
        timeout_ms = remaining if next_event is None else min(remaining, next_event - now)
        backend.wait(max(timeout_ms, 1) / 1000)
        if backend.closed:  # the mock stopped meanwhile: answer now, empty
            return deliveries
        now = call.clock.now_ms()
        _check_still_exists(backend, queue)
        backend.settle_tasks(now)
        deliveries = receive(now)
        if deliveries:
            return deliveries


FROZEN_LOOP_LIMIT = 10_000


class FrozenLoopError(RuntimeError):
    """A consumer loop keeps long-polling at one frozen moment: it would never end."""


def _count_frozen_empty_poll(backend: Backend, now: int) -> None:
    """Turn an endless frozen-clock polling loop into a clear failure instead of a hang."""
    at, count = backend.frozen_empty_polls
    count = count + 1 if at == now else 1
    backend.frozen_empty_polls = (now, count)
    if count >= FROZEN_LOOP_LIMIT:
        backend.frozen_empty_polls = (now, 0)
        raise FrozenLoopError(
            f"{count} long polls in a row returned no message at the same frozen SQS time: "
            "time never moves on its own while it is frozen, so a loop waiting for a delay or a "
            "visibility timeout to end would run forever. Use mock_sqs(autojump=True) (or "
            "@pytest.mark.sqs_mock(autojump=True)) to let long polls move the clock, or call "
            "sqs_mock.clock.advance() in the loop."
        )


def _check_still_exists(backend: Backend, queue: Queue) -> None:
    if backend.queue_by_arn(queue.arn) is not queue:
        raise errors.queue_does_not_exist()


def _next_event(backend: Backend, queue: Queue) -> int | None:
    """Return when a message may next become receivable on ``queue`` (delay, visibility, task)."""
    own = queue.next_event_at()
    task = backend.next_task_event()
    if own is None:
        return task
    return own if task is None else min(own, task)


def _autojump(
    call: _Call, queue: Queue, deadline: int, receive: Callable[[int], list[Delivery]]
) -> list[Delivery]:
    """Long poll on a frozen clock: jump from event to event until a message or the deadline."""
    backend = call.backend
    now = call.now
    while True:
        next_event = _next_event(backend, queue)
        if next_event is None or next_event >= deadline:
            target = deadline
        else:
            target = max(next_event, now + 1)  # always move forward: no loop without progress
        call.clock.advance_to_ms(target)
        now = call.clock.now_ms()
        backend.settle_tasks(now)
        deliveries = receive(now)
        if deliveries or now >= deadline:
            return deliveries


def _delete_message(call: _Call) -> Result:
    queue = call.queue()
    handle = call.params.get("ReceiptHandle")
    if type(handle) is not str or not handle:  # the common case needs no further checks
        handle = _required_str(call.params, "ReceiptHandle")
    queue.delete(handle, call.now)
    call.backend.notify()
    return {}


def _delete_message_batch(call: _Call) -> Result:
    queue = call.queue()
    entries = _entries(call.params, "DeleteMessageBatchRequestEntry")

    def delete(entry: dict[str, Any]) -> Result:
        queue.delete(_required_str(entry, "ReceiptHandle"), call.now)
        return {}

    result = _batch_result(entries, delete)
    call.backend.notify()
    return result


def _change_visibility(call: _Call) -> Result:
    queue = call.queue()
    handle = _required_str(call.params, "ReceiptHandle")
    _required(call.params, "VisibilityTimeout")
    timeout = _visibility(call.params)
    assert timeout is not None
    queue.change_visibility(handle, timeout, call.now)
    call.backend.notify()
    return {}


def _change_visibility_batch(call: _Call) -> Result:
    queue = call.queue()
    entries = _entries(call.params, "ChangeMessageVisibilityBatchRequestEntry")

    def change(entry: dict[str, Any]) -> Result:
        handle = _required_str(entry, "ReceiptHandle")
        timeout = _visibility(entry)
        queue.change_visibility(handle, 0 if timeout is None else timeout, call.now)
        return {}

    result = _batch_result(entries, change)
    call.backend.notify()
    return result


# -- message move tasks -------------------------------------------------------------------------


def _start_message_move_task(call: _Call) -> Result:
    source = _required_str(call.params, "SourceArn")
    destination = _optional_str(call.params, "DestinationArn")
    rate = _optional_int(call.params, "MaxNumberOfMessagesPerSecond")
    task = call.backend.start_move_task(source, destination, rate, call.now)
    return {"TaskHandle": task.handle}


def _render_task(task: MoveTask) -> Result:
    out: Result = {}
    if task.status == "RUNNING":
        out["TaskHandle"] = task.handle
    out["Status"] = task.status
    out["SourceArn"] = task.source_arn
    if task.destination_arn is not None:
        out["DestinationArn"] = task.destination_arn
    if task.rate is not None:
        out["MaxNumberOfMessagesPerSecond"] = task.rate
    out["ApproximateNumberOfMessagesMoved"] = task.moved
    out["ApproximateNumberOfMessagesToMove"] = task.to_move
    if task.failure_reason is not None:
        out["FailureReason"] = task.failure_reason
    out["StartedTimestamp"] = task.started_at
    return out


def _list_message_move_tasks(call: _Call) -> Result:
    source = _required_str(call.params, "SourceArn")
    limit = _max_results(call.params, high=10) or 1
    tasks = call.backend.list_move_tasks(source, limit, call.now)
    return {"Results": [_render_task(task) for task in tasks]}


def _cancel_message_move_task(call: _Call) -> Result:
    task = call.backend.cancel_move_task(_required_str(call.params, "TaskHandle"), call.now)
    return {"ApproximateNumberOfMessagesMoved": task.moved}


OPERATIONS: dict[str, Callable[[_Call], Result]] = {
    "AddPermission": _add_permission,
    "CancelMessageMoveTask": _cancel_message_move_task,
    "ChangeMessageVisibility": _change_visibility,
    "ChangeMessageVisibilityBatch": _change_visibility_batch,
    "CreateQueue": _create_queue,
    "DeleteMessage": _delete_message,
    "DeleteMessageBatch": _delete_message_batch,
    "DeleteQueue": _delete_queue,
    "GetQueueAttributes": _get_queue_attributes,
    "GetQueueUrl": _get_queue_url,
    "ListDeadLetterSourceQueues": _list_dead_letter_source_queues,
    "ListMessageMoveTasks": _list_message_move_tasks,
    "ListQueueTags": _list_queue_tags,
    "ListQueues": _list_queues,
    "PurgeQueue": _purge_queue,
    "ReceiveMessage": _receive_message,
    "RemovePermission": _remove_permission,
    "SendMessage": _send_message,
    "SendMessageBatch": _send_message_batch,
    "SetQueueAttributes": _set_queue_attributes,
    "StartMessageMoveTask": _start_message_move_task,
    "TagQueue": _tag_queue,
    "UntagQueue": _untag_queue,
}


def dispatch(
    backend: Backend,
    clock: TimeSource,
    operation: str,
    params: Params,
    ctx: CallContext,
) -> Result:
    """Run one SQS operation against the backend; return its result or raise ``SqsError``."""
    with backend.lock:
        return dispatch_locked(backend, clock, operation, params, ctx, clock.now_ms())


def dispatch_locked(
    backend: Backend,
    clock: TimeSource,
    operation: str,
    params: Params,
    ctx: CallContext,
    now: int,
) -> Result:
    """``dispatch`` for a caller holding ``backend.lock`` that read ``now`` while holding it."""
    handler = OPERATIONS.get(operation)
    if handler is None:
        raise errors.invalid_action(operation)
    if backend.running_tasks:  # settle_tasks, with its cheap test inlined
        backend.settle_tasks(now)
    return handler(_Call(backend, clock, params, ctx, now))
