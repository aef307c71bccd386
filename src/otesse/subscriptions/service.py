"""Subscription rules: active <-> paused, either -> cancelled; the customer's
active_subscriptions count follows every move into or out of ``active``, in the same
transaction, after the customer's row lock."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.core import events
from otesse.core.errors import Conflict, NotFound
from otesse.core.ids import new_id
from otesse.core.json import timestamp
from otesse.models import Customer, Subscription
from otesse.models.base import utcnow
from otesse.stats import owners
from otesse.stats import repository as stats
from otesse.subscriptions import repository
from otesse.subscriptions.schemas import SubscriptionCreate


def render_subscription(subscription: Subscription) -> dict[str, Any]:
    return {
        "id": subscription.id,
        "customer_id": subscription.customer_id,
        "address_id": subscription.address_id,
        "service": subscription.service,
        "frequency": subscription.frequency,
        "price": subscription.price,
        "currency": subscription.currency,
        "start_date": subscription.start_date.isoformat(),
        "status": subscription.status,
        "paused_at": timestamp(subscription.paused_at),
        "cancelled_at": timestamp(subscription.cancelled_at),
        "created_at": timestamp(subscription.created_at),
        "updated_at": timestamp(subscription.updated_at),
    }


async def create_subscription(
    session: AsyncSession, principal: Principal, body: SubscriptionCreate
) -> dict[str, Any]:
    await owners.customer_for_new_work(session, principal, body.customer_id)
    await owners.find_customer_address(
        session, principal, customer_id=body.customer_id, address_id=body.address_id
    )
    subscription = Subscription(
        id=new_id("sub"),
        account_id=principal.account_id,
        mode=principal.mode,
        status="active",
        **body.model_dump(),
    )
    session.add(subscription)
    await session.flush()
    await stats.subscription_became_active(session, customer_id=body.customer_id)
    rendered = render_subscription(subscription)
    await events.record_resource(session, subscription, "subscription.created", rendered, None)
    return rendered


async def get_subscription(
    session: AsyncSession, principal: Principal, subscription_id: str
) -> dict[str, Any]:
    return render_subscription(await _subscription_or_404(session, principal, subscription_id))


async def pause_subscription(
    session: AsyncSession, principal: Principal, subscription_id: str
) -> dict[str, Any]:
    subscription = await _subscription_or_404(session, principal, subscription_id)
    await owners.lock_customer(session, principal, subscription.customer_id)
    before = await _before(session, subscription)
    if not await repository.transition(
        session,
        subscription_id,
        from_status="active",
        values={"status": "paused", "paused_at": utcnow()},
    ):
        raise await _refused(session, subscription, "paused (only an active one can be)")
    await stats.subscription_became_inactive(session, customer_id=subscription.customer_id)
    return await _changed(session, subscription, "subscription.paused", before)


async def resume_subscription(
    session: AsyncSession, principal: Principal, subscription_id: str
) -> dict[str, Any]:
    subscription = await _subscription_or_404(session, principal, subscription_id)
    await owners.customer_for_new_work(session, principal, subscription.customer_id)
    before = await _before(session, subscription)
    if not await repository.transition(
        session,
        subscription_id,
        from_status="paused",
        values={"status": "active", "paused_at": None},
    ):
        raise await _refused(session, subscription, "resumed (only a paused one can be)")
    await stats.subscription_became_active(session, customer_id=subscription.customer_id)
    return await _changed(session, subscription, "subscription.resumed", before)


async def cancel_subscription(
    session: AsyncSession, principal: Principal, subscription_id: str
) -> dict[str, Any]:
    subscription = await _subscription_or_404(session, principal, subscription_id)
    await owners.lock_customer(session, principal, subscription.customer_id)
    before = await _before(session, subscription)
    cancelled = {"status": "cancelled", "cancelled_at": utcnow()}
    # Two conditional UPDATEs rather than one: the stat moves only if it was active.
    if await repository.transition(
        session, subscription_id, from_status="active", values=cancelled
    ):
        await stats.subscription_became_inactive(session, customer_id=subscription.customer_id)
    elif not await repository.transition(
        session, subscription_id, from_status="paused", values=cancelled
    ):
        raise await _refused(session, subscription, "cancelled again")
    return await _changed(session, subscription, "subscription.cancelled", before)


async def cancel_active_subscriptions(session: AsyncSession, customer: Customer) -> None:
    """Cancel a (locked) customer's active and paused subscriptions, each with its event."""
    running = await repository.live_subscriptions(session, customer_id=customer.id)
    before = [render_subscription(subscription) for subscription in running]
    await repository.cancel_active_subscriptions(session, customer_id=customer.id)
    for subscription, old in zip(running, before, strict=True):
        await _changed(session, subscription, "subscription.cancelled", old)


async def list_subscriptions(
    session: AsyncSession,
    principal: Principal,
    *,
    customer_id: str | None,
    status: str | None,
    offset: int,
    limit: int,
) -> tuple[list[dict[str, Any]], int]:
    rows, total = await repository.list_subscriptions(
        session, principal, customer_id=customer_id, status=status, offset=offset, limit=limit
    )
    return [render_subscription(row) for row in rows], total


async def _before(session: AsyncSession, subscription: Subscription) -> dict[str, Any]:
    """The subscription as this change starts from it (read again after the lock)."""
    await session.refresh(subscription)
    return render_subscription(subscription)


async def _changed(
    session: AsyncSession, subscription: Subscription, event_type: str, before: dict[str, Any]
) -> dict[str, Any]:
    await session.refresh(subscription)
    rendered = render_subscription(subscription)
    await events.record_resource(session, subscription, event_type, rendered, before)
    return rendered


async def _refused(session: AsyncSession, subscription: Subscription, what: str) -> Conflict:
    await session.refresh(subscription)
    return Conflict(
        f"Subscription '{subscription.id}' is {subscription.status}; it cannot be {what}.",
        code="subscription_status_invalid",
    )


async def _subscription_or_404(
    session: AsyncSession, principal: Principal, subscription_id: str
) -> Subscription:
    subscription = await repository.find_subscription(session, principal, subscription_id)
    if subscription is None:
        raise NotFound(f"No such subscription: '{subscription_id}'.")
    return subscription
