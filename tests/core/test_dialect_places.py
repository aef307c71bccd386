"""Which database the code runs on is asked in declared places only (STYLE.md: one small
dialect-aware place per concern; docs/architecture.md).

A concern whose queries differ declares its two implementations as one
``otesse.core.db.PerDialect``; services and repositories call ``CONCERN.of(session)`` and never
compare a dialect's name themselves. This walks every module of the package, so a branch added
anywhere later fails here.
"""

import ast
from pathlib import Path

import otesse

PACKAGE = Path(otesse.__file__).parent
NAMES = {"sqlite", "postgresql"}

# The modules that may ask, each for a reason; nothing else may.
DECLARED = {
    # PerDialect.of, and the engine's per-database set-up.
    "core/db.py",
    # A SQLAlchemy type decorator: SQLAlchemy hands it the dialect of each bind.
    "models/base.py",
    # Not yet moved behind PerDialect: issue 16 is rewriting the outbox's claim in parallel.
    "core/outbox.py",
}


def _asks_the_dialect(node: ast.AST) -> bool:
    """``<anything>.dialect.name``, or a comparison with a database's name."""
    if isinstance(node, ast.Attribute) and node.attr == "name":
        value = node.value
        return (isinstance(value, ast.Attribute) and value.attr == "dialect") or (
            isinstance(value, ast.Name) and value.id == "dialect"
        )
    if isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        return any(isinstance(o, ast.Constant) and o.value in NAMES for o in operands)
    return False


def dialect_questions(source: str) -> list[int]:
    return sorted({node.lineno for node in ast.walk(ast.parse(source)) if _asks_the_dialect(node)})


def test_only_the_declared_places_ask_which_database_they_are_on() -> None:
    found = {
        f"{path.relative_to(PACKAGE).as_posix()}:{line}"
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.relative_to(PACKAGE).parts
        and path.relative_to(PACKAGE).as_posix() not in DECLARED
        for line in dialect_questions(path.read_text())
    }
    assert sorted(found) == []


def test_the_check_sees_the_forms_a_branch_takes() -> None:
    assert dialect_questions('if session.get_bind().dialect.name == "postgresql": pass') == [1]
    assert dialect_questions('x = 1 if engine.dialect.name != "sqlite" else 2') == [1]
    assert dialect_questions("def f(dialect): return dialect.name") == [1]
    assert dialect_questions('if kind == "postgresql": pass') == [1]
    assert dialect_questions("rows = READS.of(session)") == []


def test_every_declared_place_still_asks() -> None:
    """A place that no longer asks leaves the list, so the list stays the truth."""
    for place in DECLARED:
        assert dialect_questions((PACKAGE / place).read_text()), place
