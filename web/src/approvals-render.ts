/** The approver's desk as DOM: one request with everything the decision needs, the confirmation steps and the
 * outcome. Pure builders: every name, subject and sentence from the API goes in as text, never as HTML. */
import type { Finding } from "./api";
import type { AdminRequest, Authority, CertificateSummary, DirectoryEntry } from "./approvals-model";
import { messageSource, needsReplacement } from "./approvals-model";
import type { Translator } from "./i18n";
import { h, requestStateText } from "./render";

/** Ids inside one request's element: unique in the pane, stable for the same request. */
export const idFor = (request: Pick<AdminRequest, "id">, part: string) => `approval-${request.id}-${part}`;

/** Who asked, for whom, under which name, and where the certificate came from. */
export function renderSummary(t: Translator, request: AdminRequest): HTMLElement[] {
  return [
    h("h4", { class: "who", id: idFor(request, "title"), tabindex: "-1" },
      h("span", { class: "name" }, request.displayName), h("span", { class: "address" }, request.emailAddress)),
    h("p", { class: "fact" }, t("approvalsRequestedBy", { requester: request.requestedBy, date: t.date(request.requestedAt) })),
    h("p", { class: "fact" }, t("approvalsProposedName", { name: request.contactName })),
    ...renderOrigin(t, request),
  ];
}

/** Where the certificate came from (a file, or the message it was taken from) and whether the request is a renewal. */
export function renderOrigin(t: Translator, request: AdminRequest): HTMLElement[] {
  const source = messageSource(request);
  const subject = source?.subject || t("approvalsNoSubject");
  const text = !source ? t("approvalsFromFile")
    : source.receivedAt ? t("approvalsFromMessage", { subject, date: t.date(source.receivedAt) })
    : t("approvalsFromMessageUndated", { subject });
  return [h("p", { class: "fact source" }, text),
    ...(request.renewal ? [h("p", { class: "fact renewal" }, t("approvalsRenewal"))] : [])];
}

export function renderFindings(t: Translator, findings: readonly Finding[]): HTMLElement {
  if (findings.length === 0) return h("p", { class: "no-findings" }, t("approvalsNoFindings"));
  return h("ul", { class: "findings" },
    ...findings.map((f) => h("li", { class: `finding severity-${f.severity === "warning" ? "warning" : "error"}` }, f.message)));
}

export function certificateLine(t: Translator, certificate: CertificateSummary): string {
  return t("approvalsCertificateLine", { subject: certificate.subject, issuer: certificate.issuer, date: t.date(certificate.notAfter) });
}

/** The request's certificate as judged now: who it names, who issued it, until when, and the findings. */
function renderCertificate(t: Translator, request: AdminRequest): HTMLElement {
  const c = request.certificate;
  return h("div", { class: "judged" },
    h("p", {}, t("approvalsIssuedTo", { subject: c.subject })),
    h("p", {}, t("approvalsIssuedBy", { issuer: c.issuer })),
    h("p", {}, t("approvalsValidUntil", { date: t.date(c.notAfter) })),
    renderFindings(t, request.findings));
}

/** One CA the file brought: a checkbox to trust it (never ticked for the approver), or a note that it already is. */
function renderAuthority(t: Translator, request: AdminRequest, authority: Authority): HTMLElement {
  const id = idFor(request, `ca-${authority.thumbprint}`);
  const facts = h("div", { class: "ca-facts" },
    h("p", {}, t("approvalsCaIssuer", { issuer: authority.issuer })),
    h("p", {}, t("approvalsCaValidity", { from: t.date(authority.notBefore), to: t.date(authority.notAfter) })),
    h("p", {}, t("approvalsCaKey", { algorithm: authority.keyAlgorithm, size: authority.keySize })),
    authority.selfSigned ? h("p", {}, t("approvalsCaSelfSigned")) : null,
    h("p", { class: "thumbprint" }, t("approvalsCaThumbprint", { thumbprint: authority.thumbprint })),
    authority.warnings.length > 0 ? renderFindings(t, authority.warnings) : null);
  if (authority.trusted)
    return h("li", { class: "ca trusted" }, h("p", { class: "ca-name" }, t("approvalsCaTrusted", { subject: authority.subject })), facts);
  const box = h("input", { type: "checkbox", id, class: "trust", value: authority.thumbprint });
  if (authority.warnings.length > 0) box.setAttribute("aria-describedby", `${id}-facts`);
  facts.id = `${id}-facts`;
  return h("li", { class: `ca${authority.warnings.length > 0 ? " warned" : ""}` },
    h("div", { class: "check" }, box, h("label", { for: id }, t("approvalsTrustCa", { subject: authority.subject }))), facts);
}

function renderAuthorities(t: Translator, request: AdminRequest): HTMLElement {
  const authorities = request.authorities ?? [];
  return h("fieldset", { class: "authorities" },
    h("legend", {}, t("approvalsAuthoritiesTitle")),
    authorities.length === 0 ? h("p", {}, t("approvalsNoAuthorities"))
      : h("p", { class: "note" }, t("approvalsAuthoritiesHelp")),
    authorities.length === 0 ? null : h("ul", { class: "cas" }, ...authorities.map((a) => renderAuthority(t, request, a))));
}

const kinds = ["Mailbox", "MailUser", "MailContact", "Group"] as const;

function entryText(t: Translator, entry: DirectoryEntry | null | undefined): string {
  if (!entry) return t("approvalsEntryNew");
  const name = entry.displayName && entry.displayName !== entry.name ? `${entry.displayName} (${entry.name})` : entry.name;
  const kind = kinds.find((k) => k === entry.kind) ?? "Other";
  return t("approvalsEntryExisting", { kind: t(`approvalsKind_${kind}`), name, address: entry.primarySmtpAddress });
}

/** The entry the approval publishes on, and what it replaces there: with a confirmation box, or, for a renewal, the
 * old and new certificates side by side (the replacement is the point of a renewal). */
function renderDirectory(t: Translator, request: AdminRequest): HTMLElement {
  const section = h("div", { class: "directory" }, h("h5", {}, t("approvalsEntryTitle")), h("p", {}, entryText(t, request.directoryEntry)));
  const replaced = request.wouldReplace ?? [];
  if (!needsReplacement(request)) return section;
  if (request.renewal) {
    section.append(h("h5", {}, t("approvalsRenewalTitle")),
      h("div", { class: "side-by-side" },
        h("div", { class: "old" }, h("p", { class: "side-title" }, t("approvalsRenewalOld")),
          ...replaced.map((c) => h("p", {}, certificateLine(t, c)))),
        h("div", { class: "new" }, h("p", { class: "side-title" }, t("approvalsRenewalNew")),
          h("p", {}, certificateLine(t, request.certificate)))));
    return section;
  }
  const id = idFor(request, "replace");
  section.append(h("h5", {}, t("approvalsReplaceTitle")),
    h("ul", { class: "replaced" }, ...replaced.map((c) => h("li", {}, certificateLine(t, c),
      h("span", { class: "thumbprint" }, ` (${c.thumbprint})`)))),
    h("div", { class: "check" }, h("input", { type: "checkbox", id, class: "replace" }), h("label", { for: id }, t("approvalsReplaceConfirm"))));
  return section;
}

/** A new contact may be named by the approver; an entry that holds the address keeps its own name. */
function renderContactName(t: Translator, request: AdminRequest): HTMLElement | null {
  if (request.directoryEntry) return null;
  const id = idFor(request, "name");
  const input = h("input", { type: "text", id, class: "contact-name", autocomplete: "off", placeholder: request.contactName,
    "aria-describedby": `${id}-help`, maxlength: "64" });
  return h("div", { class: "name-field" },
    h("label", { for: id }, t("approvalsContactNameLabel")), input,
    h("p", { class: "note", id: `${id}-help` }, t("approvalsContactNameHelp", { name: request.contactName })));
}

/** Everything the decision needs, then Approve and Reject (each opens its confirmation step in `confirm`); on the
 * approver's own request, which the API lets only another approver decide, a note instead of the buttons. */
export function renderDecision(t: Translator, request: AdminRequest, own = false): HTMLElement {
  return h("div", { class: "decision" },
    h("h5", {}, t("approvalsCertificateTitle")), renderCertificate(t, request),
    renderAuthorities(t, request),
    renderDirectory(t, request),
    renderContactName(t, request),
    own ? h("p", { class: "note own" }, t("approvalsOwnRequest")) : h("div", { class: "actions" },
      h("button", { type: "button", class: "button primary approve" }, t("approvalsApprove")),
      h("button", { type: "button", class: "button reject" }, t("approvalsReject"))),
    h("div", { class: "confirm-area" }),
    h("div", { class: "problem-area", "aria-live": "polite" }));
}

/** What approving will do, said once more beside the button that does it. */
export function renderConfirmApprove(t: Translator, request: AdminRequest, trusted: number, replaced: number): HTMLElement {
  return h("div", { class: "confirm", role: "group", "aria-label": t("approvalsConfirmApprove") },
    h("p", { class: "confirm-text" }, t("approvalsConfirmApproveText", { address: request.emailAddress })),
    h("p", {}, entryText(t, request.directoryEntry)),
    h("p", {}, t("approvalsConfirmTrust", { count: trusted })),
    replaced > 0 ? h("p", {}, t("approvalsConfirmReplace", { count: replaced })) : null,
    h("div", { class: "actions" },
      h("button", { type: "button", class: "button primary confirm-yes" }, t("approvalsConfirmApprove")),
      h("button", { type: "button", class: "button confirm-no" }, t("approvalsCancel"))));
}

/** The reason is asked for only once the approver chose to reject; the requester reads it. */
export function renderConfirmReject(t: Translator, request: AdminRequest): HTMLElement {
  const id = idFor(request, "reason");
  return h("div", { class: "confirm", role: "group", "aria-label": t("approvalsConfirmReject") },
    h("label", { for: id }, t("approvalsReasonLabel")),
    h("textarea", { id, class: "reason", rows: "3", maxlength: "1000", required: "" }),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "button primary confirm-yes" }, t("approvalsConfirmReject")),
      h("button", { type: "button", class: "button confirm-no" }, t("approvalsCancel"))));
}

/** The state a decided request is in, with the reason when it failed or was rejected. */
export function renderOutcome(t: Translator, request: AdminRequest): HTMLElement {
  const reason = request.status === "Failed" ? request.lastError : request.status === "Rejected" ? request.rejectionReason : null;
  const tone = request.status === "Provisioned" ? "ready" : request.status === "Failed" || request.status === "Rejected" ? "problem" : "pending";
  return h("div", { class: `outcome tone-${tone}`, "data-status": request.status },
    h("p", { class: "status" }, requestStateText(t, request.status)),
    reason ? h("p", { class: "reason" }, t("approvalsLastError", { reason })) : null);
}
