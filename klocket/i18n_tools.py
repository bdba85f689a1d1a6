"""Helpers for the translation catalogues (run by `make messages`).

The source strings are English, so the English catalogue translates each string to itself;
`fill-english` keeps it complete after makemessages. `fill-dates` fills the month and weekday
names of klocket/date_names.py in any catalogue: Django's own translation where Django has the
language, CLDR's (Babel) otherwise (Somali, Tigrinya). Everything else is translated by people.
"""

import ast
import sys
from pathlib import Path

import polib

DATE_NAMES = Path(__file__).resolve().parent / "date_names.py"


def date_msgids() -> dict[str, list[tuple[str | None, str]]]:
    """The lists of klocket/date_names.py as (msgctxt, msgid) pairs, by list name."""
    tree = ast.parse(DATE_NAMES.read_text(encoding="utf-8"))
    lists = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.List):
            pairs = []
            for call in node.value.elts:
                args = [arg.value for arg in call.args]
                pairs.append((args[0], args[1]) if len(args) == 2 else (None, args[0]))
            lists[node.targets[0].id] = pairs
    return lists


def cldr_date_names(language: str) -> dict[tuple[str | None, str], str]:
    """The names of months and weekdays from CLDR (Babel), keyed like Django's msgids."""
    from babel import Locale

    locale = Locale.parse(language)
    days, months = locale.days, locale.months
    names = {
        "WEEKDAYS": [days["format"]["wide"][i] for i in range(7)],
        "WEEKDAYS_ABBR": [days["format"]["abbreviated"][i] for i in range(7)],
        "MONTHS": [months["stand-alone"]["wide"][i] for i in range(1, 13)],
        "MONTHS_3": [months["format"]["abbreviated"][i] for i in range(1, 13)],
        "MONTHS_AP": [months["format"]["abbreviated"][i] for i in range(1, 13)],
        "MONTHS_ALT": [months["format"]["wide"][i] for i in range(1, 13)],
        "DAY_PERIODS": [locale.day_periods["format"]["abbreviated"][p] for p in ("am", "pm")],
    }
    found = {}
    for list_name, pairs in date_msgids().items():
        for pair, name in zip(pairs, names[list_name], strict=True):
            found[pair] = name
    return found


def django_date_names(language: str) -> dict[tuple[str | None, str], str] | None:
    """Django's own translations of the same msgids, where Django has the language."""
    import django

    path = Path(django.__file__).parent / "conf" / "locale" / language / "LC_MESSAGES" / "django.po"
    if not path.exists():
        return None
    return {(entry.msgctxt, entry.msgid): entry.msgstr for entry in polib.pofile(str(path)) if entry.msgstr}


def fill_dates(path: str, language: str) -> int:
    """Fill the empty month and weekday names: Django's translation if any, else CLDR's."""
    catalogue = polib.pofile(path)
    wanted = {pair for pairs in date_msgids().values() for pair in pairs}
    django_names = django_date_names(language) or {}
    cldr = None
    changed = 0
    for entry in catalogue:
        pair = (entry.msgctxt, entry.msgid)
        if entry.obsolete or pair not in wanted or (entry.msgstr and "fuzzy" not in entry.flags):
            continue
        if language == "en":
            entry.msgstr = entry.msgid
        elif pair in django_names:
            entry.msgstr = django_names[pair]
        else:
            cldr = cldr or cldr_date_names(language)
            entry.msgstr = cldr[pair]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        changed += 1
    catalogue.save(path)
    return changed


def fill_english(path: str) -> int:
    catalogue = polib.pofile(path)
    changed = 0
    for entry in catalogue:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
        if entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                changed += 1
        elif not entry.msgstr:
            entry.msgstr = entry.msgid
            changed += 1
    catalogue.save(path)
    return changed


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "fill-dates":
        print(f"{fill_dates(argv[1], argv[2])} month and weekday names filled in {argv[1]}")
        return 0
    if len(argv) != 2 or argv[0] != "fill-english":
        print(
            "usage: python -m klocket.i18n_tools fill-english path/to/django.po\n"
            "       python -m klocket.i18n_tools fill-dates path/to/django.po LANGUAGE",
            file=sys.stderr,
        )
        return 2
    print(f"{fill_english(argv[1])} English entries filled in {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
