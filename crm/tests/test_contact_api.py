"""Tier 2: contacts and organizations, in process and over HTTP."""

import frappe

from crm.api import contact as api
from crm.tests.utils import (
	TITLE_MARK,
	IntegrationTestCase,
	api_token,
	delete_email_test_data,
	delete_test_data,
	http,
	make_contact,
	make_user,
	restrict_to_contact,
)


class TestContactAPI(IntegrationTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.alice = make_user("contact-alice", ("Sales User",))
		cls.outsider = make_user("contact-outsider", ())
		frappe.db.commit()
		cls.alice_token = api_token(cls.alice)
		cls.outsider_token = api_token(cls.outsider)

	@classmethod
	def tearDownClass(cls) -> None:
		frappe.set_user("Administrator")
		for org in frappe.get_all(
			"CRM Organization", filters={"name": ("like", f"{TITLE_MARK}%")}, pluck="name"
		):
			frappe.delete_doc("CRM Organization", org, force=True, ignore_permissions=True)
		frappe.db.commit()
		delete_email_test_data()
		delete_test_data()
		super().tearDownClass()

	def setUp(self) -> None:
		frappe.set_user(self.alice)

	def tearDown(self) -> None:
		frappe.db.rollback()
		frappe.set_user("Administrator")

	def test_contact_lifecycle_with_child_rows(self):
		org = api.create_organization(
			organization_name=f"{TITLE_MARK} Dunes Realty", city="Riyadh", size="11-50"
		)
		made = api.create_contact(
			first_name=f"{TITLE_MARK} Fahad",
			last_name="Ali",
			email="Fahad.Ali@Example.com",
			phone="+966 11 234 5678",
			mobile="+966 50 123 4567",
			organization=org["name"],
		)
		self.assertEqual(
			(made["email"], made["phone"], made["mobile"]),
			("fahad.ali@example.com", "+966 11 234 5678", "+966 50 123 4567"),
		)
		doc = frappe.get_doc("Contact", made["name"])
		self.assertEqual([r.email_id for r in doc.email_ids if r.is_primary], ["fahad.ali@example.com"])
		self.assertEqual(len(doc.phone_nos), 2)

		updated = api.update_contact(name=made["name"], email="fahad@example.org", designation="Buyer")
		self.assertEqual((updated["email"], updated["designation"]), ("fahad@example.org", "Buyer"))

		page = api.get_contacts(search="fahad@example.org")
		self.assertEqual([c["name"] for c in page["data"]], [made["name"]])
		self.assertEqual((page["total"], page["has_next"]), (1, False))
		self.assertEqual(api.get_contacts(organization=org["name"])["total"], 1)
		self.assertEqual(api.get_contacts(search="100%_nobody")["total"], 0)

		self.assertEqual(api.delete_contact(name=made["name"]), {"ok": True})
		self.assertFalse(frappe.db.exists("Contact", made["name"]))

	def test_duplicates_are_409(self):
		api.create_contact(first_name=f"{TITLE_MARK} One", email="same@example.com")
		with self.assertRaises(frappe.DuplicateEntryError):
			api.create_contact(first_name=f"{TITLE_MARK} Two", email="SAME@example.com")
		api.create_organization(organization_name=f"{TITLE_MARK} Oasis")
		with self.assertRaises(frappe.DuplicateEntryError):
			api.create_organization(organization_name=f"{TITLE_MARK} OASIS")

	def test_a_409_names_no_contact_the_caller_may_not_read(self):
		hidden = make_contact("Hidden Dup", "hidden-dup@example.com").name
		own = make_contact("Own Dup").name
		user = make_user("contact-restricted", ("Sales User",))
		restrict_to_contact(user, own)
		frappe.set_user(user)
		with self.assertRaises(frappe.DuplicateEntryError) as raised:
			api.update_contact(name=own, email="hidden-dup@example.com")
		self.assertNotIn(hidden, str(raised.exception))
		frappe.set_user("Administrator")
		with self.assertRaises(frappe.DuplicateEntryError) as raised:
			api.update_contact(name=own, email="hidden-dup@example.com")
		self.assertIn(hidden, str(raised.exception))
		frappe.db.rollback()

	def test_errors(self):
		with self.assertRaises(frappe.ValidationError):
			api.create_contact(first_name="")
		with self.assertRaises(frappe.DoesNotExistError):
			api.update_contact(name="no-such-contact", first_name="x")
		with self.assertRaises(frappe.ValidationError):
			api.create_organization(organization_name=f"{TITLE_MARK} X", size="huge")
		frappe.set_user(self.outsider)
		with self.assertRaises(frappe.PermissionError):
			api.create_organization(organization_name=f"{TITLE_MARK} Y")

	def test_organization_pages_and_rename(self):
		for n in range(3):
			api.create_organization(organization_name=f"{TITLE_MARK} Page {n}", industry="Real Estate")
		first = api.get_organizations(search=f"{TITLE_MARK} Page", limit=2)
		self.assertEqual((len(first["data"]), first["total"], first["has_next"]), (2, 3, True))
		second = api.get_organizations(search=f"{TITLE_MARK} Page", limit=2, page=2)
		self.assertEqual((len(second["data"]), second["has_next"]), (1, False))
		contact = api.create_contact(first_name=f"{TITLE_MARK} Linked", organization=f"{TITLE_MARK} Page 0")
		renamed = api.update_organization(
			name=f"{TITLE_MARK} Page 0", organization_name=f"{TITLE_MARK} Page Zero", city="Jeddah"
		)
		self.assertEqual((renamed["name"], renamed["city"]), (f"{TITLE_MARK} Page Zero", "Jeddah"))
		self.assertEqual(
			frappe.db.get_value("Contact", contact["name"], "organization"), f"{TITLE_MARK} Page Zero"
		)
		with self.assertRaises(frappe.DuplicateEntryError):
			api.update_organization(name=f"{TITLE_MARK} Page 1", organization_name=f"{TITLE_MARK} Page 2")

	def test_status_codes_over_http(self):
		base = "/api/method/crm.api.contact."
		self.assertEqual(http("GET", base + "get_contacts").status_code, 401)
		self.assertEqual(
			http("GET", base + "get_contacts", token=self.alice_token, params={"limit": "x"}).status_code, 200
		)
		own_only = http(
			"GET", base + "get_contacts", token=self.outsider_token, params={"search": TITLE_MARK}
		)
		self.assertEqual(
			(own_only.status_code, own_only.json()["message"]["total"]), (200, 0)
		)  # Frappe's "All": own only
		denied = http(
			"POST", base + "create_organization", token=self.outsider_token, json={"organization_name": "x"}
		)
		self.assertEqual(denied.status_code, 403)
		bad = http(
			"POST", base + "create_contact", token=self.alice_token, json={"first_name": "x", "email": "bad"}
		)
		self.assertEqual(bad.status_code, 417)
		self.assertEqual(
			http("POST", base + "delete_contact", token=self.alice_token, json={"name": "nope"}).status_code,
			404,
		)
