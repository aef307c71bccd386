"""A person's data on request: exported as one document, or erased (docs/privacy.md)."""
