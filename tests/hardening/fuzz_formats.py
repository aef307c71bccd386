"""Generators for the string formats of the Customers API that JSON Schema cannot spell out,
loaded by schemathesis through ``SCHEMATHESIS_HOOKS`` (tests/hardening/test_fuzz.py).

- ``phone``: a *possible* phone number (what ``phonenumbers`` accepts) is not a pattern; the
  API documents the format, this generates the forms the document names.
- ``email``: schemathesis' own generator draws ``.test`` domains, which the API refuses (the
  special-use names of RFC 6761, as its document says); this one draws ordinary domains.
- ``entity-tag`` (``If-Match``): the document's pattern says it all, and this generator is
  that pattern, nothing more. It exists because schemathesis' coverage phase narrows every
  header without a registered format to ``[A-Za-z0-9]`` (its ensure_valid_headers_schema), in
  which no entity tag can be written (a tag is quoted, or ``*``); it then seeded a value the
  pattern refuses (``If-Match: 0``) into cases it called valid. A registered format is left
  alone, so its values come from the pattern as in the fuzzing phase.
"""

import string

import schemathesis
from hypothesis import strategies as st

from otesse.customers.etags import IF_MATCH_PATTERN

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
schemathesis.openapi.format("entity-tag", st.from_regex(IF_MATCH_PATTERN, fullmatch=True))
schemathesis.openapi.format("email", _emails())
