"""Template helpers shared by every app."""

import json

import markdown as markdown_lib
import nh3
from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

from klocket import content_languages

register = template.Library()

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote", "code"}


@register.filter
def markdown(text):
    """Render staff-written Markdown or plain text, sanitised (no scripts, no styles, safe links)."""
    if not text:
        return ""
    html = markdown_lib.markdown(text, extensions=["sane_lists", "nl2br"], output_format="html")
    # Headings in descriptions start below the page's own h1/h2.
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="nofollow noopener",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 above


@register.simple_tag
def ld_json(data):
    """A schema.org JSON-LD block, escaped like json_script.

    A data block is never run, so the Content-Security-Policy does not apply to it and it needs
    no nonce; the pages carrying it are cached for every visitor (klocket/cache.py), where one
    visitor's nonce would be meaningless to the next.
    """
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(  # noqa: S308 - payload escaped above
        f'<script type="application/ld+json">{payload}</script>'
    )


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters changed (None or '' removes one)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


@register.simple_tag
def translated(obj, field):
    """``{% translated activity "title" as title %}``: the text in the reader's language, else the
    Swedish one; ``{{ title.attrs }}`` on its element gives ``lang="sv"`` to a fallback
    (klocket/content_languages.py holds the rule)."""
    return content_languages.translated(obj, field)


@register.filter
def described_in(obj):
    """The languages (code, own name) an object's title or description is written in."""
    field = "title" if hasattr(obj, "title") else "description"
    return [(code, content_languages.language_name(code)) for code in content_languages.described_in(obj, field)]
