"""A resource's read model (Pydantic) as the one declaration of its JSON.

From the model's fields, in their order, this derives once, at import:

- :func:`columns_read`, the columns a renderer reads;
- :func:`python_renderer`, a function from a row mapping (and its child rows) to the dict
  orjson encodes;
- :func:`json_sql`, the PostgreSQL expression that writes the same JSON text, byte for byte
  (compact, keys in the model's order, timestamps as :func:`otesse.core.json.timestamp`).

A field reads the column of its own name unless it says otherwise (:class:`Column`); a
timestamp is marked (:data:`Timestamp`); text sealed at rest is marked (:class:`Sealed`); a
nested model is an object, null while a column is null when it says so (:class:`NullUnless`);
a list of another read model is the rows the caller passes (Python) or an aggregate the
caller writes (SQL).

The renderer is generated source compiled once, so a request runs one dict display per
resource, as a hand-written renderer would: a generic walk over the fields would cost a
function call per value on the hottest paths.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from otesse.core import json
from otesse.core.json import timestamp
from otesse.core.sealing import mark_sql, unseal


class _Timestamp:
    """Marks a field rendered by :func:`otesse.core.json.timestamp` (RFC 3339, UTC)."""


TIMESTAMP = _Timestamp()
# The rendering mark beside the document's `format: date-time` (core.json.Timestamp).
Timestamp = Annotated[json.Timestamp, TIMESTAMP]
MaybeTimestamp = Annotated[json.Timestamp | None, TIMESTAMP]


@dataclass(frozen=True, slots=True)
class Column:
    """The field reads this column (its name differs from the field's)."""

    name: str


@dataclass(frozen=True, slots=True)
class Sealed:
    """The column holds the text sealed at rest, bound to the row's ``bound_to`` column
    (core/sealing.py): Python opens it; PostgreSQL writes a mark that
    :func:`otesse.core.sealing.open_marks` opens, so the JSON is the same."""

    bound_to: str = "id"


@dataclass(frozen=True, slots=True)
class NullUnless:
    """The nested object is null while this column is null."""

    column: str


@dataclass(frozen=True, slots=True)
class Node:
    key: str
    column: str | None = None  # a scalar's column
    is_timestamp: bool = False
    fields: tuple["Node", ...] | None = None  # a nested object's fields
    null_unless: str | None = None
    items: type[BaseModel] | None = None  # a list of this read model
    sealed_by: str | None = None  # a sealed scalar's associated-data column


def _unwrap(annotation: Any) -> Any:
    """``X | None`` as X; anything else as given."""
    if get_origin(annotation) in (Union, UnionType):
        members = [arg for arg in get_args(annotation) if arg is not NoneType]
        if len(members) == 1:
            return members[0]
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


@cache
def shape_of(model: type[BaseModel]) -> tuple[Node, ...]:
    """The model's fields as the tree the renderers are derived from."""
    nodes = []
    for key, field in model.model_fields.items():
        marks = field.metadata
        column = next((mark.name for mark in marks if isinstance(mark, Column)), key)
        null_unless = next((mark.column for mark in marks if isinstance(mark, NullUnless)), None)
        sealed_by = next((mark.bound_to for mark in marks if isinstance(mark, Sealed)), None)
        annotation = _unwrap(field.annotation)
        if _is_model(annotation):
            nodes.append(Node(key, fields=shape_of(annotation), null_unless=null_unless))
        elif get_origin(annotation) is list and _is_model(get_args(annotation)[0]):
            nodes.append(Node(key, items=get_args(annotation)[0]))
        else:
            nodes.append(
                Node(key, column=column, is_timestamp=TIMESTAMP in marks, sealed_by=sealed_by)
            )
    return tuple(nodes)


def columns_read(model: type[BaseModel]) -> tuple[str, ...]:
    """Every column the model's renderers read, in the order they first read it."""
    found: dict[str, None] = {}

    def walk(nodes: Sequence[Node]) -> None:
        for node in nodes:
            if node.null_unless is not None:
                found[node.null_unless] = None
            if node.column is not None:
                found[node.column] = None
            if node.sealed_by is not None:
                found[node.sealed_by] = None
            if node.fields is not None:
                walk(node.fields)

    walk(shape_of(model))
    return tuple(found)


Renderer = Callable[..., dict[str, Any]]


def _python_display(nodes: Sequence[Node], names: dict[str, Any]) -> str:
    entries = []
    for node in nodes:
        if node.fields is not None:
            value = _python_display(node.fields, names)
            if node.null_unless is not None:
                value = f"(None if row[{node.null_unless!r}] is None else {value})"
        elif node.items is not None:
            name = f"render_{node.items.__name__}"
            names[name] = python_renderer(node.items)
            value = f"[{name}(child) for child in children]"
        elif node.is_timestamp:
            value = f"timestamp(row[{node.column!r}])"
        elif node.sealed_by is not None:
            value = f"unseal(row[{node.column!r}], row[{node.sealed_by!r}])"
        else:
            value = f"row[{node.column!r}]"
        entries.append(f"{node.key!r}: {value}")
    return "{" + ", ".join(entries) + "}"


@cache
def python_renderer(model: type[BaseModel]) -> Renderer:
    """``render(row, children=())``: the model's JSON as a dict, from a row mapping holding
    :func:`columns_read` and, for a list field, its child rows."""
    names: dict[str, Any] = {"timestamp": timestamp, "unseal": unseal}
    display = _python_display(shape_of(model), names)
    source = f"def render(row, children=()):\n    return {display}\n"
    exec(compile(source, f"<renderer of {model.__name__}>", "exec"), names)  # noqa: S102 - text derived from the model's field names only
    render: Renderer = names["render"]
    return render


def utc_text(column: str) -> str:
    """A timestamp column as :func:`otesse.core.json.timestamp` writes it: UTC, whole seconds."""
    return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""


def json_object(fields: Sequence[tuple[str, str]]) -> str:
    """A JSON object of these keys in this order. row_to_json writes compact JSON, the bytes
    orjson writes for the same values; json_build_object would write " : " between them."""
    columns = ", ".join(f'{expression} AS "{key}"' for key, expression in fields)
    return f"(SELECT row_to_json(o) FROM (SELECT {columns}) o)"  # noqa: S608 - fixed text


def _sql_object(nodes: Sequence[Node], table: str, lists: Mapping[str, str]) -> str:
    fields = []
    for node in nodes:
        if node.fields is not None:
            value = _sql_object(node.fields, table, lists)
            if node.null_unless is not None:
                value = f"CASE WHEN {table}.{node.null_unless} IS NULL THEN NULL ELSE {value} END"
        elif node.items is not None:
            value = lists[node.key]
        elif node.is_timestamp:
            value = utc_text(f"{table}.{node.column}")
        elif node.sealed_by is not None:
            value = mark_sql(f"{table}.{node.column}", f"{table}.{node.sealed_by}")
        else:
            value = f"{table}.{node.column}"
        fields.append((node.key, value))
    return json_object(fields)


def json_sql(model: type[BaseModel], table: str, lists: Mapping[str, str] | None = None) -> str:
    """The PostgreSQL expression of the model's JSON, reading the columns of ``table`` (a
    name or alias in scope); ``lists`` gives each list field's JSON array expression."""
    return _sql_object(shape_of(model), table, lists or {})
