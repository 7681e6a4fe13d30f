"""awsJson1.0 with awsQueryCompatible errors: request bodies in, response bodies and errors out."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from ..model import errors
from ..model.errors import SqsError

__all__ = [
    "BLOB_OPERATIONS",
    "CONTENT_TYPE",
    "decode_request",
    "encode_error",
    "encode_result",
    "error_headers",
    "normalize_params",
]

CONTENT_TYPE = "application/x-amz-json-1.0"
BLOB_OPERATIONS = frozenset({"SendMessage", "SendMessageBatch"})  # params that carry blobs


def _blob(raw: str) -> bytes:
    try:
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise errors.invalid_parameter_value(
            "Invalid binary value: the BinaryValue must be base64-encoded."
        ) from None


def _decode_blobs(attributes: Any) -> None:
    if not isinstance(attributes, dict):
        return
    for value in attributes.values():
        if not isinstance(value, dict):
            continue
        raw = value.get("BinaryValue")
        if isinstance(raw, str):
            value["BinaryValue"] = _blob(raw)
        raw_list = value.get("BinaryListValues")
        if isinstance(raw_list, list):
            value["BinaryListValues"] = [
                _blob(item) if isinstance(item, str) else item for item in raw_list
            ]


def decode_request(operation: str, body: bytes | str | None) -> dict[str, Any]:
    """Return the params of a JSON-protocol request body (blobs decoded to bytes)."""
    if not body:
        return {}
    try:
        params = json.loads(body.decode("utf-8") if isinstance(body, bytes) else body)
    except ValueError:
        raise SqsError(
            "SerializationException",
            "SerializationException",
            "Unable to parse the request body as JSON.",
            namespace=errors.CORAL_NAMESPACE,
        ) from None
    if not isinstance(params, dict):
        raise SqsError(
            "SerializationException",
            "SerializationException",
            "The request body must be a JSON object.",
            namespace=errors.CORAL_NAMESPACE,
        )
    if operation in BLOB_OPERATIONS:
        _decode_blobs(params.get("MessageAttributes"))
        _decode_blobs(params.get("MessageSystemAttributes"))
        entries = params.get("Entries")
        if isinstance(entries, list):
            for entry in entries:
                if isinstance(entry, dict):
                    _decode_blobs(entry.get("MessageAttributes"))
                    _decode_blobs(entry.get("MessageSystemAttributes"))
    return params


def _bytes_attributes(attributes: Any) -> Any:
    """Return message attributes with every BinaryValue as bytes (copying only if needed)."""
    if not isinstance(attributes, dict):
        return attributes
    out = attributes
    for name, value in attributes.items():
        if isinstance(value, dict) and "BinaryValue" in value:
            raw = value["BinaryValue"]
            if isinstance(raw, (str, bytearray)):
                if out is attributes:
                    out = dict(attributes)
                out[name] = {
                    **value,
                    "BinaryValue": raw.encode("utf-8") if isinstance(raw, str) else bytes(raw),
                }
    return out


def _entry_with_bytes(entry: Any) -> Any:
    if not isinstance(entry, dict) or not (
        "MessageAttributes" in entry or "MessageSystemAttributes" in entry
    ):
        return entry
    fixed = {
        key: converted
        for key in ("MessageAttributes", "MessageSystemAttributes")
        if key in entry and (converted := _bytes_attributes(entry[key])) is not entry[key]
    }
    return {**entry, **fixed} if fixed else entry


def normalize_params(operation: str, params: dict[str, Any]) -> dict[str, Any]:
    """Return botocore-level params as the wire would carry them: blobs as bytes.

    ``params`` is the caller's keyword arguments, a dict botocore made for this call alone, so
    it is kept as it is (the call log holds it) unless a blob has to be converted; then the
    top level, and nested values where a blob changed, are copied.
    """
    if operation not in BLOB_OPERATIONS:
        return params
    fixed: dict[str, Any] = {}
    for key in ("MessageAttributes", "MessageSystemAttributes"):
        if key in params and (converted := _bytes_attributes(params[key])) is not params[key]:
            fixed[key] = converted
    entries = params.get("Entries")
    if isinstance(entries, list):
        for entry in entries:  # a plain loop: cheaper than any() over a generator
            if isinstance(entry, dict) and (
                "MessageAttributes" in entry or "MessageSystemAttributes" in entry
            ):
                converted_entries = [_entry_with_bytes(entry) for entry in entries]
                if any(new is not old for new, old in zip(converted_entries, entries, strict=True)):
                    fixed["Entries"] = converted_entries
                break
    return {**params, **fixed} if fixed else params


def _default(value: object) -> object:
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def encode_result(result: dict[str, Any]) -> bytes:
    """Return the JSON body for a successful result (blobs base64-encoded)."""
    body = {k: v for k, v in result.items() if k != "ResponseMetadata"}
    return json.dumps(body, default=_default, separators=(",", ":")).encode("utf-8")


def encode_error(error: SqsError) -> bytes:
    """Return the JSON body AWS sends for an error."""
    return json.dumps(
        {"__type": f"{error.namespace}#{error.shape}", "message": error.message},
        separators=(",", ":"),
    ).encode("utf-8")


def error_headers(error: SqsError) -> dict[str, str]:
    """Return the headers that carry the legacy query error code."""
    return {"x-amzn-query-error": f"{error.code};{error.fault}"}
