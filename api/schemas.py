"""What the API answers, as pydantic schemas (django-ninja writes the OpenAPI document from them)."""

import datetime as dt
from typing import Literal

from ninja import Schema


class Error(Schema):
    error: str
    parameter: str | None
    message: str


class Label(Schema):
    code: str
    label: str


class SpokenLanguage(Schema):
    code: str
    name: str


class AreaRef(Schema):
    slug: str
    name: str


class Area(AreaRef):
    municipality: str
    places_url: str
    events_url: str


class PlaceRef(Schema):
    slug: str
    name: str
    kind: Label
    area: AreaRef
    address: str
    accessibility: str
    latitude: float | None
    longitude: float | None
    url: str


class Place(PlaceRef):
    description: str
    events_url: str


class Partner(Schema):
    slug: str
    name: str
    kind: Label
    description: str
    website: str
    url: str
    events_url: str


class Organiser(Schema):
    slug: str
    name: str
    url: str


class Activity(Schema):
    id: int
    title: str
    summary: str
    description: str
    form: Label
    status: Literal["published", "cancelled"]
    place: PlaceRef
    organisers: list[Organiser]
    audiences: list[Label]
    languages: list[SpokenLanguage]
    cost: str | None
    is_free: bool
    how_to_join: str
    join_url: str | None
    image: str | None
    image_alt: str
    updated: dt.datetime
    events_url: str


class Event(Schema):
    id: int
    url: str
    ics_url: str
    activity_id: int
    title: str
    summary: str
    description: str
    form: Label
    start: dt.datetime
    end: dt.datetime
    time_zone: str
    status: Literal["scheduled", "cancelled"]
    cancellation_reason: str | None
    note: str
    place: PlaceRef
    organisers: list[Organiser]
    audiences: list[Label]
    languages: list[SpokenLanguage]
    cost: str | None
    is_free: bool
    how_to_join: str
    join_url: str | None
    image: str | None
    image_alt: str
    updated: dt.datetime


class EventPage(Schema):
    items: list[Event]
    next_cursor: str | None
    next: str | None


class ActivityPage(Schema):
    items: list[Activity]
    next_cursor: str | None
    next: str | None
