import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages_exist_in_three_languages_with_hreflang(client):
    response = client.get("/fr/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    for code, path in (("en", "/about/"), ("fr", "/fr/about/"), ("de", "/de/about/")):
        assert f'hreflang="{code}" href="http://testserver{path}"' in html


@pytest.mark.django_db
def test_switcher_names_each_language_in_itself(client):
    html = client.get("/").content.decode()
    assert 'lang="fr"' in html and "Français" in html
    assert 'lang="de"' in html and "Deutsch" in html


@pytest.mark.django_db
def test_first_visit_follows_the_browser_language(client):
    response = client.get("/about/?x=1", headers={"accept-language": "de-DE,de;q=0.9,en;q=0.5"})
    assert response.status_code == 302
    assert response.url == "/de/about/?x=1"


@pytest.mark.django_db
def test_a_chosen_language_is_remembered_over_the_browser(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/about/", headers={"accept-language": "fr"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_switching_language_redirects_to_the_same_page_and_sets_cookie(client, settings):
    response = client.get(reverse("switch_language"), {"language": "fr", "next": "/about/"})
    assert response.status_code == 302
    assert response.url == "/fr/about/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


@pytest.mark.django_db
def test_member_language_is_stored_on_profile(member_client, member):
    member_client.get(reverse("switch_language"), {"language": "de", "next": "/"})
    member.refresh_from_db()
    assert member.language == "de"


@pytest.mark.django_db
def test_unknown_language_is_ignored(client):
    response = client.get(reverse("switch_language"), {"language": "xx", "next": "/about/"})
    assert response.status_code == 302
    assert client.get("/about/").status_code == 200


@pytest.mark.django_db
def test_switch_never_redirects_off_site(client):
    response = client.get(
        reverse("switch_language"), {"language": "de", "next": "https://evil.example/"}
    )
    assert response.url == "/de/"


@pytest.mark.django_db
def test_public_pages_carry_no_csrf_token_so_they_can_be_cached(client):
    response = client.get("/about/")
    assert b"csrfmiddlewaretoken" not in response.content
    assert "csrftoken" not in response.cookies


PAGES = ["/", "/about/", "/events/", "/practices/?q=language", "/documents/"]
PREFIX = {"en": "", "fr": "/fr", "de": "/de"}


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("source", "target"),
    [(a, b) for a in ("en", "fr", "de") for b in ("en", "fr", "de") if a != b],
)
def test_switching_works_between_every_pair_of_languages(client, page, source, target):
    """Regression: from /fr/… or /de/… the switch used to send the reader back unchanged."""
    response = client.get(
        reverse("switch_language"), {"language": target, "next": PREFIX[source] + page}
    )
    assert response.status_code == 302
    assert response.url == PREFIX[target] + page
    assert client.get(response.url).status_code == 200


@pytest.mark.django_db
def test_german_header_translates_the_tagline(client):
    """Regression: the German catalogue left "Sustainable Practices of Integration" in English."""
    page = client.get("/de/about/").content.decode()
    assert "Nachhaltige Integrationspraktiken" in page
    assert "Sustainable Practices of Integration" not in page
