"""Customer rows written straight through the ORM (the customers endpoints are not needed)."""

from otesse.core.ids import new_id
from otesse.models import Customer
from tests.factories import Tenant


def customer(tenant: Tenant, first: str, email: str, *, status: str = "active") -> Customer:
    search = f"{first} smith smith {first} {email} ".casefold()
    return Customer(
        id=new_id("cust"),
        account_id=tenant.account_id,
        mode=tenant.mode,
        first_name=first,
        last_name="Smith",
        email=email,
        email_key=email.casefold(),
        search_text=search,
        status=status,
        preferred_contact="email",
        marketing_opt_in=False,
        total_bookings=0,
        total_spent=0,
        active_subscriptions=0,
        active_subscription=False,
        send_invitation=False,
    )
