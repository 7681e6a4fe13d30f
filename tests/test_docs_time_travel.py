"""docs/time-travel.md is real code: run every python block on the page as its own test module."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import freezegun.api
import pytest
import time_machine

PAGE = Path(__file__).resolve().parent.parent / "docs" / "time-travel.md"

_HEADING = re.compile(r"^#{2,4} (.+)$", re.MULTILINE)
_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _slug(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


def _blocks() -> list[tuple[str, str]]:
    """Return (id from the nearest heading above, code) for every python block on the page."""
    text = PAGE.read_text(encoding="utf-8")
    headings = [(m.start(), m.group(1)) for m in _HEADING.finditer(text)]
    blocks = []
    for match in _BLOCK.finditer(text):
        above = [title for start, title in headings if start < match.start()]
        blocks.append((_slug(above[-1]) if above else "top", match.group(1)))
    return blocks


_BLOCKS = _blocks()


@pytest.mark.parametrize("code", [code for _, code in _BLOCKS], ids=[id_ for id_, _ in _BLOCKS])
def test_block_passes(pytester: pytest.Pytester, code: str) -> None:
    tests = len(re.findall(r"^def test_", code, re.MULTILINE))
    assert tests > 0, "every block on the page is a test module"
    pytester.makepyfile(test_recipe=code)

    result = pytester.runpytest("-p", "no:cacheprovider")  # in-process: twice as fast

    result.assert_outcomes(passed=tests)
    # nothing the recipe froze may outlive it, or later tests in this process would see it
    assert not freezegun.api.freeze_factories
    assert not time_machine.traveller_stack
    assert dt.datetime.now().__class__ is dt.datetime
    assert abs(time.time() - time.clock_gettime(time.CLOCK_REALTIME)) < 60


def test_block_ids_are_unique() -> None:
    ids = [id_ for id_, _ in _BLOCKS]
    assert len(ids) == len(set(ids))


def test_page_has_the_seven_recipes_each_with_code() -> None:
    recipes = re.findall(r"^### ((\d+)\. .+)$", PAGE.read_text(encoding="utf-8"), re.MULTILINE)
    assert [number for _, number in recipes] == [str(n) for n in range(1, len(recipes) + 1)]
    assert len(recipes) >= 7
    with_code = {id_ for id_, _ in _BLOCKS}
    assert [title for title, _ in recipes if _slug(title) not in with_code] == []
