"""The app's roles, created on install and migrate."""

SALES_USER = "Sales User"
SALES_MANAGER = "Sales Manager"
SYSTEM_MANAGER = "System Manager"
APP_ROLES = (SALES_USER, SALES_MANAGER)
# Who manages the team: sees every CRM Task, and may list or assign anyone's to-dos.
TEAM_MANAGERS = frozenset({SALES_MANAGER, SYSTEM_MANAGER})


def sees_every_task(user: str, roles: list[str] | set[str]) -> bool:
	return user == "Administrator" or bool(TEAM_MANAGERS & set(roles))
