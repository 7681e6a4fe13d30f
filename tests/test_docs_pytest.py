"""docs/pytest.md is real code: every ``python`` block runs as its own test module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parent.parent / "docs" / "pytest.md"


def _blocks() -> list[tuple[str, str]]:
    """Return (section heading, code) for every python block, in page order."""
    text = PAGE.read_text(encoding="utf-8")
    found = []
    heading = "top"
    for match in re.finditer(r"^## ([^\n]+)$|```python\n(.*?)```", text, re.MULTILINE | re.DOTALL):
        if match.group(1):
            heading = match.group(1)
        else:
            found.append((heading, match.group(2)))
    return found


BLOCKS = _blocks()


@pytest.mark.parametrize(
    "code", [code for _, code in BLOCKS], ids=[heading for heading, _ in BLOCKS]
)
def test_block_passes(pytester: pytest.Pytester, code: str) -> None:
    pytester.makepyfile(test_doc_block=code)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    tests = len(re.findall(r"^\s*def test_", code, re.MULTILINE))
    assert tests > 0
    result.assert_outcomes(passed=tests)


def test_page_covers_every_fixture_and_ini_option() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for name in ("sqs_mock", "sqs_clock", "sqs_client", "sqs_server"):
        assert f"| `{name}` |" in text
    for option in ("sqsmock_region", "sqsmock_account_id", "sqsmock_autojump", "sqsmock_report"):
        assert f"| `{option}` |" in text
    assert len(BLOCKS) >= 6
