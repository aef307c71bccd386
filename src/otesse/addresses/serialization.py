"""Address rows (Core mappings) to the JSON the API returns, derived from AddressRead
(otesse.core.representation)."""

from otesse.addresses.schemas import AddressRead
from otesse.core.representation import python_renderer

address_json = python_renderer(AddressRead)
