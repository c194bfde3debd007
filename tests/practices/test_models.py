"""Evidence levels, search vectors, uploads and the shared facet/search helpers."""

import pytest
from django.core.exceptions import ValidationError

from practices.enums import EvidenceLevel
from practices.models import CRITERIA, Practice, evidence_level_for
from practices.uploads import check_pdf, process_image
from spring_portal import search
from spring_portal.facets import Facet, count_facets
from spring_portal.models import IntegrationArea
from tests.practices.factories import (
    AssessmentFactory,
    PublishedPracticeFactory,
    image_upload,
    pdf_upload,
)

NAMES = [name for name, _label in CRITERIA]


def scores(*values):
    return dict(zip(NAMES, values, strict=True))


@pytest.mark.parametrize(
    ("values", "level"),
    [
        ((3, 3, 3, 2, 2, 2, 2), EvidenceLevel.BEST),
        ((2, 2, 2, 2, 2, 2, 2), EvidenceLevel.GOOD),
        ((3, 2, 3, 3, 3, 3, 3), EvidenceLevel.BEST),
        ((3, 3, 3, 3, 3, 3, 1), EvidenceLevel.GOOD),
        ((3, 1, 1, 2, 1, 1, 0), EvidenceLevel.PROMISING),
        ((1, 3, 3, 3, 3, 3, 3), ""),
        ((2, 1, 1, 1, 1, 1, 1), ""),
        ((3, 3, 3, None, 3, 3, 3), ""),
    ],
)
def test_evidence_level_rule(values, level):
    assert evidence_level_for(scores(*values)) == level


@pytest.mark.django_db
def test_assessment_save_sets_level_and_full_save_keeps_it():
    practice = AssessmentFactory().practice
    practice.title = "Renamed"
    practice.save()
    assert Practice.objects.get(pk=practice.pk).evidence_level == EvidenceLevel.BEST


@pytest.mark.django_db
def test_search_vector_weights_title_above_summary():
    practice = PublishedPracticeFactory(title="Zebra houses", summary="Zebra summary only")
    vector = Practice.objects.filter(pk=practice.pk).values_list("search_vector", flat=True)[0]
    assert "'zebra':1A" in vector
    assert "B" in vector


@pytest.mark.django_db
def test_search_vector_follows_area_changes():
    practice = PublishedPracticeFactory()
    practice.areas.set([IntegrationArea.objects.get(slug="housing-and-settlement")])
    assert list(search.search(Practice.objects.all(), "housing")) == [practice]


@pytest.mark.django_db
def test_search_empty_text_returns_queryset_unchanged():
    PublishedPracticeFactory()
    assert search.search(Practice.objects.all(), "   ").count() == 1


def test_highlight_escapes_text_and_marks_matches():
    raw = f"<i>x</i> {search._START}word{search._STOP}"
    assert search.highlight(raw) == "&lt;i&gt;x&lt;/i&gt; <mark>word</mark>"


@pytest.mark.django_db
def test_facet_counts_one_query_per_facet(django_assert_num_queries):
    PublishedPracticeFactory(countries=["DK", "SE"])
    PublishedPracticeFactory(countries=["DK"])
    facets = [
        Facet("country", "Country", "countries", separator=","),
        Facet("area", "Area", "areas__slug", label_field="areas__name"),
    ]
    with django_assert_num_queries(2):
        result = count_facets(Practice.objects.all(), facets, {"country": ["SE", "FI"]})
    countries = {v.value: (v.count, v.selected) for v in result[0].values}
    assert countries == {"DK": (2, False), "SE": (1, True), "FI": (0, True)}
    assert [(v.value, v.count) for v in result[1].values] == [("language-learning", 2)]


def test_process_image_refuses_non_images():
    upload = pdf_upload(name="x.jpg")
    with pytest.raises(ValidationError):
        process_image(upload)


def test_process_image_converts_png_with_alpha_to_png():
    from PIL import Image

    upload = image_upload(fmt="PNG")
    result = process_image(upload)
    assert result.name.endswith((".jpg", ".png"))
    Image.open(result).verify()


def test_check_pdf_refuses_large_files():
    big = pdf_upload(content=b"%PDF-1.4" + b"0" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError):
        check_pdf(big)
