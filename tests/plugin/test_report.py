"""The failure report: "SQS calls" and "SQS queues" sections on failing tests that used the mock."""

from __future__ import annotations

import re

import pytest

from .helpers import run

URL = "https://sqs.us-east-1.amazonaws.com/123456789012/"
NO_QUEUE = "AWS.SimpleQueueService.NonExistentQueue: The specified queue does not exist."

REPORT_MODULE = """
    from __future__ import annotations

    import boto3
    import freezegun
    import pytest

    from pytest_sqsmock import mock_sqs

    ATTRIBUTE = {"DataType": "String", "StringValue": "order"}


    @pytest.fixture
    def frozen():
        # started before sqs_mock: the mock starts inside the freeze, so offsets are exact
        with freezegun.freeze_time("2024-01-01T00:00:00Z"):
            yield


    def test_fixture(frozen, sqs_mock) -> None:
        client = boto3.client("sqs")
        url = client.create_queue(QueueName="orders", Attributes={"VisibilityTimeout": "5"})[
            "QueueUrl"
        ]
        client.send_message(
            QueueUrl=url, MessageBody="x" * 300, MessageAttributes={"kind": ATTRIBUTE}
        )
        client.send_message_batch(
            QueueUrl=url,
            Entries=[{"Id": "a", "MessageBody": "ok"}, {"Id": "b", "MessageBody": "bad\\x00"}],
        )
        sqs_mock.clock.advance(1.5)
        client.receive_message(QueueUrl=url, MaxNumberOfMessages=1)
        empty = client.create_queue(QueueName="empty")["QueueUrl"]
        client.receive_message(QueueUrl=empty, MessageAttributeNames=["All"])
        with pytest.raises(client.exceptions.QueueDoesNotExist):
            client.get_queue_url(QueueName="missing")
        with pytest.raises(client.exceptions.ClientError):
            client.send_message(QueueUrl=url, MessageBody="")
        client.list_queues()
        raise AssertionError("the test failed")


    def test_many_calls(frozen, sqs_mock) -> None:
        client = boto3.client("sqs")
        url = client.create_queue(QueueName="busy")["QueueUrl"]
        for i in range(129):
            client.send_message(QueueUrl=url, MessageBody=f"m{i}")
        raise AssertionError("the test failed")


    def test_long_params(frozen, sqs_mock) -> None:
        client = boto3.client("sqs")
        url = client.create_queue(QueueName="q" * 80)["QueueUrl"]
        client.send_message(
            QueueUrl=url, MessageBody="b" * 100, MessageAttributes={"k" * 70: ATTRIBUTE}
        )
        raise AssertionError("the test failed")


    @freezegun.freeze_time("2024-01-01T00:00:00Z")
    @mock_sqs
    def test_decorator() -> None:
        boto3.client("sqs").create_queue(QueueName="decorated")
        raise AssertionError("the test failed")


    def test_context_manager_failing_inside() -> None:
        with freezegun.freeze_time("2024-01-01T00:00:00Z"), mock_sqs():
            boto3.client("sqs").create_queue(QueueName="inside")
            raise AssertionError("the test failed")


    def test_context_manager_failing_after_it_stopped() -> None:
        with freezegun.freeze_time("2024-01-01T00:00:00Z"), mock_sqs() as mock:
            client = boto3.client("sqs")
            url = client.create_queue(QueueName="after")["QueueUrl"]
            client.send_message(QueueUrl=url, MessageBody="kept")
            mock.clock.advance(2)
        raise AssertionError("the test failed")


    def test_nested_mocks_show_each_call_once(frozen, sqs_mock) -> None:
        client = boto3.client("sqs")
        client.create_queue(QueueName="outer")
        with mock_sqs():
            client.create_queue(QueueName="inner")
        raise AssertionError("the test failed")


    def test_assertion_helper(frozen, sqs_mock) -> None:
        client = boto3.client("sqs")
        url = client.create_queue(QueueName="q")["QueueUrl"]
        client.send_message(QueueUrl=url, MessageBody="actual")
        sqs_mock.queue("q").assert_has_message("expected")


    def test_no_calls(sqs_mock) -> None:
        raise AssertionError("the test failed")


    def test_passing(sqs_mock) -> None:
        boto3.client("sqs").create_queue(QueueName="fine")


    def test_failing_without_a_mock() -> None:
        raise AssertionError("the test failed")
"""


def failure_sections(output: str, test: str) -> dict[str, list[str]]:
    """The report sections of ``test``'s failure block, by title, with message ids masked."""
    block = re.search(rf"^_+ {test} _+\n(.*?)(?=^_+ \w+ _+$|^=+ )", output, re.M | re.S)
    assert block is not None, f"no failure block for {test}"
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in block.group(1).splitlines():
        header = re.fullmatch(r"-+ (.+?) -+", line)
        if header:
            current = sections.setdefault(header.group(1), [])
        elif current is not None:
            current.append(re.sub(r"MessageId=[0-9a-f-]{36}", "MessageId=<id>", line))
    return sections


def test_failure_report(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_report=REPORT_MODULE)
    result = run(pytester)
    result.assert_outcomes(passed=1, failed=10)
    output = result.stdout.str()

    # the fixture: every call, in order, with SQS time since the mock started
    assert failure_sections(output, "test_fixture") == {
        "SQS calls": [
            "+0.000s CreateQueue orders Attributes={'VisibilityTimeout': '5'} -> ok "
            f"QueueUrl={URL}orders",
            # values longer than 60 characters are cut
            "+0.000s SendMessage orders MessageBody='" + "x" * 56 + "... "
            "MessageAttributes={'kind': 'order'} -> ok MessageId=<id>",
            "+0.000s SendMessageBatch orders Entries=[2 entries] -> ok "
            "1 ok, 1 failed (InvalidMessageContents)",
            "+1.500s ReceiveMessage orders MaxNumberOfMessages=1 -> ok 1 message",
            f"+1.500s CreateQueue empty -> ok QueueUrl={URL}empty",
            "+1.500s ReceiveMessage empty MessageAttributeNames=['All'] -> ok no messages",
            f"+1.500s GetQueueUrl missing -> ERROR {NO_QUEUE}",
            "+1.500s SendMessage orders MessageBody='' -> ERROR MissingParameter: "
            "The request must contain the parameter MessageBody.",
            "+1.500s ListQueues -> ok",
        ],
        "SQS queues": [
            "empty: 0 visible, 0 in flight, 0 delayed",
            "orders: 1 visible, 1 in flight, 0 delayed",
            "  [0] in flight body='" + "x" * 75 + "...'  attributes={'kind': 'order'}  "
            "receive_count=1",
            "  [1] visible   body='ok'",
        ],
    }

    # many calls: the most recent 100, after a line counting the rest
    many = failure_sections(output, "test_many_calls")
    calls = many["SQS calls"]
    assert len(calls) == 101
    assert calls[0] == "... 30 earlier calls not shown"
    assert calls[1] == "+0.000s SendMessage busy MessageBody='m29' -> ok MessageId=<id>"
    assert calls[-1] == "+0.000s SendMessage busy MessageBody='m128' -> ok MessageId=<id>"
    assert many["SQS queues"] == [
        "busy: 129 visible, 0 in flight, 0 delayed",
        *[f"  [{i}] visible   body='m{i}'" for i in range(10)],
        "  ... and 119 more",
    ]

    # a line longer than 200 characters is cut before its outcome
    (create, send) = failure_sections(output, "test_long_params")["SQS calls"]
    assert create == f"+0.000s CreateQueue {'q' * 80} -> ok QueueUrl={URL}{'q' * 80}"
    cut = f"+0.000s SendMessage {'q' * 80} MessageBody='{'b' * 56}... MessageAttributes={{'kkk..."
    assert len(cut) == 200
    assert send == cut + " -> ok MessageId=<id>"

    # the decorator and the context manager report the same way
    assert failure_sections(output, "test_decorator") == {
        "SQS calls": [f"+0.000s CreateQueue decorated -> ok QueueUrl={URL}decorated"],
        "SQS queues": ["decorated: 0 visible, 0 in flight, 0 delayed"],
    }
    assert failure_sections(output, "test_context_manager_failing_inside") == {
        "SQS calls": [f"+0.000s CreateQueue inside -> ok QueueUrl={URL}inside"],
        "SQS queues": ["inside: 0 visible, 0 in flight, 0 delayed"],
    }
    # queues as they were when the mock stopped
    assert failure_sections(output, "test_context_manager_failing_after_it_stopped") == {
        "SQS calls": [
            f"+0.000s CreateQueue after -> ok QueueUrl={URL}after",
            "+0.000s SendMessage after MessageBody='kept' -> ok MessageId=<id>",
        ],
        "SQS queues": ["after: 1 visible, 0 in flight, 0 delayed", "  [0] visible   body='kept'"],
    }
    assert failure_sections(output, "test_nested_mocks_show_each_call_once") == {
        "SQS calls": [
            f"+0.000s CreateQueue outer -> ok QueueUrl={URL}outer",
            f"+0.000s CreateQueue inner -> ok QueueUrl={URL}inner",
        ],
        "SQS queues": [
            "inner: 0 visible, 0 in flight, 0 delayed",
            "outer: 0 visible, 0 in flight, 0 delayed",
        ],
    }
    # an assertion helper fails like an assert: its message, no frames inside the plugin
    result.stdout.fnmatch_lines(
        [
            "*_ test_assertion_helper _*",
            '*sqs_mock.queue("q").assert_has_message("expected")',
            "E       AssertionError: Expected a message with body 'expected' on queue 'q', "
            "but none of its 1 message matches:",
            "E         ?0? visible   body='actual'",
            "",
            "test_report.py:*: AssertionError",
            "*- SQS calls -*",
        ]
    )
    assert "views.py" not in output
    assert failure_sections(output, "test_no_calls") == {
        "SQS calls": ["no SQS calls"],
        "SQS queues": ["no queues"],
    }
    # no mock, no sections; a passing test shows none either
    assert failure_sections(output, "test_failing_without_a_mock") == {}
    assert output.count("- SQS calls -") == 9
    assert output.count("- SQS queues -") == 9
    assert "fine" not in output


MODES_MODULE = """
    from __future__ import annotations

    import boto3

    from pytest_sqsmock import mock_sqs


    def test_fixture(sqs_mock) -> None:
        client = boto3.client("sqs")
        client.create_queue(QueueName="from-fixture")
        raise AssertionError("the test failed")


    @mock_sqs
    def test_decorator() -> None:
        boto3.client("sqs").create_queue(QueueName="from-decorator")
        raise AssertionError("the test failed")
"""


@pytest.mark.parametrize(
    ("ini", "args", "sections"),
    [
        (None, ["--sqsmock-report=calls"], ["SQS calls"]),
        ("calls", ["--sqsmock-report=off"], []),  # and the command line beats the ini file
        ("off", [], []),
    ],
    ids=["cli-calls", "cli-off", "ini-off"],
)
def test_report_modes(
    pytester: pytest.Pytester, ini: str | None, args: list[str], sections: list[str]
) -> None:
    if ini is not None:
        pytester.makeini(f"[pytest]\nsqsmock_report = {ini}\n")
    pytester.makepyfile(test_modes=MODES_MODULE)
    result = run(pytester, *args)
    result.assert_outcomes(failed=2)
    output = result.stdout.str()
    for test, queue in (("test_fixture", "from-fixture"), ("test_decorator", "from-decorator")):
        shown = failure_sections(output, test)
        assert list(shown) == sections
        if "SQS calls" in sections:
            (line,) = shown["SQS calls"]
            expected = (
                rf"\+\d+\.\d{{3}}s CreateQueue {queue} -> ok QueueUrl={re.escape(URL + queue)}"
            )
            assert re.fullmatch(expected, line), line
