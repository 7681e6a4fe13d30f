"""Message: one stored SQS message, and the MD5 digests SQS returns for bodies and attributes."""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
import re
import struct
from collections.abc import Callable, Mapping
from typing import Any, TypedDict

from . import errors

__all__ = [
    "AttributeValue",
    "Message",
    "check_attributes",
    "check_body",
    "check_system_attributes",
    "md5_of_attributes",
    "md5_of_body",
    "new_id",
]

# SQS's MD5s are checksums, not security: usedforsecurity=False keeps them working on FIPS builds.
_short_md5: Callable[[bytes], Any]
try:  # CPython's own MD5 starts faster than OpenSSL's, which wins on long inputs
    from _md5 import md5 as _short_md5  # type: ignore[import-not-found,no-redef]
except ImportError:  # pragma: no cover - builds without the module (FIPS-only builds)
    _short_md5 = functools.partial(hashlib.md5, usedforsecurity=False)
_SHORT = 2048


def _md5_hex(data: bytes) -> str:
    """Return the hex MD5 of ``data``."""
    if len(data) <= _SHORT:
        digest: str = _short_md5(data).hexdigest()
        return digest
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


# Message states.
DELAYED = 0
VISIBLE = 1
INFLIGHT = 2
GONE = 3

STATE_NAMES = {DELAYED: "delayed", VISIBLE: "visible", INFLIGHT: "in_flight", GONE: "gone"}


class AttributeValue(TypedDict, total=False):
    """A message (or message system) attribute value as the SQS API shapes it."""

    DataType: str
    StringValue: str
    BinaryValue: bytes
    StringListValues: list[str]
    BinaryListValues: list[bytes]


_pack_length = struct.Struct(">I").pack
_ID_RANDOM = os.urandom(9).hex()
_ID_PREFIX = f"{_ID_RANDOM[:8]}-{_ID_RANDOM[8:12]}-4{_ID_RANDOM[12:15]}-8{_ID_RANDOM[15:18]}-"
# A counter above 2**48: ``hex()`` then always gives "0x1" and 12 more digits, the last group.
_id_counter = itertools.count((1 << 48) + 1)


def new_id() -> str:
    """Return a fresh UUID-shaped id (version 4 layout): a random prefix and a counter.

    Unique within the process and much cheaper than ``uuid.uuid4()`` on the hot path.
    """
    return _ID_PREFIX + hex(next(_id_counter))[3:]


def md5_of_body(body: str) -> str:
    """Return the hex MD5 of the body's UTF-8 bytes (``MD5OfMessageBody``)."""
    return _md5_hex(body.encode("utf-8", "surrogatepass"))


def md5_of_attributes(attributes: Mapping[str, AttributeValue]) -> str:
    """Return SQS's MD5 over message attributes: sorted names, each length-prefixed."""
    parts: list[bytes] = []
    for name in sorted(attributes):
        value = attributes[name]
        data_type = value["DataType"]
        encoded_name = name.encode("utf-8")
        encoded_type = data_type.encode("utf-8")
        parts.append(_pack_length(len(encoded_name)))
        parts.append(encoded_name)
        parts.append(_pack_length(len(encoded_type)))
        parts.append(encoded_type)
        if data_type.startswith("Binary"):
            raw = value.get("BinaryValue", b"")
            parts.append(b"\x02")
        else:
            raw = value.get("StringValue", "").encode("utf-8")
            parts.append(b"\x01")
        parts.append(_pack_length(len(raw)))
        parts.append(raw)
    return _md5_hex(b"".join(parts))


class Message:
    """One message in one queue: its content, and where it is in its life.

    Times are integer epoch milliseconds of SQS time. ``version`` increases on every state change;
    heap entries remember the version they were pushed with, so stale entries are skipped.
    """

    __slots__ = (
        "attributes",
        "available_at",
        "body",
        "dead_letter_source_arn",
        "deduplication_id",
        "first_received_at",
        "group_id",
        "md5_of_attributes",
        "md5_of_body",
        "md5_of_system_attributes",
        "message_id",
        "receive_count",
        "receive_token",
        "received_at",
        "retention_base",
        "sender_id",
        "sent_at",
        "seq",
        "sequence_number",
        "size",
        "state",
        "system_attributes",
        "trace_header",
        "version",
        "visibility_changed",
        "visible_at",
    )

    # Set when a queue stores the message (Queue.send, accept_dead_letter, redrive_in).
    message_id: str
    sender_id: str
    sent_at: int
    retention_base: int
    available_at: int
    group_id: str | None
    seq: int  # its place in its queue, set by Queue._store
    state: int  # DELAYED / VISIBLE / INFLIGHT / GONE, set by Queue._store

    def __init__(
        self,
        body: str,
        attributes: dict[str, AttributeValue],
        system_attributes: dict[str, AttributeValue],
    ) -> None:
        """Make a message from checked content; the queue that stores it fills in the rest."""
        self.body = body
        self.attributes = attributes
        self.system_attributes = system_attributes
        raw = body.encode("utf-8")
        self.size = len(raw) + (attributes_size(attributes) if attributes else 0)
        self.md5_of_body = (
            _short_md5(raw) if len(raw) <= _SHORT else hashlib.md5(raw, usedforsecurity=False)
        ).hexdigest()
        self.md5_of_attributes = md5_of_attributes(attributes) if attributes else None
        if system_attributes:
            self.md5_of_system_attributes: str | None = md5_of_attributes(system_attributes)
            trace = system_attributes.get("AWSTraceHeader")
            self.trace_header = trace.get("StringValue") if trace else None
        else:
            self.md5_of_system_attributes = None
            self.trace_header = None
        # Where it is in its life. The queue that stores it sets the fields declared on the
        # class above (every way of storing a message does, so they are not set twice here).
        self.deduplication_id: str | None = None
        self.sequence_number: str | None = None
        self.dead_letter_source_arn: str | None = None
        self.version = 0
        self.receive_count = 0
        self.receive_token = 0
        self.first_received_at: int | None = None
        self.received_at = 0
        self.visible_at = 0
        self.visibility_changed = False

    def copy(self) -> Message:
        """Return a new, unstored message with this one's content and identity (for moves)."""
        new = Message(self.body, self.attributes, self.system_attributes)
        new.message_id = self.message_id
        new.sender_id = self.sender_id
        new.sent_at = self.sent_at
        new.retention_base = self.retention_base
        new.group_id = self.group_id
        new.available_at = self.available_at
        new.deduplication_id = self.deduplication_id
        return new

    def __repr__(self) -> str:
        if not hasattr(self, "state"):  # made, not stored yet
            return f"<Message (not stored) body={self.body[:40]!r}>"
        return (
            f"<Message {self.message_id} {STATE_NAMES[self.state]} "
            f"receives={self.receive_count} body={self.body[:40]!r}>"
        )


# -- checking what a sender supplies ------------------------------------------------------------

_INVALID_BODY_CHARACTER = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z0-9_\-.]+")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
MAX_ATTRIBUTES = 10


def attributes_size(attributes: Mapping[str, AttributeValue]) -> int:
    """Return the bytes message attributes add to a message's size: name, type and value."""
    size = 0
    for name, value in attributes.items():
        size += len(name.encode("utf-8")) + len(value["DataType"].encode("utf-8"))
        if "BinaryValue" in value:
            size += len(value["BinaryValue"])
        else:
            size += len(value.get("StringValue", "").encode("utf-8"))
    return size


def check_body(body: object) -> str:
    """Return the body if SQS accepts it, else raise the error SQS returns."""
    if not isinstance(body, str) or body == "":
        raise errors.missing_parameter("MessageBody")
    if body.isprintable():  # fast path: printable characters are all within SQS's set
        return body
    bad = _INVALID_BODY_CHARACTER.search(body)
    if bad is not None:
        raise errors.invalid_message_contents(
            "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to "
            "#xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF"
        )
    return body


def _check_attribute_name(name: str) -> None:
    if len(name.encode("utf-8")) > 256:
        raise errors.invalid_parameter_value(
            "Message (user) attribute names must be shorter than 256 Bytes"
        )
    if not _ATTRIBUTE_NAME.fullmatch(name):
        bad = next(c for c in name if not _ATTRIBUTE_NAME.fullmatch(c))
        raise errors.invalid_parameter_value(
            f"Invalid non-alphanumeric character '#x{ord(bad):X}' was found in the message "
            "attribute name. Can only include alphanumeric characters, hyphens, underscores, "
            "or dots."
        )
    lowered = name.lower()
    if lowered.startswith(("aws.", "amazon.")):
        raise errors.invalid_parameter_value(
            "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. "
            "These strings are reserved for internal use."
        )
    if name.startswith(".") or name.endswith(".") or ".." in name:
        raise errors.invalid_parameter_value(
            f"Message (user) attribute name '{name}' must not start or end with a period (.), "
            "or have multiple periods in succession (..)."
        )


def _check_attribute_value(name: str, value: object, kind: str) -> AttributeValue:
    if not isinstance(value, dict):
        raise errors.invalid_parameter_value(
            f"The message {kind} '{name}' must contain non-empty message attribute value."
        )
    data_type = value.get("DataType")
    if not isinstance(data_type, str) or not data_type:
        raise errors.invalid_parameter_value(
            f"The message {kind} '{name}' must contain non-empty message attribute type."
        )
    base = data_type.split(".", 1)[0]
    if base not in ("String", "Number", "Binary") or data_type.endswith("."):
        raise errors.invalid_parameter_value(
            f"The type of message {kind} '{name}' is invalid. You must use only the following "
            "supported type prefixes: Binary, Number, String."
        )
    if len(data_type) > 256:
        raise errors.invalid_parameter_value(
            f"Message {kind} '{name}' type must be shorter than 256 bytes."
        )
    for reserved in ("StringListValues", "BinaryListValues"):
        if value.get(reserved):
            raise errors.invalid_parameter_value(
                f"Message {kind} list values in '{name}' are not supported."
            )
    if base == "Binary":
        raw = value.get("BinaryValue")
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        if not isinstance(raw, (bytes, bytearray)) or not raw or "StringValue" in value:
            raise errors.invalid_parameter_value(
                f"Message {kind} '{name}' must contain a non-empty value of type 'Binary'."
            )
        return {"DataType": data_type, "BinaryValue": bytes(raw)}
    text = value.get("StringValue")
    if not isinstance(text, str) or not text or "BinaryValue" in value:
        raise errors.invalid_parameter_value(
            f"Message {kind} '{name}' must contain a non-empty value of type '{base}'."
        )
    if base == "Number" and not _valid_number(text):
        raise errors.invalid_parameter_value(
            f"Can't cast the value of message {kind} '{name}' to a number."
        )
    if _INVALID_BODY_CHARACTER.search(text):
        raise errors.invalid_parameter_value(
            f"Message {kind} '{name}' contains invalid characters."
        )
    return {"DataType": data_type, "StringValue": text}


def _valid_number(text: str) -> bool:
    if not _NUMBER.fullmatch(text):
        return False
    mantissa = re.split("[eE]", text)[0].lstrip("+-").replace(".", "").strip("0")
    if len(mantissa) > 38:
        return False
    try:
        magnitude = abs(float(text))
    except (OverflowError, ValueError):
        return False
    return magnitude == 0 or 1e-128 <= magnitude <= 1e126


NO_ATTRIBUTES: dict[str, AttributeValue] = {}  # shared by every message without any: never mutate


def check_attributes(attributes: object) -> dict[str, AttributeValue]:
    """Return the message attributes in SQS's own shape, or raise SQS's error for bad ones."""
    if not attributes and (attributes is None or isinstance(attributes, dict)):
        return NO_ATTRIBUTES
    if not isinstance(attributes, dict):
        raise errors.invalid_parameter_value("MessageAttributes must be a map.")
    if len(attributes) > MAX_ATTRIBUTES:
        raise errors.invalid_parameter_value(
            f"Number of message attributes [{len(attributes)}] exceeds the allowed maximum "
            f"[{MAX_ATTRIBUTES}]."
        )
    checked: dict[str, AttributeValue] = {}
    for name, value in attributes.items():
        if not isinstance(name, str) or not name:
            raise errors.invalid_parameter_value(
                "The request must contain non-empty message attribute name."
            )
        _check_attribute_name(name)
        checked[name] = _check_attribute_value(name, value, "(user) attribute")
    return checked


def check_system_attributes(attributes: object) -> dict[str, AttributeValue]:
    """Return the message system attributes (only ``AWSTraceHeader`` exists) after checking."""
    if not attributes and (attributes is None or isinstance(attributes, dict)):
        return NO_ATTRIBUTES
    if not isinstance(attributes, dict):
        raise errors.invalid_parameter_value("MessageSystemAttributes must be a map.")
    checked: dict[str, AttributeValue] = {}
    for name, value in attributes.items():
        if name != "AWSTraceHeader":
            raise errors.invalid_parameter_value(
                f"Message system attribute name '{name}' is invalid."
            )
        checked_value = _check_attribute_value(name, value, "system attribute")
        if checked_value["DataType"] != "String":
            raise errors.invalid_parameter_value(
                "The message system attribute 'AWSTraceHeader' must be of type 'String'."
            )
        checked[name] = checked_value
    return checked
