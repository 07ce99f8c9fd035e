"""Plain-Python core of the app.

Nothing under `crm.core` imports Frappe: these modules parse and validate client input, describe
queries as data, serialize records and talk HTTP. The Frappe layer (`crm.api`, `crm.mobile`, the
DocType controllers) calls them, so the rules are tested on any machine with `pytest`.
"""
