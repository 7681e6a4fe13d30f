"""The README's first example is real code: run it as a test file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_readme_example_passes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_readme_example=_python_blocks()[0])
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_readme_shows_both_test_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert 'python -m pip install -e ".[test]" && python -m pytest examples' in text
    assert 'python -m pip install -e ".[test]" && python -m pytest\n' in text
