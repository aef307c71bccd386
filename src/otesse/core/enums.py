"""Named enumerations: each value set is one component of the OpenAPI document.

``CustomerStatus = Annotated[Literal["active", ...], NamedEnum("CustomerStatus")]`` keeps the
``Literal`` for the type checker and validation, and gives its core schema a reference name,
so Pydantic writes it once as a definition and every use as a ``$ref`` to it: generated
clients then get one enum class per value set, named in the domain's words, instead of one
per place it appears.
"""

from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema

# What core/openapi.py adds to a named component: member names for values that are no
# identifier, the values of a type validated by a function rather than a Literal.
ENUM_EXTRAS: dict[str, dict[str, Any]] = {}


class NamedEnum:
    def __init__(
        self,
        name: str,
        *,
        varnames: dict[str, str] | None = None,
        values: list[str] | None = None,
    ) -> None:
        self.name = name
        self.extras: dict[str, Any] = {} if values is None else {"enum": values}
        # ``-scheduled_at`` would become ``VALUE_1`` in a generated client: named here and
        # written as the x-enum-varnames extension that generators read.
        self.varnames = varnames or {}

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        schema = handler(source)
        extras = dict(self.extras)
        if self.varnames:
            values = extras.get("enum") or schema.get("expected", [])
            extras["x-enum-varnames"] = [self.varnames.get(v, str(v).upper()) for v in values]
        if extras:
            ENUM_EXTRAS[self.name] = extras
        return {**schema, "ref": self.name}
