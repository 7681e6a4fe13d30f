"""The purge and delete-queue 60-second rules follow the frozen clock, to the millisecond."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import TimeControl, bodies, counters, receive


def test_second_purge_is_refused_until_exactly_sixty_seconds(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    sqs.purge_queue(QueueUrl=queue_url)
    sqs.send_message(QueueUrl=queue_url, MessageBody="kept")
    time_control.advance(59.999)
    with pytest.raises(sqs.exceptions.PurgeQueueInProgress) as excinfo:
        sqs.purge_queue(QueueUrl=queue_url)
    error = excinfo.value.response["Error"]
    assert error["Code"] == "AWS.SimpleQueueService.PurgeQueueInProgress"
    assert error["QueryErrorCode"] == "PurgeQueueInProgress"
    assert error["Message"] == "Only one PurgeQueue operation on q is allowed every 60 seconds."
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert counters(sqs, queue_url) == (1, 0, 0)
    time_control.advance(0.001)
    response = sqs.purge_queue(QueueUrl=queue_url)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert counters(sqs, queue_url) == (0, 0, 0)


def test_refused_purge_does_not_restart_the_sixty_seconds(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    sqs.purge_queue(QueueUrl=queue_url)
    time_control.advance(30)
    with pytest.raises(sqs.exceptions.PurgeQueueInProgress):
        sqs.purge_queue(QueueUrl=queue_url)
    time_control.advance(30)
    sqs.purge_queue(QueueUrl=queue_url)
    time_control.advance(59.999)
    with pytest.raises(sqs.exceptions.PurgeQueueInProgress):
        sqs.purge_queue(QueueUrl=queue_url)


def test_deleted_name_is_blocked_until_exactly_sixty_seconds(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="old")
    sqs.delete_queue(QueueUrl=queue_url)
    time_control.advance(59.999)
    with pytest.raises(sqs.exceptions.QueueDeletedRecently) as excinfo:
        sqs.create_queue(QueueName="q")
    error = excinfo.value.response["Error"]
    assert error["Code"] == "AWS.SimpleQueueService.QueueDeletedRecently"
    assert error["QueryErrorCode"] == "QueueDeletedRecently"
    assert error["Message"] == (
        "You must wait 60 seconds after deleting a queue before you can create another with the "
        "same name."
    )
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    time_control.advance(0.001)
    again = sqs.create_queue(QueueName="q")["QueueUrl"]
    assert again == queue_url
    assert receive(sqs, again) == []
    sqs.send_message(QueueUrl=again, MessageBody="new")
    assert bodies(receive(sqs, again)) == ["new"]


def test_refused_create_does_not_restart_the_sixty_seconds(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    sqs.delete_queue(QueueUrl=queue_url)
    time_control.advance(59)
    with pytest.raises(sqs.exceptions.QueueDeletedRecently):
        sqs.create_queue(QueueName="q")
    time_control.advance(1)
    assert sqs.create_queue(QueueName="q")["QueueUrl"] == queue_url


def test_recreated_queue_has_a_new_purge_history(
    sqs: Any, queue_url: str, time_control: TimeControl
) -> None:
    sqs.purge_queue(QueueUrl=queue_url)
    sqs.delete_queue(QueueUrl=queue_url)
    time_control.advance(60)
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    response = sqs.purge_queue(QueueUrl=url)  # 60 s after the old purge, but a new queue anyway
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
