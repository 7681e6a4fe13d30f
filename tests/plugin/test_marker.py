"""``@pytest.mark.sqs_mock(**options, queues=[...])``: placement, options, declarations, misuse."""

from __future__ import annotations

import re

import pytest

from .helpers import run

PLACEMENT_MODULE = """
    from __future__ import annotations

    import pytest

    pytestmark = pytest.mark.sqs_mock(region="eu-west-1", queues=["module-q"])


    def test_module_marker(sqs_mock) -> None:
        assert sqs_mock.region == "eu-west-1"
        assert [v.name for v in sqs_mock] == ["module-q"]
        assert sqs_mock.queue("module-q").url == (
            "https://sqs.eu-west-1.amazonaws.com/123456789012/module-q"
        )


    @pytest.mark.sqs_mock(account_id="111122223333", queues=["class-q"])
    class TestClassMarker:
        def test_class_marker_wins(self, sqs_mock) -> None:
            # the closest marker wins whole: the module's region does not carry over
            assert [v.name for v in sqs_mock] == ["class-q"]
            assert sqs_mock.region is None
            assert sqs_mock.queue("class-q").arn == "arn:aws:sqs:us-east-1:111122223333:class-q"

        @pytest.mark.sqs_mock(queues=["function-q"])
        def test_function_marker_wins(self, sqs_mock) -> None:
            assert [v.name for v in sqs_mock] == ["function-q"]
            assert sqs_mock.account_id == "123456789012"
            assert sqs_mock.region is None


    @pytest.mark.sqs_mock()
    def test_empty_marker_means_defaults(sqs_mock) -> None:
        assert list(sqs_mock) == []
        assert (sqs_mock.region, sqs_mock.account_id, sqs_mock.autojump) == (
            None,
            "123456789012",
            False,
        )
"""

DECLARATIONS_MODULE = """
    from __future__ import annotations

    import json

    import boto3
    import pytest

    from pytest_sqsmock import mock_sqs

    ARN = "arn:aws:sqs:us-east-1:123456789012:"


    def attributes(client, name: str) -> dict:
        url = client.get_queue_url(QueueName=name)["QueueUrl"]
        return client.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]


    def tags(client, name: str) -> dict:
        url = client.get_queue_url(QueueName=name)["QueueUrl"]
        return client.list_queue_tags(QueueUrl=url).get("Tags", {})


    @pytest.mark.sqs_mock(
        queues=[
            "plain",
            "ordered.fifo",
            {
                "QueueName": "configured",
                "Attributes": {"VisibilityTimeout": 5, "DelaySeconds": "2"},
                "tags": {"team": "payments"},
            },
            {"QueueName": "tagged", "Tags": {"env": "test"}},
            {"QueueName": "dedup.fifo", "Attributes": {"ContentBasedDeduplication": True}},
        ]
    )
    def test_names_and_dicts(sqs_mock) -> None:
        client = boto3.client("sqs")
        assert [v.name for v in sqs_mock] == [
            "configured", "dedup.fifo", "ordered.fifo", "plain", "tagged"
        ]
        assert "FifoQueue" not in attributes(client, "plain")
        assert attributes(client, "ordered.fifo")["FifoQueue"] == "true"
        assert attributes(client, "ordered.fifo")["ContentBasedDeduplication"] == "false"
        configured = attributes(client, "configured")
        assert (configured["VisibilityTimeout"], configured["DelaySeconds"]) == ("5", "2")
        assert tags(client, "configured") == {"team": "payments"}
        assert tags(client, "tagged") == {"env": "test"}
        assert attributes(client, "dedup.fifo")["ContentBasedDeduplication"] == "true"
        # declared queues are set-up, not calls the test made
        assert "CreateQueue" not in sqs_mock.calls.operations


    @pytest.mark.sqs_mock(queues=[{"QueueName": "jobs", "dead_letter": 3}])
    def test_dead_letter_shorthand(sqs_mock) -> None:
        client = boto3.client("sqs")
        assert [v.name for v in sqs_mock] == ["jobs", "jobs-dlq"]
        policy = json.loads(attributes(client, "jobs")["RedrivePolicy"])
        assert policy == {"deadLetterTargetArn": ARN + "jobs-dlq", "maxReceiveCount": 3}
        assert "RedrivePolicy" not in attributes(client, "jobs-dlq")
        assert sqs_mock.queue("jobs").dead_letter_queue.name == "jobs-dlq"


    @pytest.mark.sqs_mock(
        queues=[
            {
                "QueueName": "orders.fifo",
                "Attributes": {"ContentBasedDeduplication": "true"},
                "dead_letter": {"max_receive_count": 1},
            },
            {
                "QueueName": "work",
                "dead_letter": {
                    "max_receive_count": 2,
                    "queue_name": "graveyard",
                    "attributes": {"MessageRetentionPeriod": 1209600},
                    "tags": {"kind": "dlq"},
                },
            },
        ]
    )
    def test_dead_letter_dict(sqs_mock) -> None:
        client = boto3.client("sqs")
        assert [v.name for v in sqs_mock] == ["graveyard", "orders-dlq.fifo", "orders.fifo", "work"]
        assert attributes(client, "orders-dlq.fifo")["FifoQueue"] == "true"
        policy = json.loads(attributes(client, "orders.fifo")["RedrivePolicy"])
        assert policy == {"deadLetterTargetArn": ARN + "orders-dlq.fifo", "maxReceiveCount": 1}
        policy = json.loads(attributes(client, "work")["RedrivePolicy"])
        assert policy == {"deadLetterTargetArn": ARN + "graveyard", "maxReceiveCount": 2}
        assert attributes(client, "graveyard")["MessageRetentionPeriod"] == "1209600"
        assert tags(client, "graveyard") == {"kind": "dlq"}
        # the declared redrive works end to end
        url = sqs_mock.queue("orders.fifo").url
        client.send_message(QueueUrl=url, MessageBody="x", MessageGroupId="g")
        client.receive_message(QueueUrl=url, VisibilityTimeout=0)
        assert "Messages" not in client.receive_message(QueueUrl=url)
        sqs_mock.queue("orders.fifo").assert_dead_lettered(1)


    @pytest.mark.sqs_mock(autojump=True, queues=["poll"])
    def test_autojump_option(sqs_clock, sqs_mock) -> None:
        client = boto3.client("sqs")
        start = sqs_clock.now_ms()
        response = client.receive_message(QueueUrl=sqs_mock.queue("poll").url, WaitTimeSeconds=20)
        assert "Messages" not in response
        assert sqs_clock.now_ms() - start == 20_000


    @pytest.mark.sqs_mock(queues=["poll"])
    def test_without_autojump_a_frozen_long_poll_returns_at_once(sqs_clock, sqs_mock) -> None:
        client = boto3.client("sqs")
        start = sqs_clock.now_ms()
        response = client.receive_message(QueueUrl=sqs_mock.queue("poll").url, WaitTimeSeconds=20)
        assert "Messages" not in response
        assert sqs_clock.now_ms() == start


    def test_same_queues_option_on_mock_sqs() -> None:
        with mock_sqs(queues=["a.fifo", {"QueueName": "b", "dead_letter": 5}]) as mock:
            assert [v.name for v in mock] == ["a.fifo", "b", "b-dlq"]
            assert mock.queue("a.fifo").fifo


    @mock_sqs(region="us-west-2", queues=["decorated"])
    def test_same_queues_option_on_the_decorator() -> None:
        client = boto3.client("sqs")
        assert client.get_queue_url(QueueName="decorated")["QueueUrl"] == (
            "https://sqs.us-west-2.amazonaws.com/123456789012/decorated"
        )
"""


def test_marker_placement_and_declarations(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_placement=PLACEMENT_MODULE, test_declarations=DECLARATIONS_MODULE)
    result = run(pytester, "--strict-markers")
    result.assert_outcomes(passed=11)
    result.stdout.fnmatch_lines(
        [
            f"PASSED test_placement.py::{name}"
            for name in (
                "test_module_marker",
                "TestClassMarker::test_class_marker_wins",
                "TestClassMarker::test_function_marker_wins",
                "test_empty_marker_means_defaults",
            )
        ],
        consecutive=False,
    )


MISUSE_MODULE = """
    from __future__ import annotations

    import pytest


    @pytest.mark.sqs_mock("orders")
    def test_positional(sqs_mock) -> None:
        pass


    @pytest.mark.sqs_mock(regoin="eu-west-1", queue=["a"])
    def test_unknown_option(sqs_mock) -> None:
        pass


    @pytest.mark.sqs_mock(queues=[42])
    def test_queue_not_a_name_or_dict(sqs_mock) -> None:
        pass


    @pytest.mark.sqs_mock(queues=[{"Name": "a"}])
    def test_unknown_declaration_key(sqs_mock) -> None:
        pass


    @pytest.mark.sqs_mock(queues=[{"Attributes": {}}])
    def test_missing_queue_name(sqs_mock) -> None:
        pass


    @pytest.mark.sqs_mock(queues=[{"QueueName": "a", "Attributes": ["VisibilityTimeout"]}])
    def test_attributes_not_a_dict(sqs_mock) -> None:
        pass


    @pytest.mark.sqs_mock(queues=[{"QueueName": "a", "dead_letter": "3"}])
    def test_dead_letter_not_int_or_dict(sqs_mock) -> None:
        pass


    @pytest.mark.sqs_mock(queues=[{"QueueName": "a", "dead_letter": {"max": 3}}])
    def test_dead_letter_unknown_key(sqs_mock) -> None:
        pass


    @pytest.mark.sqs_mock(queues=[{"QueueName": "a", "Attributes": {"VisibilityTimeout": 99999}}])
    def test_invalid_attribute_value(sqs_mock) -> None:
        pass


    @pytest.mark.sqs_mock(queues=[{"QueueName": "a", "Attributes": {"Colour": "blue"}}])
    def test_unknown_attribute(sqs_mock) -> None:
        pass


    @pytest.mark.sqs_mock(queues=["bad name!"])
    def test_invalid_queue_name(sqs_mock) -> None:
        pass


    @pytest.mark.sqs_mock(queues=[{"QueueName": "a", "dead_letter": 0}])
    def test_invalid_max_receive_count(sqs_mock) -> None:
        pass


    @pytest.mark.sqs_mock(queues=["a", "a.fifo", "b"])
    def test_valid_marker_after_bad_ones(sqs_mock) -> None:
        assert [v.name for v in sqs_mock] == ["a", "a.fifo", "b"]
"""

# (test name, the whole error the user sees)
MISUSE_ERRORS = [
    (
        "test_positional",
        "@pytest.mark.sqs_mock takes keyword options only, got positional ('orders',)",
    ),
    (
        "test_unknown_option",
        "@pytest.mark.sqs_mock got unknown option(s) queue, regoin; "
        "known: account_id, autojump, queues, region, wire",
    ),
    (
        "test_queue_not_a_name_or_dict",
        "@pytest.mark.sqs_mock: a queue declaration is a queue name or a dict with QueueName, "
        "got 42",
    ),
    (
        "test_unknown_declaration_key",
        "@pytest.mark.sqs_mock: unknown key(s) Name in queue declaration {'Name': 'a'}; "
        "known: Attributes, QueueName, Tags, dead_letter, tags",
    ),
    (
        "test_missing_queue_name",
        "@pytest.mark.sqs_mock: queue declaration {'Attributes': {}} needs a QueueName string",
    ),
    (
        "test_attributes_not_a_dict",
        "@pytest.mark.sqs_mock: Attributes of queue 'a' must be a dict of str to str, "
        "got ['VisibilityTimeout']",
    ),
    (
        "test_dead_letter_not_int_or_dict",
        "@pytest.mark.sqs_mock: dead_letter of queue 'a' is a maxReceiveCount (int) or a dict "
        "with max_receive_count, got '3'",
    ),
    (
        "test_dead_letter_unknown_key",
        "@pytest.mark.sqs_mock: unknown key(s) max in dead_letter of queue 'a'; "
        "known: attributes, max_receive_count, queue_name, tags",
    ),
    (
        "test_invalid_attribute_value",
        "@pytest.mark.sqs_mock: cannot create queue 'a': InvalidAttributeValue: "
        "Invalid value for the parameter VisibilityTimeout.",
    ),
    (
        "test_unknown_attribute",
        "@pytest.mark.sqs_mock: cannot create queue 'a': InvalidAttributeName: "
        "Unknown Attribute Colour.",
    ),
    (
        "test_invalid_queue_name",
        "@pytest.mark.sqs_mock: cannot create queue 'bad name!': InvalidParameterValue: "
        "Can only include alphanumeric characters, hyphens, or underscores. "
        "1 to 80 in length",
    ),
    (
        "test_invalid_max_receive_count",
        "@pytest.mark.sqs_mock: cannot create queue 'a': InvalidParameterValue: "
        'Value {"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:a-dlq", '
        '"maxReceiveCount": 0} for parameter RedrivePolicy is invalid. Reason: Invalid value '
        "for maxReceiveCount: 0, valid values are from 1 to 1000 both inclusive.",
    ),
]


def test_marker_misuse_is_a_clear_setup_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_misuse=MISUSE_MODULE)
    result = run(pytester)
    result.assert_outcomes(passed=1, errors=len(MISUSE_ERRORS))
    output = result.stdout.str()
    for name, message in MISUSE_ERRORS:
        # the error is exactly the message: the next line starts the next section
        shown = re.search(rf"_ ERROR at setup of {name} _+\n(.*?)\n[_=]", output, re.DOTALL)
        assert shown is not None, name
        assert shown.group(1) == message
    # no traceback into the plugin, and no queue left behind by a failed declaration
    assert "Traceback" not in output
    assert "plugin.py" not in output
    assert "declare.py" not in output
    result.stdout.fnmatch_lines(["PASSED test_misuse.py::test_valid_marker_after_bad_ones"])


WITHOUT_FIXTURE_MODULE = """
    from __future__ import annotations

    import unittest

    import boto3
    import pytest
    from botocore.config import Config

    from pytest_sqsmock import mock_sqs
    from pytest_sqsmock.mock import _active

    NO_RETRIES = Config(retries={"max_attempts": 1}, connect_timeout=1, read_timeout=1)


    @pytest.fixture
    def orders_url() -> str:
        # a fixture of the test's own: the mock is already active while it is set up
        sqs = boto3.client("sqs", region_name="eu-west-1", config=NO_RETRIES)
        return sqs.get_queue_url(QueueName="orders")["QueueUrl"]


    @pytest.mark.sqs_mock(region="eu-west-1", queues=["orders"])
    def test_marker_alone_starts_the_mock(orders_url: str) -> None:
        sqs = boto3.client("sqs", region_name="eu-west-1", config=NO_RETRIES)
        sqs.send_message(QueueUrl=orders_url, MessageBody="placed")
        assert [m["Body"] for m in sqs.receive_message(QueueUrl=orders_url)["Messages"]] == [
            "placed"
        ]


    @pytest.mark.sqs_mock(queues=["audit"])
    class TestMarkedClass:
        def test_method_gets_the_mock(self) -> None:
            (mock,) = _active.stack
            assert [v.name for v in mock] == ["audit"]


    @pytest.mark.sqs_mock(queues=["inner"])
    @mock_sqs
    def test_marker_and_decorator_share_one_state() -> None:
        assert [m.queue("inner").name for m in _active.stack] == ["inner", "inner"]


    @pytest.mark.sqs_mock(queues=["legacy"])
    class TestUnittestCase(unittest.TestCase):
        def test_unittest_method_gets_the_mock(self) -> None:
            (mock,) = _active.stack
            assert [v.name for v in mock] == ["legacy"]


    def test_unmarked_test_has_no_mock() -> None:
        assert _active.stack == []


    @pytest.mark.parametrize(
        "marked", [pytest.param(True, marks=pytest.mark.sqs_mock(queues=["one"])), False]
    )
    def test_only_the_marked_case_gets_the_mock(marked: bool) -> None:
        assert bool(_active.stack) is marked


    @pytest.mark.parametrize("case", [1, 2])
    def test_cases_of_another_test_stay_unmarked(case: int) -> None:
        assert _active.stack == []
"""

ORDER_MODULE = """
    from __future__ import annotations

    import boto3
    import pytest

    from pytest_sqsmock.mock import _active

    SEEN: dict[str, bool] = {}


    @pytest.fixture(autouse=True)
    def region(monkeypatch: pytest.MonkeyPatch) -> None:
        # an autouse fixture of the user's: it runs before the mock starts, as it would for
        # a test asking for sqs_mock by name
        monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
        SEEN["autouse"] = bool(_active.stack)


    @pytest.fixture(scope="module")
    def shared_resource() -> str:
        SEEN["module"] = bool(_active.stack)  # set up outside any mock: it outlives the test
        return "resource"


    @pytest.fixture
    def own() -> str:
        SEEN["own"] = bool(_active.stack)  # the test's own fixture: inside the mock
        return "own"


    @pytest.mark.sqs_mock(queues=["orders"])
    def test_marker_order(shared_resource: str, own: str) -> None:
        sqs = boto3.client("sqs")
        url = sqs.get_queue_url(QueueName="orders")["QueueUrl"]
        assert url == "https://sqs.eu-west-1.amazonaws.com/123456789012/orders"
        assert SEEN == {"autouse": False, "module": False, "own": True}
"""


def test_marker_alone_runs_the_test_inside_the_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_without_fixture=WITHOUT_FIXTURE_MODULE)
    result = run(pytester, "--strict-markers")
    result.assert_outcomes(passed=9)


def test_marker_alone_sets_up_the_mock_where_asking_for_it_first_would(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_order=ORDER_MODULE)
    result = run(pytester, "--strict-markers")
    result.assert_outcomes(passed=1)


def test_markers_lists_the_marker_with_its_help(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--markers")
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        [
            "@pytest.mark.sqs_mock(region=None, account_id=None, autojump=False, queues=[...], "
            "wire=False): run the test inside the sqs_mock fixture (requested or not), with "
            "options as for mock_sqs(...); queues are names (.fifo makes a FIFO queue) or dicts "
            "with QueueName/Attributes/tags/dead_letter, created before the test. The closest "
            "marker wins.",
        ]
    )
