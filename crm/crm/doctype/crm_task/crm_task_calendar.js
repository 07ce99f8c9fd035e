// Copyright (c) 2026, crm developers
// For license information, please see license.txt

// Calendar of CRM Task: from its start date to its due date, coloured by priority.
// Names Frappe 15 and 16 both map: danger is red, warning orange, default blue.
const CRM_TASK_PRIORITY_COLOURS = { High: "danger", Medium: "warning", Low: "default" };

frappe.views.calendar["CRM Task"] = {
	field_map: {
		start: "start_date",
		end: "due_date",
		id: "name",
		title: "title",
		allDay: 1,
	},
	fields: ["name", "title", "start_date", "due_date", "priority", "status"],
	get_css_class: (task) => CRM_TASK_PRIORITY_COLOURS[task.priority] || "default",
	get_events_method: "frappe.desk.calendar.get_events",
};
