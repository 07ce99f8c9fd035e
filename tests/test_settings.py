"""CRM Settings rules and the Email Account input of create_email_account."""

import pytest

from crm.core import settings
from crm.core.email_accounts import clean_email_account
from crm.core.errors import InvalidParam


def field_of(call):
	with pytest.raises(InvalidParam) as info:
		call()
	return info.value.field, str(info.value)


def test_secrets_are_the_password_fields():
	assert set(settings.secret_fields()) == {
		"whatsapp_access_token",
		"whatsapp_app_secret",
		"whatsapp_verify_token",
	}


def test_public_view_never_contains_a_secret():
	values = {name: f"value-of-{name}" for name in settings.field_names()}
	values.update(requests_per_minute_per_key=100, rate_limits_enabled=1, whatsapp_enabled=0)
	view = settings.public_view(values, {"whatsapp_access_token": True})
	for secret in settings.secret_fields():
		assert secret not in view
		assert f"value-of-{secret}" not in view.values()
	assert view["whatsapp_access_token_set"] is True
	assert view["whatsapp_app_secret_set"] is False
	assert view["rate_limits_enabled"] is True and view["whatsapp_enabled"] is False
	assert view["requests_per_minute_per_key"] == 100


def test_clean_update_types():
	cleaned = settings.clean_update(
		{
			"rate_limits_enabled": "false",
			"requests_per_minute_per_key": "250",
			"default_task_priority": "high",
			"whatsapp_phone_number_id": " 1234 ",
			"whatsapp_access_token": "",
		}
	)
	assert cleaned == {
		"rate_limits_enabled": 0,
		"requests_per_minute_per_key": 250,
		"default_task_priority": "High",
		"whatsapp_phone_number_id": "1234",
		"whatsapp_access_token": None,
	}


@pytest.mark.parametrize(
	"values,field",
	[
		({"owner": "x@example.com"}, "owner"),
		({"docstatus": 1}, "docstatus"),
		({"requests_per_minute_per_key": 0}, "requests_per_minute_per_key"),
		({"requests_per_minute_per_key": "many"}, "requests_per_minute_per_key"),
		({"default_page_size": 101}, "default_page_size"),
		({"rate_limits_enabled": "maybe"}, "rate_limits_enabled"),
		({"default_task_type": "General"}, "default_task_type"),
	],
)
def test_clean_update_refuses(values, field):
	assert field_of(lambda: settings.clean_update(values))[0] == field


def test_unknown_setting_lists_the_allowed_ones():
	_, message = field_of(lambda: settings.clean_update({"name": "x"}))
	assert "'requests_per_minute_per_key'" in message


def test_email_account_outgoing_defaults():
	fields = clean_email_account({"email_id": "sales@example.com", "smtp_server": "smtp.example.com"})
	assert fields == {
		"email_id": "sales@example.com",
		"email_account_name": "sales@example.com",
		"enable_outgoing": 1,
		"enable_incoming": 0,
		"default_outgoing": 0,
		"service": "",
		"smtp_server": "smtp.example.com",
		"smtp_port": 587,
		"use_tls": 1,
		"use_ssl_for_outgoing": 0,
		"no_smtp_authentication": 1,
		"login_id_is_different": 0,
	}


def test_email_account_incoming_and_password():
	fields = clean_email_account(
		{
			"email_id": "in@example.com",
			"enable_outgoing": "0",
			"enable_incoming": "1",
			"email_server": "imap.example.com",
			"incoming_port": "993",
			"password": "pw",
		}
	)
	assert (fields["email_server"], fields["incoming_port"], fields["use_imap"], fields["use_ssl"]) == (
		"imap.example.com",
		993,
		1,
		1,
	)
	assert fields["no_smtp_authentication"] == 0 and "smtp_server" not in fields


@pytest.mark.parametrize(
	"values,field",
	[
		({}, "email_id"),
		({"email_id": "nope"}, "email_id"),
		({"email_id": "a@example.com, b@example.com", "smtp_server": "s"}, "email_id"),
		({"email_id": "a@example.com"}, "smtp_server"),
		({"email_id": "a@example.com", "enable_outgoing": 0}, "enable_outgoing"),
		({"email_id": "a@example.com", "enable_outgoing": 0, "enable_incoming": 1}, "email_server"),
		({"email_id": "a@example.com", "smtp_server": "s", "smtp_port": 70000}, "smtp_port"),
		({"email_id": "a@example.com", "smtp_server": "s", "use_tls": "perhaps"}, "use_tls"),
	],
)
def test_email_account_refuses(values, field):
	assert field_of(lambda: clean_email_account(values))[0] == field


@pytest.mark.parametrize(
	("name", "value", "clean"),
	[
		("whatsapp_default_region", "ae", "AE"),
		("whatsapp_api_version", "v22.0", "v22.0"),
		("whatsapp_api_base_url", "http://127.0.0.1:9000", "http://127.0.0.1:9000"),
		("whatsapp_phone_number", "00966 11 234 5678", "+966112345678"),
		("whatsapp_template_language", "ar", "ar"),
		("whatsapp_timeout", "30", 30),
	],
)
def test_whatsapp_settings_are_checked_and_normalized(name, value, clean):
	assert settings.clean_update({name: value}) == {name: clean}


@pytest.mark.parametrize(
	("name", "value"),
	[
		("whatsapp_default_region", "Saudi Arabia"),
		("whatsapp_api_version", "21"),
		("whatsapp_api_base_url", "graph.facebook.com"),
		("whatsapp_phone_number", "123"),
		("whatsapp_phone_number", "0112345678"),  # national: its country is not assumed
		("whatsapp_template_language", "Arabic"),
		("whatsapp_timeout", 61),
		("whatsapp_timeout", 0),
	],
)
def test_bad_whatsapp_settings_are_417_naming_the_field(name, value):
	with pytest.raises(InvalidParam) as caught:
		settings.clean_update({name: value})
	assert caught.value.field == name
