#!/usr/bin/env bash
# Fuzz every crm.api endpoint with schemathesis, driven by the shipped OpenAPI description, and fail
# on any 5xx. Run against a development site (it creates and deletes records), for example:
#
#   pip install schemathesis            # in any virtualenv; not needed by the app
#   scripts/fuzz_api.sh http://127.0.0.1:8000 crm.localhost "token KEY:SECRET" [max examples, default 25]
#
# The key should belong to a System Manager so every endpoint is reachable. Raise or switch off
# the rate limits in CRM Settings for the run (a fuzzer sends far more than 100 requests a minute),
# and point WhatsApp's Graph API Address at a stand-in if WhatsApp is enabled.
set -euo pipefail
cd "$(dirname "$0")/.."
URL="${1:?base URL, e.g. http://127.0.0.1:8000}"
HOST="${2:?site name, e.g. crm.localhost}"
AUTH="${3:?Authorization header value, e.g. token KEY:SECRET}"
EXAMPLES="${4:-25}"
exec schemathesis run crm/public/openapi.json \
	--url "$URL" \
	-H "Host: $HOST" \
	-H "Authorization: $AUTH" \
	--checks not_a_server_error \
	--max-examples "$EXAMPLES" \
	--request-timeout 30 \
	--generation-deterministic
