frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Tasks Done per Week by Seller"] = {
	method: "crm.crm.dashboard_chart_source.tasks_done_per_week_by_seller.tasks_done_per_week_by_seller.get",
	filters: [
		{
			fieldname: "weeks",
			label: __("Weeks"),
			fieldtype: "Int",
			default: 8,
		},
	],
};
