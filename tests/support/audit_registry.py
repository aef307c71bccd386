"""What the log audit (tests/support/log_audit.py) searches every log of the session for."""

used_secrets: set[str] = set()
used_emails: set[str] = set()
# (what, value): phones (as stored, E.164), street lines and access notes sent in bodies.
used_personal: set[tuple[str, str]] = set()
