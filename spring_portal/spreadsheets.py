"""Cells of the CSV files the portal writes (practice exports, registrant lists).

Spreadsheet programs run a cell starting with =, +, -, @, a tab or a carriage
return as a formula; member-written text must never do that (CSV injection,
OWASP). One guard for every export.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value) -> str:
    """The value as CSV text, lists joined with "; ", a leading quote before a formula."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(item) for item in value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
