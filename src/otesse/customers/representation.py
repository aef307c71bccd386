"""The customer's JSON, derived once from its read model (schemas.CustomerRead, in field
order): the columns the read paths select, the Python renderer (SQLite, and the answer to a
create) and the PostgreSQL document (documents.py, list_statement.py). The two renderers
write the same bytes, so both databases answer the same body and ETag
(tests/customers/test_representation.py)."""

from otesse.addresses.schemas import AddressRead
from otesse.core.representation import columns_read, json_sql, python_renderer
from otesse.customers.schemas import CustomerRead
from otesse.models import Address, Customer

# The columns read for rendering; an address's customer_id groups a page's addresses.
CUSTOMER_COLUMN_NAMES = columns_read(CustomerRead)
ADDRESS_COLUMN_NAMES = ("customer_id", *columns_read(AddressRead))
CUSTOMER_COLUMNS = tuple(getattr(Customer, name) for name in CUSTOMER_COLUMN_NAMES)
ADDRESS_COLUMNS = tuple(getattr(Address, name) for name in ADDRESS_COLUMN_NAMES)

# A customer's addresses: the default first, then oldest first (column, descending).
ADDRESS_ORDER = (("is_default", True), ("created_at", False), ("id", False))
ADDRESS_ORDER_BY = tuple(
    getattr(Address, name).desc() if descending else getattr(Address, name)
    for name, descending in ADDRESS_ORDER
)

# render_customer(row, address_rows) -> the dict orjson encodes.
render_customer = python_renderer(CustomerRead)

ADDRESS_ORDER_SQL = ", ".join(
    f"a.{name} DESC" if descending else f"a.{name}" for name, descending in ADDRESS_ORDER
)
ADDRESSES_SQL = (
    f"coalesce((SELECT array_to_json(array_agg({json_sql(AddressRead, 'a')} "  # noqa: S608 - fixed text
    f"ORDER BY {ADDRESS_ORDER_SQL})) "
    "FROM addresses a WHERE a.customer_id = customers.id), '[]'::json)"
)
# The customer's JSON, reading the row `customers` in scope.
DOCUMENT = json_sql(CustomerRead, "customers", {"addresses": ADDRESSES_SQL})
