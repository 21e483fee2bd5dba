// What every browser script here shares: the API's base URL, Debian's Chromium launched headless, Office.js answered by
// office-stub.js, nothing let out of loopback, local sign-in in the pane, and local tokens for calls straight to the API.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));

export const baseUrl = process.env.PANE_URL;
if (!baseUrl) throw new Error("PANE_URL (the API's base URL, e.g. http://127.0.0.1:5000) is not set");
export const officeJs = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const stub = readFileSync(path.join(here, "office-stub.js"), "utf8");

/** Chromium as the tests drive it; launch() gives it a new empty --user-data-dir of its own (removed on close). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

/** office.js, as the stand-in with these settings (displayLanguage, recipients, read, mailboxVersion, naa). */
export function fulfilOffice(route, settings) {
  return route.fulfill({ status: 200, contentType: "text/javascript", body: `window.__officeSettings = ${JSON.stringify(settings)};\n${stub}` });
}

/** Lets a request to loopback (or data:/blob:) through; anything else is recorded in outside and refused. */
export function loopbackOnly(route, url, outside) {
  const { hostname, protocol } = new URL(url);
  if ((protocol === "http:" || protocol === "https:") && (hostname === "127.0.0.1" || hostname === "localhost")) return route.continue();
  if (protocol === "data:" || protocol === "blob:") return route.continue();
  outside?.push(url);
  return route.abort("blockedbyclient");
}

/** The pane's local sign-in form, filled in as the given user. */
export async function signInLocally(page, user, timeout) {
  await page.waitForSelector("#signin-user", { timeout });
  await page.selectOption("#signin-user", user);
  await page.click("form.signin button[type=submit]");
}

/** A local access token for a demo user, for calls straight to the API as a script would make them. */
export async function localToken(user) {
  const response = await fetch(`${baseUrl}/auth/local/token`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ user }),
  });
  if (!response.ok) throw new Error(`local token for ${user}: HTTP ${response.status}`);
  return (await response.json()).accessToken;
}
