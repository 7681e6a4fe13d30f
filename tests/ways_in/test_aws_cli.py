"""The real AWS CLI (awscli v1) against ``SqsMock.serve()``.

The CLI is found through ``SQSMOCK_AWS_CLI`` (the path of an ``aws`` executable; CI installs
awscli in a virtual environment of its own, since it pins its own botocore), else on ``PATH``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from typing import Any

import pytest

from pytest_sqsmock import SqsMock

from .helpers import ACCOUNT, NO_QUEUE_CODE, NO_QUEUE_JSON, offline_aws_env


def find_aws_cli() -> str | None:
    configured = os.environ.get("SQSMOCK_AWS_CLI")
    if configured:
        return configured
    return shutil.which("aws")


@pytest.fixture(scope="module")
def aws_cli() -> str:
    """Return the path of the ``aws`` executable, or skip."""
    path = find_aws_cli()
    if path is None:
        pytest.skip(
            "the AWS CLI is not installed: set SQSMOCK_AWS_CLI to an `aws` executable "
            "(python3 -m venv /tmp/awscli && /tmp/awscli/bin/pip install awscli) or put `aws` "
            "on PATH"
        )
    if not os.access(path, os.X_OK):
        pytest.fail(f"SQSMOCK_AWS_CLI={path} is not an executable file", pytrace=False)
    return path


class Cli:
    """Run ``aws sqs ...`` against one endpoint, never reaching real AWS or real credentials."""

    def __init__(self, executable: str, endpoint: str, region: str = "us-east-1") -> None:
        self.executable = executable
        self.endpoint = endpoint
        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.environ.get("HOME", "/nonexistent"),
            **offline_aws_env(region),
        }

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.executable, "--endpoint-url", self.endpoint, "--output", "json", "sqs", *args],
            capture_output=True,
            text=True,
            timeout=120,
            env=self.env,
        )

    def __call__(self, *args: str) -> Any:
        done = self.run(*args)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else None


def test_aws_cli_create_send_receive(aws_cli: str, sqs_server: str, sqs_mock: SqsMock) -> None:
    aws = Cli(aws_cli, sqs_server)
    created = aws("create-queue", "--queue-name", "orders", "--attributes", "DelaySeconds=0")
    queue = f"{sqs_server}/{ACCOUNT}/orders"
    assert created == {"QueueUrl": queue}

    sent = aws(
        "send-message",
        "--queue-url",
        queue,
        "--message-body",
        "hello from the cli",
        "--message-attributes",
        '{"kind": {"DataType": "String", "StringValue": "order"}}',
    )
    assert sent["MD5OfMessageBody"] == hashlib.md5(b"hello from the cli").hexdigest()
    view = sqs_mock.queue("orders")
    view.assert_has_message(body="hello from the cli", attributes={"kind": "order"})

    received = aws("receive-message", "--queue-url", queue, "--message-attribute-names", "All")
    (message,) = received["Messages"]
    assert message["Body"] == "hello from the cli"
    assert message["MessageId"] == sent["MessageId"]
    assert message["MessageAttributes"] == {"kind": {"DataType": "String", "StringValue": "order"}}
    assert len(sqs_mock.queue("orders").in_flight) == 1

    assert (
        aws("delete-message", "--queue-url", queue, "--receipt-handle", message["ReceiptHandle"])
        is None
    )
    sqs_mock.queue("orders").assert_empty()
    assert aws("list-queues") == {"QueueUrls": [queue]}
    assert sqs_mock.calls.operations == [
        "CreateQueue",
        "SendMessage",
        "ReceiveMessage",
        "DeleteMessage",
        "ListQueues",
    ]
    assert {call.region for call in sqs_mock.calls} == {"us-east-1"}


def test_aws_cli_error_exit(aws_cli: str, sqs_server: str, sqs_mock: SqsMock) -> None:
    done = Cli(aws_cli, sqs_server).run("get-queue-url", "--queue-name", "missing")
    assert done.returncode != 0
    assert done.stdout == ""
    assert f"An error occurred ({NO_QUEUE_CODE}) when calling the GetQueueUrl operation" in (
        done.stderr
    )
    assert NO_QUEUE_JSON in done.stderr
    assert sqs_mock.calls.failed.operations == ["GetQueueUrl"]


def test_aws_cli_region(aws_cli: str, sqs_server: str, sqs_mock: SqsMock) -> None:
    aws = Cli(aws_cli, sqs_server, region="ap-southeast-2")
    aws("create-queue", "--queue-name", "sydney")
    assert sqs_mock.calls[-1].region == "ap-southeast-2"
    assert sqs_mock.queue("sydney").arn == f"arn:aws:sqs:ap-southeast-2:{ACCOUNT}:sydney"
