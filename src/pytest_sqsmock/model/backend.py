"""Backend: every account's and region's queues, their URLs and ARNs, and message move tasks.

The backend owns one lock; the API layer holds it for the whole of each operation, so queue
code never needs its own locking. A long poll waits on ``changed`` (the same lock) and is woken
by every send, visibility change and queue change.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import attributes as attrs
from . import errors
from .queue import Queue

__all__ = ["DELETE_REUSE_MS", "Backend", "MoveTask", "QueueRef"]

DELETE_REUSE_MS = 60_000
_QUEUE_NAME = re.compile(r"[A-Za-z0-9_-]{1,80}")
_FIFO_QUEUE_NAME = re.compile(r"[A-Za-z0-9_-]{1,75}\.fifo")
_LABEL = re.compile(r"[A-Za-z0-9_-]{1,80}")
_PERMISSION_ACTIONS = frozenset(
    {
        "*",
        "SendMessage",
        "ReceiveMessage",
        "DeleteMessage",
        "ChangeMessageVisibility",
        "GetQueueAttributes",
        "GetQueueUrl",
        "ListDeadLetterSourceQueues",
        "PurgeQueue",
        "ListQueueTags",
    }
)
_TAG_CHARS = re.compile(r"[\w\s_.:/=+\-@]*", re.UNICODE)
MAX_TAGS = 50


def partition_of(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def queue_url(region: str, account: str, name: str) -> str:
    suffix = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
    return f"https://sqs.{region}.{suffix}/{account}/{name}"


def queue_arn(region: str, account: str, name: str) -> str:
    return f"arn:{partition_of(region)}:sqs:{region}:{account}:{name}"


class QueueRef:
    """Where a queue lives: account, region and name, parsed from a URL or an ARN."""

    __slots__ = ("account", "name", "region")

    def __init__(self, account: str, region: str, name: str) -> None:
        self.account = account
        self.region = region
        self.name = name

    @classmethod
    def from_arn(cls, arn: str) -> QueueRef | None:
        parts = arn.split(":")
        if len(parts) != 6 or parts[0] != "arn" or parts[2] != "sqs" or not parts[5]:
            return None
        return cls(parts[4], parts[3], parts[5])


@dataclass
class MoveTask:
    """A StartMessageMoveTask in progress or finished; progress follows SQS time."""

    handle: str
    source_arn: str
    destination_arn: str | None
    rate: int | None
    started_at: int
    to_move: int
    moved: int = 0
    status: str = "RUNNING"
    failure_reason: str | None = None


@dataclass
class _Region:
    queues: dict[str, Queue] = field(default_factory=dict)
    deleted_at: dict[str, int] = field(default_factory=dict)


class Backend:
    """All SQS state of one mock: accounts x regions x queues, plus move tasks."""

    def __init__(self, default_account: str = "123456789012") -> None:
        self.default_account = default_account
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self._regions: dict[tuple[str, str], _Region] = {}
        self._by_arn: dict[str, Queue] = {}
        # (QueueUrl, caller's region) -> queue, for URLs resolved before; emptied when a queue
        # is deleted (a queue created later under the same name is another queue).
        self._resolved: dict[tuple[str, str], Queue] = {}
        self._tasks: dict[str, MoveTask] = {}
        self._tasks_by_source: dict[str, list[MoveTask]] = {}
        self.running_tasks = 0
        self._waiting = 0
        self.closed = False  # the mock stopped: long polls still waiting end at once
        # (frozen SQS time, count) of empty long polls in a row there (see api.FrozenLoopError)
        self.frozen_empty_polls: tuple[int, int] = (0, 0)

    def notify(self) -> None:
        """Wake long polls waiting for a change (call with the lock held)."""
        if self._waiting:
            self.changed.notify_all()

    def close(self) -> None:
        """End every waiting long poll (empty answers): the mock that owns this state stopped."""
        with self.lock:
            self.closed = True
            self.changed.notify_all()

    def wake(self) -> None:
        """Wake waiting long polls from any thread (e.g. after the clock moved)."""
        with self.lock:
            self.notify()

    def wait(self, timeout: float) -> None:
        """Wait (lock held) until ``notify()`` or ``timeout`` seconds pass: a long poll's sleep."""
        self._waiting += 1
        try:
            self.changed.wait(timeout)
        finally:
            self._waiting -= 1

    # -- lookup -------------------------------------------------------------------------------

    def _region(self, account: str, region: str) -> _Region:
        key = (account, region)
        state = self._regions.get(key)
        if state is None:
            state = self._regions[key] = _Region()
        return state

    def queues(self) -> list[Queue]:
        """Return every queue in every account and region."""
        return [q for state in self._regions.values() for q in state.queues.values()]

    def queue_by_arn(self, arn: str) -> Queue | None:
        return self._by_arn.get(arn)

    def resolve_url(self, url: str, region: str) -> Queue:
        """Return the queue a QueueUrl names (in the caller's region), or raise SQS's error."""
        queue = self._resolved.get((url, region))
        if queue is not None:
            return queue
        parts = url.rsplit("/", 2)
        if len(parts) != 3 or not parts[1] or not parts[2] or "/" not in parts[0]:
            raise errors.invalid_address(url)
        state = self._regions.get((parts[1], region))
        queue = state.queues.get(parts[2]) if state is not None else None
        if queue is None:
            raise errors.queue_does_not_exist()
        if len(self._resolved) >= 1024:
            self._resolved.clear()
        self._resolved[url, region] = queue
        return queue

    def find(self, name_or_url: str, region: str | None = None) -> Queue | None:
        """Return a queue by URL, ARN or name, or None; ``region`` breaks ties between regions.

        A bare name prefers the default account; a URL's host (``sqs.<region>.``) picks the
        region when the same account has the name in several.
        """
        if name_or_url.startswith("arn:"):
            return self._by_arn.get(name_or_url)
        host = ""
        if "/" in name_or_url:
            parts = name_or_url.rstrip("/").rsplit("/", 2)
            if len(parts) != 3:
                return None
            host, account, name = parts
            accounts = {account}
        else:
            name = name_or_url
            accounts = {self.default_account}
            if not any(
                acct == self.default_account and name in state.queues
                for (acct, _), state in self._regions.items()
            ):
                accounts = {acct for acct, _ in self._regions}
        matches = [
            (reg, state.queues[name])
            for (acct, reg), state in self._regions.items()
            if acct in accounts and name in state.queues
        ]
        for reg, queue in matches:
            if f".{reg}." in host or reg == region:
                return queue
        return matches[0][1] if matches else None

    # -- queues -------------------------------------------------------------------------------

    def create_queue(
        self,
        account: str,
        region: str,
        name: str,
        attributes: Mapping[str, object],
        tags: Mapping[str, object],
        now: int,
    ) -> Queue:
        """Create a queue, or return the existing one if every given attribute matches."""
        fifo_requested = str(attributes.get("FifoQueue", "")).lower() == "true"
        if fifo_requested or name.endswith(".fifo"):
            if not (fifo_requested and _FIFO_QUEUE_NAME.fullmatch(name)):
                if name.endswith(".fifo") and not fifo_requested:
                    raise errors.invalid_parameter_value(
                        "Can only include alphanumeric characters, hyphens, or underscores. "
                        "1 to 80 in length"
                    )
                raise errors.invalid_parameter_value(
                    "The name of a FIFO queue can only include alphanumeric characters, hyphens, "
                    "or underscores, must end with .fifo suffix and be 1 to 80 in length."
                )
        elif not _QUEUE_NAME.fullmatch(name):
            raise errors.invalid_parameter_value(
                "Can only include alphanumeric characters, hyphens, or underscores. "
                "1 to 80 in length"
            )
        fifo = name.endswith(".fifo")
        values = {
            key: attrs.normalize(key, value, fifo=fifo, creating=True)
            for key, value in attributes.items()
        }
        checked_tags = self._check_tags(tags)
        state = self._region(account, region)
        existing = state.queues.get(name)
        if existing is not None:
            for key, value in values.items():
                if existing.attributes.get(key, attrs.defaults(fifo).get(key)) != value:
                    raise errors.queue_name_exists(
                        "A queue already exists with the same name and a different value for "
                        f"attribute {key}"
                    )
            return existing
        deleted_at = state.deleted_at.get(name)
        if deleted_at is not None:
            if now - deleted_at < DELETE_REUSE_MS:
                raise errors.queue_deleted_recently()
            del state.deleted_at[name]
        merged = {**attrs.defaults(fifo), **values}
        attrs.check_combination(merged, values)
        arn = queue_arn(region, account, name)
        self._check_redrive(values, arn, fifo, region, account, raw=attributes)
        queue = Queue(
            name=name,
            account=account,
            region=region,
            url=queue_url(region, account, name),
            arn=arn,
            attributes=values,
            tags=checked_tags,
            now=now,
        )
        state.queues[name] = queue
        self._by_arn[arn] = queue
        return queue

    def get_queue_url(self, account: str, region: str, name: str) -> Queue:
        state = self._regions.get((account, region))
        queue = state.queues.get(name) if state is not None else None
        if queue is None:
            raise errors.queue_does_not_exist()
        return queue

    def delete_queue(self, queue: Queue, now: int) -> None:
        state = self._region(queue.account, queue.region)
        if state.queues.get(queue.name) is queue:
            del state.queues[queue.name]
            state.deleted_at[queue.name] = now
            self._resolved.clear()
        self._by_arn.pop(queue.arn, None)
        queue.purge_all()
        self.notify()

    def list_queues(
        self,
        account: str,
        region: str,
        prefix: str | None,
        max_results: int | None,
        next_token: str | None,
    ) -> tuple[list[str], str | None]:
        state = self._regions.get((account, region))
        names = sorted(
            name
            for name in (state.queues if state is not None else ())
            if prefix is None or name.startswith(prefix)
        )
        return self._page(
            [state.queues[n].url for n in names] if state else [],
            names,
            max_results,
            next_token,
        )

    @staticmethod
    def _page(
        urls: list[str], keys: list[str], max_results: int | None, next_token: str | None
    ) -> tuple[list[str], str | None]:
        start = 0
        if next_token is not None:
            after = _decode_token(next_token)
            start = next((i for i, key in enumerate(keys) if key > after), len(keys))
        limit = 1000 if max_results is None else max_results
        page = urls[start : start + limit]
        token = None
        if max_results is not None and start + limit < len(urls):
            token = _encode_token(keys[start + limit - 1])
        return page, token

    def set_attributes(self, queue: Queue, attributes: Mapping[str, object], now: int) -> None:
        values = {
            key: attrs.normalize(key, value, fifo=queue.fifo, creating=False)
            for key, value in attributes.items()
        }
        merged = {**queue.attributes, **values}
        attrs.check_combination(merged, values)
        self._check_redrive(
            values, queue.arn, queue.fifo, queue.region, queue.account, raw=attributes
        )
        queue.apply_attributes(values, now)
        self.notify()

    def _check_redrive(
        self,
        values: Mapping[str, str],
        source_arn: str,
        fifo: bool,
        region: str,
        account: str,
        raw: Mapping[str, object] | None = None,
    ) -> None:
        policy = values.get("RedrivePolicy")
        if not policy:
            return
        target_arn = json.loads(policy)["deadLetterTargetArn"]
        shown = raw.get("RedrivePolicy", policy) if raw is not None else policy  # as sent
        prefix = f"Value {shown} for parameter RedrivePolicy is invalid. Reason: "
        ref = QueueRef.from_arn(target_arn)
        if ref is None:
            raise errors.invalid_parameter_value(f"{prefix}Invalid deadLetterTargetArn.")
        if ref.region != region or ref.account != account:
            raise errors.invalid_parameter_value(
                f"{prefix}Dead-letter target must be in the same region and account as the "
                "source queue."
            )
        target = self._by_arn.get(target_arn)
        if target is None:
            raise errors.invalid_parameter_value(f"{prefix}Dead letter target does not exist.")
        if target.fifo != fifo:
            raise errors.invalid_parameter_value(
                f"{prefix}Dead-letter queue must be same type of queue as the source."
            )
        allow = target.attributes.get("RedriveAllowPolicy")
        if allow:
            rules = json.loads(allow)
            permission = rules["redrivePermission"]
            if permission == "denyAll" or (
                permission == "byQueue" and source_arn not in rules.get("sourceQueueArns", ())
            ):
                raise errors.invalid_parameter_value(
                    f"{prefix}Queue {source_arn} is not allowed to use {target_arn} as its "
                    "dead-letter queue (RedriveAllowPolicy)."
                )

    def dead_letter_sources(self, queue: Queue) -> list[Queue]:
        """Return the queues whose RedrivePolicy targets ``queue``, sorted by name."""
        state = self._regions.get((queue.account, queue.region))
        if state is None:
            return []
        return sorted(
            (q for q in state.queues.values() if q.redrive and q.redrive[0] == queue.arn),
            key=lambda q: q.name,
        )

    def list_dead_letter_sources(
        self, queue: Queue, max_results: int | None, next_token: str | None
    ) -> tuple[list[str], str | None]:
        sources = self.dead_letter_sources(queue)
        return self._page(
            [q.url for q in sources], [q.name for q in sources], max_results, next_token
        )

    # -- tags and permissions -----------------------------------------------------------------

    @staticmethod
    def _check_tags(tags: Mapping[str, object]) -> dict[str, str]:
        checked: dict[str, str] = {}
        for key, value in tags.items():
            if not isinstance(key, str) or not 1 <= len(key) <= 128:
                raise errors.invalid_parameter_value(
                    f"Tag key must be between 1 and 128 characters long: {key!s}"
                )
            if not isinstance(value, str) or len(value) > 256:
                raise errors.invalid_parameter_value(
                    f"Tag value for key {key} must be at most 256 characters long."
                )
            if key.lower().startswith("aws:"):
                raise errors.invalid_parameter_value(
                    f"Tag keys beginning with 'aws:' are reserved for AWS use: {key}"
                )
            if not _TAG_CHARS.fullmatch(key) or not _TAG_CHARS.fullmatch(value):
                raise errors.invalid_parameter_value(
                    f"Tag {key} contains characters that are not allowed. Tags may use letters, "
                    "digits, whitespace and _ . : / = + - @"
                )
            checked[key] = value
        if len(checked) > MAX_TAGS:
            raise errors.invalid_parameter_value(
                f"Too many tags. A queue can have at most {MAX_TAGS} tags."
            )
        return checked

    def tag(self, queue: Queue, tags: Mapping[str, object]) -> None:
        checked = self._check_tags(tags)
        merged = {**queue.tags, **checked}
        if len(merged) > MAX_TAGS:
            raise errors.invalid_parameter_value(
                f"Too many tags. A queue can have at most {MAX_TAGS} tags."
            )
        queue.tags = merged

    def untag(self, queue: Queue, keys: list[str]) -> None:
        for key in keys:
            queue.tags.pop(key, None)

    def add_permission(
        self, queue: Queue, label: str, accounts: list[str], actions: list[str], now: int
    ) -> None:
        if not _LABEL.fullmatch(label):
            raise errors.invalid_value(
                "Label",
                label,
                "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in "
                "length",
            )
        if not accounts:
            raise errors.missing_parameter("AWSAccountIds")
        if not actions:
            raise errors.missing_parameter("Actions")
        for action in actions:
            if action not in _PERMISSION_ACTIONS:
                raise errors.invalid_value(
                    "ActionName.1",
                    action,
                    "Please refer to the appropriate WSDL for a list of valid actions.",
                )
        policy = json.loads(queue.attributes.get("Policy") or "{}")
        statements = policy.get("Statement", [])
        if any(statement.get("Sid") == label for statement in statements):
            raise errors.invalid_value("Label", label, "Already exists.")
        if len(statements) >= 20:
            raise errors.over_limit(
                "20 Statements per queue policy limit exceeded. Please reduce the number of "
                "statements."
            )
        if len(set(actions)) > 7:
            raise errors.over_limit(
                "7 Actions per statement limit exceeded. Please reduce the number of actions."
            )
        principals = [f"arn:{partition_of(queue.region)}:iam::{a}:root" for a in accounts]
        action_names = [f"SQS:{a}" for a in actions]
        statements.append(
            {
                "Sid": label,
                "Effect": "Allow",
                "Principal": {"AWS": principals[0] if len(principals) == 1 else principals},
                "Action": action_names[0] if len(action_names) == 1 else action_names,
                "Resource": queue.arn,
            }
        )
        policy = {
            "Version": policy.get("Version", "2008-10-17"),
            "Id": policy.get("Id", f"{queue.arn}/SQSDefaultPolicy"),
            "Statement": statements,
        }
        queue.apply_attributes({"Policy": json.dumps(policy, separators=(",", ":"))}, now)

    def remove_permission(self, queue: Queue, label: str, now: int) -> None:
        policy = json.loads(queue.attributes.get("Policy") or "{}")
        statements = policy.get("Statement", [])
        remaining = [s for s in statements if s.get("Sid") != label]
        if len(remaining) == len(statements):
            raise errors.invalid_value("Label", label, "can't find label.")
        if remaining:
            policy["Statement"] = remaining
            value = json.dumps(policy, separators=(",", ":"))
        else:
            value = ""
        queue.apply_attributes({"Policy": value}, now)

    # -- message move tasks -------------------------------------------------------------------

    def settle_tasks(self, now: int) -> None:
        """Advance every running move task to ``now`` (lazily, as every operation starts)."""
        if not self.running_tasks:
            return
        for task in list(self._tasks.values()):
            if task.status == "RUNNING":
                self._advance(task, now)
                source = self._by_arn.get(task.source_arn)
                if source is not None and task.status == "RUNNING":
                    # Keep the source's next event current for next_task_event(): a stale one
                    # (already past) would make long polls step forward a millisecond at a time.
                    source.settle(now)

    def next_task_event(self) -> int | None:
        """Return when a running move task may next move a message, if any task runs."""
        if not self.running_tasks:
            return None
        times: list[int] = []
        for task in self._tasks.values():
            if task.status != "RUNNING":
                continue
            if task.rate is not None:
                times.append(task.started_at - (-(task.moved + 1) * 1000 // task.rate))
            source = self._by_arn.get(task.source_arn)
            blocked_until = source.next_event_at() if source is not None else None
            if blocked_until is not None:  # e.g. FIFO groups held by in-flight messages
                times.append(blocked_until)
        return min(times) if times else None

    def _advance(self, task: MoveTask, now: int) -> None:
        source = self._by_arn.get(task.source_arn)
        if source is None:
            self._finish(task, "FAILED", "AWS.SimpleQueueService.NonExistentQueue")
            return
        if task.rate is None:
            due = task.to_move
        else:
            due = min(task.to_move, (now - task.started_at) * task.rate // 1000)
        while task.moved < due:
            moved_at = now
            if task.rate is not None:
                moved_at = task.started_at - (-(task.moved + 1) * 1000 // task.rate)
            msg = source.peek_for_move(moved_at)
            if msg is None:
                if not source.movable_count():
                    self._finish(task, "COMPLETED")
                # else: FIFO groups blocked by in-flight messages; resume when they free up
                return
            target_arn = task.destination_arn or msg.dead_letter_source_arn
            target = self._by_arn.get(target_arn) if target_arn else None
            if target is None:
                self._finish(task, "FAILED", "AWS.SimpleQueueService.NonExistentQueue")
                return
            source.remove_message(msg)
            target.redrive_in(msg, moved_at)
            task.moved += 1
        if task.moved >= task.to_move:
            self._finish(task, "COMPLETED")
        self.notify()

    def _finish(self, task: MoveTask, status: str, reason: str | None = None) -> None:
        task.status = status
        task.failure_reason = reason
        self.running_tasks -= 1

    def start_move_task(
        self, source_arn: str, destination_arn: str | None, rate: int | None, now: int
    ) -> MoveTask:
        source = self._by_arn.get(source_arn)
        if source is None:
            raise errors.resource_not_found(
                "The resource that you specified for the SourceArn parameter doesn't exist."
            )
        if not self.dead_letter_sources(source):
            raise errors.invalid_parameter_value(
                "Source queue must be configured as a Dead Letter Queue."
            )
        if destination_arn is not None:
            destination = self._by_arn.get(destination_arn)
            if destination is None:
                raise errors.resource_not_found(
                    "The resource that you specified for the DestinationArn parameter doesn't "
                    "exist."
                )
            if destination.fifo != source.fifo:
                raise errors.invalid_parameter_value(
                    "The source queue and destination queue must be of the same queue type."
                )
        if rate is not None and not 1 <= rate <= 500:
            raise errors.invalid_value(
                "MaxNumberOfMessagesPerSecond",
                rate,
                "Must be between 1 and 500, if provided.",
            )
        self.settle_tasks(now)
        for task in self._tasks_by_source.get(source_arn, ()):
            if task.status == "RUNNING":
                raise errors.invalid_parameter_value(
                    "There is already a task running. Only one active task is allowed for a "
                    "source queue arn at a given time."
                )
        source.settle(now)
        task_id = str(uuid.uuid4())
        handle = base64.b64encode(
            json.dumps({"taskId": task_id, "sourceArn": source_arn}).encode()
        ).decode("ascii")
        task = MoveTask(
            handle=handle,
            source_arn=source_arn,
            destination_arn=destination_arn,
            rate=rate,
            started_at=now,
            to_move=source.movable_count(),
        )
        self._tasks[handle] = task
        self._tasks_by_source.setdefault(source_arn, []).append(task)
        self.running_tasks += 1
        self._advance(task, now)
        return task

    def list_move_tasks(self, source_arn: str, max_results: int, now: int) -> list[MoveTask]:
        if source_arn not in self._by_arn:
            raise errors.resource_not_found(
                "The resource that you specified for the SourceArn parameter doesn't exist."
            )
        self.settle_tasks(now)
        tasks = self._tasks_by_source.get(source_arn, [])
        return list(reversed(tasks))[:max_results]

    def cancel_move_task(self, handle: str, now: int) -> MoveTask:
        self.settle_tasks(now)
        task = self._tasks.get(handle)
        if task is None:
            raise errors.resource_not_found(
                "The resource that you specified for the TaskHandle parameter doesn't exist."
            )
        if task.status != "RUNNING":
            raise errors.resource_not_found("Only tasks with status RUNNING can be cancelled.")
        self._finish(task, "CANCELLED")
        return task


def _encode_token(key: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": key}).encode()).decode("ascii")


def _decode_token(token: str) -> str:
    try:
        value = json.loads(base64.urlsafe_b64decode(token.encode("ascii")))["after"]
    except (ValueError, KeyError, TypeError, UnicodeEncodeError):
        raise errors.invalid_parameter_value("Invalid NextToken value.") from None
    if not isinstance(value, str):
        raise errors.invalid_parameter_value("Invalid NextToken value.")
    return value
