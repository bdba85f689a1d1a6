from activities.models.events import (
    Activity,
    ActivityForm,
    Audience,
    Language,
    Occurrence,
    ProgrammeItem,
    Recurrence,
)
from activities.models.places import Area, Membership, Organisation, Venue

__all__ = [
    "Activity",
    "ActivityForm",
    "Area",
    "Audience",
    "Language",
    "Membership",
    "Occurrence",
    "Organisation",
    "ProgrammeItem",
    "Recurrence",
    "Venue",
]
