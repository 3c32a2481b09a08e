"""Does a source's URL look like a source of record? A cheap check on the address alone.

A source of record is the page that states the fact: an article, a release, an official page,
an encyclopaedia article in its own edition. Two kinds of address are almost never that:

- pages that list other pages (search results, tag, hashtag and keyword pages, board lists, a
  site's home page): what they show changes, and the fact is not on them for long;
- hosts that copy other publishers (mirrors and machine translations of Wikipedia, offline
  copies, proxies, video re-uploads) and code hosts, whose files are nobody's publication of
  the fact; also user sandboxes on Wikipedia itself.

``problem(url)`` names the first such trait found, or None.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

# Hosts (and their subdomains) that copy other publishers' pages or host code. Matched on the
# host name's trailing labels: "de.other.wiki" matches "other.wiki".
MIRROR_HOSTS: tuple[str, ...] = (
    # code hosts
    "github.com",
    "githubusercontent.com",
    "gitlab.com",
    "bitbucket.org",
    # copies, mirrors and machine translations of Wikipedia and other encyclopaedias
    "alchetron.com",
    "askwikinow.com",
    "clateway.com",
    "datana.cloud",
    "encycloreader.org",
    "enacademic.com",
    "everything.explained.today",
    "explained.today",
    "fact-index.com",
    "frwiki.wiki",
    "howlingpixel.com",
    "kampuspedia.com",
    "mickopedia.org",
    "mrowl.com",
    "namu.moe",
    "nina.az",
    "other.wiki",
    "piglix.com",
    "search.com.vn",
    "the-uncensored-wiki.com",
    "theinfolist.com",
    "webot.org",
    "wiki.av1.space",
    "wiki1.kr",
    "wiki7.org",
    "wikial.top",
    "wikide.org",
    "wikipedia.jakami.de",
    "wikisort.org",
    "wikisum.wiki",
    "wikiwand.com",
    "wikizero.com",
    "vi0.me",
    "uzcca.com",
    # user-drawn maps, proxies and re-uploads
    "wikimapia.org",
    "ibetubet.com",
    "wideo.ovh",
    "keyzard.org",
    "arrowmindedboutique.com",
)

# Any host with one of these labels is an offline or mirrored copy (kiwix.lema.org, ...).
_MIRROR_LABELS = ("kiwix",)

_QUERY_SEARCH_KEYS = {
    "q",
    "query",
    "search",
    "keyword",
    "keywords",
    "kwd",
    "sword",
    "searchword",
    "searchkeyword",
    "searchtext",
    "stext",
    "tag",
    "tags",
    "hashtag",
}
_LIST_VALUES = {"list", "search", "tag"}
# A board script asked to show one post is an article page, whatever the script is called:
# news_list.html?query=view&bid=100065 is a story, not a list.
_VIEW_KEYS = {"query", "act", "mode", "board_mode", "cmd", "action"}
_VIEW_VALUES = {"view", "read", "detail"}
# Addresses that look like lists but are single official pages: the National Archives of
# Korea serves each subject description through a "list...Description" script.
_ARTICLE_PATHS = (("archives.go.kr", "listSubjectDescription.do"),)
_SEARCH_SEGMENTS = {"search", "searches"}
_TAG_SEGMENTS = {"tag", "tags", "hashtag", "hashtags", "keyword", "keywords"}
# news_list, newsList, tag_list_all, boardlist, listSubjectDescription; never a slug such as
# who-made-the-list (words joined by hyphens name an article).
_LIST_STEM = re.compile(r"^(?:[a-z]*_?list(?:_[a-z]+)*|list[A-Z_]\w*)$")
_HOME_PAGES = {"", "/", "/index.html", "/index.htm", "/index.php", "/index.jsp", "/main.html"}
# Query keys that only track a visit: a home page with them is still a home page.
_TRACKING = re.compile(r"^(utm_.*|referrer|ref|fbclid|gclid)$", re.IGNORECASE)


def mirror_host(host: str) -> str | None:
    """The entry of MIRROR_HOSTS (or mirror label) that ``host`` falls under, if any."""
    host = host.lower().rstrip(".")
    for known in MIRROR_HOSTS:
        if host == known or host.endswith("." + known):
            return known
    labels = host.split(".")
    for label in _MIRROR_LABELS:
        if label in labels:
            return label
    return None


def problem(url: str) -> tuple[str, str] | None:
    """(code, reason) when ``url`` is not likely a source of record, else None.

    Codes: ``not-of-record`` (a mirror, code host or user page) and ``listing-url`` (a search,
    tag, list or home page).
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    known = mirror_host(host)
    if known is not None:
        return "not-of-record", f"{host} is a known mirror, copy or code host ({known})"
    path = unquote(parts.path)
    if host.endswith("wikipedia.org") and re.search(r"/wiki/(User|사용자)[:_]", path, re.I):
        return "not-of-record", "a Wikipedia user page or sandbox is nobody's publication"
    query = [(k.lower(), v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    for key, value in query:
        if key in _QUERY_SEARCH_KEYS and value.strip() and value.lower() != "view":
            return "listing-url", f"the query {key}={value!r} asks for a search or tag page"
        if value.lower() in _LIST_VALUES and key in {"act", "mode", "cmd", "t", "type", "view"}:
            return "listing-url", f"the query {key}={value!r} asks for a list or tag page"
    # A Wikipedia article is an article whatever its title says: "List of presidents of
    # South Korea" is the encyclopaedia's own page of record for those dates.
    article = host.endswith("wikipedia.org") and path.startswith("/wiki/")
    viewing = article or any(k in _VIEW_KEYS and v.lower() in _VIEW_VALUES for k, v in query)
    described = any(
        (host == h or host.endswith("." + h)) and path.endswith(p) for h, p in _ARTICLE_PATHS
    )
    segments = [s for s in path.split("/") if s] if not (viewing or described) else []
    for segment in segments:
        stem = segment.rsplit(".", 1)[0].lower()
        if stem in _SEARCH_SEGMENTS:
            return "listing-url", f"the path segment {segment!r} is a search page"
        if stem in _TAG_SEGMENTS:
            return "listing-url", f"the path segment {segment!r} is a tag or keyword page"
        raw = segment.rsplit(".", 1)[0]
        if _LIST_STEM.match(raw) or _LIST_STEM.match(raw.lower()):
            return "listing-url", f"the path segment {segment!r} is a list page"
    meaningful = [k for k, _ in query if not _TRACKING.match(k)]
    if path in _HOME_PAGES and not meaningful:
        return "listing-url", f"{host} with no path is the site's home page"
    return None
