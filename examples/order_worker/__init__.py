"""An order-processing worker on plain boto3: publisher, worker, queue setup, and their tests."""
