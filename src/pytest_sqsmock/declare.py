"""Queues declared up front: ``mock_sqs(queues=[...])`` and ``@pytest.mark.sqs_mock(queues=...)``.

A declaration is a queue name (``"orders"``; a ``.fifo`` suffix makes a FIFO queue) or a dict::

    {"QueueName": "jobs", "Attributes": {...}, "tags": {...},
     "dead_letter": {"max_receive_count": 3, "queue_name": "jobs-dlq", "attributes": {...}}}

``dead_letter`` may also be just the maxReceiveCount (``"dead_letter": 3``). It creates the
dead-letter queue (``<name>-dlq``, FIFO when the queue is) and the queue's RedrivePolicy.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["QueueDeclaration", "parse_declarations"]

_QUEUE_KEYS = {"QueueName", "Attributes", "tags", "Tags", "dead_letter"}
_DEAD_LETTER_KEYS = {"max_receive_count", "queue_name", "attributes", "tags"}


@dataclass(frozen=True)
class QueueDeclaration:
    """One CreateQueue to run when the mock starts; ``dead_letter_of`` names the queue it serves."""

    name: str
    attributes: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    dead_letter: tuple[str, int] | None = None  # (DLQ name, maxReceiveCount)


def _str_map(value: object, what: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise TypeError(f"{what} must be a dict of str to str, got {value!r}")
    # attribute values are strings on the wire; let users write numbers and booleans
    return {k: (str(v).lower() if isinstance(v, bool) else str(v)) for k, v in value.items()}


def _one(spec: object) -> list[QueueDeclaration]:
    if isinstance(spec, str):
        return [_plain(spec, {}, {})]
    if not isinstance(spec, Mapping):
        raise TypeError(
            f"a queue declaration is a queue name or a dict with QueueName, got {spec!r}"
        )
    _reject_unknown(spec, _QUEUE_KEYS, f"queue declaration {dict(spec)!r}")
    name = spec.get("QueueName")
    if not isinstance(name, str) or not name:
        raise TypeError(f"queue declaration {dict(spec)!r} needs a QueueName string")
    attributes = _str_map(spec.get("Attributes"), f"Attributes of queue {name!r}")
    tags = _str_map(spec.get("tags", spec.get("Tags")), f"tags of queue {name!r}")
    dead_letter = spec.get("dead_letter")
    if dead_letter is None:
        return [_plain(name, attributes, tags)]
    return _with_dead_letter(name, attributes, tags, dead_letter)


def _reject_unknown(given: Mapping[str, Any], known: set[str], where: str) -> None:
    unknown = sorted(set(given) - known)
    if unknown:
        raise TypeError(
            f"unknown key(s) {', '.join(unknown)} in {where}; known: {', '.join(sorted(known))}"
        )


def _is_fifo(name: str, attributes: Mapping[str, str]) -> bool:
    return name.endswith(".fifo") or attributes.get("FifoQueue", "").lower() == "true"


def _plain(name: str, attributes: dict[str, str], tags: dict[str, str]) -> QueueDeclaration:
    if name.endswith(".fifo") and "FifoQueue" not in attributes:
        attributes = {"FifoQueue": "true", **attributes}
    return QueueDeclaration(name, attributes, tags)


def _with_dead_letter(
    name: str, attributes: dict[str, str], tags: dict[str, str], spec: object
) -> list[QueueDeclaration]:
    if isinstance(spec, bool) or not isinstance(spec, (int, Mapping)):
        raise TypeError(
            f"dead_letter of queue {name!r} is a maxReceiveCount (int) or a dict with "
            f"max_receive_count, got {spec!r}"
        )
    options: Mapping[str, Any] = {"max_receive_count": spec} if isinstance(spec, int) else spec
    _reject_unknown(options, _DEAD_LETTER_KEYS, f"dead_letter of queue {name!r}")
    count = options.get("max_receive_count")
    if isinstance(count, bool) or not isinstance(count, int):
        raise TypeError(f"dead_letter of queue {name!r} needs max_receive_count (an int)")
    fifo = _is_fifo(name, attributes)
    stem = name[: -len(".fifo")] if name.endswith(".fifo") else name
    dlq_name = options.get("queue_name") or f"{stem}-dlq{'.fifo' if fifo else ''}"
    if not isinstance(dlq_name, str):
        raise TypeError(f"dead_letter queue_name of queue {name!r} must be a string")
    dlq_attributes = _str_map(options.get("attributes"), f"attributes of queue {dlq_name!r}")
    if fifo and "FifoQueue" not in dlq_attributes:
        dlq_attributes = {"FifoQueue": "true", **dlq_attributes}
    dlq = _plain(dlq_name, dlq_attributes, _str_map(options.get("tags"), f"tags of {dlq_name!r}"))
    main = _plain(name, attributes, tags)
    return [dlq, QueueDeclaration(main.name, main.attributes, main.tags, (dlq_name, count))]


def parse_declarations(specs: Iterable[object] | None) -> list[QueueDeclaration]:
    """Turn ``queues=[...]`` into CreateQueue requests, dead-letter queues first."""
    if specs is None:
        return []
    if isinstance(specs, (str, Mapping)):
        specs = [specs]
    result: list[QueueDeclaration] = []
    for spec in specs:
        result.extend(_one(spec))
    return result


def redrive_policy(dead_letter_arn: str, max_receive_count: int) -> str:
    """Return the RedrivePolicy attribute value for a dead-letter queue."""
    return json.dumps(
        {"deadLetterTargetArn": dead_letter_arn, "maxReceiveCount": max_receive_count}
    )
