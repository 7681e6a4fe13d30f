"""The docs pages are real code: every ``python`` block runs as its own test module.

(docs/time-travel.md has its own runner, tests/test_docs_time_travel.py.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGE = DOCS / "pytest.md"
PAGES = ("pytest.md", "ways-in.md")


def _blocks(page: Path = PAGE) -> list[tuple[str, str]]:
    """Return (page: section heading, code) for every python block, in page order."""
    text = page.read_text(encoding="utf-8")
    found = []
    heading = page.name
    for match in re.finditer(r"^## ([^\n]+)$|```python\n(.*?)```", text, re.MULTILINE | re.DOTALL):
        if match.group(1):
            heading = f"{page.name}: {match.group(1)}"
        else:
            found.append((heading, match.group(2)))
    return found


BLOCKS = [block for name in PAGES for block in _blocks(DOCS / name)]


@pytest.mark.parametrize(
    "code", [code for _, code in BLOCKS], ids=[heading for heading, _ in BLOCKS]
)
def test_block_passes(pytester: pytest.Pytester, code: str) -> None:
    pytester.makepyfile(test_doc_block=code)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    tests = len(re.findall(r"^\s*(?:async\s+)?def test_", code, re.MULTILINE))
    assert tests > 0
    result.assert_outcomes(passed=tests)


def test_page_covers_every_fixture_and_ini_option() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for name in ("sqs_mock", "sqs_clock", "sqs_client", "sqs_server"):
        assert f"| `{name}` |" in text
    for option in ("sqsmock_region", "sqsmock_account_id", "sqsmock_autojump", "sqsmock_report"):
        assert f"| `{option}` |" in text
    assert len(_blocks(PAGE)) >= 6


def test_ways_in_page_shows_each_way_in() -> None:
    headings = [heading for heading, _ in _blocks(DOCS / "ways-in.md")]
    for way in ("asyncio", "requests", "local endpoint", "Wire mode", "moto"):
        assert any(way in heading for heading in headings), way
