"""schema.org descriptions of hub pages (JSON-LD in the page head)."""

from spring_portal.links import absolute_url
from spring_portal.text import plain_excerpt

PUBLISHER = {"@type": "Organization", "name": "SPRING – Sustainable Practices of Integration"}


def news_schema(post):
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": post.title,
        "description": plain_excerpt(post.summary, 300),
        "datePublished": post.publish_at.isoformat(),
        "dateModified": post.updated_at.isoformat(),
        "inLanguage": post.language,
        "url": absolute_url(post.get_absolute_url()),
        "publisher": PUBLISHER,
        "about": [tag.name for tag in post.tags.all()],
    }
    if post.image:
        data["image"] = absolute_url(post.image.url)
    return data


def document_schema(document):
    data = {
        "@context": "https://schema.org",
        "@type": "Report" if document.doc_type == "report" else "CreativeWork",
        "name": document.title,
        "abstract": plain_excerpt(document.summary, 500),
        "genre": str(document.get_doc_type_display()),
        "inLanguage": document.languages,
        "datePublished": str(document.year),
        "url": absolute_url(document.get_absolute_url()),
        "about": [area.name for area in document.areas.all()],
        "audience": [
            {"@type": "Audience", "audienceType": group.name}
            for group in document.target_groups.all()
        ],
    }
    if document.publisher_name:
        data["publisher"] = {"@type": "Organization", "name": document.publisher_name}
    if document.url:
        data["sameAs"] = document.url
    return data


def call_schema(call):
    return {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": call.title,
        "text": plain_excerpt(call.text, 500),
        "datePublished": call.opens_on.isoformat(),
        "expires": call.closes_on.isoformat(),
        "url": absolute_url(call.get_absolute_url()),
        "publisher": PUBLISHER,
    }
