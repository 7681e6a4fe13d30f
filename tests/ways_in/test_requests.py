"""The requests way in: SQS endpoints answered through ``responses`` while a mock is active."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import boto3
import pytest
import requests
import responses
from botocore import xform_name
from botocore.exceptions import ClientError

from pytest_sqsmock import SqsMock, mock_sqs

from ..api.helpers import reference_md5
from .helpers import (
    ACCOUNT,
    JSON_CONTENT_TYPE,
    NO_QUEUE_CODE,
    NO_QUEUE_JSON,
    NO_QUEUE_QUERY,
    xml_map,
    xml_text,
    xml_texts,
)

ENDPOINT = "https://sqs.us-east-1.amazonaws.com/"
QUEUE_URL = f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/orders"


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def json_call(
    operation: str,
    params: dict[str, Any],
    *,
    url: str = ENDPOINT,
    headers: dict[str, str] | None = None,
) -> requests.Response:
    """Send one awsJson1.0 request through requests."""
    return requests.post(
        url,
        data=json.dumps(params),
        headers={
            "Content-Type": JSON_CONTENT_TYPE,
            "X-Amz-Target": f"AmazonSQS.{operation}",
            **(headers or {}),
        },
        timeout=10,
    )


def query_post(
    params: dict[str, str], *, url: str = ENDPOINT, headers: dict[str, str] | None = None
) -> requests.Response:
    """Send one query-protocol request as a form POST through requests."""
    return requests.post(url, data=params, headers=headers, timeout=10)


def query_get(params: dict[str, str], *, url: str = ENDPOINT) -> requests.Response:
    """Send one query-protocol request as a GET with a query string through requests."""
    return requests.get(url, params=params, timeout=10)


def xml(response: requests.Response) -> ET.Element:
    return ET.fromstring(response.content)


# -- the JSON protocol --------------------------------------------------------------------------


def test_json_protocol_create_send_receive_delete(sqs_mock: SqsMock) -> None:
    created = json_call("CreateQueue", {"QueueName": "orders"})
    assert created.status_code == 200
    assert created.headers["Content-Type"] == JSON_CONTENT_TYPE
    assert created.headers["x-amzn-RequestId"]
    assert created.json() == {"QueueUrl": QUEUE_URL}
    assert json_call("GetQueueUrl", {"QueueName": "orders"}).json() == {"QueueUrl": QUEUE_URL}

    sent = json_call("SendMessage", {"QueueUrl": QUEUE_URL, "MessageBody": "hello"}).json()
    assert sent["MD5OfMessageBody"] == md5("hello")
    assert sent["MessageId"] == sqs_mock.queue("orders").messages[0].message_id

    received = json_call("ReceiveMessage", {"QueueUrl": QUEUE_URL}).json()
    (message,) = received["Messages"]
    assert message["Body"] == "hello"
    assert message["MessageId"] == sent["MessageId"]
    assert message["MD5OfBody"] == md5("hello")
    assert len(sqs_mock.queue("orders").in_flight) == 1

    deleted = json_call(
        "DeleteMessage", {"QueueUrl": QUEUE_URL, "ReceiptHandle": message["ReceiptHandle"]}
    )
    assert deleted.status_code == 200
    assert deleted.json() == {}
    sqs_mock.queue("orders").assert_empty()
    assert sqs_mock.calls.operations == [
        "CreateQueue",
        "GetQueueUrl",
        "SendMessage",
        "ReceiveMessage",
        "DeleteMessage",
    ]


def test_json_protocol_queue_attributes(sqs_mock: SqsMock) -> None:
    json_call("CreateQueue", {"QueueName": "orders", "Attributes": {"DelaySeconds": "3"}})
    changed = json_call(
        "SetQueueAttributes", {"QueueUrl": QUEUE_URL, "Attributes": {"VisibilityTimeout": "45"}}
    )
    assert changed.status_code == 200
    attributes = json_call(
        "GetQueueAttributes",
        {"QueueUrl": QUEUE_URL, "AttributeNames": ["VisibilityTimeout", "DelaySeconds"]},
    ).json()
    assert attributes == {"Attributes": {"VisibilityTimeout": "45", "DelaySeconds": "3"}}


def test_json_protocol_binary_message_attributes(sqs_mock: SqsMock) -> None:
    json_call("CreateQueue", {"QueueName": "orders"})
    raw = b"\x00\x01\xfe"
    sent = json_call(
        "SendMessage",
        {
            "QueueUrl": QUEUE_URL,
            "MessageBody": "with attributes",
            "MessageAttributes": {
                "blob": {"DataType": "Binary", "BinaryValue": base64.b64encode(raw).decode()},
                "kind": {"DataType": "String", "StringValue": "order"},
            },
        },
    ).json()
    expected_md5 = reference_md5(
        {
            "blob": {"DataType": "Binary", "BinaryValue": raw},
            "kind": {"DataType": "String", "StringValue": "order"},
        }
    )
    assert sent["MD5OfMessageAttributes"] == expected_md5
    assert sqs_mock.queue("orders").messages[0].message_attributes["blob"]["BinaryValue"] == raw

    received = json_call(
        "ReceiveMessage", {"QueueUrl": QUEUE_URL, "MessageAttributeNames": ["All"]}
    ).json()
    (message,) = received["Messages"]
    assert message["MessageAttributes"]["blob"] == {
        "DataType": "Binary",
        "BinaryValue": base64.b64encode(raw).decode(),
    }
    assert message["MD5OfMessageAttributes"] == expected_md5


# -- the query protocol -------------------------------------------------------------------------


def test_query_protocol_form_post(sqs_mock: SqsMock) -> None:
    created = query_post({"Action": "CreateQueue", "QueueName": "orders", "Version": "2012-11-05"})
    assert created.status_code == 200
    assert created.headers["Content-Type"] == "text/xml"
    root = xml(created)
    assert root.tag == "{http://queue.amazonaws.com/doc/2012-11-05/}CreateQueueResponse"
    assert xml_text(root, "CreateQueueResult/QueueUrl") == QUEUE_URL
    assert xml_text(root, "ResponseMetadata/RequestId") == created.headers["x-amzn-RequestId"]

    got = xml(query_post({"Action": "GetQueueUrl", "QueueName": "orders"}))
    assert xml_text(got, "GetQueueUrlResult/QueueUrl") == QUEUE_URL

    sent = xml(
        query_post({"Action": "SendMessage", "QueueUrl": QUEUE_URL, "MessageBody": "a & <b>"})
    )
    assert xml_text(sent, "SendMessageResult/MD5OfMessageBody") == md5("a & <b>")
    assert sqs_mock.queue("orders").messages[0].body == "a & <b>"

    received = xml(query_post({"Action": "ReceiveMessage", "QueueUrl": QUEUE_URL}))
    assert xml_texts(received, "ReceiveMessageResult/Message/Body") == ["a & <b>"]
    handle = xml_text(received, "ReceiveMessageResult/Message/ReceiptHandle")

    deleted = query_post(
        {"Action": "DeleteMessage", "QueueUrl": QUEUE_URL, "ReceiptHandle": handle}
    )
    assert deleted.status_code == 200
    assert xml(deleted).tag.endswith("}DeleteMessageResponse")
    sqs_mock.queue("orders").assert_empty()


def test_query_protocol_queue_attributes(sqs_mock: SqsMock) -> None:
    query_post(
        {
            "Action": "CreateQueue",
            "QueueName": "orders",
            "Attribute.1.Name": "DelaySeconds",
            "Attribute.1.Value": "3",
        }
    )
    query_post(
        {
            "Action": "SetQueueAttributes",
            "QueueUrl": QUEUE_URL,
            "Attribute.1.Name": "VisibilityTimeout",
            "Attribute.1.Value": "45",
        }
    )
    got = xml(
        query_post(
            {
                "Action": "GetQueueAttributes",
                "QueueUrl": QUEUE_URL,
                "AttributeName.1": "VisibilityTimeout",
                "AttributeName.2": "DelaySeconds",
            }
        )
    )
    attributes = xml_map(got, "GetQueueAttributesResult/Attribute")
    assert attributes == {"VisibilityTimeout": "45", "DelaySeconds": "3"}
    assert sqs_mock.queue("orders").attributes["VisibilityTimeout"] == "45"


def test_query_protocol_get_with_query_string(sqs_mock: SqsMock) -> None:
    created = query_get({"Action": "CreateQueue", "QueueName": "orders"})
    assert created.request.method == "GET"
    assert xml_text(xml(created), "CreateQueueResult/QueueUrl") == QUEUE_URL

    sent = query_get({"Action": "SendMessage", "QueueUrl": QUEUE_URL, "MessageBody": "by get"})
    assert xml_text(xml(sent), "SendMessageResult/MD5OfMessageBody") == md5("by get")

    received = xml(query_get({"Action": "ReceiveMessage", "QueueUrl": QUEUE_URL}))
    assert xml_texts(received, "ReceiveMessageResult/Message/Body") == ["by get"]
    handle = xml_text(received, "ReceiveMessageResult/Message/ReceiptHandle")
    query_get({"Action": "DeleteMessage", "QueueUrl": QUEUE_URL, "ReceiptHandle": handle})

    attributes = xml_map(
        xml(
            query_get(
                {
                    "Action": "GetQueueAttributes",
                    "QueueUrl": QUEUE_URL,
                    "AttributeName.1": "ApproximateNumberOfMessages",
                    "AttributeName.2": "ApproximateNumberOfMessagesNotVisible",
                }
            )
        ),
        "GetQueueAttributesResult/Attribute",
    )
    assert attributes == {
        "ApproximateNumberOfMessages": "0",
        "ApproximateNumberOfMessagesNotVisible": "0",
    }
    assert sqs_mock.calls.operations == [
        "CreateQueue",
        "SendMessage",
        "ReceiveMessage",
        "DeleteMessage",
        "GetQueueAttributes",
    ]


def test_query_protocol_posted_to_the_queue_url_itself(sqs_mock: SqsMock) -> None:
    sqs_mock.create_queue("orders")
    sent = query_post({"Action": "SendMessage", "MessageBody": "to the url"}, url=QUEUE_URL)
    assert sent.status_code == 200
    assert sqs_mock.queue("orders").messages[0].body == "to the url"

    received = xml(query_post({"Action": "ReceiveMessage"}, url=QUEUE_URL))
    handle = xml_text(received, "ReceiveMessageResult/Message/ReceiptHandle")
    arn = xml_map(
        xml(
            query_post(
                {"Action": "GetQueueAttributes", "AttributeName.1": "QueueArn"}, url=QUEUE_URL
            )
        ),
        "GetQueueAttributesResult/Attribute",
    )
    assert arn == {"QueueArn": f"arn:aws:sqs:us-east-1:{ACCOUNT}:orders"}
    query_get({"Action": "DeleteMessage", "ReceiptHandle": handle}, url=QUEUE_URL)

    sqs_mock.queue("orders").assert_empty()
    assert {call.params["QueueUrl"] for call in sqs_mock.calls} == {QUEUE_URL}
    assert len(sqs_mock.calls.filter(queue="orders", ok=True)) == 4


def test_query_protocol_queue_url_parameter_wins_over_the_path(sqs_mock: SqsMock) -> None:
    sqs_mock.create_queue("orders")
    other = sqs_mock.create_queue("other").url
    query_post({"Action": "SendMessage", "QueueUrl": other, "MessageBody": "x"}, url=QUEUE_URL)
    sqs_mock.queue("orders").assert_empty()
    sqs_mock.queue("other").assert_has_message(body="x")


def test_query_protocol_batch_with_message_attributes(sqs_mock: SqsMock) -> None:
    sqs_mock.create_queue("orders")
    sent = xml(
        query_post(
            {
                "Action": "SendMessageBatch",
                "QueueUrl": QUEUE_URL,
                "SendMessageBatchRequestEntry.1.Id": "one",
                "SendMessageBatchRequestEntry.1.MessageBody": "first",
                "SendMessageBatchRequestEntry.1.MessageAttribute.1.Name": "kind",
                "SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType": "String",
                "SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue": "order",
                "SendMessageBatchRequestEntry.2.Id": "two",
                "SendMessageBatchRequestEntry.2.MessageBody": "second",
            }
        )
    )
    ids = xml_texts(sent, "SendMessageBatchResult/SendMessageBatchResultEntry/Id")
    assert ids == ["one", "two"]
    assert xml_texts(
        sent, "SendMessageBatchResult/SendMessageBatchResultEntry/MD5OfMessageAttributes"
    ) == [reference_md5({"kind": {"DataType": "String", "StringValue": "order"}})]
    assert [m.body for m in sqs_mock.queue("orders").messages] == ["first", "second"]

    received = xml(
        query_post(
            {
                "Action": "ReceiveMessage",
                "QueueUrl": QUEUE_URL,
                "MaxNumberOfMessages": "10",
                "MessageAttributeName.1": "All",
            }
        )
    )
    assert xml_texts(received, "ReceiveMessageResult/Message/Body") == ["first", "second"]
    assert xml_texts(
        received, "ReceiveMessageResult/Message/MessageAttribute/Value/StringValue"
    ) == ["order"]


# -- one state for every way in -----------------------------------------------------------------


def test_requests_and_boto3_share_one_state(sqs: Any, queue_url: str) -> None:
    json_call("SendMessage", {"QueueUrl": queue_url, "MessageBody": "from requests"})
    (message,) = sqs.receive_message(QueueUrl=queue_url)["Messages"]
    assert message["Body"] == "from requests"

    sqs.send_message(QueueUrl=queue_url, MessageBody="from boto3")
    received = xml(query_post({"Action": "ReceiveMessage", "QueueUrl": queue_url}))
    assert xml_texts(received, "ReceiveMessageResult/Message/Body") == ["from boto3"]


def test_requests_calls_are_in_the_call_log(sqs_mock: SqsMock) -> None:
    json_call("CreateQueue", {"QueueName": "orders"})
    query_post({"Action": "SendMessage", "QueueUrl": QUEUE_URL, "MessageBody": "logged"})
    json_call("GetQueueUrl", {"QueueName": "missing"})

    create, send, failed = sqs_mock.calls
    assert create.operation == "CreateQueue"
    assert create.params == {"QueueName": "orders"}
    assert create.response is not None
    assert create.response["QueueUrl"] == QUEUE_URL
    assert create.region == "us-east-1"
    assert send.params == {"QueueUrl": QUEUE_URL, "MessageBody": "logged"}
    assert send.ok
    assert not failed.ok
    assert failed.error_code == NO_QUEUE_CODE
    assert sqs_mock.calls.failed == [failed]
    sqs_mock.assert_sent("orders", body="logged", count=1)


def test_requests_calls_reach_every_nested_mock(sqs_mock: SqsMock) -> None:
    with mock_sqs() as inner:
        json_call("CreateQueue", {"QueueName": "orders"})
    assert inner.calls.operations == ["CreateQueue"]
    assert sqs_mock.calls.operations == ["CreateQueue"]
    assert sqs_mock.queue("orders").url == QUEUE_URL


# -- errors -------------------------------------------------------------------------------------

# (operation, JSON params, query params) that fail; compared with what boto3 gets in-process
ERROR_CASES: dict[str, tuple[str, dict[str, Any], dict[str, str]]] = {
    "missing queue name": (
        "GetQueueUrl",
        {"QueueName": "missing"},
        {"Action": "GetQueueUrl", "QueueName": "missing"},
    ),
    "missing queue url": (
        "SendMessage",
        {"QueueUrl": f"{ENDPOINT}{ACCOUNT}/missing", "MessageBody": "x"},
        {"Action": "SendMessage", "QueueUrl": f"{ENDPOINT}{ACCOUNT}/missing", "MessageBody": "x"},
    ),
    "too many messages": (
        "ReceiveMessage",
        {"QueueUrl": QUEUE_URL, "MaxNumberOfMessages": 11},
        {"Action": "ReceiveMessage", "QueueUrl": QUEUE_URL, "MaxNumberOfMessages": "11"},
    ),
    "bad queue name": (
        "CreateQueue",
        {"QueueName": "no spaces allowed"},
        {"Action": "CreateQueue", "QueueName": "no spaces allowed"},
    ),
    "bad attribute": (
        "SetQueueAttributes",
        {"QueueUrl": QUEUE_URL, "Attributes": {"VisibilityTimeout": "99999"}},
        {
            "Action": "SetQueueAttributes",
            "QueueUrl": QUEUE_URL,
            "Attribute.1.Name": "VisibilityTimeout",
            "Attribute.1.Value": "99999",
        },
    ),
}


def boto3_error(sqs: Any, operation: str, params: dict[str, Any]) -> ClientError:
    method: Callable[..., Any] = getattr(sqs, xform_name(operation))
    with pytest.raises(ClientError) as caught:
        method(**params)
    return caught.value


@pytest.fixture
def orders_client(sqs: Any) -> Any:
    """Return the in-process boto3 client, with the queue ``orders`` created."""
    sqs.create_queue(QueueName="orders")
    return sqs


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
def test_json_errors_match_boto3_in_process(
    orders_client: Any, sqs_mock: SqsMock, case: str
) -> None:
    operation, params, _ = ERROR_CASES[case]
    expected = boto3_error(orders_client, operation, params).response
    code = expected["Error"]["Code"]

    response = json_call(operation, params)

    assert response.status_code == expected["ResponseMetadata"]["HTTPStatusCode"]
    assert response.status_code == 400
    assert response.headers["Content-Type"] == JSON_CONTENT_TYPE
    assert response.headers["x-amzn-query-error"] == f"{code};Sender"
    body = response.json()
    assert body["__type"].endswith("#" + expected["Error"]["QueryErrorCode"])
    assert body["message"] == expected["Error"]["Message"]
    assert sqs_mock.calls[-1].error_code == code


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
@pytest.mark.parametrize("send", [query_post, query_get], ids=["post", "get"])
def test_query_errors_match_boto3_in_process(
    orders_client: Any,
    sqs_mock: SqsMock,
    case: str,
    send: Callable[[dict[str, str]], requests.Response],
) -> None:
    operation, params, query = ERROR_CASES[case]
    expected = boto3_error(orders_client, operation, params).response
    code = expected["Error"]["Code"]

    response = send(query)

    assert response.status_code == expected["ResponseMetadata"]["HTTPStatusCode"]
    assert response.headers["Content-Type"] == "text/xml"
    assert "x-amzn-query-error" not in response.headers
    root = xml(response)
    assert root.tag == "{http://queue.amazonaws.com/doc/2012-11-05/}ErrorResponse"
    assert xml_text(root, "Error/Code") == code
    assert xml_text(root, "Error/Type") == "Sender"
    message = expected["Error"]["Message"]
    if code == NO_QUEUE_CODE:
        assert message == NO_QUEUE_JSON
        message = NO_QUEUE_QUERY
    assert xml_text(root, "Error/Message") == message
    assert xml_text(root, "RequestId") == response.headers["x-amzn-RequestId"]


def test_unknown_json_operation(sqs_mock: SqsMock) -> None:
    response = json_call("PublishMessage", {})
    assert response.status_code == 400
    assert response.headers["x-amzn-query-error"] == "InvalidAction;Sender"
    assert response.json() == {
        "__type": "com.amazon.coral.service#InvalidActionException",
        "message": "The action PublishMessage is not valid for this endpoint.",
    }


@pytest.mark.parametrize("entry_id", [["m1"], {"id": "m1"}, 7, None, "m1!", "m" * 81])
def test_json_batch_entry_ids_that_are_not_valid_strings(sqs_mock: SqsMock, entry_id: Any) -> None:
    # JSON lets a client send any type; none may reach the plugin's internals (a list is
    # unhashable), and each gets the answer a bad Id gets from SQS.
    url = json_call("CreateQueue", {"QueueName": "orders"}).json()["QueueUrl"]
    entries = [{"Id": entry_id, "MessageBody": "hello"}]
    response = json_call("SendMessageBatch", {"QueueUrl": url, "Entries": entries})
    assert response.status_code == 400
    assert (
        response.headers["x-amzn-query-error"]
        == "AWS.SimpleQueueService.InvalidBatchEntryId;Sender"
    )
    assert sqs_mock.queue("orders").messages == []


def test_batch_entry_ids_seen_before_are_still_checked_for_duplicates(sqs_mock: SqsMock) -> None:
    url = json_call("CreateQueue", {"QueueName": "orders"}).json()["QueueUrl"]
    first = [{"Id": "m1", "MessageBody": "a"}, {"Id": "m2", "MessageBody": "b"}]
    assert json_call("SendMessageBatch", {"QueueUrl": url, "Entries": first}).status_code == 200
    twice = [{"Id": "m1", "MessageBody": "a"}, {"Id": "m1", "MessageBody": "b"}]
    response = json_call("SendMessageBatch", {"QueueUrl": url, "Entries": twice})
    assert response.status_code == 400
    assert response.json()["message"] == "Id m1 repeated."
    assert sqs_mock.queue("orders").bodies == ["a", "b"]


@pytest.mark.parametrize(
    ("params", "code", "message"),
    [
        (
            {"Action": "PublishMessage"},
            "InvalidAction",
            "The action PublishMessage is not valid for this endpoint.",
        ),
        (
            {"QueueName": "orders"},
            "MissingAction",
            "The request must contain the parameter Action.",
        ),
    ],
    ids=["unknown action", "no action"],
)
def test_query_request_without_a_valid_action(
    sqs_mock: SqsMock, params: dict[str, str], code: str, message: str
) -> None:
    response = query_post(params)
    assert response.status_code == 400
    root = xml(response)
    assert xml_text(root, "Error/Code") == code
    assert xml_text(root, "Error/Message") == message
    assert sqs_mock.queues() == []


# -- regions ------------------------------------------------------------------------------------


def sigv4(region: str, service: str = "sqs") -> dict[str, str]:
    """Return an Authorization header shaped like a SigV4 one for ``region``."""
    return {
        "Authorization": (
            f"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240102/{region}/{service}/aws4_request, "
            "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64
        ),
        "X-Amz-Date": "20240102T030405Z",
    }


@pytest.mark.parametrize("protocol", ["json", "query"])
def test_sigv4_credential_scope_region_wins_over_the_host(sqs_mock: SqsMock, protocol: str) -> None:
    if protocol == "json":
        url = json_call(
            "CreateQueue", {"QueueName": "orders"}, headers=sigv4("eu-central-1")
        ).json()["QueueUrl"]
    else:
        url = xml_text(
            xml(
                query_post(
                    {"Action": "CreateQueue", "QueueName": "orders"}, headers=sigv4("eu-central-1")
                )
            ),
            "CreateQueueResult/QueueUrl",
        )
    assert url == f"https://sqs.eu-central-1.amazonaws.com/{ACCOUNT}/orders"
    assert sqs_mock.calls[-1].region == "eu-central-1"
    assert sqs_mock.queue(url).arn == f"arn:aws:sqs:eu-central-1:{ACCOUNT}:orders"
    frankfurt = boto3.client("sqs", region_name="eu-central-1")
    assert frankfurt.get_queue_url(QueueName="orders")["QueueUrl"] == url
    virginia = boto3.client("sqs", region_name="us-east-1")
    with pytest.raises(virginia.exceptions.QueueDoesNotExist):
        virginia.get_queue_url(QueueName="orders")


def test_credential_scope_of_another_service_is_ignored(sqs_mock: SqsMock) -> None:
    json_call(
        "CreateQueue",
        {"QueueName": "orders"},
        url="https://sqs.ap-south-1.amazonaws.com/",
        headers=sigv4("eu-central-1", service="s3"),
    )
    assert sqs_mock.calls[-1].region == "ap-south-1"


@pytest.mark.sqs_mock(region="eu-north-1")
@pytest.mark.parametrize("protocol", ["json", "query"])
@pytest.mark.parametrize(
    ("endpoint", "region"),
    [
        ("https://sqs.eu-west-1.amazonaws.com/", "eu-west-1"),
        ("http://sqs.ap-southeast-2.amazonaws.com/", "ap-southeast-2"),
        ("https://sqs.us-west-2.amazonaws.com:443/", "us-west-2"),
        ("https://sqs-fips.us-gov-west-1.amazonaws.com/", "us-gov-west-1"),
        ("https://sqs.cn-north-1.amazonaws.com.cn/", "cn-north-1"),
        ("https://eu-west-3.queue.amazonaws.com/", "eu-west-3"),
        ("http://sa-east-1.queue.amazonaws.com/", "sa-east-1"),
        ("https://queue.amazonaws.com/", "us-east-1"),
    ],
)
def test_region_comes_from_the_host(
    sqs_mock: SqsMock, endpoint: str, region: str, protocol: str
) -> None:
    if protocol == "json":
        response = json_call("CreateQueue", {"QueueName": "orders"}, url=endpoint)
    else:
        response = query_post({"Action": "CreateQueue", "QueueName": "orders"}, url=endpoint)
    assert response.status_code == 200
    (call,) = sqs_mock.calls
    assert call.region == region
    assert call.response is not None
    assert f":{region}:" in sqs_mock.queue(call.response["QueueUrl"]).arn


def test_legacy_queue_urls_address_their_queue(sqs_mock: SqsMock) -> None:
    legacy_endpoint = "https://eu-west-1.queue.amazonaws.com/"
    legacy_queue = f"{legacy_endpoint}{ACCOUNT}/orders"
    query_post({"Action": "CreateQueue", "QueueName": "orders"}, url=legacy_endpoint)
    query_post({"Action": "SendMessage", "MessageBody": "posted to it"}, url=legacy_queue)
    json_call(
        "SendMessage",
        {"QueueUrl": legacy_queue, "MessageBody": "named in the body"},
        url=legacy_endpoint,
    )
    assert [call.region for call in sqs_mock.calls] == ["eu-west-1"] * 3
    view = sqs_mock.queue(f"arn:aws:sqs:eu-west-1:{ACCOUNT}:orders")
    assert [m.body for m in view.messages] == ["posted to it", "named in the body"]


# -- everything else passes through -------------------------------------------------------------


def test_other_urls_reach_the_network(sqs_mock: SqsMock, local_site: str) -> None:
    got = requests.get(f"{local_site}/status?x=1", timeout=10)
    assert got.text == "site: GET /status?x=1 "
    posted = requests.post(
        f"{local_site}/", data={"Action": "SendMessage", "MessageBody": "x"}, timeout=10
    )
    assert posted.text == "site: POST / Action=SendMessage&MessageBody=x"
    assert sqs_mock.calls == []


LOOKALIKES = [
    "https://sqs.us-east-1.amazonaws.com.example.org/",
    "https://s3.us-east-1.amazonaws.com/",
    "https://sns.us-east-1.amazonaws.com/",
    "https://mysqs.us-east-1.amazonaws.com/",
    "https://example.org/sqs.us-east-1.amazonaws.com/",
]


@pytest.mark.parametrize("url", LOOKALIKES)
def test_lookalike_urls_go_to_the_users_responses_mock(url: str) -> None:
    with responses.RequestsMock() as user:
        user.add("POST", url, body="user answer", status=202)
        with mock_sqs() as sqs_mock:
            response = json_call("ListQueues", {}, url=url)
        assert response.status_code == 202
        assert response.text == "user answer"
        assert sqs_mock.calls == []


# -- a user's own responses mock ----------------------------------------------------------------


def test_users_responses_mock_started_before_ours() -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as user:
        user.add("GET", "https://api.example.com/orders", json={"orders": []})
        sqs_answer = user.add("POST", ENDPOINT, body="user's fake sqs", status=418)

        with mock_sqs() as sqs_mock:
            assert requests.get("https://api.example.com/orders", timeout=10).json() == {
                "orders": []
            }
            created = json_call("CreateQueue", {"QueueName": "orders"})
            assert created.json() == {"QueueUrl": QUEUE_URL}
            assert sqs_answer.call_count == 0

        # after our mock stops, SQS URLs are the user's mock's business again
        after = json_call("CreateQueue", {"QueueName": "orders"})
        assert (after.status_code, after.text) == (418, "user's fake sqs")
        assert sqs_answer.call_count == 1
    assert sqs_mock.calls.operations == ["CreateQueue"]


def test_users_requests_mock_started_inside_ours(sqs_mock: SqsMock) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as user:
        user.add("GET", "https://api.example.com/orders", json={"orders": [1]})
        assert requests.get("https://api.example.com/orders", timeout=10).json() == {"orders": [1]}
        assert json_call("CreateQueue", {"QueueName": "orders"}).json() == {"QueueUrl": QUEUE_URL}
        assert query_get({"Action": "ListQueues"}).status_code == 200
    # leaving the user's mock raised nothing about our SQS answers; ours still works
    assert json_call("GetQueueUrl", {"QueueName": "orders"}).json() == {"QueueUrl": QUEUE_URL}
    assert sqs_mock.calls.operations == ["CreateQueue", "ListQueues", "GetQueueUrl"]


def test_responses_activate_inside_ours(sqs_mock: SqsMock) -> None:
    @responses.activate(assert_all_requests_are_fired=True)
    def application() -> tuple[str, int]:
        responses.add("GET", "https://api.example.com/ping", body="pong")
        pong = requests.get("https://api.example.com/ping", timeout=10).text
        status = json_call("CreateQueue", {"QueueName": "orders"}).status_code
        return pong, status

    assert application() == ("pong", 200)
    assert sqs_mock.queue("orders").url == QUEUE_URL


def test_responses_activate_outside_ours() -> None:
    @responses.activate(assert_all_requests_are_fired=True)
    def application() -> list[str]:
        responses.add("GET", "https://api.example.com/ping", body="pong")
        with mock_sqs() as sqs_mock:
            assert requests.get("https://api.example.com/ping", timeout=10).text == "pong"
            json_call("CreateQueue", {"QueueName": "orders"})
            query_post({"Action": "SendMessage", "QueueUrl": QUEUE_URL, "MessageBody": "hi"})
            return [m.body for m in sqs_mock.queue("orders").messages]

    assert application() == ["hi"]


def test_users_mock_still_reports_its_own_unfired_responses(sqs_mock: SqsMock) -> None:
    with pytest.raises(AssertionError) as caught:  # noqa: PT012
        with responses.RequestsMock(assert_all_requests_are_fired=True) as user:
            user.add("GET", "https://api.example.com/used")
            user.add("GET", "https://api.example.com/never-called")
            requests.get("https://api.example.com/used", timeout=10)
            json_call("CreateQueue", {"QueueName": "orders"})
    message = str(caught.value)
    assert "https://api.example.com/never-called" in message
    assert "amazonaws" not in message
    assert sqs_mock.calls.operations == ["CreateQueue"]


def test_sqs_url_registered_in_a_users_inner_mock_is_answered_by_ours(sqs_mock: SqsMock) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as user:
        theirs = user.add("POST", ENDPOINT, body="theirs", status=500)
        response = json_call("CreateQueue", {"QueueName": "orders"})
    assert response.json() == {"QueueUrl": QUEUE_URL}
    assert theirs.call_count == 0


# -- after the mock ------------------------------------------------------------------------------


def test_sqs_urls_are_not_intercepted_after_the_mock_stops() -> None:
    with mock_sqs() as sqs_mock:
        assert json_call("CreateQueue", {"QueueName": "orders"}).status_code == 200
    with responses.RequestsMock() as user:
        user.add("POST", re.compile(r"https://[a-z0-9.-]+\.amazonaws\.com/"), status=418)
        after = json_call("CreateQueue", {"QueueName": "orders"})
        legacy = query_post({"Action": "ListQueues"}, url="https://queue.amazonaws.com/")
    assert after.status_code == 418
    assert legacy.status_code == 418
    assert sqs_mock.calls.operations == ["CreateQueue"]
