"""Outgoing email: rendering from templates and the transport ``OTESSE_MAIL_URL`` names."""
