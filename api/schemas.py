"""The API's response shapes: every field described (they become the OpenAPI document).

The answers are built from these models (model_dump_json), so what is served and
what is documented cannot drift apart.
"""

import datetime

from ninja import Schema
from pydantic import Field


class Licence(Schema):
    id: str = Field(description="SPDX identifier of the licence of the content.")
    name: str = Field(description="Full name of the licence.")
    url: str = Field(description="Address of the licence text.")
    attribution: str = Field(description="Whom to credit when reusing the content.")


class Term(Schema):
    slug: str = Field(description="Stable identifier of the taxonomy term, used in filters.")
    name: str = Field(description="English name of the term.")


class OrganisationRef(Schema):
    slug: str = Field(description="Identifier of the organisation in the API.")
    name: str = Field(description="Name of the organisation.")
    url: str = Field(description="Address of the organisation's page on the portal.")


class FacetValue(Schema):
    value: str = Field(description="The value to pass in the facet's filter parameter.")
    label: str = Field(description="English label of the value.")
    count: int = Field(description="Items of the current result carrying this value.")
    selected: bool = Field(description="Whether the request filters on this value.")


class Facet(Schema):
    name: str = Field(description="Query parameter of the facet.")
    label: str = Field(description="English label of the facet.")
    values: list[FacetValue] = Field(description="Values found in the current result.")


class Page(Schema):
    license: Licence = Field(description="Licence under which the items may be reused.")
    count: int = Field(description="Number of items matching the filters, on all pages.")
    next_cursor: str | None = Field(
        description="Opaque cursor of the next page (pass it as `cursor`); null on the last."
    )
    next: str | None = Field(description="Full address of the next page; null on the last.")
    facets: list[Facet] = Field(
        description="Counts per value of each filterable facet over the whole result."
    )


class PracticeItem(Schema):
    id: int = Field(description="Numeric identifier of the practice.")
    slug: str = Field(description="Identifier of the practice in URLs.")
    url: str = Field(description="Address of the practice's page on the portal.")
    title: str = Field(description="Title, EWSI style: 'Country: name – organisation'.")
    summary: str = Field(description="One-paragraph summary (plain text or Markdown).")
    countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes of the countries.")
    region: str = Field(description="Region or city where it runs; may be empty.")
    geographic_scope: str = Field(
        description="local, regional, national or transnational; may be empty."
    )
    areas: list[Term] = Field(description="Integration areas the practice works in.")
    target_groups: list[Term] = Field(description="Groups of people the practice serves.")
    funding_programmes: list[Term] = Field(description="Sources of funding.")
    organisation: OrganisationRef | None = Field(
        description="Organisation running the practice; null when none is named."
    )
    start_date: datetime.date | None = Field(description="Start date; null when unknown.")
    end_date: datetime.date | None = Field(description="End date; null when unknown.")
    ongoing: bool = Field(description="Whether the practice is still running.")
    evidence_level: str = Field(
        description="Evidence level given by the moderators' assessment; empty if none."
    )
    website: str = Field(description="Website of the practice; may be empty.")
    language: str = Field(description="Language code of the record (ISO 639-1).")
    published_at: datetime.datetime | None = Field(description="When it was first published.")
    updated_at: datetime.datetime = Field(description="When the record last changed.")


class FileLink(Schema):
    title: str = Field(description="Title of the file.")
    url: str = Field(description="Address to download it from.")


class PracticeDetail(PracticeItem):
    license: Licence = Field(description="Licence under which the record may be reused.")
    description: str = Field(description="Full description: goals, activities, method.")
    partners: str = Field(description="Partner organisations; may be empty.")
    budget_range: str = Field(description="Budget range code; may be empty.")
    outcomes: str = Field(description="Results and outcomes; may be empty.")
    evaluation_type: str = Field(description="none, internal or external; may be empty.")
    evaluation_method: str = Field(description="How it was evaluated; may be empty.")
    evaluation_url: str = Field(description="Link to the evaluation report; may be empty.")
    evidence_of_effect: str = Field(description="Evidence of effect; may be empty.")
    sustainability: str = Field(description="How it is sustained; may be empty.")
    transferability: str = Field(description="How others can transfer it; may be empty.")
    innovation: str = Field(description="What is innovative; may be empty.")
    inspiring_tools: str = Field(description="Materials others can reuse; may be empty.")
    documents: list[FileLink] = Field(description="Attached PDF documents.")


class PracticePage(Page):
    items: list[PracticeItem] = Field(description="The practices of this page.")


class EventItem(Schema):
    id: int = Field(description="Numeric identifier of the event.")
    slug: str = Field(description="Identifier of the event in URLs.")
    url: str = Field(description="Address of the event's page on the portal.")
    title: str = Field(description="Title of the event.")
    summary: str = Field(description="Short summary.")
    event_type: str = Field(
        description="conference, webinar, workshop, training or network meeting code."
    )
    format: str = Field(description="online, in_person or hybrid code.")
    start: datetime.datetime = Field(description="Start, with its UTC offset.")
    end: datetime.datetime = Field(description="End, with its UTC offset.")
    time_zone: str = Field(description="IANA time zone the event is held in.")
    venue: str = Field(description="Venue name; may be empty.")
    city: str = Field(description="City; may be empty.")
    country: str = Field(description="ISO 3166-1 alpha-2 code of the country; may be empty.")
    organiser: OrganisationRef | None = Field(description="Organising organisation, if any.")
    language: str = Field(description="Language code of the event (ISO 639-1).")
    calendar_url: str = Field(description="Address of the event's iCalendar file.")
    updated_at: datetime.datetime = Field(description="When the record last changed.")


class EventDetail(EventItem):
    license: Licence = Field(description="Licence under which the record may be reused.")
    description: str = Field(description="Full description.")
    agenda: str = Field(description="Agenda; may be empty.")
    registration_url: str = Field(description="External registration address; may be empty.")
    recording_url: str = Field(description="Recording of a past event; may be empty.")
    key_insights: str = Field(description="Key insights of a past event; may be empty.")


class EventPage(Page):
    items: list[EventItem] = Field(description="The events of this page.")


class DocumentItem(Schema):
    id: int = Field(description="Numeric identifier of the document.")
    slug: str = Field(description="Identifier of the document in URLs.")
    url: str = Field(description="Address of the document's page on the portal.")
    title: str = Field(description="Title of the document.")
    summary: str = Field(description="Summary of the document.")
    doc_type: str = Field(description="Type code: report, toolkit, study and so on.")
    languages: list[str] = Field(description="Language codes the document is written in.")
    year: int = Field(description="Year of publication.")
    publisher: str = Field(description="Publishing organisation's name.")
    organisation: OrganisationRef | None = Field(description="Publishing organisation, if any.")
    areas: list[Term] = Field(description="Integration areas it covers.")
    target_groups: list[Term] = Field(description="Target groups it concerns.")
    download_url: str = Field(description="Address of the file or the external link.")
    published_at: datetime.datetime | None = Field(description="When it was published.")
    updated_at: datetime.datetime = Field(description="When the record last changed.")


class DocumentDetail(DocumentItem):
    license: Licence = Field(description="Licence of the record (the file keeps its own).")


class DocumentPage(Page):
    items: list[DocumentItem] = Field(description="The documents of this page.")


class OrganisationItem(Schema):
    slug: str = Field(description="Identifier of the organisation in URLs.")
    url: str = Field(description="Address of the organisation's page on the portal.")
    name: str = Field(description="Name of the organisation.")
    acronym: str = Field(description="Acronym; may be empty.")
    org_type: Term | None = Field(description="Type of organisation.")
    is_community_of_practice: bool = Field(description="Whether it is a community of practice.")
    country: str = Field(description="ISO 3166-1 alpha-2 code of its country; may be empty.")
    city: str = Field(description="City; may be empty.")
    website: str = Field(description="Website; may be empty.")
    areas: list[Term] = Field(description="Integration areas it works in.")


class OrganisationDetail(OrganisationItem):
    license: Licence = Field(description="Licence under which the record may be reused.")
    description: str = Field(description="Description of the organisation.")


class OrganisationPage(Page):
    items: list[OrganisationItem] = Field(description="The organisations of this page.")


class NewsItem(Schema):
    slug: str = Field(description="Identifier of the news post in URLs.")
    url: str = Field(description="Address of the post on the portal.")
    title: str = Field(description="Title of the post.")
    summary: str = Field(description="Summary of the post.")
    language: str = Field(description="Language code of the post (ISO 639-1).")
    tags: list[Term] = Field(description="Integration areas the post is about.")
    published_at: datetime.datetime = Field(description="When it was published.")
    updated_at: datetime.datetime = Field(description="When the post last changed.")


class NewsDetail(NewsItem):
    license: Licence = Field(description="Licence under which the post may be reused.")
    body: str = Field(description="Full text of the post (Markdown).")


class NewsPage(Page):
    items: list[NewsItem] = Field(description="The news posts of this page.")


class CallItem(Schema):
    slug: str = Field(description="Identifier of the call in URLs.")
    url: str = Field(description="Address of the call on the portal.")
    title: str = Field(description="Title of the call.")
    accepts: str = Field(description="What the call accepts (practices, events, ...).")
    opens_on: datetime.date = Field(description="First day submissions are accepted.")
    closes_on: datetime.date = Field(description="Last day submissions are accepted.")
    is_open: bool = Field(description="Whether the call accepts submissions today.")


class CallDetail(CallItem):
    license: Licence = Field(description="Licence under which the call may be reused.")
    text: str = Field(description="Text of the call (Markdown).")


class CallPage(Page):
    items: list[CallItem] = Field(description="The calls of this page.")


class PartyRef(Schema):
    name: str = Field(description="Name of the organisation.")
    slug: str | None = Field(
        description="Identifier of the organisation in the API; null when it has no public page."
    )
    url: str | None = Field(
        description="Address of the organisation's page on the portal; null when it has none."
    )


class LinkedRecord(Schema):
    slug: str = Field(description="Identifier of the linked record in the API and in URLs.")
    title: str = Field(description="Title of the linked record.")
    url: str = Field(description="Address of the linked record's page on the portal.")


class ProjectItem(Schema):
    id: int = Field(description="Numeric identifier of the project.")
    slug: str = Field(description="Identifier of the project in URLs.")
    url: str = Field(description="Address of the project's page on the portal.")
    title: str = Field(description="The project's full name.")
    acronym: str = Field(description="Acronym of the project; may be empty.")
    programme: Term | None = Field(description="Funding programme; null when none is named.")
    reference: str = Field(description="Grant agreement or other reference number; may be empty.")
    start_year: int | None = Field(description="Year the project started; null when unknown.")
    end_year: int | None = Field(description="Year the project ended; null while it runs.")
    summary: str = Field(description="One-paragraph summary.")
    countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes of the countries.")
    areas: list[Term] = Field(description="Integration areas the project works in.")
    coordinator: PartyRef | None = Field(
        description="Coordinating organisation; null when none is named."
    )
    website: str = Field(description="Website of the project; may be empty.")
    published_at: datetime.datetime | None = Field(description="When it was first published.")
    updated_at: datetime.datetime = Field(description="When the record last changed.")


class ProjectDetail(ProjectItem):
    license: Licence = Field(description="Licence under which the record may be reused.")
    results: str = Field(description="What the project found and produced (Markdown).")
    partners: list[PartyRef] = Field(
        description="Partner organisations: those on the portal first, then the others by name."
    )
    practices: list[LinkedRecord] = Field(
        description="Published practices linked to the project (see /api/v1/practices/{slug})."
    )
    documents: list[LinkedRecord] = Field(
        description="Published documents linked to the project (see /api/v1/documents/{slug})."
    )
    events: list[LinkedRecord] = Field(
        description="Published events linked to the project (see /api/v1/events/{slug})."
    )


class ProjectPage(Page):
    items: list[ProjectItem] = Field(description="The projects of this page.")


class TransferItem(Schema):
    id: int = Field(description="Numeric identifier of the transfer, used in its address.")
    url: str = Field(description="Address of the transfer on the practice's page on the portal.")
    title: str = Field(description="English title: 'practice, adapted in place'.")
    practice: LinkedRecord = Field(description="The published practice being adapted.")
    country: str = Field(description="ISO 3166-1 alpha-2 code of the country it is adapted in.")
    region: str = Field(description="NUTS 2 code of the region it is adapted in; may be empty.")
    city: str = Field(description="City or town it is adapted in; may be empty.")
    organisation: OrganisationRef | None = Field(
        description="Organisation adapting the practice; null for an individual or when its "
        "page is not public."
    )
    status: str = Field(description="planned, running or completed.")
    start_date: datetime.date | None = Field(description="Start date; null when unknown.")
    end_date: datetime.date | None = Field(description="End date; null when unknown.")
    adaptations: str = Field(description="What was changed for the new context.")
    results: str = Field(description="What came of it; may be empty.")
    confirmed_by_owners: bool = Field(
        description="Whether the original practice's owners have confirmed the transfer."
    )
    published_at: datetime.datetime | None = Field(description="When it was first published.")
    updated_at: datetime.datetime = Field(description="When the record last changed.")


class TransferDetail(TransferItem):
    license: Licence = Field(description="Licence under which the record may be reused.")


class TransferPage(Page):
    items: list[TransferItem] = Field(description="The transfers of this page.")


class Problem(Schema):
    """An error, as RFC 9457 problem details (media type application/problem+json)."""

    type: str = Field(description="A URI identifying the kind of problem (about:blank).")
    title: str = Field(description="Short English summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str | None = Field(None, description="English explanation of this occurrence.")
    instance: str | None = Field(None, description="The request's path and query.")
