import { describe, expect, it } from "vitest";
import type { RecipientReadiness } from "../src/api";
import { createTranslator } from "../src/i18n";
import { entryToPick, expiryText, renderRecipient, renderResults, statusLook, summaryText, type Asked } from "../src/render";

const en = createTranslator("en");
const fr = createTranslator("fr");

function result(emailAddress: string, status: string, extra: Partial<RecipientReadiness> = {}): RecipientReadiness {
  return { emailAddress, status, findings: [], hint: "", ...extra };
}

describe("render", () => {
  it("shows a hostile display name, finding and hint as text, never as HTML", () => {
    const hostile = "<img src=x onerror=alert(1)>";
    const item = renderRecipient(en, { field: "to", emailAddress: "x@example.org", displayName: hostile },
      result("x@example.org", "problem", {
        findings: [{ code: "Expired", severity: "error", message: hostile }],
        hint: hostile,
        galEntry: { name: hostile, displayName: hostile, kind: "mailContact", primarySmtpAddress: "y@example.org" },
      }));

    expect(item.querySelector("img")).toBeNull();
    expect(item.querySelector(".name")!.textContent).toBe(hostile);
    expect(item.querySelector(".finding")!.textContent).toBe(hostile);
    expect(item.querySelector(".hint")!.textContent).toBe(hostile);
    expect(item.innerHTML).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it.each([
    ["ready", "Can receive encrypted mail", "tone-ready"],
    ["notPublished", "No certificate published", "tone-missing"],
    ["problem", "Certificate problem", "tone-problem"],
    ["requestPending", "Request awaiting approval", "tone-pending"],
    ["somethingNew", "Unknown status", "tone-unknown"],
  ])("status %s is said in words, not only by colour", (status, words, tone) => {
    const item = renderRecipient(en, { field: "to", emailAddress: "a@b.example", displayName: "" }, result("a@b.example", status));
    expect(item.querySelector(".status")!.textContent).toContain(words);
    expect(item.classList).toContain(tone);
    expect(item.querySelector(".icon")!.getAttribute("aria-hidden")).toBe("true");
    expect(statusLook(status).key).toBeTruthy();
  });

  it("says the status in French", () => {
    const item = renderRecipient(fr, { field: "to", emailAddress: "a@b.example", displayName: "" }, result("a@b.example", "notPublished"));
    expect(item.querySelector(".status")!.textContent).toContain("Aucun certificat publié");
  });

  it("groups recipients by To, Cc and Bcc under a summary of distinct addresses", () => {
    const asked: Asked[] = [
      { field: "bcc", emailAddress: "c@x.example", displayName: "C" },
      { field: "to", emailAddress: "A@x.example", displayName: "A" },
      { field: "cc", emailAddress: "b@x.example", displayName: "B" },
    ];
    const section = renderResults(en, asked, [result("a@x.example", "ready"), result("b@x.example", "notPublished"), result("c@x.example", "ready")]);

    expect(section.querySelector(".summary")!.textContent).toBe("2 of 3 recipients can receive encrypted mail.");
    expect([...section.querySelectorAll("h2")].map((e) => e.textContent)).toEqual(["To", "Cc", "Bcc"]);
    expect(section.querySelectorAll(".recipient")).toHaveLength(3);
  });

  it("summarises a single recipient in a sentence of its own", () => {
    expect(summaryText(en, [result("a@x.example", "ready")])).toBe("The recipient can receive encrypted mail.");
    expect(summaryText(fr, [result("a@x.example", "problem")])).toBe("Le destinataire ne peut pas encore recevoir de message chiffré.");
    expect(summaryText(en, [result("a@x.example", "notPublished")], true)).toBe("The sender cannot receive encrypted mail yet.");
    expect(summaryText(fr, [result("a@x.example", "ready")], true)).toBe("L’expéditeur peut recevoir un message chiffré : une réponse peut être chiffrée.");
  });

  it("names the directory entry to pick only when it differs from what was typed", () => {
    const contact = { name: "CravateRouge_SMIME", displayName: "Cravate Rouge", kind: "mailContact", primarySmtpAddress: "cravate.rouge@fabrikam.example" };
    const typed: Asked = { field: "to", emailAddress: "cravate.rouge@fabrikam.example", displayName: "cravate.rouge@fabrikam.example" };
    expect(entryToPick(typed, result(typed.emailAddress, "ready", { galEntry: contact }))).toBe("Cravate Rouge (CravateRouge_SMIME)");
    expect(entryToPick({ ...typed, displayName: "Cravate Rouge" }, result(typed.emailAddress, "ready", { galEntry: contact }))).toBeUndefined();

    const mailbox = { name: "ada.admin", displayName: "Ada Admin", kind: "mailbox", primarySmtpAddress: "ada.admin@contoso.example" };
    expect(entryToPick({ field: "to", emailAddress: "ada.admin@contoso.example", displayName: "" }, result("ada.admin@contoso.example", "ready", { galEntry: mailbox }))).toBeUndefined();
    const marc = { name: "marc.dupont", displayName: "Marc Dupont", kind: "mailbox", primarySmtpAddress: "marc.dupont@contoso.example" };
    expect(entryToPick({ field: "to", emailAddress: "m.dupont@contoso.example", displayName: "" }, result("m.dupont@contoso.example", "ready", { galEntry: marc }))).toBe("Marc Dupont (marc.dupont)");
  });

  it("leaves the expiry to the API's ExpiresSoon finding when there is one, which says what to do", () => {
    const certificate = { thumbprint: "AB", subject: "s", issuer: "i", notAfter: "2026-12-10T00:00:00Z", daysLeft: 10 };
    const finding = { code: "ExpiresSoon", severity: "warning" as const, message: "The certificate expires on 2026-12-10, in 10 days: ask them for a newer signed message." };
    expect(expiryText(en, result("a@x.example", "ready", { certificate, findings: [finding] }))).toBeUndefined();
  });

  it("shows the expiry only when it is near", () => {
    const certificate = (daysLeft: number) => ({ thumbprint: "AB", subject: "s", issuer: "i", notAfter: "2026-12-10T00:00:00Z", daysLeft });
    expect(expiryText(en, result("a@x.example", "ready", { certificate: certificate(200) }))).toBeUndefined();
    expect(expiryText(en, result("a@x.example", "ready", { certificate: certificate(10) }))).toMatch(/^Certificate expires in 10 days \(/);
    expect(expiryText(fr, result("a@x.example", "ready", { certificate: certificate(1) }))).toMatch(/^Le certificat expire dans 1 jour \(/);
  });
});
