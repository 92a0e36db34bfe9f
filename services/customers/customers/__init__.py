"""The customers service: customers, their hierarchy, groups, addresses, tags and notes."""
