"""ini options sqsmock_region, sqsmock_account_id, sqsmock_autojump; bad values (and report)."""

from __future__ import annotations

import pytest

from .helpers import run

INI = """
    [pytest]
    sqsmock_region = eu-central-1
    sqsmock_account_id = 210987654321
    sqsmock_autojump = true
"""

INI_MODULE = """
    from __future__ import annotations

    import os
    import unittest

    import boto3
    import pytest

    from pytest_sqsmock import mock_sqs

    URL = "https://sqs.eu-central-1.amazonaws.com/210987654321/"
    ARN = "arn:aws:sqs:eu-central-1:210987654321:"


    def test_fixture_takes_the_ini_defaults(sqs_mock, sqs_client) -> None:
        assert (sqs_mock.region, sqs_mock.account_id, sqs_mock.autojump) == (
            "eu-central-1",
            "210987654321",
            True,
        )
        assert os.environ["AWS_DEFAULT_REGION"] == "eu-central-1"
        assert sqs_client.meta.region_name == "eu-central-1"
        url = boto3.client("sqs").create_queue(QueueName="q")["QueueUrl"]
        assert url == URL + "q"
        assert sqs_mock.queue("q").arn == ARN + "q"


    @pytest.mark.sqs_mock(queues=[{"QueueName": "jobs", "dead_letter": 2}])
    def test_declared_queues_use_them(sqs_mock) -> None:
        client = boto3.client("sqs")
        assert client.get_queue_url(QueueName="jobs")["QueueUrl"] == URL + "jobs"
        policy = client.get_queue_attributes(
            QueueUrl=URL + "jobs", AttributeNames=["RedrivePolicy", "QueueArn"]
        )["Attributes"]
        assert policy["QueueArn"] == ARN + "jobs"
        assert ARN + "jobs-dlq" in policy["RedrivePolicy"]


    @mock_sqs
    def test_bare_decorator_uses_them() -> None:
        client = boto3.client("sqs")
        assert client.meta.region_name == "eu-central-1"
        assert client.create_queue(QueueName="d")["QueueUrl"] == URL + "d"


    @mock_sqs()
    def test_called_decorator_uses_them() -> None:
        assert boto3.client("sqs").create_queue(QueueName="d")["QueueUrl"] == URL + "d"


    def test_context_manager_uses_them() -> None:
        with mock_sqs(queues=["c"]) as mock:
            assert mock.queue("c").url == URL + "c"
            assert mock.autojump is True


    @mock_sqs
    class TestUnittestCase(unittest.TestCase):
        def test_case_uses_them(self) -> None:
            client = boto3.client("sqs")
            assert client.create_queue(QueueName="u")["QueueUrl"] == URL + "u"


    @pytest.mark.sqs_mock(region="us-west-1", account_id="111122223333", autojump=False)
    def test_marker_overrides_them(sqs_mock) -> None:
        url = boto3.client("sqs").create_queue(QueueName="m")["QueueUrl"]
        assert url == "https://sqs.us-west-1.amazonaws.com/111122223333/m"
        assert sqs_mock.autojump is False


    def test_options_override_them() -> None:
        with mock_sqs(region="ap-northeast-1", account_id="000000000000", autojump=False) as m:
            assert m.create_queue("o").arn == "arn:aws:sqs:ap-northeast-1:000000000000:o"
            assert m.autojump is False


    def test_autojump_default(sqs_clock, sqs_mock) -> None:
        client = boto3.client("sqs")
        url = client.create_queue(QueueName="poll")["QueueUrl"]
        client.send_message(QueueUrl=url, MessageBody="soon", DelaySeconds=7)
        start = sqs_clock.now_ms()
        (message,) = client.receive_message(QueueUrl=url, WaitTimeSeconds=20)["Messages"]
        assert message["Body"] == "soon"
        assert sqs_clock.now_ms() - start == 7_000
"""


def test_ini_options_set_the_defaults(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI)
    pytester.makepyfile(test_ini=INI_MODULE)
    result = run(pytester)
    result.assert_outcomes(passed=9)


@pytest.mark.parametrize(
    ("ini", "error"),
    [
        (
            "sqsmock_account_id = 12345",
            "ERROR: sqsmock_account_id must be 12 digits, not '12345'",
        ),
        (
            "sqsmock_report = verbose",
            "ERROR: sqsmock_report must be one of all, calls, off, not 'verbose'",
        ),
    ],
    ids=["account-id", "report"],
)
def test_bad_ini_value_is_a_usage_error(pytester: pytest.Pytester, ini: str, error: str) -> None:
    pytester.makeini(f"[pytest]\n{ini}\n")
    pytester.makepyfile(test_never_runs="def test_x():\n    raise AssertionError\n")
    result = run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([error])
    assert "Traceback" not in result.stderr.str()
    assert "test_never_runs" not in result.stdout.str()
