"""The app's roles, created on install and migrate."""

SALES_USER = "Sales User"
SALES_MANAGER = "Sales Manager"
SYSTEM_MANAGER = "System Manager"
APP_ROLES = (SALES_USER, SALES_MANAGER)
# Who sees and changes every CRM Task; a Sales User only those they own or are assigned.
TEAM_MANAGERS = frozenset({SALES_MANAGER, SYSTEM_MANAGER})


def sees_every_task(user: str, roles: list[str] | set[str]) -> bool:
	return user == "Administrator" or bool(TEAM_MANAGERS & set(roles))
