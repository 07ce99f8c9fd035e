#!/usr/bin/env bash
# The mobile API's quick test against a running site, as the Flutter app makes its calls:
# OAuth config, a password-grant token, then create, home, filter, buckets, edit and delete.
#
#   bash scripts/quick_test.sh http://crm.localhost:8000 Administrator admin
#
# The site needs Mobile OAuth Settings saved with its OAuth client created (see the README).
# Prints each call's HTTP status and answer; exits non-zero on the first unexpected status.
set -euo pipefail

URL="${1:?site URL}"
USERNAME="${2:?user}"
PASSWORD="${3:?password}"
API="$URL/api/method/crm.api.mobile_api"
BODY="$(mktemp)"
trap 'rm -f "$BODY"' EXIT

call() {  # call EXPECTED_STATUS METHOD URL [curl args…]
	local expected="$1" method="$2" url="$3"
	shift 3
	local status
	status="$(curl -sS -o "$BODY" -w '%{http_code}' -X "$method" "$url" "$@")"
	echo "$status $method ${url#"$URL"}"
	head -c 600 "$BODY"
	echo
	if [ "$status" != "$expected" ]; then
		echo "expected $expected" >&2
		exit 1
	fi
}

field() {  # field PYTHON_EXPRESSION_ON_answer
	python3 -c "import json,sys; answer=json.load(open(sys.argv[1])); print($1)" "$BODY"
}

call 200 GET "$API.get_oauth_config"
CLIENT_ID="$(field 'answer["message"]["client_id"]')"
call 200 POST "$URL/api/method/frappe.integrations.oauth2.get_token" \
	-H "Content-Type: application/x-www-form-urlencoded" \
	--data-urlencode grant_type=password --data-urlencode "username=$USERNAME" \
	--data-urlencode "password=$PASSWORD" --data-urlencode "client_id=$CLIENT_ID" \
	--data-urlencode "scope=all openid"
AUTH="Authorization: Bearer $(field 'answer["access_token"]')"
TODAY="$(date +%F)"

call 200 POST "$API.create_task" -H "$AUTH" -H "Content-Type: application/json" \
	-d "{\"title\": \"Quick test visit\", \"task_type\": \"Property Showing\", \"priority\": \"High\", \"start_date\": \"$TODAY\", \"due_date\": \"$TODAY 17:00:00\"}"
TASK="$(field 'answer["message"]["name"]')"
call 200 GET "$API.home_tasks?limit=5" -H "$AUTH"
call 200 GET "$API.filter_tasks?page=1&limit=10" -H "$AUTH"
call 200 GET "$API.filter_tasks?importance=High&status=Todo&page=1&limit=20" -H "$AUTH"
call 200 GET "$API.main_page_buckets" -H "$AUTH"
call 200 POST "$API.edit_task" -H "$AUTH" -H "Content-Type: application/json" \
	-d "{\"task_id\": $TASK, \"title\": \"Quick test visit (moved)\", \"status\": \"In Progress\"}"
call 200 POST "$API.update_status" -H "$AUTH" -H "Content-Type: application/json" \
	-d "{\"task_id\": $TASK, \"status\": \"Done\"}"
call 200 POST "$API.delete_task" -H "$AUTH" -H "Content-Type: application/json" -d "{\"task_id\": $TASK}"
call 404 POST "$API.delete_task" -H "$AUTH" -H "Content-Type: application/json" -d "{\"task_id\": $TASK}"
echo "quick test passed: task $TASK created, listed, edited, closed and deleted"
