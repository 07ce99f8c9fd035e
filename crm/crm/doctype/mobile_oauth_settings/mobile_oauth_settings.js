// Copyright (c) 2026, crm developers
// For license information, please see license.txt

frappe.ui.form.on("Mobile OAuth Settings", {
	refresh(frm) {
		frm.add_custom_button(__("Create OAuth Client"), () => {
			if (frm.is_dirty()) {
				frappe.msgprint(__("Save the settings first."));
				return;
			}
			frm.call("create_oauth_client").then((r) => {
				frappe.show_alert({
					message: __("OAuth Client {0} created", [r.message]),
					indicator: "green",
				});
				frm.reload_doc();
			});
		});
	},
});
