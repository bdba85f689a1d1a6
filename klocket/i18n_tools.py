"""Helpers for the translation catalogues (run by `make messages`).

The source strings are English, so the English catalogue translates each string to itself;
`fill-english` keeps it complete after makemessages. Swedish is translated by people.
"""

import sys

import polib


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
    if len(argv) != 2 or argv[0] != "fill-english":
        print("usage: python -m klocket.i18n_tools fill-english path/to/django.po", file=sys.stderr)
        return 2
    print(f"{fill_english(argv[1])} English entries filled in {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
