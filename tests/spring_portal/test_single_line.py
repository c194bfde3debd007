import pytest
from django.core.exceptions import ValidationError

from events.models import Event, Material, Speaker
from hub.models import Call, Document, NewsPost
from practices.models import Practice
from spring_portal.text import single_line, validate_single_line

ONE_LINE_FIELDS = [
    (Event, "title"),
    (Event, "venue"),
    (Event, "address"),
    (Event, "city"),
    (Event, "summary"),
    (Speaker, "name"),
    (Speaker, "affiliation"),
    (Material, "title"),
    (Practice, "title"),
    (NewsPost, "title"),
    (Call, "title"),
    (Document, "title"),
]
BREAKS = ["Line one\nLine two", "Line one\r\nLine two", "a\rb", "a\tb", "a\x0bb", "a\u2028b"]


@pytest.mark.parametrize(("model", "name"), ONE_LINE_FIELDS)
@pytest.mark.parametrize("value", BREAKS)
def test_one_line_fields_refuse_line_breaks(model, name, value):
    field = model._meta.get_field(name)
    with pytest.raises(ValidationError) as refused:
        field.clean(value, None)
    assert [error.code for error in refused.value.error_list] == ["single_line"]


@pytest.mark.parametrize(("model", "name"), ONE_LINE_FIELDS)
def test_one_line_fields_accept_plain_unicode(model, name):
    assert model._meta.get_field(name).clean("Café – São Paulo", None) == "Café – São Paulo"


def test_validate_single_line_accepts_empty():
    assert validate_single_line("") is None


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("Line one\nLine two", "Line one Line two"),
        ("  a\r\n\r\nb\t c\x00d\u2029e\x85f  ", "a b c d e f"),
        ("", ""),
        (None, ""),
    ],
)
def test_single_line_normalises_stored_text(stored, shown):
    assert single_line(stored) == shown
