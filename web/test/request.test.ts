import { describe, expect, it } from "vitest";
import type { InspectedCertificate } from "../src/api";
import { createTranslator } from "../src/i18n";
import { pickCertificate, renderMyRequests, renderVerdict, requestStateText } from "../src/render";

const en = createTranslator("en");
const fr = createTranslator("fr");
const hostile = "<img src=x onerror=alert(1)>";

function certificate(extra: Partial<InspectedCertificate>): InspectedCertificate {
  return { subject: "CN=Alice", issuer: "CN=CA", notBefore: "2026-01-01T00:00:00Z", notAfter: "2027-01-01T00:00:00Z", emailAddresses: [], signedTheFile: false, usable: true, findings: [], ...extra };
}

describe("request", () => {
  it("picks the signer naming the address, then any certificate naming it", () => {
    const ca = certificate({ subject: "CN=CA" });
    const other = certificate({ subject: "CN=Other", emailAddresses: ["alice@example.org"] });
    const signer = certificate({ subject: "CN=Signer", emailAddresses: ["Alice@example.org"], signedTheFile: true });

    expect(pickCertificate([ca, other, signer], "alice@example.org")).toBe(signer);
    expect(pickCertificate([ca, other], "alice@example.org")).toBe(other);
    expect(pickCertificate([ca], "alice@example.org")).toBe(ca);
  });

  it("shows the verdict's subject and findings as text", () => {
    const verdict = renderVerdict(en, certificate({
      subject: hostile, usable: false, findings: [{ code: "Expired", severity: "error", message: hostile }],
    }), "alice@example.org");

    expect(verdict.querySelector("img")).toBeNull();
    expect(verdict.textContent).toContain("This certificate cannot be used to encrypt to alice@example.org.");
    expect(verdict.querySelector(".finding")!.textContent).toBe(hostile);
  });

  it("lists my requests with their state in the pane's language and names as text", () => {
    const list = renderMyRequests(fr, [{
      id: "1", emailAddress: "a@x.example", displayName: hostile, contactName: "A_SMIME", status: "Rejected",
      requestedAt: "2026-11-01T10:00:00Z", rejectionReason: hostile,
    }]);

    expect(list.querySelector("img")).toBeNull();
    expect(list.querySelector(".name")!.textContent).toBe(hostile);
    expect(list.textContent).toContain("Refusée");
    expect(requestStateText(en, "Provisioned")).toBe("Published");
    expect(requestStateText(en, "SomethingNew")).toBe("SomethingNew");
  });
});

describe("verdict for an issuer not trusted yet", () => {
  it("says the request can still be sent when the issuer is the only error", () => {
    const issuerOnly = certificate({ usable: false, findings: [{ code: "IssuerNotTrusted", severity: "error", message: "untrusted" }] });
    const expired = certificate({ usable: false, findings: [
      { code: "IssuerNotTrusted", severity: "error", message: "untrusted" }, { code: "Expired", severity: "error", message: "expired" }] });

    expect(renderVerdict(en, issuerOnly, "a@x.example").textContent).toContain("you can still send the request");
    expect(renderVerdict(fr, issuerOnly, "a@x.example").textContent).toContain("vous pouvez tout de même envoyer la demande");
    expect(renderVerdict(en, expired, "a@x.example").textContent).not.toContain("you can still send the request");
  });
});
