"""SqsError: one AWS SQS error, with everything each wire protocol needs to render it."""

from __future__ import annotations

SQS_NAMESPACE = "com.amazonaws.sqs"
CORAL_NAMESPACE = "com.amazon.coral.service"


class SqsError(Exception):
    """An error SQS returns: the modeled shape, the legacy query code, HTTP status and message.

    ``shape`` is what botocore turns into the exception class (``QueryErrorCode``); ``code`` is
    what users see as ``Error.Code`` (the legacy awsQuery code carried in ``x-amzn-query-error``).
    """

    __slots__ = ("code", "message", "namespace", "sender_fault", "shape", "status")

    def __init__(
        self,
        shape: str,
        code: str,
        message: str,
        *,
        status: int = 400,
        sender_fault: bool = True,
        namespace: str = SQS_NAMESPACE,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.shape = shape
        self.code = code
        self.message = message
        self.status = status
        self.sender_fault = sender_fault
        self.namespace = namespace

    @property
    def fault(self) -> str:
        """Return ``Sender`` or ``Receiver``, as in the ``x-amzn-query-error`` header."""
        return "Sender" if self.sender_fault else "Receiver"

    def __repr__(self) -> str:
        return f"SqsError({self.shape!r}, {self.code!r}, {self.message!r}, status={self.status})"


# -- errors outside the SQS model (rendered by AWS with the coral namespace) -------------------


def invalid_parameter_value(message: str) -> SqsError:
    return SqsError(
        "InvalidParameterValueException",
        "InvalidParameterValue",
        message,
        namespace=CORAL_NAMESPACE,
    )


def invalid_value(name: str, value: object, reason: str) -> SqsError:
    """Return AWS's "Value X for parameter Y is invalid. Reason: Z" error."""
    return invalid_parameter_value(
        f"Value {value} for parameter {name} is invalid. Reason: {reason}"
    )


def missing_parameter(name: str) -> SqsError:
    return SqsError(
        "MissingRequiredParameterException",
        "MissingParameter",
        f"The request must contain the parameter {name}.",
        namespace=CORAL_NAMESPACE,
    )


def internal_failure(detail: str) -> SqsError:
    """A failure inside the simulation itself (a bug): what AWS sends for its own faults."""
    return SqsError(
        "InternalFailure",
        "InternalFailure",
        f"The request processing has failed because of an unknown error, exception or "
        f"failure. (pytest-sqsmock: {detail})",
        status=500,
        sender_fault=False,
        namespace=CORAL_NAMESPACE,
    )


def invalid_action(operation: str) -> SqsError:
    return SqsError(
        "InvalidActionException",
        "InvalidAction",
        f"The action {operation} is not valid for this endpoint.",
        namespace=CORAL_NAMESPACE,
    )


# -- modeled errors ---------------------------------------------------------------------------


def queue_does_not_exist() -> SqsError:
    return SqsError(
        "QueueDoesNotExist",
        "AWS.SimpleQueueService.NonExistentQueue",
        "The specified queue does not exist.",
    )


def queue_name_exists(message: str) -> SqsError:
    return SqsError("QueueNameExists", "QueueAlreadyExists", message)


def queue_deleted_recently() -> SqsError:
    return SqsError(
        "QueueDeletedRecently",
        "AWS.SimpleQueueService.QueueDeletedRecently",
        "You must wait 60 seconds after deleting a queue before you can create another with the "
        "same name.",
    )


def purge_queue_in_progress(queue_name: str) -> SqsError:
    return SqsError(
        "PurgeQueueInProgress",
        "AWS.SimpleQueueService.PurgeQueueInProgress",
        f"Only one PurgeQueue operation on {queue_name} is allowed every 60 seconds.",
        status=403,
    )


def invalid_attribute_name(message: str) -> SqsError:
    return SqsError("InvalidAttributeName", "InvalidAttributeName", message)


def invalid_attribute_value(message: str) -> SqsError:
    return SqsError("InvalidAttributeValue", "InvalidAttributeValue", message)


def invalid_message_contents(message: str) -> SqsError:
    return SqsError("InvalidMessageContents", "InvalidMessageContents", message)


def receipt_handle_is_invalid(message: str) -> SqsError:
    return SqsError("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", message, status=404)


def invalid_address(address: str) -> SqsError:
    return SqsError(
        "InvalidAddress",
        "InvalidAddress",
        f"The address {address} is not valid for this endpoint.",
        status=404,
    )


def over_limit(message: str) -> SqsError:
    return SqsError("OverLimit", "OverLimit", message, status=403)


def resource_not_found(message: str) -> SqsError:
    return SqsError("ResourceNotFoundException", "ResourceNotFoundException", message, status=404)


def _batch_error(shape: str, message: str) -> SqsError:
    return SqsError(shape, f"AWS.SimpleQueueService.{shape}", message)


def empty_batch_request(entries_name: str = "Entries") -> SqsError:
    return _batch_error(
        "EmptyBatchRequest",
        f"There should be at least one {entries_name} in the request.",
    )


def too_many_entries(count: int) -> SqsError:
    return _batch_error(
        "TooManyEntriesInBatchRequest",
        f"Maximum number of entries per request are 10. You have sent {count}.",
    )


def batch_entry_ids_not_distinct(entry_id: str) -> SqsError:
    return _batch_error("BatchEntryIdsNotDistinct", f"Id {entry_id} repeated.")


def invalid_batch_entry_id() -> SqsError:
    return _batch_error(
        "InvalidBatchEntryId",
        "A batch entry id can only contain alphanumeric characters, hyphens and underscores. "
        "It can be at most 80 letters long.",
    )


def batch_request_too_long(size: int, limit: int) -> SqsError:
    return _batch_error(
        "BatchRequestTooLong",
        f"Batch requests cannot be longer than {limit} bytes. You have sent {size} bytes.",
    )


def unsupported_operation(message: str) -> SqsError:
    return _batch_error("UnsupportedOperation", message)
