// Browser tests of the approver's desk: the built pane in Debian's headless Chromium against the real API (embedded
// default, demo organisation), Office.js answered by office-stub.js. tests/Pane/ApprovalsBrowserTests.cs starts the API,
// has René request each address below through the API (a .p7b with the partner's intermediate CA and root), puts one
// failed request in the database, then runs this file. Each test decides its own request. Nothing may leave loopback.
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { baseUrl, fulfilOffice, launchChromium, localToken, loopbackOnly, officeJs, signInLocally } from "./harness.mjs";

const timeout = 15_000;

const users = { ada: "ada.admin@contoso.example", rene: "rene.requester@contoso.example" };
const requested = {
  approve: "lena.stork@fabrikam.example",
  reject: "omar.fenn@fabrikam.example",
  french: "zoe.martin@fabrikam.example",
  keyboard: "ines.keys@fabrikam.example",
  replace: "jean.untrusted@tailspin.example",
  failed: "max.retry@fabrikam.example",
  late: "noah.late@fabrikam.example",
  own: "olga.own@fabrikam.example",
  renewal: "rita.renew@fabrikam.example",
};

let browser;
let context;
let page;
let outside;
let pageErrors;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

beforeEach(() => {
  outside = [];
  pageErrors = [];
});

afterEach(async () => {
  await closePane();
  assert.deepEqual(outside, [], "the pane tried to reach the internet");
  assert.deepEqual(pageErrors, [], "the page threw");
});

async function closePane() {
  await context?.close();
  context = undefined;
}

/** Opens the pane in a compose window (one recipient) at 320 px and signs in locally as user. */
async function openPane({ user = users.ada, displayLanguage = "en-US", recipients = [users.ada] } = {}) {
  await closePane();
  context = await browser.newContext({ viewport: { width: 320, height: 570 }, locale: displayLanguage });
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url === officeJs)
      return fulfilOffice(route, { displayLanguage, recipients: { to: recipients.map((emailAddress) => ({ emailAddress, displayName: "" })) } });
    return loopbackOnly(route, url, outside);
  });
  page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  await page.goto(`${baseUrl}/taskpane.html`);
  await signInLocally(page, user, timeout);
  await page.locator("li.recipient .status").first().waitFor({ timeout });
  return page;
}

/** Opens the approvals view with its button, once it shows the pending count. */
async function openApprovals(label = /^Approvals \(\d+\)$/) {
  const button = page.locator("#approvals-button");
  await page.waitForFunction((source) => new RegExp(source).test(document.getElementById("approvals-button")?.textContent ?? ""),
    label.source, { timeout });
  assert.match(await button.innerText(), label);
  await button.click();
}

/** The request's card in one of the view's lists, found by address. */
function card(list, address) {
  return page.locator(`#approvals ul.${list} > li.approval`, { has: page.locator(".address", { hasText: address }) });
}

/** Waits until the request's card in "Decided here" shows state (Provisioned, Rejected, ...). */
async function waitForOutcome(address, state) {
  await card("decided", address).locator(`.outcome[data-status="${state}"]`).waitFor({ timeout });
  return card("decided", address).locator(".outcome").innerText();
}

/** René's request, made through the API as the pane would, with his own local token. */
async function requestAsRene(emailAddress, displayName, file) {
  const accessToken = await localToken(users.rene);
  const form = new FormData();
  form.append("emailAddress", emailAddress);
  form.append("displayName", displayName);
  form.append("file", new Blob([readFileSync(file)]), path.basename(file));
  const response = await fetch(`${baseUrl}/api/contact-requests`, {
    method: "POST", headers: { Authorization: `Bearer ${accessToken}` }, body: form,
  });
  assert.equal(response.status, 201, await response.text());
}

const focusedIs = (selector) => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);

/** Presses Tab until the focused element matches selector (at most presses times). */
async function tabTo(selector, presses = 80) {
  for (let i = 0; i < presses; i++) {
    if (await focusedIs(selector)) return;
    await page.keyboard.press("Tab");
  }
  assert.fail(`Tab never reached ${selector}`);
}

describe("the approver's desk in the pane against the real API", () => {
  test("at 320 px every request's view fits without scrolling sideways", async () => {
    await openPane();
    await openApprovals();
    await card("pending", requested.replace).locator("button.approve").waitFor({ timeout });
    await page.waitForFunction(() => document.querySelectorAll("#approvals ul.pending .approval-body .message-loading").length === 0,
      null, { timeout });

    assert.ok(await page.locator("#approvals ul.pending > li.approval").count() >= 5);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320);
    if (process.env.PANE_APPROVALS_SCREENSHOT) await page.screenshot({ path: process.env.PANE_APPROVALS_SCREENSHOT, fullPage: true });
  });

  test("an approver sees René's request, ticks its CA, approves it and sees it published", async () => {
    await openPane({ recipients: [requested.approve] });
    await openApprovals();
    const request = card("pending", requested.approve);
    await request.locator("button.approve").waitFor({ timeout });

    const text = await request.innerText();
    assert.match(text, /Requested by rene\.requester@contoso\.example/);
    assert.match(text, /Proposed contact: LenaStork_SMIME/);
    assert.match(text, /Certificate from: a file/);
    assert.match(text, /Issued to: .*Lena Stork/);
    assert.match(text, /The certificate's issuer \(.*Lena Stork Partner Intermediate CA.*\) is not in the organisation's trusted issuers\./);
    assert.match(text, /A root certificate: trusting it lets it vouch for any address/);
    assert.match(text, /No entry holds this address: approving creates a new contact\./);
    const boxes = request.locator("input.trust");
    assert.equal(await boxes.count(), 2);
    assert.deepEqual(await boxes.evaluateAll((all) => all.map((b) => b.checked)), [false, false]);

    await request.getByLabel(/Trust .*Lena Stork Partner Intermediate CA/).check();
    await request.getByRole("button", { name: "Approve", exact: true }).click();
    assert.match(await request.locator(".confirm").innerText(), /CAs trusted for the whole organisation: 1\./);
    await request.getByRole("button", { name: "Confirm approval" }).click();

    assert.match(await waitForOutcome(requested.approve, "Provisioned"), /Published/);
    assert.equal(await card("pending", requested.approve).count(), 0);
    // The intermediate CA is trusted now and the contact published: Outlook can encrypt to Lena.
    await page.click("#refresh");
    await page.waitForFunction(() => document.querySelector("li.recipient")?.classList.contains("tone-ready"), null, { timeout });
  });

  test("a rejection's reason is what the requester reads in My requests", async () => {
    const reason = "Ask Omar for the certificate of his work address, please.";
    await openPane();
    await openApprovals();
    const request = card("pending", requested.reject);
    await request.locator("button.reject").waitFor({ timeout });

    await request.getByRole("button", { name: "Reject", exact: true }).click();
    await request.getByLabel("Reason (the requester reads it)").fill(reason);
    await request.getByRole("button", { name: "Confirm rejection" }).click();
    assert.match(await waitForOutcome(requested.reject, "Rejected"), new RegExp(`Rejected[\\s\\S]*Reason: ${reason.replace(/[.,]/g, "\\$&")}`));

    await openPane({ user: users.rene });
    await page.getByRole("button", { name: "My requests" }).click();
    const mine = page.locator("section.mine li.request-item", { has: page.locator(".address", { hasText: requested.reject }) });
    await mine.waitFor({ timeout });
    assert.match(await mine.innerText(), /Rejected/);
    assert.match(await mine.innerText(), new RegExp(`Reason: ${reason.replace(/[.,]/g, "\\$&")}`));
  });

  test("a failed request shows why, and Retry publishes it", async () => {
    await openPane();
    await openApprovals();
    const request = card("failed", requested.failed);
    await request.waitFor({ timeout });
    assert.match(await request.innerText(), /Failed[\s\S]*Reason: The directory was throttling while looking up the contact\./);

    await request.getByRole("button", { name: "Retry" }).click();

    assert.match(await waitForOutcome(requested.failed, "Provisioned"), /Published/);
    await page.waitForFunction(() => document.querySelector("#approvals ul.failed")?.children.length === 0, null, { timeout });
  });

  test("an approval that replaces an entry's certificates needs its confirmation box", async () => {
    await openPane();
    await openApprovals();
    const request = card("pending", requested.replace);
    await request.locator("button.approve").waitFor({ timeout });
    assert.match(await request.innerText(), /Approving publishes on .*Untrusted_SMIME/);
    assert.match(await request.innerText(), /Certificates this approval replaces/);

    await request.getByRole("button", { name: "Approve", exact: true }).click();
    await request.locator(".problem-area [role=alert]").waitFor({ timeout });
    assert.match(await request.locator(".problem-area").innerText(), /Tick “Replace these certificates” first/);
    assert.equal(await focusedIs("input.replace"), true);
    assert.equal(await request.locator(".confirm").count(), 0);

    await page.keyboard.press("Space");
    await request.getByRole("button", { name: "Approve", exact: true }).click();
    assert.match(await request.locator(".confirm").innerText(), /Certificates replaced: 1\./);
    await request.getByRole("button", { name: "Confirm approval" }).click();

    assert.match(await waitForOutcome(requested.replace, "Provisioned"), /Published/);
  });

  test("a renewal shows the published and the new certificate side by side and is approved without a replacement box", async () => {
    await openPane();
    await openApprovals();
    const request = card("pending", requested.renewal);
    await request.locator("button.approve").waitFor({ timeout });
    const text = await request.innerText();
    assert.match(text, /Renewal: the new certificate replaces the published one/);
    assert.match(text, /Published now[\s\S]*New/);
    assert.equal(await request.locator("input.replace").count(), 0);

    await request.getByRole("button", { name: "Approve", exact: true }).click();
    await request.getByRole("button", { name: "Confirm approval" }).click();

    assert.match(await waitForOutcome(requested.renewal, "Provisioned"), /Published/);
  });

  test("a request made while the view is open shows up without a reload", async (t) => {
    const file = process.env.PANE_LATE_CERTIFICATE;
    if (!file) return t.skip("PANE_LATE_CERTIFICATE (a .p7b for noah.late@fabrikam.example) is not set");
    await openPane();
    await openApprovals();
    await card("pending", requested.keyboard).waitFor({ timeout });
    const before = Number((await page.locator("#approvals-button").innerText()).match(/\d+/)[0]);

    await requestAsRene(requested.late, "Noah Late", file);
    // Outlook gives the pane the focus back when the approver returns to it: the view looks again then (and every 15 s).
    await page.evaluate(() => window.dispatchEvent(new Event("focus")));

    await card("pending", requested.late).locator("button.approve").waitFor({ timeout });
    assert.equal(await page.locator("#approvals-button").innerText(), `Approvals (${before + 1})`);
    assert.equal(await card("pending", requested.keyboard).count(), 1);
  });

  test("the approver's own request is shown without Approve or Reject: another approver decides it", async () => {
    await openPane();
    await openApprovals();
    const request = card("pending", requested.own);
    await request.locator(".own").waitFor({ timeout });

    assert.match(await request.innerText(), /Requested by ada\.admin@contoso\.example/);
    assert.equal(await request.locator(".own").innerText(), "You made this request: another approver decides it.");
    assert.equal(await request.locator("button").count(), 0);
  });

  test("a user without the approve role has no approvals view", async () => {
    await openPane({ user: users.rene });

    assert.match(await page.locator(".signed-in").innerText(), /My requests/);
    assert.equal(await page.locator("#approvals-button").count(), 0);
    assert.equal(await page.locator("#approvals").count(), 0);
  });

  test("in French: the view, its buttons and the API's sentences", async () => {
    await openPane({ displayLanguage: "fr-FR" });
    await openApprovals(/^Approbations \(\d+\)$/);
    const request = card("pending", requested.french);
    await request.getByRole("button", { name: "Approuver", exact: true }).waitFor({ timeout });

    const text = await request.innerText();
    assert.match(text, /Demandée par rene\.requester@contoso\.example/);
    assert.match(text, /Certificat issu : d’un fichier/);
    assert.match(text, /L'émetteur du certificat \(.*\) ne figure pas parmi les émetteurs de confiance de l'organisation\./);
    assert.match(text, /Un certificat racine : l'approuver lui permet de garantir n'importe quelle adresse/);
    assert.match(await page.locator("#approvals-title").innerText(), /^Approbations$/);
    await request.getByRole("button", { name: "Refuser", exact: true }).click();
    await request.getByRole("button", { name: "Confirmer le refus" }).click();
    assert.match(await request.locator(".problem-area").innerText(), /Indiquez un motif : le demandeur le lira\./);
  });

  test("a refusal shows the API's own sentence in the pane's language, and the request stays to decide", async () => {
    await openPane({ displayLanguage: "fr-FR" });
    await openApprovals(/^Approbations \(\d+\)$/);
    const request = card("pending", requested.french);
    await request.getByRole("button", { name: "Approuver", exact: true }).waitFor({ timeout });

    await request.getByLabel("Nom du contact (facultatif)").fill("CravateRouge_SMIME");
    await request.getByRole("button", { name: "Approuver", exact: true }).click();
    await request.getByRole("button", { name: "Confirmer l’approbation" }).click();

    await request.locator(".problem-area [role=alert]").waitFor({ timeout });
    assert.equal(await request.locator(".problem-area").innerText(),
      "L’approbation n’a pas été enregistrée : Le nom CravateRouge_SMIME est déjà utilisé dans l'annuaire ou par une autre demande.");
    assert.equal(await focusedIs(".confirm-yes"), true);
    assert.equal(await card("pending", requested.french).count(), 1);
  });

  test("keyboard only: Tab, Space and Enter approve a request and the focus follows it", async () => {
    await openPane();
    await page.locator("#approvals-button").waitFor({ timeout });
    await tabTo("#approvals-button");
    await page.keyboard.press("Enter");
    assert.equal(await focusedIs("#approvals-title"), true);
    const request = card("pending", requested.keyboard);
    await request.locator("button.approve").waitFor({ timeout });
    const id = await request.getAttribute("data-id");
    const inCard = (selector) => `#approvals li.approval[data-id="${id}"] ${selector}`;

    await tabTo(inCard("input.trust"));
    await page.keyboard.press("Space");
    assert.equal(await page.locator(inCard("input.trust")).first().isChecked(), true);
    await tabTo(inCard("button.approve"));
    await page.keyboard.press("Enter");
    assert.equal(await focusedIs(inCard(".confirm-yes")), true, "the confirmation's button takes the focus");
    await page.keyboard.press("Enter");

    await waitForOutcome(requested.keyboard, "Provisioned");
    assert.equal(await focusedIs(`#approvals ul.decided li.approval[data-id="${id}"] h4`), true, "the focus is on the decided request");
  });
});
