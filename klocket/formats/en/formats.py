"""English date formats, with the same names as klocket/formats/sv/formats.py (read it first).

British order (day, month, year) and a 24-hour clock, as on the Swedish pages.
"""

DATE_FORMAT = "j F Y"  # 7 December 2026
DATETIME_FORMAT = "j F Y, H:i"  # 7 December 2026, 18:00
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 7 December
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"

# The portal's own names.
WEEKDAY_DATE_FORMAT = "l j F Y"  # Monday 7 December 2026
WEEKDAY_DATETIME_FORMAT = "l j F Y, H:i"  # Monday 7 December 2026, 18:00
WEEKDAY_MONTH_DAY_FORMAT = "l j F"  # Monday 7 December
WEEKDAY_MONTH_DAY_TIME_FORMAT = "l j F, H:i"  # Monday 7 December, 18:00
SHORT_WEEKDAY_DATETIME_FORMAT = "D j M Y, H:i"  # Mon 7 Dec 2026, 18:00
SHORT_WEEKDAY_MONTH_DAY_FORMAT = "D j M"  # Mon 7 Dec
MONTH_ABBREVIATION_FORMAT = "M"  # Oct (chart axes)
