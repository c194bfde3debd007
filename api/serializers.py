"""Records as API items (schemas in api.schemas). Only public fields: never contact
persons or e-mail addresses, never moderators' notes or assessments' comments."""

from django.urls import reverse

from api import schemas
from spring_portal.licence import licence_data
from spring_portal.links import absolute_url


def _terms(related):
    return [schemas.Term(slug=t.slug, name=t.name) for t in related.all()]


def _organisation(org):
    if org is None:
        return None
    return schemas.OrganisationRef(
        slug=org.slug, name=org.name, url=absolute_url(org.get_absolute_url())
    )


def practice_item(p, detail=False):
    # A list page reads the terms of all its practices at once (api.practices.term_lists).
    terms = getattr(p, "api_terms", None) or {
        name: _terms(getattr(p, name)) for name in ("areas", "target_groups", "funding_programmes")
    }
    data = {
        "id": p.pk,
        "slug": p.slug,
        "url": absolute_url(p.get_absolute_url()),
        "title": p.title,
        "summary": p.summary,
        "countries": [c.code for c in p.countries],
        "region": p.region,
        "geographic_scope": p.geographic_scope,
        "areas": terms["areas"] if terms else _terms(p.areas),
        "target_groups": terms["target_groups"] if terms else _terms(p.target_groups),
        "funding_programmes": terms["funding_programmes"]
        if terms
        else _terms(p.funding_programmes),
        "organisation": _organisation(p.organisation if p.organisation_id else None),
        "start_date": p.start_date,
        "end_date": p.end_date,
        "ongoing": p.is_ongoing,
        "evidence_level": p.evidence_level,
        "website": p.website,
        "language": p.language,
        "published_at": p.published_at,
        "updated_at": p.updated_at,
    }
    if not detail:
        # A list's item: trusted values from the row, not validated (see views._page_json).
        return schemas.PracticeItem.model_construct(**data)
    return schemas.PracticeDetail(
        **data,
        license=licence_data(),
        description=p.description,
        partners=p.partners,
        budget_range=p.budget_range,
        outcomes=p.outcomes,
        evaluation_type=p.evaluation_type,
        evaluation_method=p.evaluation_method,
        evaluation_url=p.evaluation_url,
        evidence_of_effect=p.evidence_of_effect,
        sustainability=p.sustainability,
        transferability=p.transferability,
        innovation=p.innovation,
        inspiring_tools=p.inspiring_tools,
        documents=[
            schemas.FileLink(title=d.title, url=absolute_url(d.get_absolute_url()))
            for d in p.documents.all()
        ],
    )


def event_item(e, detail=False):
    data = {
        "id": e.pk,
        "slug": e.slug,
        "url": absolute_url(e.get_absolute_url()),
        "title": e.title,
        "summary": e.summary,
        "event_type": e.event_type,
        "format": e.format,
        "start": e.start,
        "end": e.end,
        "time_zone": str(e.time_zone),
        "venue": e.venue,
        "city": e.city,
        "country": e.country.code or "",
        "organiser": _organisation(e.organiser),
        "language": e.language,
        "calendar_url": absolute_url(reverse("events:ics", kwargs={"slug": e.slug})),
        "updated_at": e.updated_at,
    }
    if not detail:
        return schemas.EventItem(**data)
    return schemas.EventDetail(
        **data,
        license=licence_data(),
        description=e.description,
        agenda=e.agenda,
        registration_url=e.registration_url,
        recording_url=e.recording_url if e.is_past else "",
        key_insights=e.key_insights if e.is_past else "",
    )


def document_item(d, detail=False):
    data = {
        "id": d.pk,
        "slug": d.slug,
        "url": absolute_url(d.get_absolute_url()),
        "title": d.title,
        "summary": d.summary,
        "doc_type": d.doc_type,
        "languages": list(d.languages or []),
        "year": d.year,
        "publisher": d.publisher_name,
        "organisation": _organisation(d.organisation if d.organisation_id else None),
        "areas": _terms(d.areas),
        "target_groups": _terms(d.target_groups),
        "download_url": d.url
        or absolute_url(reverse("hub:document_download", kwargs={"slug": d.slug})),
        "published_at": d.published_at,
        "updated_at": d.updated_at,
    }
    if not detail:
        return schemas.DocumentItem(**data)
    return schemas.DocumentDetail(**data, license=licence_data())


def organisation_item(o, detail=False):
    data = {
        "slug": o.slug,
        "url": absolute_url(o.get_absolute_url()),
        "name": o.name,
        "acronym": o.acronym,
        "org_type": schemas.Term(slug=o.org_type.slug, name=o.org_type.name)
        if o.org_type_id
        else None,
        "is_community_of_practice": o.is_community_of_practice,
        "country": o.country.code or "",
        "city": o.city,
        "website": o.website,
        "areas": _terms(o.areas),
    }
    if not detail:
        return schemas.OrganisationItem(**data)
    return schemas.OrganisationDetail(**data, license=licence_data(), description=o.description)


def news_item(n, detail=False):
    data = {
        "slug": n.slug,
        "url": absolute_url(n.get_absolute_url()),
        "title": n.title,
        "summary": n.summary,
        "language": n.language,
        "tags": _terms(n.tags),
        "published_at": n.publish_at,
        "updated_at": n.updated_at,
    }
    if not detail:
        return schemas.NewsItem(**data)
    return schemas.NewsDetail(**data, license=licence_data(), body=n.body)


def call_item(c, detail=False):
    data = {
        "slug": c.slug,
        "url": absolute_url(c.get_absolute_url()),
        "title": c.title,
        "accepts": c.accepts,
        "opens_on": c.opens_on,
        "closes_on": c.closes_on,
        "is_open": c.is_open,
    }
    if not detail:
        return schemas.CallItem(**data)
    return schemas.CallDetail(**data, license=licence_data(), text=c.text)


def _party(org=None, name=""):
    """An organisation named on a project: with its slug and address only when its page
    is public (as on the project's page), else by name alone."""
    if org is not None and org.is_public:
        return schemas.PartyRef(
            name=org.name, slug=org.slug, url=absolute_url(org.get_absolute_url())
        )
    name = org.name if org is not None else name
    return schemas.PartyRef(name=name, slug=None, url=None) if name else None


def _linked(records):
    return [
        schemas.LinkedRecord(slug=r.slug, title=r.title, url=absolute_url(r.get_absolute_url()))
        for r in records
    ]


def project_item(p, detail=False):
    data = {
        "id": p.pk,
        "slug": p.slug,
        "url": absolute_url(p.get_absolute_url()),
        "title": p.title,
        "acronym": p.acronym,
        "programme": schemas.Term(slug=p.programme.slug, name=p.programme.name)
        if p.programme_id
        else None,
        "reference": p.reference,
        "start_year": p.start_year,
        "end_year": p.end_year,
        "summary": p.summary,
        "countries": [c.code for c in p.countries],
        "areas": _terms(p.areas),
        "coordinator": _party(p.coordinator if p.coordinator_id else None, p.coordinator_name),
        "website": p.website,
        "published_at": p.published_at,
        "updated_at": p.updated_at,
    }
    if not detail:
        return schemas.ProjectItem(**data)
    # The lists ProjectQuerySet.with_outputs() prefetches (published records only).
    partners = [_party(org) for org in p.partner_list]
    partners += [_party(name=name) for name in p.other_partner_list]
    return schemas.ProjectDetail(
        **data,
        license=licence_data(),
        results=p.results,
        partners=partners,
        practices=_linked(p.published_practices),
        documents=_linked(p.published_documents),
        events=_linked(p.published_events),
    )


def transfer_item(t, detail=False):
    organisation = t.organisation if t.organisation_id else None
    data = {
        "id": t.pk,
        "url": absolute_url(t.get_absolute_url()),
        "title": str(t.title),
        "practice": _linked([t.practice])[0],
        "country": t.country.code or "",
        "region": t.region,
        "city": t.city,
        # As on the practice's page: an organisation whose page is not public is not named.
        "organisation": _organisation(
            organisation if organisation and organisation.is_public else None
        ),
        "status": t.status,
        "start_date": t.start_date,
        "end_date": t.end_date,
        "adaptations": t.adaptations,
        "results": t.results,
        "confirmed_by_owners": t.is_confirmed,
        "published_at": t.published_at,
        "updated_at": t.updated_at,
    }
    if not detail:
        return schemas.TransferItem(**data)
    return schemas.TransferDetail(**data, license=licence_data())
