"""The benchmark script keeps working (it is run by hand; this only guards it from bit rot)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "bench.py"


def test_quick_benchmark_prints_every_operation_and_ratio() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--no-moto", "--depth", "2000"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for operation in (
        "SendMessage",
        "ReceiveMessage",
        "DeleteMessage",
        "GetQueueAttributes",
        "SendMessageBatch(10)",
    ):
        assert operation in result.stdout
    assert "sqsmock / bare hook" in result.stdout
    assert "sqsmock 2k-deep / empty" in result.stdout


def test_deep_queue_is_filled_with_distinct_receivable_messages() -> None:
    # The deep column must measure a deep queue: every stored message its own, each received
    # in turn (one shared Message object would leave only one receivable message).
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import bench
    finally:
        sys.path.remove(str(SCRIPT.parent))
    import boto3

    from pytest_sqsmock import mock_sqs

    with mock_sqs() as mock:
        sqs = boto3.client("sqs", region_name=bench.REGION)
        url = sqs.create_queue(QueueName="deep")["QueueUrl"]
        assert bench.fill_sqsmock_model(mock, url, 50)
        received = []
        for _ in range(50):
            (message,) = sqs.receive_message(QueueUrl=url)["Messages"]
            received.append(message["MessageId"])
        assert len(set(received)) == 50
        assert mock.queue("deep").attributes["ApproximateNumberOfMessagesNotVisible"] == "50"
