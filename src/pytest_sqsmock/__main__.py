"""``python -m pytest_sqsmock serve``: an in-memory SQS endpoint outside pytest."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Sequence

from .mock import SqsMock


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535)")
    return int(text)


def _account_id(text: str) -> str:
    if not (text.isdigit() and len(text) == 12):
        raise argparse.ArgumentTypeError(f"{text!r} is not an AWS account id (12 digits)")
    return text


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
    serve.add_argument(
        "--port", type=_port, default=9324, help="port to listen on (default 9324; 0: any free)"
    )
    serve.add_argument("--region", default=None, help="region of requests that name none")
    serve.add_argument(
        "--account-id",
        type=_account_id,
        default=None,
        help="account id in queue URLs (default 123456789012)",
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
    """Run the command line; ``stop`` ends ``serve`` (tests), else Ctrl-C or SIGTERM does."""
    args = _parser().parse_args(argv)
    try:
        mock = SqsMock(region=args.region, account_id=args.account_id, queues=args.queue or None)
        mock.start()
    except ValueError as error:  # a --queue SQS would refuse (the name)
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        try:
            url = mock.serve(port=args.port)
        except OSError as error:
            print(f"error: cannot listen on 127.0.0.1:{args.port}: {error}", file=sys.stderr)
            return 1
        if stop is None:
            stop = threading.Event()
            if threading.current_thread() is threading.main_thread():
                # a process manager's SIGTERM ends it as cleanly as Ctrl-C
                signal.signal(signal.SIGTERM, lambda *_: stop.set())
        # Ctrl-C may come as soon as the line is out (a script waiting for it): stop quietly.
        with contextlib.suppress(KeyboardInterrupt):
            print(f"pytest-sqsmock: SQS endpoint {url} (region {mock.default_region})", flush=True)
            stop.wait()
    finally:
        mock.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
