"""Per-call cost of pytest-sqsmock, moto and a bare botocore ``before-call`` hook, in one run.

Run by hand (never from the test suite's timing assertions)::

    python benchmarks/bench.py            # full run (under a minute, mostly moto)
    python benchmarks/bench.py --quick    # smoke run (under 10 s)

Every number is microseconds per call through a real ``boto3.client("sqs")``: the median over
several repeats (and the fastest repeat), each repeat timed with ``time.perf_counter_ns`` after a
warm-up. See benchmarks/README.md for how to read the table and the ratios.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import platform
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import boto3
import botocore
from botocore.awsrequest import AWSResponse

from pytest_sqsmock import SqsMock, mock_sqs

REGION = "us-east-1"
ACCOUNT = "123456789012"
BODY = '{"order_id": 12345, "status": "created", "items": 3}'
BATCH_ENTRIES = [{"Id": f"m{i}", "MessageBody": BODY} for i in range(10)]

Client = Any  # a boto3 SQS client (no stubs needed to run the benchmark)
Timings = dict[str, int]  # label -> nanoseconds spent in the calls of one repeat
QueueSource = Callable[[], str]  # gives a queue URL: a fresh empty queue, or always the deep one
Run = Callable[[Client, QueueSource, int], Timings]

# Sends add messages, so they move to a new queue (untimed) after this many messages: an "empty"
# queue then never holds more than 10 messages. (This matters for moto, whose per-call cost
# grows with every stored message; pytest-sqsmock's does not.)
MESSAGES_PER_QUEUE = 10


# -- what is timed ------------------------------------------------------------------------------


def _timed_chunks(n: int, per_queue: int, queue: QueueSource, call: Callable[[str], Any]) -> int:
    """Make ``n`` calls, ``per_queue`` on each queue ``queue()`` gives; return the ns they took."""
    clock = time.perf_counter_ns
    spent = done = 0
    while done < n:
        url = queue()
        chunk = min(per_queue, n - done)
        start = clock()
        for _ in range(chunk):
            call(url)
        spent += clock() - start
        done += chunk
    return spent


def run_send(client: Client, queue: QueueSource, n: int) -> Timings:
    send = client.send_message

    def call(url: str) -> None:
        send(QueueUrl=url, MessageBody=BODY)

    return {"SendMessage": _timed_chunks(n, MESSAGES_PER_QUEUE, queue, call)}


def run_send_batch(client: Client, queue: QueueSource, n: int) -> Timings:
    send_batch = client.send_message_batch

    def call(url: str) -> None:
        send_batch(QueueUrl=url, Entries=BATCH_ENTRIES)

    per_queue = MESSAGES_PER_QUEUE // len(BATCH_ENTRIES)
    return {"SendMessageBatch(10)": _timed_chunks(n, per_queue, queue, call)}


def run_receive_delete(client: Client, queue: QueueSource, n: int) -> Timings:
    """Send one message (untimed), then time its receive and its delete separately.

    The send keeps the queue's depth constant: at an empty queue there is one message to
    receive; at a deep queue the receive takes the oldest and the depth stays where it was.
    """
    send, receive, delete = client.send_message, client.receive_message, client.delete_message
    clock = time.perf_counter_ns
    url = queue()
    receiving = deleting = 0
    for _ in range(n):
        send(QueueUrl=url, MessageBody=BODY)
        t0 = clock()
        answer = receive(QueueUrl=url, MaxNumberOfMessages=1)
        t1 = clock()
        delete(QueueUrl=url, ReceiptHandle=answer["Messages"][0]["ReceiptHandle"])
        t2 = clock()
        receiving += t1 - t0
        deleting += t2 - t1
    return {
        "ReceiveMessage": receiving,
        "DeleteMessage": deleting,
        "receive+delete": receiving + deleting,
    }


def run_get_attributes(client: Client, queue: QueueSource, n: int) -> Timings:
    get = client.get_queue_attributes
    url = queue()
    start = time.perf_counter_ns()
    for _ in range(n):
        get(QueueUrl=url, AttributeNames=["All"])
    return {"GetQueueAttributes": time.perf_counter_ns() - start}


RUNS: list[Run] = [run_send, run_receive_delete, run_get_attributes, run_send_batch]
LABELS = [
    "SendMessage",
    "ReceiveMessage",
    "DeleteMessage",
    "receive+delete",
    "GetQueueAttributes",
    "SendMessageBatch(10)",
]


# -- how it is timed ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    repeats: int
    budget_s: float  # wall time one repeat aims for
    min_calls: int
    max_calls: int
    warmup_calls: int


FULL = Settings(repeats=7, budget_s=0.05, min_calls=10, max_calls=2000, warmup_calls=20)
QUICK = Settings(repeats=5, budget_s=0.015, min_calls=5, max_calls=300, warmup_calls=10)


@dataclass(frozen=True)
class Stats:
    median_us: float
    min_us: float
    calls: int  # calls per repeat


def measure(run: Run, client: Client, queue: QueueSource, settings: Settings) -> dict[str, Stats]:
    """Warm up, pick a call count filling the time budget, then time ``settings.repeats`` runs."""
    warm = settings.warmup_calls
    spent = run(client, queue, warm)
    per_call_ns = max(spent.values()) / warm
    calls = int(settings.budget_s * 1e9 / max(per_call_ns, 1.0))
    calls = max(settings.min_calls, min(settings.max_calls, calls))
    samples: dict[str, list[float]] = {}
    for _ in range(settings.repeats):
        gc.collect()
        for label, ns in run(client, queue, calls).items():
            samples.setdefault(label, []).append(ns / calls / 1000)
    return {
        label: Stats(statistics.median(values), min(values), calls)
        for label, values in samples.items()
    }


@dataclass
class Column:
    """One column of the table: an implementation at one queue depth."""

    title: str
    results: dict[str, Stats] = field(default_factory=dict)
    note: str = ""


def bench_column(title: str, client: Client, queue: QueueSource, settings: Settings) -> Column:
    column = Column(title)
    for run in RUNS:
        started = time.perf_counter()
        results = measure(run, client, queue, settings)
        column.results.update(results)
        progress(f"{title}: {', '.join(results)} ({time.perf_counter() - started:.1f} s)")
    return column


def progress(text: str) -> None:
    """Report progress on stderr, so that stdout holds only the report."""
    print(f"  .. {text}", file=sys.stderr, flush=True)


def fresh_queues(client: Client, prefix: str) -> QueueSource:
    """Return a function creating a new empty queue on each call (deleting the previous one).

    Deleting keeps "empty" honest: the process then never holds more than a few messages, as
    in a unit test, instead of every message the earlier rows sent to queues left behind.
    """
    counter = iter(range(1_000_000))
    previous: list[str] = []

    def make() -> str:
        if previous:
            client.delete_queue(QueueUrl=previous.pop())
        url: str = client.create_queue(QueueName=f"{prefix}-{next(counter)}")["QueueUrl"]
        previous.append(url)
        return url

    return make


def fill_by_batches(client: Client, url: str, depth: int) -> None:
    entries = [{"Id": f"f{i}", "MessageBody": BODY} for i in range(10)]
    for _ in range(depth // 10):
        client.send_message_batch(QueueUrl=url, Entries=entries)
    for _ in range(depth % 10):
        client.send_message(QueueUrl=url, MessageBody=BODY)


# -- the three ways of answering ---------------------------------------------------------------


def fill_sqsmock_model(mock: SqsMock, url: str, depth: int) -> bool:
    """Put ``depth`` messages straight into the simulation; False if its model API moved."""
    try:
        from pytest_sqsmock import api
        from pytest_sqsmock.model.message import Message

        backend = mock.backend
        with backend.lock:
            queue = backend.resolve_url(url, REGION)
            sender = api.CallContext(region=REGION, account=mock.account_id).sender_id
            now = mock.clock.now_ms()
            for _ in range(depth):
                queue.send(
                    Message(BODY, {}, {}),  # one object per message, as SendMessage makes
                    now=now,
                    delay_seconds=None,
                    group_id=None,
                    deduplication_id=None,
                    sender_id=sender,
                )
    except (ImportError, AttributeError, TypeError) as error:
        print(f"  (filling through the model failed: {error!r}; using SendMessageBatch)")
        return False
    return True


def bench_sqsmock(settings: Settings, depth: int) -> tuple[Column, Column]:
    with mock_sqs() as mock:
        client = boto3.client("sqs", region_name=REGION)
        empty = bench_column("sqsmock empty", client, fresh_queues(client, "empty"), settings)
        mock.calls.clear()  # the call log is part of the cost; do not let it grow across columns
        deep_url: str = client.create_queue(QueueName="deep")["QueueUrl"]
        progress(f"sqsmock: filling a queue with {depth:,} messages")
        start = time.perf_counter()
        how = "through the model"
        if not fill_sqsmock_model(mock, deep_url, depth):
            fill_by_batches(client, deep_url, depth)
            how = "by SendMessageBatch"
        filled_s = time.perf_counter() - start
        mock.calls.clear()
        deep = bench_column(f"sqsmock {_depth(depth)}", client, lambda: deep_url, settings)
        deep.note = f"filled {depth:,} messages {how} in {filled_s:.2f} s"
        mock.calls.clear()
    return empty, deep


class _CannedBody:
    """A raw HTTP body that is only produced if somebody reads ``http.content``."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


def _canned_answers() -> dict[str, tuple[AWSResponse, dict[str, Any]]]:
    """Return, per operation, what botocore would have parsed from a real SQS answer."""
    md5 = hashlib.md5(BODY.encode()).hexdigest()
    url = f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/canned"
    request_id = str(uuid.uuid4())
    headers = {
        "x-amzn-requestid": request_id,
        "date": "Mon, 01 Jan 2024 00:00:00 GMT",
        "content-type": "application/x-amz-json-1.0",
    }
    metadata_ = {
        "RequestId": request_id,
        "HTTPStatusCode": 200,
        "HTTPHeaders": headers,
        "RetryAttempts": 0,
    }
    message_id = str(uuid.uuid4())
    results: dict[str, dict[str, Any]] = {
        "CreateQueue": {"QueueUrl": url},
        "DeleteQueue": {},
        "SendMessage": {"MD5OfMessageBody": md5, "MessageId": message_id},
        "ReceiveMessage": {
            "Messages": [
                {
                    "MessageId": message_id,
                    "ReceiptHandle": "AQEB" + "x" * 160,
                    "MD5OfBody": md5,
                    "Body": BODY,
                }
            ]
        },
        "DeleteMessage": {},
        "GetQueueAttributes": {
            "Attributes": {
                "QueueArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:canned",
                "ApproximateNumberOfMessages": "0",
                "ApproximateNumberOfMessagesNotVisible": "0",
                "ApproximateNumberOfMessagesDelayed": "0",
                "CreatedTimestamp": "1704067200",
                "LastModifiedTimestamp": "1704067200",
                "VisibilityTimeout": "30",
                "MaximumMessageSize": "262144",
                "MessageRetentionPeriod": "345600",
                "DelaySeconds": "0",
                "ReceiveMessageWaitTimeSeconds": "0",
                "SqsManagedSseEnabled": "true",
            }
        },
        "SendMessageBatch": {
            "Successful": [
                {"Id": e["Id"], "MessageId": str(uuid.uuid4()), "MD5OfMessageBody": md5}
                for e in BATCH_ENTRIES
            ],
            "Failed": [],
        },
    }
    return {
        name: (
            AWSResponse(url, 200, headers, _CannedBody(b"{}")),
            {**result, "ResponseMetadata": metadata_},
        )
        for name, result in results.items()
    }


def bench_bare_hook(settings: Settings) -> Column:
    answers = _canned_answers()

    def answer(model: Any, **_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        return answers[model.name]

    client = boto3.client("sqs", region_name=REGION)
    client.meta.events.register_first("before-call.sqs", answer)
    return bench_column("bare hook", client, fresh_queues(client, "bare"), settings)


def bench_moto(settings: Settings, depth: int) -> list[Column]:
    from moto import mock_aws

    columns: list[Column] = []
    with mock_aws():
        client = boto3.client("sqs", region_name=REGION)
        columns.append(bench_column("moto empty", client, fresh_queues(client, "empty"), settings))
        if depth:
            deep_url: str = client.create_queue(QueueName="deep")["QueueUrl"]
            progress(f"moto: filling a queue with {depth:,} messages")
            start = time.perf_counter()
            fill_by_batches(client, deep_url, depth)
            filled_s = time.perf_counter() - start
            slow = Settings(
                repeats=min(settings.repeats, 5),
                budget_s=settings.budget_s,
                min_calls=3,
                max_calls=settings.max_calls,
                warmup_calls=3,
            )
            deep = bench_column(f"moto {_depth(depth)}", client, lambda: deep_url, slow)
            deep.note = f"filled {depth:,} messages by SendMessageBatch in {filled_s:.2f} s"
            columns.append(deep)
    return columns


def profile_sqsmock(rounds: int) -> None:
    """Profile SendMessage + ReceiveMessage + DeleteMessage rounds; print pytest_sqsmock's part."""
    import cProfile
    import pstats

    with mock_sqs() as mock:
        client = boto3.client("sqs", region_name=REGION)
        url = client.create_queue(QueueName="profiled")["QueueUrl"]

        def loop(n: int) -> None:
            for _ in range(n):
                client.send_message(QueueUrl=url, MessageBody=BODY)
                answer = client.receive_message(QueueUrl=url, MaxNumberOfMessages=1)
                handle = answer["Messages"][0]["ReceiptHandle"]
                client.delete_message(QueueUrl=url, ReceiptHandle=handle)

        loop(200)
        mock.calls.clear()
        profiler = cProfile.Profile()
        profiler.enable()
        loop(rounds)
        profiler.disable()
    stats = pstats.Stats(profiler)
    print(f"cProfile of {rounds} x (SendMessage, ReceiveMessage, DeleteMessage); profiling")
    print("inflates every time several-fold, so read the shares, not the microseconds.")
    entries: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    hook = sum(
        entry[3]
        for (path, _, name), entry in entries.items()
        if name == "_before_call" and "pytest_sqsmock" in path
    )
    total: float = stats.total_tt  # type: ignore[attr-defined]
    print(f"pytest-sqsmock's before-call hook: {hook / total:.0%} of the profiled time")
    stats.sort_stats("tottime").print_stats(r"pytest_sqsmock", 25)
    stats.sort_stats("cumulative").print_stats(r"pytest_sqsmock", 15)


# -- report -------------------------------------------------------------------------------------


def _depth(depth: int) -> str:
    return f"{depth // 1000}k-deep" if depth >= 1000 and depth % 1000 == 0 else f"{depth}-deep"


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def print_versions(moto_available: bool) -> None:
    print(f"Python {platform.python_version()} ({platform.python_implementation()})")
    print(f"botocore {botocore.__version__}, boto3 {boto3.__version__}")
    print(f"moto {_version('moto') if moto_available else 'not installed'}")
    print(f"pytest-sqsmock {_version('pytest-sqsmock')}")
    print(f"{platform.platform()}, {os.cpu_count()} CPUs")


def print_table(columns: list[Column]) -> None:
    print()
    print("microseconds per call: median over repeats (fastest repeat in brackets)")
    width = max(len(label) for label in LABELS)
    cells = [[_cell(column.results.get(label)) for column in columns] for label in LABELS]
    col_widths = [
        max(len(column.title), *(len(row[i]) for row in cells)) for i, column in enumerate(columns)
    ]
    header = " | ".join(c.title.rjust(w) for c, w in zip(columns, col_widths, strict=True))
    print(f"{'operation'.ljust(width)} | {header}")
    print(f"{'-' * width}-+-{'-+-'.join('-' * w for w in col_widths)}")
    for label, row in zip(LABELS, cells, strict=True):
        line = " | ".join(cell.rjust(w) for cell, w in zip(row, col_widths, strict=True))
        print(f"{label.ljust(width)} | {line}")
    for column in columns:
        calls = sorted({s.calls for s in column.results.values()})
        note = f"; {column.note}" if column.note else ""
        print(f"  {column.title}: {'/'.join(map(str, calls))} calls per repeat{note}")


def _cell(stats: Stats | None) -> str:
    if stats is None:
        return "-"
    return f"{stats.median_us:,.1f} ({stats.min_us:,.1f})"


def print_ratios(
    bare: Column, empty: Column, deep: Column, moto: Column | None
) -> list[tuple[str, str, float, bool]]:
    """Print the ratios the project targets; return (ratio, operation, value, met) for each."""
    checks: list[tuple[str, str, Callable[[float], bool], Column, Column]] = [
        ("sqsmock / bare hook", "<= 1.5x", lambda r: r <= 1.5, empty, bare),
        (f"sqsmock {deep.title.split()[-1]} / empty", "<= 1.3x", lambda r: r <= 1.3, deep, empty),
    ]
    if moto is not None:
        checks.insert(1, ("moto / sqsmock (empty)", ">= 10x", lambda r: r >= 10, moto, empty))
    print()
    print("ratios of medians (target in brackets)")
    outcome: list[tuple[str, str, float, bool]] = []
    width = max(len(label) for label in LABELS)
    for name, target, met, top, bottom in checks:
        print(f"{name} [{target}]")
        for label in LABELS:
            if label not in top.results or label not in bottom.results:
                continue
            ratio = top.results[label].median_us / bottom.results[label].median_us
            ok = met(ratio)
            outcome.append((name, label, ratio, ok))
            print(f"  {label.ljust(width)}  {ratio:6.2f}x  {'ok' if ok else 'MISSED'}")
    missed = [o for o in outcome if not o[3]]
    print()
    print(f"{len(outcome) - len(missed)} of {len(outcome)} ratios within target")
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fast smoke run (a few seconds)")
    parser.add_argument("--depth", type=int, help="messages in the deep sqsmock queue")
    parser.add_argument("--moto-depth", type=int, help="messages in the deep moto queue (0: skip)")
    parser.add_argument("--no-moto", action="store_true", help="leave moto out")
    parser.add_argument("--repeats", type=int, help="timed repeats per operation")
    parser.add_argument(
        "--profile",
        type=int,
        metavar="N",
        help="instead: cProfile N rounds of send, receive, delete and list pytest-sqsmock's share",
    )
    args = parser.parse_args(argv)
    # Creating a client must never wait for the EC2 metadata service when there are no
    # credentials (pytest-sqsmock needs none; moto sets its own fake ones).
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")

    settings = QUICK if args.quick else FULL
    if args.repeats:
        settings = Settings(
            args.repeats,
            settings.budget_s,
            settings.min_calls,
            settings.max_calls,
            settings.warmup_calls,
        )
    depth = args.depth if args.depth is not None else 100_000
    moto_depth = args.moto_depth if args.moto_depth is not None else (0 if args.quick else 1_000)

    if args.profile:
        profile_sqsmock(args.profile)
        return 0
    moto_available = False
    if not args.no_moto:
        try:
            from moto import mock_aws  # noqa: F401

            moto_available = True
        except ImportError:
            pass
    print_versions(moto_available)
    if not moto_available:
        print("moto not installed" if not args.no_moto else "moto left out (--no-moto)")

    started = time.perf_counter()
    bare = bench_bare_hook(settings)
    empty, deep = bench_sqsmock(settings, depth)
    columns = [bare, empty, deep]
    moto_columns: list[Column] = []
    if moto_available:
        moto_columns = bench_moto(settings, moto_depth)
        columns.extend(moto_columns)
        if not moto_depth:
            print("moto: empty queue only (deep moto run skipped; --moto-depth N to add it)")
        elif moto_depth < 10_000:
            print(
                f"moto: deep queue of {moto_depth:,}, not 10,000 messages: moto walks every "
                "stored message on each call, so filling 10,000 through the API takes about ten "
                "minutes (--moto-depth 10000 to wait for it)"
            )
    print_table(columns)
    print_ratios(bare, empty, deep, moto_columns[0] if moto_columns else None)
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
