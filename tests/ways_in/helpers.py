"""Helpers for the HTTP ways in: plain urllib calls in both wire protocols, XML reading, ports."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ACCOUNT = "123456789012"
NAMESPACE = "http://queue.amazonaws.com/doc/2012-11-05/"
JSON_CONTENT_TYPE = "application/x-amz-json-1.0"
NO_QUEUE_JSON = "The specified queue does not exist."
NO_QUEUE_QUERY = "The specified queue does not exist for this wsdl version."
NO_QUEUE_CODE = "AWS.SimpleQueueService.NonExistentQueue"


@dataclass
class Reply:
    """One HTTP answer: status, headers (names lower-cased) and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def xml(self) -> ET.Element:
        return ET.fromstring(self.body)


def _q(path: str) -> str:
    """Return an ElementTree path with every step in the SQS namespace."""
    return "/".join(f"{{{NAMESPACE}}}{step}" for step in path.split("/"))


def xml_text(root: ET.Element, path: str) -> str:
    """Return the text of the element at ``path`` (slash-separated, namespace implied)."""
    element = root.find(_q(path))
    assert element is not None, f"no {path} in {ET.tostring(root)!r}"
    return element.text or ""


def xml_texts(root: ET.Element, path: str) -> list[str]:
    """Return the texts of every element at ``path``."""
    return [element.text or "" for element in root.findall(_q(path))]


def xml_map(root: ET.Element, path: str) -> dict[str, str]:
    """Return a flattened query map (``<Attribute><Name/><Value/></Attribute>``) as a dict."""
    return {xml_text(entry, "Name"): xml_text(entry, "Value") for entry in root.findall(_q(path))}


def _open(request: urllib.request.Request) -> Reply:
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Reply(
                response.status,
                {k.lower(): v for k, v in response.headers.items()},
                response.read(),
            )
    except urllib.error.HTTPError as error:
        with error:
            return Reply(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


def post_json(url: str, operation: str, params: Mapping[str, Any]) -> Reply:
    """Send one awsJson1.0 request (``X-Amz-Target: AmazonSQS.<operation>``) to ``url``."""
    request = urllib.request.Request(
        url,
        data=json.dumps(params).encode(),
        method="POST",
        headers={"Content-Type": JSON_CONTENT_TYPE, "X-Amz-Target": f"AmazonSQS.{operation}"},
    )
    return _open(request)


def post_raw(url: str, body: bytes, headers: Mapping[str, str]) -> Reply:
    """Send ``body`` as a POST with exactly these headers."""
    return _open(urllib.request.Request(url, data=body, method="POST", headers=dict(headers)))


def post_query(url: str, params: Mapping[str, str]) -> Reply:
    """Send one query-protocol request as a form-encoded POST body to ``url``."""
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(params).encode(),
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )
    return _open(request)


def get_query(url: str, params: Mapping[str, str]) -> Reply:
    """Send one query-protocol request as a GET with the parameters in the query string."""
    return _open(urllib.request.Request(f"{url}?{urllib.parse.urlencode(params)}", method="GET"))


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def port_refuses(port: int) -> bool:
    """Return whether nothing listens on 127.0.0.1:``port`` (a connection is refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(5)
        try:
            probe.connect(("127.0.0.1", port))
        except ConnectionRefusedError:
            return True
        return False


def port_of(url: str) -> int:
    port = urllib.parse.urlsplit(url).port
    assert port is not None, url
    return port


def offline_aws_env(region: str = "us-east-1") -> dict[str, str]:
    """Return environment variables for an AWS client that must never find real credentials."""
    return {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": region,
        "AWS_CONFIG_FILE": "/nonexistent/pytest-sqsmock/aws-config",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/pytest-sqsmock/aws-credentials",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
