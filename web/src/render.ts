/** Pure functions that build the pane's DOM. Every name, address and sentence from outside goes in as textContent
 * (a text node), never as HTML: a display name such as <img src=x onerror=...> shows as those characters. */
import type { ContactRequest, Finding, InspectedCertificate, RecipientReadiness } from "./api";
import type { Translator } from "./i18n";
import type { Field } from "./mailbox";
import type { StringKey } from "./strings/en";

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return element;
}

export interface StatusLook {
  key: StringKey;
  icon: string;
  tone: "ready" | "missing" | "problem" | "pending" | "unknown";
}

export function statusLook(status: string): StatusLook {
  switch (status) {
    case "ready":
      return { key: "statusReady", icon: "✓", tone: "ready" };
    case "notPublished":
      return { key: "statusNotPublished", icon: "○", tone: "missing" };
    case "problem":
      return { key: "statusProblem", icon: "!", tone: "problem" };
    case "requestPending":
      return { key: "statusRequestPending", icon: "…", tone: "pending" };
    default:
      return { key: "statusUnknown", icon: "?", tone: "unknown" };
  }
}

/** "3 of 5 recipients can receive encrypted mail", counted over distinct addresses as the API answers them. */
export function summaryText(t: Translator, results: readonly RecipientReadiness[], sender = false): string {
  const total = results.length;
  const ready = results.filter((r) => r.status === "ready").length;
  // A message being read is about its sender, to whom a reply would go.
  if (total === 1 && sender) return t(ready === 1 ? "summarySenderReady" : "summarySenderNotYet");
  if (total === 1) return t(ready === 1 ? "summaryAllOne" : "summaryNoneOne");
  return t.plural("summary", ready, { ready, total });
}

export interface Asked {
  /** from: the sender of a message being read; signer: another address its certificates name. */
  field: Field | "preview" | "from" | "signer";
  emailAddress: string;
  displayName: string;
  recipientType?: string;
}

const groupKeys: Record<Asked["field"], StringKey> = {
  from: "groupFrom", signer: "groupSigner", to: "groupTo", cc: "groupCc", bcc: "groupBcc", preview: "groupPreview",
};

/** The answer, one group per field in To, Cc, Bcc order, each recipient as the user wrote it beside its verdict. */
/** What the pane offers beside a recipient (the request button, or why not); none by default. */
export type ActionFor = (asked: Asked, result: RecipientReadiness) => HTMLElement | null;

export function renderResults(t: Translator, asked: readonly Asked[], results: readonly RecipientReadiness[],
  actionFor: ActionFor = () => null, soonDays = 30): HTMLElement {
  const byAddress = new Map(results.map((r) => [r.emailAddress.trim().toLowerCase(), r]));
  const section = h("section", { class: "results", "aria-labelledby": "summary" },
    h("p", { id: "summary", class: "summary" }, summaryText(t, results, asked.some((a) => a.field === "from"))));
  for (const field of ["from", "signer", "to", "cc", "bcc", "preview"] as const) {
    const inField = asked.filter((a) => a.field === field);
    if (inField.length === 0) continue;
    const headingId = `group-${field}`;
    const list = h("ul", { class: "recipients", "aria-labelledby": headingId });
    for (const recipient of inField) {
      const result = byAddress.get(recipient.emailAddress.trim().toLowerCase());
      if (!result) continue;
      const item = renderRecipient(t, recipient, result, soonDays);
      const action = actionFor(recipient, result);
      if (action) item.append(action);
      list.append(item);
    }
    section.append(h("h2", { id: headingId, class: "group" }, t(groupKeys[field])), list);
  }
  return section;
}

export function renderRecipient(t: Translator, asked: Asked, result: RecipientReadiness, soonDays = 30): HTMLLIElement {
  const look = statusLook(result.status);
  const name = asked.displayName && asked.displayName.toLowerCase() !== asked.emailAddress.toLowerCase() ? asked.displayName : "";
  const item = h("li", { class: `recipient tone-${look.tone}` },
    h("div", { class: "who" },
      name ? h("span", { class: "name" }, name) : null,
      h("span", { class: "address" }, asked.emailAddress)),
    h("p", { class: "status" }, h("span", { class: "icon", "aria-hidden": "true" }, look.icon), " ", t(look.key)));
  const pick = entryToPick(asked, result);
  if (pick) item.append(h("p", { class: "pick" }, t("pickEntry", { name: pick })));
  const expiry = expiryText(t, result, soonDays);
  if (expiry) item.append(h("p", { class: "expiry" }, expiry));
  if (result.findings.length > 0) item.append(renderFindings(result.findings));
  if (result.hint) item.append(h("p", { class: "hint" }, result.hint));
  return item;
}

/** The directory entry to pick, when it is not what the sender typed: a _SMIME contact for an address typed as
 * text, or the mailbox behind a proxy address. A mailbox typed by its own address needs no pick. */
export function entryToPick(asked: Asked, result: RecipientReadiness): string | undefined {
  const entry = result.galEntry;
  if (!entry) return undefined;
  const sameAddress = entry.primarySmtpAddress.toLowerCase() === asked.emailAddress.trim().toLowerCase();
  const sameName = entry.displayName.toLowerCase() === asked.displayName.trim().toLowerCase();
  if (sameAddress && (entry.kind === "mailbox" || sameName)) return undefined;
  return entry.displayName === entry.name ? entry.name : `${entry.displayName} (${entry.name})`;
}

export function expiryText(t: Translator, result: RecipientReadiness, soonDays = 30): string | undefined {
  const certificate = result.certificate;
  if (!certificate || certificate.daysLeft < 0 || certificate.daysLeft > soonDays) return undefined;
  // The API's ExpiresSoon finding says the same and what to do: one line, not two.
  if (result.findings.some((f) => f.code === "ExpiresSoon")) return undefined;
  const date = t.date(certificate.notAfter);
  if (certificate.daysLeft === 0) return t("expiresToday", { date });
  return t.plural("expiresIn", certificate.daysLeft, { days: certificate.daysLeft, date });
}

function renderFindings(findings: readonly Finding[]): HTMLUListElement {
  return h("ul", { class: "findings" },
    ...findings.map((f) => h("li", { class: `finding severity-${f.severity === "warning" ? "warning" : "error"}` }, f.message)));
}

/** A state with what to do about it: loading, empty, offline, error, read mode. */
export function renderMessage(kind: "loading" | "empty" | "offline" | "error" | "info", text: string, detail?: string): HTMLElement {
  return h("div", { class: `message message-${kind}`, role: kind === "error" ? "alert" : "note" },
    h("p", { class: "message-text" }, text),
    detail ? h("p", { class: "message-detail" }, detail) : null);
}

/** The certificate the request would send: the file's signer naming the address, else any naming it, else the first. */
export function pickCertificate(certificates: readonly InspectedCertificate[], address: string): InspectedCertificate | undefined {
  const names = (c: InspectedCertificate) => c.emailAddresses.some((a) => a.toLowerCase() === address.trim().toLowerCase());
  return certificates.find((c) => c.signedTheFile && names(c)) ?? certificates.find(names) ?? certificates[0];
}

/** The inspect verdict for the address, shown before anything is sent. */
export function renderVerdict(t: Translator, certificate: InspectedCertificate, address: string): HTMLElement {
  return h("div", { class: `verdict ${certificate.usable ? "tone-ready" : "tone-problem"}` },
    h("p", { class: "status" },
      h("span", { class: "icon", "aria-hidden": "true" }, certificate.usable ? "✓" : "!"), " ",
      t(certificate.usable ? "verdictUsable" : "verdictUnusable", { address })),
    h("p", {}, t("verdictCertificate", { subject: certificate.subject, date: t.date(certificate.notAfter) })),
    certificate.findings.length > 0 ? renderFindings(certificate.findings) : null,
    issuerOnly(certificate) ? h("p", { class: "hint" }, t("verdictIssuerOnly")) : null);
}

/** Unusable only because the issuer is not trusted yet: the API accepts such a request and the approver decides. */
export function issuerOnly(certificate: InspectedCertificate): boolean {
  const errors = certificate.findings.filter((f) => f.severity === "error");
  return !certificate.usable && errors.length > 0 && errors.every((f) => f.code === "IssuerNotTrusted");
}

const requestStates = ["Pending", "Approved", "Provisioning", "Provisioned", "Rejected", "Failed"] as const;

export function requestStateText(t: Translator, status: string): string {
  const known = requestStates.find((s) => s === status);
  return known ? t(`requestState_${known}`) : status;
}

export function renderMyRequests(t: Translator, requests: readonly ContactRequest[]): HTMLElement {
  if (requests.length === 0) return renderMessage("empty", t("myRequestsEmpty"));
  return h("ul", { class: "requests" }, ...requests.map((r) =>
    h("li", { class: "request-item" },
      h("div", { class: "who" }, h("span", { class: "name" }, r.displayName), h("span", { class: "address" }, r.emailAddress)),
      h("p", { class: "status" }, requestStateText(t, r.status)),
      h("p", { class: "address" }, t("requestedOn", { date: t.date(r.requestedAt) })),
      r.rejectionReason ? h("p", {}, t("rejectedBecause", { reason: r.rejectionReason })) : null)));
}
