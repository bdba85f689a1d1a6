"""Formats for Persian: Django's own (django.conf.locale.fa.formats).

Here so that every language of the portal has its module in klocket/formats/ (FORMAT_MODULE_PATH
is searched first), where the portal's named formats go.
"""

from django.conf.locale.fa.formats import *  # noqa: F401,F403

from klocket.formats import portal_names  # noqa: E402

globals().update(portal_names(globals()))  # the portal's own names (klocket/formats)
