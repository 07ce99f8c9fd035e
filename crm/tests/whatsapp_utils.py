"""Tier-2 fixtures for WhatsApp: a Graph API stand-in on loopback, settings, contacts with numbers."""

import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import frappe
from frappe.utils.password import remove_encrypted_password

from crm.core import webhooks
from crm.tests.utils import fresh_snapshot

PHONE_NUMBER_ID = "109876543210"
APP_SECRET = "crm-test-app-secret"
VERIFY_TOKEN = "crm-test-verify-token"
ACCESS_TOKEN = "EAAG-crm-test-token"
# Numbers the tests use (valid Saudi mobiles), so cleanup finds every message they made.
NUMBERS = tuple(f"+9665012345{i:02d}" for i in range(20))


class GraphStandIn:
	"""Answers `POST /{version}/{phone_number_id}/messages` like the Cloud API and records each request.
	`script` holds the next answers as (status, json body, delay seconds); when empty it accepts."""

	def __init__(self) -> None:
		self.requests: list[dict[str, Any]] = []
		self.script: list[tuple[int, dict, float]] = []
		self.ids = itertools.count(1)
		outer = self

		class Handler(BaseHTTPRequestHandler):
			def do_POST(self) -> None:
				body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
				outer.requests.append({"path": self.path, "headers": dict(self.headers), "json": body})
				status, answer, delay = outer.script.pop(0) if outer.script else (200, None, 0)
				time.sleep(delay)
				if answer is None:
					answer = {
						"messaging_product": "whatsapp",
						"contacts": [{"input": body.get("to"), "wa_id": body.get("to")}],
						"messages": [{"id": f"wamid.crmtest.{time.time_ns()}.{next(outer.ids)}"}],
					}
				data = json.dumps(answer).encode()
				try:
					self.send_response(status)
					self.send_header("Content-Type", "application/json")
					self.send_header("Content-Length", str(len(data)))
					self.end_headers()
					self.wfile.write(data)
				except OSError:  # the client gave up (a timeout test)
					pass

			def log_message(self, *args) -> None:
				pass

		self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
		threading.Thread(target=self.server.serve_forever, daemon=True).start()

	@property
	def url(self) -> str:
		return f"http://127.0.0.1:{self.server.server_port}"

	def graph_error(
		self, code: int, status: int = 400, message: str = "Graph error", delay: float = 0
	) -> None:
		self.script.append(
			(status, {"error": {"message": message, "type": "OAuthException", "code": code}}, delay)
		)

	def stop(self) -> None:
		self.server.shutdown()
		self.server.server_close()


def configure(base_url: str, **values: Any) -> None:
	"""Enable WhatsApp in CRM Settings, pointed at `base_url` (committed: HTTP tests read it)."""
	doc = frappe.get_doc("CRM Settings")
	doc.update(
		{
			"whatsapp_enabled": 1,
			"whatsapp_api_version": "v21.0",
			"whatsapp_phone_number_id": PHONE_NUMBER_ID,
			"whatsapp_phone_number": "+966112345678",
			"whatsapp_default_region": "SA",
			"whatsapp_access_token": ACCESS_TOKEN,
			"whatsapp_app_secret": APP_SECRET,
			"whatsapp_verify_token": VERIFY_TOKEN,
			"whatsapp_api_base_url": base_url,
			"whatsapp_timeout": 10,
		}
		| values
	)
	doc.save(ignore_permissions=True)
	frappe.db.commit()


def unconfigure() -> None:
	doc = frappe.get_doc("CRM Settings")
	doc.update(
		{
			"whatsapp_enabled": 0,
			"whatsapp_phone_number_id": None,
			"whatsapp_phone_number": None,
			"whatsapp_api_base_url": "https://graph.facebook.com",
			"whatsapp_timeout": 10,
		}
	)
	doc.save(ignore_permissions=True)
	for secret in ("whatsapp_access_token", "whatsapp_app_secret", "whatsapp_verify_token"):
		remove_encrypted_password("CRM Settings", "CRM Settings", secret)
		frappe.db.set_single_value("CRM Settings", secret, None)
	frappe.db.commit()


def signed_post(payload: dict) -> tuple[bytes, dict[str, str]]:
	body = json.dumps(payload, ensure_ascii=False).encode()
	return body, {"Content-Type": "application/json", "X-Hub-Signature-256": webhooks.sign(body, APP_SECRET)}


def inbound_text(message_id: str, sender: str, text: str, timestamp: int = 1763892000) -> dict:
	return _envelope(
		{
			"contacts": [{"profile": {"name": "Test Customer"}, "wa_id": sender.lstrip("+")}],
			"messages": [
				{
					"from": sender.lstrip("+"),
					"id": message_id,
					"timestamp": str(timestamp),
					"type": "text",
					"text": {"body": text},
				}
			],
		}
	)


def status_event(
	message_id: str, status: str, timestamp: int, recipient: str, errors: list | None = None
) -> dict:
	event = {
		"id": message_id,
		"status": status,
		"timestamp": str(timestamp),
		"recipient_id": recipient.lstrip("+"),
	}
	if errors:
		event["errors"] = errors
	return _envelope({"statuses": [event]})


def _envelope(value: dict) -> dict:
	value = {
		"messaging_product": "whatsapp",
		"metadata": {"display_phone_number": "966112345678", "phone_number_id": PHONE_NUMBER_ID},
		**value,
	}
	return {
		"object": "whatsapp_business_account",
		"entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
	}


def delete_whatsapp_test_data() -> None:
	fresh_snapshot()
	for number_field in ("from_number", "to_number"):
		for name in frappe.get_all(
			"CRM WhatsApp Message", filters={number_field: ("in", NUMBERS)}, pluck="name"
		):
			frappe.delete_doc("CRM WhatsApp Message", name, force=True, ignore_permissions=True)
	frappe.db.commit()
