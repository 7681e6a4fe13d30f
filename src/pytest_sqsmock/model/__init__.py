"""The SQS simulation: pure Python, no botocore, no I/O, no global state.

Time comes in as ``now`` (integer epoch milliseconds) on every call.
"""
