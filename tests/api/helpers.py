"""Helpers shared by the API tests."""

from __future__ import annotations

import hashlib
import socket
import struct
from collections.abc import Mapping
from typing import Any

import pytest


def reference_md5(attributes: Mapping[str, Mapping[str, Any]]) -> str:
    """Compute MD5OfMessageAttributes as the fact sheet (§4.3) describes it, independently."""
    buffer = bytearray()
    for name in sorted(attributes):
        value = attributes[name]
        data_type: str = value["DataType"]
        for part in (name.encode(), data_type.encode()):
            buffer += struct.pack(">I", len(part)) + part
        if data_type.startswith("Binary"):
            raw: bytes = value["BinaryValue"]
            buffer += b"\x02"
        else:
            raw = value["StringValue"].encode()
            buffer += b"\x01"
        buffer += struct.pack(">I", len(raw)) + raw
    return hashlib.md5(bytes(buffer)).hexdigest()


def counters(sqs: Any, url: str) -> tuple[int, int, int]:
    """Return the queue's (visible, in flight, delayed) counters from GetQueueAttributes.

    SQS returns them as decimal strings; that is checked here too.
    """
    attributes = sqs.get_queue_attributes(
        QueueUrl=url,
        AttributeNames=[
            "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed",
        ],
    )["Attributes"]
    values = (
        attributes["ApproximateNumberOfMessages"],
        attributes["ApproximateNumberOfMessagesNotVisible"],
        attributes["ApproximateNumberOfMessagesDelayed"],
    )
    assert all(isinstance(value, str) and value.isdigit() for value in values), values
    return int(values[0]), int(values[1]), int(values[2])


class NetworkUsedError(OSError):
    """Raised by the socket guard: the code under test tried to open a connection."""


def refuse_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Make every outgoing connection and DNS lookup fail; return the list of attempts made."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> Any:
        attempts.append(args)
        raise NetworkUsedError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts
