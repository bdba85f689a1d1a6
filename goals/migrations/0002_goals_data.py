"""The five goals of KLOCKET with their indicators, and Klockaretorpet's police-list history.

Wording from the source document (klocket-presentation.txt, "Mål"), in Swedish and English.
Targets are left for the steering group to set, except goal #2's, which the goal itself gives:
off the list within three years of the start (the kick-off of Kunskapens hus, 2020-08-19).
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

START = dt.date(2020, 8, 19)
POLICE_URL = "https://polisen.se/om-polisen/polisens-arbete/utsatta-omraden/"
CHECK_NOTE = "Förinlagt vid installationen; kontrollera mot källan."

GOALS = [
    (
        1,
        "Mångfald och delaktighet",
        "Diversity and inclusion",
        "Verksamheterna i Klocket ska uppmuntra till mångfald och bidra till att människor känner sig mer "
        "delaktiga och inkluderade i sin stad. Kunskapens hus ska genom sin verksamhet skapa möjlighet för en "
        "bredd av målgrupper. Utifrån vår statistik ska vi uppnå en jämn spridning på ålder och kön.",
        "The activities in KLOCKET shall encourage diversity and help people feel more involved and included in "
        "their city. Through its activities Kunskapens hus shall create opportunities for a broad range of "
        "groups. According to our statistics we shall reach an even spread of age and gender.",
        None,
    ),
    (
        2,
        "Klockaretorpet bort från polisens lista",
        "Klockaretorpet off the police list",
        "Klockaretorpet ska inom 3 år plockas bort från polisens nationella lista över utsatta områden. "
        "Kunskapens hus ska vara en öppen plattform som skapar trygghet i centrum och ökar ansvaret för området "
        "hos de boende.",
        "Within 3 years Klockaretorpet shall be removed from the police's national list of vulnerable areas. "
        "Kunskapens hus shall be an open platform that creates safety in the centre and increases the residents' "
        "responsibility for the area.",
        dt.date(2023, 8, 19),
    ),
    (
        3,
        "Trygghet och attraktivitet",
        "Safety and attractiveness",
        "Boendes upplevelse av områdets attraktivitet och trygghet ska öka.",
        "Residents' sense of the area's attractiveness and safety shall increase.",
        None,
    ),
    (
        4,
        "Fler aktiviteter och besökare",
        "More activities and visitors",
        "Antalet aktiviteter och besökare i Klockets olika verksamheter ska öka.",
        "The number of activities and visitors in KLOCKET's various activities shall increase.",
        None,
    ),
    (
        5,
        "Fler folkbildningsarrangemang",
        "More popular-education events",
        "Antal arrangemang kopplat till folkbildning ska öka.",
        "The number of events linked to popular education shall increase.",
        None,
    ),
]

# (goal, code, name sv, name en, description sv, description en, unit, computation or "", direction,
#  headline, baseline (period, value) or None, target (value, date) or None)
INDICATORS = [
    (
        1, "visits-evenness", "Jämn spridning av besöken", "Evenness of visits",
        "1 − det totala variationsavståndet mellan besökens fördelning på åldersgrupp × kön och målfördelningen: "
        "lika mellan flickor/kvinnor och pojkar/män inom varje åldersgrupp, och mellan åldersgrupperna lika eller "
        "enligt områdets befolkning (referensfördelningen). 1 betyder helt enligt målet.",
        "1 − the total variation distance between the visits' distribution over age band × gender and the target "
        "distribution: equal between girls/women and boys/men within each age band, and across the bands equal "
        "or as the area's population (the reference distribution). 1 means exactly as the target.",
        "score", "evenness", "even", True, None, None,
    ),
    (
        1, "visits-under-reached", "Grupper som nås för lite", "Under-reached groups",
        "Antal grupper (åldersgrupp × kön) med mindre än hälften av sin andel av besöken enligt målfördelningen.",
        "The number of groups (age band × gender) with less than half their target share of the visits.",
        "count", "under_reached", "decrease", False, None, None,
    ),
    (
        2, "police-list-status", "Status på polisens lista", "Status on the police list",
        "Klockaretorpets status på polisens lista över utsatta områden per publiceringsår, med källa.",
        "Klockaretorpet's status on the police's list of vulnerable areas per publication year, with its source.",
        "list_status", "police_list", "decrease", True, ("2019", Decimal(1)), (Decimal(0), dt.date(2023, 8, 19)),
    ),
    (
        3, "survey-share-safe", "Andel som känner sig trygga", "Share feeling safe",
        "Andel av de svarande i trygghetsenkäten som känner sig mycket eller ganska trygga när de går ut ensamma "
        "sent en kväll i sitt område (frågan från Brå:s Nationella trygghetsundersökning).",
        "Share of the survey's respondents who feel very or fairly safe going out alone late in the evening in "
        "their own area (the question from Brå's Swedish Crime Survey).",
        "percent", "", "increase", True, None, None,
    ),
    (
        3, "survey-share-unsafe", "Andel som känner sig otrygga", "Share feeling unsafe",
        "Andel av de svarande som känner sig ganska eller mycket otrygga, som Brå redovisar frågan.",
        "Share of the respondents who feel fairly or very unsafe, as Brå reports the question.",
        "percent", "", "decrease", False, None, None,
    ),
    (
        3, "survey-attractiveness", "Områdets attraktivitet", "Attractiveness of the area",
        "Medelvärdet av de svarandes betyg på hur attraktivt området är, från 1 till 5.",
        "The mean of the respondents' rating of how attractive the area is, from 1 to 5.",
        "mean_1_5", "", "increase", False, None, None,
    ),
    (
        3, "deficiencies-fixed", "Åtgärdade brister", "Deficiencies fixed",
        "Brister från trygghetsvandringar och de boendes rapporter som åtgärdats under perioden.",
        "Deficiencies from safety walks and residents' reports fixed during the period.",
        "count", "deficiencies_fixed", "increase", False, None, None,
    ),
    (
        3, "days-to-fix", "Dagar till åtgärd (median)", "Days to fix (median)",
        "Mediantid i dagar från att en brist hittades till att den åtgärdades, för brister åtgärdade under perioden.",
        "Median days from when a deficiency was found to when it was fixed, for deficiencies fixed in the period.",
        "days", "days_to_fix", "decrease", False, None, None,
    ),
    (
        4, "occurrences-held", "Genomförda aktivitetstillfällen", "Activity dates held",
        "Tillfällen som har ägt rum och inte ställts in. Interna möten och utkast räknas inte.",
        "Dates that have taken place and were not cancelled. Internal meetings and drafts are not counted.",
        "count", "occurrences_held", "increase", True, None, None,
    ),
    (
        4, "visits", "Räknade besök", "Visits counted",
        "Summan av besöksräkningarna (åldersgrupp × kön) för tillfällena under perioden.",
        "The sum of the head counts (age band × gender) of the dates in the period.",
        "count", "visits", "increase", False, None, None,
    ),
    (
        5, "popular-education", "Folkbildningsarrangemang", "Popular-education events",
        "Genomförda tillfällen av studiecirklar, kulturprogram och annan folkbildningsverksamhet.",
        "Dates held of study circles, cultural programmes and other popular education.",
        "count", "popular_education", "increase", True, None, None,
    ),
    (
        5, "study-hours", "Studietimmar", "Study hours",
        "Studietimmar (45 minuter) som registrerats för studiecirklarnas genomförda träffar.",
        "Study hours (45 minutes) recorded for the study circles' sessions held.",
        "hours", "study_hours", "increase", False, None, None,
    ),
]  # fmt: skip

POLICE_LIST = [
    (2017, "utsatt", "Polisen, rapport om utsatta områden 2017"),
    (2019, "utsatt", "Polisen, rapport om utsatta områden 2019"),
    (2021, "not_listed", "Norrköpings kommun, nyhet 2021-10-14; Polisen, lista över utsatta områden 2021"),
    (2023, "not_listed", "Polisen, lista över utsatta områden 2023"),
    (2025, "not_listed", "Polisen, lista över utsatta områden 2025"),
]


def create(apps, schema_editor):
    Goal = apps.get_model("goals", "Goal")
    Indicator = apps.get_model("goals", "Indicator")
    PoliceListEntry = apps.get_model("goals", "PoliceListEntry")
    goals = {}
    for number, title_sv, title_en, description_sv, description_en, deadline in GOALS:
        goals[number], _created = Goal.objects.get_or_create(
            number=number,
            defaults={
                "title_sv": title_sv,
                "title_en": title_en,
                "description_sv": description_sv,
                "description_en": description_en,
                "start_date": START,
                "deadline": deadline,
            },
        )
    positions = {}
    for (
        number, code, name_sv, name_en, description_sv, description_en, unit, computation, direction, headline,
        baseline, target,
    ) in INDICATORS:  # fmt: skip
        positions[number] = positions.get(number, 0) + 1
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "goal": goals[number],
                "name_sv": name_sv,
                "name_en": name_en,
                "description_sv": description_sv,
                "description_en": description_en,
                "unit": unit,
                "kind": "computed" if computation else "manual",
                "computation": computation,
                "direction": direction,
                "position": positions[number],
                "is_headline": headline,
                "baseline_period": baseline[0] if baseline else "",
                "baseline_value": baseline[1] if baseline else None,
                "target_value": target[0] if target else None,
                "target_date": target[1] if target else None,
            },
        )
    for year, status, source in POLICE_LIST:
        PoliceListEntry.objects.get_or_create(
            area_name="Klockaretorpet",
            year=year,
            defaults={"status": status, "source": source, "source_url": POLICE_URL, "note": CHECK_NOTE},
        )


def remove(apps, schema_editor):
    apps.get_model("goals", "PoliceListEntry").objects.filter(
        area_name="Klockaretorpet", year__in=[year for year, _s, _src in POLICE_LIST], note=CHECK_NOTE
    ).delete()
    apps.get_model("goals", "Indicator").objects.filter(
        code__in=[row[1] for row in INDICATORS], measurements__isnull=True
    ).delete()
    apps.get_model("goals", "Goal").objects.filter(number__in=range(1, 6), indicators__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("goals", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
