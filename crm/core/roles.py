"""The app's roles, created on install and migrate."""

SALES_USER = "Sales User"
SALES_MANAGER = "Sales Manager"
SYSTEM_MANAGER = "System Manager"
APP_ROLES = (SALES_USER, SALES_MANAGER)
