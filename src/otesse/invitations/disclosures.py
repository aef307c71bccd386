"""The exact words the invitation page shows beside each choice.

The consent record stores the text as shown (with the company's name and the masked number
filled in), so the ledger proves what was agreed to even after these words change. Change
the wording here only; the page and the ledger both read it from here.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Disclosures:
    contact: str
    marketing_email: str
    marketing_sms: str | None  # None when the customer has no phone number


def disclosures_for(company: str, phone_ending: str | None) -> Disclosures:
    sms = None
    if phone_ending is not None:
        sms = (
            f"Yes, {company} may send me marketing text messages, including by automated "
            f"means, at the number ending in {phone_ending}. Consent is not a condition of "
            "any purchase. Message frequency varies; message and data rates may apply. Reply "
            "STOP to stop, HELP for help."
        )
    return Disclosures(
        contact=(
            f"{company} will contact me about my bookings, visits and invoices this way. "
            "These messages are not marketing."
        ),
        marketing_email=(
            f"Yes, {company} may email me offers and news about its services. I can "
            "unsubscribe at any time with the link in every such email."
        ),
        marketing_sms=sms,
    )
