// Times how soon the pane shows its first statuses on loopback, for the benchmark (tests/SmimeAddin.Benchmarks):
// opening taskpane.html in Outlook (Office.js stand-in) with seven recipients, then local sign-in, then the first
// status on screen. PANE_URL is the running API's base URL. Prints one line.
import { baseUrl, fulfilOffice, launchChromium, loopbackOnly } from "./harness.mjs";

const runs = Number(process.env.PANE_RUNS ?? 7);
const recipients = {
  to: ["ada.admin@contoso.example", "rene.requester@contoso.example", "nina.reader@contoso.example", "m.dupont@contoso.example",
    "cravate.rouge@fabrikam.example", "jean.untrusted@tailspin.example", "paul.nobody@northwind.example"]
    .map((emailAddress) => ({ emailAddress, displayName: "" })),
};

const browser = await launchChromium();
const open = [];
const statuses = [];
try {
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 320, height: 570 } });
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("https://appsforoffice.microsoft.com/")) return fulfilOffice(route, { recipients });
      return loopbackOnly(route, url);
    });
    const page = await context.newPage();
    const opened = performance.now();
    await page.goto(`${baseUrl}/taskpane.html`);
    await page.waitForSelector("#signin-user");
    open.push(performance.now() - opened);
    await page.selectOption("#signin-user", "rene.requester@contoso.example");
    const signedIn = performance.now();
    await page.click("form.signin button[type=submit]");
    await page.waitForSelector("li.recipient .status");
    statuses.push(performance.now() - signedIn);
    await context.close();
  }
} finally {
  await browser.close();
}
const median = (values) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${Math.round(value)} ms`;
console.log(`open to sign-in form ${ms(median(open))}, sign-in to first statuses ${ms(median(statuses))}; first opening, cold, in all ${ms(open[0] + statuses[0])}`);
