// Browser tests: the built pane in Debian's headless Chromium against the real API (embedded default, demo
// organisation), with Office.js answered by office-stub.js. PANE_URL is the API's loopback base URL; the xunit test
// tests/Pane/PaneBrowserTests.cs starts the API and runs this file. Nothing may leave loopback.
import { after, before, beforeEach, afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const baseUrl = process.env.PANE_URL;
if (!baseUrl) throw new Error("PANE_URL (the API's base URL, e.g. http://127.0.0.1:5000) is not set");
const officeJs = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const stub = readFileSync(path.join(here, "office-stub.js"), "utf8");
const timeout = 10_000;

const demo = {
  ada: "ada.admin@contoso.example",
  rene: "rene.requester@contoso.example",
  nina: "nina.reader@contoso.example",
  cravate: "cravate.rouge@fabrikam.example",
  jean: "jean.untrusted@tailspin.example",
  paul: "paul.nobody@northwind.example",
};
const to = (...addresses) => ({ to: addresses.map((emailAddress) => ({ emailAddress, displayName: "" })) });

let browser;
let context;
let page;
let outside; // requests that tried to leave loopback
let pageErrors;

before(async () => {
  // launch() gives Chromium a new empty --user-data-dir of its own (and removes it on close).
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
});

beforeEach(() => {
  outside = [];
  pageErrors = [];
});

afterEach(async () => {
  await context?.close();
  context = undefined;
  assert.deepEqual(outside, [], "the pane tried to reach the internet");
  assert.deepEqual(pageErrors, [], "the page threw");
});

/** Opens the pane as Outlook would, with the given recipients already on the message, and signs in locally. */
async function openPane({ recipients, displayLanguage = "en-US", user = demo.rene } = {}) {
  context = await browser.newContext({ viewport: { width: 320, height: 570 }, locale: displayLanguage });
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url === officeJs) {
      const settings = `window.__officeSettings = ${JSON.stringify({ displayLanguage, recipients })};\n`;
      return route.fulfill({ status: 200, contentType: "text/javascript", body: settings + stub });
    }
    const { hostname, protocol } = new URL(url);
    if ((protocol === "http:" || protocol === "https:") && (hostname === "127.0.0.1" || hostname === "localhost"))
      return route.continue();
    if (protocol === "data:" || protocol === "blob:") return route.continue();
    outside.push(url);
    return route.abort("blockedbyclient");
  });
  page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  await page.goto(`${baseUrl}/taskpane.html`);
  await page.waitForSelector("#signin-user", { timeout });
  await page.selectOption("#signin-user", user);
  await page.click("form.signin button[type=submit]");
  return page;
}

/** The recipient's list item, found by address. */
function recipient(address) {
  return page.locator("li.recipient", { has: page.locator(".address", { hasText: address }) });
}

async function statusOf(address) {
  const item = recipient(address);
  await item.waitFor({ timeout });
  return (await item.locator(".status").innerText()).replace(/^\S+\s+/, "").trim();
}

describe("the pane in Outlook (Office.js stand-in) against the real API", () => {
  test("shows each demo case's status, the entry to pick and the finding", async () => {
    await openPane({ recipients: to(...Object.values(demo)) });

    assert.equal(await statusOf(demo.ada), "Can receive encrypted mail");
    assert.equal(await statusOf(demo.rene), "Certificate problem");
    assert.match(await recipient(demo.rene).locator(".findings").innerText(), /Expired|expired/);
    assert.equal(await statusOf(demo.nina), "No certificate published");
    assert.equal(await statusOf(demo.cravate), "Can receive encrypted mail");
    assert.match(await recipient(demo.cravate).innerText(), /CravateRouge_SMIME/);
    assert.equal(await statusOf(demo.jean), "Certificate problem");
    assert.match(await recipient(demo.jean).locator(".findings").innerText(), /issuer/i);
    assert.equal(await statusOf(demo.paul), "No certificate published");
    assert.match(await page.locator("#summary").innerText(), /2 of 6/);
  });

  test("changing the recipients and firing RecipientsChanged refreshes the list", async () => {
    await openPane({ recipients: to(demo.ada) });
    assert.equal(await statusOf(demo.ada), "Can receive encrypted mail");
    await page.waitForFunction(() => window.__recipientsChangedHandlers() > 0, null, { timeout });

    await page.evaluate((lists) => {
      window.__setRecipients(lists);
      window.__fireRecipientsChanged(["to", "cc"]);
    }, { ...to(demo.ada), cc: [{ emailAddress: demo.paul, displayName: "Paul Nobody" }] });

    assert.equal(await statusOf(demo.paul), "No certificate published");
    assert.equal(await page.locator("#group-cc").innerText(), "Cc");
    assert.equal(await recipient(demo.paul).locator(".name").innerText(), "Paul Nobody");
  });

  test("a hostile display name shows as text and runs nothing", async () => {
    const hostile = "<img src=x onerror=window.__pwned=1>";
    await openPane({ recipients: { to: [{ emailAddress: demo.paul, displayName: hostile }] } });

    await recipient(demo.paul).waitFor({ timeout });
    assert.equal(await recipient(demo.paul).locator(".name").innerText(), hostile);
    // The CSP would stop an inline onerror anyway: no <img> in the pane is what shows the name was never parsed as HTML.
    assert.equal(await page.locator("#app img").count(), 0);
    await page.waitForTimeout(200); // an injected image's error handler would have run by now
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
  });

  test("in French: French statuses and the API's French finding sentences", async () => {
    await openPane({ recipients: to(demo.ada, demo.rene, demo.paul), displayLanguage: "fr-FR" });

    assert.equal(await statusOf(demo.ada), "Peut recevoir un message chiffré");
    assert.equal(await statusOf(demo.rene), "Problème de certificat");
    assert.equal(await statusOf(demo.paul), "Aucun certificat publié");
    assert.match(await recipient(demo.rene).locator(".findings").innerText(), /Le certificat a expiré le/);
    assert.equal(await page.locator("html").getAttribute("lang"), "fr");
    assert.equal(await page.locator("#refresh").innerText(), "Actualiser");
  });

  test("keyboard only: Tab reaches Refresh and Enter refreshes", async () => {
    await openPane({ recipients: to(demo.ada) });
    assert.equal(await statusOf(demo.ada), "Can receive encrypted mail");
    let focused = "";
    for (let presses = 0; presses < 15 && focused !== "refresh"; presses++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => document.activeElement?.id ?? "");
    }
    assert.equal(focused, "refresh", "Tab never reached the Refresh button");
    // The page getting focus schedules a look of its own (debounced 300 ms): let it pass, so only Enter can refresh.
    await page.waitForTimeout(800);
    // Outlook missed the change (RecipientsChanged is unreliable on the web): the user refreshes by keyboard.
    await page.evaluate((lists) => window.__setRecipients(lists), to(demo.ada, demo.nina));
    await page.keyboard.press("Enter");

    assert.equal(await statusOf(demo.nina), "No certificate published");
  });

  test("a certificate dropped on the request panel turns the recipient requestPending", async (t) => {
    const certificate = process.env.PANE_CERTIFICATE;
    if (!certificate) return t.skip("PANE_CERTIFICATE (a .cer for paul.nobody@northwind.example) is not set");
    await openPane({ recipients: { ...to(demo.ada, demo.cravate, demo.rene, demo.paul), cc: [{ emailAddress: demo.jean, displayName: "Jean" }] } });
    assert.equal(await statusOf(demo.paul), "No certificate published");

    await recipient(demo.paul).getByRole("button", { name: "Request encryption contact" }).click();
    const panel = page.locator("form.request");
    await panel.waitFor({ timeout });
    const dataTransfer = await page.evaluateHandle(({ bytes, name }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type: "application/pkix-cert" }));
      return transfer;
    }, { bytes: [...readFileSync(certificate)], name: path.basename(certificate) });
    await panel.locator(".drop").dispatchEvent("drop", { dataTransfer });

    // The inspect verdict for the address comes before anything is sent.
    await panel.locator(".verdict").waitFor({ timeout });
    assert.match(await panel.locator(".verdict").innerText(), /paul\.nobody@northwind\.example/);
    await panel.getByRole("button", { name: "Send request" }).click();

    await page.locator(".request-area [role=status]").waitFor({ timeout });
    assert.match(await page.locator(".request-area").innerText(), /Request sent for paul\.nobody@northwind\.example/);
    await page.waitForFunction((address) => [...document.querySelectorAll("li.recipient")]
      .some((li) => li.querySelector(".address")?.textContent === address && li.classList.contains("tone-pending")), demo.paul, { timeout });
    assert.equal(await statusOf(demo.paul), "Request awaiting approval");

    if (process.env.PANE_SCREENSHOT) await page.screenshot({ path: process.env.PANE_SCREENSHOT, fullPage: true });
  });
});
