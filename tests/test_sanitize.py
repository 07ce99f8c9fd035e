"""The HTML sanitizer: what survives and what never does."""

import re

import html5lib
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from crm.core.sanitize import sanitize_html, to_plain_text
from tests.xss_corpus import XSS_PAYLOADS

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "background", "data", "xlink:href", "srcdoc"}
SAFE_SCHEMES = re.compile(r"^(https?:|mailto:|tel:|cid:|#|/|[^:/?#]*$)", re.I)


def active_content(html: str) -> list[str]:
	"""What a browser could run in `html`: script-ish elements, handlers, script URLs, CSS URLs."""
	tree = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
	found = []
	for element in tree.iter():
		if not isinstance(element.tag, str):
			continue
		tag = element.tag.split("}")[-1].lower()
		if tag in {
			"script",
			"iframe",
			"object",
			"embed",
			"svg",
			"math",
			"style",
			"link",
			"meta",
			"base",
			"form",
		}:
			found.append(f"<{tag}>")
		for name, value in element.attrib.items():
			name = name.lower() if isinstance(name, str) else str(name)
			if name.startswith("on"):
				found.append(f"{tag}[{name}]")
			if name in URL_ATTRIBUTES and not SAFE_SCHEMES.match(value.strip()):
				found.append(f"{tag}[{name}={value}]")
			if name == "style" and re.search(r"url\(|expression|binding|import", value, re.I):
				found.append(f"{tag}[style={value}]")
	return found


def test_corpus_is_large_enough():
	assert len(XSS_PAYLOADS) >= 30
	assert len(set(XSS_PAYLOADS)) == len(XSS_PAYLOADS)


def test_the_detector_sees_the_payloads_raw():
	# Guards the test itself: a detector blind to raw payloads would make the next test vacuous.
	seen = [p for p in XSS_PAYLOADS if active_content(p)]
	assert len(seen) >= 30
	assert active_content("<p>plain</p>") == []


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives(payload):
	cleaned = sanitize_html(payload)
	assert active_content(cleaned) == [], cleaned
	assert "javascript:" not in cleaned.lower()
	assert "<script" not in cleaned.lower()
	assert not re.search(r"\son\w+\s*=", cleaned, re.I), cleaned


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_inside_real_content_keeps_the_content(payload):
	cleaned = sanitize_html(f"<p>Dear client,</p>{payload}<p>Regards</p>")
	assert "<p>Dear client,</p>" in cleaned
	assert active_content(cleaned) == []


def test_script_text_is_dropped_with_the_element():
	assert sanitize_html("<p>Hi</p><script>steal()</script><p>Bye</p>") == "<p>Hi</p><p>Bye</p>"
	assert sanitize_html("<style>p{color:red}</style>text after") == "text after"


def test_ordinary_email_html_is_kept():
	html = (
		'<p dir="rtl" lang="ar">مرحبا <b>فهد</b></p>'
		'<p>See <a href="https://example.com/listing/12">the listing</a> or call '
		'<a href="tel:+966500000000">us</a>.</p>'
		'<table border="1"><tbody><tr><td colspan="2">Price</td></tr></tbody></table>'
		'<ul><li>3 bedrooms</li></ul><img src="https://cdn.example.com/a.jpg" alt="villa">'
	)
	assert sanitize_html(html) == html


def test_safe_css_is_kept_and_unsafe_css_removed():
	assert sanitize_html('<p style="color: red; position: fixed;">x</p>') == '<p style="color: red;">x</p>'
	assert (
		sanitize_html('<p style="color: red; background: url(https://t.example/p.gif)">x</p>') == "<p>x</p>"
	)


def test_none_and_blank():
	assert sanitize_html(None) == ""
	assert sanitize_html("   ") == ""


def test_a_text_blank_once_cleaned_is_blank():
	"""NUL is dropped by cleaning; what is left, a NEL, is whitespace: blank, as it is cleaned again."""
	assert sanitize_html("\x00\x85") == ""


@example("\x00\x85")
@given(st.text(max_size=300))
def test_sanitizing_is_idempotent_and_never_leaves_active_content(text):
	once = sanitize_html(text)
	assert sanitize_html(once) == once
	assert active_content(once) == []


@given(
	st.lists(
		st.sampled_from(
			[
				*XSS_PAYLOADS,
				"<p>",
				"</p>",
				"<b>",
				"text",
				"<a href='https://x.example'>",
				"</a>",
				'"',
				"'",
				"<",
				">",
			]
		),
		max_size=8,
	)
)
def test_payload_mixtures_stay_inert(parts):
	assert active_content(sanitize_html("".join(parts))) == []


def test_plain_text_preview():
	assert to_plain_text("<p>Hi&nbsp;<b>there</b></p><script>x()</script>") == "Hi there"
	assert to_plain_text("<p>" + "a" * 300 + "</p>", 10) == "a" * 9 + "…"
