/** The one fetch wrapper: every call to the SmimeAddin API goes through here, and every refusal becomes an ApiError
 * carrying the problem details' title, which the API has already written in the pane's language. */

import type { MessageOrigin } from "./mailbox";

export type Status = "ready" | "notPublished" | "problem" | "requestPending";

export interface RecipientToCheck {
  emailAddress: string;
  displayName?: string;
  recipientType?: string;
}

export interface Finding {
  code: string;
  severity: "error" | "warning";
  message: string;
}

export interface GalEntry {
  name: string;
  displayName: string;
  kind: string;
  primarySmtpAddress: string;
}

export interface RecipientReadiness {
  emailAddress: string;
  status: Status | string;
  displayName?: string | null;
  galEntry?: GalEntry | null;
  certificate?: { thumbprint: string; subject: string; issuer: string; notAfter: string; daysLeft: number } | null;
  findings: Finding[];
  hint: string;
}

export interface Me {
  address: string;
  displayName: string;
  roles: string[];
  canRequest: boolean;
  canApprove: boolean;
}

export interface LocalUser {
  user: string;
  displayName: string;
  roles: string[];
}

export interface LocalToken {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
}

export interface InspectedCertificate {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  emailAddresses: string[];
  signedTheFile: boolean;
  usable: boolean;
  findings: Finding[];
}

export interface ContactRequest {
  id: string;
  emailAddress: string;
  displayName: string;
  contactName: string;
  status: string;
  requestedAt: string;
  rejectionReason?: string | null;
}

export interface AddinConfig {
  authMode: "local" | "entra";
  clientId?: string | null;
  apiScope?: string | null;
}

/** A refusal from the API (problem details) or a failure to reach it (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly code: string | undefined,
    readonly detail: string | undefined,
  ) {
    super(title);
    this.name = "ApiError";
  }

  get offline(): boolean {
    return this.status === 0;
  }
}

export interface ApiDeps {
  /** A bearer token for /api routes; throws when the user must sign in. */
  getToken(): Promise<string>;
  /** The pane's language, sent as Accept-Language so the API's sentences match. */
  language(): string;
  /** Said when the server cannot be reached at all. */
  unreachable(): string;
  fetch?: typeof fetch;
}

export function createApi(deps: ApiDeps) {
  const doFetch = deps.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function call<T>(path: string, init: RequestInit & { anonymous?: boolean } = {}): Promise<T> {
    const headers = new Headers(init.headers);
    headers.set("Accept", "application/json, application/problem+json");
    headers.set("Accept-Language", deps.language());
    if (!init.anonymous) headers.set("Authorization", `Bearer ${await deps.getToken()}`);
    let response: Response;
    try {
      response = await doFetch(path, { ...init, headers });
    } catch {
      throw new ApiError(0, deps.unreachable(), "Unreachable", undefined);
    }
    if (response.ok) return (await response.json()) as T;
    throw await toError(response);
  }

  function json(body: unknown): RequestInit {
    return { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } };
  }

  return {
    /** Any JSON route, for the approvals module (loaded on demand), which names its own routes. */
    get: <T>(path: string) => call<T>(path),
    post: <T>(path: string, body: unknown = {}) => call<T>(path, json(body)),
    config: () => call<AddinConfig>("/addin/config.json", { anonymous: true }),
    localUsers: () => call<LocalUser[]>("/auth/local/users", { anonymous: true }),
    localToken: (user: string) => call<LocalToken>("/auth/local/token", { ...json({ user }), anonymous: true }),
    me: () => call<Me>("/api/me"),
    inspect: (file: File, emailAddress: string) =>
      call<{ format: string; certificates: InspectedCertificate[] }>("/api/certificates/inspect", {
        method: "POST", body: form({ file, emailAddress }),
      }),
    /** origin: the message the file is, when it is one the user received (for the approver and the audit). */
    submitRequest: (file: File, emailAddress: string, displayName: string, origin?: MessageOrigin) =>
      call<ContactRequest>("/api/contact-requests", {
        method: "POST",
        body: form({ file, emailAddress, displayName, ...(origin ? sourceFields(origin) : {}) }),
      }),
    myRequests: () => call<{ requests: ContactRequest[] }>("/api/contact-requests/mine").then((r) => r.requests),
    check: (recipients: RecipientToCheck[]) =>
      call<{ recipients: RecipientReadiness[] }>("/api/recipients/check", json({ recipients })).then((r) => r.recipients),
  };
}

/** Only what Outlook said: an empty field is left out rather than sent blank. */
function sourceFields({ messageId, subject, receivedAt }: MessageOrigin): Record<string, string> {
  const fields: Record<string, string> = { sourceMessageId: messageId, sourceSubject: subject, sourceReceivedAt: receivedAt };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ""));
}

function form(fields: Record<string, string | File>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

export type Api = ReturnType<typeof createApi>;

async function toError(response: Response): Promise<ApiError> {
  const type = response.headers.get("Content-Type") ?? "";
  if (type.includes("json")) {
    try {
      const problem = (await response.json()) as { title?: string; code?: string; detail?: string; errors?: Record<string, string[]> };
      // A validation problem's title is generic: the field's own sentence says more.
      const first = problem.errors ? Object.values(problem.errors).flat()[0] : undefined;
      const title = [problem.title, first].filter(Boolean).join(" ");
      return new ApiError(response.status, title || `HTTP ${response.status}`, problem.code, problem.detail);
    } catch {
      // not JSON after all: fall through to the status line
    }
  }
  return new ApiError(response.status, `HTTP ${response.status} ${response.statusText}`.trim(), undefined, undefined);
}
