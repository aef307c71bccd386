"""Events: the change feed (GET /v1/events) that webhooks deliver (docs/webhooks.md)."""
