// Copyright (c) 2026, crm developers
// For license information, please see license.txt

frappe.ui.form.on("CRM Webhook", {
	refresh(frm) {
		if (!frm.is_new()) {
			frm.add_custom_button(__("Deliveries"), () =>
				frappe.set_route("List", "CRM Webhook Delivery", { webhook: frm.doc.name })
			);
		}
	},
});
