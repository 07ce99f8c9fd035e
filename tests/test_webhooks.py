"""Webhook signing, a delivery attempt and the retry rules, against `responses`."""

import hashlib
import hmac
import json

import pytest
import requests
import responses
from hypothesis import given
from hypothesis import strategies as st

from crm.core import webhooks
from crm.core.errors import InvalidParam

URL = "https://receiver.example/hooks/crm"
SECRET = "s3cr3t-ضيف"
PAYLOAD = {"event": "crm_email_draft_created", "data": {"name": "c1", "subject": "مرحبا"}}


def headers(body, delivery="d1"):
	return webhooks.request_headers(body, SECRET, "crm_email_draft_created", delivery)


def run(policy, body=None, **kwargs):
	body = body or webhooks.encode_body(PAYLOAD)
	slept = []
	outcome = webhooks.deliver(URL, body, headers(body), policy, sleep=slept.append, **kwargs)
	return outcome, slept


def test_signature_is_hmac_sha256_of_the_exact_body():
	body = webhooks.encode_body(PAYLOAD)
	expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
	assert webhooks.sign(body, SECRET) == expected
	assert webhooks.verify_signature(body, SECRET, expected)
	assert not webhooks.verify_signature(body + b" ", SECRET, expected)
	assert not webhooks.verify_signature(body, "other", expected)
	assert not webhooks.verify_signature(body, SECRET, None)


def test_body_is_canonical_utf8_json():
	body = webhooks.encode_body(PAYLOAD)
	assert json.loads(body) == PAYLOAD
	assert "مرحبا".encode() in body
	assert body == webhooks.encode_body(dict(reversed(list(PAYLOAD.items()))))


@responses.activate
def test_receiver_sees_a_verifiable_request():
	responses.post(URL, status=204)
	outcome, slept = run(webhooks.RetryPolicy())
	assert outcome.delivered and outcome.state == "Delivered" and slept == []
	sent = responses.calls[0].request
	assert sent.headers[webhooks.EVENT_HEADER] == "crm_email_draft_created"
	assert sent.headers[webhooks.DELIVERY_HEADER] == "d1"
	assert sent.headers["Content-Type"].startswith("application/json")
	assert webhooks.verify_signature(sent.body, SECRET, sent.headers[webhooks.SIGNATURE_HEADER])
	assert json.loads(sent.body) == PAYLOAD
	assert outcome.attempts[0].status_code == 204 and outcome.attempts[0].duration_ms >= 0


@responses.activate
def test_retries_on_500_then_succeeds():
	responses.post(URL, status=500, body="boom")
	responses.post(URL, status=503)
	responses.post(URL, status=200)
	policy = webhooks.RetryPolicy(max_attempts=5, base_delay=1, factor=2)
	outcome, slept = run(policy, max_wait=60)
	assert [a.status_code for a in outcome.attempts] == [500, 503, 200]
	assert slept == [1, 2]
	assert outcome.delivered
	assert outcome.attempts[0].error == "HTTP 500: boom"


@responses.activate
def test_retries_on_timeout_and_connection_error():
	responses.post(URL, body=requests.exceptions.ConnectTimeout("slow"))
	responses.post(URL, body=requests.exceptions.ConnectionError("refused"))
	responses.post(URL, status=200)
	outcome, slept = run(webhooks.RetryPolicy(max_attempts=3, base_delay=0.5), max_wait=60, timeout=2)
	assert [a.status_code for a in outcome.attempts] == [None, None, 200]
	assert outcome.attempts[0].error == "Timed out after 2 s"
	assert outcome.attempts[1].error.startswith("ConnectionError")
	assert slept == [0.5, 1.0]


@responses.activate
def test_gives_up_after_the_configured_attempts():
	responses.post(URL, status=502)
	outcome, slept = run(webhooks.RetryPolicy(max_attempts=4, base_delay=1), max_wait=1e9)
	assert len(outcome.attempts) == 4 and len(responses.calls) == 4
	assert outcome.state == "Failed" and outcome.retry_in is None
	assert slept == [1, 2, 4]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 422])
@responses.activate
def test_never_retries_a_4xx(status):
	responses.post(URL, status=status)
	outcome, slept = run(webhooks.RetryPolicy(max_attempts=5), max_wait=1e9)
	assert len(responses.calls) == 1 and slept == []
	assert outcome.state == "Failed"


@responses.activate
def test_retries_429_honouring_retry_after():
	responses.post(URL, status=429, headers={"Retry-After": "7"})
	responses.post(URL, status=200)
	outcome, slept = run(webhooks.RetryPolicy(max_attempts=3, base_delay=1), max_wait=60)
	assert slept == [7.0]
	assert outcome.delivered


@responses.activate
def test_redirects_are_not_followed_or_retried():
	responses.post(URL, status=302, headers={"Location": "https://elsewhere.example/"})
	outcome, _ = run(webhooks.RetryPolicy(max_attempts=3), max_wait=1e9)
	assert len(responses.calls) == 1 and outcome.state == "Failed"


@responses.activate
def test_long_delay_is_handed_back_to_the_scheduler():
	responses.post(URL, status=500)
	policy = webhooks.RetryPolicy(max_attempts=5, base_delay=30)
	outcome, slept = run(policy, max_wait=5)
	assert len(outcome.attempts) == 1 and slept == []
	assert outcome.state == "Retrying" and outcome.retry_in == 30
	# A later job continues the count where the first stopped.
	outcome, _ = run(policy, attempts_made=4, max_wait=5)
	assert [a.number for a in outcome.attempts] == [5]
	assert outcome.state == "Failed"


@responses.activate
def test_each_attempt_is_reported():
	responses.post(URL, status=500)
	responses.post(URL, status=200)
	seen = []
	body = webhooks.encode_body(PAYLOAD)
	webhooks.deliver(
		URL,
		body,
		headers(body),
		webhooks.RetryPolicy(base_delay=0),
		sleep=lambda s: None,
		on_attempt=seen.append,
	)
	assert [(a.number, a.status_code) for a in seen] == [(1, 500), (2, 200)]


def test_backoff_grows_and_is_capped():
	policy = webhooks.RetryPolicy(base_delay=30, factor=2, max_delay=300)
	assert [policy.delay_after(n) for n in range(1, 7)] == [30, 60, 120, 240, 300, 300]


@given(
	st.integers(min_value=1, max_value=200),
	st.floats(min_value=0, max_value=1e4),
	st.floats(min_value=1, max_value=4),
)
def test_backoff_never_exceeds_the_cap_and_never_shrinks(attempt, base, factor):
	policy = webhooks.RetryPolicy(base_delay=base, factor=factor, max_delay=3600)
	assert 0 <= policy.delay_after(attempt) <= 3600
	assert policy.delay_after(attempt + 1) >= policy.delay_after(attempt)


def test_retry_after_parsing():
	assert webhooks.parse_retry_after("120") == 120.0
	assert webhooks.parse_retry_after(None) is None
	assert webhooks.parse_retry_after("soon") is None
	assert webhooks.parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 60) == 60.0


@pytest.mark.parametrize("url", ["https://a.example/x", "http://127.0.0.1:9000/hook"])
def test_valid_urls(url):
	assert webhooks.validate_url(f" {url} ") == url


@pytest.mark.parametrize(
	"url", ["", "ftp://a.example", "javascript:alert(1)", "https://", "a.example/x", None]
)
def test_invalid_urls(url):
	with pytest.raises(InvalidParam) as info:
		webhooks.validate_url(url)
	assert info.value.field == "url"


def test_a_failed_job_counts_as_an_attempt_and_ends_failed_at_the_last():
	policy = webhooks.RetryPolicy(max_attempts=3, base_delay=30)
	first = webhooks.job_failure(1, "RuntimeError: boom", policy)
	assert (first.state, first.retry_in) == ("Retrying", 30)
	assert first.attempts[0].error == "Delivery job failed: RuntimeError: boom"
	assert webhooks.job_failure(2, "x", policy).retry_in == 60
	last = webhooks.job_failure(3, "x", policy)
	assert (last.state, last.retry_in) == ("Failed", None)
