"""A customer's addresses: one default whenever there is any, each in its service zone."""
