"""Webhook endpoints and the signed delivery of events to them (docs/webhooks.md)."""
