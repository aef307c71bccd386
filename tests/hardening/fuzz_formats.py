"""Generators for the string formats of the Customers API that JSON Schema cannot spell out,
loaded by schemathesis through ``SCHEMATHESIS_HOOKS`` (tests/hardening/test_fuzz.py).

- ``phone``: a *possible* phone number (what ``phonenumbers`` accepts) is not a pattern; the
  API documents the format, this generates the forms the document names.
- ``email``: schemathesis' own generator draws ``.test`` domains, which the API refuses (the
  special-use names of RFC 6761, as its document says); this one draws ordinary domains.
"""

import string

import schemathesis
from hypothesis import strategies as st

_LOCAL = string.ascii_letters + string.digits + "!#$%&'*+-/=?^_`{|}~"
_LABEL = string.ascii_lowercase + string.digits


def _phones() -> st.SearchStrategy[str]:
    area = st.integers(200, 999).map(str)
    exchange = st.integers(200, 999).map(str)
    line = st.integers(0, 9999).map(lambda n: f"{n:04d}")
    forms = st.sampled_from(("+1{}{}{}", "({}) {}-{}", "{}-{}-{}", "{}.{}.{}", "1 {} {} {}"))
    return st.builds(lambda form, a, e, n: form.format(a, e, n), forms, area, exchange, line)


def _emails() -> st.SearchStrategy[str]:
    local = st.text(_LOCAL, min_size=1, max_size=20)
    label = st.text(_LABEL, min_size=1, max_size=12)
    domain = st.builds(
        lambda labels, top: ".".join([*labels, top]),
        st.lists(label, min_size=1, max_size=3),
        st.sampled_from(("com", "org", "net", "io", "dev", "info", "example")),
    )
    return st.builds("{}@{}".format, local, domain)


schemathesis.openapi.format("phone", _phones())
schemathesis.openapi.format("email", _emails())
