"""The legacy awsQuery protocol: form-encoded requests in, XML results and XML errors out.

botocore now speaks awsJson1.0 to SQS, but SQS still answers the query protocol that older SDKs,
other languages' clients and hand-written HTTP calls use. Both directions are driven by one
service model: botocore's current SQS model (the same shapes the JSON path uses), switched to
``protocol: query`` and given back the legacy serialization names (``locationName``) that the
JSON model no longer carries, from the query-protocol SQS model botocore shipped until 1.34.x and
the ``xmlName`` traits of AWS's Smithy model (the ``_*_NAMES`` tables). Requests decode to the
params botocore's ``before-parameter-build`` sees (blobs as bytes, integers as int); results are
the dicts ``api.dispatch`` returns.

Two differences from the JSON wire are inherent to the query protocol (real SQS has them too):
``MessageSystemAttributeNames`` and the deprecated ``AttributeNames`` of ReceiveMessage share the
wire name ``AttributeName.N`` (they decode as ``AttributeNames``), and XML cannot carry an empty
flattened list or map (an empty ``Failed`` list is simply absent after parsing).
"""

from __future__ import annotations

import base64
import binascii
import copy
import functools
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from botocore.loaders import create_loader
from botocore.model import ServiceModel, Shape

from ..model import errors
from ..model.errors import SqsError

__all__ = [
    "CONTENT_TYPE",
    "REQUEST_CONTENT_TYPE",
    "XML_NAMESPACE",
    "decode_request",
    "encode_error",
    "encode_result",
    "error_headers",
    "service_model",
]

CONTENT_TYPE = "text/xml"
REQUEST_CONTENT_TYPE = "application/x-www-form-urlencoded"
API_VERSION = "2012-11-05"
XML_NAMESPACE = "http://queue.amazonaws.com/doc/2012-11-05/"

# Legacy serialization names, as in the 2012-11-05 query-protocol SQS model (botocore up to
# 1.34.x; checked against 1.34.22 shape by shape) and the Smithy model's xmlName traits.
# ``MessageSystemAttributeList`` is newer than the query model: the Smithy model names
# ReceiveMessage's MessageSystemAttributeNames member ``AttributeName`` (the same wire name as
# the deprecated AttributeNames).
_LIST_MEMBER_NAMES: dict[str, str] = {
    "AWSAccountIdList": "AWSAccountId",
    "ActionNameList": "ActionName",
    "AttributeNameList": "AttributeName",
    "BatchResultErrorEntryList": "BatchResultErrorEntry",
    "BinaryList": "BinaryListValue",
    "ChangeMessageVisibilityBatchRequestEntryList": "ChangeMessageVisibilityBatchRequestEntry",
    "ChangeMessageVisibilityBatchResultEntryList": "ChangeMessageVisibilityBatchResultEntry",
    "DeleteMessageBatchRequestEntryList": "DeleteMessageBatchRequestEntry",
    "DeleteMessageBatchResultEntryList": "DeleteMessageBatchResultEntry",
    "ListMessageMoveTasksResultEntryList": "ListMessageMoveTasksResultEntry",
    "MessageAttributeNameList": "MessageAttributeName",
    "MessageList": "Message",
    "MessageSystemAttributeList": "AttributeName",
    "QueueUrlList": "QueueUrl",
    "SendMessageBatchRequestEntryList": "SendMessageBatchRequestEntry",
    "SendMessageBatchResultEntryList": "SendMessageBatchResultEntry",
    "StringList": "StringListValue",
    "TagKeyList": "TagKey",
}
# map shape -> (the map's own name or None, key name, value name)
_MAP_NAMES: dict[str, tuple[str | None, str, str]] = {
    "MessageBodyAttributeMap": (None, "Name", "Value"),
    "MessageBodySystemAttributeMap": (None, "Name", "Value"),
    "MessageSystemAttributeMap": ("Attribute", "Name", "Value"),
    "QueueAttributeMap": ("Attribute", "Name", "Value"),
    "TagMap": ("Tag", "Key", "Value"),
}
# structure -> member -> wire name
_MEMBER_NAMES: dict[str, dict[str, str]] = {
    "CreateQueueRequest": {"Attributes": "Attribute", "tags": "Tag"},
    "GetQueueAttributesResult": {"Attributes": "Attribute"},
    "ListQueueTagsResult": {"Tags": "Tag"},
    "Message": {"Attributes": "Attribute", "MessageAttributes": "MessageAttribute"},
    "MessageAttributeValue": {
        "StringListValues": "StringListValue",
        "BinaryListValues": "BinaryListValue",
    },
    "MessageSystemAttributeValue": {
        "StringListValues": "StringListValue",
        "BinaryListValues": "BinaryListValue",
    },
    "SendMessageBatchRequestEntry": {
        "MessageAttributes": "MessageAttribute",
        "MessageSystemAttributes": "MessageSystemAttribute",
    },
    "SendMessageRequest": {
        "MessageAttributes": "MessageAttribute",
        "MessageSystemAttributes": "MessageSystemAttribute",
    },
    "SetQueueAttributesRequest": {"Attributes": "Attribute"},
}

_QUEUE_DOES_NOT_EXIST = "AWS.SimpleQueueService.NonExistentQueue"
_JSON_NO_QUEUE_MESSAGE = "The specified queue does not exist."
_QUERY_NO_QUEUE_MESSAGE = "The specified queue does not exist for this wsdl version."
_INDEX = re.compile(r"[1-9][0-9]*")
_INTEGER = re.compile(r"-?[0-9]+")
# Characters XML 1.0 cannot carry at all (SQS rejects them in bodies and attribute values).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#xD;"})


def _patched_model() -> dict[str, Any]:
    """Return botocore's SQS model switched to the query protocol, with the legacy names."""
    model: dict[str, Any] = copy.deepcopy(
        create_loader().load_service_model("sqs", "service-2", API_VERSION)
    )
    metadata = model["metadata"]
    for key in ("jsonVersion", "targetPrefix", "awsQueryCompatible"):
        metadata.pop(key, None)
    metadata.update(protocol="query", protocols=["query"], xmlNamespace=XML_NAMESPACE)
    for name, operation in model["operations"].items():
        if "output" in operation:
            operation["output"]["resultWrapper"] = f"{name}Result"
    # Shapes a given botocore release does not have yet are skipped.
    shapes = model["shapes"]
    for name, member_name in _LIST_MEMBER_NAMES.items():
        if name in shapes:
            shapes[name]["member"]["locationName"] = member_name
    for name, (own, key, value) in _MAP_NAMES.items():
        if name in shapes:
            shape = shapes[name]
            if own is not None:
                shape["locationName"] = own
            shape["key"]["locationName"] = key
            shape["value"]["locationName"] = value
    for name, members in _MEMBER_NAMES.items():
        for member, wire_name in members.items():
            if member in shapes.get(name, {}).get("members", {}):
                shapes[name]["members"][member]["locationName"] = wire_name
    return model


@functools.cache
def service_model() -> ServiceModel:
    """Return the SQS service model of the query protocol (shared by codec and tests)."""
    return ServiceModel(_patched_model(), service_name="sqs")


# -- requests -----------------------------------------------------------------------------------


class _Node:
    """One dotted segment of the form keys: its value (if the key ends here) and children."""

    __slots__ = ("children", "value")

    def __init__(self) -> None:
        self.value: str | None = None
        self.children: dict[str, _Node] = {}

    def indexed(self, path: str) -> Iterator[tuple[str, _Node]]:
        """Yield ``(path.N, child)`` for the numbered children, in index order."""
        numbered = []
        for key, child in self.children.items():
            if not _INDEX.fullmatch(key):
                raise errors.invalid_parameter_value(
                    f"The parameter {path}.{key} is not valid: {key} is not an index (1, 2, ...)."
                )
            numbered.append((int(key), key, child))
        for _, key, child in sorted(numbered):
            yield f"{path}.{key}", child


def _malformed(reason: str) -> SqsError:
    return SqsError(
        "MalformedQueryString",
        "MalformedQueryString",
        f"The query string is malformed: {reason}",
        status=404,
        namespace=errors.CORAL_NAMESPACE,
    )


def _missing_action() -> SqsError:
    return SqsError(
        "MissingAction",
        "MissingAction",
        "The request must contain the parameter Action.",
        namespace=errors.CORAL_NAMESPACE,
    )


def _form_tree(body: bytes | str | None) -> _Node:
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _malformed("the request body is not UTF-8.") from None
    try:
        pairs = parse_qsl(body or "", keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise _malformed("a percent-encoded value is not UTF-8.") from None
    root = _Node()
    for key, value in pairs:
        node = root
        for part in key.split("."):
            node = node.children.setdefault(part, _Node())
        node.value = value
    return root


def _wire_name(shape: Shape, default: str) -> str:
    name: str = shape.serialization.get("name", default)
    return name


def _item_name(shape: Shape, default: str) -> str:
    """Return the wire name of a flattened list's items (the list member's name, if it has one)."""
    name: str = shape.member.serialization.get("name") or default
    return name


def _flattened(shape: Shape) -> Shape:
    """Return ``shape``, a list or map, after checking it is flattened (as all of SQS's are)."""
    if not shape.serialization.get("flattened"):
        raise TypeError(f"{shape.name} is not flattened: SQS query lists and maps all are")
    return shape


def _decode_structure(shape: Shape, node: _Node, path: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    claimed: set[str] = set()
    for name, member in shape.members.items():
        wire = _wire_name(member, name)
        full = f"{path}.{wire}" if path else wire
        if member.type_name == "list":
            _flattened(member)
            item = _item_name(member, wire)
            item_node = node.children.get(item)
            if item_node is not None and item_node.children and item not in claimed:
                claimed.add(item)
                item_path = f"{path}.{item}" if path else item
                out[name] = [
                    _decode(member.member, child, child_path)
                    for child_path, child in item_node.indexed(item_path)
                ]
                continue
            own = node.children.get(wire)
            if own is not None and own.value == "" and not own.children:
                out[name] = []  # how the query serializer sends an empty list
            continue
        child = node.children.get(wire)
        if child is None:
            continue
        value = _decode(member, child, full)
        if value is not None:
            out[name] = value
    return out


def _decode_map(shape: Shape, node: _Node, path: str) -> dict[str, Any]:
    key_name = _wire_name(shape.key, "key")
    value_name = _wire_name(shape.value, "value")
    out: dict[str, Any] = {}
    for entry_path, entry in node.indexed(path):
        key_node = entry.children.get(key_name)
        key = None if key_node is None else _decode(shape.key, key_node, f"{entry_path}.{key_name}")
        if key is None:
            raise errors.missing_parameter(f"{entry_path}.{key_name}")
        value_node = entry.children.get(value_name)
        value = (
            None
            if value_node is None
            else _decode(shape.value, value_node, f"{entry_path}.{value_name}")
        )
        if value is None:
            raise errors.missing_parameter(f"{entry_path}.{value_name}")
        out[key] = value
    return out


def _decode_scalar(shape: Shape, text: str, path: str) -> Any:
    kind = shape.type_name
    if kind in ("integer", "long"):
        if not _INTEGER.fullmatch(text):
            raise errors.invalid_value(path, text, "Must be an integer.")
        return int(text)
    if kind == "boolean":
        if text not in ("true", "false"):
            raise errors.invalid_value(path, text, "Must be true or false.")
        return text == "true"
    if kind == "blob":
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise errors.invalid_parameter_value(
                f"Invalid binary value for {path}: the value must be base64-encoded."
            ) from None
    return text


def _decode(shape: Shape, node: _Node, path: str) -> Any:
    kind = shape.type_name
    if kind == "structure":
        return _decode_structure(shape, node, path)
    if kind == "map":
        return _decode_map(_flattened(shape), node, path)
    if kind == "list":
        raise TypeError(f"{shape.name}: SQS has lists only as structure members")
    if node.value is None:
        return None
    return _decode_scalar(shape, node.value, path)


def decode_request(
    body: bytes | str | None, *, queue_url: str | None = None
) -> tuple[str, dict[str, Any]]:
    """Return ``(operation, params)`` of a form-encoded query request body (or query string).

    ``queue_url``: the URL the request was sent to, for clients that address a queue by posting
    to its URL instead of sending ``QueueUrl`` (a ``QueueUrl`` in the body wins). Parameters the
    operation does not have (``Version``, signature fields and the like) are ignored.
    """
    root = _form_tree(body)
    action_node = root.children.pop("Action", None)
    action = None if action_node is None else action_node.value
    if not action:
        raise _missing_action()
    model = service_model()
    if action not in model.operation_names:
        raise errors.invalid_action(action)
    shape = model.operation_model(action).input_shape
    params = _decode_structure(shape, root, "") if shape is not None else {}
    if queue_url and "QueueUrl" not in params and shape is not None and "QueueUrl" in shape.members:
        params["QueueUrl"] = queue_url
    return action, params


# -- responses ----------------------------------------------------------------------------------


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value).translate(_XML_ESCAPES)


def _scalar_text(shape: Shape, value: Any) -> str:
    kind = shape.type_name
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("integer", "long"):
        return str(int(value))
    if kind == "blob":
        raw = value.encode("utf-8") if isinstance(value, str) else bytes(value)
        return base64.b64encode(raw).decode("ascii")
    if kind == "string":
        return _text(str(value))
    raise TypeError(f"cannot encode a {kind} shape ({shape.name}) as query XML")


def _write(out: list[str], shape: Shape, tag: str, value: Any) -> None:
    kind = shape.type_name
    if kind == "list":  # flattened: one element per item, named after the items
        item = _item_name(_flattened(shape), tag)
        for element in value:
            _write(out, shape.member, item, element)
    elif kind == "map":  # flattened: one element per entry, holding its key and value
        key_name = _wire_name(_flattened(shape).key, "key")
        value_name = _wire_name(shape.value, "value")
        for key, item in value.items():
            out.append(f"<{tag}>")
            _write(out, shape.key, key_name, key)
            _write(out, shape.value, value_name, item)
            out.append(f"</{tag}>")
    elif kind == "structure":
        out.append(f"<{tag}>")
        _write_members(out, shape, value)
        out.append(f"</{tag}>")
    else:
        out.append(f"<{tag}>{_scalar_text(shape, value)}</{tag}>")


def _write_members(out: list[str], shape: Shape, value: dict[str, Any]) -> None:
    members = shape.members
    unknown = set(value) - set(members)
    if unknown:
        raise ValueError(f"{shape.name} has no member(s) {', '.join(sorted(unknown))}")
    for name, member in members.items():
        if value.get(name) is not None:
            _write(out, member, _wire_name(member, name), value[name])


def encode_result(operation: str, result: dict[str, Any], request_id: str) -> bytes:
    """Return the XML body SQS sends for a successful ``operation``."""
    output = service_model().operation_model(operation).output_shape
    out = ['<?xml version="1.0"?>', f'<{operation}Response xmlns="{XML_NAMESPACE}">']
    body = {k: v for k, v in result.items() if k != "ResponseMetadata"}
    if output is not None:
        wrapper = output.serialization["resultWrapper"]
        out.append(f"<{wrapper}>")
        _write_members(out, output, body)
        out.append(f"</{wrapper}>")
    elif body:
        raise ValueError(f"{operation} returns no result, got {sorted(body)}")
    out.append(f"<ResponseMetadata><RequestId>{_text(request_id)}</RequestId></ResponseMetadata>")
    out.append(f"</{operation}Response>")
    return "".join(out).encode()


def _query_message(error: SqsError) -> str:
    """Return the message the query protocol shows (one differs from the JSON protocol's)."""
    if error.code == _QUEUE_DOES_NOT_EXIST and error.message == _JSON_NO_QUEUE_MESSAGE:
        return _QUERY_NO_QUEUE_MESSAGE
    return error.message


def encode_error(error: SqsError, request_id: str) -> bytes:
    """Return the XML body SQS sends for an error; the HTTP status is ``error.status``."""
    return (
        '<?xml version="1.0"?>'
        f'<ErrorResponse xmlns="{XML_NAMESPACE}">'
        f"<Error><Type>{error.fault}</Type><Code>{_text(error.code)}</Code>"
        f"<Message>{_text(_query_message(error))}</Message><Detail/></Error>"
        f"<RequestId>{_text(request_id)}</RequestId>"
        "</ErrorResponse>"
    ).encode()


def error_headers(error: SqsError) -> dict[str, str]:
    """Return extra headers for an error: none (the code travels in the XML body)."""
    return {}
