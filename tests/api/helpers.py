"""Helpers shared by the API tests."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Mapping
from typing import Any


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
