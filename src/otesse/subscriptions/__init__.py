"""Subscriptions: recurring service at a customer's address."""
