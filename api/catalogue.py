"""The DCAT-AP catalogue of the portal's open data (/api/v1/catalogue.jsonld).

One dcat:Dataset per kind of record, each with its distributions: the API list
endpoint, the nightly CSV and JSON downloads (with their JSON schema) and, where
the portal has one, the Atom feed. DCAT-AP 3.0 mandatory and recommended
properties are filled; data.europa.eu harvests such a document.
"""

from django.urls import reverse

from api.downloads import DATASETS, download_url, schema_url
from spring_portal.licence import LICENCE_URL
from spring_portal.links import absolute_url

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "adms": "http://www.w3.org/ns/adms#",
}
EU = "http://publications.europa.eu/resource/authority"
FORMATS = {
    "CSV": (f"{EU}/file-type/CSV", "text/csv"),
    "JSON": (f"{EU}/file-type/JSON", "application/json"),
    "ATOM": (f"{EU}/file-type/ATOM", "application/atom+xml"),
}
LANGUAGE_ENG = f"{EU}/language/ENG"


def _literal(text, language="en"):
    return {"@value": text, "@language": language}


def _publisher():
    return {
        "@id": absolute_url("/#publisher"),
        "@type": "foaf:Agent",
        "foaf:name": _literal("SPRING consortium"),
        "dct:type": {"@id": "http://purl.org/adms/publishertype/Academia-ScientificOrganisation"},
    }


def _distribution(dataset_id, suffix, title, url, fmt, conforms_to=None, access=True):
    format_uri, media_type = FORMATS[fmt]
    data = {
        "@id": f"{dataset_id}/distribution/{suffix}",
        "@type": "dcat:Distribution",
        "dct:title": _literal(title),
        "dcat:accessURL": {"@id": url},
        "dct:format": {"@id": format_uri},
        "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media_type}"},
        "dct:license": {"@id": LICENCE_URL},
    }
    if not access:
        data["dcat:downloadURL"] = {"@id": url}
    if conforms_to:
        data["dct:conformsTo"] = {"@id": conforms_to}
    return data


def catalogue() -> dict:
    catalogue_id = absolute_url(reverse("api-catalogue"))
    openapi = absolute_url(reverse("api-openapi"))
    datasets = []
    for dataset in DATASETS:
        dataset_id = absolute_url(f"/api/v1/datasets/{dataset.name}")
        distributions = [
            _distribution(
                dataset_id,
                "api",
                f"{dataset.title} (JSON API)",
                absolute_url(f"/api/v1/{dataset.name}"),
                "JSON",
                conforms_to=openapi,
            ),
            _distribution(
                dataset_id,
                "csv",
                f"{dataset.title} (CSV download)",
                download_url(dataset.name, "csv"),
                "CSV",
                conforms_to=schema_url(dataset.name),
                access=False,
            ),
            _distribution(
                dataset_id,
                "json",
                f"{dataset.title} (JSON download)",
                download_url(dataset.name, "json"),
                "JSON",
                conforms_to=schema_url(dataset.name),
                access=False,
            ),
        ]
        if dataset.feed:
            distributions.append(
                _distribution(
                    dataset_id,
                    "atom",
                    f"{dataset.title} (Atom feed)",
                    absolute_url(reverse(dataset.feed)),
                    "ATOM",
                )
            )
        datasets.append(
            {
                "@id": dataset_id,
                "@type": "dcat:Dataset",
                "dct:identifier": dataset_id,
                "dct:title": _literal(dataset.title),
                "dct:description": _literal(dataset.description),
                "dct:publisher": {"@id": absolute_url("/#publisher")},
                "dct:language": {"@id": LANGUAGE_ENG},
                "dct:accrualPeriodicity": {"@id": f"{EU}/frequency/DAILY"},
                "dcat:theme": {"@id": f"{EU}/data-theme/SOCI"},
                "dcat:keyword": [_literal(word) for word in dataset.keywords],
                "dcat:landingPage": {"@id": absolute_url(reverse(dataset.page))},
                "dcat:contactPoint": {
                    "@type": "vcard:Organization",
                    "vcard:fn": "SPRING portal editorial team",
                    "vcard:hasEmail": {"@id": "mailto:contact@spring-portal.eu"},
                },
                "dcat:distribution": distributions,
            }
        )
    return {
        "@context": CONTEXT,
        "@graph": [
            {
                "@id": catalogue_id,
                "@type": "dcat:Catalog",
                "dct:title": _literal("SPRING community portal open data"),
                "dct:description": _literal(
                    "Practices, events, documents, organisations, news, calls for "
                    "submissions, funded projects and transfers of practices on the "
                    "integration of migrants in Europe, published on the SPRING community "
                    "portal."
                ),
                "dct:publisher": {"@id": absolute_url("/#publisher")},
                "dct:license": {"@id": LICENCE_URL},
                "dct:language": {"@id": LANGUAGE_ENG},
                "foaf:homepage": {"@id": absolute_url("/")},
                "dcat:dataset": [{"@id": d["@id"]} for d in datasets],
            },
            _publisher(),
            *datasets,
        ],
    }
