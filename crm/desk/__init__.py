"""The managers' Desk: the CRM workspace's number cards, chart, report and task board."""
