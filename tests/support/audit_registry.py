"""What the log audit (tests/support/log_audit.py) searches every log of the session for."""

used_secrets: set[str] = set()
used_emails: set[str] = set()
