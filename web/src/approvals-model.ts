/** The approver's desk, without the DOM: the admin routes' shapes, the calls, and the rules the pane applies before
 * it calls (which CAs to trust, whether a replacement was confirmed). Pure, so the unit tests read it directly. */
import type { Api, Finding } from "./api";

/** Where the certificate came from, when another part of the pane took it from a received message. */
export interface CertificateSource {
  messageId?: string | null;
  subject?: string | null;
  receivedAt?: string | null;
}

export interface Authority {
  thumbprint: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  keyAlgorithm: string;
  keySize: number;
  selfSigned: boolean;
  trusted: boolean;
  warnings: Finding[];
}

export interface CertificateSummary {
  thumbprint: string;
  subject: string;
  issuer: string;
  notAfter: string;
}

export interface DirectoryEntry {
  name: string;
  displayName: string;
  kind: string;
  primarySmtpAddress: string;
}

/** A request as GET /api/admin/contact-requests lists it; the fields after `findings` come with GET .../{id} only. */
export interface AdminRequest {
  id: string;
  emailAddress: string;
  displayName: string;
  contactName: string;
  status: string;
  requestedBy: string;
  requestedAt: string;
  certificate: CertificateSummary;
  findings: Finding[];
  rejectionReason?: string | null;
  lastError?: string | null;
  /** Absent (file) unless the request's certificate was taken from a message. */
  source?: CertificateSource | null;
  /** True when the request renews a contact this app provisioned: the replacement is the point. */
  renewal?: boolean | null;
  authorities?: Authority[] | null;
  directoryEntry?: DirectoryEntry | null;
  wouldReplace?: CertificateSummary[] | null;
}

export interface RequestPage {
  requests: AdminRequest[];
  page: number;
  pageSize: number;
  total: number;
}

export const PAGE_SIZE = 50;
const base = "/api/admin/contact-requests";

export function approvalsApi(api: Api) {
  return {
    list: (status: "Pending" | "Failed", pageSize = PAGE_SIZE) =>
      api.get<RequestPage>(`${base}?status=${status}&page=1&pageSize=${pageSize}`),
    view: (id: string) => api.get<AdminRequest>(`${base}/${encodeURIComponent(id)}`),
    approve: (id: string, body: ApproveBody) => api.post<AdminRequest>(`${base}/${encodeURIComponent(id)}/approve`, body),
    reject: (id: string, reason: string) => api.post<AdminRequest>(`${base}/${encodeURIComponent(id)}/reject`, { reason }),
    retry: (id: string) => api.post<{ id: string; status: string }>(`${base}/${encodeURIComponent(id)}/retry`),
  };
}

export type ApprovalsApi = ReturnType<typeof approvalsApi>;

export interface ApproveBody {
  trustIssuers: string[];
  replaceExisting?: true;
  contactName?: string;
}

export interface ApproveChoices {
  /** Thumbprints of the CAs the approver ticked. */
  ticked: readonly string[];
  /** The confirmation checkbox under the certificates an approval replaces. */
  replaceConfirmed: boolean;
  /** What the approver typed as the contact name; empty keeps the proposed one. */
  contactName: string;
}

/** The approve body from what the approver chose, or why it cannot be sent yet. Nothing is trusted unless ticked; a
 * replacement needs the confirmation unless the request is a renewal (replacing is then what it is for). */
export function approveBody(request: AdminRequest, choices: ApproveChoices):
  { body: ApproveBody } | { missing: "replaceConfirmation" } {
  const offered = new Set((request.authorities ?? []).filter((a) => !a.trusted).map((a) => a.thumbprint));
  const body: ApproveBody = { trustIssuers: [...new Set(choices.ticked)].filter((t) => offered.has(t)) };
  if (needsReplacement(request)) {
    if (!request.renewal && !choices.replaceConfirmed) return { missing: "replaceConfirmation" };
    body.replaceExisting = true;
  }
  const name = choices.contactName.trim();
  // An address an entry already holds is published under that entry's own name: a name is for a new contact only.
  if (name && name !== request.contactName && !request.directoryEntry) body.contactName = name;
  return { body };
}

export function needsReplacement(request: AdminRequest): boolean {
  return (request.wouldReplace?.length ?? 0) > 0;
}

/** A request still on its way: the pane keeps asking for it until it is published or has failed. */
export function inFlight(status: string): boolean {
  return status === "Approved" || status === "Provisioning";
}

/** A source worth naming: one that says which message the certificate came from. */
export function messageSource(request: Pick<AdminRequest, "source">): CertificateSource | undefined {
  const source = request.source;
  return source && (source.subject || source.messageId || source.receivedAt) ? source : undefined;
}

/** What the list shows of a request, so that an unchanged one keeps its element (and the approver's ticks). */
export function listKey(request: AdminRequest): string {
  const { id, status, contactName, emailAddress, displayName, requestedAt, lastError, source, renewal } = request;
  return JSON.stringify([id, status, contactName, emailAddress, displayName, requestedAt, lastError ?? null, source ?? null, renewal ?? null]);
}
