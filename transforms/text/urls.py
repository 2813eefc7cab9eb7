"""URL normalisation: two spellings of one article's address give the same key.

Folded: scheme (http/https), letter case of the host, a leading `www.`/`m.`/`amp.`, default ports,
percent-encoding (decoded, so `%D8%A7` and `ا` match), tracking parameters (utm_*, fbclid, ...),
the order of the remaining parameters, a trailing slash, an `/amp` suffix and the fragment.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

TRACKING_PARAMETERS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|ref|ref_src|ref_url|source|"
    r"cmpid|ito|ns_mchannel|ns_source|ns_campaign|ns_linkname|ns_fee|at_medium|at_campaign|share|s|output)$",
    re.IGNORECASE,
)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_HOST_PREFIXES = re.compile(r"^(www\d*|m|amp|mobile)\.")


def normalize_url(url: str | None) -> str | None:
    """The article key of a URL, or None when it is not an http(s) URL with a host."""
    if not url or not url.strip():
        return None
    text = url.strip()
    if not _SCHEME.match(text):
        text = "http://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = _HOST_PREFIXES.sub("", parts.hostname.lower().rstrip("."))
    path = unquote(parts.path)
    path = re.sub(r"/+", "/", path)
    path = re.sub(r"/(amp|amp\.html)$", "", path)
    path = path.rstrip("/")
    query = sorted(
        (key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMETERS.match(key)
    )
    key = host + path
    if query:
        key += "?" + unquote(urlencode(query))
    return key
