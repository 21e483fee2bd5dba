import type { IPublicClientApplication } from "@azure/msal-browser";
import type { AddinConfig, Api } from "./api";

/** Thrown by getToken when nobody is signed in; the pane answers with its sign-in form. */
export class SignInRequired extends Error {
  constructor(readonly reason: "signedOut" | "expired" | "entraUnavailable") {
    super(reason);
    this.name = "SignInRequired";
  }
}

// The token lives in this module's memory only: never localStorage or sessionStorage, where any script on the
// origin could read it long after the pane closed.
let current: { token: string; expires: number; user: string } | undefined;
let mode: AddinConfig["authMode"] = "local";
let entra: { clientId: string; apiScope: string } | undefined;
let nestable: Promise<IPublicClientApplication> | undefined;

export function configureAuth(config: AddinConfig): void {
  mode = config.authMode;
  entra = config.clientId && config.apiScope ? { clientId: config.clientId, apiScope: config.apiScope } : undefined;
  nestable = undefined;
}

export function authMode(): AddinConfig["authMode"] {
  return mode;
}

export async function getToken(): Promise<string> {
  if (mode === "entra") return entraToken();
  if (!current) throw new SignInRequired("signedOut");
  if (Date.now() >= current.expires) {
    current = undefined;
    throw new SignInRequired("expired");
  }
  return current.token;
}

/** Local sign-in (the embedded default): a token for the chosen user from POST /auth/local/token. */
export async function signInLocal(api: Api, user: string): Promise<void> {
  const token = await api.localToken(user);
  // Renew a minute early rather than send a token that expires on the way.
  current = { token: token.accessToken, expires: Date.now() + (token.expiresIn - 60) * 1000, user };
}

export function signOut(): void {
  current = undefined;
}

export function signedInUser(): string | undefined {
  return current?.user;
}

/** In a tenant: Nested App Authentication where Outlook offers it (MSAL caches and renews the token), else Office's
 * legacy SSO. Outside Outlook neither exists. MSAL is loaded only in this mode, so local sign-in never ships it. */
async function entraToken(): Promise<string> {
  const office = typeof Office === "undefined" ? undefined : Office;
  if (!entra || !office?.context) throw new SignInRequired("entraUnavailable");
  if (canNest()) return nestedToken(entra.apiScope);
  if (typeof office.auth?.getAccessToken === "function")
    return office.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true });
  throw new SignInRequired("entraUnavailable");
}

function canNest(): boolean {
  return typeof Office !== "undefined" && !!Office.context?.requirements?.isSetSupported("NestedAppAuth", "1.1");
}

async function nestedToken(scope: string): Promise<string> {
  const { clientId } = entra!;
  nestable ??= import("@azure/msal-browser").then((msal) =>
    msal.createNestablePublicClientApplication({ auth: { clientId, authority: "https://login.microsoftonline.com/common" } }));
  const app = await nestable;
  const request = { scopes: [scope] };
  try {
    return (await app.acquireTokenSilent(request)).accessToken;
  } catch {
    // Consent or sign-in needed (or the silent call is not possible): Outlook shows its own prompt.
    return (await app.acquireTokenPopup(request)).accessToken;
  }
}

/** Graph's delegated Mail.Read, to read the one message the user has open: only with Entra sign-in through nested app
 * authentication (Office's legacy SSO token is for the API alone, and local sign-in has no Microsoft account). */
export const graphMailRead = "https://graph.microsoft.com/Mail.Read";

export function canReadMailWithGraph(): boolean {
  return mode === "entra" && !!entra && canNest();
}

export function getGraphToken(): Promise<string> {
  if (!canReadMailWithGraph()) return Promise.reject(new SignInRequired("entraUnavailable"));
  return nestedToken(graphMailRead);
}
