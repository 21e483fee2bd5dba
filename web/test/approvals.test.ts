import { describe, expect, it } from "vitest";
import { createApi } from "../src/api";
import { approvalsApi, approveBody, inFlight, listKey, messageSource, type AdminRequest, type Authority } from "../src/approvals-model";
import { renderConfirmApprove, renderDecision, renderOrigin, renderOutcome, renderSummary } from "../src/approvals-render";
import { createTranslator } from "../src/i18n";

const en = createTranslator("en");
const fr = createTranslator("fr");
const hostile = "<img src=x onerror=alert(1)>";

function authority(thumbprint: string, extra: Partial<Authority> = {}): Authority {
  return {
    thumbprint, subject: `CN=CA ${thumbprint}`, issuer: "CN=Root", notBefore: "2025-01-01T00:00:00Z", notAfter: "2030-01-01T00:00:00Z",
    keyAlgorithm: "RSA", keySize: 2048, selfSigned: false, trusted: false, warnings: [], ...extra,
  };
}

function request(extra: Partial<AdminRequest> = {}): AdminRequest {
  return {
    id: "1f0c2d3e-0000-4000-8000-000000000001", emailAddress: "lena.stork@fabrikam.example", displayName: "Lena Stork",
    contactName: "LenaStork_SMIME", status: "Pending", requestedBy: "rene.requester@contoso.example", requestedAt: "2026-12-07T08:00:00Z",
    certificate: { thumbprint: "AA", subject: "CN=Lena Stork", issuer: "CN=CA BB", notAfter: "2027-12-07T00:00:00Z" },
    findings: [], authorities: [authority("BB"), authority("CC", { selfSigned: true })], directoryEntry: null, wouldReplace: [],
    ...extra,
  };
}

const entry = { name: "Untrusted_SMIME", displayName: "Jean", kind: "MailContact", primarySmtpAddress: "jean@tailspin.example" };
const old = { thumbprint: "DD", subject: "CN=Old", issuer: "CN=Old CA", notAfter: "2026-12-20T00:00:00Z" };
const choices = (extra: Partial<Parameters<typeof approveBody>[1]> = {}) => ({ ticked: [], replaceConfirmed: false, contactName: "", ...extra });

describe("the approve body", () => {
  it("trusts only the CAs the approver ticked", () => {
    expect(approveBody(request(), choices({ ticked: ["BB"] }))).toEqual({ body: { trustIssuers: ["BB"] } });
  });

  it("trusts nothing when nothing is ticked", () => {
    expect(approveBody(request(), choices())).toEqual({ body: { trustIssuers: [] } });
  });

  it("never names a CA the request did not bring, nor one already trusted, nor one twice", () => {
    const trusted = request({ authorities: [authority("BB", { trusted: true }), authority("CC")] });

    expect(approveBody(trusted, choices({ ticked: ["BB", "CC", "CC", "ZZ"] }))).toEqual({ body: { trustIssuers: ["CC"] } });
  });

  it("asks for the confirmation before replacing an entry's certificates", () => {
    expect(approveBody(request({ directoryEntry: entry, wouldReplace: [old] }), choices())).toEqual({ missing: "replaceConfirmation" });
  });

  it("sends replaceExisting once the replacement is confirmed", () => {
    expect(approveBody(request({ directoryEntry: entry, wouldReplace: [old] }), choices({ replaceConfirmed: true })))
      .toEqual({ body: { trustIssuers: [], replaceExisting: true } });
  });

  it("replaces without a confirmation box on a renewal", () => {
    expect(approveBody(request({ directoryEntry: entry, wouldReplace: [old], renewal: true }), choices()))
      .toEqual({ body: { trustIssuers: [], replaceExisting: true } });
  });

  it("sends a contact name only for a new contact and only when it differs from the proposed one", () => {
    expect(approveBody(request(), choices({ contactName: " Lena_SMIME " }))).toEqual({ body: { trustIssuers: [], contactName: "Lena_SMIME" } });
    expect(approveBody(request(), choices({ contactName: "LenaStork_SMIME" }))).toEqual({ body: { trustIssuers: [] } });
    expect(approveBody(request({ directoryEntry: entry }), choices({ contactName: "Other_SMIME" }))).toEqual({ body: { trustIssuers: [] } });
  });
});

describe("the approvals model", () => {
  it("follows a request while it is approved or being published", () => {
    expect(["Pending", "Approved", "Provisioning", "Provisioned", "Rejected", "Failed"].filter(inFlight)).toEqual(["Approved", "Provisioning"]);
  });

  it("names a message as the source only when the request says which", () => {
    expect(messageSource(request())).toBeUndefined();
    expect(messageSource(request({ source: null }))).toBeUndefined();
    expect(messageSource(request({ source: { subject: "Hello" } }))).toEqual({ subject: "Hello" });
  });

  it("keys a listing by what the list shows, not by the view's details", () => {
    expect(listKey(request())).toBe(listKey(request({ findings: [{ code: "Expired", severity: "error", message: "x" }] })));
    expect(listKey(request())).not.toBe(listKey(request({ status: "Approved" })));
  });

  it("calls the admin routes with the request's id and the body", async () => {
    const seen: Request[] = [];
    const api = createApi({
      getToken: async () => "t", language: () => "en", unreachable: () => "",
      fetch: async (input, init) => {
        seen.push(new Request(new URL(String(input), "http://localhost"), init));
        return Response.json({});
      },
    });
    const calls = approvalsApi(api);

    await calls.list("Failed");
    await calls.approve("id-1", { trustIssuers: ["BB"], replaceExisting: true });
    await calls.reject("id-1", "No.");
    await calls.retry("id-1");

    expect(seen.map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`)).toEqual([
      "GET /api/admin/contact-requests?status=Failed&page=1&pageSize=50",
      "POST /api/admin/contact-requests/id-1/approve",
      "POST /api/admin/contact-requests/id-1/reject",
      "POST /api/admin/contact-requests/id-1/retry",
    ]);
    expect(await seen[1]!.json()).toEqual({ trustIssuers: ["BB"], replaceExisting: true });
    expect(await seen[2]!.json()).toEqual({ reason: "No." });
  });
});

describe("the approvals view", () => {
  it("shows names, subjects and the API's sentences as text, never as HTML", () => {
    const hostileRequest = request({
      displayName: hostile, contactName: hostile, requestedBy: hostile,
      findings: [{ code: "IssuerNotTrusted", severity: "error", message: hostile }],
      authorities: [authority("BB", { subject: hostile, warnings: [{ code: "NewRoot", severity: "warning", message: hostile }] })],
    });
    const element = document.createElement("div");
    element.append(...renderSummary(en, hostileRequest), renderDecision(en, hostileRequest));

    expect(element.querySelector("img")).toBeNull();
    expect(element.querySelector(".name")!.textContent).toBe(hostile);
    expect(element.innerHTML).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("offers one unticked, labelled checkbox per CA not yet trusted", () => {
    const decision = renderDecision(en, request({ authorities: [authority("BB"), authority("CC", { trusted: true })] }));
    const boxes = [...decision.querySelectorAll<HTMLInputElement>("input.trust")];

    expect(boxes.map((b) => [b.value, b.checked])).toEqual([["BB", false]]);
    expect(decision.querySelector(`label[for="${boxes[0]!.id}"]`)!.textContent).toBe("Trust CN=CA BB");
    expect(decision.textContent).toContain("CN=CA CC: already trusted");
  });

  it("says the certificate came from a file unless the request names a message", () => {
    const text = (r: AdminRequest) => renderSummary(en, r).map((e) => e.textContent).join("\n");

    expect(text(request())).toContain("Certificate from: a file");
    expect(text(request({ source: { messageId: "<m@x>", subject: "Our keys", receivedAt: "2026-12-01T10:00:00Z" } })))
      .toContain("Certificate from: the message “Our keys”, received on Dec 1, 2026");
  });

  it("names a renewal beside where its certificate came from", () => {
    const origin = renderOrigin(en, request({ renewal: true, source: { subject: "", receivedAt: null, messageId: "<m@x>" } }));

    expect(origin.map((e) => e.textContent)).toEqual(["Certificate from: the message “(no subject)”", "Renewal of a contact this app published"]);
  });

  it("asks to confirm a replacement, but shows a renewal's old and new certificates side by side instead", () => {
    const replacing = renderDecision(en, request({ directoryEntry: entry, wouldReplace: [old] }));
    const renewing = renderDecision(en, request({ directoryEntry: entry, wouldReplace: [old], renewal: true }));

    expect(replacing.querySelector("input.replace")).not.toBeNull();
    expect(replacing.querySelector(".side-by-side")).toBeNull();
    expect(renewing.querySelector("input.replace")).toBeNull();
    expect(renewing.querySelector(".side-by-side .old")!.textContent).toContain("CN=Old");
    expect(renewing.querySelector(".side-by-side .new")!.textContent).toContain("CN=Lena Stork");
  });

  it("offers no decision on the approver's own request, and says who decides it", () => {
    const own = renderDecision(en, request(), true);

    expect(own.querySelector("button.approve, button.reject")).toBeNull();
    expect(own.querySelector(".own")!.textContent).toBe("You made this request: another approver decides it.");
  });

  it("asks for a contact name only when approving makes a new contact", () => {
    expect(renderDecision(en, request()).querySelector("input.contact-name")).not.toBeNull();
    expect(renderDecision(en, request({ directoryEntry: entry })).querySelector("input.contact-name")).toBeNull();
  });

  it("says what approving does before it is done", () => {
    const step = renderConfirmApprove(en, request({ directoryEntry: entry }), 1, 2);

    expect(step.textContent).toContain("Publish the certificate for lena.stork@fabrikam.example?");
    expect(step.textContent).toContain("Approving publishes on the mail contact Jean (Untrusted_SMIME), jean@tailspin.example.");
    expect(step.textContent).toContain("CAs trusted for the whole organisation: 1.");
    expect(step.textContent).toContain("Certificates replaced: 2.");
    expect(renderConfirmApprove(fr, request({ directoryEntry: entry }), 0, 0).textContent)
      .toContain("L’approbation publie sur le contact de messagerie Jean (Untrusted_SMIME), jean@tailspin.example.");
  });

  it("shows a failure's reason in the outcome, in French too", () => {
    const outcome = renderOutcome(fr, request({ status: "Failed", lastError: "Annuaire indisponible." }));

    expect(outcome.dataset.status).toBe("Failed");
    expect(outcome.textContent).toBe("ÉchecMotif : Annuaire indisponible.");
    expect(renderOutcome(en, request({ status: "Provisioned" })).textContent).toBe("Published");
  });
});
