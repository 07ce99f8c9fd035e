"""Who may call what: the expected HTTP status of every endpoint for every kind of caller.

Callers: a guest; Sales Users A and B (each limited by a User Permission to their own Contact,
and owning their own tasks); a Sales Manager; a System Manager with no sales role. Each caller
calls each endpoint three times: on a record of its own, on another caller's record, and on a record
that does not exist. For a Sales User "other" is the other Sales User's record; for the managers
it is Sales User A's. Endpoints that take no record are called the same way three times.

A record is of the `kind` named in the second column: a CRM Task, a Contact (and records hanging
on it: activities, comments, email drafts, WhatsApp messages), a draft email on the Contact, an
email on it whose sending failed, an activity logged by the caller, or none. `test_permission_matrix.py` runs every cell over HTTP.
Guest endpoints (`get_oauth_config`, `auth.login`, the signed WhatsApp webhook) are covered by
their own tests, and are not here.

Two rules come from Frappe itself and are kept:
- a user limited by a User Permission on Contact may not create Contacts (Sales Users A and B here;
  an unrestricted Sales User may, see test_contact_api);
- Frappe gives System Manager no write right on Communication: without a sales role, a System
  Manager may read and discard drafts but not edit, send or link them; it may retry a failed send,
  which changes only Frappe's Email Queue (Frappe gives it the email right on Communication).
And one of the app's: the WhatsApp log is read (and pruned) by a System Manager, but messages are
sent by the sales roles; a Contact is deleted only by a System Manager (as Frappe ships Contact).
A "fresh" record is a Contact made for the one call; an "org" is a CRM Organization, which belongs
to no one.
"""

#                                  kind       guest        sales A      sales B      manager      system
TABLE = """
mobile_api.get_task_options        none       401 401 401  200 200 200  200 200 200  200 200 200  200 200 200
mobile_api.home_tasks              none       401 401 401  200 200 200  200 200 200  200 200 200  200 200 200
mobile_api.filter_tasks            none       401 401 401  200 200 200  200 200 200  200 200 200  200 200 200
mobile_api.main_page_buckets       none       401 401 401  200 200 200  200 200 200  200 200 200  200 200 200
mobile_api.sync_tasks              none       401 401 401  200 200 200  200 200 200  200 200 200  200 200 200
mobile_api.create_task             none       401 401 401  200 200 200  200 200 200  200 200 200  200 200 200
mobile_api.edit_task               task       401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
mobile_api.update_status           task       401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
mobile_api.delete_task             task       401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
email.get_inbox                    contact    401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
email.thread_context               draft      401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
email.save_draft                   contact    401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
email.save_draft_with_provider     contact    401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
email.update_draft                 draft      401 401 401  200 403 404  200 403 404  200 200 404  403 403 404
email.link_provider_ids            draft      401 401 401  200 403 404  200 403 404  200 200 404  403 403 404
email.send                         draft      401 401 401  200 403 404  200 403 404  200 200 404  403 403 404
email.discard_draft                draft      401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
email.get_inbox_facets             contact    401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
email.get_email                    draft      401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
email.retry_send                   failed     401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
agent.run                          contact    401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
auth.get_user_info                 none       401 401 401  200 200 200  200 200 200  200 200 200  200 200 200
session.refresh_session            none       401 401 401  200 200 200  200 200 200  200 200 200  200 200 200
auth.logout                        none       401 401 401  200 200 200  200 200 200  200 200 200  200 200 200
session.get_session_info           none       401 401 401  200 200 200  200 200 200  200 200 200  200 200 200
contact.get_contacts               none       401 401 401  200 200 200  200 200 200  200 200 200  200 200 200
contact.create_contact             none       401 401 401  403 403 403  403 403 403  200 200 200  200 200 200
contact.update_contact             contact    401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
contact.delete_contact             fresh      401 401 401  403 403 404  403 403 404  403 403 404  200 200 404
contact.create_organization        none       401 401 401  200 200 200  200 200 200  200 200 200  200 200 200
contact.update_organization        org        401 401 401  200 200 404  200 200 404  200 200 404  200 200 404
contact.get_organizations          none       401 401 401  200 200 200  200 200 200  200 200 200  200 200 200
activities.get_activities          contact    401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
activities.create_activity         contact    401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
activities.update_activity         activity   401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
todo.get_todos                     none       401 401 401  200 200 200  200 200 200  200 200 200  200 200 200
todo.create_todo                   contact    401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
comment.get_comments               contact    401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
comment.add_comment                contact    401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
notifications.get_notifications    none       401 401 401  200 200 200  200 200 200  200 200 200  200 200 200
notifications.mark_read            none       401 401 401  200 200 200  200 200 200  200 200 200  200 200 200
settings.get_settings              none       401 401 401  200 200 200  200 200 200  200 200 200  200 200 200
settings.update_settings           none       401 401 401  403 403 403  403 403 403  403 403 403  200 200 200
settings.create_email_account      none       401 401 401  403 403 403  403 403 403  403 403 403  200 200 200
whatsapp.send_message              contact    401 401 401  200 403 404  200 403 404  200 200 404  403 403 404
whatsapp.get_messages              contact    401 401 401  200 403 404  200 403 404  200 200 404  200 200 404
docs.openapi                       none       401 401 401  200 200 200  200 200 200  200 200 200  200 200 200
"""

CALLERS = ("guest", "sales_a", "sales_b", "manager", "system")
CASES = ("own", "other", "missing")


def rows() -> dict[str, tuple[str, dict[tuple[str, str], int]]]:
	"""endpoint -> (kind, {(caller, case): expected status})."""
	parsed = {}
	for line in TABLE.strip().splitlines():
		endpoint, kind, *codes = line.split()
		assert len(codes) == len(CALLERS) * len(CASES), line
		expected = {}
		for index, code in enumerate(codes):
			expected[(CALLERS[index // 3], CASES[index % 3])] = int(code)
		parsed[endpoint] = (kind, expected)
	return parsed
