"""The practice form people finish: required marks, the country chooser, upload rows
and the moderators' request above the form."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from practices.forms import PracticeForm
from practices.models import REQUIRED_FOR_REVIEW, Practice, PracticeDocument, PracticeImage
from spring_portal.countries import EU_EEA
from spring_portal.moderation import ModerationState, transition
from tests.practices.factories import PracticeFactory, image_upload, pdf_upload
from tests.practices.test_submission import SUBMIT_URL, complete_data

S = ModerationState
MARKER = "(required)"


def _field_html(form, name):
    return render_to_string("ui/field.html", {"field": form[name]})


@pytest.mark.django_db
def test_required_markers_on_each_field_needed_for_review(member_client):
    html = member_client.get(SUBMIT_URL).content.decode()
    markers = re.findall(r'<span class="field__required">\s*\(required\)\s*</span>', html)
    assert len(markers) == len(REQUIRED_FOR_REVIEW)


@pytest.mark.django_db
def test_required_marker_and_attribute_on_a_text_field(member):
    html = _field_html(PracticeForm(user=member), "title")
    assert MARKER in html
    tag = re.search(r'<input[^>]*id="id_title"[^>]*>', html).group(0)
    assert re.search(r"\srequired[\s>]", tag)
    # The marker stays outside the label: the label names the field, `required` says the rest.
    assert re.search(r'<label for="id_title">Title</label>', html)


@pytest.mark.django_db
def test_required_marker_in_the_legend_of_a_checkbox_group(member):
    html = _field_html(PracticeForm(user=member), "areas")
    legend = re.search(r"<legend>(.*?)</legend>", html, re.S).group(1)
    assert MARKER in legend
    # `required` on each checkbox would mean "tick them all".
    assert " required" not in html


@pytest.mark.django_db
def test_optional_field_has_no_required_marker(member):
    html = _field_html(PracticeForm(user=member), "region")
    assert MARKER not in html
    assert " required" not in html


@pytest.mark.django_db
def test_draft_still_saves_with_required_fields_empty(member_client, member):
    response = member_client.post(
        SUBMIT_URL, complete_data(summary="", countries=[], action="draft")
    )
    assert response.status_code == 302
    assert Practice.objects.get(created_by=member).summary == ""


@pytest.mark.django_db
def test_blank_upload_rows_have_no_delete_checkbox(member_client):
    html = member_client.get(SUBMIT_URL).content.decode()
    assert 'name="images-0-image"' in html
    assert 'name="documents-0-file"' in html
    assert "-DELETE" not in html


@pytest.mark.django_db
def test_existing_uploads_have_a_delete_checkbox_and_blank_rows_none(member_client, member):
    practice = PracticeFactory(created_by=member)
    PracticeImage.objects.create(practice=practice, image=image_upload(), alt_text="A café")
    PracticeDocument.objects.create(practice=practice, file=pdf_upload(), title="Report")
    html = member_client.get(reverse("practices:edit", args=[practice.pk])).content.decode()
    assert 'name="images-0-DELETE"' in html
    assert 'name="documents-0-DELETE"' in html
    assert 'name="images-1-image"' in html
    assert 'name="images-1-DELETE"' not in html
    assert 'name="documents-1-DELETE"' not in html


@pytest.mark.django_db
def test_country_chooser_lists_eu_and_eea_first(member_client):
    html = member_client.get(SUBMIT_URL).content.decode()
    codes = re.findall(r'<input type="checkbox" name="countries" value="([A-Z]{2})"', html)
    assert len(codes) > 200
    assert set(codes[: len(EU_EEA)]) == EU_EEA
    assert codes[len(EU_EEA)] == "AF"  # then the others, alphabetically
    eu_heading, other_heading = html.index("EU and EEA"), html.index("Other countries")
    assert eu_heading < html.index('value="AT"') < other_heading < html.index('value="AF"')
    assert "<select" not in html.split('id="id_countries"')[1].split("</fieldset>")[0]


@pytest.mark.django_db
def test_country_chooser_ticks_the_saved_countries(member_client, member):
    practice = PracticeFactory(created_by=member, countries=["BE", "NO"])
    html = member_client.get(reverse("practices:edit", args=[practice.pk])).content.decode()
    ticked = re.findall(
        r'<input type="checkbox" name="countries" value="([A-Z]{2})"[^>]*checked', html
    )
    assert sorted(ticked) == ["BE", "NO"]


@pytest.mark.django_db
def test_countries_posted_as_before_are_saved(member_client, member):
    response = member_client.post(SUBMIT_URL, complete_data(countries=["BE", "TR"], action="draft"))
    assert response.status_code == 302
    assert [c.code for c in Practice.objects.get(created_by=member).countries] == ["BE", "TR"]


@pytest.mark.django_db
def test_unknown_country_is_refused_in_place(member_client):
    response = member_client.post(SUBMIT_URL, complete_data(countries=["XX"], action="draft"))
    assert response.status_code == 200
    assert "countries" in response.context["form"].errors


@pytest.mark.django_db
def test_moderator_message_shown_on_edit_after_changes_requested(client, moderator):
    practice = PracticeFactory(state=S.SUBMITTED)
    transition(practice, S.CHANGES_REQUESTED, moderator, message="Please add numbers.")
    client.force_login(practice.created_by)
    html = client.get(reverse("practices:edit", args=[practice.pk])).content.decode()
    assert "The moderators asked for changes" in html
    assert "Please add numbers." in html
    assert html.index("Please add numbers.") < html.index("form-savebar")


@pytest.mark.django_db
def test_no_moderator_message_on_a_plain_draft(member_client, member):
    practice = PracticeFactory(created_by=member)
    html = member_client.get(reverse("practices:edit", args=[practice.pk])).content.decode()
    assert "The moderators asked for changes" not in html


@pytest.mark.django_db
def test_sections_are_fieldsets_listed_in_the_step_list(member_client):
    html = member_client.get(SUBMIT_URL).content.decode()
    sections = re.findall(r'<fieldset id="section-([a-z]+)" class="form-section">', html)
    assert sections == [
        "about",
        "where",
        "organisation",
        "dates",
        "results",
        "quality",
        "contact",
        "images",
    ]
    for sid in sections:
        assert f'href="#section-{sid}"' in html
    assert 'value="draft"' in html.split('class="form-savebar"')[1]
