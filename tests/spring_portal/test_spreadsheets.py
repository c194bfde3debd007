"""The one CSV cell guard behind every export."""

import pytest

from spring_portal.spreadsheets import safe_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+32 2 123", "'+32 2 123"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("\ncmd", "'\ncmd"),
        ("Plain text", "Plain text"),
        (None, ""),
        ("", ""),
        (["BE", "=1"], "BE; =1"),
        (["=1", "BE"], "'=1; BE"),
        (2021, "2021"),
    ],
)
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell
