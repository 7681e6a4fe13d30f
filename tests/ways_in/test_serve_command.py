"""``python -m pytest_sqsmock serve``: an in-memory SQS endpoint outside pytest."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import IO, Any

import boto3
import pytest

from pytest_sqsmock import mock_sqs
from pytest_sqsmock.__main__ import main

from .helpers import (
    ACCOUNT,
    NO_QUEUE_CODE,
    free_port,
    offline_aws_env,
    port_refuses,
    post_json,
)

LINE_TIMEOUT = 60


def read_line(stream: IO[str], timeout: float = LINE_TIMEOUT) -> str:
    """Return the next line of ``stream``, failing the test if none comes within ``timeout``."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        pytest.fail(f"no line from the serve command within {timeout} s")


def exit_code(argv: list[str]) -> int:
    """Run ``main(argv)`` and return its exit code, whether returned or raised by argparse."""
    try:
        return main(argv)
    except SystemExit as exit:
        return int(exit.code or 0)


@pytest.fixture
def serve_command() -> Iterator[Any]:
    """Return a starter of ``python -m pytest_sqsmock serve ...``; every process ends after."""
    started: list[subprocess.Popen[str]] = []

    def start(*args: str) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-m", "pytest_sqsmock", "serve", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **offline_aws_env()},
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
        process.communicate(timeout=30)


def test_serve_command_runs_an_endpoint_until_terminated(serve_command: Any) -> None:
    port = free_port()
    server = serve_command("--port", str(port), "--queue", "orders", "--queue", "events.fifo")
    endpoint = f"http://127.0.0.1:{port}"
    assert read_line(server.stdout) == (
        f"pytest-sqsmock: SQS endpoint {endpoint} (region us-east-1)\n"
    )

    # no mock is active in this test, so this client really goes over HTTP to the command
    sqs = boto3.client(
        "sqs",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    assert sqs.list_queues()["QueueUrls"] == [
        f"{endpoint}/{ACCOUNT}/events.fifo",
        f"{endpoint}/{ACCOUNT}/orders",
    ]
    fifo = sqs.get_queue_attributes(
        QueueUrl=f"{endpoint}/{ACCOUNT}/events.fifo", AttributeNames=["FifoQueue"]
    )
    assert fifo["Attributes"] == {"FifoQueue": "true"}

    orders = sqs.get_queue_url(QueueName="orders")["QueueUrl"]
    sqs.send_message(QueueUrl=orders, MessageBody="shipped")
    (message,) = sqs.receive_message(QueueUrl=orders)["Messages"]
    assert message["Body"] == "shipped"
    sqs.delete_message(QueueUrl=orders, ReceiptHandle=message["ReceiptHandle"])
    counts = sqs.get_queue_attributes(QueueUrl=orders, AttributeNames=["All"])["Attributes"]
    assert (
        counts["ApproximateNumberOfMessages"],
        counts["ApproximateNumberOfMessagesNotVisible"],
    ) == (
        "0",
        "0",
    )
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as caught:
        sqs.get_queue_url(QueueName="missing")
    assert caught.value.response["Error"]["Code"] == NO_QUEUE_CODE
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400

    server.terminate()  # SIGTERM: a clean stop, like Ctrl-C
    assert server.wait(timeout=30) == 0
    assert port_refuses(port)


def test_serve_command_options(serve_command: Any) -> None:
    port = free_port()
    server = serve_command(
        "--port", str(port), "--region", "eu-west-1", "--account-id", "111122223333", "--queue", "q"
    )
    endpoint = f"http://127.0.0.1:{port}"
    assert read_line(server.stdout) == (
        f"pytest-sqsmock: SQS endpoint {endpoint} (region eu-west-1)\n"
    )
    # a request that names no region (no signature) is in the command's region
    queues = post_json(endpoint, "ListQueues", {}).json()
    assert queues == {"QueueUrls": [f"{endpoint}/111122223333/q"]}
    arn = post_json(
        endpoint,
        "GetQueueAttributes",
        {"QueueUrl": f"{endpoint}/111122223333/q", "AttributeNames": ["QueueArn"]},
    ).json()
    assert arn == {"Attributes": {"QueueArn": "arn:aws:sqs:eu-west-1:111122223333:q"}}


def test_serve_command_port_in_use(serve_command: Any) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = serve_command("--port", str(port))
        out, err = server.communicate(timeout=60)
    assert server.returncode == 1
    assert out == ""
    assert err.startswith(f"error: cannot listen on 127.0.0.1:{port}: ")
    assert "in use" in err


def test_serve_command_ends_cleanly_on_ctrl_c(serve_command: Any) -> None:
    port = free_port()
    server = serve_command("--port", str(port))
    assert read_line(server.stdout).startswith("pytest-sqsmock: SQS endpoint")
    server.send_signal(signal.SIGINT)
    _, err = server.communicate(timeout=30)
    assert server.returncode == 0
    assert err == ""
    assert port_refuses(port)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "70000"], "argument --port: '70000' is not a port number (0-65535)"),
        (["--port", "-1"], "argument --port: '-1' is not a port number (0-65535)"),
        (
            ["--account-id", "abc"],
            "argument --account-id: 'abc' is not an AWS account id (12 digits)",
        ),
        (
            ["--queue", "bad name!"],
            "cannot create queue 'bad name!': InvalidParameterValue: Can only include "
            "alphanumeric characters, hyphens, or underscores. 1 to 80 in length",
        ),
    ],
    ids=["port too large", "negative port", "account id", "queue name"],
)
def test_serve_command_rejects_bad_options(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert exit_code(["serve", "--port", "0", *args]) == 2
    err = capsys.readouterr().err
    assert f"error: {message}\n" in err
    assert "Traceback" not in err
    with mock_sqs() as after:  # nothing was left running
        assert after.queues() == []


def test_serve_command_needs_a_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest_sqsmock"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "serve" in done.stderr


def test_serve_help_lists_the_options() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest_sqsmock", "serve", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    for option in ("--port", "--region", "--account-id", "--queue", "default 9324"):
        assert option in done.stdout


# -- main() in-process --------------------------------------------------------------------------


def test_main_serves_until_stopped(capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()
    stop = threading.Event()
    result: list[int] = []
    thread = threading.Thread(
        target=lambda: result.append(
            main(["serve", "--port", str(port), "--queue", "orders"], stop=stop)
        )
    )
    thread.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = 200
        while port_refuses(port) and deadline and thread.is_alive():
            stop.wait(0.05)
            deadline -= 1
        assert post_json(endpoint, "GetQueueUrl", {"QueueName": "orders"}).json() == {
            "QueueUrl": f"{endpoint}/{ACCOUNT}/orders"
        }
    finally:
        stop.set()
        thread.join(timeout=30)
    assert result == [0]
    assert port_refuses(port)
    out = capsys.readouterr().out
    assert f"pytest-sqsmock: SQS endpoint {endpoint} (region " in out
    with mock_sqs() as after:  # the command's mock ended: a new one starts empty
        assert after.queues() == []


def test_main_reports_a_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--port", str(port), "--queue", "leaked"])
    assert code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"error: cannot listen on 127.0.0.1:{port}: ")
    with mock_sqs() as after:  # the failed command's mock was stopped
        assert after.queues() == []
