from __future__ import annotations

from typing import Any


def test_send_receive_delete_round_trip(sqs: Any, queue_url: str) -> None:
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody="hello")
    received = sqs.receive_message(QueueUrl=queue_url)["Messages"]
    assert [m["Body"] for m in received] == ["hello"]
    assert received[0]["MessageId"] == sent["MessageId"]
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=received[0]["ReceiptHandle"])
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url)
