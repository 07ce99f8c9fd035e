"""Safe HTML for email drafts.

Agents write draft bodies as HTML and people read them in the Human Inbox and in Desk, so every
body is cleaned on the server before it is stored and again before it is shown. The rules are an
allow-list: only the tags, attributes, URL schemes and CSS properties below survive. Elements that
carry code or foreign documents (script, style, iframe, object, svg, …) are removed together with
everything inside them, so their text does not leak into the email either.
"""

import functools
import html as html_lib
import re

import bleach
import html5lib
from bleach.css_sanitizer import CSSSanitizer
from html5lib.serializer import HTMLSerializer

ALLOWED_TAGS = frozenset(
	{
		"a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
		"colgroup", "dd", "del", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6",
		"hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
		"strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u",
		"ul",
	}
)  # fmt: skip

_COMMON_ATTRIBUTES = ("dir", "lang", "title", "style", "align")
ALLOWED_ATTRIBUTES = {
	"*": list(_COMMON_ATTRIBUTES),
	"a": [*_COMMON_ATTRIBUTES, "href", "name", "target", "rel"],
	"img": [*_COMMON_ATTRIBUTES, "src", "alt", "width", "height"],
	"td": [*_COMMON_ATTRIBUTES, "colspan", "rowspan", "valign", "width"],
	"th": [*_COMMON_ATTRIBUTES, "colspan", "rowspan", "valign", "width", "scope"],
	"table": [*_COMMON_ATTRIBUTES, "border", "cellpadding", "cellspacing", "width"],
	"col": [*_COMMON_ATTRIBUTES, "span", "width"],
	"font": [*_COMMON_ATTRIBUTES, "color", "face", "size"],
	"ol": [*_COMMON_ATTRIBUTES, "start", "type"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel", "cid"})
ALLOWED_CSS_PROPERTIES = frozenset(
	{
		"background-color", "border", "border-bottom", "border-collapse", "border-color",
		"border-left", "border-right", "border-style", "border-top", "border-width", "color",
		"direction", "display", "font", "font-family", "font-size", "font-style", "font-weight",
		"height", "letter-spacing", "line-height", "list-style-type", "margin", "margin-bottom",
		"margin-left", "margin-right", "margin-top", "max-width", "padding", "padding-bottom",
		"padding-left", "padding-right", "padding-top", "text-align", "text-decoration",
		"text-indent", "unicode-bidi", "vertical-align", "white-space", "width",
	}
)  # fmt: skip

# Removed with their whole content: they run code, load other documents or style the page.
DROP_WITH_CONTENT = frozenset(
	{
		"applet", "audio", "base", "embed", "form", "frame", "frameset", "head", "iframe", "link",
		"math", "meta", "noembed", "noframes", "noscript", "object", "param", "script", "select",
		"style", "svg", "template", "textarea", "title", "video", "xml",
	}
)  # fmt: skip

_CSS_URL = re.compile(r"(url|expression|image-set|image)\s*\(|@import|behavior\s*:|-moz-binding", re.I)

_cleaner = bleach.Cleaner(
	tags=ALLOWED_TAGS,
	attributes=ALLOWED_ATTRIBUTES,
	protocols=ALLOWED_PROTOCOLS,
	strip=True,
	strip_comments=True,
	css_sanitizer=CSSSanitizer(allowed_css_properties=ALLOWED_CSS_PROPERTIES),
)


def sanitize_html(html: object) -> str:
	"""`html` reduced to the allow-list; "" for None. Idempotent: cleaning clean HTML changes nothing."""
	if html is None:
		return ""
	text = str(html)
	if not text.strip():
		return ""
	cleaned = _cached_clean(text) if len(text) <= CACHED_MAX else _clean(text)
	return cleaned if cleaned.strip() else ""  # blank once cleaned (e.g. NUL before a NEL): as blank


# Lists show the same stored emails again and again, and parsing is the cost (about 2 ms a row):
# results for texts up to CACHED_MAX characters are kept, per process, for the last CACHED entries.
CACHED = 512
CACHED_MAX = 32_000


def _clean(text: str) -> str:
	return _cleaner.clean(_drop_active_elements(text))


@functools.lru_cache(maxsize=CACHED)
def _cached_clean(text: str) -> str:
	return _clean(text)


def _drop_active_elements(text: str) -> str:
	"""Parse like a browser would, remove the DROP_WITH_CONTENT elements and CSS that loads URLs."""
	fragment = html5lib.parseFragment(text, treebuilder="etree", namespaceHTMLElements=False)
	_prune(fragment)
	walker = html5lib.getTreeWalker("etree")
	serializer = HTMLSerializer(quote_attr_values="always", omit_optional_tags=False)
	return serializer.render(walker(fragment))


def _prune(element) -> None:
	for child in list(element):
		tag = child.tag if isinstance(child.tag, str) else ""
		if tag.split("}")[-1].lower() in DROP_WITH_CONTENT:
			_remove_keeping_tail(element, child)
			continue
		style = child.get("style")
		if style and _CSS_URL.search(style):
			del child.attrib["style"]
		_prune(child)


def _remove_keeping_tail(parent, child) -> None:
	"""Remove `child`; the text that follows it (its tail) belongs to the parent and stays."""
	if child.tail:
		index = list(parent).index(child)
		if index:
			previous = parent[index - 1]
			previous.tail = (previous.tail or "") + child.tail
		else:
			parent.text = (parent.text or "") + child.tail
	parent.remove(child)


def to_plain_text(html: object, limit: int | None = None) -> str:
	"""The visible text of `html` with whitespace collapsed (for previews and subjects)."""
	return clean_to_plain_text(sanitize_html(html), limit)


@functools.lru_cache(maxsize=CACHED)
def clean_to_plain_text(clean_html: str, limit: int | None = None) -> str:
	"""`to_plain_text` of HTML that `sanitize_html` already cleaned (one parse fewer)."""
	cleaned = bleach.clean(clean_html, tags=set(), strip=True)
	text = re.sub(r"\s+", " ", html_lib.unescape(cleaned)).strip()
	if limit is not None and len(text) > limit:
		return text[: max(limit - 1, 0)].rstrip() + "…"
	return text
