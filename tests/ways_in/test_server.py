"""The local endpoint: ``SqsMock.serve()``, a threading HTTP server on 127.0.0.1 over the mock."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
import threading
import urllib.parse
from typing import Any

import boto3
import freezegun
import freezegun.api
import pytest

from pytest_sqsmock import SqsMock, mock_sqs

from .helpers import (
    ACCOUNT,
    JSON_CONTENT_TYPE,
    NO_QUEUE_CODE,
    NO_QUEUE_JSON,
    NO_QUEUE_QUERY,
    get_query,
    offline_aws_env,
    port_of,
    port_refuses,
    post_json,
    post_query,
    post_raw,
    xml_map,
    xml_text,
    xml_texts,
)


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


# -- the endpoint -------------------------------------------------------------------------------


def test_serve_returns_a_local_http_url(sqs_mock: SqsMock) -> None:
    url = sqs_mock.serve()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
    assert 0 < port_of(url) < 65536
    assert not port_refuses(port_of(url))


def test_serve_again_returns_the_same_url(sqs_mock: SqsMock) -> None:
    url = sqs_mock.serve()
    assert sqs_mock.serve() == url
    assert sqs_mock.serve(port=port_of(url)) == url
    with mock_sqs() as inner:  # a nested mock shares the state, and so the server
        assert inner.serve() == url


def test_serve_on_another_port_while_serving_is_an_error(sqs_mock: SqsMock) -> None:
    url = sqs_mock.serve()
    other = port_of(url) + 1 if port_of(url) < 65535 else port_of(url) - 1
    with pytest.raises(RuntimeError) as caught:
        sqs_mock.serve(port=other)
    assert str(caught.value) == (f"This mock already serves on {url}; stop it to use port {other}.")


def test_serve_needs_a_started_mock() -> None:
    mock = SqsMock()
    with pytest.raises(RuntimeError, match="This SqsMock is not started"):
        mock.serve()


def test_server_stops_with_the_mock() -> None:
    with mock_sqs() as sqs_mock:
        url = sqs_mock.serve()
        assert post_json(url, "ListQueues", {}).status == 200
    assert port_refuses(port_of(url))


def test_server_stops_with_the_outermost_mock_only() -> None:
    with mock_sqs() as outer:
        with mock_sqs() as inner:
            url = inner.serve()
        assert post_json(url, "CreateQueue", {"QueueName": "still"}).status == 200
        assert outer.queue("still").name == "still"
    assert port_refuses(port_of(url))


def test_sqs_server_fixture(sqs_server: str, sqs_mock: SqsMock) -> None:
    assert sqs_server == sqs_mock.serve()
    created = post_json(sqs_server, "CreateQueue", {"QueueName": "orders"})
    assert created.json() == {"QueueUrl": f"{sqs_server}/{ACCOUNT}/orders"}
    assert sqs_mock.calls.operations == ["CreateQueue"]


# -- both protocols over plain HTTP -------------------------------------------------------------


def test_json_protocol_over_http(sqs_server: str, sqs_mock: SqsMock) -> None:
    created = post_json(sqs_server, "CreateQueue", {"QueueName": "orders"})
    assert created.status == 200
    assert created.headers["content-type"] == JSON_CONTENT_TYPE
    assert created.headers["x-amzn-requestid"]
    queue = created.json()["QueueUrl"]
    assert queue == f"{sqs_server}/{ACCOUNT}/orders"

    sent = post_json(sqs_server, "SendMessage", {"QueueUrl": queue, "MessageBody": "hello"})
    assert sent.json()["MD5OfMessageBody"] == md5("hello")
    (message,) = post_json(sqs_server, "ReceiveMessage", {"QueueUrl": queue}).json()["Messages"]
    assert message["Body"] == "hello"
    assert message["MessageId"] == sent.json()["MessageId"]
    deleted = post_json(
        sqs_server, "DeleteMessage", {"QueueUrl": queue, "ReceiptHandle": message["ReceiptHandle"]}
    )
    assert (deleted.status, deleted.json()) == (200, {})
    attributes = post_json(
        sqs_server,
        "GetQueueAttributes",
        {"QueueUrl": queue, "AttributeNames": ["ApproximateNumberOfMessages", "QueueArn"]},
    ).json()["Attributes"]
    assert attributes == {
        "ApproximateNumberOfMessages": "0",
        "QueueArn": f"arn:aws:sqs:us-east-1:{ACCOUNT}:orders",
    }
    sqs_mock.queue("orders").assert_empty()


def test_query_protocol_over_http(sqs_server: str, sqs_mock: SqsMock) -> None:
    created = post_query(sqs_server + "/", {"Action": "CreateQueue", "QueueName": "orders"})
    assert created.status == 200
    assert created.headers["content-type"] == "text/xml"
    queue = xml_text(created.xml(), "CreateQueueResult/QueueUrl")
    assert queue == f"{sqs_server}/{ACCOUNT}/orders"

    sent = post_query(
        sqs_server + "/", {"Action": "SendMessage", "QueueUrl": queue, "MessageBody": "hi"}
    )
    assert xml_text(sent.xml(), "SendMessageResult/MD5OfMessageBody") == md5("hi")
    received = get_query(sqs_server + "/", {"Action": "ReceiveMessage", "QueueUrl": queue})
    assert xml_texts(received.xml(), "ReceiveMessageResult/Message/Body") == ["hi"]
    handle = xml_text(received.xml(), "ReceiveMessageResult/Message/ReceiptHandle")
    deleted = post_query(
        sqs_server + "/", {"Action": "DeleteMessage", "QueueUrl": queue, "ReceiptHandle": handle}
    )
    assert deleted.status == 200
    sqs_mock.queue("orders").assert_empty()
    assert sqs_mock.calls.operations == [
        "CreateQueue",
        "SendMessage",
        "ReceiveMessage",
        "DeleteMessage",
    ]


def test_query_requests_to_a_served_queue_url(sqs_server: str, sqs_mock: SqsMock) -> None:
    queue = xml_text(
        post_query(sqs_server, {"Action": "CreateQueue", "QueueName": "orders"}).xml(),
        "CreateQueueResult/QueueUrl",
    )
    assert post_query(queue, {"Action": "SendMessage", "MessageBody": "posted"}).status == 200
    assert get_query(queue, {"Action": "SendMessage", "MessageBody": "got"}).status == 200
    attributes = xml_map(
        get_query(
            queue,
            {"Action": "GetQueueAttributes", "AttributeName.1": "ApproximateNumberOfMessages"},
        ).xml(),
        "GetQueueAttributesResult/Attribute",
    )
    assert attributes == {"ApproximateNumberOfMessages": "2"}
    assert [m.body for m in sqs_mock.queue("orders").messages] == ["posted", "got"]
    # the call log names the queue by the URL the request went to
    assert {call.params.get("QueueUrl") for call in sqs_mock.calls[1:]} == {queue}
    assert len(sqs_mock.calls.filter(queue=queue)) == 4  # CreateQueue named it too


# -- queue URLs point back at the server --------------------------------------------------------


def test_queue_urls_in_every_response_point_at_the_server(
    sqs_server: str, sqs_mock: SqsMock
) -> None:
    dlq = sqs_mock.create_queue("jobs", dead_letter=3).dead_letter_queue
    assert dlq is not None
    local = f"{sqs_server}/{ACCOUNT}"

    assert post_json(sqs_server, "GetQueueUrl", {"QueueName": "jobs"}).json() == {
        "QueueUrl": f"{local}/jobs"
    }
    assert post_json(sqs_server, "ListQueues", {}).json() == {
        "QueueUrls": [f"{local}/jobs", f"{local}/jobs-dlq"]
    }
    sources = post_json(sqs_server, "ListDeadLetterSourceQueues", {"QueueUrl": f"{local}/jobs-dlq"})
    assert sources.json() == {"queueUrls": [f"{local}/jobs"]}

    listed = post_query(sqs_server, {"Action": "ListQueues"}).xml()
    assert xml_texts(listed, "ListQueuesResult/QueueUrl") == [f"{local}/jobs", f"{local}/jobs-dlq"]
    sources_xml = post_query(
        sqs_server, {"Action": "ListDeadLetterSourceQueues", "QueueUrl": f"{local}/jobs-dlq"}
    ).xml()
    assert xml_texts(sources_xml, "ListDeadLetterSourceQueuesResult/QueueUrl") == [f"{local}/jobs"]
    # the in-process view keeps AWS's URL form; the server only rewrites what it sends
    assert sqs_mock.queue("jobs").url == f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/jobs"


# -- one state with the in-process client -------------------------------------------------------


def test_send_in_process_receive_over_http(sqs: Any, queue_url: str, sqs_server: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="from boto3")
    served_queue = f"{sqs_server}/{ACCOUNT}/q"
    (message,) = post_json(sqs_server, "ReceiveMessage", {"QueueUrl": served_queue}).json()[
        "Messages"
    ]
    assert message["Body"] == "from boto3"
    # the receipt handle from HTTP works in-process too
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    assert sqs.receive_message(QueueUrl=queue_url).get("Messages") is None


def test_send_over_http_receive_in_process(sqs: Any, queue_url: str, sqs_server: str) -> None:
    post_query(sqs_server, {"Action": "SendMessage", "QueueUrl": queue_url, "MessageBody": "http"})
    (message,) = sqs.receive_message(QueueUrl=queue_url)["Messages"]
    assert message["Body"] == "http"
    assert message["MD5OfBody"] == md5("http")


# -- errors -------------------------------------------------------------------------------------


def test_json_error_over_http(sqs_server: str, sqs_mock: SqsMock) -> None:
    reply = post_json(sqs_server, "GetQueueUrl", {"QueueName": "missing"})
    assert reply.status == 400
    assert reply.headers["x-amzn-query-error"] == f"{NO_QUEUE_CODE};Sender"
    assert reply.json() == {
        "__type": "com.amazonaws.sqs#QueueDoesNotExist",
        "message": NO_QUEUE_JSON,
    }
    assert sqs_mock.calls.failed.operations == ["GetQueueUrl"]


def test_query_error_over_http(sqs_server: str, sqs_mock: SqsMock) -> None:
    sqs_mock.create_queue("orders")
    reply = get_query(
        f"{sqs_server}/{ACCOUNT}/orders", {"Action": "ReceiveMessage", "MaxNumberOfMessages": "0"}
    )
    assert reply.status == 400
    root = reply.xml()
    assert xml_text(root, "Error/Code") == "InvalidParameterValue"
    assert xml_text(root, "Error/Type") == "Sender"
    assert xml_text(root, "Error/Message") == (
        "Value 0 for parameter MaxNumberOfMessages is invalid. "
        "Reason: Must be between 1 and 10, if provided."
    )
    missing = post_query(sqs_server, {"Action": "GetQueueUrl", "QueueName": "missing"})
    assert (missing.status, xml_text(missing.xml(), "Error/Message")) == (400, NO_QUEUE_QUERY)


def test_malformed_requests_get_an_error_answer(sqs_server: str, sqs_mock: SqsMock) -> None:
    reply = post_raw(
        sqs_server,
        b"{not json",
        {"Content-Type": JSON_CONTENT_TYPE, "X-Amz-Target": "AmazonSQS.ListQueues"},
    )
    assert reply.status == 400
    assert reply.headers["x-amzn-query-error"] == "SerializationException;Sender"
    assert reply.json() == {
        "__type": "com.amazon.coral.service#SerializationException",
        "message": "Unable to parse the request body as JSON.",
    }
    no_action = get_query(sqs_server, {})
    assert no_action.status == 400
    assert xml_text(no_action.xml(), "Error/Code") == "MissingAction"
    assert sqs_mock.calls == []


# -- long polling over HTTP ---------------------------------------------------------------------


def test_long_poll_over_http_wakes_on_an_in_process_send(
    sqs: Any, queue_url: str, sqs_server: str
) -> None:
    served_queue = f"{sqs_server}/{ACCOUNT}/q"
    sender = threading.Timer(
        0.3, sqs.send_message, kwargs={"QueueUrl": queue_url, "MessageBody": "late"}
    )
    start = freezegun.api.real_monotonic()
    sender.start()
    try:
        reply = post_json(
            sqs_server, "ReceiveMessage", {"QueueUrl": served_queue, "WaitTimeSeconds": 10}
        )
    finally:
        sender.join()
    elapsed = freezegun.api.real_monotonic() - start
    assert [m["Body"] for m in reply.json()["Messages"]] == ["late"]
    assert 0.25 <= elapsed < 5  # woken by the send, long before the 10 s wait ends


def test_long_poll_over_http_on_a_frozen_clock_returns_at_once(
    sqs_mock: SqsMock, sqs_server: str
) -> None:
    queue = sqs_mock.create_queue("orders").url
    with freezegun.freeze_time("2024-01-02 03:04:05"):
        before = sqs_mock.clock.now_ms()
        start = freezegun.api.real_monotonic()
        reply = post_json(sqs_server, "ReceiveMessage", {"QueueUrl": queue, "WaitTimeSeconds": 20})
        elapsed = freezegun.api.real_monotonic() - start
        assert sqs_mock.clock.now_ms() == before
    assert reply.json() == {}
    assert elapsed < 5


@pytest.mark.sqs_mock(autojump=True)
def test_long_poll_over_http_with_autojump_moves_the_frozen_clock(
    sqs_mock: SqsMock, sqs_server: str
) -> None:
    queue = sqs_mock.create_queue("orders").url
    with freezegun.freeze_time("2024-01-02 03:04:05"):
        before = sqs_mock.clock.now_ms()
        post_json(
            sqs_server, "SendMessage", {"QueueUrl": queue, "MessageBody": "d", "DelaySeconds": 7}
        )
        reply = post_json(sqs_server, "ReceiveMessage", {"QueueUrl": queue, "WaitTimeSeconds": 20})
        assert sqs_mock.clock.now_ms() == before + 7000
    assert [m["Body"] for m in reply.json()["Messages"]] == ["d"]


# -- a boto3 client in another process ----------------------------------------------------------

SUBPROCESS_CLIENT = textwrap.dedent(
    """
    import json, sys
    import boto3
    from botocore.exceptions import ClientError

    endpoint, region = sys.argv[1], sys.argv[2]
    sqs = boto3.client("sqs", endpoint_url=endpoint, region_name=region,
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    url = sqs.create_queue(QueueName="jobs", Attributes={"VisibilityTimeout": "60"})["QueueUrl"]
    sent = [sqs.send_message(QueueUrl=url, MessageBody=body)["MessageId"] for body in ("a", "b")]
    received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1)["Messages"]
    sqs.delete_message(QueueUrl=url, ReceiptHandle=received[0]["ReceiptHandle"])
    try:
        sqs.get_queue_url(QueueName="missing")
    except sqs.exceptions.QueueDoesNotExist as error:
        failure = [type(error).__name__, error.response["Error"]["Code"],
                   error.response["Error"]["Message"],
                   error.response["ResponseMetadata"]["HTTPStatusCode"]]
    print(json.dumps({"url": url, "sent": sent, "received": received[0]["Body"],
                      "failure": failure}))
    """
)


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1"])
def test_boto3_client_in_a_subprocess(sqs_mock: SqsMock, sqs_server: str, region: str) -> None:
    env = {**os.environ, **offline_aws_env("ap-northeast-1")}
    done = subprocess.run(
        [sys.executable, "-c", SUBPROCESS_CLIENT, sqs_server, region],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["url"] == f"{sqs_server}/{ACCOUNT}/jobs"
    assert out["received"] == "a"
    assert out["failure"] == ["QueueDoesNotExist", NO_QUEUE_CODE, NO_QUEUE_JSON, 400]

    # the in-process view sees what the other process did, in the region its client signed for
    view = sqs_mock.queue(f"arn:aws:sqs:{region}:{ACCOUNT}:jobs")
    assert view.attributes["VisibilityTimeout"] == "60"
    (left,) = view.messages
    assert (left.body, left.message_id) == ("b", out["sent"][1])
    assert {call.region for call in sqs_mock.calls} == {region}
    assert sqs_mock.calls.operations == [
        "CreateQueue",
        "SendMessage",
        "SendMessage",
        "ReceiveMessage",
        "DeleteMessage",
        "GetQueueUrl",
    ]
    assert [c.operation for c in sqs_mock.calls.failed] == ["GetQueueUrl"]
    local = boto3.client("sqs", region_name=region)
    assert local.get_queue_url(QueueName="jobs")["QueueUrl"] == view.url
    assert urllib.parse.urlsplit(view.url).hostname == f"sqs.{region}.amazonaws.com"


def test_requests_without_a_region_use_the_mock_region(sqs_server: str, sqs_mock: SqsMock) -> None:
    post_json(sqs_server, "CreateQueue", {"QueueName": "orders"})
    assert sqs_mock.calls[-1].region == sqs_mock.default_region
    assert sqs_mock.queue("orders").arn.startswith(f"arn:aws:sqs:{sqs_mock.default_region}:")


@pytest.mark.sqs_mock(region="eu-north-1")
def test_server_default_region_is_the_mock_region(sqs_server: str, sqs_mock: SqsMock) -> None:
    post_json(sqs_server, "CreateQueue", {"QueueName": "orders"})
    assert sqs_mock.calls[-1].region == "eu-north-1"
    assert sqs_mock.queue("orders").arn == f"arn:aws:sqs:eu-north-1:{ACCOUNT}:orders"


def test_region_from_the_host_header(sqs_server: str, sqs_mock: SqsMock) -> None:
    # a client that reaches the server under an SQS host name (a proxy, /etc/hosts) keeps its region
    reply = post_raw(
        sqs_server,
        b'{"QueueName": "orders"}',
        {
            "Host": "sqs.eu-west-1.amazonaws.com",
            "Content-Type": JSON_CONTENT_TYPE,
            "X-Amz-Target": "AmazonSQS.CreateQueue",
        },
    )
    assert reply.json() == {"QueueUrl": f"{sqs_server}/{ACCOUNT}/orders"}
    assert sqs_mock.calls[-1].region == "eu-west-1"
    assert sqs_mock.queue("orders").arn == f"arn:aws:sqs:eu-west-1:{ACCOUNT}:orders"


def test_sigv4_region_over_http(sqs_server: str, sqs_mock: SqsMock) -> None:
    authorization = (
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240102/ca-central-1/sqs/aws4_request, "
        "SignedHeaders=host, Signature=" + "0" * 64
    )
    post_raw(
        sqs_server,
        b"Action=CreateQueue&QueueName=orders",
        {"Content-Type": "application/x-www-form-urlencoded", "Authorization": authorization},
    )
    assert sqs_mock.calls[-1].region == "ca-central-1"


def test_a_chunked_request_body_is_read_whole(sqs_server: str, sqs_mock: SqsMock) -> None:
    import http.client

    sqs_mock.create_queue("chunked")
    host, port = urllib.parse.urlsplit(sqs_server).netloc.split(":")
    body = json.dumps({"QueueName": "chunked"}).encode()
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request(
            "POST",
            "/",
            body=iter([body[:7], body[7:]]),
            headers={
                "X-Amz-Target": "AmazonSQS.GetQueueUrl",
                "Content-Type": "application/x-amz-json-1.0",
            },
            encode_chunked=True,
        )
        answer = connection.getresponse()
        assert answer.status == 200
        assert json.loads(answer.read()) == {"QueueUrl": f"{sqs_server}/123456789012/chunked"}
    finally:
        connection.close()
