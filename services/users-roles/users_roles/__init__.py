"""Customer users, staff users, roles and authorization decisions of the B2B suite."""
