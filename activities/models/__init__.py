from activities.models.attendance import (
    AgeBand,
    CountSource,
    Gender,
    HeadCount,
    OccurrenceAttendance,
    Participant,
    ParticipantRole,
    Presence,
    age_bands,
)
from activities.models.events import (
    Activity,
    ActivityForm,
    Audience,
    Language,
    Occurrence,
    ProgrammeItem,
    Recurrence,
)
from activities.models.feeds import FeedEntry
from activities.models.places import Area, Membership, Organisation, Venue

__all__ = [
    "Activity",
    "ActivityForm",
    "AgeBand",
    "Area",
    "Audience",
    "CountSource",
    "FeedEntry",
    "Gender",
    "HeadCount",
    "Language",
    "Membership",
    "Occurrence",
    "OccurrenceAttendance",
    "Organisation",
    "Participant",
    "ParticipantRole",
    "Presence",
    "ProgrammeItem",
    "Recurrence",
    "Venue",
    "age_bands",
]
