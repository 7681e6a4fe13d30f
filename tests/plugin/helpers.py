"""Helpers for plugin tests."""

from __future__ import annotations

import pytest


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """Run pytest on the generated files in a fresh interpreter (plugins load by entry point)."""
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rA", *args)
