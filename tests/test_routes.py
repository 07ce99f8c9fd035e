import pytest

from crm.core.routes import api_method, is_app_api


@pytest.mark.parametrize(
	("path", "method"),
	[
		("/api/method/crm.api.mobile_api.home_tasks", "crm.api.mobile_api.home_tasks"),
		("/api/method/crm.api.mobile_api.home_tasks/", "crm.api.mobile_api.home_tasks"),
		("/api/v1/method/crm.api.mobile_api.home_tasks", "crm.api.mobile_api.home_tasks"),
		("/api/v2/method/crm.api.mobile_api.home_tasks", "crm.api.mobile_api.home_tasks"),
		("/api/method/ping", "ping"),
		("/api/resource/CRM Task", None),
		("/app/crm-task", None),
		("", None),
		(None, None),
		("/api/method/crm.api.x;rm", None),
	],
)
def test_api_method(path, method):
	assert api_method(path) == method


def test_is_app_api():
	assert is_app_api("crm.api.mobile_api.home_tasks")
	assert not is_app_api("crm.apiary.x")
	assert not is_app_api("frappe.auth.get_logged_user")
	assert not is_app_api(None)
