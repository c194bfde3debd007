"""Machine drafts through a local HTTP server that speaks DeepL's documented API v2."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from spring_portal import machine_translation
from spring_portal.content_translations import ContentTranslation, localize
from spring_portal.moderation import ModerationState, transition
from tests.factories import ModeratorFactory, UserFactory
from tests.practices.factories import PublishedPracticeFactory

S = ModerationState
KEY = "test-key:fx"


class FakeDeepL(BaseHTTPRequestHandler):
    """POST /v2/translate with JSON {text: [...], source_lang, target_lang} and the
    header "Authorization: DeepL-Auth-Key <key>"; answers {translations: [{...}]}."""

    requests: list = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeDeepL.requests.append(
            {"path": self.path, "auth": self.headers["Authorization"], **body}
        )
        if self.path != "/v2/translate" or self.headers["Authorization"] != f"DeepL-Auth-Key {KEY}":
            self.send_response(403)
            self.end_headers()
            return
        answer = {
            "translations": [
                {
                    "detected_source_language": body["source_lang"],
                    "text": f"[{body['target_lang']}] {text}",
                }
                for text in body["text"]
            ]
        }
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def deepl(settings):
    FakeDeepL.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeDeepL)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.DEEPL_API_KEY = KEY
    settings.DEEPL_API_URL = f"http://127.0.0.1:{server.server_port}"
    yield FakeDeepL
    server.shutdown()
    server.server_close()


@pytest.fixture
def practice(db):
    return PublishedPracticeFactory(
        language="it",
        title="Italia: Corsi di lingua",
        summary="Corsi settimanali.",
        description="Incontri in biblioteca.",
        outcomes="",
    )


def test_translate_speaks_the_documented_api(deepl):
    result = machine_translation.translate(["Ciao", "", "Mondo"], "it", "fr")

    assert result == ["[FR] Ciao", "", "[FR] Mondo"]
    request = deepl.requests[0]
    assert request["path"] == "/v2/translate"
    assert request["auth"] == f"DeepL-Auth-Key {KEY}"
    assert request["text"] == ["Ciao", "Mondo"]
    assert request["source_lang"] == "IT"
    assert request["target_lang"] == "FR"


def test_english_target_is_a_regional_variant(deepl):
    machine_translation.translate(["Ciao"], "it", "en")

    assert deepl.requests[0]["target_lang"] == "EN-GB"


def test_refused_key_raises_a_clear_error(deepl, settings):
    settings.DEEPL_API_KEY = "wrong"

    with pytest.raises(machine_translation.MachineTranslationError):
        machine_translation.translate(["Ciao"], "it", "fr")


def test_unreachable_provider_raises_a_clear_error(settings):
    settings.DEEPL_API_KEY = KEY
    settings.DEEPL_API_URL = "http://127.0.0.1:9"

    with pytest.raises(machine_translation.MachineTranslationError):
        machine_translation.translate(["Ciao"], "it", "fr")


def test_without_provider_nothing_is_offered(settings):
    settings.DEEPL_API_KEY = ""

    assert not machine_translation.available()


@pytest.mark.django_db
def test_moderator_creates_a_machine_draft_reviewed_before_publication(client, deepl, practice):
    moderator = ModeratorFactory()
    client.force_login(moderator)
    url = practice.get_absolute_url()

    page = client.get(url).content.decode()
    assert "Create a machine draft" in page
    response = client.post(localize(practice).machine_url, {"language": "fr"})

    draft = ContentTranslation.objects.get()
    assert response["Location"] == reverse(
        "admin:spring_portal_contenttranslation_change", args=[draft.pk]
    )
    assert draft.state == S.DRAFT
    assert draft.is_machine and draft.machine_provider == "DeepL"
    assert draft.title == "[FR] Italia: Corsi di lingua"
    assert draft.sections == {"description": "[FR] Incontri in biblioteca."}
    # Not shown until a person has reviewed and published it.
    client.logout()
    assert "[FR] Italia" not in client.get(f"/fr{url}").content.decode()

    draft.title = "Italie : cours de langue"
    draft.save()
    transition(draft, S.SUBMITTED, moderator)
    transition(draft, S.PUBLISHED, moderator)

    page = client.get(f"/fr{url}").content.decode()
    assert "Italie : cours de langue" in page
    assert "DeepL" in page  # labelled as machine translation


@pytest.mark.django_db
def test_member_cannot_create_a_machine_draft(client, deepl, practice):
    client.force_login(UserFactory())

    response = client.post(localize(practice).machine_url, {"language": "fr"})

    assert response.status_code == 403
    assert not ContentTranslation.objects.exists()


@pytest.mark.django_db
def test_machine_draft_without_provider_is_404(client, settings, practice):
    settings.DEEPL_API_KEY = ""
    client.force_login(ModeratorFactory())

    response = client.post(localize(practice).machine_url, {"language": "fr"})

    assert response.status_code == 404


@pytest.mark.django_db
def test_provider_failure_is_a_message_not_a_500(client, settings, practice):
    settings.DEEPL_API_KEY = KEY
    settings.DEEPL_API_URL = "http://127.0.0.1:9"
    client.force_login(ModeratorFactory())

    response = client.post(localize(practice).machine_url, {"language": "fr"}, follow=True)

    assert response.status_code == 200
    assert "did not answer" in response.content.decode()
    assert not ContentTranslation.objects.exists()


@pytest.mark.django_db
def test_no_machine_button_without_provider(client, settings, practice):
    settings.DEEPL_API_KEY = ""
    client.force_login(ModeratorFactory())

    assert "Create a machine draft" not in client.get(practice.get_absolute_url()).content.decode()
