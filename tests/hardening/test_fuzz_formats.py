"""The fuzz's generators (fuzz_formats.py) do what schemathesis.toml no longer exempts.

Schemathesis' coverage phase narrowed the If-Match header to letters and digits and put a
value the pattern refuses (``If-Match: 0``) into cases it judged valid, so the fuzz had to
accept 400 for customers_update and customers_delete. With ``format: entity-tag`` registered
from the document's own pattern, every case it calls valid carries a valid tag. Generated in
process from the document (no server), with both generation modes as the fuzz runs them.
"""

import re

import pytest
import schemathesis
from schemathesis.generation import GenerationMode

import tests.hardening.fuzz_formats  # noqa: F401  (registers the formats, as SCHEMATHESIS_HOOKS does)
from otesse.customers.etags import IF_MATCH_PATTERN
from tests.hardening.openapi_world import document

SCHEMA = schemathesis.openapi.from_dict(document())
WITH_IF_MATCH = [
    result.ok()
    for result in SCHEMA.get_all_operations()
    if any(p.get("name") == "If-Match" for p in result.ok().definition.raw.get("parameters", []))
]


def test_the_operations_taking_if_match_are_found() -> None:
    assert {op.definition.raw["operationId"] for op in WITH_IF_MATCH} >= {
        "customers_update",
        "customers_delete",
    }


@pytest.mark.parametrize("operation", WITH_IF_MATCH, ids=lambda op: op.label)
def test_the_coverage_phase_calls_valid_only_valid_entity_tags(operation: object) -> None:
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    config = SCHEMA.config.generation_for(operation=operation)
    tags: list[str] = []
    for case in SCHEMA.iter_coverage_cases(
        operation, generation_modes=modes, generation_config=config
    ):
        if case.meta.generation.mode == GenerationMode.POSITIVE and "If-Match" in (
            case.headers or {}
        ):
            tags.append(case.headers["If-Match"])
    assert tags, "the valid cases send If-Match"
    assert [tag for tag in tags if not re.search(IF_MATCH_PATTERN, tag)] == []
