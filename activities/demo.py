"""KLOCKET's demo data, taken from the partnership's own presentation (shared/seed).

Private persons are never named: roles only ("project leader", "key person").
"""

AREA = {"name": "Klockaretorpet", "slug": "klockaretorpet", "municipality": "Norrköping"}

VENUES = [
    {
        "slug": "kunskapens-hus",
        "name": "Kunskapens hus",
        "kind": "house",
        "address": "Klockaretorpets centrum, Norrköping",
        "description": (
            "En aktivitetsbaserad lokal med fokus på lärande. Här möter ungdomar vuxna och "
            "människor från olika länder och kulturer: läxhjälp, studiecirklar, programmering, "
            "föreläsningar och studierådgivning."
        ),
        "accessibility": "Entré i markplan utan trappsteg.",
    },
    {
        "slug": "foreningarnas-hus",
        "name": "Föreningarnas hus",
        "kind": "house",
        "address": "Klockaretorpets centrum, Norrköping",
        "description": "Mötesplats för områdets föreningar: lokaler för möten, kurser och fester.",
    },
    {
        "slug": "idrottens-hus",
        "name": "Idrottens hus",
        "kind": "house",
        "address": "Klockaretorpets centrum, Norrköping",
        "description": "Idrott och rörelse för alla åldrar, tillsammans med RF-SISU och områdets klubbar.",
    },
    {
        "slug": "fritidsbanken",
        "name": "Fritidsbanken",
        "kind": "house",
        "address": "Klockaretorpets centrum, Norrköping",
        "description": "Låna sport- och fritidsutrustning gratis, som på ett bibliotek.",
    },
    {
        "slug": "fotbollsplanen",
        "name": "Fotbollsplanen",
        "kind": "outdoor",
        "address": "Klockaretorpet, Norrköping",
        "description": "Konstgräsplanen i Klockaretorpet, med ny matta och belysning sedan 2020.",
    },
    {
        "slug": "centrumtorget",
        "name": "Centrumtorget",
        "kind": "outdoor",
        "address": "Klockaretorpets centrum, Norrköping",
        "description": "Torget mitt i KLOCKET, där utomhusaktiviteter och trygghetsvandringar samlas.",
    },
    {
        "slug": "teams",
        "name": "Digitalt via Teams",
        "kind": "online",
        "address": "Länken skickas till dig som anmäler dig.",
        "description": "Möten och studiecirklar på distans.",
    },
]

ORGANISATIONS = [
    (
        "hyresgastforeningen",
        "Hyresgästföreningen",
        "tenants_union",
        "Hyresgästföreningen har tre platser i KLOCKETs ledningsgrupp och driver projektet Delmos mot segregation.",
        "https://www.hyresgastforeningen.se/",
    ),
    (
        "hyresbostader",
        "Hyresbostäder i Norrköping",
        "housing_company",
        "Det kommunala bostadsbolaget i Klockaretorpet, med i styrgruppen för Kunskapens hus.",
        "https://www.hyresbostader.se/",
    ),
    (
        "svenska-kyrkan",
        "Svenska kyrkan",
        "church",
        "Församlingen i Klockaretorpets centrum, med i styrgruppen för Kunskapens hus.",
        "",
    ),
    (
        "sensus",
        "Sensus studieförbund",
        "study_association",
        "Studieförbund som samarbetar kring studiecirklar, poddar och kultur i KLOCKET.",
        "https://www.sensus.se/",
    ),
    (
        "abf",
        "ABF",
        "study_association",
        "Arbetarnas bildningsförbund: bland annat LITA-studiecirkeln för nyckelpersoner.",
        "https://www.abf.se/",
    ),
    (
        "rf-sisu",
        "RF-SISU Östergötland",
        "sports_federation",
        "Idrottsrörelsens organisation för folkbildning och idrottsutveckling, en del av KLOCKET.",
        "https://www.rfsisu.se/",
    ),
    (
        "kultur-och-fritid",
        "Kultur- och fritidskontoret, Norrköpings kommun",
        "municipality",
        "Kommunens kultur- och fritidskontor, en del av KLOCKET.",
        "https://www.norrkoping.se/",
    ),
    (
        "samhallsbyggnadskontoret",
        "Samhällsbyggnadskontoret, Norrköpings kommun",
        "municipality",
        "Tar emot bristlistor från trygghetsvandringar och är partner i konstprojektet Klocket möter konsten.",
        "",
    ),
    (
        "konstmuseum",
        "Norrköpings Konstmuseum",
        "municipality",
        "Partner i konstprojektet Klocket möter konsten.",
        "",
    ),
    (
        "polisen",
        "Polisen, lokalpolisområde Norrköping",
        "police",
        "Närpolisen deltar i trygghetsvandringar och samverkansmöten.",
        "https://polisen.se/",
    ),
    (
        "like-dance",
        "Like Dance Klockaretorpet",
        "association",
        "Dans och musik för unga i Klockaretorpet.",
        "",
    ),
    ("dare-to-share", "Dare to Share", "association", "Workshoppar för unga.", ""),
    (
        "ung-konst-ost",
        "Ung Konst Öst",
        "association",
        "Bjöd in unga 13–25 år till Ortens galleri, en konstnärlig workshop.",
        "",
    ),
    (
        "klockaretorpet-i-samverkan",
        "Klockaretorpet i Samverkan",
        "other",
        "Nätverk för samverkan om trygghet och säkerhet i Klockaretorpet.",
        "",
    ),
    (
        "manniskan-bakom-uniformen",
        "Människan bakom uniformen",
        "other",
        "Uniformerade yrken möter unga och berättar om sin vardag.",
        "",
    ),
]

# One demo login per role. Passwords are for a local demonstration only.
DEMO_PASSWORD = "klocket-demo"
DEMO_USERS = [
    {
        "username": "samordnare",
        "role": "Samordnare",
        "is_staff": True,
        "first_name": "Samordnare",
        "organisations": [],
    },
    {
        "username": "partner-hgf",
        "role": "Partnerpersonal",
        "is_staff": False,
        "first_name": "Boendeutvecklare",
        "organisations": ["hyresgastforeningen"],
    },
    {
        "username": "partner-sensus",
        "role": "Partnerpersonal",
        "is_staff": False,
        "first_name": "Cirkelledare",
        "organisations": ["sensus"],
    },
    {
        "username": "styrgrupp",
        "role": "Styrgrupp",
        "is_staff": True,
        "first_name": "Styrgruppsledamot",
        "organisations": [],
    },
    {
        "username": "admin",
        "role": None,
        "is_staff": True,
        "is_superuser": True,
        "first_name": "Administratör",
        "organisations": [],
    },
]
