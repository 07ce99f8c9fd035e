// Copyright (c) 2026, crm developers
// For license information, please see license.txt

frappe.query_reports["Overdue Tasks by Seller"] = {
	filters: [
		{
			fieldname: "seller",
			label: __("Seller"),
			fieldtype: "Link",
			options: "User",
		},
		{
			fieldname: "priority",
			label: __("Priority"),
			fieldtype: "Select",
			options: ["", "High", "Medium", "Low"],
		},
		{
			fieldname: "from_date",
			label: __("Due From"),
			fieldtype: "Date",
		},
		{
			fieldname: "to_date",
			label: __("Due To"),
			fieldtype: "Date",
		},
	],
};
