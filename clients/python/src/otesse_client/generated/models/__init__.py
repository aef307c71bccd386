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
from .consent_api_source import ConsentApiSource
from .consent_channel import ConsentChannel
from .consent_create import ConsentCreate
from .consent_list import ConsentList
from .consent_purpose import ConsentPurpose
from .consent_read import ConsentRead
from .consent_source import ConsentSource
from .consent_state import ConsentState
from .customer_create import CustomerCreate
from .customer_create_metadata_type_0 import CustomerCreateMetadataType0
from .customer_erase import CustomerErase
from .customer_export import CustomerExport
from .customer_list import CustomerList
from .customer_read import CustomerRead
from .customer_read_metadata import CustomerReadMetadata
from .customer_settable_status import CustomerSettableStatus
from .customer_status import CustomerStatus
from .customer_update import CustomerUpdate
from .customer_update_metadata import CustomerUpdateMetadata
from .customers_export_metadata import CustomersExportMetadata
from .customers_list_metadata import CustomersListMetadata
from .duplicate_candidate import DuplicateCandidate
from .duplicate_list import DuplicateList
from .duplicate_reason import DuplicateReason
from .error_detail import ErrorDetail
from .error_response import ErrorResponse
from .event_data import EventData
from .event_data_object import EventDataObject
from .event_data_previous_attributes import EventDataPreviousAttributes
from .event_list import EventList
from .event_read import EventRead
from .event_request import EventRequest
from .event_selector import EventSelector
from .frequency import Frequency
from .health import Health
from .health_status import HealthStatus
from .import_file_error import ImportFileError
from .import_format import ImportFormat
from .import_read import ImportRead
from .import_row_error_list import ImportRowErrorList
from .import_row_error_read import ImportRowErrorRead
from .import_status import ImportStatus
from .imports_create_files_body import ImportsCreateFilesBody
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
from .marketing_consent import MarketingConsent
from .merge_preview import MergePreview
from .merge_request import MergeRequest
from .moved import Moved
from .pagination import Pagination
from .preferences import Preferences
from .preferences_in import PreferencesIn
from .preferred_contact import PreferredContact
from .redis_health import RedisHealth
from .replay_request import ReplayRequest
from .replay_result import ReplayResult
from .service import Service
from .stats import Stats
from .subscription_create import SubscriptionCreate
from .subscription_list import SubscriptionList
from .subscription_read import SubscriptionRead
from .subscription_status import SubscriptionStatus
from .us_state import UsState
from .webhook_attempt_list import WebhookAttemptList
from .webhook_attempt_read import WebhookAttemptRead
from .webhook_delivery_status import WebhookDeliveryStatus
from .webhook_endpoint_create import WebhookEndpointCreate
from .webhook_endpoint_deleted import WebhookEndpointDeleted
from .webhook_endpoint_list import WebhookEndpointList
from .webhook_endpoint_read import WebhookEndpointRead
from .webhook_endpoint_status import WebhookEndpointStatus
from .webhook_endpoint_update import WebhookEndpointUpdate
from .webhook_endpoint_with_secret import WebhookEndpointWithSecret
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
    "ConsentApiSource",
    "ConsentChannel",
    "ConsentCreate",
    "ConsentList",
    "ConsentPurpose",
    "ConsentRead",
    "ConsentSource",
    "ConsentState",
    "CustomerCreate",
    "CustomerCreateMetadataType0",
    "CustomerErase",
    "CustomerExport",
    "CustomerList",
    "CustomerRead",
    "CustomerReadMetadata",
    "CustomerSettableStatus",
    "CustomerStatus",
    "CustomerUpdate",
    "CustomerUpdateMetadata",
    "CustomersExportMetadata",
    "CustomersListMetadata",
    "DuplicateCandidate",
    "DuplicateList",
    "DuplicateReason",
    "ErrorDetail",
    "ErrorResponse",
    "EventData",
    "EventDataObject",
    "EventDataPreviousAttributes",
    "EventList",
    "EventRead",
    "EventRequest",
    "EventSelector",
    "Frequency",
    "Health",
    "HealthStatus",
    "ImportFileError",
    "ImportFormat",
    "ImportRead",
    "ImportRowErrorList",
    "ImportRowErrorRead",
    "ImportStatus",
    "ImportsCreateFilesBody",
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
    "MarketingConsent",
    "MergePreview",
    "MergeRequest",
    "Moved",
    "Pagination",
    "Preferences",
    "PreferencesIn",
    "PreferredContact",
    "RedisHealth",
    "ReplayRequest",
    "ReplayResult",
    "Service",
    "Stats",
    "SubscriptionCreate",
    "SubscriptionList",
    "SubscriptionRead",
    "SubscriptionStatus",
    "UsState",
    "WebhookAttemptList",
    "WebhookAttemptRead",
    "WebhookDeliveryStatus",
    "WebhookEndpointCreate",
    "WebhookEndpointDeleted",
    "WebhookEndpointList",
    "WebhookEndpointRead",
    "WebhookEndpointStatus",
    "WebhookEndpointUpdate",
    "WebhookEndpointWithSecret",
    "ZoneCreate",
    "ZoneList",
    "ZoneRead",
    "ZoneUpdate",
)
