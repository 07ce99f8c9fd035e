"""Whitelisted endpoints, one module per area of the contract. Each endpoint parses with
`crm.core`, reads or writes through a Frappe-side helper, and answers a serialized shape."""
