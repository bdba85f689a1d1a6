"""Swedish date formats: the one place the portal's dates get their shape (FORMAT_MODULE_PATH).

Templates name a format (``{{ day|date:"WEEKDAY_DATE_FORMAT" }}``), Python code passes the name
to ``django.utils.formats.date_format``. Month and weekday names are lower case in Swedish
("måndag 7 december 2026", "okt"), so no format here uses ``M``, which capitalises them.
Every language module defines the same names (tests/test_date_formats.py checks).
"""

DATE_FORMAT = "j F Y"  # 7 december 2026
DATETIME_FORMAT = "j F Y, H:i"  # 7 december 2026, 18:00
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"  # december 2026
MONTH_DAY_FORMAT = "j F"  # 7 december
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"

# The portal's own names.
WEEKDAY_DATE_FORMAT = "l j F Y"  # måndag 7 december 2026
WEEKDAY_DATETIME_FORMAT = "l j F Y, H:i"  # måndag 7 december 2026, 18:00
WEEKDAY_MONTH_DAY_FORMAT = "l j F"  # måndag 7 december
WEEKDAY_MONTH_DAY_TIME_FORMAT = "l j F, H:i"  # måndag 7 december, 18:00
SHORT_WEEKDAY_DATETIME_FORMAT = "D j F Y, H:i"  # mån 7 december 2026, 18:00
SHORT_WEEKDAY_MONTH_DAY_FORMAT = "D j F"  # mån 7 december
MONTH_ABBREVIATION_FORMAT = "b"  # okt (chart axes)
