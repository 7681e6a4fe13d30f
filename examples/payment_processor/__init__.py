"""A FIFO payment processor on plain boto3: retries with backoff, dead letters, redrive."""
