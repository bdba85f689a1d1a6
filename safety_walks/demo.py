# ruff: noqa: E501 - demo texts read best on one line each
"""Demo safety walks in the spirit of the source document (shared/seed, 2020-09-11 and 2020-09-21).

The working group's list of 2020-09-11 was handed to the municipality and the housing company;
at the walk of 2020-09-21 the group saw that the football pitch had got new turf and lighting,
and listed new deficiencies. No private person is named.
"""

AREA_SLUG = "klockaretorpet"
CENTRE = (58.5775, 16.1378)

WALKS = [
    {
        "date": "2020-09-11",
        "route": "Arbetsgruppens genomgång av området: centrumtorget, fotbollsplanen, gångvägarna mellan husen.",
        "organisations": ["hyresgastforeningen", "hyresbostader", "svenska-kyrkan"],
        "counts": {"residents": 4, "youth": 2, "staff": 3, "police": 0, "others": 0},
        "summary": "Arbetsgruppen gick igenom området och gjorde en lista med brister, som lämnades över till kommunen och bostadsbolaget.",
        "handed_over_on": "2020-09-11",
    },
    {
        "date": "2020-09-21",
        "route": "Från centrumtorget förbi fotbollsplanen, Fritidsbanken och lekplatsen, tillbaka via gångvägen mot skolan.",
        "organisations": ["hyresgastforeningen", "hyresbostader", "svenska-kyrkan", "polisen"],
        "counts": {"residents": 9, "youth": 5, "staff": 4, "police": 1, "others": 1},
        "summary": (
            "Gruppen gick först igenom punkterna från förra listan och kunde glädjande nog se att "
            "fotbollsplanen fått ny matta och belysning. Nya brister skrevs ner och lämnades över "
            "till kommunen och bostadsbolaget."
        ),
        "handed_over_on": "2020-09-22",
    },
]

# walk date, category, place, offset (north, east) in 1/10000 degree, description, measure,
# responsible party slug, priority, steps after hand-over: [(status, date, note)], photo colour
DEFICIENCIES = [
    ("2020-09-11", "playground", "Fotbollsplanen", (8, -12), "Konstgräsmattan är sliten och har hål.",
     "Byt mattan.", "kultur-och-fritid", "high",
     [("accepted", "2020-09-14", ""), ("fixed", "2020-09-18", "Ny matta lagd.")], (46, 139, 87)),
    ("2020-09-11", "lighting", "Fotbollsplanen, strålkastarna", (9, -10), "Flera strålkastare är trasiga; planen är mörk på kvällen.",
     "Laga eller byt belysningen.", "kultur-och-fritid", "high",
     [("accepted", "2020-09-14", ""), ("fixed", "2020-09-18", "Ny belysning monterad.")], None),
    ("2020-09-11", "lighting", "Passagen vid Fritidsbanken", (2, 6), "Passagen är mörk; en lampa saknas.",
     "Sätt upp en lampa till.", "hyresbostader", "medium", [("accepted", "2020-09-15", "")], None),
    ("2020-09-21", "lighting", "Gångvägen mellan centrum och husen på norra sidan", (12, 4),
     "Tre lampor lyser inte. Många går här på kvällen.", "Byt armaturerna.", "samhallsbyggnadskontoret", "high",
     [("accepted", "2020-09-28", ""), ("fixed", "2020-11-05", "Armaturerna bytta.")], (40, 40, 60)),
    ("2020-09-21", "vegetation", "Buskarna vid lekplatsen", (-4, 8), "Höga buskar skymmer sikten mot lekplatsen.",
     "Beskär buskarna.", "hyresbostader", "medium", [("accepted", "2020-09-30", "")], None),
    ("2020-09-21", "buildings", "Entrédörren i huset närmast centrumtorget", (1, 2), "Entrédörren går inte i lås.",
     "Laga låset.", "hyresbostader", "high", [("accepted", "2020-09-23", ""), ("fixed", "2020-10-05", "")], None),
    ("2020-09-21", "litter", "Centrumtorget", (0, 0), "För få papperskorgar; skräp blåser omkring.",
     "Fler papperskorgar.", "samhallsbyggnadskontoret", "low",
     [("accepted", "2020-10-01", ""), ("fixed", "2020-10-24", "Två papperskorgar målade av unga i Ortens galleri.")], None),
    ("2020-09-21", "graffiti", "Elskåpet vid busshållplatsen", (-6, -3), "Klotter på elskåpet.",
     "Sanera, gärna med konst av unga.", "samhallsbyggnadskontoret", "low", [("accepted", "2020-10-01", "")], None),
    ("2020-09-21", "traffic", "Infartsvägen", (-10, 14), "Bilar kör fort vid övergångsstället.",
     "Farthinder.", "samhallsbyggnadskontoret", "medium",
     [("declined", "2020-10-20", "Vägen uppfyller kommunens krav. Kommunen mäter hastigheten under våren.")], None),
    ("2020-09-21", "signage", "Vägen till Kunskapens hus", (3, -4), "Ingen skylt visar vägen till Kunskapens hus.",
     "Skylt vid centrumtorget.", None, "low", [], None),
]  # fmt: skip

# What the walk of 2020-09-21 saw of the earlier list.
CHECKS_2020_09_21 = [
    ("Fotbollsplanen", "fixed", "Ny matta."),
    ("Fotbollsplanen, strålkastarna", "fixed", "Ny belysning."),
    ("Passagen vid Fritidsbanken", "partly_fixed", "En lampa är uppsatt, men det är fortfarande mörkt."),
]

REPORT = {
    "reference": "TR-DEMO2020",
    "category": "lighting",
    "place": "Cykelställen bakom Idrottens hus",
    "description": "Lampan vid cykelställen är trasig, det är helt mörkt där på kvällen.",
}
