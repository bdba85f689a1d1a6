from goals.models.choices import (
    Computation,
    Direction,
    Kind,
    ListStatus,
    PeriodKind,
    Safety,
    Status,
    Unit,
    VisitFrequency,
)
from goals.models.goals import Goal, Indicator, Measurement
from goals.models.police import PoliceListEntry
from goals.models.reference import ReferenceDistribution, ReferenceShare
from goals.models.rollup import VisitCell, VisitMonth
from goals.models.survey import SurveyResponse, SurveyWave, min_answers

__all__ = [
    "Computation",
    "Direction",
    "Goal",
    "Indicator",
    "Kind",
    "ListStatus",
    "Measurement",
    "PeriodKind",
    "PoliceListEntry",
    "ReferenceDistribution",
    "ReferenceShare",
    "Safety",
    "Status",
    "SurveyResponse",
    "SurveyWave",
    "Unit",
    "VisitCell",
    "VisitFrequency",
    "VisitMonth",
    "min_answers",
]
