import io

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations


def test_home_page_is_accessible(page, db):
    page.goto("/")
    assert page.locator("h1").count() == 1
    assert page.locator("html").get_attribute("lang") == "en"
    assert_no_axe_violations(page)


def test_about_page_lists_consortium_and_is_accessible(page, db):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    page.goto("/about/")
    assert page.get_by_role("heading", name="The consortium").is_visible()
    assert page.get_by_text("International Centre for Migration Policy Development").is_visible()
    assert_no_axe_violations(page)


def test_not_found_page_is_accessible(page, db):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert_no_axe_violations(page)


def test_skip_link_moves_focus_to_main(page, db):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_privacy_and_accessibility_pages_are_accessible(page, db):
    for path in ("/privacy/", "/accessibility/"):
        page.goto(path)
        assert page.locator("h1").count() == 1
        assert_no_axe_violations(page)


def test_layout_works_at_320_pixels(page, db):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False


@pytest.mark.parametrize("start", ["/events/", "/fr/practices/", "/de/about/"])
def test_language_switcher_reaches_every_language_from_every_language(page, start, db):
    """Regression: from /fr/… or /de/… the switcher sent the reader back unchanged."""
    names = {"en": "English", "fr": "Français", "de": "Deutsch"}
    page.goto(start)
    for target in ("fr", "de", "en", "de", "fr", "en"):
        current = page.locator("html").get_attribute("lang")
        if current == target:
            continue
        page.locator(".language-switcher").get_by_role(
            "link", name=names[target], exact=True
        ).click()
        expect(page.locator("html")).to_have_attribute("lang", target)
