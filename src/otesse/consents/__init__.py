"""The consent ledger: every consent a customer gave or withdrew, append-only."""
