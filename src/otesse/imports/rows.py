"""A CSV record -> the customer it describes, validated by the API's own bodies
(CustomerCreate, AddressCreate), or the reasons it cannot be imported, by column.

Nothing here touches the database: a row that fails here is reported and never written.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from pydantic import ValidationError

from otesse.addresses.schemas import AddressCreate
from otesse.customers.csv_format import unescape_cell
from otesse.customers.schemas import CustomerCreate
from otesse.imports.presets import ADDRESS_TARGETS, Preset
from otesse.imports.reading import FileRefused

# The fields of the records issue (external_id, tags): written when the API's create body has
# them, read from every preset all the same (presets.py).
SUPPORTED = frozenset(CustomerCreate.model_fields)
STATUSES = ("active", "inactive", "deactivated")
TRUE = frozenset({"true", "yes", "y", "1"})
FALSE = frozenset({"false", "no", "n", "0", ""})
MAX_ADDRESSES = 20


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str | None
    value: str | None
    code: str
    message: str


@dataclass(slots=True)
class ParsedRow:
    number: int
    customer: CustomerCreate
    addresses: list[AddressCreate]
    status: str | None = None
    created_at: datetime | None = None
    external_id: str | None = None
    # target -> the file's header that fed it (a per-row error names the column as given).
    columns: dict[str, str] = field(default_factory=dict)

    def column(self, target: str) -> str:
        return self.columns.get(target, target)


@dataclass(frozen=True, slots=True)
class Layout:
    """The file's header resolved against a preset: which cell feeds which target."""

    preset: Preset
    width: int
    # target -> [(cell index, header)] in file order (several phone columns, say)
    sources: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    # address target ("address.2.city") -> (2, "city"): parsed once for the file, not per row.
    address_fields: dict[str, tuple[int, str]] = field(default_factory=dict)

    def column_of(self, target: str) -> str | None:
        found = self.sources.get(target)
        return found[0][1] if found else None


def _address_fields(targets: Iterable[str]) -> dict[str, tuple[int, str]]:
    fields: dict[str, tuple[int, str]] = {}
    for target in targets:
        if target.startswith("address."):
            _, position, name = target.split(".", 2)
            if name in ADDRESS_TARGETS:
                fields[target] = (int(position), name)
    return fields


def resolve_layout(preset: Preset, header: list[str]) -> Layout:
    """Which columns the preset reads; refuses a header that cannot describe a customer."""
    sources: dict[str, list[tuple[int, str]]] = {}
    seen: dict[str, str] = {}
    for index, name in enumerate(header):
        if not name.strip():
            continue
        key = name.strip().casefold()
        if key in seen:
            raise FileRefused("file_duplicate_column", f"The column {name!r} appears twice.", row=1)
        seen[key] = name
        target = preset.target(name)
        if target is not None and target != "ignored":
            sources.setdefault(target, []).append((index, name.strip()))
    missing = []
    if "email" not in sources:
        missing.append("email")
    if "name" not in sources and not {"first_name", "last_name"} <= sources.keys():
        missing.append("first_name and last_name (or a full name)")
    if missing:
        raise FileRefused(
            "file_columns_missing",
            f"The {preset.name} format needs a column for {' and '.join(missing)}; this file's "
            f"columns are: {', '.join(h for h in header[:20] if h.strip())}"
            f"{' ...' if len(header) > 20 else ''}. Is --format right? (docs/import.md)",
            row=1,
        )
    return Layout(preset, len(header), sources, _address_fields(sources))


_FORMULA = re.compile(r"^[=@]")


def _cells(layout: Layout, cells: list[str]) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """target -> (column, value as given), the first non-empty of several columns winning;
    and the targets whose cell is a formula. A cell the export escaped (`'=x`) is the text
    `=x`, not a formula: the refusal looks at the cell as written."""
    values: dict[str, tuple[str, str]] = {}
    formulas: list[str] = []
    for target, found in layout.sources.items():
        for index, column in found:
            written = cells[index].strip() if index < len(cells) else ""
            if not written:
                continue  # most cells of a file are empty: the next column, if any
            value = unescape_cell(written).strip()
            if value:
                values[target] = (column, value)
                if _FORMULA.match(written):
                    formulas.append(target)
                break
    return values, formulas


def _split_name(full: str) -> tuple[str, str] | None:
    parts = full.split()
    if len(parts) < 2:
        return None
    return " ".join(parts[:-1]), parts[-1]


_DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%y")


def parse_moment(text: str) -> datetime | None:
    """ISO 8601 (a date or date-time) or the US dates the platforms write; UTC unless it
    names an offset."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = None
        for pattern in _DATE_FORMATS:
            try:
                moment = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
    if moment is None or not 1900 <= moment.year <= 9999:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _first_phone(value: str) -> str:
    """Jobber writes several numbers in one cell ("555-0100, 555-0101"): the first one."""
    return re.split(r"[,;/]", value, maxsplit=1)[0].strip()


def _tags(value: str) -> list[str]:
    """Tags separated by `,` or `;`, or the JSON array the export writes when a tag holds
    one of those (csv_format.tags_cell)."""
    if value.startswith("["):
        try:
            listed = orjson.loads(value)
        except orjson.JSONDecodeError:
            listed = None
        if isinstance(listed, list) and all(isinstance(tag, str) for tag in listed):
            return [tag for tag in listed if tag]
    return [tag.strip() for tag in re.split(r"[,;]", value) if tag.strip()]


class _Row:
    def __init__(self, layout: Layout, number: int, cells: list[str]) -> None:
        self.layout = layout
        self.number = number
        self.values, self.formulas = _cells(layout, cells)
        self.errors: list[RowError] = []

    def error(self, target: str | None, code: str, message: str) -> None:
        column, value = self.values.get(target or "", (None, None))
        if column is None and target is not None:
            column = self.layout.column_of(target)
        self.errors.append(RowError(self.number, column, value, code, message))

    def get(self, target: str) -> str | None:
        found = self.values.get(target)
        return found[1] if found else None


def parse_row(
    layout: Layout, number: int, cells: list[str], *, send_invitations: bool
) -> ParsedRow | list[RowError]:
    row = _Row(layout, number, cells)
    if len(cells) != layout.width:
        return [
            RowError(
                number,
                None,
                None,
                "row_width",
                f"The row has {len(cells)} cells; the header has {layout.width}.",
            )
        ]
    for target in row.formulas:
        row.error(target, "formula_refused", "A cell may not begin with = or @ (a formula).")
    if row.errors:
        return row.errors
    body = _customer_body(row, send_invitations)
    addresses = _addresses(row)
    status = _status(row)
    created_at = None
    if (text := row.get("created_at")) is not None:
        created_at = parse_moment(text)
        if created_at is None:
            row.error("created_at", "invalid", "is not a date (2025-06-15 or 06/15/2025)")
    customer = None
    reported = {error.column for error in row.errors}
    try:
        customer = CustomerCreate.model_validate(body)
    except ValidationError as failure:
        for problem in failure.errors(include_url=False):
            location = [str(part) for part in problem["loc"]]
            target = location[-1] if location[0] == "preferences" else location[0]
            if _source(row, target) not in reported:
                row.error(_source_target(row, target), "invalid", problem["msg"])
    if row.errors or customer is None:
        return row.errors
    columns = {target: found[0][1] for target, found in layout.sources.items()}
    return ParsedRow(
        number, customer, addresses, status, created_at, row.get("external_id"), columns
    )


def _source_target(row: _Row, target: str) -> str:
    """The target whose column gave a field: a first or last name split from a full name
    is the full name's."""
    if target in ("first_name", "last_name") and target not in row.values and "name" in row.values:
        return "name"
    return target


def _source(row: _Row, target: str) -> str | None:
    return row.layout.column_of(_source_target(row, target))


def _customer_body(row: _Row, send_invitations: bool) -> dict[str, Any]:
    first, last = row.get("first_name"), row.get("last_name")
    if (first is None or last is None) and (full := row.get("name")) is not None:
        split = _split_name(full)
        if split is None:
            row.error("name", "invalid", "needs a first and a last name")
        else:
            first, last = first or split[0], last or split[1]
    elif first is None or last is None:
        for target in ("first_name", "last_name"):
            if row.get(target) is None and row.layout.column_of(target) is not None:
                row.error(target, "required", "is required")
    if row.get("email") is None:
        row.error("email", "required", "is required")
    body: dict[str, Any] = {
        "first_name": first or "",
        "last_name": last or "",
        "email": row.get("email") or "",
        "phone": _first_phone(phone) if (phone := row.get("phone")) else None,
        "send_invitation": send_invitations,
    }
    preferences: dict[str, Any] = {}
    if (contact := row.get("preferred_contact")) is not None:
        preferences["preferred_contact"] = contact.casefold()
    if (opt_in := row.get("marketing_opt_in")) is not None:
        if opt_in.casefold() in TRUE | FALSE:
            preferences["marketing_opt_in"] = opt_in.casefold() in TRUE
        else:
            row.error("marketing_opt_in", "invalid", "must be true or false")
    if preferences:
        body["preferences"] = preferences
    if (external_id := row.get("external_id")) is not None and "external_id" in SUPPORTED:
        body["external_id"] = external_id
    if (tags := row.get("tags")) is not None and "tags" in SUPPORTED:
        body["tags"] = _tags(tags)
    return body


def _status(row: _Row) -> str | None:
    status = row.get("status")
    if status is None:
        return None
    if status.casefold() not in STATUSES:
        row.error("status", "invalid", f"must be one of {', '.join(STATUSES)}")
        return None
    return status.casefold()


def _addresses(row: _Row) -> list[AddressCreate]:
    """The row's address groups in number order, the empty ones left out, identical ones
    (a billing address that is the service address) kept once."""
    groups: dict[int, dict[str, str]] = {}
    for target, (position, name) in row.layout.address_fields.items():
        if (given := row.values.get(target)) is not None:
            groups.setdefault(position, {})[name] = given[1]
    addresses: list[AddressCreate] = []
    seen: set[tuple[str, ...]] = set()
    for number in sorted(groups)[:MAX_ADDRESSES]:
        group = groups[number]
        if not any(group.get(name) for name in ("street", "street2", "city", "state", "zip")):
            continue  # a label or notes alone: no address given
        street = ", ".join(part for part in (group.get("street"), group.get("street2")) if part)
        body = {
            "label": group.get("label") or row.layout.preset.address_labels.get(number),
            "street": street,
            "city": group.get("city", ""),
            "state": group.get("state", ""),
            "zip": group.get("zip", ""),
            "access_notes": group.get("access_notes") or None,
        }
        try:
            address = AddressCreate.model_validate(body)
        except ValidationError as failure:
            for problem in failure.errors(include_url=False):
                name = str(problem["loc"][0])
                target = f"address.{number}.{'street' if name == 'street' else name}"
                row.error(target, "invalid", f"address {number}: {problem['msg']}")
            continue
        same = address_key(address)
        if same not in seen:
            seen.add(same)
            addresses.append(address)
    return addresses


def address_key(address: Any) -> tuple[str, ...]:
    """When two addresses are the same place (a re-run adds no second copy)."""
    return (
        address.street.casefold(),
        address.city.casefold(),
        address.state,
        address.zip,
    )
