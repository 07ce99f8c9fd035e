"""Desk customisation reaches the API: a Property Setter adding the task type "Site Visit" (what
Customize Form saves) is accepted by create_task, listed by a refusal's 417 and by get_task_options
with its English and Arabic labels, and goes away with the Property Setter."""

import json

import frappe

from crm.api import activities, contact, docs, mobile_api
from crm.tests.utils import (
	TITLE_MARK,
	IntegrationTestCase,
	api_token,
	delete_test_data,
	fresh_snapshot,
	http,
	make_contact,
	make_user,
)

BASE = "/api/method/crm.api.mobile_api."
SITE_VISIT = "Site Visit"
SITE_VISIT_AR = "زيارة موقع"


def add_site_visit() -> str:
	"""What Customize Form saves when an admin adds "Site Visit" to Task Type (committed)."""
	return add_option("task_type", SITE_VISIT)


def add_option(fieldname: str, value: str, doctype: str = "CRM Task") -> str:
	"""A Property Setter adding `value` to a Select field of `doctype` (committed)."""
	options = frappe.get_meta(doctype).get_field(fieldname).options
	return set_property(fieldname, "options", f"{options}\n{value}", "Text", doctype)


def set_property(fieldname: str, name: str, value: str, kind: str, doctype: str = "CRM Task") -> str:
	"""What Customize Form saves when an admin changes property `name` of a field (committed)."""
	setter = frappe.get_doc(
		{
			"doctype": "Property Setter",
			"doctype_or_field": "DocField",
			"doc_type": doctype,
			"field_name": fieldname,
			"property": name,
			"property_type": kind,
			"value": value,
		}
	)
	setter.insert(ignore_permissions=True)
	frappe.db.commit()
	return setter.name


def remove(doctype: str, name: str) -> None:
	if frappe.db.exists(doctype, name):
		frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
		frappe.db.commit()


def arabic_label(source: str, translated: str) -> str:
	"""A Translation record, as an admin adds one in Desk (committed)."""
	doc = frappe.get_doc(
		{"doctype": "Translation", "language": "ar", "source_text": source, "translated_text": translated}
	)
	doc.insert(ignore_permissions=True)
	frappe.db.commit()
	return doc.name


def type_values(answer: dict) -> list[str]:
	return [choice["value"] for choice in answer["task_types"]]


class TestTaskOptions(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.seller = make_user("options-seller", ("Sales User",))
		cls.arabic_seller = make_user("options-seller-ar", ("Sales User",), language="ar")
		frappe.db.commit()
		cls.token = api_token(cls.seller)
		cls.arabic_token = api_token(cls.arabic_seller)

	@classmethod
	def tearDownClass(cls) -> None:
		delete_test_data()
		super().tearDownClass()

	def setUp(self) -> None:
		frappe.set_user(self.seller)
		self.addCleanup(frappe.set_user, "Administrator")
		self.addCleanup(setattr, frappe.local, "lang", frappe.local.lang)

	def customise(self) -> None:
		frappe.set_user("Administrator")
		setter = add_site_visit()
		self.addCleanup(remove, "Property Setter", setter)
		translation = arabic_label(SITE_VISIT, SITE_VISIT_AR)
		self.addCleanup(remove, "Translation", translation)
		frappe.set_user(self.seller)

	def test_the_options_are_the_doctypes_with_labels_order_and_defaults(self):
		answer = mobile_api.get_task_options()
		self.assertEqual(type_values(answer), ["Meeting", "Call", "Property Showing"])
		self.assertEqual([p["value"] for p in answer["priorities"]], ["Low", "Medium", "High"])
		self.assertEqual([p["order"] for p in answer["priorities"]], [1, 2, 3])
		self.assertEqual(answer["statuses"][0], {"value": "Backlog", "label": "Backlog", "order": 1})
		defaults = frappe.get_cached_doc("CRM Settings")
		self.assertEqual(answer["defaults"]["task_type"], defaults.default_task_type or "Call")
		self.assertEqual(answer["defaults"]["status"], "Todo")
		frappe.local.lang = "ar"
		arabic = mobile_api.get_task_options()
		self.assertEqual(arabic["priorities"][2]["label"], "عالية")
		self.assertEqual(arabic["labels"]["task_type"], "نوع المهمة")
		self.assertNotEqual(arabic["version"], answer["version"])

	def test_a_task_type_added_in_desk_reaches_the_api_and_leaves_with_it(self):
		self.customise()
		task = mobile_api.create_task(title=f"{TITLE_MARK} visit", task_type=SITE_VISIT)
		self.assertEqual(task["task_type"], SITE_VISIT)
		with self.assertRaises(frappe.ValidationError) as refused:
			mobile_api.create_task(title=f"{TITLE_MARK} visit", task_type="Open House")
		self.assertIn(f"'{SITE_VISIT}'", str(refused.exception))
		listed = mobile_api.get_task_options()["task_types"][-1]
		self.assertEqual(listed, {"value": SITE_VISIT, "label": SITE_VISIT, "order": 4})
		frappe.local.lang = "ar"
		listed = mobile_api.get_task_options()["task_types"][-1]
		self.assertEqual(listed, {"value": SITE_VISIT, "label": SITE_VISIT_AR, "order": 4})
		frappe.local.lang = "en"

		frappe.set_user("Administrator")
		self.doCleanups()  # the admin removes "Site Visit" again
		frappe.set_user(self.seller)
		self.assertNotIn(SITE_VISIT, type_values(mobile_api.get_task_options()))
		with self.assertRaises(frappe.ValidationError) as refused:
			mobile_api.create_task(title=f"{TITLE_MARK} visit", task_type=SITE_VISIT)
		self.assertNotIn(f"'{SITE_VISIT}'", str(refused.exception).split("Must be one of")[1])

	def test_a_status_added_in_desk_filters_and_ranks(self):
		frappe.set_user("Administrator")
		self.addCleanup(remove, "Property Setter", add_option("status", "On Hold"))
		self.addCleanup(remove, "Property Setter", add_option("priority", "Urgent"))
		frappe.set_user(self.seller)
		self.assertEqual(mobile_api.filter_tasks(status="On Hold", importance="Urgent")["total"], 0)
		task = mobile_api.create_task(title=f"{TITLE_MARK} urgent", task_type="Call", priority="Urgent")
		self.assertEqual(frappe.db.get_value("CRM Task", task["name"], "priority_rank"), 4)
		self.assertEqual(
			mobile_api.update_status(task_id=task["name"], status="On Hold")["status"], "On Hold"
		)

	def test_a_field_made_mandatory_relabelled_or_given_a_default_in_desk(self):
		frappe.set_user("Administrator")
		self.addCleanup(remove, "Property Setter", set_property("description", "reqd", "1", "Check"))
		self.addCleanup(remove, "Property Setter", set_property("task_type", "label", "Visit Kind", "Data"))
		self.addCleanup(remove, "Property Setter", set_property("status", "default", "Backlog", "Text"))
		frappe.set_user(self.seller)
		with self.assertRaises(frappe.ValidationError) as refused:
			mobile_api.create_task(title=f"{TITLE_MARK} mandatory", task_type="Call")
		self.assertIn("Description is required", str(refused.exception))
		answer = mobile_api.get_task_options()
		self.assertEqual(answer["labels"]["task_type"], "Visit Kind")
		self.assertEqual(answer["defaults"]["status"], "Backlog")
		task = mobile_api.create_task(title=f"{TITLE_MARK} described", task_type="Call", description="Gate")
		self.assertEqual(task["status"], "Backlog")

	def test_activity_types_and_organization_sizes_added_in_desk(self):
		frappe.set_user("Administrator")
		self.addCleanup(remove, "Property Setter", add_option("activity_type", SITE_VISIT, "CRM Activity"))
		self.addCleanup(remove, "Property Setter", add_option("size", "5000+", "CRM Organization"))
		logged = activities.create_activity(
			reference_doctype="Contact",
			reference_name=make_contact(f"{TITLE_MARK} options").name,
			activity_type="site visit",
			subject="Walked the plot",
		)
		self.assertEqual(logged["activity_type"], SITE_VISIT)
		organization = contact.create_organization(organization_name=f"{TITLE_MARK} options", size="5000+")
		self.assertEqual(organization["size"], "5000+")
		served = json.loads(docs.openapi().get_data())
		self.assertIn(
			SITE_VISIT, served["components"]["schemas"]["Activity"]["properties"]["activity_type"]["enum"]
		)
		self.doCleanups()
		with self.assertRaises(frappe.ValidationError):
			contact.create_organization(organization_name=f"{TITLE_MARK} options 2", size="5000+")


class TestTaskOptionsHTTP(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.seller = make_user("options-http-seller", ("Sales User",))
		cls.arabic_seller = make_user("options-http-seller-ar", ("Sales User",), language="ar")
		frappe.db.commit()
		cls.token = api_token(cls.seller)
		cls.arabic_token = api_token(cls.arabic_seller)

	@classmethod
	def tearDownClass(cls) -> None:
		delete_test_data()
		super().tearDownClass()

	def customise(self) -> None:
		setter = add_site_visit()
		self.addCleanup(remove, "Property Setter", setter)
		translation = arabic_label(SITE_VISIT, SITE_VISIT_AR)
		self.addCleanup(remove, "Translation", translation)

	def create(self, task_type: str):
		payload = {"title": f"{TITLE_MARK} http visit", "task_type": task_type}
		return http("POST", BASE + "create_task", token=self.token, json=payload)

	def options(self, token: str, **headers: str):
		return http("GET", BASE + "get_task_options", token=token, headers=headers)

	def test_site_visit_over_http_create_417_options_and_openapi(self):
		self.customise()
		created = self.create(SITE_VISIT)
		self.assertEqual(created.status_code, 200, created.text)
		self.assertEqual(created.json()["message"]["task_type"], SITE_VISIT)
		refused = self.create("Open House")
		self.assertEqual(refused.status_code, 417)
		self.assertIn(f"'{SITE_VISIT}'", refused.json()["_server_messages"])
		english = self.options(self.token).json()["message"]["task_types"][-1]
		self.assertEqual(english, {"value": SITE_VISIT, "label": SITE_VISIT, "order": 4})
		arabic = self.options(self.arabic_token).json()["message"]
		self.assertEqual(arabic["task_types"][-1]["label"], SITE_VISIT_AR)
		self.assertEqual(arabic["language"], "ar")
		served = http("GET", "/api/method/crm.api.docs.openapi", token=self.token).json()
		self.assertIn(SITE_VISIT, served["components"]["schemas"]["Task"]["properties"]["task_type"]["enum"])

		self.doCleanups()
		fresh_snapshot()
		self.assertEqual(self.create(SITE_VISIT).status_code, 417)
		answer = self.options(self.token).json()["message"]
		self.assertNotIn(SITE_VISIT, type_values(answer))
		served = http("GET", "/api/method/crm.api.docs.openapi", token=self.token).json()
		self.assertNotIn(SITE_VISIT, json.dumps(served))

	def test_etag_and_304_until_an_admin_changes_the_options(self):
		first = self.options(self.token)
		self.assertEqual(first.status_code, 200)
		tag = first.headers["ETag"]
		self.assertEqual(tag, f'"{first.json()["message"]["version"]}"')
		again = self.options(self.token, **{"If-None-Match": tag})
		self.assertEqual(again.status_code, 304)
		self.assertEqual(again.content, b"")
		self.assertEqual(again.headers["ETag"], tag)
		self.customise()
		changed = self.options(self.token, **{"If-None-Match": tag})
		self.assertEqual(changed.status_code, 200)
		self.assertNotEqual(changed.headers["ETag"], tag)
		self.assertIn(SITE_VISIT, type_values(changed.json()["message"]))

	def test_signed_in_only(self):
		self.assertEqual(self.options(None).status_code, 401)
		# GET only: Frappe refuses another method of a whitelisted function with 403
		self.assertEqual(http("POST", BASE + "get_task_options", token=self.token).status_code, 403)
