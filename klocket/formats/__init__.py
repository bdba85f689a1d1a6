"""Date formats per language (FORMAT_MODULE_PATH): klocket/formats/<language>/formats.py.

Swedish (sv/formats.py) and English name the portal's own formats by hand; the other languages
take theirs from their standard ones with ``portal_names`` (tests/test_date_formats.py checks that
every language names the same formats).
"""


def portal_names(standard: dict) -> dict[str, str]:
    """The portal's own format names built from a language's standard DATE/TIME/MONTH_DAY formats."""
    date, time, month_day = standard["DATE_FORMAT"], standard["TIME_FORMAT"], standard["MONTH_DAY_FORMAT"]
    names = {
        "DATETIME_FORMAT": standard.get("DATETIME_FORMAT") or f"{date} {time}",
        "YEAR_MONTH_FORMAT": standard.get("YEAR_MONTH_FORMAT") or "F Y",
        "SHORT_DATE_FORMAT": standard.get("SHORT_DATE_FORMAT") or "Y-m-d",
        "SHORT_DATETIME_FORMAT": standard.get("SHORT_DATETIME_FORMAT") or "Y-m-d H:i",
        "WEEKDAY_DATE_FORMAT": f"l {date}",
        "WEEKDAY_DATETIME_FORMAT": f"l {date} {time}",
        "WEEKDAY_MONTH_DAY_FORMAT": f"l {month_day}",
        "WEEKDAY_MONTH_DAY_TIME_FORMAT": f"l {month_day} {time}",
        "SHORT_WEEKDAY_DATETIME_FORMAT": f"D {date} {time}",
        "SHORT_WEEKDAY_MONTH_DAY_FORMAT": f"D {month_day}",
        "MONTH_ABBREVIATION_FORMAT": "M",
    }
    return {name: value for name, value in names.items() if name not in standard}
