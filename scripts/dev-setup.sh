#!/usr/bin/env bash
# Set up a bench with this app on a site, then serve it.
#
#   bash scripts/dev-setup.sh
#
# Needs `bench` (pip install frappe-bench) and what Frappe needs (Python, Node, Redis; MariaDB when
# DB_TYPE=mariadb). Every step is skipped when already done, so it can be re-run.
#
# Settings (environment variables):
#   BENCH_DIR       bench folder to create or reuse          (default: ../frappe-bench beside this repo)
#   FRAPPE_BRANCH   Frappe branch for `bench init`           (default: version-16)
#   SITE            site name                                (default: crm.localhost)
#   DB_TYPE         sqlite | mariadb | postgres              (default: sqlite; needs Frappe v16)
#   DB_ROOT_USERNAME  for mariadb/postgres                   (default: root; postgres for postgres)
#   DB_ROOT_PASSWORD  for mariadb/postgres                   (default: root)
#   ADMIN_PASSWORD  the site's Administrator password        (default: admin)
#   SERVE           start | web | none: `bench start`, only the web server, or nothing (default: start)
set -euo pipefail

APP_DIR="$(cd "$(dirname "$0")/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-$(dirname "$APP_DIR")/frappe-bench}"
FRAPPE_BRANCH="${FRAPPE_BRANCH:-version-16}"
SITE="${SITE:-crm.localhost}"
DB_TYPE="${DB_TYPE:-sqlite}"
DB_ROOT_PASSWORD="${DB_ROOT_PASSWORD:-root}"
if [ "$DB_TYPE" = postgres ]; then DB_ROOT_USERNAME="${DB_ROOT_USERNAME:-postgres}"; fi
DB_ROOT_USERNAME="${DB_ROOT_USERNAME:-root}"
ADMIN_PASSWORD="${ADMIN_PASSWORD:-admin}"
SERVE="${SERVE:-start}"

command -v bench >/dev/null || { echo "bench not found: pip install frappe-bench" >&2; exit 1; }

if [ ! -d "$BENCH_DIR/apps/frappe" ]; then
	bench init --frappe-branch "$FRAPPE_BRANCH" --skip-redis-config-generation "$BENCH_DIR"
fi
cd "$BENCH_DIR"

if [ ! -d apps/crm ]; then
	bench get-app crm "$APP_DIR"
fi

if [ ! -d "sites/$SITE" ]; then
	case "$DB_TYPE" in
		sqlite) bench new-site "$SITE" --db-type sqlite --admin-password "$ADMIN_PASSWORD" ;;
		mariadb | postgres)
			bench new-site "$SITE" --db-type "$DB_TYPE" --db-root-username "$DB_ROOT_USERNAME" \
				--db-root-password "$DB_ROOT_PASSWORD" \
				--admin-password "$ADMIN_PASSWORD" ;;
		*) echo "DB_TYPE must be sqlite, mariadb or postgres" >&2; exit 1 ;;
	esac
fi

if ! bench --site "$SITE" list-apps | grep -q '^crm'; then
	bench --site "$SITE" install-app crm
fi
bench --site "$SITE" migrate
bench use "$SITE"

echo "Site $SITE is ready: http://$SITE:8000 (Administrator / $ADMIN_PASSWORD)"
case "$SERVE" in
	start) exec bench start ;;
	web) exec bench serve --port 8000 ;;
	none) ;;
esac
