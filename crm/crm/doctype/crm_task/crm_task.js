// Copyright (c) 2026, crm developers
// For license information, please see license.txt

frappe.ui.form.on("CRM Task", {});
