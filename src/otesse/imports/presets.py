"""The column layouts the import reads: the project's own (`otesse`, what the export writes)
and the customer exports of the platforms companies move from. One table per preset maps a
column header to what it fills; docs/import.md lists them with their sources.

Targets:
- customer fields: ``first_name``, ``last_name``, ``name`` (a full name, split when the
  file has no first/last columns), ``email``, ``phone`` (several columns may feed it: the
  first non-empty one wins), ``status``, ``preferred_contact``, ``marketing_opt_in``,
  ``created_at``, ``external_id`` (the platform's own id) and ``tags``;
- ``address.N.FIELD``: address N of the customer (1 is the default), FIELD one of
  ``label``, ``street``, ``street2`` (joined to street), ``city``, ``state``, ``zip``,
  ``access_notes``;
- ``ignored``: a known column the import deliberately does not read (the id of the
  project's own format: a new account gets new ids).

``external_id`` and ``tags`` are read from every preset; they are written when the customer
model has those fields (the records issue) and otherwise left out (rows.py, SUPPORTED).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from otesse.customers.csv_format import CUSTOMER_FIELDS

CUSTOMER_TARGETS = frozenset(
    {
        "first_name",
        "last_name",
        "name",
        "email",
        "phone",
        "status",
        "preferred_contact",
        "marketing_opt_in",
        "created_at",
        "external_id",
        "tags",
        "ignored",
    }
)
ADDRESS_TARGETS = frozenset({"label", "street", "street2", "city", "state", "zip", "access_notes"})


def normalise_header(name: str) -> str:
    """Headers compare case-, space- and punctuation-insensitively: "E-mail" is "email"."""
    return re.sub(r"[^0-9a-z#]+", "", name.casefold())


@dataclass(frozen=True, slots=True)
class Preset:
    name: str
    # Header (as the platform writes it) -> target. Several headers may share a target.
    columns: Mapping[str, str]
    # A label for address N when the file gives none ("Service", "Billing").
    address_labels: Mapping[int, str] = field(default_factory=dict)
    # Numbered address groups written `address_N_field` (the project's own format).
    numbered_addresses: bool = False

    def target(self, header: str) -> str | None:
        key = normalise_header(header)
        found = self._by_key().get(key)
        if found is not None:
            return found
        if self.numbered_addresses:
            match = _NUMBERED.fullmatch(header.strip().casefold())
            if match and match.group(2) in ADDRESS_TARGETS:
                return f"address.{int(match.group(1))}.{match.group(2)}"
        return None

    def _by_key(self) -> dict[str, str]:
        return {normalise_header(header): target for header, target in self.columns.items()}


_NUMBERED = re.compile(r"address_([1-9][0-9]{0,2})_([a-z_0-9]+)")


def _address(number: int, **headers: str | tuple[str, ...]) -> dict[str, str]:
    mapped = {}
    for target, names in headers.items():
        for name in (names,) if isinstance(names, str) else names:
            mapped[name] = f"address.{number}.{target}"
    return mapped


OTESSE = Preset(
    name="otesse",
    columns={
        **{name: name for name in CUSTOMER_FIELDS if name != "id"},
        "id": "ignored",
        "external_id": "external_id",
        "tags": "tags",
    },
    numbered_addresses=True,
)

# Jobber: Clients > Export (CSV). The service property is the default address, the billing
# address the second one.
JOBBER = Preset(
    name="jobber",
    columns={
        "J-ID": "external_id",
        "Client ID": "external_id",
        "First Name": "first_name",
        "Last Name": "last_name",
        "Display Name": "name",
        "E-mails": "email",
        "E-mail": "email",
        "Email": "email",
        "Main Phone #s": "phone",
        "Mobile Phone #s": "phone",
        "Home Phone #s": "phone",
        "Work Phone #s": "phone",
        "Main Phone": "phone",
        "Mobile Phone": "phone",
        "Tags": "tags",
        "Created Date": "created_at",
        **_address(
            1,
            street="Service Street 1",
            street2="Service Street 2",
            city="Service City",
            state="Service State",
            zip=("Service Zip code", "Service Zip", "Service Postal Code"),
            access_notes=("Service Property Notes", "Property Notes"),
        ),
        **_address(
            2,
            street="Billing Street 1",
            street2="Billing Street 2",
            city="Billing City",
            state="Billing State",
            zip=("Billing Zip code", "Billing Zip", "Billing Postal Code"),
        ),
    },
    address_labels={1: "Service", 2: "Billing"},
)

# Housecall Pro: Customers > Export.
HOUSECALLPRO = Preset(
    name="housecallpro",
    columns={
        "Customer ID": "external_id",
        "ID": "external_id",
        "First Name": "first_name",
        "Last Name": "last_name",
        "Display Name": "name",
        "Email": "email",
        "Mobile Number": "phone",
        "Mobile Phone": "phone",
        "Home Number": "phone",
        "Home Phone": "phone",
        "Work Number": "phone",
        "Work Phone": "phone",
        "Tags": "tags",
        "Created At": "created_at",
        "Customer Notes": "ignored",
        **_address(
            1,
            street=("Address", "Street", "Address 1"),
            street2=("Address 2", "Unit", "Street Line 2"),
            city="City",
            state="State",
            zip=("Zip", "Zip Code", "Postal Code"),
            access_notes="Address Notes",
        ),
        **_address(
            2,
            street=("Billing Address", "Billing Street"),
            street2="Billing Unit",
            city="Billing City",
            state="Billing State",
            zip=("Billing Zip", "Billing Zip Code"),
        ),
    },
    address_labels={1: "Service", 2: "Billing"},
)

# ServiceTitan: the Customers report exported to CSV; a customer has a billing address and
# its service locations (the location is where the work happens: the default).
SERVICETITAN = Preset(
    name="servicetitan",
    columns={
        "Customer ID": "external_id",
        "Customer Id": "external_id",
        "Customer Name": "name",
        "Name": "name",
        "Email": "email",
        "Customer Email": "email",
        "Phone": "phone",
        "Phone Number": "phone",
        "Mobile Phone": "phone",
        "Customer Phone": "phone",
        "Tags": "tags",
        "Customer Tags": "tags",
        "Created On": "created_at",
        "Created Date": "created_at",
        "Customer Type": "ignored",
        "Type": "ignored",
        **_address(
            1,
            label="Location Name",
            street=("Location Street", "Location Address"),
            street2="Location Unit",
            city="Location City",
            state="Location State",
            zip=("Location Zip", "Location Zip Code"),
            access_notes=("Location Notes", "Location Special Instructions"),
        ),
        **_address(
            2,
            street=("Street", "Address", "Billing Street", "Customer Address"),
            street2=("Unit", "Billing Unit"),
            city=("City", "Billing City"),
            state=("State", "Billing State"),
            zip=("Zip", "Zip Code", "Billing Zip"),
        ),
    },
    address_labels={1: "Service", 2: "Billing"},
)

PRESETS: dict[str, Preset] = {
    preset.name: preset for preset in (OTESSE, JOBBER, HOUSECALLPRO, SERVICETITAN)
}
FORMAT_NAMES = tuple(PRESETS)
