"""Demo activities from the source document: Kunskapens hus's regular activities as weekly
series from about two and a half years ago to a few months ahead (so the goals dashboard has
history to compare), and the 2020 diary as past dates. Roles only, never private names."""

import datetime as dt

from dateutil.easter import easter

# (title, form, organiser, co-organisers, venue, audiences, languages, summary, schedule)
# schedule: ("weekly", weekdays, interval, start, end) or ("monthly", weekday, nth, start, end)
SERIES = [
    (
        "Läxhjälp",
        "oppen",
        "svenska-kyrkan",
        ["hyresgastforeningen"],
        "kunskapens-hus",
        ["children", "youth"],
        ["sv", "ar", "so"],
        "Hjälp med läxorna för barn och unga. Ta med det du arbetar med.",
        ("weekly", "0,2", 1, "16:00", "18:00"),
    ),
    (
        "Öppen förskola",
        "oppen",
        "svenska-kyrkan",
        [],
        "foreningarnas-hus",
        ["children", "parents"],
        ["sv", "ar", "so"],
        "Lek, sång och fika för barn 0–6 år tillsammans med en vuxen.",
        ("weekly", "4", 1, "09:30", "11:30"),
    ),
    (
        "Programmering för unga",
        "workshop",
        "sensus",
        [],
        "kunskapens-hus",
        ["youth"],
        ["sv", "en"],
        "Lär dig programmera spel och webbsidor tillsammans med andra.",
        ("weekly", "3", 1, "17:00", "19:00"),
    ),
    (
        "Stöd till tonårsföräldrar",
        "annan_folkbildning",
        "svenska-kyrkan",
        [],
        "kunskapens-hus",
        ["parents"],
        ["sv", "ar"],
        "Samtalsgrupp för föräldrar till tonåringar.",
        ("weekly", "1", 2, "18:00", "19:30"),
    ),
    (
        "Mentorskapsprogram för elever",
        "oppen",
        "hyresbostader",
        [],
        "kunskapens-hus",
        ["youth"],
        ["sv"],
        "En vuxen mentor som stöttar i skolan och inför framtiden.",
        ("weekly", "1", 1, "15:30", "17:00"),
    ),
    (
        "Studierådgivning",
        "oppen",
        "hyresgastforeningen",
        [],
        "kunskapens-hus",
        ["youth", "adults"],
        ["sv", "ar", "fa"],
        "Vilken utbildning passar dig? Kom och prata med en studievägledare.",
        ("weekly", "2", 1, "13:00", "15:00"),
    ),
    (
        "Studiecirkel: inredning",
        "studiecirkel",
        "sensus",
        [],
        "kunskapens-hus",
        ["adults"],
        ["sv"],
        "Inred ditt hem med små medel. Åtta träffar.",
        ("weekly", "3", 1, "18:00", "20:15"),
    ),
    (
        "Studiecirkel: plantering",
        "studiecirkel",
        "abf",
        ["hyresbostader"],
        "kunskapens-hus",
        ["adults", "seniors"],
        ["sv"],
        "Odla på balkongen och i gemensamma odlingslådor.",
        ("weekly", "0", 1, "18:00", "20:15"),
    ),
    (
        "Studiecirkel: resor",
        "studiecirkel",
        "sensus",
        [],
        "foreningarnas-hus",
        ["adults", "seniors"],
        ["sv"],
        "Planera resor billigt och hållbart.",
        ("weekly", "5", 2, "11:00", "13:15"),
    ),
    (
        "Föreläsning: privatekonomi, försäkringar och lån",
        "forelasning",
        "hyresgastforeningen",
        ["abf"],
        "kunskapens-hus",
        ["adults"],
        ["sv", "ar"],
        "Budget, försäkringar och lån: det du behöver veta.",
        ("monthly", "2", 3, "18:00", "19:30"),
    ),
    (
        "Kurs: rättigheter och skyldigheter i boendet",
        "annan_folkbildning",
        "hyresgastforeningen",
        [],
        "foreningarnas-hus",
        ["adults"],
        ["sv", "so"],
        "Vad gäller när du hyr din bostad?",
        ("monthly", "3", 2, "18:00", "20:00"),
    ),
    (
        "Informationsträff om hedersrelaterat förtryck",
        "forelasning",
        "svenska-kyrkan",
        [],
        "kunskapens-hus",
        ["parents", "adults"],
        ["sv", "ar", "so"],
        "Information och samtal. Du behöver inte säga vem du är.",
        ("monthly", "2", -1, "18:00", "19:30"),
    ),
    (
        "Hjälp att skaffa egen försörjning (Portalen)",
        "oppen",
        "hyresbostader",
        [],
        "kunskapens-hus",
        ["adults"],
        ["sv", "ar", "so", "ti"],
        "Stöd att hitta jobb, praktik eller utbildning.",
        ("weekly", "4", 1, "10:00", "12:00"),
    ),
    (
        "Livsberättelser från området",
        "kulturprogram",
        "abf",
        [],
        "foreningarnas-hus",
        ["everyone"],
        ["sv"],
        "Boende berättar om livet i Klockaretorpet och Norrköping.",
        ("monthly", "3", 1, "18:00", "19:30"),
    ),
    (
        "Fotboll för unga",
        "idrott",
        "rf-sisu",
        [],
        "fotbollsplanen",
        ["children", "youth"],
        ["sv"],
        "Träning för alla som vill, ingen anmälan.",
        ("weekly", "2,5", 1, "17:00", "18:30"),
    ),
]

# When a series pauses (see ``paused_days``): "school" follows the school's breaks, "term" runs
# in the spring and autumn terms only, "winter" is outdoor sport, "open" closes at Christmas and in July.
SERIES_PAUSES = {
    "Läxhjälp": "school",
    "Öppen förskola": "open",
    "Programmering för unga": "school",
    "Stöd till tonårsföräldrar": "school",
    "Mentorskapsprogram för elever": "school",
    "Studierådgivning": "open",
    "Studiecirkel: inredning": "term",
    "Studiecirkel: plantering": "term",
    "Studiecirkel: resor": "term",
    "Föreläsning: privatekonomi, försäkringar och lån": "term",
    "Kurs: rättigheter och skyldigheter i boendet": "term",
    "Informationsträff om hedersrelaterat förtryck": "term",
    "Hjälp att skaffa egen försörjning (Portalen)": "open",
    "Livsberättelser från området": "term",
    "Fotboll för unga": "winter",
}

# Series that began later than the demo's history (quarters after its start): the partnership
# grows, so goals #4 and #5 have more dates held than a year before.
SERIES_STARTED_LATER = {
    "Öppen förskola": 2,
    "Livsberättelser från området": 3,
    "Programmering för unga": 4,
    "Studiecirkel: resor": 5,
    "Hjälp att skaffa egen försörjning (Portalen)": 6,
}


def history_start(today: dt.date) -> dt.date:
    """The first day of the demo's history: 1 January two years back, so the dashboard's default
    period (the last full year) has the whole year before it to compare with and to take its
    baseline from (two to three years of data, depending on the time of year)."""
    return dt.date(today.year - 2, 1, 1)


def series_start(title: str, today: dt.date) -> dt.date:
    first = history_start(today)
    index = first.year * 4 + (first.month - 1) // 3 + SERIES_STARTED_LATER.get(title, 0)
    return dt.date(index // 4, index % 4 * 3 + 1, 1)


def _week_of(year: int, week: int) -> list[dt.date]:
    monday = dt.date.fromisocalendar(year, week, 1)
    return [monday + dt.timedelta(days=n) for n in range(7)]


def _span(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def paused_days(kind: str, years) -> set[dt.date]:
    """The days a series of this pause kind does not run, in the given years.

    Roughly Norrköping's school year: summer break mid-June to mid-August, Christmas break, the
    winter sports break (week 8), the Easter break (the week after Easter) and the autumn break
    (week 44).
    """
    days: set[dt.date] = set()
    for year in years:
        christmas = _span(dt.date(year, 12, 22), dt.date(year, 12, 31)) + _span(
            dt.date(year, 1, 1), dt.date(year, 1, 6)
        )
        days.update(christmas)
        if kind == "school":
            days.update(_span(dt.date(year, 6, 12), dt.date(year, 8, 17)))
            days.update(_week_of(year, 8) + _week_of(year, 44))
            days.update(easter(year) + dt.timedelta(days=n) for n in range(1, 8))
        elif kind == "term":
            days.update(_span(dt.date(year, 6, 1), dt.date(year, 8, 31)))
            days.update(
                _span(dt.date(year, 12, 10), dt.date(year, 12, 31)) + _span(dt.date(year, 1, 1), dt.date(year, 1, 20))
            )
        elif kind == "open":
            days.update(_span(dt.date(year, 7, 1), dt.date(year, 7, 31)))
        elif kind == "winter":
            days.update(
                _span(dt.date(year, 12, 1), dt.date(year, 12, 31)) + _span(dt.date(year, 1, 1), dt.date(year, 2, 28))
            )
    return days


# (date, start, end, title, form, organiser, co-organisers, venue, public, audiences, summary, programme)
DIARY = [
    (
        "2020-01-26",
        "10:00",
        "15:00",
        "Inspirationsdagen: kreativt lokalt utvecklingsarbete",
        "annan_folkbildning",
        "hyresgastforeningen",
        [],
        "foreningarnas-hus",
        True,
        ["adults"],
        "En inspirerande dag om arbete för att minska och förebygga segregation, inom projekt Delmos.",
        [
            ("10:00", "10:10", "Välkomna: om projekt Delmos", "projektledare"),
            ("10:10", "10:25", "Vad har gestaltad livsmiljö med arbete mot segregation att göra?", "inbjuden talare"),
            ("10:25", "10:40", "Hållbar stadsutveckling och arbete mot segregation", "inbjuden talare"),
            ("10:40", "10:50", "Bensträckare", ""),
            ("10:50", "11:25", "Motståndsfickor i försummelsen", "inbjuden talare"),
            ("11:25", "12:00", "Konsten som lokal organisering", "konstnär"),
            ("12:00", "13:00", "Lunch", ""),
            ("13:00", "13:10", "Inledande förberedelse inför gruppdiskussionerna", "processledare"),
            (
                "13:10",
                "13:40",
                "Breakout-rum: Politisk konstskola för hyresgäster – utmaning och möjligheter?",
                "gruppvärdar",
            ),
            ("13:40", "13:50", "Bensträckare", ""),
            ("13:50", "14:05", "Rörelsejuridik och arbete mot segregation", "inbjuden talare"),
            ("14:05", "14:45", "Konsten att hitta hem", "inbjuden talare"),
            ("14:45", "15:00", "Sammanfattning och avslutning", "projektledare"),
        ],
    ),
    (
        "2020-08-17",
        "13:00",
        "15:00",
        "Projektgruppsmöte Delmos",
        "internt_mote",
        "hyresgastforeningen",
        [],
        "teams",
        False,
        [],
        "Boendeutvecklare och strateger från sju områden planerar höstens kunskapsinsatser.",
        [],
    ),
    (
        "2020-08-19",
        "10:00",
        "12:00",
        "Uppstartsmöte med ledningsgruppen för Kunskapens hus",
        "internt_mote",
        "hyresgastforeningen",
        ["hyresbostader", "svenska-kyrkan"],
        "kunskapens-hus",
        False,
        [],
        "",
        [],
    ),
    (
        "2020-09-11",
        "17:00",
        "19:00",
        "Arbetsgruppen i Klockaretorpet: första träffen",
        "internt_mote",
        "hyresgastforeningen",
        [],
        "kunskapens-hus",
        False,
        [],
        "Planering av aktiviteter; en lista med brister i området lämnas till kommun och bostadsbolag.",
        [],
    ),
    (
        "2020-09-21",
        "18:00",
        "20:00",
        "Trygghetsvandring i Klockaretorpet",
        "trygghetsvandring",
        "hyresgastforeningen",
        ["hyresbostader", "polisen"],
        "centrumtorget",
        True,
        ["everyone"],
        "Vi går runt i området, ser vad som blivit bättre sedan förra gången och noterar nya brister.",
        [],
    ),
    (
        "2020-09-23",
        "17:00",
        "19:00",
        "Träff med samverkanspartner i Delmos",
        "internt_mote",
        "hyresgastforeningen",
        ["like-dance", "sensus", "svenska-kyrkan", "dare-to-share"],
        "kunskapens-hus",
        False,
        [],
        "",
        [],
    ),
    (
        "2020-10-06",
        "18:00",
        "19:30",
        "Besök av justitieministern: om mäns våld och kriminalitet",
        "forelasning",
        "rf-sisu",
        [],
        "idrottens-hus",
        True,
        ["adults", "youth"],
        "Ett samtal om mäns våld och kriminalitet.",
        [],
    ),
    (
        "2020-10-08",
        "18:00",
        "19:30",
        "Föreläsning med musikvideo: en uppväxt i Klocket",
        "forelasning",
        "like-dance",
        [],
        "kunskapens-hus",
        True,
        ["youth"],
        "En ung man berättar om sin uppväxt i Klocket och hur han tog sig ur kriminalitet; musik av Like Dance.",
        [],
    ),
    (
        "2020-10-13",
        "14:00",
        "15:30",
        "Samverkansmöte om en podd för unga hyresgäster",
        "internt_mote",
        "sensus",
        ["hyresbostader"],
        "kunskapens-hus",
        False,
        [],
        "",
        [],
    ),
    (
        "2020-10-13",
        "16:00",
        "17:00",
        "Fika med närpolisen och Fritidsbanken om tryggheten",
        "internt_mote",
        "polisen",
        [],
        "fritidsbanken",
        False,
        [],
        "",
        [],
    ),
    (
        "2020-10-15",
        "15:00",
        "16:30",
        "Människan bakom uniformen möter ungdomar",
        "forelasning",
        "manniskan-bakom-uniformen",
        [],
        "kunskapens-hus",
        True,
        ["youth"],
        "Uniformerade yrken berättar om sin vardag: dialog som skapar förståelse.",
        [],
    ),
    (
        "2020-10-15",
        "18:00",
        "20:00",
        "Debatt: boendet är en mänsklig rättighet",
        "kulturprogram",
        "hyresgastforeningen",
        ["hyresbostader"],
        "foreningarnas-hus",
        True,
        ["adults"],
        "Debatt mellan Hyresgästföreningen, Hyresbostäder och en lokal politiker.",
        [],
    ),
    (
        "2020-10-19",
        "13:00",
        "15:00",
        "Samverkansmöte om trygghet och säkerhet",
        "internt_mote",
        "svenska-kyrkan",
        ["hyresbostader", "sensus", "hyresgastforeningen", "klockaretorpet-i-samverkan"],
        "kunskapens-hus",
        False,
        [],
        "",
        [],
    ),
    (
        "2020-10-24",
        "11:00",
        "15:00",
        "Ortens galleri: konstnärlig workshop för unga 13–25 år",
        "workshop",
        "ung-konst-ost",
        [],
        "centrumtorget",
        True,
        ["youth"],
        "Vi skapar ett offentligt galleri i stadsdelen och målar papperskorgar som placeras ut i området.",
        [],
    ),
    (
        "2021-02-24",
        "17:00",
        "19:00",
        "Inspirationsträff Folkkraft: Ställ inte in – ställ om!",
        "annan_folkbildning",
        "hyresgastforeningen",
        [],
        "teams",
        True,
        ["adults"],
        "Digitala tips, idéer och checklistor för möten i bostadsområdet under en kristid.",
        [
            ("17:00", "17:10", "Välkomna", "projektledare"),
            ("17:10", "17:20", "Spoken word", "inbjuden artist"),
            ("17:20", "17:30", "Inledning inför lokala initiativ", ""),
            ("17:30", "18:20", "Lokal inspiration", "nyckelpersoner"),
            ("18:20", "18:40", "Breakout-rum", ""),
            ("18:40", "18:55", "Sammanfattning", ""),
            ("18:55", "19:00", "Avslut", ""),
        ],
    ),
]

# The LITA study circle (digital, with ABF): three sessions, 8 study hours in all.
LITA = (
    "LITA: levande, inkluderande, trygg och attraktiv",
    "abf",
    ["hyresgastforeningen"],
    "teams",
    "Digital studiecirkel för nyckelpersoner om hållbar stadsutveckling.",
    [("2020-11-03", "18:00", "20:15"), ("2020-11-10", "18:00", "20:15"), ("2020-11-17", "18:00", "19:30")],
)
