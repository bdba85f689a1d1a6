"""Demo: a handful of Kunskapens hus activities described in the residents' languages.

First versions that need a native speaker's review, like the interface catalogues. They are
stored for all six languages (English, Arabic, Persian/Dari, Somali, Tigrinya besides Swedish);
a reader sees them once the language is one of the site's (``settings.LANGUAGES``).
"""

# Swedish title: {language: (title, summary)}
TRANSLATIONS = {
    "Läxhjälp": {
        "en": (
            "Homework help",
            "Help with homework for children and young people. Bring what you are working on.",
        ),
        "ar": (
            "مساعدة في الواجبات المدرسية",
            "مساعدة في الواجبات المدرسية للأطفال والشباب. أحضر ما تعمل عليه.",
        ),
        "fa": (
            "کمک در انجام تکالیف مدرسه",
            "کمک به کودکان و نوجوانان در انجام تکالیف مدرسه. چیزی را که روی آن کار می‌کنید با خود بیاورید.",
        ),
        "so": (
            "Caawimaad casharrada guriga",
            "Caawimaad casharrada guriga ee carruurta iyo dhallinyarada. Keen waxa aad ka shaqaynayso.",
        ),
        "ti": (
            "ሓገዝ ዕዮ-ገዛ",
            "ንቖልዑን መንእሰያትን ሓገዝ ዕዮ-ገዛ። ዕዮ-ገዛኹም ሒዝኩም ንዑ።",
        ),
    },
    "Öppen förskola": {
        "en": (
            "Open preschool",
            "Play, songs and fika for children aged 0–6 together with an adult.",
        ),
        "ar": (
            "روضة مفتوحة",
            "لعب وغناء وقهوة وحلويات للأطفال من عمر 0 إلى 6 سنوات برفقة شخص بالغ.",
        ),
        "fa": (
            "پیش‌دبستانی باز",
            "بازی، آواز و چای و شیرینی برای کودکان ۰ تا ۶ ساله همراه با یک بزرگسال.",
        ),
        "so": (
            "Xanaano furan",
            "Ciyaar, hees iyo shaah iyo buskud carruurta da'doodu tahay 0–6 oo uu la socdo qof weyn.",
        ),
        "ti": (
            "ክፉት ቅድመ-ትምህርቲ",
            "ጸወታ፡ ደርፍን ቡንን ንቖልዑ ካብ 0 ክሳብ 6 ዓመት ምስ ሓደ ዓቢ ሰብ።",
        ),
    },
    "Informationsträff om hedersrelaterat förtryck": {
        "en": (
            "Information meeting on honour-related oppression",
            "Information and conversation. You do not have to say who you are.",
        ),
        "ar": (
            "لقاء إعلامي حول القمع المرتبط بالشرف",
            "معلومات وحوار. لست مضطرًا لأن تقول من أنت.",
        ),
        "fa": (
            "جلسه اطلاع‌رسانی درباره ستم مرتبط با ناموس",
            "اطلاعات و گفتگو. لازم نیست بگویید چه کسی هستید.",
        ),
        "so": (
            "Kulan macluumaad oo ku saabsan dulmiga la xiriira sharafta",
            "Macluumaad iyo wada-hadal. Uma baahnid inaad sheegto cidda aad tahay.",
        ),
        "ti": (
            "ኣኼባ ሓበሬታ ብዛዕባ ምስ ክብሪ ዝተኣሳሰረ ጭቆና",
            "ሓበሬታን ዘተን። መን ምዃንኩም ክትነግሩ ኣየድልየኩምን እዩ።",
        ),
    },
    "Kurs: rättigheter och skyldigheter i boendet": {
        "en": (
            "Course: your rights and obligations as a tenant",
            "What applies when you rent your home?",
        ),
        "ar": (
            "دورة: الحقوق والواجبات في السكن",
            "ما هي القواعد التي تسري عندما تستأجر مسكنك؟",
        ),
        "fa": (
            "دوره: حقوق و وظایف در مسکن",
            "وقتی خانه‌تان را اجاره می‌کنید، چه قوانینی اعمال می‌شود؟",
        ),
        "so": (
            "Koorso: xuquuqda iyo waajibaadka deganaanshaha",
            "Maxaa khuseeya marka aad kirayso gurigaaga?",
        ),
        "ti": (
            "ኮርስ፦ መሰላትን ግቡኣትን ኣብ መንበሪ ገዛ",
            "ገዛኹም ክትካረዩ ከለኹም እንታይ እዩ ዝምልከተኩም?",
        ),
    },
}

# The demo's "how to join" of every public activity ("Kom som du är, ingen anmälan behövs.").
HOW_TO_JOIN = {
    "en": "Come as you are, no registration needed.",
    "ar": "تعال كما أنت، لا حاجة للتسجيل.",
    "fa": "همان‌طور که هستید بیایید، نیازی به ثبت‌نام نیست.",
    "so": "Kaalay sidaad tahay, looma baahna is-diiwaangelin.",
    "ti": "ከም ዘለኹምዎ ንዑ፡ ምምዝጋብ ኣየድልን።",
}


def i18n_for(title: str) -> dict[str, str]:
    """The ``i18n`` value (``title_ar``, ``summary_ar``...) of a demo activity; {} for the others."""
    values = {}
    for code, (translated_title, summary) in TRANSLATIONS.get(title, {}).items():
        values[f"title_{code}"] = translated_title
        values[f"summary_{code}"] = summary
        values[f"how_to_join_{code}"] = HOW_TO_JOIN[code]
    return values
