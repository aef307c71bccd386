"""The customer pages: ``/invitations/{token}`` (accept) and ``/unsubscribe/{token}``.

HTML for people, not API operations: they are left out of the OpenAPI document, answer
HTML (also for their errors), and take any query string (mail clients add tracking
parameters to links). Each runs its own database transaction.
"""

from importlib.resources import files

from fastapi import APIRouter, Request
from fastapi.responses import Response

from otesse.consents.service import Witness
from otesse.consents.unsubscribe import customer_id_of, unsubscribe
from otesse.invitations.acceptance import Choice, Link, Opened, accept, contact_choices, open_link
from otesse.invitations.repository import company_name, lock_customer
from otesse.models import Customer
from otesse.pages.rendering import (
    client_address,
    form_cookie,
    form_field,
    form_is_genuine,
    masked_email,
    message_page,
    name_route,
    over_the_limit,
    page,
    read_form,
    secret_of,
    set_form_cookie,
)

router = APIRouter(include_in_schema=False)

CONTACT_LABELS = {"email": "email", "sms": "text message", "phone": "phone call"}
STYLESHEET = (files("otesse.pages") / "static" / "page.css").read_bytes()


@router.get("/assets/page.css")
async def stylesheet() -> Response:
    return Response(STYLESHEET, media_type="text/css")


def _witness(request: Request) -> Witness:
    return Witness(
        request_id=request.scope.get("state", {}).get("request_id"),
        ip=client_address(request),
        user_agent=request.headers.get("user-agent"),
    )


def _no_such_link() -> Response:
    return message_page(404, "This link doesn’t work", "Check that it was copied in full.")


async def _opening(request: Request, route: str) -> Response | None:
    """What every page request does first: name its route for the log, spend its budget."""
    name_route(request, route)
    return await over_the_limit(request)


def _dead_link(opened: Opened) -> Response | None:
    """The plain page of a link that opens nothing; None when it opens something."""
    if opened.link is Link.UNKNOWN:
        return _no_such_link()
    if opened.link in (Link.EXPIRED, Link.GONE):
        return message_page(
            410, "This link has expired", "Ask us for a new invitation if you still need one."
        )
    return None


def _accepted_page(opened: Opened, *, just_now: bool) -> Response:
    assert opened.customer is not None
    return page(
        "accepted.html",
        {
            "company": opened.company,
            "first_name": opened.customer.first_name,
            "just_now": just_now,
            "contact_label": CONTACT_LABELS[opened.customer.preferred_contact],
        },
    )


def _form_page(
    request: Request, opened: Opened, *, preferred: str, error: str | None = None
) -> Response:
    customer = opened.customer
    assert customer is not None and opened.invitation is not None
    cookie = form_cookie(request)
    response = page(
        "invitation.html",
        {
            "company": opened.company,
            "first_name": customer.first_name,
            "masked_email": masked_email(customer.email),
            "contacts": [(value, CONTACT_LABELS[value]) for value in contact_choices(customer)],
            "preferred_contact": preferred,
            "disclosures": opened.disclosures,
            "csrf": form_field(secret_of(request), cookie, opened.invitation.id),
            "error": error,
        },
        status_code=400 if error else 200,
    )
    set_form_cookie(request, response, cookie)
    return response


@router.get("/invitations/{token}")
async def invitation_page(request: Request, token: str) -> Response:
    if (refused := await _opening(request, "/invitations/{token}")) is not None:
        return refused
    async with request.app.state.database.session(read_only=True) as session:
        opened = await open_link(session, token)
        if (dead := _dead_link(opened)) is not None:
            return dead
        if opened.link is Link.ACCEPTED:
            return _accepted_page(opened, just_now=False)
        assert opened.customer is not None
        preferred = opened.customer.preferred_contact
        if preferred not in contact_choices(opened.customer):
            preferred = "email"
        return _form_page(request, opened, preferred=preferred)


def _choice(form: dict[str, str], opened: Opened) -> Choice | None:
    assert opened.customer is not None
    contact = form.get("preferred_contact", "")
    if contact not in contact_choices(opened.customer):
        return None
    return Choice(
        preferred_contact=contact,
        marketing_email=form.get("marketing_email") == "yes",
        # Only offered with a phone number; a forged tick without one is ignored.
        marketing_sms=form.get("marketing_sms") == "yes" and bool(opened.customer.phone),
    )


@router.post("/invitations/{token}")
async def accept_invitation(request: Request, token: str) -> Response:
    if (refused := await _opening(request, "/invitations/{token}")) is not None:
        return refused
    async with request.app.state.database.transaction() as session:
        opened = await open_link(session, token, lock=True)
        if (dead := _dead_link(opened)) is not None:
            return dead
        if opened.link is Link.ACCEPTED:
            return _accepted_page(opened, just_now=False)
        assert opened.invitation is not None and opened.customer is not None
        form = await read_form(request)
        if form is None or not form_is_genuine(request, form, opened.invitation.id):
            return message_page(
                403, "This form has expired", "Open the link from your email again."
            )
        choice = _choice(form, opened)
        if choice is None:
            preferred = opened.customer.preferred_contact
            return _form_page(
                request,
                opened,
                preferred=preferred if preferred in contact_choices(opened.customer) else "email",
                error="Choose how we should contact you.",
            )
        await accept(session, opened, choice, witness=_witness(request))
        return _accepted_page(opened, just_now=True)


@router.get("/unsubscribe/{token}")
async def unsubscribe_page(request: Request, token: str) -> Response:
    """The visible link's page: one button. Following a link must not unsubscribe by
    itself: mail scanners fetch links to check them."""
    if (refused := await _opening(request, "/unsubscribe/{token}")) is not None:
        return refused
    customer_id = customer_id_of(secret_of(request), token)
    async with request.app.state.database.session(read_only=True) as session:
        customer = None if customer_id is None else await session.get(Customer, customer_id)
        if customer is None:
            return _no_such_link()
        context = {
            "company": await company_name(session, customer.account_id),
            "masked_email": masked_email(customer.email),
            "done": False,
        }
    return page("unsubscribe.html", context)


@router.post("/unsubscribe/{token}")
async def unsubscribe_now(request: Request, token: str) -> Response:
    """RFC 8058 one-click (the mail client's POST ``List-Unsubscribe=One-Click``) and the
    page's button: the signed link is the credential, no form token is needed."""
    if (refused := await _opening(request, "/unsubscribe/{token}")) is not None:
        return refused
    customer_id = customer_id_of(secret_of(request), token)
    async with request.app.state.database.transaction() as session:
        customer = None if customer_id is None else await lock_customer(session, customer_id)
        if customer is None:
            return _no_such_link()
        await unsubscribe(session, customer, witness=_witness(request))
        company = await company_name(session, customer.account_id)
    return page("unsubscribe.html", {"company": company, "masked_email": "", "done": True})
