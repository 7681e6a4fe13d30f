"""``python -m pytest_sqsmock serve``: an in-memory SQS endpoint outside pytest."""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
from collections.abc import Sequence

from .mock import SqsMock


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pytest_sqsmock",
        description="pytest-sqsmock: Amazon SQS in memory.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve",
        help="serve an in-memory SQS on 127.0.0.1 until interrupted",
        description="Serve an in-memory SQS (JSON and query protocols) on 127.0.0.1 until "
        "interrupted. Point clients at the printed endpoint URL.",
    )
    serve.add_argument("--port", type=int, default=9324, help="port to listen on (default 9324)")
    serve.add_argument("--region", default=None, help="region of requests that name none")
    serve.add_argument(
        "--account-id", default=None, help="account id in queue URLs (default 123456789012)"
    )
    serve.add_argument(
        "--queue",
        action="append",
        default=[],
        metavar="NAME",
        help="create this queue at start (repeatable; a .fifo suffix makes a FIFO queue)",
    )
    return parser


def main(argv: Sequence[str] | None = None, *, stop: threading.Event | None = None) -> int:
    """Run the command line; ``stop`` ends ``serve`` (tests), else Ctrl-C does."""
    args = _parser().parse_args(argv)
    mock = SqsMock(region=args.region, account_id=args.account_id, queues=args.queue or None)
    with mock:
        try:
            url = mock.serve(port=args.port)
        except OSError as error:
            print(f"error: cannot listen on 127.0.0.1:{args.port}: {error}", file=sys.stderr)
            return 1
        print(f"pytest-sqsmock: SQS endpoint {url} (region {mock.default_region})", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            (stop or threading.Event()).wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
