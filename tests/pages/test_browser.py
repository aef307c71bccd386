"""The invitation, end to end in a real browser: a customer created through the API, the
link taken from the email the real SMTP sink received, opened in headless Chromium at a
phone's width, SMS marketing ticked, accepted; then the API shows what was agreed to."""

import asyncio
import re
import time

import httpx
from pydantic import SecretStr
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from otesse.config import Settings
from otesse.core.db import Database
from tests.factories import SEED_CREATE, make_tenant
from tests.mail.smtp import SmtpServer, smtp_fixture  # noqa: F401 - provides `smtp`
from tests.pages.browser import live_port, live_server, screenshot
from tests.workers import TEST_SECRET

PHONE = (360, 780)
DESKTOP = (1280, 900)


async def _link_from_the_email(smtp: SmtpServer, base_url: str) -> str:
    deadline = time.monotonic() + 20
    while not smtp.handler.messages:
        assert time.monotonic() < deadline, "no invitation email arrived"
        await asyncio.sleep(0.05)
    [message] = smtp.handler.messages
    body = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    found = re.search(re.escape(base_url) + r"/invitations/[A-Za-z0-9_-]{43}", body)
    assert found is not None, "the email holds the link"
    return found.group(0)


def _outcome(browser: WebDriver) -> str:
    """The outcome's text, once the page that shows it has loaded: a click on Accept returns
    before the form's POST has answered, so the element is waited for, not looked up."""
    found = WebDriverWait(browser, 15).until(
        expected_conditions.presence_of_element_located((By.ID, "outcome"))
    )
    return str(found.text)


def _no_csp_violations(browser: WebDriver) -> None:
    logged = [entry["message"] for entry in browser.get_log("browser")]
    assert not [line for line in logged if "Content Security Policy" in line], logged


async def test_a_customer_accepts_the_invitation_on_a_phone(
    browser: WebDriver,
    database: Database,
    settings: Settings,
    smtp: SmtpServer,
) -> None:
    tenant = await make_tenant(database, name="Sparkle Cleaning Co", mode="test")
    port = live_port()
    base_url = f"http://127.0.0.1:{port}"
    live = settings.model_copy(
        update={
            "mail_url": smtp.url,
            "public_url": base_url,
            "secret_key": SecretStr(TEST_SECRET),
            "outbox_poll_seconds": 0.1,
        }
    )
    with live_server(live, port):
        async with httpx.AsyncClient(base_url=base_url, headers=tenant.headers) as api:
            created = await api.post("/v1/customers", json=SEED_CREATE)
            assert created.status_code == 201, created.text
            customer_id = created.json()["id"]
            link = await _link_from_the_email(smtp, base_url)

            browser.set_window_size(*DESKTOP)
            browser.get(link)
            assert browser.find_element(By.TAG_NAME, "h1").text == "Welcome, Jane"
            screenshot(browser, "invitation-desktop")
            browser.set_window_size(*PHONE)
            browser.get(link)
            # Readable at 360 px: nothing wider than the screen.
            assert browser.execute_script("return document.documentElement.scrollWidth") <= 360
            screenshot(browser, "invitation-phone")
            assert "Sparkle Cleaning Co" in browser.page_source
            assert "jane@example.com" not in browser.page_source

            sms_box = browser.find_element(By.ID, "marketing-sms")
            assert not sms_box.is_selected()
            assert not browser.find_element(By.ID, "marketing-email").is_selected()
            shown_words = browser.find_element(By.ID, "marketing-sms-text").text
            # Labels are tied to their inputs: clicking the label ticks the box.
            browser.find_element(By.CSS_SELECTOR, "label[for='marketing-sms']").click()
            assert sms_box.is_selected()
            browser.find_element(By.CSS_SELECTOR, "label[for='contact-sms']").click()
            browser.find_element(By.ID, "accept").click()
            assert "all set" in _outcome(browser)
            screenshot(browser, "invitation-accepted-phone")
            _no_csp_violations(browser)

            shown = (await api.get(f"/v1/customers/{customer_id}")).json()
            assert shown["invitation"]["status"] == "accepted"
            assert shown["invitation"]["accepted_at"] is not None
            assert shown["preferences"]["preferred_contact"] == "sms"
            assert shown["preferences"]["marketing_consent"]["sms"] is True
            ledger = (await api.get(f"/v1/customers/{customer_id}/consents")).json()["data"]
            [sms] = [r for r in ledger if (r["channel"], r["purpose"]) == ("sms", "marketing")]
            assert sms["state"] == "granted" and sms["source"] == "invitation_page"
            assert " ".join(sms["disclosure"].split()) == " ".join(shown_words.split())
            assert "HeadlessChrome" in (sms["user_agent"] or "")

            # The used link says so; a forged one shows the plain page.
            browser.get(link)
            assert "already accepted" in _outcome(browser)
            browser.get(link[:-4] + "AAAA")
            assert "doesn’t work" in _outcome(browser)
