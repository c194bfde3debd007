import io

from django.core.management import call_command

from events.models import Event
from hub.models import Document, EvidenceSummary
from practices.models import Project


def test_demo_projects_link_practices_documents_and_events(db):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    spring = Project.objects.published().get(slug="spring")
    assert spring.programme.name == "AMIF"
    assert spring.coordinator.name == "Fondazione Iniziative e Studi sulla Multietnicità"
    assert spring.partners.count() == 8
    assert spring.practices.published().exists()
    assert Event.objects.filter(project=spring, slug="spring-launch-conference").exists()
    trips = Project.objects.get(slug="trips")
    assert Document.objects.filter(project=trips).exists()
    assert EvidenceSummary.objects.published().count() == 2
    assert all(s.sources() for s in EvidenceSummary.objects.all())
    call_command("seed_demo", "--reset", stdout=io.StringIO())
    assert Project.objects.filter(slug="spring").count() == 1
