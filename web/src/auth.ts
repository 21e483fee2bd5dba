import type { AddinConfig, Api } from "./api";

/** Thrown by getToken when nobody is signed in; the pane answers with its sign-in form. */
export class SignInRequired extends Error {
  constructor(readonly reason: "signedOut" | "expired" | "entraNotYet") {
    super(reason);
    this.name = "SignInRequired";
  }
}

// The token lives in this module's memory only: never localStorage or sessionStorage, where any script on the
// origin could read it long after the pane closed.
let current: { token: string; expires: number; user: string } | undefined;
let mode: AddinConfig["authMode"] = "local";

export function configureAuth(config: AddinConfig): void {
  mode = config.authMode;
}

export function authMode(): AddinConfig["authMode"] {
  return mode;
}

export async function getToken(): Promise<string> {
  if (mode === "entra") throw new SignInRequired("entraNotYet"); // NAA / Office SSO: not built yet
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
