"""Contains all the data models used in inputs/outputs"""

from .address_create import AddressCreate
from .address_deleted import AddressDeleted
from .address_list import AddressList
from .address_read import AddressRead
from .address_update import AddressUpdate
from .booking_create import BookingCreate
from .booking_list import BookingList
from .booking_read import BookingRead
from .booking_sort import BookingSort
from .booking_status import BookingStatus
from .booking_update import BookingUpdate
from .customer_create import CustomerCreate
from .customer_erase import CustomerErase
from .customer_export import CustomerExport
from .customer_list import CustomerList
from .customer_read import CustomerRead
from .customer_settable_status import CustomerSettableStatus
from .customer_status import CustomerStatus
from .customer_update import CustomerUpdate
from .error_detail import ErrorDetail
from .error_response import ErrorResponse
from .frequency import Frequency
from .health import Health
from .invitation import Invitation
from .invitation_read import InvitationRead
from .invitation_record import InvitationRecord
from .invitation_status import InvitationStatus
from .invoice_create import InvoiceCreate
from .invoice_list import InvoiceList
from .invoice_read import InvoiceRead
from .invoice_status import InvoiceStatus
from .line_item_create import LineItemCreate
from .line_item_read import LineItemRead
from .pagination import Pagination
from .preferences import Preferences
from .preferences_in import PreferencesIn
from .preferred_contact import PreferredContact
from .service import Service
from .stats import Stats
from .subscription_create import SubscriptionCreate
from .subscription_list import SubscriptionList
from .subscription_read import SubscriptionRead
from .subscription_status import SubscriptionStatus
from .us_state import UsState
from .zone_create import ZoneCreate
from .zone_list import ZoneList
from .zone_read import ZoneRead
from .zone_update import ZoneUpdate

__all__ = (
    "AddressCreate",
    "AddressDeleted",
    "AddressList",
    "AddressRead",
    "AddressUpdate",
    "BookingCreate",
    "BookingList",
    "BookingRead",
    "BookingSort",
    "BookingStatus",
    "BookingUpdate",
    "CustomerCreate",
    "CustomerErase",
    "CustomerExport",
    "CustomerList",
    "CustomerRead",
    "CustomerSettableStatus",
    "CustomerStatus",
    "CustomerUpdate",
    "ErrorDetail",
    "ErrorResponse",
    "Frequency",
    "Health",
    "Invitation",
    "InvitationRead",
    "InvitationRecord",
    "InvitationStatus",
    "InvoiceCreate",
    "InvoiceList",
    "InvoiceRead",
    "InvoiceStatus",
    "LineItemCreate",
    "LineItemRead",
    "Pagination",
    "Preferences",
    "PreferencesIn",
    "PreferredContact",
    "Service",
    "Stats",
    "SubscriptionCreate",
    "SubscriptionList",
    "SubscriptionRead",
    "SubscriptionStatus",
    "UsState",
    "ZoneCreate",
    "ZoneList",
    "ZoneRead",
    "ZoneUpdate",
)
