"""Hypothesis strategies for hostile input: what a robot or a careless client may send."""

from hypothesis import strategies as st

# Characters that have broken web applications: NUL, other controls, bidi overrides,
# surrogate-free astral symbols, combining marks, HTML and SQL metacharacters.
NASTY = st.sampled_from(
    [
        "\x00",
        "\x01",
        "\x1b",
        "\x7f",
        "\u202e",
        "\ufeff",
        "\U0001f600",
        "e\u0301",
        "<script>alert(1)</script>",
        "'; DROP TABLE members_user; --",
        "%00",
        "../../etc/passwd",
        "{{ 7*7 }}",
        "\r\n",
    ]
)

TEXT = st.one_of(
    st.text(max_size=40),
    st.text(min_size=1, max_size=5).map(lambda s: s * 3000),  # long strings
    st.lists(NASTY, min_size=1, max_size=4).map("".join),
    st.tuples(st.text(max_size=10), NASTY, st.text(max_size=10)).map("".join),
)

NUMBER = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["1e308", "-1", "0", "NaN", "inf", "99999999999999999999", "1.5", "0x10"]),
)

SCALAR = st.one_of(TEXT, NUMBER, st.just(""))
# A value as the test client sends it: a string or a list (repeated keys).
VALUE = st.one_of(SCALAR, st.lists(SCALAR, min_size=2, max_size=3))


def form_data(fields, value=VALUE):
    """Dictionaries over `fields` (and a stray key): any subset, any hostile value."""
    return st.fixed_dictionaries({}, optional=dict.fromkeys([*fields, "unexpected"], value))


def worst_cases(fields):
    """Deterministic data every run tries first: each field NUL, huge, long, a list."""
    return [
        dict.fromkeys(fields, "a\x00b"),
        dict.fromkeys(fields, "\x01\x1b\u202e<b>"),
        dict.fromkeys(fields, "9" * 40),
        dict.fromkeys(fields, "-1"),
        dict.fromkeys(fields, "x" * 20000),
        dict.fromkeys(fields, ["1", "a\x00", "2"]),
        {},
    ]
