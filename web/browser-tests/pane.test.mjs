// Browser tests: the built pane in Debian's headless Chromium against the real API (embedded default, demo
// organisation), with Office.js answered by office-stub.js. PANE_URL is the API's loopback base URL; the xunit test
// tests/Pane/PaneBrowserTests.cs starts the API and runs this file. Nothing may leave loopback.
import { after, before, beforeEach, afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { baseUrl, fulfilOffice, launchChromium, localToken, loopbackOnly, officeJs, signInLocally } from "./harness.mjs";

const timeout = 10_000;
const graphOrigin = "https://graph.microsoft.com";

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
  await context?.close();
  context = undefined;
  assert.deepEqual(outside, [], "the pane tried to reach the internet");
  assert.deepEqual(pageErrors, [], "the page threw");
});

/** Opens the pane as Outlook would, with the given recipients already on the message, and signs in locally. */
async function openPane({ recipients, read, mailboxVersion, naa, config, graph, displayLanguage = "en-US", user = demo.rene } = {}) {
  context = await browser.newContext({ viewport: { width: 320, height: 570 }, locale: displayLanguage });
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url === officeJs) return fulfilOffice(route, { displayLanguage, recipients, read, mailboxVersion, naa });
    // Entra sign-in as the API would announce it in a tenant (the API itself still takes the local tokens NAA hands out).
    if (config && new URL(url).pathname === "/addin/config.json") return route.fulfill({ json: config });
    // Microsoft Graph, answered by the test's own HTTP stand-in of Graph's routes.
    if (graph && url.startsWith(graphOrigin)) return route.fulfill({ response: await route.fetch({ url: graph.url + url.slice(graphOrigin.length) }) });
    return loopbackOnly(route, url, outside);
  });
  page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  await page.goto(`${baseUrl}/taskpane.html`);
  if (config?.authMode === "entra") return page; // the token comes from Outlook, silently: no form
  await signInLocally(page, user, timeout);
  return page;
}

/** The recipient's list item, found by address. */
function recipient(address) {
  return page.locator("li.recipient", { has: page.locator(".address", { hasText: address }) });
}

async function statusOf(address) {
  const item = recipient(address);
  await item.waitFor({ timeout });
  return (await item.locator(":scope > .status").innerText()).replace(/^\S+\s+/, "").trim();
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

    // With local sign-in there is no Microsoft account whose mail could be searched: the panel says so.
    assert.match(await panel.innerText(), /Finding a certificate in your mail needs sign-in with Microsoft Entra ID/);
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

/** A received message as the read-mode stand-in gives it: sender, subject, ids and the base64 EML getAsFileAsync answers. */
function received(variable, { name, address, subject, id }) {
  const path = process.env[variable];
  return path && {
    from: { emailAddress: address, displayName: name },
    subject,
    itemId: `AAMkAD${id}/item+id=`,
    internetMessageId: `<${id}@northwind.example>`,
    dateTimeCreated: "2026-12-01T08:30:00Z",
    eml: readFileSync(path).toString("base64"),
  };
}

/** The demo approver's calls, with a local token, straight to the API as an admin's script would make them. */
async function asApprover() {
  return asUser(demo.ada);
}

/** A demo user's calls, with a local token, straight to the API: `get`, `post` (JSON) and `upload` (a multipart form). */
async function asUser(user) {
  const call = async (path, init = {}) => {
    const response = await fetch(`${baseUrl}${path}`, init);
    assert.ok(response.ok, `${init.method ?? "GET"} ${path}: HTTP ${response.status} ${await response.clone().text()}`);
    return response.json();
  };
  const json = (body) => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const accessToken = await localToken(user);
  const auth = (init = {}) => ({ ...init, headers: { ...init.headers, Authorization: `Bearer ${accessToken}` } });
  const upload = (path, fields) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    return call(path, auth({ method: "POST", body: form }));
  };
  return { get: (path) => call(path, auth()), post: (path, body) => call(path, auth(json(body))), upload };
}

/** Waits for a condition the API reaches in the background (provisioning), looking again every 100 ms up to the timeout. */
async function until(condition) {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the condition");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const partners = {
  lea: { name: "Léa Martin", address: "lea.martin@northwind.example", subject: "Our signed offer", id: "lea" },
  chloe: { name: "Chloé Durand", address: "chloe.durand@northwind.example", subject: "Notre offre signée", id: "chloe" },
  noah: { name: "Noah Graph", address: "noah.graph@northwind.example", subject: "Signed, through Graph", id: "noah" },
  hugo: { name: "Hugo Plain", address: "hugo.plain@northwind.example", subject: "Not signed", id: "hugo" },
  nina: { name: "Nina Reader", address: demo.nina, subject: "Internal", id: "nina" },
  rita: { name: "Rita Renew", address: "rita.renew@northwind.example", subject: "My new certificate", id: "rita" },
};

/** Waits until the address's status has the tone of the given readiness status (the list refreshes on its own). */
async function toneOf(address, tone) {
  await page.waitForFunction(([wanted, expected]) => [...document.querySelectorAll("li.recipient")]
    .some((li) => li.querySelector(".address")?.textContent === wanted && li.classList.contains(`tone-${expected}`)), [address, tone], { timeout });
}

describe("the pane on a received message (read mode, getAsFileAsync) against the real API", () => {
  test("a signed message from a new partner: the signer's verdict, then one click files the request and the status turns requestPending", async (t) => {
    const read = received("PANE_SIGNED_MESSAGE_EN", partners.lea);
    if (!read) return t.skip("PANE_SIGNED_MESSAGE_EN is not set");
    await openPane({ read, mailboxVersion: "1.14" });

    assert.equal(await statusOf(partners.lea.address), "No certificate published");
    assert.equal(await page.locator("#group-from").innerText(), "From");
    const signature = recipient(partners.lea.address).locator(".signature");
    await signature.waitFor({ timeout });
    const verdict = await signature.innerText();
    assert.match(verdict, /This certificate cannot be used to encrypt to lea\.martin@northwind\.example/);
    assert.match(verdict, /Issued by .*Northwind Partners Intermediate CA.*, valid from/);
    assert.match(verdict, /The certificate's issuer \(.*\) is not in the organisation's trusted issuers/);
    assert.match(verdict, /an approver can add the issuer/);
    assert.equal(await page.locator("#summary").innerText(), "The sender cannot receive encrypted mail yet.");
    if (process.env.PANE_READ_SCREENSHOT) await page.screenshot({ path: process.env.PANE_READ_SCREENSHOT, fullPage: true });

    await recipient(partners.lea.address).getByRole("button", { name: "Request encryption contact" }).click();

    await page.locator(".request-area [role=status]").waitFor({ timeout });
    assert.match(await page.locator(".request-area").innerText(), /Request sent for lea\.martin@northwind\.example/);
    await toneOf(partners.lea.address, "pending");
    assert.equal(await statusOf(partners.lea.address), "Request awaiting approval");
    assert.equal(await recipient(partners.lea.address).getByRole("button").count(), 0);

    // The approver sees where the certificate came from, approves trusting the CAs the message brought, and the
    // partner is ready: the reply can be encrypted.
    const approver = await asApprover();
    const [filed] = (await approver.get("/api/admin/contact-requests?status=Pending")).requests
      .filter((r) => r.emailAddress === partners.lea.address);
    const view = await approver.get(`/api/admin/contact-requests/${filed.id}`);
    assert.deepEqual(view.source, { messageId: read.internetMessageId, subject: partners.lea.subject, receivedAt: "2026-12-01T08:30:00+00:00" });
    await approver.post(`/api/admin/contact-requests/${filed.id}/approve`, { trustIssuers: view.authorities.map((a) => a.thumbprint) });
    await until(async () => (await approver.get(`/api/admin/contact-requests/${filed.id}`)).status === "Provisioned");
    await page.click("#refresh");
    await toneOf(partners.lea.address, "ready");
    assert.equal(await statusOf(partners.lea.address), "Can receive encrypted mail");
  });

  test("in French: the verdict and its findings in French, and the click files the request", async (t) => {
    const read = received("PANE_SIGNED_MESSAGE_FR", partners.chloe);
    if (!read) return t.skip("PANE_SIGNED_MESSAGE_FR is not set");
    await openPane({ read, mailboxVersion: "1.14", displayLanguage: "fr-FR" });

    assert.equal(await statusOf(partners.chloe.address), "Aucun certificat publié");
    assert.equal(await page.locator("#group-from").innerText(), "De");
    const signature = recipient(partners.chloe.address).locator(".signature");
    await signature.waitFor({ timeout });
    const verdict = await signature.innerText();
    assert.match(verdict, /La signature du message/);
    assert.match(verdict, /Ce certificat ne permet pas de chiffrer pour chloe\.durand@northwind\.example/);
    assert.match(verdict, /Émis par .*Partenaires Sud Intermediate CA.*, valide du/);
    assert.match(verdict, /L'émetteur du certificat \(.*\) ne figure pas parmi les émetteurs de confiance/);

    await recipient(partners.chloe.address).getByRole("button", { name: "Demander un contact de chiffrement" }).click();

    await toneOf(partners.chloe.address, "pending");
    assert.equal(await statusOf(partners.chloe.address), "Demande en attente d’approbation");
    assert.match(await page.locator(".request-area").innerText(), /Demande envoyée pour chloe\.durand@northwind\.example/);
  });

  test("a newer certificate from a ready partner offers Renew, and the click files the renewal an approver then sees", async (t) => {
    const read = received("PANE_RENEWAL_MESSAGE", partners.rita);
    const currentFile = process.env.PANE_RENEWAL_CURRENT;
    if (!read || !currentFile) return t.skip("PANE_RENEWAL_MESSAGE is not set");
    // Rita's contact, made from her current certificate: René asks, Ada approves trusting its CAs, the app provisions.
    const requester = await asUser(demo.rene);
    const approver = await asApprover();
    const current = await requester.upload("/api/contact-requests", {
      emailAddress: partners.rita.address, displayName: partners.rita.name,
      file: new Blob([readFileSync(currentFile)]),
    });
    const first = await approver.get(`/api/admin/contact-requests/${current.id}`);
    await approver.post(`/api/admin/contact-requests/${current.id}/approve`, { trustIssuers: first.authorities.map((a) => a.thumbprint) });
    await until(async () => (await approver.get(`/api/admin/contact-requests/${current.id}`)).status === "Provisioned");

    await openPane({ read, mailboxVersion: "1.14" });
    await toneOf(partners.rita.address, "ready");
    const renew = recipient(partners.rita.address).getByRole("button", { name: "Renew encryption contact" });
    await renew.waitFor({ timeout });
    assert.match(await recipient(partners.rita.address).innerText(), /This message carries a newer certificate, valid until/);
    await renew.click();

    // The contact still works until the approver decides, so Rita stays ready; the request is on its way.
    await page.locator(".request-area [role=status]").waitFor({ timeout });
    assert.match(await page.locator(".request-area").innerText(), /Request sent for rita\.renew@northwind\.example/);
    const [renewal] = (await approver.get("/api/admin/contact-requests?status=Pending")).requests
      .filter((r) => r.emailAddress === partners.rita.address);
    assert.equal((await approver.get(`/api/admin/contact-requests/${renewal.id}`)).renewal, true);
  });

  test("a message that is not signed says it brings no certificate and offers only the file drop", async (t) => {
    const read = received("PANE_UNSIGNED_MESSAGE", partners.hugo);
    if (!read) return t.skip("PANE_UNSIGNED_MESSAGE is not set");
    await openPane({ read, mailboxVersion: "1.14" });

    assert.equal(await statusOf(partners.hugo.address), "No certificate published");
    await recipient(partners.hugo.address).locator(".message-info").waitFor({ timeout });
    assert.match(await recipient(partners.hugo.address).innerText(), /This message is not signed, so it brings no certificate/);
    assert.equal(await recipient(partners.hugo.address).locator(".signature").count(), 0);

    await recipient(partners.hugo.address).getByRole("button", { name: "Request encryption contact" }).click();
    await page.locator("form.request .drop").waitFor({ timeout });
  });

  test("an internal sender gets a status and no request button, even without a certificate", async (t) => {
    const read = received("PANE_UNSIGNED_MESSAGE", partners.nina);
    if (!read) return t.skip("PANE_UNSIGNED_MESSAGE is not set");
    await openPane({ read, mailboxVersion: "1.14" });

    assert.equal(await statusOf(demo.nina), "No certificate published");
    await recipient(demo.nina).locator(".message-info").waitFor({ timeout });
    assert.equal(await recipient(demo.nina).getByRole("button").count(), 0);
  });

  test("a user without the request role sees why instead of the button", async (t) => {
    const read = received("PANE_UNSIGNED_MESSAGE", partners.hugo);
    if (!read) return t.skip("PANE_UNSIGNED_MESSAGE is not set");
    await openPane({ read, mailboxVersion: "1.14", user: demo.nina });

    await recipient(partners.hugo.address).locator(".note").waitFor({ timeout });
    assert.match(await recipient(partners.hugo.address).innerText(), /your account lacks the request role/);
    assert.equal(await recipient(partners.hugo.address).getByRole("button").count(), 0);
  });

  test("a pinned pane follows the selected message (ItemChanged)", async (t) => {
    const first = received("PANE_UNSIGNED_MESSAGE", partners.hugo);
    if (!first) return t.skip("PANE_UNSIGNED_MESSAGE is not set");
    await openPane({ read: first, mailboxVersion: "1.14" });
    assert.equal(await statusOf(partners.hugo.address), "No certificate published");
    await page.waitForFunction(() => window.__itemChangedHandlers() > 0, null, { timeout });

    await page.evaluate((next) => window.__selectMessage(next), received("PANE_UNSIGNED_MESSAGE", partners.nina));

    assert.equal(await statusOf(demo.nina), "No certificate published");
    assert.equal(await recipient(partners.hugo.address).count(), 0);
  });

  test("where Outlook cannot give the message (below Mailbox 1.14, local sign-in) the pane says how to save and drop it", async (t) => {
    const read = received("PANE_SIGNED_MESSAGE_EN", partners.lea);
    if (!read) return t.skip("PANE_SIGNED_MESSAGE_EN is not set");
    await openPane({ read: { ...read, from: { emailAddress: demo.paul, displayName: "Paul Nobody" } }, mailboxVersion: "1.13" });

    await recipient(demo.paul).locator(".message-info").waitFor({ timeout });
    assert.match(await recipient(demo.paul).innerText(), /save the message as a file .* drop the \.eml file/);
  });
});

/** A stand-in of Microsoft Graph on loopback serving exactly GET /v1.0/me/messages/{id}/$value for the messages given
 * by REST id, and GET /v1.0/me/messages with the pane's search over the mailbox given (and their CORS preflight, as
 * Graph answers browsers), for the one token; every other route is 404, another method 405, another query 400. It
 * records what it was asked. */
async function graphStandIn(messages, token, mailbox = []) {
  const asked = [];
  const server = http.createServer((request, response) => {
    const cors = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "Authorization", "Access-Control-Allow-Methods": "GET" };
    const url = new URL(request.url ?? "/", "http://graph");
    const route = /^\/v1\.0\/me\/messages\/([^/?]+)\/\$value$/.exec(url.pathname);
    const list = url.pathname === "/v1.0/me/messages";
    if (request.method !== "OPTIONS") asked.push({ method: request.method, url: request.url, authorization: request.headers.authorization });
    if (!route && !list) return response.writeHead(404, { ...cors, "Content-Type": "application/json" }).end('{"error":{"code":"ResourceNotFound"}}');
    if (request.method === "OPTIONS") return response.writeHead(204, cors).end();
    if (request.method !== "GET") return response.writeHead(405, { ...cors, Allow: "GET" }).end();
    if (request.headers.authorization !== `Bearer ${token}`) return response.writeHead(401, cors).end();
    if (list) {
      const found = searchMailbox(mailbox, url.searchParams);
      if (!found) return response.writeHead(400, { ...cors, "Content-Type": "application/json" }).end('{"error":{"code":"BadRequest"}}');
      return response.writeHead(200, { ...cors, "Content-Type": "application/json" }).end(JSON.stringify({ value: found }));
    }
    const eml = messages[decodeURIComponent(route[1])];
    if (!eml) return response.writeHead(404, { ...cors, "Content-Type": "application/json" }).end('{"error":{"code":"ErrorItemNotFound"}}');
    response.writeHead(200, { ...cors, "Content-Type": "message/rfc822" }).end(eml);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, asked, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Graph's message search as the pane uses it, and nothing else: the filter on received date, sender and
 * PR_MESSAGE_CLASS (String 0x001A), newest first, $top and $select; any other query is a 400, as Graph answers. */
function searchMailbox(mailbox, query) {
  const names = [...query.keys()].sort().join(",");
  if (names !== "$filter,$orderby,$select,$top" || query.get("$orderby") !== "receivedDateTime desc") return undefined;
  const filter = /^receivedDateTime ge (\S+) and from\/emailAddress\/address eq '((?:[^']|'')*)' and singleValueExtendedProperties\/any\(ep: ep\/id eq 'String 0x001A' and \((ep\/value eq '[^']+'(?: or ep\/value eq '[^']+')*)\)\)$/
    .exec(query.get("$filter") ?? "");
  if (!filter) return undefined;
  const [, since, quoted, clauses] = filter;
  const address = quoted.replace(/''/g, "'").toLowerCase();
  const classes = [...clauses.matchAll(/ep\/value eq '([^']+)'/g)].map((m) => m[1]);
  const fields = query.get("$select").split(",");
  return mailbox
    .filter((m) => m.receivedDateTime >= since && m.from.toLowerCase() === address && classes.includes(m.messageClass))
    .sort((a, b) => b.receivedDateTime.localeCompare(a.receivedDateTime))
    .slice(0, Number(query.get("$top")))
    .map((m) => Object.fromEntries(fields.map((field) => [field, m[field]])));
}

describe("the pane on a received message through Microsoft Graph (Entra sign-in, no Mailbox 1.14)", () => {
  const graphToken = "graph-token-for-mail-read";

  test("the stand-in of Graph serves only the $value route and the signed-message search", async () => {
    const graph = await graphStandIn({ "AAMk-1": "MIME-Version: 1.0\r\n\r\n" }, graphToken);
    try {
      const get = (path, init) => fetch(graph.url + path, { ...init, headers: { Authorization: `Bearer ${graphToken}` } });
      assert.equal((await get("/v1.0/me/messages/AAMk-1/$value")).status, 200);
      assert.equal((await get("/v1.0/me/messages/AAMk-1")).status, 404);
      assert.equal((await get("/v1.0/me/messages?$search=x")).status, 400);
      assert.equal((await get("/v1.0/me/mailFolders/inbox/messages")).status, 404);
      assert.equal((await get("/v1.0/users/someone@contoso.example/messages/AAMk-1/$value")).status, 404);
      assert.equal((await get("/v1.0/me/messages/AAMk-1/$value", { method: "DELETE" })).status, 405);
      assert.equal((await get("/v1.0/me/messages/unknown/$value")).status, 404);
    } finally {
      await graph.close();
    }
  });

  test("the pane fetches the open message's MIME with the converted id and a delegated Mail.Read token, judges it, and files the request", async (t) => {
    const read = received("PANE_SIGNED_MESSAGE_GRAPH", partners.noah);
    if (!read) return t.skip("PANE_SIGNED_MESSAGE_GRAPH is not set");
    const token = { accessToken: await localToken(demo.rene) };
    const apiScope = "api://smime.contoso.example/0d3b1a3e-58e6-4c1b-9a1f-3c2b6d5e4f70/access_as_user";
    // convertToRestId in the stand-in turns the EWS id's "/" and "+" into the REST id's "-" and "_".
    const restId = read.itemId.replace(/\//g, "-").replace(/\+/g, "_");
    const graph = await graphStandIn({ [restId]: Buffer.from(read.eml, "base64") }, graphToken);
    try {
      await openPane({
        read: { ...read, eml: undefined }, mailboxVersion: "1.13", graph,
        config: { authMode: "entra", clientId: "0d3b1a3e-58e6-4c1b-9a1f-3c2b6d5e4f70", apiScope },
        naa: { tokens: { [apiScope]: token.accessToken, "https://graph.microsoft.com/Mail.Read": graphToken } },
      });

      const signature = recipient(partners.noah.address).locator(".signature");
      await signature.waitFor({ timeout });
      assert.match(await signature.innerText(), /This certificate cannot be used to encrypt to noah\.graph@northwind\.example/);
      assert.deepEqual(graph.asked, [{ method: "GET", url: `/v1.0/me/messages/${encodeURIComponent(restId)}/$value`, authorization: `Bearer ${graphToken}` }]);

      await recipient(partners.noah.address).getByRole("button", { name: "Request encryption contact" }).click();
      await toneOf(partners.noah.address, "pending");
      assert.equal(await statusOf(partners.noah.address), "Request awaiting approval");
    } finally {
      await graph.close();
    }
  });
});

describe("in compose, the certificate a recipient already sent (Entra sign-in, Graph search on click)", () => {
  const graphToken = "graph-token-for-mail-read";
  const iris = "iris.compose@northwind.example";

  test("nothing is read before the click; then the newest signed message from the address files the request in one more click", async (t) => {
    const eml = process.env.PANE_SIGNED_MESSAGE_IRIS;
    if (!eml) return t.skip("PANE_SIGNED_MESSAGE_IRIS is not set");
    const token = { accessToken: await localToken(demo.rene) };
    const apiScope = "api://smime.contoso.example/0d3b1a3e-58e6-4c1b-9a1f-3c2b6d5e4f70/access_as_user";
    const mailbox = [
      { id: "AAMk-iris-contract", from: iris, messageClass: "IPM.Note.SMIME.MultipartSigned", subject: "Our contract",
        receivedDateTime: "2026-11-20T09:00:00Z", internetMessageId: "<contract@northwind.example>" },
      { id: "AAMk-iris-lunch", from: iris, messageClass: "IPM.Note", subject: "Lunch", receivedDateTime: "2026-11-25T12:00:00Z",
        internetMessageId: "<lunch@northwind.example>" },
      { id: "AAMk-iris-older", from: iris, messageClass: "IPM.Note.SMIME", subject: "Older", receivedDateTime: "2026-10-01T09:00:00Z",
        internetMessageId: "<older@northwind.example>" },
      { id: "AAMk-other", from: "someone@northwind.example", messageClass: "IPM.Note.SMIME.MultipartSigned", subject: "Other",
        receivedDateTime: "2026-11-30T09:00:00Z", internetMessageId: "<other@northwind.example>" },
    ];
    const graph = await graphStandIn({ "AAMk-iris-contract": readFileSync(eml) }, graphToken, mailbox);
    try {
      await openPane({
        recipients: to(iris), graph,
        config: { authMode: "entra", clientId: "0d3b1a3e-58e6-4c1b-9a1f-3c2b6d5e4f70", apiScope },
        naa: { tokens: { [apiScope]: token.accessToken, "https://graph.microsoft.com/Mail.Read": graphToken } },
      });
      assert.equal(await statusOf(iris), "No certificate published");
      await recipient(iris).getByRole("button", { name: "Request encryption contact" }).click();
      const panel = page.locator("form.request");
      await panel.waitFor({ timeout });
      assert.deepEqual(graph.asked, [], "the mailbox was read before the user asked");

      await panel.getByRole("button", { name: "Look in my mail" }).click();
      const use = panel.getByRole("button", { name: /^Use the certificate from Our contract, Nov 20, 2026$/ });
      await use.waitFor({ timeout });
      assert.equal(graph.asked.length, 1);
      assert.match(decodeURIComponent(graph.asked[0].url), /^\/v1\.0\/me\/messages\?\$filter=.*address eq 'iris\.compose@northwind\.example'/);

      await use.click();
      await toneOf(iris, "pending");
      assert.equal(await statusOf(iris), "Request awaiting approval");
      assert.deepEqual(graph.asked.slice(1).map((r) => r.url), ["/v1.0/me/messages/AAMk-iris-contract/$value"]);
      const approver = await asApprover();
      const [filed] = (await approver.get("/api/admin/contact-requests?status=Pending")).requests.filter((r) => r.emailAddress === iris);
      assert.equal((await approver.get(`/api/admin/contact-requests/${filed.id}`)).source.subject, "Our contract");
    } finally {
      await graph.close();
    }
  });
});
