import pytest
from django.utils import translation

from spring_portal.facets import Facet, facet_counts
from spring_portal.models import IntegrationArea
from tests.factories import OrganisationFactory


@pytest.mark.django_db
def test_terms_are_named_in_the_active_language():
    area = IntegrationArea.objects.get(slug="language-learning")
    with translation.override("fr"):
        assert str(area) == "Apprentissage des langues"
    with translation.override("de"):
        assert str(area) == "Spracherwerb"
    assert str(area) == "Language learning"


@pytest.mark.django_db
def test_term_without_translation_falls_back_to_english():
    area = IntegrationArea.objects.create(name="Digital inclusion", slug="digital-inclusion")
    with translation.override("de"):
        assert area.label == "Digital inclusion"


@pytest.mark.django_db
def test_facet_labels_follow_the_language():
    organisation = OrganisationFactory()
    organisation.areas.add(IntegrationArea.objects.get(slug="housing-and-settlement"))
    facet = Facet("area", "Area", "areas__slug", label_field="areas__name")
    with translation.override("fr"):
        result = facet_counts(type(organisation).objects.all(), facet)
    assert [v.label for v in result.values] == ["Logement et installation"]
