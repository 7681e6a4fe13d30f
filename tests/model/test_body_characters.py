"""check_body's fast path (printable text) accepts exactly what SQS's character set allows."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_sqsmock.model.errors import SqsError
from pytest_sqsmock.model.message import check_body

# SQS's documented set: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF
ALLOWED = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]+")


def _accepted(body: str) -> bool:
    try:
        check_body(body)
    except SqsError as error:
        code = error.code
    else:
        return True
    if code != "InvalidMessageContents":
        pytest.fail(f"check_body({body!r}) raised {code}, not InvalidMessageContents")
    return False


@given(st.text(alphabet=st.characters(codec=None), min_size=1, max_size=40))
def test_accepts_exactly_the_documented_characters(body: str) -> None:
    assert _accepted(body) == bool(ALLOWED.fullmatch(body))


@pytest.mark.parametrize(
    ("body", "ok"),
    [
        ('{"order": 1}', True),
        ("tab\tnew\nline\r", True),
        ("emoji \U0001f600", True),
        ("private use \ue000", True),
        ("last \ufffd", True),
        ("nul \x00", False),
        ("bell \x07", False),
        ("noncharacter \ufffe", False),
        ("lone surrogate \ud800", False),
    ],
)
def test_edges(body: str, ok: bool) -> None:
    assert _accepted(body) == ok
