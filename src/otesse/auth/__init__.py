"""API keys and the principal (account, mode) every request acts as."""
