#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Commands that work without the portal's settings (Django's own help and version).
WITHOUT_SETTINGS = {None, "help", "--help", "-h", "version", "--version"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klocket.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    command = sys.argv[1] if len(sys.argv) > 1 else None
    if command not in WITHOUT_SETTINGS:
        # Django would swallow a settings error here and fail later with "Models aren't loaded
        # yet"; say what is wrong instead.
        from django.conf import settings

        try:
            settings.INSTALLED_APPS  # noqa: B018 - loads the settings
        except ImproperlyConfigured as error:
            sys.stderr.write(
                f"manage.py {command}: the settings are incomplete: {error}\n"
                "Set the variables in the environment (see .env.example), or DJANGO_DEBUG=1 for "
                "development (make run does).\n"
            )
            sys.exit(2)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
