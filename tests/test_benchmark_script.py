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
