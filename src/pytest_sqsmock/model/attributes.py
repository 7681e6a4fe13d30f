"""Queue attributes: names, defaults, ranges, which are read-only, which FIFO-only, and checks."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from . import errors

__all__ = [
    "ALL_NAMES",
    "FIFO_ONLY",
    "INT_RANGES",
    "READ_ONLY",
    "SETTABLE",
    "attribute_names",
    "defaults",
    "normalize",
]

MAX_MESSAGE_SIZE = 1_048_576

# name -> (minimum, maximum) for the integer-valued attributes.
INT_RANGES: dict[str, tuple[int, int]] = {
    "DelaySeconds": (0, 900),
    "MaximumMessageSize": (1_024, MAX_MESSAGE_SIZE),
    "MessageRetentionPeriod": (60, 1_209_600),
    "ReceiveMessageWaitTimeSeconds": (0, 20),
    "VisibilityTimeout": (0, 43_200),
    "KmsDataKeyReusePeriodSeconds": (60, 86_400),
}

FIFO_ONLY = ("FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit")

SETTABLE = frozenset(
    {
        *INT_RANGES,
        "Policy",
        "RedrivePolicy",
        "RedriveAllowPolicy",
        "KmsMasterKeyId",
        "SqsManagedSseEnabled",
        *FIFO_ONLY,
    }
)

READ_ONLY = frozenset(
    {
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
        "CreatedTimestamp",
        "LastModifiedTimestamp",
        "QueueArn",
    }
)

ALL_NAMES = SETTABLE | READ_ONLY
_STANDARD_NAMES = tuple(sorted(ALL_NAMES - set(FIFO_ONLY)))
_FIFO_NAMES = tuple(sorted(ALL_NAMES))


def attribute_names(fifo: bool) -> tuple[str, ...]:
    """Return, sorted, every attribute name a queue of this type can have (``All``)."""
    return _FIFO_NAMES if fifo else _STANDARD_NAMES


_BOOLEANS = ("SqsManagedSseEnabled", "FifoQueue", "ContentBasedDeduplication")
_ENUMS: dict[str, tuple[str, ...]] = {
    "DeduplicationScope": ("messageGroup", "queue"),
    "FifoThroughputLimit": ("perQueue", "perMessageGroupId"),
}
_POLICY_MAX_BYTES = 8_192
_REDRIVE_PERMISSIONS = ("allowAll", "denyAll", "byQueue")


def defaults(fifo: bool) -> dict[str, str]:
    """Return the attributes a new queue has when CreateQueue sets none."""
    values = {
        "DelaySeconds": "0",
        "MaximumMessageSize": str(MAX_MESSAGE_SIZE),
        "MessageRetentionPeriod": "345600",
        "ReceiveMessageWaitTimeSeconds": "0",
        "VisibilityTimeout": "30",
        "SqsManagedSseEnabled": "true",
    }
    if fifo:
        values.update(
            FifoQueue="true",
            ContentBasedDeduplication="false",
            DeduplicationScope="queue",
            FifoThroughputLimit="perQueue",
        )
    return values


def _invalid(name: str, reason: str | None = None) -> errors.SqsError:
    message = f"Invalid value for the parameter {name}."
    if reason:
        message = f"{message} Reason: {reason}"
    return errors.invalid_attribute_value(message)


def _int_value(name: str, value: str) -> str:
    low, high = INT_RANGES[name]
    text = value.strip()
    digits = text[1:] if text[:1] in "+-" else text
    if not digits.isdigit() or not digits.isascii():
        raise _invalid(name)
    number = int(text)
    if not low <= number <= high:
        raise _invalid(name)
    return str(number)


def _json_object(name: str, value: str) -> dict[str, Any]:
    try:
        parsed = json.loads(value)
    except ValueError:
        raise _invalid(name, "Invalid JSON.") from None
    if not isinstance(parsed, dict):
        raise _invalid(name, "Invalid JSON.")
    return parsed


def _redrive_policy(value: str) -> str:
    policy = _json_object("RedrivePolicy", value)
    reason_prefix = f"Value {value} for parameter RedrivePolicy is invalid. Reason: "
    unknown = sorted(set(policy) - {"deadLetterTargetArn", "maxReceiveCount"})
    if unknown:
        raise errors.invalid_parameter_value(
            f"{reason_prefix}Only following attributes are supported: "
            "[deadLetterTargetArn, maxReceiveCount]."
        )
    target = policy.get("deadLetterTargetArn")
    if not isinstance(target, str) or not target:
        raise errors.invalid_parameter_value(
            f"{reason_prefix}Redrive policy does not contain mandatory attribute: "
            "deadLetterTargetArn."
        )
    if "maxReceiveCount" not in policy:
        raise errors.invalid_parameter_value(
            f"{reason_prefix}Redrive policy does not contain mandatory attribute: maxReceiveCount."
        )
    raw_count = policy["maxReceiveCount"]
    count: int | None = None
    if isinstance(raw_count, int) and not isinstance(raw_count, bool):
        count = raw_count
    elif isinstance(raw_count, str) and raw_count.strip().lstrip("-").isdigit():
        count = int(raw_count)
    if count is None or not 1 <= count <= 1000:
        raise errors.invalid_parameter_value(
            f"{reason_prefix}Invalid value for maxReceiveCount: {raw_count}, valid values are "
            "from 1 to 1000 both inclusive."
        )
    return json.dumps(
        {"deadLetterTargetArn": target, "maxReceiveCount": count}, separators=(",", ":")
    )


def _redrive_allow_policy(value: str) -> str:
    policy = _json_object("RedriveAllowPolicy", value)
    reason_prefix = f"Value {value} for parameter RedriveAllowPolicy is invalid. Reason: "
    permission = policy.get("redrivePermission")
    if permission not in _REDRIVE_PERMISSIONS:
        raise errors.invalid_parameter_value(
            f"{reason_prefix}Invalid value for redrivePermission: {permission}. Valid values are: "
            "allowAll, denyAll, byQueue."
        )
    sources = policy.get("sourceQueueArns")
    if permission == "byQueue":
        if not isinstance(sources, list) or not sources:
            raise errors.invalid_parameter_value(
                f"{reason_prefix}sourceQueueArns must be specified when redrivePermission is "
                "byQueue."
            )
        if len(sources) > 10:
            raise errors.invalid_parameter_value(
                f"{reason_prefix}Maximum of 10 sourceQueueArns can be specified. You have "
                f"specified {len(sources)}."
            )
        if not all(isinstance(arn, str) for arn in sources):
            raise errors.invalid_parameter_value(f"{reason_prefix}sourceQueueArns must be ARNs.")
    elif sources is not None:
        raise errors.invalid_parameter_value(
            f"{reason_prefix}Only when redrivePermission is byQueue can sourceQueueArns be "
            "specified."
        )
    unknown = sorted(set(policy) - {"redrivePermission", "sourceQueueArns"})
    if unknown:
        raise errors.invalid_parameter_value(
            f"{reason_prefix}Only following attributes are supported: "
            "[redrivePermission, sourceQueueArns]."
        )
    return json.dumps(policy, separators=(",", ":"))


def _policy(value: str) -> str:
    if value == "":
        return value
    if len(value.encode("utf-8")) > _POLICY_MAX_BYTES:
        raise _invalid("Policy", f"Policy exceeds the maximum size of {_POLICY_MAX_BYTES} bytes.")
    policy = _json_object("Policy", value)
    statements = policy.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        raise _invalid("Policy", "Statement must be a list or an object.")
    if len(statements) > 20:
        raise errors.over_limit("Policy exceeds the limit of 20 statements.")
    return value


def normalize(name: str, value: object, *, fifo: bool, creating: bool) -> str:
    """Check one attribute a caller wants to set and return the value SQS stores.

    Raises the error AWS returns for an unknown or read-only name, a FIFO-only attribute on a
    standard queue, or a value out of range.
    """
    if not isinstance(value, str):
        raise _invalid(name)
    if name not in SETTABLE:
        raise errors.invalid_attribute_name(f"Unknown Attribute {name}.")
    if not fifo and name in FIFO_ONLY:
        if name in ("FifoQueue", "ContentBasedDeduplication"):
            raise errors.invalid_attribute_name(f"Unknown Attribute {name}.")
        raise errors.invalid_attribute_name(
            f"You can specify the {name} only when FifoQueue is set to true."
        )
    if name in INT_RANGES:
        return _int_value(name, value)
    if name in _BOOLEANS:
        lowered = value.lower()
        if lowered not in ("true", "false"):
            raise _invalid(name)
        if name == "FifoQueue" and not creating:
            raise _invalid(name, "Modifying queue type is not supported.")
        return lowered
    if name in _ENUMS:
        if value not in _ENUMS[name]:
            raise _invalid(name)
        return value
    if name == "RedrivePolicy":
        return "" if value == "" else _redrive_policy(value)
    if name == "RedriveAllowPolicy":
        return "" if value == "" else _redrive_allow_policy(value)
    if name == "Policy":
        return _policy(value)
    return value  # KmsMasterKeyId: any key id or alias


def check_combination(attributes: Mapping[str, str], supplied: Mapping[str, str]) -> None:
    """Check rules that span several attributes: ``attributes`` is the merged, final set."""
    if (
        attributes.get("FifoThroughputLimit") == "perMessageGroupId"
        and attributes.get("DeduplicationScope") != "messageGroup"
    ):
        raise _invalid(
            "FifoThroughputLimit",
            "To set FifoThroughputLimit to perMessageGroupId, the DeduplicationScope must be "
            "messageGroup.",
        )
    if supplied.get("KmsMasterKeyId") and supplied.get("SqsManagedSseEnabled") == "true":
        raise _invalid(
            "SqsManagedSseEnabled",
            "You can use one type of server-side encryption (SSE) at one time. You can either "
            "enable KMS SSE or SQS SSE.",
        )
